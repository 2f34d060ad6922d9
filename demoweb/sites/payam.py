"""Payam: a national news agency on a Nastooh-style CMS (as IRNA, ISNA, Mehr).

URLs ``/news/{num}/{slug}``, body ``div.item-body div.item-text``, ``/service/{section}``, ``/tag/{tag}``,
``/archive`` (numbered pagination), ``/rss``, a sitemap index with a Google News sitemap, ``/search``.
Traps: a deleted article (404), an old slug-less URL (301), the short link chain (302→301), a huge
live-coverage page and a dead footer link.
"""
from __future__ import annotations

import datetime as dt
import logging
import math
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from demoweb.boilerplate import DELETED_TITLES, LIVE_TITLE, LIVE_UPDATES, comments_for
from demoweb.dates import BASE_WEEK_START, TEHRAN
from demoweb.feeds import FeedEntry, news_urlset, rss, sitemap_index, urlset
from demoweb.responses import Request, Response, xml
from demoweb.sites.base import BaseSite, Item, Page
from demoweb.textnorm import slugify
from demoweb.traps import Trap, huge_html

logger = logging.getLogger(__name__)

#: Items in /rss (Nastooh sites publish about 30).
FEED_SIZE = 30
#: URLs per plain sitemap file.
SITEMAP_CHUNK = 1000
#: Boxes of section headlines under the homepage's main blocks.
SECTION_BOXES = 4


@dataclass(frozen=True)
class Link:
    href: str
    title: str


def base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if number == 0:
            return out


class PayamSite(BaseSite):
    family = "payam"
    server_header = "nginx"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        traps = self.conf.traps
        self.deleted_num = self.unused_number("deleted") if "deleted_404" in traps else None
        self.huge_num = self.unused_number("huge") if "huge_page" in traps else None
        if self.huge_num is not None and self.huge_num == self.deleted_num:
            self.huge_num += 1
        self.old_url_item = self.pick_item("redirect_301") if "redirect_301" in traps else None
        self._huge_body: bytes | None = None

    # ---- URLs ---------------------------------------------------------------------------------
    def article_path(self, item: Item) -> str:
        return f"/news/{item.num}/{self.quote(item.slug)}"

    def short_path(self, item: Item) -> str:
        return f"/x/{base36(item.num)}"

    @property
    def huge_path(self) -> str | None:
        if self.huge_num is None:
            return None
        return f"/news/{self.huge_num}/{self.quote(slugify(LIVE_TITLE))}"

    @property
    def live_title(self) -> str:
        return LIVE_TITLE

    @property
    def deleted_path(self) -> str | None:
        if self.deleted_num is None:
            return None
        return f"/news/{self.deleted_num}/{self.quote(slugify(DELETED_TITLES[0]))}"

    @property
    def dead_link_path(self) -> str:
        return "/page/ads-tariffs"

    @property
    def gregorian_today(self) -> str:
        return self.today.strftime("%A %d %B %Y")

    @property
    def week_start(self) -> dt.datetime:
        return dt.datetime.combine(BASE_WEEK_START + self.shift, dt.time(), TEHRAN)

    # ---- routes -------------------------------------------------------------------------------
    def route_table(self) -> list[tuple[str, str]]:
        return super().route_table() + [
            (r"/", "home"),
            (r"/news/(?P<num>\d+)/(?P<slug>[^/]*)", "article"),
            (r"/news/(?P<num>\d+)/?", "article_without_slug"),
            (r"/x/(?P<code>[0-9a-z]+)", "short_link"),
            (r"/service/(?P<section>[\w-]+)", "service"),
            (r"/tag/(?P<tag>[^/]+)", "tag"),
            (r"/archive", "archive"),
            (r"/rss", "feed_all"),
            (r"/rss/tp/(?P<secnum>\d+)", "feed_section"),
            (r"/sitemap\.xml", "sitemap_root"),
            (r"/sitemap/news\.xml", "sitemap_news"),
            (r"/sitemap/archive-(?P<chunk>\d+)\.xml", "sitemap_archive"),
            (r"/search", "search_page"),
        ]

    def home(self, request: Request) -> Response:
        return self.page("home.html", top=self.homepage_top(), latest=self.homepage_latest(),
                         most_viewed=self.most_viewed(), section_boxes=self.section_boxes())

    def section_boxes(self) -> list[dict[str, Any]]:
        """Headline boxes of the first menu sections that have items (three newest each)."""
        boxes = []
        for section in self.menu_sections:
            items = self.filter_items(section=section.slug)[:3]
            if items:
                boxes.append({"section": section, "stories": items})
        return boxes[:SECTION_BOXES]

    def homepage_items(self) -> list[Item]:
        boxed = [item for box in self.section_boxes() for item in box["stories"]]
        listed = super().homepage_items()
        return listed + [item for item in dict.fromkeys(boxed + self.items[3:7]) if item not in listed]

    def most_viewed(self) -> list[Link]:
        """«پربازدیدترین‌ها»: real items plus the old-style URL, the deleted item and the live page."""
        links = [Link(self.href(item), item.title) for item in self.items[3:7]]
        if self.old_url_item is not None:
            links.insert(1, Link(f"/news/{self.old_url_item.num}", self.old_url_item.title))
        if self.deleted_path:
            links.insert(2, Link(self.deleted_path, DELETED_TITLES[0]))
        if self.huge_path:
            links.append(Link(self.huge_path, LIVE_TITLE))
        return links

    def article(self, request: Request, num: str, slug: str) -> Response:
        number = int(num)
        if number == self.huge_num:
            return self.huge_page()
        item = self.by_num.get(number)
        if item is None:
            return self.not_found(request)
        read_more = next((o for o in self.related(item) if o.relevance != "about"), None)
        return self.article_response(item, comments=comments_for(item.id), read_more=read_more)

    def huge_page(self) -> Response:
        if self._huge_body is None:
            self._huge_body = huge_html(LIVE_TITLE, list(LIVE_UPDATES)).encode("utf-8")
        return Response(body=self._huge_body, content_type="text/html", charset="utf-8", compressible=False)

    def article_without_slug(self, request: Request, num: str) -> Response:
        item = self.by_num.get(int(num))
        if item is None:
            return self.not_found(request)
        return self.redirect_to(self.article_path(item), 301)

    def short_link(self, request: Request, code: str) -> Response:
        try:
            item = self.by_num.get(int(code, 36))
        except ValueError:
            item = None
        if item is None:
            return self.not_found(request)
        return self.redirect_to(f"/news/{item.num}", 302)

    def listing(self, request: Request, heading: str, items: list[Item], base: str) -> Response:
        page = self.paginate(items, request.int_arg("page"))
        if page is None:
            return self.not_found(request)
        return self.page("listing.html", heading=heading, page=page, noindex=False,
                         page_href=lambda n: base if n == 1 else f"{base}?page={n}")

    def service(self, request: Request, section: str) -> Response:
        if section not in self.catalog.sections and not self.filter_items(section=section):
            return self.not_found(request)
        return self.listing(request, self.section(section).fa, self.filter_items(section=section),
                            f"/service/{section}")

    def tag(self, request: Request, tag: str) -> Response:
        items = self.filter_items(tag=tag)
        if not items:
            return self.not_found(request)
        return self.listing(request, f"برچسب: {tag}", items, f"/tag/{self.quote(tag)}")

    def archive(self, request: Request) -> Response:
        return self.listing(request, "آرشیو اخبار", self.items, "/archive")

    def search_page(self, request: Request) -> Response:
        query = (request.arg("q") or "").strip()
        results = self.search(query)
        page = self.paginate(results, request.int_arg("page")) or Page([], 1, 1, 0)
        base = f"/search?q={quote(query, safe='')}"
        return self.page("listing.html", heading=f"نتایج جستجو برای «{query}»", page=page, noindex=True,
                         page_href=lambda n: base if n == 1 else f"{base}&page={n}")

    # ---- feeds and sitemaps -------------------------------------------------------------------
    def entries(self, items: list[Item]) -> list[FeedEntry]:
        return [FeedEntry(title=i.title, link=self.canonical_url(i), summary=i.lead, published=i.published,
                          guid=self.canonical_url(i), category=self.section(i.section).fa) for i in items]

    def feed_all(self, request: Request) -> Response:
        body = rss(title=self.conf.name, link=self.url("/"), description="آخرین اخبار " + self.conf.name,
                   entries=self.entries(self.feed_items()), self_url=self.url("/rss"))
        return xml(body, "application/rss+xml")

    def feed_section(self, request: Request, secnum: str) -> Response:
        slugs = [s.slug for s in self.sections_in_use() if s.num == int(secnum)]
        if not slugs:
            return self.not_found(request)
        items = self.filter_items(section=slugs[0])[:FEED_SIZE]
        body = rss(title=f"{self.conf.name} - {self.section(slugs[0]).fa}", link=self.url(f"/service/{slugs[0]}"),
                   description=self.section(slugs[0]).fa, entries=self.entries(items),
                   self_url=self.url(request.raw_path))
        return xml(body, "application/rss+xml")

    def sitemap_root(self, request: Request) -> Response:
        newest = self.items[0].published if self.items else None
        chunks = max(1, math.ceil(len(self.items) / SITEMAP_CHUNK))
        maps = [(self.url("/sitemap/news.xml"), newest)]
        maps += [(self.url(f"/sitemap/archive-{k}.xml"), newest) for k in range(1, chunks + 1)]
        return xml(sitemap_index(maps))

    def news_sitemap_items(self) -> list[Item]:
        """Google News sitemaps list only recent items: here, the current (shifted) base week on."""
        return [item for item in self.items if item.published >= self.week_start]

    def sitemap_news(self, request: Request) -> Response:
        urls = [(self.canonical_url(i), i.title, i.published) for i in self.news_sitemap_items()]
        return xml(news_urlset(urls, publication=self.conf.name))

    def sitemap_archive(self, request: Request, chunk: str) -> Response:
        k = int(chunk)
        part = self.items[(k - 1) * SITEMAP_CHUNK:k * SITEMAP_CHUNK]
        if k < 1 or (not part and k != 1):
            return self.not_found(request)
        return xml(urlset([(self.canonical_url(i), i.published) for i in part]))

    def robots_sitemaps(self) -> list[str]:
        return ["/sitemap.xml"]

    # ---- discovery facts ----------------------------------------------------------------------
    def feed_items(self) -> list[Item]:
        return self.items[:FEED_SIZE]

    def sitemap_items(self) -> list[Item]:
        return list(self.items)

    def feed_paths(self) -> list[str]:
        return ["/rss"]

    def sitemap_paths(self) -> list[str]:
        return ["/sitemap.xml"]

    def listing_paths(self) -> list[str]:
        return ["/archive"] + [f"/service/{s.slug}" for s in self.menu_sections]

    def trap_list(self) -> list[Trap]:
        traps = []
        if self.deleted_path:
            traps.append(self.trap("deleted_404", self.deleted_path, status=404))
        if self.old_url_item is not None:
            item = self.old_url_item
            traps.append(self.trap("redirect_301", f"/news/{item.num}", status=301,
                                   location=self.canonical_url(item), article=item.id))
        if "redirect_chain" in self.conf.traps and self.items:
            item = self.pick_item("redirect_chain")
            traps.append(self.trap("redirect_chain", self.short_path(item), linked_from=self.article_path(item),
                                   statuses=[302, 301, 200], location=self.canonical_url(item), article=item.id,
                                   note="every article page carries its short link /x/{base36(num)}"))
        if self.huge_path:
            traps.append(self.trap("huge_page", self.huge_path, status=200,
                                   min_bytes=len(self.huge_page().body_bytes())))
        if "dead_link_404" in self.conf.traps:
            traps.append(self.trap("dead_link_404", self.dead_link_path, status=404,
                                   note="footer link on every page"))
        return traps


__all__ = ["PayamSite"]

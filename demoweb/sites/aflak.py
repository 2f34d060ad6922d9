"""Aflak: a Lorestan provincial outlet on WordPress (Persian date plugin, Yoast SEO, Jetpack).

Permalinks ``/{yyyy}/{mm}/{dd}/{slug}/`` with the *Jalali* date, lower-case percent-encoding,
``.entry-content``, ``?p={id}`` shortlinks (301 to the permalink), ``/category/{slug}/page/{n}/``,
``/tag/{slug}/``, ``/feed/`` (RSS with content:encoded), ``/wp-sitemap.xml``, reader comments.
Traps: the shortlink redirect and a dead footer link.
"""
from __future__ import annotations

import logging
import math
from typing import Any

from markupsafe import escape

from demoweb.boilerplate import comments_for
from demoweb.feeds import FeedEntry, rss, sitemap_index, urlset
from demoweb.jalali import format_jalali
from demoweb.responses import Request, Response, xml
from demoweb.siteconf import Section
from demoweb.sites.base import BaseSite, Item
from demoweb.textnorm import quote_path, slugify
from demoweb.traps import Trap

logger = logging.getLogger(__name__)

#: WordPress's default "posts per RSS feed".
FEED_SIZE = 10
#: WordPress core sitemaps hold at most 2000 URLs each.
SITEMAP_CHUNK = 2000


class AflakSite(BaseSite):
    family = "aflak"
    server_header = "Apache"
    keep_zwnj_in_slug = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by_slug: dict[str, Item] = {}
        for item in reversed(self.items):  # oldest first: a later post with the same title gets "-2"
            slug, n = item.slug, 2
            while slug in self.by_slug:
                slug, n = f"{item.slug}-{n}", n + 1
            item.slug = slug
            self.by_slug[slug] = item

    # ---- URLs (WordPress writes absolute, lower-case percent-encoded URLs) ----------------------
    def quote(self, path: str) -> str:
        return quote_path(path, lower_hex=True)

    def article_path(self, item: Item) -> str:
        day = format_jalali(item.published, "{yyyy}/{mm}/{dd}", "latin")
        return f"/{day}/{self.quote(item.slug)}/"

    def href(self, item: Item) -> str:
        return self.canonical_url(item)

    def short_path(self, item: Item) -> str:
        return f"/?p={item.num}"

    def category_slug(self, section: Section) -> str:
        return slugify(section.fa, keep_zwnj=False)

    def category_url(self, section: Section, page: int = 1) -> str:
        path = f"/category/{self.quote(self.category_slug(section))}/"
        return self.url(path + (f"page/{page}/" if page > 1 else ""))

    def tag_url(self, tag: str, page: int = 1) -> str:
        path = f"/tag/{self.quote(slugify(tag, keep_zwnj=False))}/"
        return self.url(path + (f"page/{page}/" if page > 1 else ""))

    @property
    def dead_link_path(self) -> str:
        return "/archive-old/"

    def yoast_graph(self, item: Item) -> dict[str, Any]:
        url = self.canonical_url(item)
        return {"@context": "https://schema.org", "@graph": [
            {"@type": "Article", "@id": url + "#article", "headline": item.title,
             "datePublished": item.published.isoformat(), "dateModified": item.published.isoformat(),
             "author": {"name": "تحریریه"}, "mainEntityOfPage": {"@id": url}, "inLanguage": "fa-IR",
             "publisher": {"@id": self.url("/#organization")}},
            {"@type": "WebPage", "@id": url, "url": url, "name": f"{item.title} - {self.conf.name}",
             "datePublished": item.published.isoformat(), "inLanguage": "fa-IR"},
            {"@type": "Organization", "@id": self.url("/#organization"), "name": self.conf.name},
        ]}

    # ---- routes -------------------------------------------------------------------------------
    def route_table(self) -> list[tuple[str, str]]:
        return super().route_table() + [
            (r"/", "home"),
            (r"/page/(?P<number>\d+)/?", "home_page"),
            (r"/(?P<year>\d{4})/(?P<month>\d{2})/(?P<day>\d{2})/(?P<slug>[^/]+)/?", "single"),
            (r"/category/(?P<slug>[^/]+)/(?:page/(?P<number>\d+)/?)?", "category"),
            (r"/tag/(?P<slug>[^/]+)/(?:page/(?P<number>\d+)/?)?", "tag"),
            (r"/feed/?", "feed"),
            (r"/wp-sitemap\.xml", "sitemap_root"),
            (r"/wp-sitemap-posts-post-(?P<chunk>\d+)\.xml", "sitemap_posts"),
            (r"/wp-sitemap-taxonomies-category-1\.xml", "sitemap_categories"),
            (r"/(?P<name>about|contact)/?", "static_page"),
        ]

    def homepage_latest(self) -> list[Item]:
        """The blog index: page 1 of all posts."""
        return self.items[:self.page_size]

    def home(self, request: Request) -> Response:
        post_id = request.arg("p")
        if post_id is not None:  # ?p=123 shortlink: WordPress answers with a 301 to the permalink
            item = self.by_num.get(int(post_id)) if post_id.isdigit() else None
            return self.redirect_to(self.article_path(item), 301) if item else self.not_found(request)
        return self.home_page(request, "1")

    def home_page(self, request: Request, number: str) -> Response:
        page = self.paginate(self.items, int(number))
        if page is None:
            return self.not_found(request)
        return self.page("home.html", top=self.homepage_top(), page=page,
                         page_href=lambda n: self.url("/") if n == 1 else self.url(f"/page/{n}/"))

    def single(self, request: Request, year: str, month: str, day: str, slug: str) -> Response:
        item = self.by_slug.get(slug)
        if item is None:
            return self.not_found(request)
        if not request.path.endswith("/") or self.article_path(item).split("/")[1:4] != [year, month, day]:
            return self.redirect_to(self.article_path(item), 301)  # WordPress's canonical redirect
        return self.article_response(item, comments=comments_for(item.id, every=2))

    def archive(self, request: Request, heading: str, items: list[Item], number: str | None, href) -> Response:
        page = self.paginate(items, int(number or 1))
        if page is None:
            return self.not_found(request)
        return self.page("archive.html", heading=heading, page=page, page_href=href)

    def category(self, request: Request, slug: str, number: str | None) -> Response:
        sections = [s for s in self.sections_in_use() if self.category_slug(s) == slug]
        if not sections:
            return self.not_found(request)
        section = sections[0]
        return self.archive(request, f"بایگانی‌های {section.fa}", self.filter_items(section=section.slug), number,
                            lambda n: self.category_url(section, n))

    def tag(self, request: Request, slug: str, number: str | None) -> Response:
        tags = sorted({t for item in self.items for t in item.tags if slugify(t, keep_zwnj=False) == slug})
        if not tags:
            return self.not_found(request)
        return self.archive(request, f"برچسب: {tags[0]}", self.filter_items(tag=tags[0]), number,
                            lambda n: self.tag_url(tags[0], n))

    def feed(self, request: Request) -> Response:
        entries = []
        for item in self.feed_items():
            content = "".join(f"<p>{escape(p)}</p>" for p in (item.lead, *item.body))
            entries.append(FeedEntry(title=item.title, link=self.canonical_url(item), summary=item.lead,
                                     published=item.published, guid=self.url(self.short_path(item)),
                                     category=self.section(item.section).fa, content_html=content,
                                     author="تحریریه"))
        body = rss(title=self.conf.name, link=self.url("/"), description="اخبار لرستان، لحظه به لحظه",
                   entries=entries, self_url=self.url("/feed/"), language="fa-IR",
                   generator="https://wordpress.org/?v=6.4.2", wordpress=True)
        return xml(body, "application/rss+xml")

    def sitemap_root(self, request: Request) -> Response:
        chunks = max(1, math.ceil(len(self.items) / SITEMAP_CHUNK))
        maps = [(self.url(f"/wp-sitemap-posts-post-{k}.xml"), None) for k in range(1, chunks + 1)]
        maps.append((self.url("/wp-sitemap-taxonomies-category-1.xml"), None))
        return xml(sitemap_index(maps))

    def sitemap_posts(self, request: Request, chunk: str) -> Response:
        k = int(chunk)
        part = self.items[(k - 1) * SITEMAP_CHUNK:k * SITEMAP_CHUNK]
        if k < 1 or (not part and k != 1):
            return self.not_found(request)
        return xml(urlset([(self.canonical_url(i), i.published) for i in part]))

    def sitemap_categories(self, request: Request) -> Response:
        used = {item.section for item in self.items}
        return xml(urlset([(self.category_url(s), None) for s in self.sections_in_use() if s.slug in used]))

    def robots_extra(self) -> list[str]:
        return ["Allow: /wp-admin/admin-ajax.php"]

    def robots_sitemaps(self) -> list[str]:
        return ["/wp-sitemap.xml"]

    # ---- discovery facts ----------------------------------------------------------------------
    def feed_items(self) -> list[Item]:
        return self.items[:FEED_SIZE]

    def sitemap_items(self) -> list[Item]:
        return list(self.items)

    def feed_paths(self) -> list[str]:
        return ["/feed/"]

    def sitemap_paths(self) -> list[str]:
        return ["/wp-sitemap.xml"]

    def listing_paths(self) -> list[str]:
        return ["/"] + [self.category_url(s)[len(self.base_url):] for s in self.menu_sections]

    def trap_list(self) -> list[Trap]:
        traps = []
        if "redirect_301" in self.conf.traps and self.items:
            item = self.pick_item("shortlink")
            traps.append(self.trap("redirect_301", self.short_path(item), linked_from=self.article_path(item),
                                   status=301, location=self.canonical_url(item), article=item.id,
                                   note="every post links its ?p= shortlink"))
        if "dead_link_404" in self.conf.traps:
            traps.append(self.trap("dead_link_404", self.dead_link_path, status=404, note="footer link on every page"))
        return traps

"""What every demo site shares: article numbering, URLs, pagination, related box, search, robots.txt.

A family module (payam.py, sepehr.py, ...) subclasses :class:`BaseSite`, declares its routes and
renders its own templates. Discovery facts for the truth (which articles the homepage, feeds,
sitemaps, listings and search reach) come from the same methods the request handlers use.
"""
from __future__ import annotations

import datetime as dt
import logging
import math
import re
import zlib
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from jinja2 import Environment

from demoweb.boilerplate import ads_for
from demoweb.content import Article
from demoweb.dates import TEHRAN
from demoweb.jalali import format_jalali
from demoweb.responses import Request, Response, html, redirect, text
from demoweb.siteconf import Section, SiteCatalog, SiteConfig
from demoweb.textnorm import quote_path, search_key, slugify
from demoweb.traps import HitCounter, Trap, png_bytes

logger = logging.getLogger(__name__)

#: Article numbers grow with publication time from this moment (1404-01-01 00:00 Tehran), as CMS ids do.
NUMBER_EPOCH = dt.datetime(2025, 3, 21, tzinfo=TEHRAN)
#: How many newest items a homepage's latest-news list shows: small enough that older items are
#: reachable only through listings, feeds, sitemaps or search, as on a real site after a busy day.
LATEST_ON_HOMEPAGE = 8
#: Items in the related-news box under an article.
RELATED_COUNT = 4
#: Pages shown around the current one in numbered pagination before «…».
PAGINATION_WINDOW = 3


@dataclass(eq=False)
class Item:
    """An article as one site serves it: shifted date, CMS number, slug."""

    article: Article
    published: dt.datetime
    num: int
    slug: str

    def __getattr__(self, name: str) -> Any:  # title, lead, body, section, ... come from the record
        if name == "article" or name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.article, name)


@dataclass
class Page:
    """One page of a listing."""

    items: list[Item]
    number: int
    count: int
    total: int

    @property
    def has_next(self) -> bool:
        return self.number < self.count

    @property
    def has_prev(self) -> bool:
        return self.number > 1

    @property
    def numbers(self) -> list[int | None]:
        """Page numbers to show; ``None`` marks an ellipsis."""
        if self.count <= 2 * PAGINATION_WINDOW + 3:
            return list(range(1, self.count + 1))
        low = max(2, self.number - PAGINATION_WINDOW)
        high = min(self.count - 1, self.number + PAGINATION_WINDOW)
        shown: list[int | None] = [1]
        if low > 2:
            shown.append(None)
        shown.extend(range(low, high + 1))
        if high < self.count - 1:
            shown.append(None)
        shown.append(self.count)
        return shown


Handler = Callable[..., Response]


class BaseSite:
    """One demo site. Subclasses set ``family``, implement :meth:`route_table` and :meth:`article_path`."""

    family = "base"
    server_header = "nginx/1.18.0"
    keep_zwnj_in_slug = True

    def __init__(self, conf: SiteConfig, catalog: SiteCatalog, articles: Sequence[Article], *,
                 shift: dt.timedelta, today: dt.date, env: Environment, page_size: int = 10,
                 slow_delay: float = 3.0) -> None:
        self.conf = conf
        self.catalog = catalog
        self.shift = shift
        self.today = today
        self.env = env
        self.page_size = max(1, page_size)
        self.slow_delay = slow_delay
        self.base_url = ""
        self.hits = HitCounter()
        self.items: list[Item] = self.build_items(articles)
        self.by_id = {item.id: item for item in self.items}
        self.by_num = {item.num: item for item in self.items}
        self._related: dict[str, list[Item]] = {}
        self._search_keys: dict[str, tuple[str, ...]] = {}
        self.routes: list[tuple[re.Pattern[str], Handler]] = [
            (re.compile(pattern), getattr(self, name)) for pattern, name in self.route_table()
        ]

    # ---- items --------------------------------------------------------------------------------
    def build_items(self, articles: Sequence[Article]) -> list[Item]:
        """Number the records in publication order (as a CMS would) and sort newest first."""
        used: set[int] = set()
        items = []
        for article in sorted(articles, key=lambda a: (a.published, a.id)):
            minutes = int((article.published - NUMBER_EPOCH).total_seconds() // 60)
            num = self.conf.numbering_base + max(0, minutes) // self.conf.minutes_per_number
            while num in used:
                num += 1
            used.add(num)
            items.append(Item(article=article, published=article.published + self.shift, num=num,
                              slug=slugify(article.title, keep_zwnj=self.keep_zwnj_in_slug)))
        items.sort(key=lambda item: (item.published, item.num), reverse=True)
        return items

    def unused_number(self, salt: str) -> int:
        """A plausible article number no record uses (for deleted/huge/trap pages)."""
        top = max(self.by_num, default=self.conf.numbering_base)
        num = top + 3 + zlib.crc32(salt.encode()) % 50
        while num in self.by_num:
            num += 1
        return num

    def pick_item(self, purpose: str) -> Item | None:
        """A deterministic item for a trap: preferably one that is not on the homepage top block."""
        if not self.items:
            return None
        ranked = sorted(self.items, key=lambda item: (item.homepage is not None, zlib.crc32(f"{purpose}|{item.id}".encode())))
        return ranked[0]

    def filter_items(self, *, section: str | None = None, tag: str | None = None) -> list[Item]:
        return [item for item in self.items
                if (section is None or item.section == section) and (tag is None or tag in item.tags)]

    def sections_in_use(self) -> list[Section]:
        slugs = list(self.conf.menu) + sorted({item.section for item in self.items} - set(self.conf.menu))
        return [self.catalog.section(slug) for slug in slugs]

    def section(self, slug: str) -> Section:
        return self.catalog.section(slug)

    @property
    def menu_sections(self) -> list[Section]:
        return [self.catalog.section(slug) for slug in self.conf.menu]

    def ad(self, slot: int) -> str:
        return ads_for(self.conf.id, slot + 1)[slot]

    # ---- URLs ---------------------------------------------------------------------------------
    def url(self, path: str) -> str:
        return self.base_url + path

    def article_path(self, item: Item) -> str:
        raise NotImplementedError

    def canonical_url(self, item: Item) -> str:
        return self.url(self.article_path(item))

    def href(self, item: Item) -> str:
        """The article link as this site's pages write it."""
        return self.article_path(item)

    def quote(self, path: str) -> str:
        return quote_path(path)

    # ---- dates --------------------------------------------------------------------------------
    def date(self, moment: dt.datetime | Item, pattern: str | None = None) -> str:
        if isinstance(moment, Item):
            moment = moment.published
        return format_jalali(moment, pattern or self.conf.date_format, self.conf.digits)

    def today_label(self, pattern: str = "{weekday} {d} {month} {yyyy}") -> str:
        return self.date(dt.datetime.combine(self.today, dt.time(8, 0), TEHRAN), pattern)

    @property
    def jalali_year(self) -> str:
        return self.today_label("{yyyy}")

    # ---- page building blocks -----------------------------------------------------------------
    def paginate(self, items: list[Item], number: int, size: int | None = None) -> Page | None:
        """Page ``number`` (1-based) of ``items``; None when out of range (the caller answers 404)."""
        size = size or self.page_size
        count = max(1, math.ceil(len(items) / size))
        if number < 1 or number > count:
            return None
        start = (number - 1) * size
        return Page(items=items[start:start + size], number=number, count=count, total=len(items))

    def homepage_top(self) -> list[Item]:
        """The records' homepage positions, in order."""
        placed = [item for item in self.items if item.homepage is not None]
        return sorted(placed, key=lambda item: (item.homepage, -item.published.timestamp()))

    def homepage_latest(self) -> list[Item]:
        return self.items[:LATEST_ON_HOMEPAGE]

    def homepage_items(self) -> list[Item]:
        """Every article the homepage links to (families with more boxes extend this)."""
        return self.homepage_top() + [item for item in self.homepage_latest() if item.homepage is None]

    def related(self, item: Item) -> list[Item]:
        """Other articles for the «اخبار مرتبط» box: same section/tags first, at least one about Lorestan."""
        if item.id in self._related:
            return self._related[item.id]
        others = [o for o in self.items if o.id != item.id
                  and o.duplicate_of != item.id and item.duplicate_of != o.id]

        def rank(other: Item) -> tuple[int, int]:
            score = 2 * (other.section == item.section) + len(set(other.tags) & set(item.tags))
            score += other.relevance == "about"
            return -score, zlib.crc32(f"{item.id}|{other.id}".encode())

        ranked = sorted(others, key=rank)
        chosen = ranked[:RELATED_COUNT]
        if chosen and not any(o.relevance == "about" for o in chosen):
            about = [o for o in ranked if o.relevance == "about"]
            if about:
                chosen = chosen[:-1] + about[:1]
        self._related[item.id] = chosen
        return chosen

    def search(self, query: str) -> list[Item]:
        """Articles whose title, lead or body contains ``query``, ignoring spaces and ZWNJ."""
        key = search_key(query or "")
        if not key:
            return []
        hits = []
        for item in self.items:
            keys = self._search_keys.get(item.id)
            if keys is None:
                keys = tuple(search_key(part) for part in (item.title, item.lead, *item.body))
                self._search_keys[item.id] = keys
            if any(key in part for part in keys):
                hits.append(item)
        return hits

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(f"{self.family}/{template}").render(site=self, **context)

    def page(self, template: str, *, status: int = 200, cacheable: bool = False,
             last_modified: dt.datetime | None = None, **context: Any) -> Response:
        body = self.render(template, **context)
        return html(body, status=status, encoding=self.conf.encoding, cacheable=cacheable,
                    last_modified=last_modified if self.conf.has("last_modified") else None)

    def article_response(self, item: Item, **context: Any) -> Response:
        """An article page with ETag (and Last-Modified where the site is not Jalali-only)."""
        return self.page("article.html", item=item, cacheable=True, last_modified=item.published, **context)

    # ---- routing ------------------------------------------------------------------------------
    def route_table(self) -> list[tuple[str, str]]:
        """``(regex on the decoded path, method name)`` pairs, tried in order."""
        return [(r"/robots\.txt", "robots"),
                (r"(?:/static/|/resources/|/wp-content/themes/|/wp-includes/|/Portal/Themes/).*", "static_asset"),
                (r"/page/(?P<name>about|contact)/?", "static_page")]

    def static_asset(self, request: Request) -> Response:
        """Theme files and images: tiny stand-ins with the right content type."""
        suffix = request.path.rsplit(".", 1)[-1].lower()
        if suffix == "css":
            return Response(body="body{direction:rtl}\n", content_type="text/css", cacheable=True)
        if suffix == "js":
            return Response(body="/* theme */\n", content_type="application/javascript", cacheable=True)
        if suffix in ("png", "jpg", "jpeg", "gif", "ico", "webp"):
            return Response(body=png_bytes(), content_type="image/png", charset=None, cacheable=True,
                            compressible=False)
        return self.not_found(request)

    def static_page(self, request: Request, name: str) -> Response:
        heading = {"about": "درباره ما", "contact": "تماس با ما"}[name]
        body = self.env.get_template("common/static.html").render(site=self, heading=heading)
        return html(body, encoding=self.conf.encoding)

    def handle(self, request: Request) -> Response:
        for pattern, handler in self.routes:
            match = pattern.fullmatch(request.path)
            if match:
                return handler(request, **match.groupdict())
        return self.not_found(request)

    def not_found(self, request: Request | None = None) -> Response:
        body = self.env.get_template("common/404.html").render(site=self)
        return html(body, status=404, encoding=self.conf.encoding)

    def robots(self, request: Request) -> Response:
        lines = ["User-agent: *", *(f"Disallow: {path}" for path in self.conf.robots_disallow)]
        lines += self.robots_extra()
        lines += [f"Sitemap: {self.url(path)}" for path in self.robots_sitemaps()]
        return text("\n".join(lines) + "\n")

    def robots_extra(self) -> list[str]:
        return []

    def robots_sitemaps(self) -> list[str]:
        return []

    def redirect_to(self, path: str, status: int = 301) -> Response:
        return redirect(self.url(path), status)

    # ---- discovery facts for the truth --------------------------------------------------------
    def feed_items(self) -> list[Item]:
        return []

    def sitemap_items(self) -> list[Item]:
        return []

    def listing_items(self) -> list[Item]:
        """Articles reachable by walking this site's section/tag/archive listings."""
        return list(self.items)

    def feed_paths(self) -> list[str]:
        return []

    def sitemap_paths(self) -> list[str]:
        return []

    def listing_paths(self) -> list[str]:
        return []

    def routes_for(self, item: Item) -> list[str]:
        """Which discovery routes reach ``item`` on this site."""
        routes = []
        if item in self.homepage_items():
            routes.append("homepage")
        if item in self.listing_items():
            routes.append("listing")
        if item in self.feed_items():
            routes.append("feed")
        if item in self.sitemap_items():
            routes.append("sitemap")
        if self.conf.search_probe and item in self.search(self.conf.search_probe):
            routes.append("search")
        if any(item in self.related(other) for other in self.items if other is not item):
            routes.append("related")
        return routes

    def encoding_of(self, item: Item) -> dict[str, str | None]:
        """How ``item``'s page is encoded: bytes charset, header charset, meta charset."""
        return {"charset": self.conf.encoding, "header": self.conf.encoding, "meta": self.conf.encoding}

    def item_traps(self, item: Item) -> list[str]:
        """Trap kinds that affect fetching ``item`` itself (flaky, slow, odd charset)."""
        return []

    def trap_list(self) -> list[Trap]:
        return []

    def trap(self, kind: str, path: str, linked_from: str = "/", **details: Any) -> Trap:
        return Trap(kind=kind, site=self.conf.id, url=self.url(path), linked_from=self.url(linked_from),
                    details=details)

    def discovery(self) -> dict[str, Any]:
        """Where this site exposes its articles (absolute URLs), whether the config lists them or not."""
        return {"homepage": self.url("/"),
                "feeds": [self.url(p) for p in self.feed_paths()],
                "feeds_advertised": self.conf.feed_link_on_homepage and bool(self.feed_paths()),
                "sitemaps": [self.url(p) for p in self.sitemap_paths()],
                "sitemaps_in_robots": [self.url(p) for p in self.robots_sitemaps()],
                "listings": [self.url(p) for p in self.listing_paths()],
                "search": self.url(self.conf.source["search"]) if self.conf.source.get("search") else None}

    def source_entry(self) -> dict[str, Any]:
        """This site in Seda's ``config.yaml`` source shape."""
        entry: dict[str, Any] = {"id": self.conf.id, "name": self.conf.name, "kind": self.conf.kind,
                                 "level": self.conf.level, "homepage": self.url("/")}
        source = self.conf.source
        for key in ("feeds", "sitemaps", "listings"):
            if source.get(key):
                entry[key] = [self.url(self.quote(path)) for path in source[key]]
        if source.get("search"):
            entry["search"] = self.url(source["search"])
        return entry

    def reset(self) -> None:
        self.hits.reset()


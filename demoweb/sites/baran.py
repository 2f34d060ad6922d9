"""Baran: a national daily on an older newspaper CMS.

URLs ``/بخش-{section}-{n}/{num}-{slug}`` (Persian in the path), body ``#echo_detail``, dates with
weekday in Arabic-Indic digits, no canonical link, an Atom feed advertised on the homepage,
next-only («بعدی») pagination.
Traps: the endless archive calendar ``/archive/{jalali-date}``, a PNG behind a ``.html`` URL (honest
content type), one article whose header says iso-8859-1 while the bytes are UTF-8.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

import jdatetime

from demoweb.dates import TEHRAN
from demoweb.feeds import FeedEntry, atom
from demoweb.responses import Request, Response, xml
from demoweb.siteconf import Section
from demoweb.sites.base import BaseSite, Item, Page
from demoweb.textnorm import slugify
from demoweb.traps import Trap, png_bytes

logger = logging.getLogger(__name__)

#: Entries in the Atom feed.
FEED_SIZE = 20
#: Issue numbers count days from this one (the paper's first issue).
FIRST_ISSUE = dt.date(2012, 3, 20)


@dataclass(frozen=True)
class DayNav:
    prev: str
    next: str
    label: str


class BaranSite(BaseSite):
    family = "baran"
    server_header = "Apache/2.4.41 (Ubuntu)"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.wrong_charset_item = (self.pick_item("charset_header_wrong")
                                   if "charset_header_wrong" in self.conf.traps else None)

    # ---- URLs ---------------------------------------------------------------------------------
    def section_path(self, section: Section) -> str:
        return self.quote(f"/بخش-{slugify(section.fa, keep_zwnj=False)}-{section.num}")

    def article_path(self, item: Item) -> str:
        return f"{self.section_path(self.section(item.section))}/{item.num}-{self.quote(item.slug)}"

    def calendar_path(self, day: str) -> str:
        return f"/archive/{day}"

    @property
    def today_jalali(self) -> str:
        return jdatetime.date.fromgregorian(date=self.today).strftime("%Y-%m-%d")

    @property
    def issue_number(self) -> int:
        return 1000 + (self.today - FIRST_ISSUE).days * 6 // 7

    @property
    def front_image_path(self) -> str | None:
        return "/images/front-page.html" if "binary_honest" in self.conf.traps else None

    def page_in_print(self, item: Item) -> int:
        return 2 + item.num % 14

    # ---- routes -------------------------------------------------------------------------------
    def route_table(self) -> list[tuple[str, str]]:
        return super().route_table() + [
            (r"/", "home"),
            (r"/بخش-(?P<name>[^/]+)-(?P<secnum>\d+)/(?P<num>\d+)-(?P<slug>[^/]*)", "article"),
            (r"/بخش-(?P<name>[^/]+)-(?P<secnum>\d+)/?", "section_list"),
            (r"/latest", "latest"),
            (r"/feed/atom", "feed"),
            (r"/archive/(?P<day>\d{4}-\d{2}-\d{2})", "calendar"),
            (r"/images/front-page\.html", "front_image"),
        ]

    def home(self, request: Request) -> Response:
        return self.page("home.html", top=self.homepage_top(), latest=self.homepage_latest())

    def article(self, request: Request, name: str, secnum: str, num: str, slug: str) -> Response:
        item = self.by_num.get(int(num))
        if item is None:
            return self.not_found(request)
        response = self.article_response(item)
        if item is self.wrong_charset_item:
            response.charset = "iso-8859-1"  # bytes stay UTF-8; <meta charset="utf-8"> is right
        return response

    def next_only(self, request: Request, heading: str, items: list[Item], base: str) -> Response:
        page = self.paginate(items, request.int_arg("page"))
        if page is None:
            return self.not_found(request)
        return self.page("listing.html", heading=heading, page=page, day_nav=None,
                         page_href=lambda n: f"{base}?page={n}")

    def section_list(self, request: Request, name: str, secnum: str) -> Response:
        sections = [s for s in self.sections_in_use() if s.num == int(secnum)]
        if not sections:
            return self.not_found(request)
        return self.next_only(request, sections[0].fa, self.filter_items(section=sections[0].slug),
                              self.section_path(sections[0]))

    def latest(self, request: Request) -> Response:
        return self.next_only(request, "آخرین مطالب", self.items, "/latest")

    def calendar(self, request: Request, day: str) -> Response:
        """One day of the archive, linking to the day before and after, for ever."""
        try:
            year, month, dom = (int(part) for part in day.split("-"))
            jday = jdatetime.date(year, month, dom)
        except ValueError:
            return self.not_found(request)
        items = [i for i in self.items if jdatetime.date.fromgregorian(date=i.published.date()) == jday]
        one = dt.timedelta(days=1)
        nav = DayNav(prev=self.calendar_path((jday - one).strftime("%Y-%m-%d")),
                     next=self.calendar_path((jday + one).strftime("%Y-%m-%d")),
                     label=self.date(dt.datetime.combine(jday.togregorian(), dt.time(12), TEHRAN),
                                     "{weekday} {d} {month} {yyyy}"))
        page = Page(items=items, number=1, count=1, total=len(items))
        return self.page("listing.html", heading="آرشیو روزنامه", page=page, day_nav=nav, page_href=None)

    def front_image(self, request: Request) -> Response:
        return Response(body=png_bytes(320, 480), content_type="image/png", charset=None, compressible=False,
                        cacheable=True)

    def feed(self, request: Request) -> Response:
        entries = [FeedEntry(title=i.title, link=self.canonical_url(i), summary=i.lead, published=i.published,
                             guid=f"tag:baran,{i.num}", category=self.section(i.section).fa)
                   for i in self.feed_items()]
        return xml(atom(title=self.conf.name, site_url=self.url("/"), feed_url=self.url("/feed/atom"),
                        entries=entries, author=self.conf.name), "application/atom+xml")

    # ---- discovery facts ----------------------------------------------------------------------
    def feed_items(self) -> list[Item]:
        return self.items[:FEED_SIZE]

    def feed_paths(self) -> list[str]:
        return ["/feed/atom"]

    def listing_paths(self) -> list[str]:
        return ["/latest"] + [self.section_path(s) for s in self.menu_sections]

    def encoding_of(self, item: Item) -> dict[str, str | None]:
        if item is self.wrong_charset_item:
            return {"charset": "utf-8", "header": "iso-8859-1", "meta": "utf-8"}
        return super().encoding_of(item)

    def item_traps(self, item: Item) -> list[str]:
        return ["charset_header_wrong"] if item is self.wrong_charset_item else []

    def trap_list(self) -> list[Trap]:
        traps = []
        if "endless_calendar" in self.conf.traps:
            traps.append(self.trap("endless_calendar", self.calendar_path(self.today_jalali),
                                   note="/archive/{yyyy-mm-dd} (Jalali) exists for every day, before and after"))
        if self.front_image_path:
            traps.append(self.trap("binary_honest", self.front_image_path, status=200, content_type="image/png"))
        if self.wrong_charset_item is not None:
            item = self.wrong_charset_item
            traps.append(self.trap("charset_header_wrong", self.article_path(item), linked_from="/latest",
                                   header_charset="iso-8859-1", actual_charset="utf-8", article=item.id))
        return traps

"""Sepehr: a national news agency on the Tabnak/YJC-family CMS.

URLs ``/fa/news/{num}/{slug}``, body ``div.body``, tag listings ``/fa/tags/{id}/{page}/{name}`` with
numbered pagination, ``/fa/archive?service_id=..`` listings. Dates are Jalali only: no Gregorian date
on any page, no ISO metadata, no Last-Modified header.
Traps: one article answers 500 twice before it works; the archive's sort/filter links append query
parameters without end.
"""
from __future__ import annotations

import logging
import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from demoweb.responses import Request, Response, html
from demoweb.sites.base import BaseSite, Item
from demoweb.traps import FLAKY_FAILURES, Trap

logger = logging.getLogger(__name__)

#: The archive's sort and page-size choices; each link appends its parameter to the current query.
ARCHIVE_FILTERS = (("sort", "date", "جدیدترین"), ("sort", "visit", "پربازدیدترین"),
                   ("sort", "comment", "پربحث‌ترین"), ("rpp", "20", "۲۰ خبر در صفحه"),
                   ("type", "report", "فقط گزارش‌ها"))
ALLOWED_PAGE_SIZES = (10, 20, 50)


@dataclass(frozen=True)
class FilterLink:
    href: str
    label: str


class SepehrSite(BaseSite):
    family = "sepehr"
    server_header = "Apache"
    keep_zwnj_in_slug = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.flaky_item = self.pick_item("flaky_500") if "flaky_500" in self.conf.traps else None

    def article_path(self, item: Item) -> str:
        return f"/fa/news/{item.num}/{self.quote(item.slug)}"

    def tag_id(self, tag: str) -> int:
        return int(self.conf.tag_ids.get(tag, 1000 + zlib.crc32(tag.encode()) % 90000))

    def tag_path(self, tag: str, page: int = 1) -> str:
        return f"/fa/tags/{self.tag_id(tag)}/{page}/{self.quote(tag.replace(' ', '-'))}"

    def list_date(self, item: Item) -> str:
        return self.date(item, self.conf.list_date_format)

    def route_table(self) -> list[tuple[str, str]]:
        return super().route_table() + [
            (r"/", "home"),
            (r"/fa/?", "home"),
            (r"/fa/news/(?P<num>\d+)/(?P<slug>[^/]*)", "article"),
            (r"/fa/tags/(?P<tag_id>\d+)/(?P<page>\d+)/(?P<name>[^/]+)", "tag"),
            (r"/fa/archive", "archive"),
        ]

    def home(self, request: Request) -> Response:
        return self.page("home.html", top=self.homepage_top(), latest=self.homepage_latest())

    def article(self, request: Request, num: str, slug: str) -> Response:
        item = self.by_num.get(int(num))
        if item is None:
            return self.not_found(request)
        if item is self.flaky_item and self.hits.hit(item.id) <= FLAKY_FAILURES:
            return html("<html><body><h1>Service Unavailable</h1><p>خطای موقت سرور؛ لحظاتی بعد تلاش کنید.</p>"
                        "</body></html>", status=500)
        return self.article_response(item)

    def all_tags(self) -> list[str]:
        return sorted({tag for item in self.items for tag in item.tags})

    def tag(self, request: Request, tag_id: str, page: str, name: str) -> Response:
        tag = next((t for t in self.all_tags() if t.replace(" ", "-") == name), None)
        if tag is None or self.tag_id(tag) != int(tag_id):
            return self.not_found(request)
        listing = self.paginate(self.filter_items(tag=tag), int(page))
        if listing is None:
            return self.not_found(request)
        return self.page("listing.html", heading=f"برچسب: {tag}", page=listing, filters=[],
                         page_href=lambda n: self.tag_path(tag, n))

    def archive(self, request: Request) -> Response:
        """``/fa/archive?service_id=&page=&sort=&rpp=&type=``: the last value of each parameter wins."""
        service = request.int_arg("service_id", 0)
        slugs = [s.slug for s in self.sections_in_use() if s.num == service]
        items = self.filter_items(section=slugs[0]) if slugs else (self.items if service == 0 else [])
        if request.arg("type") == "report":
            items = [i for i in items if i.kind == "report"]
        if request.arg("sort") in ("visit", "comment"):
            items = sorted(items, key=lambda i: zlib.crc32(f"{request.arg('sort')}|{i.id}".encode()))
        size = request.int_arg("rpp", self.page_size)
        if size not in ALLOWED_PAGE_SIZES:
            size = self.page_size
        listing = self.paginate(items, request.int_arg("page"), size)
        if listing is None:
            return self.not_found(request)
        query = request.query_string
        kept = "&".join(p for p in query.split("&") if p and not p.startswith("page="))

        def with_param(extra: str) -> str:
            return "/fa/archive?" + "&".join(p for p in (kept, extra) if p)

        filters = [FilterLink(with_param(f"{key}={quote(value)}"), label) for key, value, label in ARCHIVE_FILTERS] \
            if "query_explosion" in self.conf.traps else []
        heading = self.section(slugs[0]).fa if slugs else "آرشیو اخبار"
        return self.page("listing.html", heading=heading, page=listing, filters=filters,
                         page_href=lambda n: with_param(f"page={n}"))

    # ---- discovery facts ----------------------------------------------------------------------
    def listing_paths(self) -> list[str]:
        return ["/fa/archive"] + [self.tag_path(tag) for tag in self.conf.tag_ids]

    def item_traps(self, item: Item) -> list[str]:
        return ["flaky_500"] if item is self.flaky_item else []

    def trap_list(self) -> list[Trap]:
        traps = []
        if self.flaky_item is not None:
            traps.append(self.trap("flaky_500", self.article_path(self.flaky_item),
                                   linked_from="/fa/archive",
                                   statuses=[500] * FLAKY_FAILURES + [200], article=self.flaky_item.id))
        if "query_explosion" in self.conf.traps:
            first = self.sections_in_use()[0].num if self.sections_in_use() else 0
            traps.append(self.trap("query_explosion", f"/fa/archive?service_id={first}",
                                   linked_from="/", parameters=sorted({k for k, _, _ in ARCHIVE_FILTERS}),
                                   note="each sort/filter link appends its parameter to the current query string"))
        return traps

"""Niroo: a ministry portal on an old ASP.NET CMS, served in windows-1256.

URLs ``/Portal/Home/ShowPage.aspx?Object=News&ID={n}&LayoutID=..&CategoryID=..`` (path and parameter
names case-insensitive, as on IIS), a main-page news slider, Jalali-only dates in Latin digits, no
canonical link, no Last-Modified. Persian characters windows-1256 lacks (Persian yeh, Persian digits)
are sent as numeric character references, as such portals do.
Traps: every link carries a session id (``sid``) — taken over from the request, or new and random when
the request has none; a soft 404 (200 «خبر یافت نشد»); one article whose Content-Type has no charset
and whose ``<meta charset="windows-1256">`` decides.
"""
from __future__ import annotations

import base64
import hashlib
import logging
import re
import secrets
import threading
from typing import Any

from demoweb.responses import Request, Response
from demoweb.siteconf import Section
from demoweb.sites.base import BaseSite, Item
from demoweb.traps import Trap

logger = logging.getLogger(__name__)

SHOW_PAGE = "/Portal/Home/ShowPage.aspx"
HOME_PAGE = "/Portal/Home/Default.aspx"
SOFT_404_TITLE = "دستورالعمل جدید صرفه‌جویی در مصرف برق ادارات ابلاغ شد"
_SID = re.compile(r"^[0-9a-z]{24}$")


class NirooSite(BaseSite):
    family = "niroo"
    server_header = "Microsoft-IIS/10.0"
    keep_zwnj_in_slug = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        traps = self.conf.traps
        self.soft_404_num = self.unused_number("soft404") if "soft_404" in traps else None
        self.meta_only_item = self.pick_item("charset_meta_only") if "charset_meta_only" in traps else None
        self._request = threading.local()  # the session id of the request this thread is rendering
        seed = hashlib.sha256(self.conf.id.encode()).digest() * 6
        self.viewstate = "/wEPDwUK" + base64.b64encode(seed).decode()[:180]

    # ---- URLs ---------------------------------------------------------------------------------
    @property
    def layout_id(self) -> str:
        return self.conf.layout_id or "00000000-0000-0000-0000-000000000000"

    def article_path(self, item: Item) -> str:
        return (f"{SHOW_PAGE}?Object=News&ID={item.num}&LayoutID={self.layout_id}"
                f"&CategoryID={self.section(item.section).num}")

    def archive_path(self, section: Section | None, page: int = 1) -> str:
        path = f"{SHOW_PAGE}?Object=NewsArchive&LayoutID={self.layout_id}"
        if section is not None:
            path += f"&CategoryID={section.num}"
        return path + (f"&PageIndex={page}" if page > 1 else "")

    @property
    def soft_404_path(self) -> str | None:
        if self.soft_404_num is None:
            return None
        return f"{SHOW_PAGE}?Object=News&ID={self.soft_404_num}&LayoutID={self.layout_id}&CategoryID=8"

    @property
    def soft_404_title(self) -> str:
        return SOFT_404_TITLE

    def with_sid(self, path: str) -> str:
        """``path`` plus this page's session id, as cookieless ASP.NET sessions write links."""
        sid = getattr(self._request, "sid", None) or secrets.token_hex(12)
        return f"{path}{'&' if '?' in path else '?'}sid={sid}"

    def href(self, item: Item) -> str:
        return self.with_sid(self.article_path(item))

    # ---- routes -------------------------------------------------------------------------------
    def route_table(self) -> list[tuple[str, str]]:
        return super().route_table() + [
            (r"/", "home"),
            (r"(?i)/Portal/Home/Default\.aspx", "home"),
            (r"(?i)/Portal/Home/ShowPage\.aspx", "show_page"),
        ]

    def handle(self, request: Request) -> Response:
        sid = request.arg("sid", ignore_case=True) or ""
        self._request.sid = sid.lower() if _SID.match(sid.lower()) else secrets.token_hex(12)
        try:
            response = super().handle(request)
        finally:
            self._request.sid = None
        response.headers += [("X-Powered-By", "ASP.NET"), ("X-AspNet-Version", "4.0.30319")]
        return response

    def home(self, request: Request) -> Response:
        return self.page("home.html", top=self.homepage_top(), latest=self.homepage_latest())

    def show_page(self, request: Request) -> Response:
        kind = (request.arg("Object", "", ignore_case=True) or "").lower()
        if kind == "news":
            return self.news(request)
        if kind == "newsarchive":
            return self.news_archive(request)
        return self.not_found(request)

    def news(self, request: Request) -> Response:
        item = self.by_num.get(request.int_arg("ID", 0, ignore_case=True))
        if item is None:
            # The portal answers unknown ids with a normal page and a message: a soft 404.
            return self.page("listing.html", heading="مشروح خبر", message="خبر مورد نظر یافت نشد.", page=None,
                             page_href=None)
        response = self.page("article.html", item=item, cacheable=True, meta_charset_only=item is self.meta_only_item)
        if item is self.meta_only_item:
            response.charset = None
        # Links carry the session id, so the bytes differ per session; the ETag follows the article.
        response.etag_source = f"{item.id}|{item.published.isoformat()}|{item.title}|{item.text}".encode()
        return response

    def news_archive(self, request: Request) -> Response:
        category = request.int_arg("CategoryID", 0, ignore_case=True)
        sections = [s for s in self.sections_in_use() if s.num == category]
        section = sections[0] if sections else None
        if category and section is None:
            return self.not_found(request)
        items = self.filter_items(section=section.slug) if section else self.items
        page = self.paginate(items, request.int_arg("PageIndex", 1, ignore_case=True))
        if page is None:
            return self.not_found(request)
        return self.page("listing.html", heading=section.fa if section else "آرشیو اخبار", message=None, page=page,
                         page_href=lambda n: self.with_sid(self.archive_path(section, n)))

    # ---- discovery facts ----------------------------------------------------------------------
    def listing_paths(self) -> list[str]:
        return [self.archive_path(None)]

    def encoding_of(self, item: Item) -> dict[str, str | None]:
        if item is self.meta_only_item:
            return {"charset": "windows-1256", "header": None, "meta": "windows-1256"}
        return super().encoding_of(item)

    def item_traps(self, item: Item) -> list[str]:
        return ["charset_meta_only"] if item is self.meta_only_item else ["charset_windows_1256"]

    def trap_list(self) -> list[Trap]:
        traps = []
        if "session_id" in self.conf.traps and self.items:
            item = self.pick_item("session_id")
            traps.append(self.trap("session_id", self.with_sid(self.article_path(item)),
                                   canonical=self.canonical_url(item), parameter="sid", article=item.id,
                                   note="a request without sid gets a new random one in every link"))
        if self.soft_404_path:
            traps.append(self.trap("soft_404", self.soft_404_path, status=200))
        plain = [item for item in self.items if item is not self.meta_only_item]
        if plain:
            item = plain[0]
            traps.append(self.trap("charset_windows_1256", self.article_path(item), header_charset="windows-1256",
                                   article=item.id))
        if self.meta_only_item is not None:
            item = self.meta_only_item
            traps.append(self.trap("charset_meta_only", self.article_path(item), header_charset=None,
                                   meta_charset="windows-1256", article=item.id))
        return traps

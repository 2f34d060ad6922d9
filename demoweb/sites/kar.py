"""Kar: a ministry portal on a newer CMS (Bootstrap theme, swiper slider on the main page).

URLs ``/fa/news/{id}``, body ``div.news-text``, listings ``/fa/news-list/{section|all}`` with a
«صفحه بعد» link only, ``/search?q=`` (ZWNJ/space-insensitive), JSON-LD NewsArticle.
Traps: a robots-disallowed preview of a draft article, a login redirect loop, a ZIP served as
text/html behind a ``.html`` URL, a slow article and a dead menu link.
"""
from __future__ import annotations

import dataclasses
import logging
from typing import Any
from urllib.parse import quote

from demoweb.boilerplate import DRAFT_BODY, DRAFT_LEAD, DRAFT_TITLE
from demoweb.responses import Request, Response
from demoweb.sites.base import BaseSite, Item, Page
from demoweb.textnorm import slugify
from demoweb.traps import Trap, zip_bytes

logger = logging.getLogger(__name__)

LOGIN_PATH = "/fa/user/login"
AUTH_PATH = "/fa/user/auth"
ATTACHMENT_PATH = "/fa/uploads/amar-eshteghal-1404.html"


class KarSite(BaseSite):
    family = "kar"
    server_header = "nginx/1.22.1"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        traps = self.conf.traps
        self.slow_item = self.pick_item("slow") if "slow" in traps else None
        self.preview_num = self.unused_number("preview") if "robots_disallowed" in traps else None
        self._zip: bytes | None = None

    # ---- URLs ---------------------------------------------------------------------------------
    def article_path(self, item: Item) -> str:
        return f"/fa/news/{item.num}"

    @property
    def login_path(self) -> str | None:
        return LOGIN_PATH if "redirect_loop" in self.conf.traps else None

    @property
    def preview_path(self) -> str | None:
        return None if self.preview_num is None else f"/fa/preview/news/{self.preview_num}"

    @property
    def preview_title(self) -> str:
        return DRAFT_TITLE

    @property
    def attachment_path(self) -> str | None:
        return ATTACHMENT_PATH if "binary_as_html" in self.conf.traps else None

    @property
    def dead_link_path(self) -> str:
        return "/fa/page/samaneha"

    # ---- routes -------------------------------------------------------------------------------
    def route_table(self) -> list[tuple[str, str]]:
        return super().route_table() + [
            (r"/", "home"),
            (r"/fa/?", "home"),
            (r"/fa/news/(?P<num>\d+)", "article"),
            (r"/fa/news-list/(?P<category>[\w-]+)", "news_list"),
            (r"/search", "search_page"),
            (r"/fa/user/(?P<step>login|auth)", "login_loop"),
            (r"/fa/preview/news/(?P<num>\d+)", "preview"),
            (r"/fa/uploads/amar-eshteghal-1404\.html", "attachment"),
        ]

    def home(self, request: Request) -> Response:
        return self.page("home.html", top=self.homepage_top(), latest=self.homepage_latest())

    def article(self, request: Request, num: str) -> Response:
        item = self.by_num.get(int(num))
        if item is None:
            return self.not_found(request)
        response = self.article_response(item)
        if item is self.slow_item:
            response.delay = self.slow_delay
        return response

    def news_list(self, request: Request, category: str) -> Response:
        if category == "all":
            items, heading = self.items, "آرشیو اخبار"
        else:
            items, heading = self.filter_items(section=category), self.section(category).fa
            if not items and category not in self.conf.menu:
                return self.not_found(request)
        page = self.paginate(items, request.int_arg("page"))
        if page is None:
            return self.not_found(request)
        return self.page("listing.html", heading=heading, page=page,
                         page_href=lambda n: f"/fa/news-list/{category}?page={n}")

    def search_page(self, request: Request) -> Response:
        query = (request.arg("q") or "").strip()
        page = self.paginate(self.search(query), request.int_arg("page")) or Page([], 1, 1, 0)
        return self.page("listing.html", heading=f"نتایج جستجو: {query}", page=page,
                         page_href=lambda n: f"/search?q={quote(query, safe='')}&page={n}")

    def login_loop(self, request: Request, step: str) -> Response:
        if self.login_path is None:
            return self.not_found(request)
        if step == "login":
            return self.redirect_to(f"{AUTH_PATH}?returnUrl={quote(LOGIN_PATH, safe='')}", 302)
        return self.redirect_to(LOGIN_PATH, 302)  # the auth step sends the visitor back: a loop

    def preview(self, request: Request, num: str) -> Response:
        if self.preview_num is None or int(num) != self.preview_num or not self.items:
            return self.not_found(request)
        model = self.items[0]
        draft = dataclasses.replace(model.article, id=f"{self.conf.id}-draft", title=DRAFT_TITLE, lead=DRAFT_LEAD,
                                    body=DRAFT_BODY, kicker=None, homepage=None)
        item = Item(article=draft, published=model.published, num=self.preview_num, slug=slugify(DRAFT_TITLE))
        return self.page("article.html", item=item)

    def attachment(self, request: Request) -> Response:
        if self.attachment_path is None:
            return self.not_found(request)
        if self._zip is None:
            self._zip = zip_bytes()
        # The CMS serves every upload as text/html: the bytes are a ZIP archive.
        return Response(body=self._zip, content_type="text/html", charset="utf-8", compressible=False)

    # ---- discovery facts ----------------------------------------------------------------------
    def listing_paths(self) -> list[str]:
        return ["/fa/news-list/all"] + [f"/fa/news-list/{s.slug}" for s in self.menu_sections]

    def item_traps(self, item: Item) -> list[str]:
        return ["slow"] if item is self.slow_item else []

    def trap_list(self) -> list[Trap]:
        traps = []
        if self.preview_path:
            traps.append(self.trap("robots_disallowed", self.preview_path, status=200,
                                   robots_rule="Disallow: /fa/preview/", note="a draft article, not in the truth"))
        if self.login_path:
            traps.append(self.trap("redirect_loop", LOGIN_PATH, statuses=[302, 302], cycle=[LOGIN_PATH, AUTH_PATH]))
        if self.attachment_path:
            traps.append(self.trap("binary_as_html", self.attachment_path, status=200, content_type="text/html",
                                   actual="application/zip"))
        if self.slow_item is not None:
            traps.append(self.trap("slow", self.article_path(self.slow_item), linked_from="/fa/news-list/all",
                                   delay_seconds=self.slow_delay, article=self.slow_item.id))
        if "dead_link_404" in self.conf.traps:
            traps.append(self.trap("dead_link_404", self.dead_link_path, status=404, note="main menu link"))
        return traps

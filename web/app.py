"""The dashboard as an ASGI application (Starlette): routes, sessions, security headers, error pages.

``create_app`` takes what it needs (a session factory, the registry, the session key); ``app_from_env``
is the factory ``seda serve`` hands to uvicorn, which builds the same app in every worker process from the
configuration named by ``$SEDA_CONFIG``.
"""

from __future__ import annotations

import datetime
import logging
import os
from collections.abc import Callable
from pathlib import Path

import jinja2
from sqlalchemy.orm import Session, sessionmaker
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from seda.dates import today_tehran
from seda.registry import Registry
from web import fmt, labels
from web.views import article, articles, auth, coverage, ops
from web.views.base import WebState, error_page

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
ENV_SECURE_COOKIES = "SEDA_SECURE_COOKIES"
SESSION_COOKIE = "seda_session"
# A working day and then some: the analyst logs in again the next morning.
SESSION_MAX_AGE = 12 * 60 * 60
# Everything the pages load comes from the app itself; no inline script or style, no framing.
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; font-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
    "cross-origin-opener-policy": "same-origin",
}


class SecurityHeaders:
    """Adds the security headers to every response, and ``Cache-Control: no-store`` to pages (they show
    data behind a login); static files keep their own caching."""

    def __init__(self, app: ASGIApp, hsts: bool = False) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                if not static:
                    headers["cache-control"] = "no-store"
                if self.hsts:
                    headers.setdefault("strict-transport-security", "max-age=31536000")
            await send(message)

        await self.app(scope, receive, with_headers)


def templates() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters.update(fmt.FILTERS)
    env.globals.update(KINDS=labels.KINDS, RELEVANCE=labels.RELEVANCE, LEVELS=labels.LEVELS, ROLES=labels.ROLES,
                       SOURCE_KINDS=labels.SOURCE_KINDS, RUN_STATUS=labels.RUN_STATUS, FIELDS=labels.FIELDS,
                       NO_AGENCY=labels.NO_AGENCY)
    return env


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    messages = {404: "چنین صفحه‌ای نیست.", 405: "این روش درخواست پذیرفته نیست."}
    return error_page(request, status, messages.get(status, "خطایی رخ داد."))


async def _server_error(request: Request, exc: Exception) -> Response:
    """A Persian 500 page; Starlette re-raises the error afterwards, so the server logs its traceback."""
    return error_page(request, 500, "خطای داخلی رخ داد؛ گزارش آن ثبت شد.")


def routes() -> list[Route | Mount]:
    return [
        Route("/", coverage.overview),
        Route("/agency/{agency_id:str}", coverage.agency),
        Route("/articles", articles.articles),
        Route("/articles/export.{fmt:str}", articles.export),
        Route("/article/{article_id:int}", article.article),
        Route("/article/{article_id:int}/correct", article.correct, methods=["POST"]),
        Route("/article/{article_id:int}/confirm", article.confirm, methods=["POST"]),
        Route("/crawl", ops.crawl),
        Route("/review", ops.review),
        Route("/users", ops.users),
        Route("/login", auth.login, methods=["GET", "POST"]),
        Route("/logout", auth.logout, methods=["POST"]),
        Route("/healthz", ops.healthz),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]


def create_app(factory: sessionmaker[Session], registry: Registry, secret_key: str, *, https_only: bool = False,
               today: Callable[[], datetime.date] = today_tehran) -> Starlette:
    """The dashboard on the store of ``factory`` (schema in place), signing sessions with ``secret_key``.
    ``https_only`` marks the session cookie Secure and sends HSTS (for a deployment behind TLS)."""
    middleware = [
        Middleware(SecurityHeaders, hsts=https_only),
        Middleware(SessionMiddleware, secret_key=secret_key, session_cookie=SESSION_COOKIE,
                   max_age=SESSION_MAX_AGE, same_site="lax", https_only=https_only),
    ]
    app = Starlette(routes=routes(), middleware=middleware,
                    exception_handlers={HTTPException: _http_error, Exception: _server_error})
    app.state.seda = WebState(factory=factory, registry=registry, templates=templates(), today=today)
    return app


def app_from_env() -> Starlette:
    """Build the app from ``$SEDA_CONFIG`` (and ``$SEDA_DATABASE_URL``): what each server worker runs."""
    from seda.cli import App
    from store.db import open_store
    from web.secret import load_secret_key

    seda = App(os.environ.get("SEDA_CONFIG"))
    factory = open_store(seda.config.database.url)
    secure = os.environ.get(ENV_SECURE_COOKIES, "") == "1"
    return create_app(factory, seda.registry, load_secret_key(seda.config), https_only=secure)

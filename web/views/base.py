"""What every page handler gets (the request, a database session, the logged-in user) and the
``page`` decorator that enforces login, role and CSRF before the handler runs."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import jinja2
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from seda.registry import Registry
from store.db import transaction
from store.models import User
from web import csrf
from web.users import can, load_session_user


@dataclass
class WebState:
    """What the app holds for its whole life (``app.state.seda``)."""

    factory: sessionmaker[Session]
    registry: Registry
    templates: jinja2.Environment
    today: Callable[[], datetime.date]


@dataclass
class Ctx:
    request: Request
    db: Session
    user: User | None
    state: WebState
    form: FormData | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def params(self) -> Any:
        return self.request.query_params

    def can(self, role: str) -> bool:
        return self.user is not None and can(self.user.role, role)

    def render(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        return render(self.request, self.state, template, status=status, user=self.user, **context)

    def flash(self, message: str) -> None:
        self.request.session["flash"] = message[:300]


def render(request: Request, state: WebState, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    session = request.scope.get("session")
    if session is None:  # an error before the session middleware ran
        session = {}
    flash = session.pop("flash", None) if "flash" in session else None
    context.setdefault("user", None)
    context.setdefault("nav", "")
    context.setdefault("errors", [])
    html = state.templates.get_template(template).render(
        request=request, csrf_token=csrf.token(session), flash=flash, path=request.url.path, **context)
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, status: int, message: str, user: User | None = None) -> HTMLResponse:
    state: WebState = request.app.state.seda
    return render(request, state, "error.html", status=status, status_code=status, message=message, user=user)


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to go back to after login; anything else (``//evil``, ``https://…``) is ignored."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    if any(ord(ch) < 32 for ch in target):
        return default
    return target


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _to_login(request: Request) -> Response:
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.method != "GET":
        here = "/"
    return see_other("/login?next=" + quote(here, safe="/"))


def page(role: str = "viewer") -> Callable[[Callable[[Ctx], Response]], Callable[[Request], Any]]:
    """Run the handler in the thread pool inside one transaction, after the checks:
    anonymous → login page; POST without the session's CSRF token → 403; role too low → 403."""

    def decorate(handler: Callable[[Ctx], Response]) -> Callable[[Request], Any]:
        @functools.wraps(handler)
        async def endpoint(request: Request) -> Response:
            form = await request.form() if request.method == "POST" else None
            return await run_in_threadpool(_run, handler, role, request, form)

        return endpoint

    return decorate


def _run(handler: Callable[[Ctx], Response], role: str, request: Request, form: FormData | None) -> Response:
    state: WebState = request.app.state.seda
    with transaction(state.factory) as db:
        user = load_session_user(db, request.session.get("uid"), request.session.get("stamp"))
        if user is None:
            if "uid" in request.session:
                request.session.clear()
            return _to_login(request)
        if form is not None and not csrf.valid(request.session, form.get(csrf.FIELD)):
            return error_page(request, 403, "فرم منقضی یا نامعتبر است؛ صفحه را دوباره باز کنید و از نو بفرستید.", user)
        if not can(user.role, role):
            return error_page(request, 403, "دسترسی شما برای این کار کافی نیست.", user)
        return handler(Ctx(request=request, db=db, user=user, state=state, form=form))

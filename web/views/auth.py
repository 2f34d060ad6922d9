"""Login and logout. Login is rate limited per user name and per client address (``web.ratelimit``)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from store.db import transaction
from web import csrf, ratelimit
from web.passwords import hash_password, needs_rehash, verify_password
from web.users import get_user, load_session_user, now, session_stamp
from web.views.base import WebState, error_page, render, safe_next, see_other

TOO_MANY = "تلاش‌های ناموفق ورود بیش از حد بوده است؛ پانزده دقیقه‌ی دیگر دوباره تلاش کنید."
WRONG = "نام کاربری یا گذرواژه نادرست است."
# Longer input is not a user name or password of this dashboard; it is not hashed either.
MAX_FIELD_CHARS = 1024


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def login(request: Request) -> Response:
    form = await request.form() if request.method == "POST" else None
    return await run_in_threadpool(_login, request, form)


def _login(request: Request, form: FormData | None) -> Response:
    state: WebState = request.app.state.seda
    target = safe_next(request.query_params.get("next") if form is None else str(form.get("next") or ""))
    with transaction(state.factory) as db:
        if form is None:
            if load_session_user(db, request.session.get("uid"), request.session.get("stamp")):
                return see_other(target)
            return render(request, state, "login.html", next=target, username="")
        if not csrf.valid(request.session, form.get(csrf.FIELD)):
            return error_page(request, 403, "فرم ورود منقضی شده است؛ صفحه‌ی ورود را دوباره باز کنید.")
        username = str(form.get("username") or "").strip()[:MAX_FIELD_CHARS]
        password = str(form.get("password") or "")[:MAX_FIELD_CHARS + 1]
        keys = ratelimit.keys(username, client_address(request))
        if ratelimit.blocked(db, keys):
            return render(request, state, "login.html", status=429, next=target, username=username, error=TOO_MANY)
        user = get_user(db, username) if username else None
        ok = verify_password(user.password_hash if user is not None and user.active else None, password)
        ratelimit.record(db, keys, ok)
        if not ok or user is None:
            return render(request, state, "login.html", next=target, username=username, error=WRONG)
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        user.last_login = now()
        request.session.clear()
        request.session.update({"uid": user.id, "stamp": session_stamp(user)})
        csrf.rotate(request.session)
        return see_other(target)


async def logout(request: Request) -> Response:
    form = await request.form()
    if not csrf.valid(request.session, form.get(csrf.FIELD)):
        return error_page(request, 403, "فرم منقضی یا نامعتبر است.")
    request.session.clear()
    return see_other("/login")

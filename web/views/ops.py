"""Crawl health, the review queue, the users list (admins) and the liveness check."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, text
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from store.models import LoginAttempt
from web.queries.health import crawl_health
from web.queries.lookups import names
from web.queries.review import PAGE_SIZE, REVIEW_SCORE_BELOW, review_count, review_page
from web.users import list_users, now
from web.views.base import Ctx, WebState, page


@page()
def crawl(ctx: Ctx) -> Response:
    return ctx.render("crawl.html", nav="crawl", health=crawl_health(ctx.db), names=names(ctx.db))


@page()
def review(ctx: Ctx) -> Response:
    try:
        number = max(1, int(ctx.params.get("page", "1")))
    except ValueError:
        number = 1
    total = review_count(ctx.db)
    pages = max(1, -(-total // PAGE_SIZE))
    return ctx.render("review.html", nav="review", rows=review_page(ctx.db, min(number, pages)), total=total,
                      page_number=min(number, pages), pages=pages, threshold=REVIEW_SCORE_BELOW,
                      names=names(ctx.db), can_correct=ctx.can("analyst"))


@page(role="admin")
def users(ctx: Ctx) -> Response:
    since = now() - timedelta(days=1)
    failures = dict(ctx.db.execute(select(LoginAttempt.key, func.count()).where(
        LoginAttempt.success.is_(False), LoginAttempt.at > since).group_by(LoginAttempt.key)).all())
    return ctx.render("users.html", nav="users", users=list_users(ctx.db), failures=failures)


async def healthz(request: Request) -> Response:
    """For a load balancer or monitor: 200 when the database answers (no login, no data)."""
    state: WebState = request.app.state.seda

    def ping() -> None:
        with state.factory() as db:
            db.execute(text("SELECT 1"))

    try:
        await run_in_threadpool(ping)
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        return JSONResponse({"status": "database unavailable"}, status_code=503)
    return JSONResponse({"status": "ok"})

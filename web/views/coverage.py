"""The overview (a week against the one before) and an agency's page."""

from __future__ import annotations

import datetime

from starlette.responses import Response

from digest.week import Week
from seda.errors import UsageError
from web.filters import parse_date
from web.queries.agency import DEFAULT_WEEKS, agency_report
from web.queries.lookups import names
from web.queries.overview import overview as overview_data
from web.views.base import Ctx, error_page, page


def _day(ctx: Ctx, key: str, errors: list[str]) -> datetime.date | None:
    try:
        return parse_date(ctx.params.get(key))
    except UsageError:
        errors.append(f"تاریخ معتبر نیست: {ctx.params.get(key, '')[:40]}")
        return None


@page()
def overview(ctx: Ctx) -> Response:
    errors: list[str] = []
    today = ctx.state.today()
    current = Week.of(today)
    asked = _day(ctx, "week", errors)
    week = Week.of(asked) if asked else current
    data = overview_data(ctx.db, ctx.state.registry, week)
    fell_back = False
    if asked is None and data.digest.totals.about == 0:
        # Early in a week (the digest goes out on Saturday morning) the week so far is still empty: the
        # week that just ended is what the analyst wants to see, and the page says so.
        week, fell_back = current.previous, True
        data = overview_data(ctx.db, ctx.state.registry, week)
    return ctx.render("overview.html", nav="overview", data=data, week=week, errors=errors, fell_back=fell_back,
                      previous=week.previous, following=None if week >= current else Week(
                          week.start + datetime.timedelta(days=7)), current=current, names=names(ctx.db))


@page()
def agency(ctx: Ctx) -> Response:
    agency_id = ctx.request.path_params["agency_id"]
    known = names(ctx.db)
    if agency_id not in known.everyone:
        return error_page(ctx.request, 404, "چنین دستگاهی در فهرست نیست.", ctx.user)
    errors: list[str] = []
    today = ctx.state.today()
    until = _day(ctx, "to", errors) or today
    since = _day(ctx, "from", errors) or (Week.of(until).start - datetime.timedelta(days=7 * (DEFAULT_WEEKS - 1)))
    if since > until:
        errors.append("تاریخ «از» بعد از تاریخ «تا» است؛ جابه‌جا شد")
        since, until = until, since
    first, last = Week.of(since), Week.of(until)
    if (last.start - first.start).days > 7 * 104:
        first = Week(last.start - datetime.timedelta(days=7 * 103))
        errors.append("بازه به دو سال آخر آن محدود شد")
    report = agency_report(ctx.db, agency_id, first, last)
    return ctx.render("agency.html", nav="overview", agency_id=agency_id, agency_name=known.agency(agency_id),
                      report=report, first=first, last=last, errors=errors, names=known)

"""The articles list with its filters, and CSV/XLSX export of the current filter."""

from __future__ import annotations

import datetime
import io
import tempfile
from collections.abc import Iterator
from typing import IO, Any

import jdatetime
from starlette.responses import Response, StreamingResponse

from digest.week import Week
from seda.export import write_csv, write_xlsx
from web.filters import ArticleFilters, parse_filters
from web.fmt import jdate_ascii
from web.queries import articles as q
from web.queries.lookups import names
from web.views.base import Ctx, error_page, page

# A cell starting with one of these is a formula to Excel and LibreOffice: exported text is prefixed with
# an apostrophe so a crafted title cannot run anything on the analyst's machine (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_BYTES = 64 * 1024
MEDIA = {"csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@page()
def articles(ctx: Ctx) -> Response:
    f, errors = parse_filters(ctx.params)
    total = q.count(ctx.db, f)
    pages = max(1, -(-total // q.PAGE_SIZE))
    rows = q.page(ctx.db, f) if f.page <= pages else []
    return ctx.render("articles.html", nav="articles", f=f, errors=errors, rows=rows, total=total,
                      pages=pages, names=names(ctx.db), max_export=q.MAX_EXPORT, quick=quick_ranges(ctx.state.today()))


def quick_ranges(today: datetime.date) -> list[tuple[str, datetime.date, datetime.date]]:
    """Ready-made Jalali ranges next to the date inputs."""
    week = Week.of(today)
    j = jdatetime.date.fromgregorian(date=today)
    month_start = jdatetime.date(j.year, j.month, 1).togregorian()
    return [("هفته‌ی جاری", week.start, today), ("هفته‌ی قبل", week.previous.start, week.previous.end),
            ("ماه جاری", month_start, today), ("۳۰ روز اخیر", today - datetime.timedelta(days=29), today)]


def defuse(row: dict[str, Any]) -> dict[str, Any]:
    return {k: ("'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v) for k, v in row.items()}


def filename(f: ArticleFilters, ext: str) -> str:
    span = "_".join(p for p in (jdate_ascii(f.since), jdate_ascii(f.until)) if p) or "all"
    return f"seda-articles-{span}.{ext}"


def _stream(spool: IO[bytes]) -> Iterator[bytes]:
    spool.seek(0)
    with spool:
        while chunk := spool.read(CHUNK_BYTES):
            yield chunk


@page()
def export(ctx: Ctx) -> Response:
    """The file is written to a temporary file (on disk past a few MB) inside the request's transaction,
    then streamed, so a big export holds neither the database nor the memory."""
    fmt = ctx.request.path_params["fmt"]
    if fmt not in MEDIA:
        return error_page(ctx.request, 404, "این قالب خروجی پشتیبانی نمی‌شود (csv یا xlsx).", ctx.user)
    f, _ = parse_filters(ctx.params)
    rows = (defuse(r) for r in q.export_rows(ctx.db, f))
    spool = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)
    if fmt == "csv":
        text = io.TextIOWrapper(spool, encoding="utf-8", newline="")
        write_csv(rows, text)
        text.flush()
        text.detach()
    else:
        write_xlsx(rows, spool)
    headers = {"Content-Disposition": f'attachment; filename="{filename(f, fmt)}"'}
    return StreamingResponse(_stream(spool), media_type=MEDIA[fmt], headers=headers)

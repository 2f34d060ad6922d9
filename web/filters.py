"""The articles page's filters, read from the query string: Jalali or ISO dates, values checked against
what the store holds, and the same filters written back into links (pagination, export).

A value that does not parse is dropped with a Persian message shown above the results, never a 500.

>>> f, errors = parse_filters({"from": "۱۴۰۴/۰۹/۰۱", "to": "2025-11-28", "kind": "interview", "page": "2"})
>>> f.since, f.until, f.kind, f.page, errors
(datetime.date(2025, 11, 22), datetime.date(2025, 11, 28), 'interview', 2, [])
>>> parse_filters({"from": "1404-13-01", "level": "x"})[1]
['تاریخ «از» معتبر نیست: 1404-13-01', 'سطح رسانه معتبر نیست']
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from urllib.parse import urlencode

from seda.dates import parse_cli_date
from seda.errors import UsageError
from web.fmt import jdate_ascii
from web.labels import KINDS, LEVELS, NO_AGENCY, RELEVANCE

# Ids in the store are short slugs; anything longer is not one of them.
MAX_ID_CHARS = 64
MAX_PAGE = 100_000


@dataclasses.dataclass(frozen=True)
class ArticleFilters:
    since: datetime.date | None = None
    until: datetime.date | None = None
    agency: str | None = None     # an agency id, or NO_AGENCY
    source: str | None = None
    level: str | None = None
    kind: str | None = None
    relevance: str | None = None
    q: str = ""
    page: int = 1

    def params(self, **override: object) -> dict[str, str]:
        """The filters as query parameters (Jalali dates), without the empty ones."""
        values = dataclasses.replace(self, **override)  # type: ignore[arg-type]
        out = {"from": jdate_ascii(values.since), "to": jdate_ascii(values.until), "agency": values.agency,
               "source": values.source, "level": values.level, "kind": values.kind,
               "relevance": values.relevance, "q": values.q, "page": str(values.page) if values.page > 1 else ""}
        return {k: str(v) for k, v in out.items() if v}

    def query(self, **override: object) -> str:
        return urlencode(self.params(**override))

    @property
    def active(self) -> bool:
        return any(v for k, v in self.params().items() if k != "page")


def parse_date(value: str | None) -> datetime.date | None:
    """``۱۴۰۴/۰۹/۰۱``, ``1404-09-01`` or ``2025-11-22``; None when empty. Raises UsageError."""
    if value is None or not value.strip():
        return None
    return parse_cli_date(value.strip())


def _slug(value: str | None) -> str | None:
    value = (value or "").strip()
    return value if value and len(value) <= MAX_ID_CHARS else None


def parse_filters(params: Mapping[str, str]) -> tuple[ArticleFilters, list[str]]:
    errors: list[str] = []
    dates: dict[str, datetime.date | None] = {}
    for key, label in (("from", "از"), ("to", "تا")):
        try:
            dates[key] = parse_date(params.get(key))
        except UsageError:
            errors.append(f"تاریخ «{label}» معتبر نیست: {params.get(key, '')[:40]}")
            dates[key] = None
    since, until = dates["from"], dates["to"]
    if since and until and since > until:
        errors.append("تاریخ «از» بعد از تاریخ «تا» است؛ جابه‌جا شد")
        since, until = until, since

    def choice(key: str, allowed: Mapping[str, str], label: str) -> str | None:
        value = (params.get(key) or "").strip()
        if not value:
            return None
        if value not in allowed:
            errors.append(f"{label} معتبر نیست")
            return None
        return value

    level = choice("level", LEVELS, "سطح رسانه")
    kind = choice("kind", KINDS, "نوع")
    relevance = choice("relevance", RELEVANCE, "ارتباط")
    try:
        page = min(max(int((params.get("page") or "1").strip()), 1), MAX_PAGE)
    except ValueError:
        page = 1
    agency = _slug(params.get("agency"))
    return ArticleFilters(since=since, until=until, agency=agency, source=_slug(params.get("source")),
                          level=level, kind=kind, relevance=relevance, q=(params.get("q") or "").strip()[:200],
                          page=page), errors


__all__ = ["ArticleFilters", "NO_AGENCY", "parse_date", "parse_filters"]

"""The articles list: the filters as one SQL query on effective decisions, a page of rows, the total."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from seda.dates import start_of_day
from store.models import Article, SourceRow
from store.queries import iter_export_rows
from web import search
from web.filters import ArticleFilters
from web.labels import NO_AGENCY
from web.queries import effective

PAGE_SIZE = 50
# An export of the current filter holds at most this many articles (a year of the province's coverage is
# far less); past it the file says nothing about the rest, so the page tells the analyst to narrow down.
MAX_EXPORT = 50_000


@dataclass
class ArticleRow:
    id: int
    title: str
    source_id: str
    source_name: str
    level: str
    published: datetime.datetime | None
    relevance: str | None
    agency: str | None
    kind: str | None
    score: float | None
    corrected: bool
    confidence: float | None = None   # the source credit's (review queue)
    flagged: bool = False             # the credit asks for review (review queue)


def _filtered(f: ArticleFilters, *columns: Any) -> Select[Any]:
    eff_agency, eff_relevance, eff_kind = effective.agency(), effective.relevance(), effective.kind()
    stmt = select(*columns).select_from(Article).join(SourceRow, SourceRow.id == Article.source_id)
    if f.since:
        stmt = stmt.where(Article.published >= start_of_day(f.since))
    if f.until:
        stmt = stmt.where(Article.published < start_of_day(f.until + datetime.timedelta(days=1)))
    if f.source:
        stmt = stmt.where(Article.source_id == f.source)
    if f.level:
        stmt = stmt.where(SourceRow.level == f.level)
    if f.agency == NO_AGENCY:
        stmt = stmt.where(eff_agency.is_(None))
    elif f.agency:
        stmt = stmt.where(eff_agency == f.agency)
    if f.relevance:
        stmt = stmt.where(eff_relevance == f.relevance)
    if f.kind:
        stmt = stmt.where(eff_kind == f.kind)
    text_match = search.matches(f.q, Article.title, Article.lead, Article.text)
    if text_match is not None:
        stmt = stmt.where(text_match)
    return stmt


def count(session: Session, f: ArticleFilters) -> int:
    return int(session.scalar(select(func.count()).select_from(_filtered(f, Article.id).subquery())) or 0)


def page(session: Session, f: ArticleFilters, size: int | None = None) -> list[ArticleRow]:
    """One page of matching articles, newest first."""
    size = size or PAGE_SIZE
    stmt = _filtered(f, Article.id, Article.title, Article.source_id, SourceRow.name, SourceRow.level,
                     Article.published, effective.relevance(), effective.agency(), effective.kind(),
                     Article.score, effective.any_correction())
    stmt = (stmt.order_by(Article.published.desc().nulls_last(), Article.id.desc())
            .limit(size).offset((f.page - 1) * size))
    return [ArticleRow(*row) for row in session.execute(stmt)]


def export_rows(session: Session, f: ArticleFilters) -> Iterator[dict[str, Any]]:
    """The export contract's rows (``store.queries.iter_export_rows``) of the articles matching ``f``,
    oldest first, at most MAX_EXPORT."""
    urls = set(session.scalars(_filtered(f, Article.url).order_by(Article.id).limit(MAX_EXPORT)))
    if not urls:
        return
    for row in iter_export_rows(session, f.since, f.until):
        if row["url"] in urls:
            yield row

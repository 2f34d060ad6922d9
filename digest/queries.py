"""Read queries of the digest: the week's items as analysts corrected them, placements, crawl health.

Functions take a Session and only read. The effective decision mirrors ``store.queries.iter_export_rows``
(and ``store.articles.effective_decision``): the latest correction per field wins over the model.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, load_only, selectinload

from store.models import Article, Correction, CrawlRun, Placement, SourceRow, SourceRunStats

# Keeps IN (...) lists well under SQLite's bound-parameter limit on big weeks.
CHUNK = 500


@dataclass(frozen=True)
class SourceInfo:
    id: str
    name: str
    kind: str
    level: str

    @property
    def national(self) -> bool:
        return self.level == "national"

    @property
    def ministry(self) -> bool:
        return self.kind == "ministry"


@dataclass
class Item:
    """One stored article with its effective (corrected) decision."""

    id: int
    url: str
    source_id: str
    title: str
    published: datetime.datetime
    relevance: str | None
    agency: str | None
    kind: str | None
    story_id: int | None
    evidence: dict[str, Any] = field(default_factory=dict)
    credit_evidence: str | None = None
    corrected: tuple[str, ...] = ()


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i:i + CHUNK]


def sources(session: Session) -> dict[str, SourceInfo]:
    return {r.id: SourceInfo(r.id, r.name, r.kind, r.level)
            for r in session.execute(select(SourceRow.id, SourceRow.name, SourceRow.kind, SourceRow.level))}


def corrections(session: Session, article_ids: list[int]) -> dict[int, dict[str, str | None]]:
    """The latest correction per field of each article."""
    out: dict[int, dict[str, str | None]] = defaultdict(dict)
    for chunk in _chunks(article_ids):
        rows = session.execute(select(Correction.article_id, Correction.field, Correction.value)
                               .where(Correction.article_id.in_(chunk))
                               .order_by(Correction.created_at, Correction.id))
        for article_id, name, value in rows:
            out[article_id][name] = value
    return out


def about_items(session: Session, begins: datetime.datetime, ends: datetime.datetime) -> list[Item]:
    """Items published in ``[begins, ends)`` whose effective relevance is ``about``, oldest first.

    Only articles the model called ``about``, or whose relevance an analyst corrected, are loaded: the
    rest cannot be about the province."""
    corrected_relevance = select(Correction.article_id).where(Correction.field == "relevance")
    stmt = (select(Article)
            .options(load_only(Article.id, Article.url, Article.source_id, Article.title, Article.published,
                               Article.relevance, Article.kind, Article.evidence, Article.story_id),
                     selectinload(Article.credits))
            .where(Article.published >= begins, Article.published < ends,
                   or_(Article.relevance == "about", Article.id.in_(corrected_relevance)))
            .order_by(Article.published, Article.id))
    articles = list(session.scalars(stmt))
    fixes = corrections(session, [a.id for a in articles])
    items = []
    for a in articles:
        fix = fixes.get(a.id, {})
        relevance = fix.get("relevance", a.relevance)
        if relevance != "about" or a.published is None:
            continue
        credit = next((c for c in a.credits if c.role == "source"), None)
        items.append(Item(
            id=a.id, url=a.url, source_id=a.source_id, title=a.title, published=a.published,
            relevance=relevance, agency=fix.get("agency", credit.agency_id if credit else None),
            kind=fix.get("kind", a.kind), story_id=a.story_id, evidence=dict(a.evidence or {}),
            credit_evidence=credit.evidence if credit else None, corrected=tuple(sorted(fix)),
        ))
    return items


def placements(session: Session, article_ids: Iterable[int], seen_from: datetime.datetime,
               seen_until: datetime.datetime) -> dict[int, set[str]]:
    """For each article, the sources whose homepage top block showed it in ``[seen_from, seen_until)``."""
    out: dict[int, set[str]] = defaultdict(set)
    for chunk in _chunks(sorted(set(article_ids))):
        rows = session.execute(select(Placement.article_id, Placement.source_id).distinct()
                               .where(Placement.article_id.in_(chunk), Placement.seen_at >= seen_from,
                                      Placement.seen_at < seen_until))
        for article_id, source_id in rows:
            if article_id is not None:
                out[article_id].add(source_id)
    return out


def articles_per_source(session: Session, begins: datetime.datetime, ends: datetime.datetime) -> dict[str, int]:
    """How many articles (any relevance) each source has published in ``[begins, ends)``."""
    rows = session.execute(select(Article.source_id, func.count()).where(Article.published >= begins,
                                                                          Article.published < ends)
                           .group_by(Article.source_id))
    return {sid: int(n) for sid, n in rows}


@dataclass
class RunFacts:
    id: int
    started_at: datetime.datetime
    status: str
    warnings: list[str]


@dataclass
class SourceYield:
    runs: int = 0
    articles: int = 0  # new + updated over the week's runs
    article_links: int = 0
    warnings: list[str] = field(default_factory=list)


def runs_between(session: Session, begins: datetime.datetime, ends: datetime.datetime
                 ) -> tuple[list[RunFacts], dict[str, SourceYield]]:
    """The crawl runs started in ``[begins, ends)`` and what each source yielded over them."""
    runs = [RunFacts(r.id, r.started_at, r.status, [str(w) for w in (r.warnings or [])])
            for r in session.scalars(select(CrawlRun).where(CrawlRun.started_at >= begins,
                                                            CrawlRun.started_at < ends)
                                     .order_by(CrawlRun.started_at, CrawlRun.id))]
    yields: dict[str, SourceYield] = defaultdict(SourceYield)
    ids = [r.id for r in runs]
    for chunk in _chunks(ids):
        for st in session.scalars(select(SourceRunStats).where(SourceRunStats.run_id.in_(chunk))):
            y = yields[st.source_id]
            y.runs += 1
            y.articles += st.articles_new + st.articles_updated
            y.article_links += st.article_links
            if st.warning:
                y.warnings.append(st.warning)
    return runs, dict(yields)

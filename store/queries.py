"""Read side: the rows analysts export and the tables reports print. Corrections win over the model."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from seda.dates import TEHRAN, start_of_day
from store.models import AgencyRow, Article, Correction, Placement, SourceRow

EXPORT_FIELDS = ("url", "source", "source_level", "title", "published", "text", "relevance", "score", "agency",
                 "agencies", "kind", "on_homepage", "story", "evidence", "corrected")


def _period(stmt, since: datetime.date | None, until: datetime.date | None):  # type: ignore[no-untyped-def]
    if since is not None:
        stmt = stmt.where(Article.published >= start_of_day(since))
    if until is not None:
        stmt = stmt.where(Article.published < start_of_day(until + datetime.timedelta(days=1)))
    return stmt


def _corrections(session: Session, article_ids: list[int]) -> dict[int, dict[str, str | None]]:
    out: dict[int, dict[str, str | None]] = defaultdict(dict)
    if not article_ids:
        return out
    rows = session.scalars(select(Correction).where(Correction.article_id.in_(article_ids))
                           .order_by(Correction.created_at, Correction.id))
    for c in rows:
        out[c.article_id][c.field] = c.value
    return out


def iter_export_rows(session: Session, since: datetime.date | None = None, until: datetime.date | None = None,
                     batch: int = 500) -> Iterator[dict[str, Any]]:
    """One dict per stored article (the DESIGN.md export contract), oldest first, in batches."""
    levels = dict(session.execute(select(SourceRow.id, SourceRow.level)).all())
    last_id = 0
    while True:
        stmt = _period(select(Article).options(selectinload(Article.credits)), since, until)
        stmt = stmt.where(Article.id > last_id).order_by(Article.id).limit(batch)
        articles = list(session.scalars(stmt))
        if not articles:
            return
        ids = [a.id for a in articles]
        last_id = ids[-1]
        on_home = set(session.scalars(select(Placement.article_id).where(Placement.article_id.in_(ids))))
        fixes = _corrections(session, ids)
        for a in articles:
            fix = fixes.get(a.id, {})
            source = next((c.agency_id for c in a.credits if c.role == "source"), None)
            yield {
                "url": a.url, "source": a.source_id, "source_level": levels.get(a.source_id),
                "title": a.title,
                "published": a.published.astimezone(TEHRAN).isoformat() if a.published else None,
                "text": "\n".join(part for part in (a.lead, a.text) if part),
                "relevance": fix.get("relevance", a.relevance), "score": a.score,
                "agency": fix.get("agency", source),
                "agencies": sorted({c.agency_id for c in a.credits}),
                "kind": fix.get("kind", a.kind), "on_homepage": a.id in on_home, "story": a.story_id,
                "evidence": a.evidence or {}, "corrected": sorted(fix),
            }


@dataclass
class AgencyLine:
    agency_id: str
    name_fa: str
    items: int = 0
    news: int = 0
    interviews: int = 0
    reports: int = 0
    other: int = 0
    national: int = 0
    homepage: int = 0
    outlets: int = 0


def agency_table(session: Session, since: datetime.date | None = None, until: datetime.date | None = None,
                 include_empty: bool = True) -> list[AgencyLine]:
    """Per-agency coverage: items about the province credited to each agency (source role), by kind."""
    names = dict(session.execute(select(AgencyRow.id, AgencyRow.name_fa).where(AgencyRow.kind == "agency"))
                 .all())
    lines = {aid: AgencyLine(aid, name) for aid, name in names.items()}
    outlets: dict[str, set[str]] = defaultdict(set)
    for row in iter_export_rows(session, since, until):
        if row["relevance"] != "about" or not row["agency"]:
            continue
        line = lines.get(row["agency"])
        if line is None:
            continue
        line.items += 1
        kind = row["kind"]
        if kind == "news":
            line.news += 1
        elif kind == "interview":
            line.interviews += 1
        elif kind == "report":
            line.reports += 1
        else:
            line.other += 1
        line.national += row["source_level"] == "national"
        line.homepage += bool(row["on_homepage"])
        outlets[row["agency"]].add(row["source"])
    for aid, seen in outlets.items():
        lines[aid].outlets = len(seen)
    table = sorted(lines.values(), key=lambda ln: (-ln.national, -ln.items, ln.agency_id))
    return table if include_empty else [ln for ln in table if ln.items]


def counts_by(session: Session, field: str, since: datetime.date | None = None,
              until: datetime.date | None = None) -> Counter[str]:
    return Counter(str(r[field]) for r in iter_export_rows(session, since, until))

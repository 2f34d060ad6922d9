"""One agency's coverage over a period: national items by week, outlets reached, kinds, main-page
placements and its top items. Counted like the digest (``digest.collect``): items whose effective
relevance is ``about`` and whose effective source agency is this agency."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from digest import queries as dq
from digest.collect import PLACEMENT_GRACE
from digest.week import Week
from seda.dates import TEHRAN
from store.models import Article, Correction, Credit

# Weeks the agency page shows by default (about a season).
DEFAULT_WEEKS = 12
TOP_ITEMS = 10
# Keeps IN (...) lists well under SQLite's bound-parameter limit.
CHUNK = 500


@dataclass
class AgencyItem:
    id: int
    title: str
    source_id: str
    source_name: str
    national: bool
    published: datetime.datetime
    kind: str | None
    story_id: int | None
    placed_on: list[str] = field(default_factory=list)  # sources whose homepage showed it
    copies: int = 1                                    # articles of its story credited to the agency


@dataclass
class WeekCount:
    week: Week
    national: int = 0
    provincial: int = 0


@dataclass
class AgencyReport:
    agency_id: str
    weeks: list[WeekCount]
    items: list[AgencyItem]
    outlets: Counter[str]            # source name → national items
    kinds: Counter[str]              # kind → national items
    ministry_placements: int = 0
    homepage_placements: int = 0

    @property
    def national(self) -> list[AgencyItem]:
        return [it for it in self.items if it.national]

    @property
    def max_week(self) -> int:
        return max((w.national + w.provincial for w in self.weeks), default=0)

    def top(self, n: int = TOP_ITEMS) -> list[AgencyItem]:
        """National items by reach: homepages that showed it, then syndicated copies, newest first."""
        ranked = sorted(self.national, key=lambda it: (-len(it.placed_on), -it.copies, -it.published.timestamp()))
        return ranked[:n]


def _candidate_ids(session: Session, agency_id: str) -> set[int]:
    credited = select(Credit.article_id).where(Credit.agency_id == agency_id, Credit.role == "source")
    corrected = select(Correction.article_id).where(Correction.field == "agency", Correction.value == agency_id)
    return set(session.scalars(credited)) | set(session.scalars(corrected))


def agency_report(session: Session, agency_id: str, first: Week, last: Week) -> AgencyReport:
    """The agency's items published from the start of ``first`` to the end of ``last``."""
    begins, ends = first.begins_at, last.ends_at
    ids = sorted(_candidate_ids(session, agency_id))
    srcs = dq.sources(session)
    articles: list[Article] = []
    for i in range(0, len(ids), CHUNK):
        articles += session.scalars(select(Article).options(selectinload(Article.credits))
                                    .where(Article.id.in_(ids[i:i + CHUNK]), Article.published >= begins,
                                           Article.published < ends))
    fixes = dq.corrections(session, [a.id for a in articles])
    items: list[AgencyItem] = []
    for a in articles:
        fix = fixes.get(a.id, {})
        credited = next((c.agency_id for c in a.credits if c.role == "source"), None)
        if fix.get("relevance", a.relevance) != "about" or fix.get("agency", credited) != agency_id:
            continue
        src = srcs.get(a.source_id)
        items.append(AgencyItem(id=a.id, title=a.title, source_id=a.source_id,
                                source_name=src.name if src else a.source_id,
                                national=bool(src and src.national), published=a.published,  # type: ignore[arg-type]
                                kind=fix.get("kind", a.kind), story_id=a.story_id))
    placed = dq.placements(session, [it.id for it in items], begins, ends + PLACEMENT_GRACE)
    stories = Counter(it.story_id for it in items if it.national and it.story_id is not None)
    report = AgencyReport(agency_id, weeks=[], items=sorted(items, key=lambda it: it.published, reverse=True),
                          outlets=Counter(), kinds=Counter())
    by_week: dict[datetime.date, WeekCount] = {}
    week = first
    while week <= last:
        by_week[week.start] = WeekCount(week)
        week = Week(week.start + datetime.timedelta(days=7))
    for it in items:
        it.placed_on = sorted(placed.get(it.id, ()))
        count = by_week.get(Week.of(it.published.astimezone(TEHRAN).date()).start)
        if count is not None:
            if it.national:
                count.national += 1
            else:
                count.provincial += 1
        if not it.national:
            continue
        it.copies = stories[it.story_id] if it.story_id is not None else 1
        report.outlets[it.source_name] += 1
        report.kinds[it.kind or "news"] += 1
        for sid in it.placed_on:
            s = srcs.get(sid)
            if s and s.ministry:
                report.ministry_placements += 1
            elif s and s.national:
                report.homepage_placements += 1
    report.weeks = list(by_week.values())
    return report

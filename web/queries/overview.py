"""The overview: a week against the one before, reusing the digest's figures (``digest.collect``), plus the
week's items about the province by kind and by outlet level."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from digest import queries as dq
from digest.collect import WeekDigest, collect_week
from digest.week import Week
from seda.registry import Registry
from store.models import Article


@dataclass
class KindLevel:
    """Items about the province in a week, by kind × level, and the previous week's totals."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    previous: Counter[tuple[str, str]] = field(default_factory=Counter)

    def cell(self, kind: str, level: str) -> int:
        return self.counts[(kind, level)]

    def kind_total(self, kind: str, previous: bool = False) -> int:
        src = self.previous if previous else self.counts
        return sum(n for (k, _), n in src.items() if k == kind)

    def level_total(self, level: str, previous: bool = False) -> int:
        src = self.previous if previous else self.counts
        return sum(n for (_, lv), n in src.items() if lv == level)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def previous_total(self) -> int:
        return sum(self.previous.values())


@dataclass
class Overview:
    week: Week
    digest: WeekDigest
    by_kind_level: KindLevel
    article_ids: dict[str, int] = field(default_factory=dict)  # top story URL → article id

    @property
    def chart_max(self) -> int:
        return max([ln.national for ln in self.digest.scorecard] + [ln.previous for ln in self.digest.scorecard]
                   + [0])


def _kind_level(session: Session, week: Week, levels: dict[str, str]) -> Counter[tuple[str, str]]:
    items = dq.about_items(session, week.begins_at, week.ends_at)
    return Counter((it.kind or "news", levels.get(it.source_id, "provincial")) for it in items)


def overview(session: Session, registry: Registry, week: Week) -> Overview:
    levels = {sid: s.level for sid, s in dq.sources(session).items()}
    kl = KindLevel(_kind_level(session, week, levels), _kind_level(session, week.previous, levels))
    digest = collect_week(session, registry, week)
    urls = [s.url for s in digest.top_stories]
    ids = dict(session.execute(select(Article.url, Article.id).where(Article.url.in_(urls))).all()) if urls else {}
    return Overview(week=week, digest=digest, by_kind_level=kl, article_ids=ids)

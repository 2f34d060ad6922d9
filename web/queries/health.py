"""Crawl health: the recent runs with their figures and warnings, and the sources that warn or go quiet."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import CrawlRun, SourceRunStats
from store.runs import recent_runs

RECENT_RUNS = 20


@dataclass
class SourceHealth:
    source_id: str
    warnings: list[tuple[int, str]] = field(default_factory=list)   # (run id, warning), newest first
    quiet_runs: int = 0           # runs in which no article link was found
    errors: int = 0
    last: SourceRunStats | None = None


@dataclass
class Health:
    runs: list[CrawlRun]
    stats: dict[int, list[SourceRunStats]]          # run id → per-source figures
    sources: list[SourceHealth]                     # sources with a warning, errors or a quiet run

    @property
    def latest(self) -> CrawlRun | None:
        return self.runs[0] if self.runs else None


def crawl_health(session: Session, limit: int = RECENT_RUNS) -> Health:
    runs = recent_runs(session, limit)
    ids = [r.id for r in runs]
    stats: dict[int, list[SourceRunStats]] = defaultdict(list)
    if ids:
        for st in session.scalars(select(SourceRunStats).where(SourceRunStats.run_id.in_(ids))
                                  .order_by(SourceRunStats.source_id)):
            stats[st.run_id].append(st)
    per_source: dict[str, SourceHealth] = {}
    for run in runs:  # newest first
        for st in stats.get(run.id, []):
            h = per_source.setdefault(st.source_id, SourceHealth(st.source_id))
            if h.last is None:
                h.last = st
            if st.warning:
                h.warnings.append((run.id, st.warning))
            h.quiet_runs += st.article_links == 0
            h.errors += sum(int(v) for v in (st.errors or {}).values() if isinstance(v, int | float))
    troubled = [h for h in per_source.values() if h.warnings or h.quiet_runs]
    troubled.sort(key=lambda h: (-len(h.warnings), -h.quiet_runs, h.source_id))
    return Health(runs=runs, stats=dict(stats), sources=troubled)

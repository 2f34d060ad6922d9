"""The scheduler's own record: one row per job run, whatever happened (ok, failed, skipped, missed...).

A crawl also records itself in ``crawl_runs`` (figures, warnings); this table adds what ``crawl_runs``
cannot hold: crawls that were skipped because another one was running, runs missed while the scheduler
was down, and digest runs. It has its own metadata (the scheduler creates it), so the store's schema does
not change under the other commands.

Integration note: when the store gains migrations, this table belongs in ``store/models.py``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Column, Date, Engine, Integer, MetaData, String, Table, Text, insert, select

from store.models import AwareDateTime

metadata = MetaData()

schedule_runs = Table(
    "schedule_runs", metadata,
    Column("id", Integer, primary_key=True),
    Column("job", String(32), nullable=False),               # crawl | digest
    Column("trigger", String(16), nullable=False),           # schedule | once
    # ok | partial | failed | interrupted | skipped | missed
    Column("status", String(16), nullable=False),
    Column("detail", Text),
    Column("crawl_run_id", Integer),                         # crawl_runs.id of a crawl that ran
    Column("week_start", Date),                              # the week a digest covered
    Column("scheduled_for", AwareDateTime()),                # the fire time, for missed runs
    Column("started_at", AwareDateTime(), nullable=False),
    Column("finished_at", AwareDateTime(), nullable=False),
)

# Longest detail kept: the first lines of an error are what an operator reads; the log has the rest.
MAX_DETAIL_CHARS = 2000


def ensure_schema(engine: Engine) -> None:
    metadata.create_all(engine, checkfirst=True)


def record_run(engine: Engine, job: str, trigger: str, status: str, detail: str = "", *,
               started_at: datetime | None = None, crawl_run_id: int | None = None,
               week_start: date | None = None, scheduled_for: datetime | None = None) -> None:
    """Write one finished job run (a single insert, so a killed process never leaves half a row)."""
    now = datetime.now(UTC)
    with engine.begin() as conn:
        conn.execute(insert(schedule_runs).values(
            job=job, trigger=trigger, status=status, detail=(detail or "")[:MAX_DETAIL_CHARS] or None,
            crawl_run_id=crawl_run_id, week_start=week_start, scheduled_for=scheduled_for,
            started_at=started_at or now, finished_at=now))


def recent_runs(engine: Engine, limit: int = 20) -> list[dict[str, Any]]:
    """The latest job runs, newest first."""
    ensure_schema(engine)
    with engine.connect() as conn:
        rows = conn.execute(select(schedule_runs).order_by(schedule_runs.c.id.desc()).limit(limit))
        return [dict(r._mapping) for r in rows]


__all__ = ["ensure_schema", "record_run", "recent_runs", "schedule_runs"]

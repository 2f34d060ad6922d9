"""The persistent job store: runs missed while the scheduler was down are run once on start (coalesced)
within the grace time, recorded as missed beyond it; a restart does not forget an overdue run."""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from seda.config import Config
from seda.scheduling import build_scheduler, config_file, run_scheduler, sync_jobs
from seda.scheduling import jobs as jobs_module
from seda.scheduling.history import recent_runs
from store.db import make_engine

UTC = datetime.UTC


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Replace both job functions (the job store resolves them by name when it loads the job)."""
    seen: list[tuple[str, str]] = []

    def fake(job: str) -> Callable[..., dict[str, Any]]:
        def run(config_path: str, trigger: str = "schedule") -> dict[str, Any]:
            seen.append((job, config_path))
            return {"job": job, "status": "ok", "detail": "fake"}
        return run

    monkeypatch.setattr(jobs_module, "crawl_job", fake("crawl"))
    monkeypatch.setattr(jobs_module, "digest_job", fake("digest"))
    return seen


def previous_life(config: Config, crawl_due: datetime.datetime) -> int:
    """A scheduler that ran once, stored its jobs, and went down with the crawl due at ``crawl_due``.

    Returns how many crawl fire times were missed up to now."""
    scheduler = build_scheduler(config)
    scheduler.start(paused=True)
    sync_jobs(scheduler, config, config_file(config))
    scheduler.modify_job("crawl", next_run_time=crawl_due)
    job = scheduler.get_job("crawl")
    missed = len(job._get_run_times(datetime.datetime.now(UTC)))
    scheduler.shutdown(wait=False)
    return missed


@pytest.fixture
def running() -> Iterator[Callable[[Config], None]]:
    """``running(config)`` starts run_scheduler in a thread; it is stopped at the end of the test."""
    stop = threading.Event()
    threads: list[threading.Thread] = []
    errors: list[BaseException] = []

    def start(config: Config) -> None:
        def target() -> None:
            try:
                run_scheduler(config, stop=stop)
            except BaseException as exc:  # noqa: BLE001 - reported by the fixture
                errors.append(exc)
        t = threading.Thread(target=target)
        t.start()
        threads.append(t)

    yield start
    stop.set()
    for t in threads:
        t.join(30)
        assert not t.is_alive()
    assert not errors, errors


def wait_for(predicate: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def stored_next_run(config: Config, job_id: str) -> datetime.datetime:
    scheduler = build_scheduler(config)
    scheduler.start(paused=True)
    try:
        return scheduler.get_job(job_id).next_run_time
    finally:
        scheduler.shutdown(wait=False)


def test_missed_runs_run_once_after_downtime(make_config, calls, running) -> None:
    # Hourly crawl, down for five and a half hours: five fire times missed, the latest one within the grace.
    config = make_config(schedule={"crawl": "0 * * * *", "digest": "0 8 * * sat", "misfire_grace_minutes": 120})
    now = datetime.datetime.now(UTC)
    assert previous_life(config, now - datetime.timedelta(hours=5, minutes=30)) >= 5
    running(config)
    wait_for(lambda: len(calls) >= 1)
    time.sleep(1.5)  # a non-coalescing scheduler would be running the other missed times by now
    assert calls == [("crawl", config_file(config))]
    assert stored_next_run(config, "crawl") > now  # back on the hourly schedule


def test_a_run_missed_beyond_the_grace_is_recorded_not_run(make_config, calls, running, db_url: str) -> None:
    # The crawl fires on 29 February only, so nothing else falls due between the missed run and now.
    config = make_config(schedule={"crawl": "0 0 29 2 *", "misfire_grace_minutes": 10})
    due = datetime.datetime.now(UTC) - datetime.timedelta(hours=3)
    previous_life(config, due)
    running(config)
    engine = make_engine(db_url)
    wait_for(lambda: any(r["status"] == "missed" for r in recent_runs(engine)))
    (row,) = recent_runs(engine)
    engine.dispose()
    assert (row["job"], row["status"]) == ("crawl", "missed") and "more than 10 minutes late" in row["detail"]
    assert abs(row["scheduled_for"] - due) < datetime.timedelta(seconds=1)
    assert calls == []
    next_run = stored_next_run(config, "crawl")
    assert next_run > datetime.datetime.now(UTC) and next_run.strftime("%m-%d %H:%M %z") == "02-29 00:00 +0330"


def test_a_restart_keeps_the_pending_run_and_a_changed_cron_reschedules(make_config, tmp_path) -> None:
    config = make_config()
    overdue = datetime.datetime.now(UTC) - datetime.timedelta(minutes=5)
    previous_life(config, overdue)

    scheduler = build_scheduler(config)
    scheduler.start(paused=True)
    sync_jobs(scheduler, config, config_file(config))  # same config: the overdue time survives
    assert scheduler.get_job("crawl").next_run_time == overdue
    scheduler.shutdown(wait=False)

    changed = make_config(schedule={"crawl": "15 3 * * *"})
    scheduler = build_scheduler(changed)
    scheduler.start(paused=True)
    (crawl, digest) = sync_jobs(scheduler, changed, config_file(changed))
    scheduler.shutdown(wait=False)
    assert crawl.next_run_time > datetime.datetime.now(UTC)
    assert crawl.next_run_time.strftime("%H:%M %z") == "03:15 +0330"
    assert crawl.args == (config_file(changed),) and crawl.coalesce and crawl.max_instances == 1
    assert crawl.misfire_grace_time == 360 * 60 and digest.func_ref == "seda.scheduling.jobs:digest_job"


def test_two_schedulers_on_one_database_are_refused(make_config, calls, running) -> None:
    from seda.scheduling import SchedulerBusy

    config = make_config()
    running(config)
    engine = make_engine(config.database.url)

    def jobs_stored() -> bool:  # the first scheduler holds its lock before it touches the job store
        try:
            with engine.connect() as conn:
                return conn.execute(text("SELECT count(*) FROM apscheduler_jobs")).scalar_one() == 2
        except DBAPIError:
            return False

    wait_for(jobs_stored)
    engine.dispose()
    with pytest.raises(SchedulerBusy, match="another scheduler is already running on this database"):
        run_scheduler(config, stop=threading.Event())

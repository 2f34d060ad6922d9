"""The job functions: a crawl that finds another one running is skipped and recorded; the digest job
sends the right week, and records a clear failure when the digest package is missing."""

from __future__ import annotations

import datetime
import logging
import multiprocessing
import sys
import types
from typing import Any

import pytest
from sqlalchemy import func, select

from schedhelp import hold_lock
from seda.scheduling import crawl_job, digest_job
from seda.scheduling import jobs as jobs_module
from seda.scheduling.history import recent_runs
from store.db import make_engine
from store.models import CrawlRun

SPAWN = multiprocessing.get_context("spawn")


def runs_of(url: str) -> list[dict[str, Any]]:
    engine = make_engine(url)
    try:
        return recent_runs(engine)
    finally:
        engine.dispose()


def crawl_run_count(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(CrawlRun)).scalar_one()
    finally:
        engine.dispose()


def test_crawl_is_skipped_while_another_process_crawls(make_config, db_url: str,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    config = make_config()
    held, release = SPAWN.Event(), SPAWN.Event()
    holder = SPAWN.Process(target=hold_lock, args=(db_url, "crawl", 600, held, release))
    holder.start()
    try:
        assert held.wait(60)
        with caplog.at_level(logging.INFO, logger="seda.scheduling"):
            outcome = crawl_job(str(config.path))
    finally:
        release.set()
        holder.join(30)
    assert outcome["status"] == "skipped"
    assert outcome["detail"].startswith("another crawl is running (lock 'crawl' held by ")
    assert "crawl: skipped: another crawl is running" in caplog.text
    (row,) = runs_of(db_url)
    assert (row["job"], row["trigger"], row["status"]) == ("crawl", "schedule", "skipped")
    assert row["detail"].startswith("another crawl is running") and row["crawl_run_id"] is None
    assert crawl_run_count(db_url) == 0  # no crawl was started, so no crawl run either


def test_digest_job_records_a_clear_failure_when_the_package_is_missing(
        make_config, db_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    config = make_config()
    monkeypatch.setitem(sys.modules, "digest", None)  # "import digest" raises ImportError
    outcome = digest_job(str(config.path))
    assert outcome["status"] == "failed"
    assert "the digest package cannot be imported" in outcome["detail"]
    (row,) = runs_of(db_url)
    assert (row["job"], row["status"]) == ("digest", "failed") and "cannot be imported" in row["detail"]
    assert "digest: failed: week " in caplog.text

    monkeypatch.setitem(sys.modules, "digest", types.ModuleType("digest"))  # half-written: no send_week
    assert "has no send_week" in digest_job(str(config.path))["detail"]


def fake_digest(monkeypatch: pytest.MonkeyPatch, status: str, error: str | None = None) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    module = types.ModuleType("digest")

    def send_week(config: Any, factory: Any, registry: Any, week_start: datetime.date, *, force: bool = False
                  ) -> Any:
        calls.append({"config": config, "factory": factory, "registry": registry, "week_start": week_start,
                      "force": force})
        return types.SimpleNamespace(status=status, error=error, week_start=week_start)

    module.send_week = send_week  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "digest", module)
    return calls


def test_digest_job_sends_the_week_that_just_ended(make_config, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    config = make_config()
    calls = fake_digest(monkeypatch, "sent")
    monkeypatch.setattr(jobs_module, "today", lambda tz: datetime.date(2026, 3, 21))  # 1405-01-01, Saturday
    outcome = digest_job(str(config.path))
    (call,) = calls
    assert call["week_start"] == datetime.date(2026, 3, 14) and call["force"] is False
    assert call["config"].database.url == config.database.url
    assert call["registry"].province_name and callable(call["factory"])
    assert outcome["status"] == "ok" and outcome["detail"] == "week 1404-12-23..1404-12-29: sent"
    (row,) = runs_of(db_url)
    assert (row["job"], row["status"], row["week_start"]) == ("digest", "ok", datetime.date(2026, 3, 14))


def test_digest_job_records_a_failed_send(make_config, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    config = make_config()
    fake_digest(monkeypatch, "failed", "SMTP 554 refused")
    outcome = digest_job(str(config.path))
    assert outcome["status"] == "failed" and outcome["detail"].endswith("failed: SMTP 554 refused")
    assert runs_of(db_url)[0]["status"] == "failed"


def test_today_is_the_tehran_date() -> None:
    tehran = jobs_module.today("Asia/Tehran")
    utc = datetime.datetime.now(datetime.UTC)
    assert tehran in {(utc + datetime.timedelta(hours=3, minutes=30)).date(),
                      (utc + datetime.timedelta(hours=3, minutes=29)).date()}


def test_a_broken_config_is_logged_not_raised(tmp_path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("database: {url: 'sqlite:///s.db'}\ncrawl: {max_depth: 0}\n", encoding="utf-8")
    outcome = crawl_job(str(path))
    assert outcome["status"] == "failed" and "crawl.max_depth" in outcome["detail"]
    assert "crawl: failed: crawl.max_depth" in caplog.text


def test_an_unexpected_crash_is_recorded_and_the_lock_released(make_config, db_url: str,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    import crawler.run
    from store.locks import crawl_lock

    def broken(*args: Any, **kwargs: Any) -> dict[str, Any]:
        raise RuntimeError("spider exploded")

    monkeypatch.setattr(crawler.run, "run_crawl", broken)
    config = make_config()
    outcome = crawl_job(str(config.path))
    assert outcome == {"job": "crawl", "status": "failed", "detail": "RuntimeError: spider exploded"}
    assert "crawl: unexpected failure" in caplog.text and "Traceback" in caplog.text  # the daemon log has it
    assert runs_of(db_url)[0]["status"] == "failed"
    engine = make_engine(db_url)
    with crawl_lock(engine):
        pass
    engine.dispose()

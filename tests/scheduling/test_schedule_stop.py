"""Stopping: SIGTERM/SIGINT to a scheduler (or a --once) in the middle of a slow crawl leaves no run
``running``, releases the locks, and exits cleanly; a crawl that will not stop is killed and marked."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from schedhelp import SlowSite, write_config
from seda.config import Config
from seda.scheduling import build_scheduler, config_file, run_scheduler, sync_jobs
from store.db import make_engine
from store.locks import crawl_lock

pytestmark = pytest.mark.slow
SEDA = str(Path(sys.executable).parent / "seda")


def crawl_overdue(config: Config) -> None:
    """Store the jobs with the crawl due a minute ago, as if the scheduler had been down at crawl time."""
    scheduler = build_scheduler(config)
    scheduler.start(paused=True)
    sync_jobs(scheduler, config, config_file(config))
    scheduler.modify_job("crawl", next_run_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=1))
    scheduler.shutdown(wait=False)


def wait_for(predicate: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def crawl_run_exists(url: str) -> Callable[[], bool]:
    engine = make_engine(url)

    def check() -> bool:
        try:
            with engine.connect() as conn:
                return bool(conn.execute(text("SELECT count(*) FROM crawl_runs")).scalar_one())
        except Exception:  # noqa: BLE001 - the table is not there yet
            return False

    return check


def assert_clean(url: str, trigger: str = "schedule") -> None:
    engine = make_engine(url)
    with engine.connect() as conn:
        runs = conn.execute(text("SELECT status FROM crawl_runs")).scalars().all()
        jobs = conn.execute(text("SELECT job, trigger, status FROM schedule_runs")).all()
    assert runs == ["interrupted"]  # closed by the crawl itself or by the scheduler, never left running
    assert [tuple(j) for j in jobs] == [("crawl", trigger, "interrupted")]
    with crawl_lock(engine), crawl_lock(engine, "scheduler"):  # both locks were released
        pass
    engine.dispose()


def start(args: list[str], tmp_path: Path) -> tuple[subprocess.Popen[bytes], Path]:
    log = tmp_path / "stderr.txt"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEDA_")}
    env["TZ"] = "America/New_York"  # the server's zone must not matter
    with log.open("wb") as err:
        proc = subprocess.Popen([SEDA, *args], stdout=subprocess.PIPE, stderr=err, env=env,
                                start_new_session=True)  # like a service: no terminal, its own group
    return proc, log


@pytest.mark.parametrize(("signum", "moment"), [
    (signal.SIGTERM, "fetching"),   # Scrapy is running: it closes the run itself, as interrupted
    (signal.SIGTERM, "starting"),   # the crawl process is still importing: the scheduler closes the run
    (signal.SIGINT, "fetching"),
])
def test_signal_stops_the_scheduler_cleanly(tmp_path: Path, signum: int, moment: str) -> None:
    url = f"sqlite:///{tmp_path / 'seda.db'}"
    with SlowSite(delay=2.0) as site:
        config = write_config(tmp_path / "config.yaml", url, homepage=site.url)
        crawl_overdue(config)
        proc, log = start(["--config", str(config.path), "schedule"], tmp_path)
        try:
            wait_for(site.hit.is_set if moment == "fetching" else crawl_run_exists(url))
            proc.send_signal(signum)
            assert proc.wait(90) == 0, log.read_text()
        finally:
            if proc.poll() is None:
                proc.kill()
    stderr = log.read_text()
    assert f"{signal.Signals(signum).name} received: stopping" in stderr and "scheduler stopped" in stderr
    assert "Traceback" not in stderr.split("received: stopping")[1]
    assert_clean(url)


@pytest.mark.postgres
def test_sigterm_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    with SlowSite(delay=2.0) as site:
        config = write_config(tmp_path / "config.yaml", pg_url, homepage=site.url)
        crawl_overdue(config)
        proc, log = start(["--config", str(config.path), "schedule"], tmp_path)
        try:
            wait_for(site.hit.is_set)
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(90) == 0, log.read_text()
        finally:
            if proc.poll() is None:
                proc.kill()
    assert_clean(pg_url)


def test_sigterm_interrupts_a_once_crawl(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'seda.db'}"
    with SlowSite(delay=2.0) as site:
        config = write_config(tmp_path / "config.yaml", url, homepage=site.url)
        proc, log = start(["--config", str(config.path), "schedule", "--once", "crawl"], tmp_path)
        try:
            wait_for(site.hit.is_set)
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(90) == 130, log.read_text()
        finally:
            if proc.poll() is None:
                proc.kill()
    assert log.read_text().strip().splitlines()[-1] in ("seda: aborted", "seda: interrupted")
    assert_clean(url, trigger="once")


def test_a_crawl_that_outlives_the_grace_is_killed_and_marked(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'seda.db'}"
    stop = threading.Event()
    with SlowSite(delay=60.0) as site:  # in-flight requests would hold Scrapy's graceful stop for a minute
        config = write_config(tmp_path / "config.yaml", url, homepage=site.url, crawl={"timeout_seconds": 120})
        crawl_overdue(config)
        t0 = time.monotonic()
        worker = threading.Thread(target=run_scheduler, args=(config,), kwargs={"stop": stop, "grace_seconds": 2.0})
        worker.start()
        try:
            wait_for(site.hit.is_set)
            stop.set()
            worker.join(60)
        finally:
            stop.set()
            site.closing.set()
    assert not worker.is_alive() and time.monotonic() - t0 < 45
    engine = make_engine(url)
    with engine.connect() as conn:
        status, warnings = conn.execute(text("SELECT status, warnings FROM crawl_runs")).one()
    engine.dispose()
    assert status == "interrupted" and "did not stop within 2 s" in warnings
    assert_clean(url)

"""The scheduler process: APScheduler with a job store in the database, and a clean stop on SIGTERM/SIGINT.

Jobs live in the ``apscheduler_jobs`` table of the configured database, so a run that fell due while the
scheduler was down is still known when it starts again: APScheduler runs it once (``coalesce``), provided
it is no older than ``schedule.misfire_grace_minutes``. On start the stored jobs are reconciled with the
config: an unchanged schedule keeps its pending (possibly overdue) run time, a changed one is rescheduled.

Stopping: the first SIGTERM or SIGINT stops new runs, asks a running crawl's process to stop (Scrapy
closes its run as ``interrupted``) and waits up to :data:`SHUTDOWN_GRACE_SECONDS`; past that, or on a
second signal, the run is marked ``interrupted`` and its process killed. No run is left ``running``.
"""

from __future__ import annotations

import datetime
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from types import FrameType
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.events import EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED, JobExecutionEvent, JobSubmissionEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.job import Job
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED
from sqlalchemy import Engine

from seda.config import Config
from seda.dates import jalali_str
from seda.errors import ConfigError, SedaError, UsageError
from seda.scheduling import jobs
from seda.scheduling.history import ensure_schema, recent_runs, record_run
from seda.scheduling.triggers import digest_week, job_specs, next_fire_times, triggers

logger = logging.getLogger(__name__)

# How long a stop waits for a running crawl to close its run. Scrapy's graceful stop lets in-flight
# requests finish (at most crawl.timeout_seconds, 20 s by default) and then writes the run's figures;
# 60 s covers that with room, and stays under systemd's default 90 s before it sends SIGKILL.
SHUTDOWN_GRACE_SECONDS = 60.0
# After the grace, how long to wait for jobs to notice their killed crawl before giving up on them.
SHUTDOWN_KILL_WAIT_SECONDS = 15.0
JOBSTORE_TABLE = "apscheduler_jobs"
CRAWL_PROCESS_PREFIX = "seda-crawl-"  # crawler.run names its child process seda-crawl-<run id>


class SchedulerBusy(SedaError):
    """Another scheduler process already runs on this database (it would run every job twice)."""


class JobFailed(SedaError):
    """A job run by ``--once`` did not end ``ok``."""


def config_file(config: Config) -> str:
    """The absolute config path the jobs reload (a job in the store carries only this string)."""
    if config.path is None:
        raise ConfigError("the scheduler needs a config file (pass --config PATH)")
    return str(config.path.resolve())


# -- building the scheduler ---------------------------------------------------------------------------------

class SedaScheduler(BackgroundScheduler):
    """APScheduler 3's background scheduler, minus one trap.

    On ``shutdown()`` its thread wakes up and processes the job store once more, although stopped: a job
    due at that moment is refused by the executor (already shut down) and yet moved on to its next fire
    time in the store, so the run is lost; shutting down a *paused* scheduler does the same to every
    overdue job. A stopped scheduler here leaves the store alone, so the run is still due next start.
    """

    def _process_jobs(self) -> float | None:
        if self.state == STATE_STOPPED:
            return None
        return super()._process_jobs()  # type: ignore[no-any-return]


def build_scheduler(config: Config, *, jobstore_engine: Engine | None = None,
                    history_engine: Engine | None = None) -> SedaScheduler:
    """A configured, not yet started scheduler: Tehran clock, job store in the database, coalescing."""
    from store.db import make_engine

    grace = config.schedule.misfire_grace_minutes * 60
    scheduler = SedaScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=jobstore_engine or make_engine(config.database.url),
                                                 tablename=JOBSTORE_TABLE)},
        # One worker per job: the digest is not held up by a long crawl.
        executors={"default": ThreadPoolExecutor(max_workers=len(job_specs(config)))},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": grace},
        timezone=ZoneInfo(config.schedule.timezone),
    )
    if history_engine is not None:
        def missed(event: JobExecutionEvent) -> None:
            when = event.scheduled_run_time.astimezone(ZoneInfo(config.schedule.timezone))
            logger.warning("%s: the run due %s was missed by more than %d minutes; next one on schedule",
                           event.job_id, when, config.schedule.misfire_grace_minutes)
            try:
                record_run(history_engine, event.job_id, "schedule", "missed",
                           f"due {when:%Y-%m-%d %H:%M %z}; more than {config.schedule.misfire_grace_minutes} "
                           "minutes late (schedule.misfire_grace_minutes)", scheduled_for=when)
            except Exception as exc:  # noqa: BLE001
                logger.error("could not record the missed run of %s: %s", event.job_id, exc)

        def still_running(event: JobSubmissionEvent) -> None:
            logger.warning("%s: not started at %s: its previous run is still going", event.job_id,
                           event.scheduled_run_times[-1])
            try:
                record_run(history_engine, event.job_id, "schedule", "skipped", "the previous run is still going",
                           scheduled_for=event.scheduled_run_times[-1])
            except Exception as exc:  # noqa: BLE001
                logger.error("could not record the skipped run of %s: %s", event.job_id, exc)

        scheduler.add_listener(missed, EVENT_JOB_MISSED)
        scheduler.add_listener(still_running, EVENT_JOB_MAX_INSTANCES)
    return scheduler


def sync_jobs(scheduler: BackgroundScheduler, config: Config, config_path: str) -> list[Job]:
    """Make the stored jobs match the config (the scheduler must be started, paused is fine).

    An unchanged trigger keeps the stored next run time, so a run missed during downtime is not lost by
    a restart; a changed cron expression or time zone reschedules from now.
    """
    specs = job_specs(config)
    wanted = triggers(config)
    grace = config.schedule.misfire_grace_minutes * 60
    for job in scheduler.get_jobs():
        if job.id not in wanted:
            logger.info("removing job %r, no longer configured", job.id)
            scheduler.remove_job(job.id)
    for spec in specs:
        trigger = wanted[spec.id]
        options: dict[str, Any] = {"func": spec.func, "args": (config_path,), "kwargs": {}, "name": spec.name,
                                   "coalesce": True, "max_instances": 1, "misfire_grace_time": grace}
        job = scheduler.get_job(spec.id)
        if job is None:
            scheduler.add_job(id=spec.id, trigger=trigger, **options)
        else:
            scheduler.modify_job(spec.id, **options)
            if not _same_trigger(job.trigger, trigger):
                logger.info("%s: schedule changed to %r (%s)", spec.id, spec.cron, config.schedule.timezone)
                scheduler.reschedule_job(spec.id, trigger=trigger)
            elif job.next_run_time is None:
                scheduler.resume_job(spec.id)
    return [j for j in (scheduler.get_job(s.id) for s in specs) if j is not None]


def _same_trigger(a: Any, b: Any) -> bool:
    return type(a) is type(b) and str(a) == str(b) and str(getattr(a, "timezone", "")) == str(
        getattr(b, "timezone", "")) and getattr(a, "jitter", None) == getattr(b, "jitter", None)


# -- running it ---------------------------------------------------------------------------------------------

class _Signals:
    """SIGTERM/SIGINT set ``stop``; a second one sets ``hurry``. Installed only in the main thread."""

    def __init__(self, stop: threading.Event) -> None:
        self.stop, self.hurry = stop, threading.Event()
        self.received: int | None = None
        self.group_got_it = False
        self._previous: dict[int, Any] = {}

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.stop.is_set():
            self.hurry.set()
        else:
            self.received = signum
            self.group_got_it = _terminal_group_signal(signum)
        self.stop.set()

    @contextmanager
    def installed(self) -> Iterator[None]:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGTERM, signal.SIGINT):
                self._previous[sig] = signal.signal(sig, self._handle)
        try:
            yield
        finally:
            for sig, handler in self._previous.items():
                signal.signal(sig, handler)


def _terminal_group_signal(signum: int) -> bool:
    """Was this SIGINT a Ctrl-C at our terminal? Then the crawl process (same process group) got it too."""
    if signum != signal.SIGINT:
        return False
    try:
        fd = os.open("/dev/tty", os.O_RDONLY)
    except OSError:
        return False
    try:
        return os.tcgetpgrp(fd) == os.getpgrp()
    except OSError:
        return False
    finally:
        os.close(fd)


def run_scheduler(config: Config, *, stop: threading.Event | None = None,
                  grace_seconds: float = SHUTDOWN_GRACE_SECONDS) -> None:
    """Run the schedule in the foreground until SIGTERM/SIGINT (or ``stop`` is set); returns when clean."""
    from store.db import open_store
    from store.locks import LockBusy, crawl_lock

    config_path = config_file(config)
    triggers(config)  # a bad cron expression is a one-line ConfigError before anything starts
    jobs.STOPPING.clear()
    factory = open_store(config.database.url)
    engine: Engine = factory.kw["bind"]
    signals = _Signals(stop or threading.Event())
    with ExitStack() as stack:
        stack.callback(engine.dispose)
        ensure_schema(engine)
        stack.enter_context(signals.installed())
        try:
            # APScheduler 3 cannot share a job store between processes: two schedulers would run every job twice.
            stack.enter_context(crawl_lock(engine, "scheduler"))
        except LockBusy as exc:
            raise SchedulerBusy(f"another scheduler is already running on this database ({exc.holder})") from None
        _serve(config, config_path, engine, signals, grace_seconds)


def _serve(config: Config, config_path: str, engine: Engine, signals: _Signals, grace_seconds: float) -> None:
    tz = ZoneInfo(config.schedule.timezone)
    scheduler = build_scheduler(config, history_engine=engine)
    scheduler.start(paused=True)
    try:
        now = datetime.datetime.now(tz)
        for job in sync_jobs(scheduler, config, config_path):
            if job.next_run_time is not None and job.next_run_time <= now:
                late = now - job.next_run_time
                logger.info("%s: a run fell due while the scheduler was down (%s ago); it runs now, once, if "
                            "within the %d-minute grace", job.id, _short(late), config.schedule.misfire_grace_minutes)
            else:
                logger.info("%s: next run %s", job.id, _when(job.next_run_time, tz))
        scheduler.resume()
        logger.info("scheduler running in %s; SIGTERM or Ctrl-C stops it", config.schedule.timezone)
        while not signals.stop.wait(1.0):
            pass
        name = signal.Signals(signals.received).name if signals.received else "stop request"
        logger.warning("%s received: stopping (a running crawl is asked to close its run)", name)
    finally:
        scheduler.pause()  # no new runs; then a job that had not started its work yet will not start it
        jobs.STOPPING.set()
        try:
            _shutdown(scheduler, engine, signals, grace_seconds)
        finally:
            jobs.STOPPING.clear()  # the jobs are over: a later job in this process runs normally
    logger.info("scheduler stopped")


def _crawl_children() -> list[multiprocessing.process.BaseProcess]:
    return [p for p in multiprocessing.active_children() if p.name.startswith(CRAWL_PROCESS_PREFIX)]


def _shutdown(scheduler: BackgroundScheduler, engine: Engine, signals: _Signals, grace_seconds: float) -> None:
    """Stop taking jobs; let a running crawl close its run; past the grace, mark it interrupted and kill it."""
    done = threading.Thread(target=scheduler.shutdown, kwargs={"wait": True}, name="seda-scheduler-stop",
                            daemon=True)
    done.start()
    asked: set[int] = set()
    if signals.group_got_it:  # a Ctrl-C reached the crawl process directly; a second signal would force it
        asked.update(p.pid for p in _crawl_children() if p.pid is not None)
    deadline = time.monotonic() + grace_seconds
    killed_at: float | None = None
    while done.is_alive():
        for child in _crawl_children():
            if child.pid is not None and child.pid not in asked:
                asked.add(child.pid)
                logger.info("asking crawl process %s (pid %d) to stop", child.name, child.pid)
                _signal(child.pid, signal.SIGTERM)
        if killed_at is None and (time.monotonic() > deadline or signals.hurry.is_set()):
            killed_at = time.monotonic()
            for child in _crawl_children():
                why = ("stopped at once on a second signal" if signals.hurry.is_set()
                       else f"did not stop within {grace_seconds:.0f} s of the scheduler's shutdown")
                logger.warning("crawl process %s %s: marking its run interrupted and killing it", child.name, why)
                _mark_interrupted(engine, child.name, why)
                child.kill()
        if killed_at is not None and time.monotonic() - killed_at > SHUTDOWN_KILL_WAIT_SECONDS:
            logger.error("a job is still running %d s after the kill; leaving it", SHUTDOWN_KILL_WAIT_SECONDS)
            return
        done.join(0.2)


def _signal(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


def _mark_interrupted(engine: Engine, process_name: str, why: str) -> None:
    from sqlalchemy.orm import Session

    from store.models import CrawlRun
    from store.runs import finish_run

    try:
        run_id = int(process_name.removeprefix(CRAWL_PROCESS_PREFIX))
    except ValueError:
        return
    with Session(engine) as session, session.begin():
        run = session.get(CrawlRun, run_id)
        if run is not None and run.status == "running":
            finish_run(session, run, "interrupted", run.stats or {}, [*(run.warnings or []), why])


# -- one job now, and what is planned -----------------------------------------------------------------------

@contextmanager
def _once_signals() -> Iterator[None]:
    """For ``--once``: SIGTERM/SIGINT stop the crawl process too, then interrupt the job (KeyboardInterrupt),
    which crawler.run answers by waiting for the crawl to close its run as interrupted."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handle(signum: int, frame: FrameType | None) -> None:
        jobs.STOPPING.set()
        if not _terminal_group_signal(signum):
            for child in _crawl_children():
                if child.pid is not None:
                    _signal(child.pid, signal.SIGTERM)
        raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run_once(config: Config, job: str) -> dict[str, Any]:
    """Run one job now, in this process, through the same lock and record as the scheduled runs."""
    if job not in jobs.JOB_IDS:
        raise UsageError(f"unknown job {job!r}; jobs: {', '.join(jobs.JOB_IDS)}")
    config_path = config_file(config)
    jobs.STOPPING.clear()
    func = getattr(jobs, f"{job}_job")
    try:
        with _once_signals():
            return func(config_path, trigger="once")  # type: ignore[no-any-return]
    finally:
        jobs.STOPPING.clear()


def list_lines(config: Config, now: datetime.datetime | None = None, count: int = 1) -> list[str]:
    """The next fire times, in the schedule's zone with the Jalali date, one line per fire time."""
    tz = ZoneInfo(config.schedule.timezone)
    crons = {s.id: s.cron for s in job_specs(config)}
    lines = [f"{'job':<7} {'next run (' + config.schedule.timezone + ')':<27} {'jalali':<10}  cron"]
    for job_id, times in next_fire_times(config, now, count).items():
        for when in times:
            line = f"{job_id:<7} {_when(when, tz):<27} {jalali_str(when.date(), '-', 'ascii'):<10}  {crons[job_id]}"
            if job_id == "digest":
                week = digest_week(when.date())
                line += (f"  (week {jalali_str(week, '-', 'ascii')}.."
                         f"{jalali_str(week + datetime.timedelta(days=6), '-', 'ascii')})")
            lines.append(line)
    return lines


def history_lines(config: Config, limit: int = 20) -> list[str]:
    """The latest recorded job runs, newest first."""
    from store.db import make_engine

    engine = make_engine(config.database.url)
    try:
        rows = recent_runs(engine, limit)
    finally:
        engine.dispose()
    tz = ZoneInfo(config.schedule.timezone)
    if not rows:
        return ["no scheduled job runs recorded yet"]
    return [f"{_when(r['started_at'], tz):<27} {r['job']:<7} {r['trigger']:<9} {r['status']:<12} {r['detail'] or ''}"
            for r in rows]


def _when(when: datetime.datetime | None, tz: ZoneInfo) -> str:
    if when is None:
        return "paused"
    return when.astimezone(tz).strftime("%a %Y-%m-%d %H:%M %z")


def _short(delta: datetime.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"


__all__ = ["JOBSTORE_TABLE", "SHUTDOWN_GRACE_SECONDS", "JobFailed", "SchedulerBusy", "build_scheduler",
           "config_file", "history_lines", "list_lines", "run_once", "run_scheduler", "sync_jobs"]

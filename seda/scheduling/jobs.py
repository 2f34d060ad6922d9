"""The scheduled jobs: module-level functions taking only the config path, so the job store can pickle them.

Each job loads the config, opens the store, does its work and writes one row in ``schedule_runs``
(see :mod:`seda.scheduling.history`) whatever the outcome; expected failures (another crawl is running,
the digest is not installed, the database is down) are logged as one line and recorded, never raised
into the scheduler. Both jobs return an outcome dict: ``job``, ``status``, ``detail`` and, for a crawl,
``crawl_run_id``, for a digest, ``week_start``.
"""

from __future__ import annotations

import datetime
import importlib
import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from seda.config import Config, load_config
from seda.errors import SedaError
from seda.scheduling.history import ensure_schema, record_run
from seda.scheduling.triggers import digest_week

logger = logging.getLogger(__name__)

# Set by the runner when a shutdown starts: a job that has not started its work yet skips it, and a crawl
# whose child process was stopped by that shutdown is recorded as interrupted rather than failed.
STOPPING = threading.Event()


@dataclass
class JobContext:
    config: Config
    factory: sessionmaker[Session]
    registry: Any

    @property
    def engine(self) -> Engine:
        return self.factory.kw["bind"]  # type: ignore[no-any-return]


@contextmanager
def job_context(config_path: str) -> Iterator[JobContext]:
    """Config, store (schema, registry and sources in place) and registry, as the CLI's commands get them."""
    from seda.registry import load_registry
    from store.catalog import sync_registry, sync_sources
    from store.db import open_store, transaction

    config = load_config(config_path)
    factory = open_store(config.database.url)
    try:
        p = config.province
        registry = load_registry(_relative(p.agencies_file, config), _relative(p.places_file, config))
        with transaction(factory) as session:
            sync_registry(session, registry)
            sync_sources(session, config.sources)
        ensure_schema(factory.kw["bind"])
        yield JobContext(config, factory, registry)
    finally:
        factory.kw["bind"].dispose()


def _relative(path: str, config: Config) -> Path | None:
    if not path:
        return None
    p = Path(path)
    return p if p.is_absolute() or config.path is None else config.path.parent / p


def _outcome(job: str, status: str, detail: str, **extra: Any) -> dict[str, Any]:
    return {"job": job, "status": status, "detail": detail, **extra}


def _record(ctx: JobContext, outcome: dict[str, Any], trigger: str, started: datetime.datetime) -> None:
    try:
        record_run(ctx.engine, outcome["job"], trigger, outcome["status"], outcome["detail"], started_at=started,
                   crawl_run_id=outcome.get("crawl_run_id"), week_start=outcome.get("week_start"))
    except Exception as exc:  # noqa: BLE001 - the job's outcome is still logged
        logger.error("%s: could not record the run (%s: %s)", outcome["job"], type(exc).__name__, exc)


def _run(job: str, config_path: str, trigger: str, body: Callable[[JobContext], dict[str, Any]]) -> dict[str, Any]:
    """The shared frame of a job: open, run ``body``, log and record the outcome."""
    started = datetime.datetime.now(datetime.UTC)
    if STOPPING.is_set():
        logger.warning("%s: not started: the scheduler is stopping", job)
        return _outcome(job, "skipped", "not started: the scheduler is stopping")
    stack = ExitStack()
    try:
        ctx = stack.enter_context(job_context(config_path))
    except Exception as exc:  # noqa: BLE001 - config unreadable or database down: only the log can tell
        detail = str(exc) if isinstance(exc, SedaError) else f"{type(exc).__name__}: {exc}"
        logger.log(logging.INFO if trigger == "once" else logging.ERROR, "%s: failed: %s", job, detail)
        return _outcome(job, "failed", detail)
    with stack:
        logger.info("%s: starting (%s)", job, trigger)
        try:
            outcome = body(ctx)
        except KeyboardInterrupt:
            _record(ctx, _outcome(job, "interrupted", "interrupted by the operator"), trigger, started)
            raise
        except SedaError as exc:
            outcome = _outcome(job, "failed", str(exc))
        except Exception as exc:  # noqa: BLE001 - a job must not take the scheduler down
            # A bug, not an expected failure: the daemon's log gets the traceback (--once: with -vv).
            logger.log(logging.DEBUG if trigger == "once" else logging.ERROR, "%s: unexpected failure", job,
                       exc_info=True)
            outcome = _outcome(job, "failed", f"{type(exc).__name__}: {exc}")
        level = {"ok": logging.INFO, "skipped": logging.WARNING, "interrupted": logging.WARNING,
                 "partial": logging.WARNING}.get(outcome["status"], logging.ERROR)
        if trigger == "once":
            level = logging.INFO  # the shell reports the outcome itself, as its one line
        logger.log(level, "%s: %s: %s", job, outcome["status"], outcome["detail"])
        _record(ctx, outcome, trigger, started)
        return outcome


# -- the nightly crawl --------------------------------------------------------------------------------------

def crawl_job(config_path: str, trigger: str = "schedule") -> dict[str, Any]:
    """Crawl every enabled source under the ``crawl`` lock; skipped (and recorded) if another crawl runs."""
    return _run("crawl", config_path, trigger, lambda ctx: _crawl(ctx, trigger))


def _crawl(ctx: JobContext, trigger: str) -> dict[str, Any]:
    from crawler.run import run_crawl
    from store.locks import LockBusy, crawl_lock

    started = datetime.datetime.now(datetime.UTC)
    try:
        with crawl_lock(ctx.factory, "crawl"):
            if STOPPING.is_set():
                return _outcome("crawl", "skipped", "not started: the scheduler is stopping")
            try:
                stats = run_crawl(ctx.config, ctx.factory, ctx.registry, trigger=trigger, progress=False)
            except KeyboardInterrupt:
                _close_orphans(ctx, trigger, started)
                raise
    except LockBusy as exc:
        return _outcome("crawl", "skipped", str(exc))
    run_id, status = stats["run_id"], stats["status"]
    if status == "failed" and STOPPING.is_set():
        # The shutdown's SIGTERM reached the crawl process before Scrapy had installed its handlers, so it
        # died instead of closing its run: the crawl was interrupted by us, not broken.
        status = _relabel_interrupted(ctx, run_id)
    detail = (f"crawl run {run_id}: {stats.get('requests', 0)} requests, {stats.get('articles_new', 0)} new and "
              f"{stats.get('articles_updated', 0)} updated articles, {stats.get('errors', 0)} errors")
    return _outcome("crawl", status, detail, crawl_run_id=run_id)


def _close_orphans(ctx: JobContext, trigger: str, since: datetime.datetime) -> None:
    """An interrupt that lands between the run's record and its process start leaves the run ``running``;
    under the crawl lock, a ``running`` run of ours started since ``since`` can only be this job's."""
    from sqlalchemy import select

    from store.db import transaction
    from store.models import CrawlRun
    from store.runs import finish_run

    with transaction(ctx.factory) as session:
        for run in session.scalars(select(CrawlRun).where(CrawlRun.status == "running", CrawlRun.trigger == trigger,
                                                          CrawlRun.started_at >= since)):
            finish_run(session, run, "interrupted", run.stats or {}, [*(run.warnings or []), "interrupted"])


def _relabel_interrupted(ctx: JobContext, run_id: int) -> str:
    from store.db import transaction
    from store.models import CrawlRun

    with transaction(ctx.factory) as session:
        run = session.get(CrawlRun, run_id)
        if run is None or run.status != "failed":
            return run.status if run is not None else "failed"
        run.status = "interrupted"
        run.warnings = [*(run.warnings or []), "stopped by the scheduler's shutdown"]
    return "interrupted"


# -- the weekly digest --------------------------------------------------------------------------------------

class DigestUnavailable(SedaError):
    """The ``digest`` package cannot be imported or has no ``send_week``."""


def digest_job(config_path: str, trigger: str = "schedule") -> dict[str, Any]:
    """Send the digest of the latest complete Iranian week (Saturday to Friday) once."""
    return _run("digest", config_path, trigger, _digest)


def load_send_week() -> Callable[..., Any]:
    """``digest.send_week``, imported only when a digest is due (the package is optional for crawling)."""
    try:
        module = importlib.import_module("digest")
    except ImportError as exc:
        raise DigestUnavailable(f"the digest package cannot be imported ({exc}); install it to send digests") from None
    send_week = getattr(module, "send_week", None)
    if not callable(send_week):
        raise DigestUnavailable("the digest package has no send_week(config, factory, registry, week_start); "
                                "is it installed and complete?")
    return send_week  # type: ignore[no-any-return]


def today(timezone: str) -> datetime.date:
    """Today's date on the schedule's clock (Tehran), not the server's."""
    return datetime.datetime.now(ZoneInfo(timezone)).date()


def _digest(ctx: JobContext) -> dict[str, Any]:
    from seda.dates import jalali_str
    from store.locks import LockBusy, crawl_lock

    week = digest_week(today(ctx.config.schedule.timezone))
    span = f"week {jalali_str(week, '-', 'ascii')}..{jalali_str(week + datetime.timedelta(days=6), '-', 'ascii')}"
    try:
        send_week = load_send_week()
    except DigestUnavailable as exc:
        return _outcome("digest", "failed", f"{span}: {exc}", week_start=week)
    try:
        with crawl_lock(ctx.factory, "digest"):  # one sender at a time: the scheduler and a --once
            result = send_week(ctx.config, ctx.factory, ctx.registry, week, force=False)
    except LockBusy as exc:
        return _outcome("digest", "skipped", f"{span}: {exc}", week_start=week)
    except SedaError as exc:
        return _outcome("digest", "failed", f"{span}: {exc}", week_start=week)
    status = _field(result, "status")
    error = _field(result, "error")
    ok = status not in ("failed", "error")
    detail = f"{span}: {status or 'done'}" + (f": {error}" if error else "")
    return _outcome("digest", "ok" if ok else "failed", detail, week_start=week)


def _field(result: Any, name: str) -> Any:
    if isinstance(result, Mapping):
        return result.get(name)
    return getattr(result, name, None)


JOB_IDS = ("crawl", "digest")

__all__ = ["JOB_IDS", "STOPPING", "DigestUnavailable", "crawl_job", "digest_job", "job_context", "load_send_week"]

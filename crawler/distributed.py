"""Distributed crawling: one run shared by several ``seda crawl --worker`` processes, through RQ on Redis.

The unit of work is a whole source. The coordinator (``seda crawl --distributed``) opens the run in the
database, puts one RQ task per source on a queue of its own (``<distributed.queue>-run-<id>``), waits until
every task has ended, and closes the run with every source's figures. A worker takes tasks from the queues
of all open runs and crawls each source with the single-machine machinery (:func:`crawler.run.crawl_source`:
Scrapy in a fresh child process, writing into the one database). So:

* politeness holds as on one machine: a source is crawled by one worker at a time, with its own download
  slot, and no page is fetched twice because no two processes crawl the same source;
* a worker that dies loses nothing: RQ's worker renews a lease on its running task (a heartbeat every
  sixth of ``distributed.dead_worker_seconds``); a task whose lease ran out is put back at the front of the
  queue by whoever looks next (the coordinator every second, idle workers, RQ's own maintenance), up to
  ``distributed.task_retries`` times. The dead worker's pages are in the store already (idempotent upserts
  keyed by URL) and the retry skips the URLs it stored, so the retry fetches only what was not stored;
* a source's figures add up its attempts: while it crawls, a worker keeps the figures so far in a Redis
  hash (one field per attempt), so the run's totals still count what a dead worker stored.

Keys, all named after ``distributed.queue`` (``Q``): the RQ queue ``Q-run-<id>`` and its jobs
``Q-run-<id>-<source>``; the set ``seda:Q:runs`` of run queues workers listen to; the hashes
``seda:Q:run:<id>:figures:<source>``. The coordinator deletes them when the run is closed.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import signal
import socket
import threading
import time
import uuid
from collections import Counter
from typing import Any

import redis
from redis import Redis
from rq import Queue, Retry, Worker
from rq.command import send_stop_job_command
from rq.job import Job, JobStatus
from rq.registry import StartedJobRegistry
from sqlalchemy.orm import Session, sessionmaker

from crawler.stats import SourceStats
from seda.config import Config, CrawlConfig, DistributedConfig, Source
from seda.errors import SedaError
from seda.registry import Registry

logger = logging.getLogger(__name__)

# How often the coordinator and idle workers look at the queues: tasks last minutes, so a second is ample.
POLL_SECONDS = 1.0
# How often a worker saves the figures of the source it crawls: what a dead worker's last two seconds
# stored is the most the run's figures can miss.
FIGURES_SECONDS = 2.0
# A coordinator whose tasks all still wait this long says so: probably no worker is running.
NO_WORKER_WARNING_SECONDS = 60.0
# An idle worker that lost Redis tries again after this long.
REDIS_RETRY_SECONDS = 5
# Redis keeps tasks, results and figures this long if the coordinator dies before cleaning up.
KEEP_SECONDS = 7 * 24 * 3600


class DistributedError(SedaError):
    """Redis cannot be reached, or a distributed task cannot be run."""


def connect(cfg: DistributedConfig) -> Redis:
    """A Redis client for ``distributed.redis_url`` that has answered a PING."""
    where = _safe_url(cfg.redis_url)
    try:
        conn = redis.Redis.from_url(cfg.redis_url, socket_connect_timeout=5, health_check_interval=30)
        conn.ping()
    except (redis.RedisError, ValueError) as exc:
        raise DistributedError(f"cannot reach Redis at {where}: {str(exc).splitlines()[0]}") from None
    return conn


def _safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    if "@" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.rsplit('@', 1)[1]}"
    return url


def run_queue_name(cfg: DistributedConfig, run_id: int) -> str:
    return f"{cfg.queue}-run-{run_id}"


def runs_key(cfg: DistributedConfig) -> str:
    """The set of run queues that workers take tasks from."""
    return f"seda:{cfg.queue}:runs"


def figures_key(cfg: DistributedConfig, run_id: int, source_id: str) -> str:
    return f"seda:{cfg.queue}:run:{run_id}:figures:{source_id}"


# --- the coordinator ----------------------------------------------------------------------------------


def run_distributed(config: Config, factory: sessionmaker[Session], registry: Registry,
                    source_ids: list[str] | None = None, trigger: str = "cli",
                    poll_seconds: float = POLL_SECONDS) -> dict[str, Any]:
    """Open a run, queue one task per source for the workers, wait for all, close the run; return its totals.

    The result has the shape of :func:`crawler.run.run_crawl`'s. Redis is reached before the run is opened,
    so an unreachable Redis leaves no open run behind."""
    from crawler.run import pick_sources, search_keywords
    from store.db import transaction
    from store.runs import start_run

    sources = pick_sources(config, source_ids)
    cfg = config.distributed
    conn = connect(cfg)
    with transaction(factory) as session:
        run_id = start_run(session, trigger=trigger).id
    queue = Queue(run_queue_name(cfg, run_id), connection=conn)
    keywords = search_keywords(config, registry)
    crawl = dataclasses.asdict(config.crawl)
    jobs: dict[str, str] = {}
    ended: dict[str, tuple[str, str | None]] = {}
    on_sigterm = _sigterm_interrupts()
    try:
        for src in sources:
            job = queue.enqueue(
                crawl_source_task, job_id=f"{queue.name}-{src.id}", description=f"crawl {src.id} (run {run_id})",
                kwargs={"run_id": run_id, "source": dataclasses.asdict(src), "crawl": crawl, "keywords": keywords,
                        "figures_key": figures_key(cfg, run_id, src.id)},
                job_timeout=cfg.task_timeout_minutes * 60, result_ttl=KEEP_SECONDS, failure_ttl=KEEP_SECONDS,
                retry=Retry(max=cfg.task_retries, enqueue_at_front=True) if cfg.task_retries else None)
            jobs[src.id] = job.id
        conn.sadd(runs_key(cfg), queue.name)
        logger.info("run %d: %d sources queued on %s (queue %s)", run_id, len(jobs), _safe_url(cfg.redis_url),
                    queue.name)
        _wait(conn, queue, jobs, ended, poll_seconds)
    except redis.RedisError as exc:  # Redis went away: close the run with what the workers reported
        _stop_tasks(conn, jobs, ended)
        _close(config, factory, run_id, queue, sources, ended, "failed")
        raise DistributedError(f"lost Redis at {_safe_url(cfg.redis_url)} ({str(exc).splitlines()[0]}); "
                               f"run {run_id} was closed as failed") from None
    except BaseException:  # Ctrl-C or SIGTERM: stop the run's tasks and close it with what was done
        _stop_tasks(conn, jobs, ended)
        _close(config, factory, run_id, queue, sources, ended, "interrupted")
        _clean_up(conn, cfg, run_id, queue, jobs)
        raise
    finally:
        on_sigterm()
    outcomes = {o for o, _ in ended.values()}
    reason = "finished" if outcomes == {"finished"} else "partial" if "finished" in outcomes else "failed"
    summary = _close(config, factory, run_id, queue, sources, ended, reason)
    _clean_up(conn, cfg, run_id, queue, jobs)
    return summary


def _sigterm_interrupts() -> Any:
    """Make SIGTERM stop the coordinator as Ctrl-C does (its run is closed as interrupted, its tasks stopped);
    returns the function that puts the previous handler back. Only the main thread can set handlers."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    return lambda: signal.signal(signal.SIGTERM, previous)


def _wait(conn: Redis, queue: Queue, jobs: dict[str, str], ended: dict[str, tuple[str, str | None]],
          poll_seconds: float) -> None:
    """Until every task has finished or failed for good; a dead worker's task is put back on the queue."""
    started_registry = StartedJobRegistry(queue=queue)
    since = time.monotonic()
    warned = False
    while len(ended) < len(jobs):
        started_registry.cleanup()  # tasks whose worker stopped renewing its lease go back on the queue
        pending = [sid for sid in jobs if sid not in ended]
        for sid, job in zip(pending, Job.fetch_many([jobs[s] for s in pending], connection=conn), strict=True):
            status = job.get_status(refresh=False) if job is not None else None
            if status == JobStatus.FINISHED:
                ended[sid] = ("finished", None)
                logger.info("%s: crawled", sid)
            elif status is None or status in (JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED):
                ended[sid] = ("failed", _failure(job))
                logger.warning("%s: not crawled: %s", sid, ended[sid][1])
        if len(ended) < len(jobs):
            if not warned and time.monotonic() - since > NO_WORKER_WARNING_SECONDS and queue.count == len(jobs):
                logger.warning("no worker has taken a task of queue %s for %d s: is `seda crawl --worker` running "
                               "with the same distributed.redis_url and distributed.queue?", queue.name,
                               NO_WORKER_WARNING_SECONDS)
                warned = True
            time.sleep(poll_seconds)


def _failure(job: Job | None) -> str:
    if job is None:
        return "its task disappeared from Redis"
    result = job.latest_result()
    text = (getattr(result, "exc_string", None) or "").strip()
    if "AbandonedJobError" in text:
        return "its worker died and no retries were left"
    last = text.splitlines()[-1] if text else f"task {job.get_status(refresh=False)}"
    return last.split("DistributedError: ", 1)[-1]


def _stop_tasks(conn: Redis, jobs: dict[str, str], ended: dict[str, tuple[str, str | None]]) -> None:
    for sid, job_id in jobs.items():
        if sid in ended:
            continue
        ended[sid] = ("failed", "the coordinator was stopped")
        try:
            job = Job.fetch(job_id, connection=conn)
            if job.get_status() == JobStatus.STARTED:
                send_stop_job_command(conn, job_id)
            else:
                job.cancel()
        except Exception as exc:  # noqa: BLE001 - best effort on the way out
            logger.debug("could not stop task %s: %s", job_id, exc)


def _close(config: Config, factory: sessionmaker[Session], run_id: int, queue: Queue, sources: list[Source],
           ended: dict[str, tuple[str, str | None]], reason: str) -> dict[str, Any]:
    from crawler.health import close_run
    from store.db import transaction
    from store.models import CrawlRun

    conn = queue.connection
    stats: dict[str, SourceStats] = {}
    notes: list[str] = []
    per_source: dict[str, Any] = {}
    classifier_error = None
    for src in sources:
        attempts = _attempts(conn, figures_key(config.distributed, run_id, src.id))
        stats[src.id] = merge_attempts(src.id, attempts)
        outcome, why = ended.get(src.id, ("failed", "not crawled"))
        workers = [a.get("worker", "?") for a in attempts]
        per_source[src.id] = {"outcome": outcome, "attempts": len(attempts), "workers": workers}
        classifier_error = classifier_error or next((a["classifier_error"] for a in attempts
                                                     if a.get("classifier_error")), None)
        if outcome != "finished":
            notes.append(f"{src.id}: not crawled to the end: {why}")
        elif len(attempts) > 1:
            notes.append(f"{src.id}: crawled in {len(attempts)} attempts (a worker died or its crawl failed); "
                         "the figures add them up")
        reasons = {str(a["reason"]) for a in attempts if a.get("final") and a.get("reason") != "finished"}
        if reasons:
            notes.append(f"{src.id}: the crawl ended early ({', '.join(sorted(reasons))})")
    summary = close_run(factory, run_id, stats, reason, classifier_error=classifier_error, notes=notes,
                        extra={"distributed": {"queue": queue.name, "sources": per_source}})
    with transaction(factory) as session:
        run = session.get(CrawlRun, run_id)
        assert run is not None
        return {"run_id": run_id, "status": run.status, **summary, "warnings": list(run.warnings or [])}


def _attempts(conn: Redis, key: str) -> list[dict[str, Any]]:
    """Each attempt's latest figures for one source, oldest first."""
    try:
        attempts = [json.loads(v) for v in conn.hgetall(key).values()]
    except redis.RedisError as exc:  # closing a run after Redis went away: its figures are lost, not the run
        logger.warning("cannot read figures %s: %s", key, exc)
        return []
    return sorted(attempts, key=lambda a: a.get("at", 0.0))


def merge_attempts(source_id: str, attempts: list[dict[str, Any]]) -> SourceStats:
    """One source's figures over its attempts: work done adds up (requests, articles stored, errors, time);
    article links found is the most any attempt found (a retry finds the same links again)."""
    total: dict[str, Any] = {"errors": Counter(), "skipped": Counter(), "by_role": Counter()}
    for a in attempts:
        for key in ("requests", "articles_new", "articles_updated", "articles_unchanged", "not_modified", "seconds"):
            total[key] = total.get(key, 0) + a.get(key, 0)
        total["article_links"] = max(total.get("article_links", 0), a.get("article_links", 0))
        for key in ("errors", "skipped", "by_role"):
            total[key].update(a.get(key) or {})
    return SourceStats.from_dict(source_id, total)


def _clean_up(conn: Redis, cfg: DistributedConfig, run_id: int, queue: Queue, jobs: dict[str, str]) -> None:
    """Remove the run's queue, tasks, registries and figures from Redis (best effort: they expire anyway)."""
    from rq.results import Result
    from rq.worker_registration import REDIS_WORKER_KEYS, WORKERS_BY_QUEUE_KEY

    try:
        conn.srem(runs_key(cfg), queue.name)
        for job in Job.fetch_many(list(jobs.values()), connection=conn):
            if job is None:
                continue
            try:
                job.delete()
            except Exception:  # noqa: BLE001 - e.g. a dead worker's execution that expired: remove the keys
                conn.delete(job.key, Result.get_key(job.id), job.execution_registry.key)
        queue.delete(delete_jobs=True)
        conn.delete(*conn.scan_iter(match=f"{queue.key}:*"), queue.key)  # RQ's intermediate-queue notes
        registries = (queue.started_job_registry, queue.finished_job_registry, queue.failed_job_registry,
                      queue.deferred_job_registry, queue.scheduled_job_registry, queue.canceled_job_registry)
        conn.delete(*(r.key for r in registries), WORKERS_BY_QUEUE_KEY % queue.name,
                    *(figures_key(cfg, run_id, sid) for sid in jobs))
        # RQ cleans its set of workers queue by queue; a run's queue is gone, so its dead workers go here
        known = list(conn.smembers(REDIS_WORKER_KEYS))
        with conn.pipeline() as pipe:
            for key in known:
                pipe.exists(key)
            alive = pipe.execute()
        gone = [key for key, live in zip(known, alive, strict=True) if not live]
        if gone:
            conn.srem(REDIS_WORKER_KEYS, *gone)
    except Exception as exc:  # noqa: BLE001 - the run is closed already; leftovers expire
        logger.warning("could not remove run queue %s from Redis: %s", queue.name, exc)


# --- the worker ---------------------------------------------------------------------------------------

# The worker's configuration, for the tasks it runs: set by run_worker (the entry point) before any task,
# and inherited by the process RQ forks for each task. Tasks carry the run's source and crawl settings;
# where to write (the database) and the registry are the worker's own.
_worker_config: Config | None = None


def run_worker(config: Config, *, burst: bool = False, name: str | None = None,
               poll_seconds: float = POLL_SECONDS) -> int:
    """Take source tasks from the queues of all open runs and crawl them; return how many tasks ended.

    Runs until SIGTERM or Ctrl-C (the source being crawled is finished first; a second signal stops at
    once, and the source goes to another worker), or with ``burst`` until no open run has a task queued or
    in progress (so a burst worker also stays to take over a dead worker's source)."""
    global _worker_config
    cfg = config.distributed
    conn = connect(cfg)
    _worker_config = config
    name = name or f"{socket.gethostname()}-{os.getpid()}"
    stop = threading.Event()

    def idle_stop(signum: int, frame: Any) -> None:
        stop.set()

    before = signal.signal(signal.SIGTERM, idle_stop), signal.signal(signal.SIGINT, idle_stop)
    try:
        return _work(conn, cfg, name, stop, idle_stop, burst, poll_seconds)
    finally:
        signal.signal(signal.SIGTERM, before[0])
        signal.signal(signal.SIGINT, before[1])


def _work(conn: Redis, cfg: DistributedConfig, name: str, stop: threading.Event, idle_stop: Any, burst: bool,
          poll_seconds: float) -> int:
    heartbeat = max(1, cfg.dead_worker_seconds // 6)
    tasks = 0
    while not stop.is_set():
        try:
            queues = _open_queues(conn, cfg)
            for queue in queues:
                StartedJobRegistry(queue=queue).cleanup()  # a dead worker's task goes back on its queue
            busy = any(q.count for q in queues)
            in_progress = not busy and any(StartedJobRegistry(queue=q).count for q in queues)
        except redis.ConnectionError as exc:  # a worker outlives a Redis restart
            logger.warning("Redis at %s: %s; trying again in %d s", _safe_url(cfg.redis_url), exc,
                           REDIS_RETRY_SECONDS)
            stop.wait(REDIS_RETRY_SECONDS)
            continue
        if busy:
            worker = LeaseWorker(queues, connection=conn, name=f"{name}-{uuid.uuid4().hex[:6]}",
                                 job_monitoring_interval=heartbeat, stop=stop,
                                 grace=cfg.dead_worker_seconds - heartbeat)
            try:
                worker.work(burst=True, logging_level=logging.getLevelName(logging.getLogger().getEffectiveLevel()))
            finally:  # RQ's signal handlers stay installed after work(): ours again, at once
                signal.signal(signal.SIGTERM, idle_stop)
                signal.signal(signal.SIGINT, idle_stop)
            tasks += worker.tasks
            continue
        if burst and not in_progress:
            break
        stop.wait(poll_seconds)
    return tasks


def _open_queues(conn: Redis, cfg: DistributedConfig) -> list[Queue]:
    names = (n.decode() if isinstance(n, bytes) else str(n) for n in conn.smembers(runs_key(cfg)))
    return [Queue(name, connection=conn) for name in sorted(names)]


class LeaseWorker(Worker):
    """RQ's forking worker (one process per task, killed with its process group on timeout) whose lease on
    its task runs ``grace`` seconds past each heartbeat instead of RQ's fixed 60, and whose stop request
    (SIGTERM, Ctrl-C: finish the task, then quit) also ends :func:`run_worker`'s loop."""

    def __init__(self, *args: Any, grace: int, stop: threading.Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.grace = grace
        self.stop = stop
        self.tasks = 0  # ended here, in this process (RQ counts its successes in the task's process)

    def execute_job(self, job: Job, queue: Queue) -> None:
        super().execute_job(job, queue)
        self.tasks += 1

    def get_heartbeat_ttl(self, job: Job, working_time: float = 0.0) -> int:
        if job.timeout and job.timeout > 0:
            left = max(1, int(job.timeout - working_time))
            return min(left, int(self.job_monitoring_interval)) + self.grace
        return int(self.job_monitoring_interval) + self.grace

    def request_stop(self, signum: Any, frame: Any) -> None:
        self.stop.set()
        super().request_stop(signum, frame)


def crawl_source_task(run_id: int, source: dict[str, Any], crawl: dict[str, Any], keywords: list[str],
                      figures_key: str) -> dict[str, Any]:
    """The RQ task: crawl one source for an open run, in the process RQ forked for it; return its figures."""
    from crawler.health import record_source
    from crawler.run import crawl_source, serialise_sqlite_writers
    from store.db import open_store, transaction
    from store.models import CrawlRun

    if _worker_config is None:
        raise DistributedError("source tasks run inside `seda crawl --worker`")
    config = dataclasses.replace(_worker_config, crawl=CrawlConfig(**crawl), sources=[Source(**source)])
    source_id = source["id"]
    factory = open_store(config.database.url)
    serialise_sqlite_writers(factory)
    with transaction(factory) as session:
        run = session.get(CrawlRun, run_id)
        if run is None or run.status != "running":
            raise DistributedError(
                f"run {run_id} is {'not in' if run is None else run.status + ' in'} this worker's database "
                f"{_safe_url(config.database.url)}: workers must use the coordinator's database")
    conn = connect(config.distributed)
    attempt = uuid.uuid4().hex[:12]
    worker = os.environ.get("RQ_WORKER_ID") or f"{socket.gethostname()}-{os.getppid()}"
    started = time.time()

    def save(figures: dict[str, Any], final: bool = False) -> None:
        conn.hset(figures_key, attempt, json.dumps({**figures, "worker": worker, "at": started, "final": final}))
        conn.expire(figures_key, KEEP_SECONDS)

    logger.info("%s: crawling for run %d (attempt %s)", source_id, run_id, attempt)
    save({"source_id": source_id, "reason": "starting"})  # an attempt that dies at once still counts
    watching = _die_with_parent()
    try:
        figures = crawl_source(config, source_id, run_id, keywords, on_progress=save,
                               progress_seconds=FIGURES_SECONDS)
    finally:
        watching.set()
    save(figures, final=True)
    record_source(factory, run_id, merge_attempts(source_id, _attempts(conn, figures_key)))
    logger.info("%s: %d requests, %d new articles", source_id, figures["requests"], figures["articles_new"])
    return {**figures, "attempt": attempt, "worker": worker}


def _die_with_parent(seconds: float = 1.0) -> threading.Event:
    """If the worker process dies (SIGKILL, a lost machine), end this task's processes too: the task goes
    to another worker, which must not meet this one still crawling. Set the returned event to stop watching."""
    parent = os.getppid()
    done = threading.Event()

    def watch() -> None:
        while not done.wait(seconds):
            if os.getppid() != parent:
                logger.error("the worker process died: ending its task's processes")
                if os.getpgrp() == os.getpid():  # RQ's task process leads its own group: the crawl child too
                    os.killpg(os.getpgrp(), signal.SIGKILL)
                os._exit(1)

    threading.Thread(target=watch, name="seda-watch-worker", daemon=True).start()
    return done


__all__ = ["DistributedError", "connect", "crawl_source_task", "merge_attempts", "run_distributed", "run_worker"]

"""Running a crawl: a run record, the Scrapy crawl in a child process, the run's figures and warnings.

Scrapy's reactor cannot restart inside one process, and a nightly scheduler lives for months; so every
crawl runs in a fresh child process (spawned), and the parent only records how it ended.
"""

from __future__ import annotations

import datetime
import logging
import multiprocessing
import os
import signal
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from crawler.stats import SourceStats
from seda.config import Config, Source
from seda.errors import ConfigError, SedaError
from seda.registry import Registry
from store.db import transaction
from store.models import CrawlRun
from store.runs import finish_run, start_run

logger = logging.getLogger(__name__)


def search_keywords(config: Config, registry: Registry) -> list[str]:
    """Words to query site search with: the configured ones, else the province's name.

    National items about the province name it almost always; every extra word is one more request per
    source per night, so counties are queried only when the operator lists them."""
    if config.crawl.search_keywords:
        return list(config.crawl.search_keywords)
    return [registry.province_name]


def pick_sources(config: Config, source_ids: list[str] | None) -> list[Source]:
    if source_ids:
        return [config.source(sid) for sid in source_ids]
    sources = [s for s in config.sources if s.enabled]
    if not sources:
        raise ConfigError("no sources to crawl: add entries under `sources:` in the config")
    return sources


def run_crawl(config: Config, factory: sessionmaker[Session], registry: Registry, source_ids: list[str] | None = None,
              trigger: str = "cli", progress: bool = False) -> dict[str, Any]:
    """Crawl the sources (all enabled ones by default) and return the run's totals."""
    sources = pick_sources(config, source_ids)
    with transaction(factory) as session:
        run_id = start_run(session, trigger=trigger).id
    ctx = multiprocessing.get_context("spawn")
    child = ctx.Process(target=_child, name=f"seda-crawl-{run_id}",
                        args=(config, [s.id for s in sources], run_id, search_keywords(config, registry), progress,
                              logging.getLogger().level))
    child.start()
    try:
        child.join()
    except KeyboardInterrupt:
        child.join(timeout=30)  # the child got the same SIGINT and closes its run itself
        if child.is_alive():
            child.terminate()
            child.join()
        _close_if_open(factory, run_id, "interrupted", "interrupted by the operator")
        raise
    if child.exitcode != 0:
        _close_if_open(factory, run_id, "failed", f"crawl process exited with code {child.exitcode}")
    with transaction(factory) as session:
        run = session.get(CrawlRun, run_id)
        assert run is not None
        return {"run_id": run_id, "status": run.status, **(run.stats or {}), "warnings": list(run.warnings or [])}


def _close_if_open(factory: sessionmaker[Session], run_id: int, status: str, why: str) -> None:
    with transaction(factory) as session:
        run = session.get(CrawlRun, run_id)
        if run is not None and run.status == "running":
            finish_run(session, run, status, run.stats or {}, [*(run.warnings or []), why])


def _child(config: Config, source_ids: list[str], run_id: int, keywords: list[str], progress: bool,
           log_level: int) -> None:
    """The crawl process: Scrapy with the one spider, writing into the store as it goes."""
    from crawler.health import close_run

    factory, stats, reason, context = _crawl_here(config, source_ids, run_id, keywords, progress, log_level)
    close_run(factory, run_id, stats, reason, classifier_error=context.get("classifier_error"))


def crawl_source(config: Config, source_id: str, run_id: int, keywords: list[str], *,
                 on_progress: Callable[[dict[str, Any]], None] | None = None,
                 progress_seconds: float = 2.0) -> dict[str, Any]:
    """Crawl one source for the existing (open) run ``run_id`` and return its figures; the run stays open.

    The crawl runs in a fresh child process like :func:`run_crawl`'s and writes into the same store. The
    result is ``SourceStats.as_dict()`` plus ``source_id``, ``reason`` (how Scrapy closed: ``finished``
    normally) and ``classifier_error``. ``on_progress`` gets the same dict every ``progress_seconds``
    while the crawl goes on. The child quits at once if this process dies (nobody would read its
    result, and whoever retries the source must not meet it still crawling). Raises
    :class:`CrawlProcessError` if the child ends without a result.
    """
    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_source_child, name=f"seda-crawl-{run_id}-{source_id}",
                        args=(config, source_id, run_id, keywords, logging.getLogger().level, send,
                              progress_seconds))
    child.start()
    send.close()  # the child holds the only writing end: its exit shows up here as end of file
    result: dict[str, Any] | None = None
    try:
        while True:
            try:
                kind, payload = receive.recv()
            except EOFError:
                break
            if kind == "done":
                result = payload
            elif on_progress is not None:
                on_progress(payload)
        child.join()
    except BaseException:  # a timeout or a stop request: end the child (it closes Scrapy gracefully first)
        _end(child)
        raise
    finally:
        receive.close()
    if result is None:
        raise CrawlProcessError(f"crawl process for {source_id} exited with code {child.exitcode}")
    return result


def serialise_sqlite_writers(factory: sessionmaker[Session]) -> None:
    """Make this process's SQLite transactions take the write lock when they begin (``BEGIN IMMEDIATE``).

    With several processes writing one SQLite file (workers of a distributed crawl on one machine), a
    transaction that read first and writes later fails at once with "database is locked" when another
    process wrote in between: SQLite cannot wait for it. Taken at the start, the lock is waited for (the
    engine's 30-second busy timeout). Nothing to do on PostgreSQL."""
    from sqlalchemy import Engine, event

    engine = factory.kw.get("bind")
    if not isinstance(engine, Engine) or engine.dialect.name != "sqlite":
        return

    def no_driver_begin(dbapi_connection: Any, record: Any) -> None:
        dbapi_connection.isolation_level = None  # the driver would emit its own deferred BEGIN

    def begin_immediate(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    event.listen(engine, "connect", no_driver_begin)
    event.listen(engine, "begin", begin_immediate)
    engine.dispose()  # connections made before (the schema check) would still begin the driver's way


class CrawlProcessError(SedaError):
    """A crawl child process ended without reporting its figures."""


# How long a child asked to stop (SIGTERM: Scrapy closes its spider, the pipeline finishes its pages) may take.
STOP_GRACE_SECONDS = 30


def _end(child: multiprocessing.process.BaseProcess) -> None:
    if child.is_alive():
        child.terminate()
        child.join(timeout=STOP_GRACE_SECONDS)
    if child.is_alive():
        child.kill()
        child.join()


def _source_child(config: Config, source_id: str, run_id: int, keywords: list[str], log_level: int,
                  send: Any, progress_seconds: float) -> None:
    parent = os.getppid()

    def tick(stats: dict[str, SourceStats], context: dict[str, Any]) -> None:
        if os.getppid() != parent:  # the worker died: stop now, its task goes to another worker
            os._exit(3)
        send.send(("progress", _figures(stats[source_id], "running", context)))

    _, stats, reason, context = _crawl_here(config, [source_id], run_id, keywords, False, log_level,
                                            tick=(tick, progress_seconds), shared_store=True)
    send.send(("done", _figures(stats[source_id], reason, context)))
    send.close()


def _figures(st: SourceStats, reason: str, context: dict[str, Any]) -> dict[str, Any]:
    return {"source_id": st.source_id, "reason": reason, "classifier_error": context.get("classifier_error"),
            **st.as_dict()}


def _crawl_here(config: Config, source_ids: list[str], run_id: int, keywords: list[str], progress: bool,
                log_level: int, tick: tuple[Callable[..., None], float] | None = None, shared_store: bool = False,
                ) -> tuple[sessionmaker[Session], dict[str, SourceStats], str, dict[str, Any]]:
    """Run Scrapy in this (child) process; return the store, per-source figures, close reason and context.

    ``tick``: ``(function, seconds)``, called as ``function(stats, context)`` every ``seconds`` while the
    reactor runs. ``shared_store``: other crawl processes write into the same database meanwhile."""
    logging.basicConfig(level=log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", datefmt="%H:%M:%S")
    for handler in logging.getLogger().handlers:  # records propagated from Scrapy's loggers meet only this
        handler.setLevel(log_level)
    for noisy in ("scrapy", "trafilatura", "htmldate", "asyncio", "charset_normalizer"):
        logging.getLogger(noisy).setLevel(max(log_level, logging.WARNING))
    from scrapy.crawler import CrawlerProcess

    from crawler.settings import scrapy_settings
    from crawler.spider import SedaSpider
    from crawler.state import load_known
    from store.db import open_store

    factory = open_store(config.database.url)
    if shared_store:
        serialise_sqlite_writers(factory)
    sources = [config.source(sid) for sid in source_ids]
    with transaction(factory) as session:
        known = load_known(session, source_ids)
    stats = {sid: SourceStats(sid) for sid in source_ids}
    settings = scrapy_settings(config.crawl, progress=progress)
    province = config.province
    context: dict[str, Any] = {"factory": factory, "run_id": run_id,
                               "registry_files": (province.agencies_file or None, province.places_file or None)}
    settings["LOG_INSTALL_ROOT_HANDLER"] = False
    process = CrawlerProcess(settings)
    # Scrapy sets its loggers to DEBUG; everything it would warn about is counted in the run's figures
    for name in ("scrapy", "twisted", "py.warnings"):
        logging.getLogger(name).setLevel(logging.DEBUG if log_level <= logging.DEBUG else logging.ERROR)
    crawler = process.create_crawler(SedaSpider)
    outcome: dict[str, str] = {}

    def closed(spider: Any, reason: str) -> None:
        outcome["reason"] = reason

    from scrapy import signals

    crawler.signals.connect(closed, signal=signals.spider_closed)
    process.crawl(crawler, sources=sources, crawl=config.crawl, known=known, keywords=keywords, stats=stats,
                  now=datetime.datetime.now(datetime.UTC), context=context)
    signal.signal(signal.SIGTERM, lambda *_: process.stop())
    if tick is not None:
        from twisted.internet import task  # after CrawlerProcess: it installs the reactor

        function, seconds = tick
        task.LoopingCall(function, stats, context).start(seconds, now=False)
    profile_to = os.environ.get("SEDA_PROFILE_CRAWL")  # benchmarks: a cProfile dump of the crawl process
    if profile_to:
        import cProfile

        cProfile.runctx("process.start()", globals(), {"process": process}, profile_to)
    else:
        process.start()
    return factory, stats, outcome.get("reason", "unknown"), context

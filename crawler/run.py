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
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from seda.config import Config, Source
from seda.errors import ConfigError
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
    logging.basicConfig(level=log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", datefmt="%H:%M:%S")
    for handler in logging.getLogger().handlers:  # records propagated from Scrapy's loggers meet only this
        handler.setLevel(log_level)
    for noisy in ("scrapy", "trafilatura", "htmldate", "asyncio", "charset_normalizer"):
        logging.getLogger(noisy).setLevel(max(log_level, logging.WARNING))
    from scrapy.crawler import CrawlerProcess

    from crawler.health import close_run
    from crawler.settings import scrapy_settings
    from crawler.spider import SedaSpider
    from crawler.state import load_known
    from crawler.stats import SourceStats
    from store.db import open_store

    factory = open_store(config.database.url)
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
    profile_to = os.environ.get("SEDA_PROFILE_CRAWL")  # benchmarks: a cProfile dump of the crawl process
    if profile_to:
        import cProfile

        cProfile.runctx("process.start()", globals(), {"process": process}, profile_to)
    else:
        process.start()
    close_run(factory, run_id, stats, outcome.get("reason", "unknown"), classifier_error=context.get("classifier_error"))

"""The item pipeline: pages go to worker processes for extraction and classification, results to the store.

Database writes happen here, in the crawl process, one short transaction per page; a failing write is
counted and logged, and the crawl goes on.
"""

from __future__ import annotations

import asyncio
import datetime
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from scrapy import signals
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import task, threads
from scrapy.crawler import Crawler
from sqlalchemy.exc import SQLAlchemyError

from crawler.process import init_worker, process_page
from crawler.spider import PageItem, PlacementItem, SedaSpider, source_of_response
from store.articles import ArticleData, CreditData, FetchedPage, save_raw_page, set_classification, upsert_article
from store.db import transaction
from store.runs import record_placements
from store.stories import assign_story

logger = logging.getLogger(__name__)

# Pages written per transaction, and the longest a written page waits for its commit. A commit per page
# cost more than the page itself on SQLite; 25 pages or half a second keeps the loss on a crash small.
WRITE_BATCH = 25
FLUSH_SECONDS = 0.5
# Queued pages beyond which the pipeline waits for the writer (bounded memory when the database is slow).
MAX_PENDING = 200


def worker_count() -> int:
    """Extraction workers: one per core (the reactor itself needs little CPU)."""
    return max(1, min(os.cpu_count() or 1, 4))


class StorePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        ctx = crawler.spider.context  # type: ignore[union-attr]
        self.context = ctx
        self.factory = ctx["factory"]
        self.run_id: int | None = ctx.get("run_id")
        self.registry_files = ctx.get("registry_files", (None, None))
        self.model_version = ctx.get("model_version")
        self.pool: ProcessPoolExecutor | None = None
        self.pending: list[tuple[str, Any]] = []
        self.flusher: task.LoopingCall | None = None
        self.flushing: Any = None  # the Deferred of the batch being written
        self.seen_at = datetime.datetime.now(datetime.UTC)
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.request_dropped, signal=signals.request_dropped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    @property
    def spider(self) -> SedaSpider:
        return self.crawler.spider  # type: ignore[return-value]

    def response_received(self, response: Any, request: Any, spider: Any = None) -> None:
        source = source_of_response(self.spider, response)
        if source in self.spider.source_stats:
            st = self.spider.source_stats[source]
            st.requests += 1
            st.by_role[request.meta.get("role", "robots")] += 1

    def request_dropped(self, request: Any, spider: Any = None) -> None:
        self.spider.done(request.meta)

    def open_spider(self, spider: Any = None) -> None:
        self.flusher = task.LoopingCall(self.flush)
        self.flusher.start(FLUSH_SECONDS, now=False)
        self.pool = ProcessPoolExecutor(max_workers=worker_count(), mp_context=multiprocessing.get_context("spawn"),
                                        initializer=init_worker, initargs=(self.registry_files,))

    async def close_spider(self, spider: Any = None) -> None:
        if self.flusher is not None and self.flusher.running:
            self.flusher.stop()
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        if self.flushing is not None:
            await maybe_deferred_to_future(self.flushing)
        self._write_batch(self.pending)
        self.pending = []

    async def process_item(self, item: Any, spider: Any = None) -> Any:
        if isinstance(item, PlacementItem):
            self._queue(item.source_id, lambda s: record_placements(s, item.source_id, item.items, self.seen_at,
                                                                   self.run_id))
            return None
        if not isinstance(item, PageItem):
            return item
        st = self.spider.source_stats[item.source_id]
        if not item.body:  # a dead link, remembered so the next run does not ask again
            self._queue(item.source_id, lambda s: save_raw_page(s, self._fetched(item, b"")))
            return None
        src = self.spider.sources[item.source_id]
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(self.pool, process_page, item.body, item.final_url, item.content_type,
                                                src.selectors, self.spider.cutoff, self.spider.now)
        except Exception as exc:  # noqa: BLE001 - a worker crash (e.g. memory) costs one page, not the crawl
            logger.warning("processing %s failed: %s", item.url, exc)
            st.errors["process_error"] += 1
            return None
        status = result["status"]
        if result.get("classifier_error"):
            self.context["classifier_error"] = result["classifier_error"]
        if status != "article":
            (st.errors if status == "extract_error" else st.skipped)[status] += 1
            # remember the URL (without keeping the body) so it is not fetched again
            self._queue(item.source_id, lambda s: save_raw_page(s, self._fetched(item, b"")))
            return None

        self._queue(item.source_id, lambda s: self._store_article(s, item, result))
        if len(self.pending) > MAX_PENDING and self.flushing is not None:
            await maybe_deferred_to_future(self.flushing)  # back-pressure: let the writer catch up
        return None

    def _fetched(self, item: PageItem, body: bytes) -> FetchedPage:
        return FetchedPage(url=item.url, final_url=item.final_url, status=item.status, body=body,
                           content_type=item.content_type, encoding=None, etag=item.etag,
                           last_modified=item.last_modified, source_id=item.source_id, run_id=self.run_id)

    def _store_article(self, session: Any, item: PageItem, result: dict[str, Any]) -> str:
        art = result["article"]
        page = self._fetched(item, item.body)
        page.encoding = art.get("encoding")
        raw_id = save_raw_page(session, page)
        data = ArticleData(
            url=art["url"], source_id=item.source_id, title=art["title"] or "", text=art["text"], lead=art.get("lead"),
            kicker=art.get("kicker"), author=art.get("author"), section=art.get("section"),
            published=art.get("published"), modified=art.get("modified"), language=art.get("language"),
            raw_page_id=raw_id)
        article_id, outcome = upsert_article(session, data, seen_at=self.seen_at)
        decision = result.get("decision")
        if decision is not None:
            store_decision(session, article_id, decision, self.model_version)
        if outcome == "new":
            assign_story(session, article_id, result.get("story_bands"))
        return outcome

    # --- writes: queued, then committed in batches (one transaction per batch, not per page) ----------

    def _queue(self, source_id: str, work: Any) -> None:
        self.pending.append((source_id, work))
        if len(self.pending) >= WRITE_BATCH:
            self.flush()

    def flush(self) -> None:
        """Hand the queued writes to the writer thread (one batch at a time), so the reactor keeps
        downloading while the database works."""
        if self.flushing is not None or not self.pending:
            return
        batch, self.pending = self.pending, []
        self.flushing = threads.deferToThread(self._write_batch, batch)
        self.flushing.addErrback(lambda f: logger.error("writer thread failed: %s", f.getErrorMessage()))
        self.flushing.addBoth(self._flushed)

    def _flushed(self, _: Any) -> None:
        self.flushing = None

    def _write_batch(self, batch: list[tuple[str, Any]]) -> None:
        """Commit the writes in one transaction; each page in its own savepoint, so one bad page costs only
        itself. Article counts are taken after the commit."""
        if not batch:
            return
        outcomes: list[tuple[str, Any]] = []
        try:
            with transaction(self.factory) as session:
                for source_id, work in batch:
                    try:
                        with session.begin_nested():
                            outcomes.append((source_id, work(session)))
                    except SQLAlchemyError as exc:
                        logger.error("database write failed for %s: %s", source_id, str(exc).splitlines()[0])
                        self.spider.source_stats[source_id].errors["store_error"] += 1
        except SQLAlchemyError as exc:  # the commit itself failed (database gone): the batch is lost, counted
            logger.error("database commit failed: %s; %d pages not stored", str(exc).splitlines()[0], len(batch))
            for source_id, _ in batch:
                self.spider.source_stats[source_id].errors["store_error"] += 1
            return
        for source_id, outcome in outcomes:
            if outcome in ("new", "updated", "unchanged"):
                st = self.spider.source_stats[source_id]
                setattr(st, f"articles_{outcome}", getattr(st, f"articles_{outcome}") + 1)


def store_decision(session: Any, article_id: int, decision: dict[str, Any], model_version: str | None) -> None:
    """Write a classifier decision (the `seda classify` shape) with its credits."""
    evidence = decision.get("evidence") or {}
    confidence = float(evidence.get("confidence", decision.get("score") or 0.0) or 0.0)
    credits = []
    source = decision.get("agency")
    if source:
        credits.append(CreditData(source, "source", confidence, evidence.get("agency"),
                                  bool(evidence.get("needs_review"))))
    for agency in decision.get("agencies") or []:
        if agency != source:
            credits.append(CreditData(agency, "mentioned", 1.0, None, False))
    set_classification(session, article_id, relevance=decision["relevance"], score=float(decision["score"]),
                       kind=decision["kind"], evidence=evidence, credits=credits,
                       model_version=decision.get("model_version") or model_version or "unknown")

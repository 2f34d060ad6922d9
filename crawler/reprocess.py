"""Re-extract and re-classify stored raw pages, offline: a better extractor or model rewrites history.

Analysts' corrections live in their own table and win at read time, so reprocessing never undoes them.
"""

from __future__ import annotations

import datetime
import logging
import multiprocessing
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from crawler.pipeline import store_decision, worker_count
from crawler.process import init_worker, process_page
from seda.config import Config
from seda.dates import start_of_day
from store.articles import ArticleData, raw_body, upsert_article
from store.db import transaction
from store.models import RawPage
from store.stories import assign_story

logger = logging.getLogger(__name__)

# Raw pages handed to the worker pool at a time: enough to keep every worker busy, small in memory.
CHUNK = 64
# Reprocessing keeps every stored page whatever its age: the look-back window is a crawling rule.
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def reprocess(config: Config, factory: sessionmaker[Session], since: datetime.date | None = None) -> Counter[str]:
    """Run extraction and classification again over raw pages fetched on or after ``since``."""
    selectors = {s.id: s.selectors for s in config.sources}
    province = config.province
    counts: Counter[str] = Counter()
    now = datetime.datetime.now(datetime.UTC)
    with ProcessPoolExecutor(max_workers=worker_count(), mp_context=multiprocessing.get_context("spawn"),
                             initializer=init_worker,
                             initargs=((province.agencies_file or None, province.places_file or None),)) as pool:
        for chunk in _chunks(factory, since):
            futures = [(page, pool.submit(process_page, body, page["final_url"], page["content_type"],
                                          selectors.get(page["source_id"] or "", {}), EPOCH, now))
                       for page, body in chunk]
            for page, future in futures:
                result = future.result()
                status = result["status"]
                if result.get("classifier_error"):
                    counts["unclassified"] += 1
                if status != "article":
                    counts[status] += 1
                    continue
                with transaction(factory) as session:
                    counts[_store(session, page, result)] += 1
    return counts


def _chunks(factory: sessionmaker[Session], since: datetime.date | None):  # type: ignore[no-untyped-def]
    last_id = 0
    while True:
        with transaction(factory) as session:
            stmt = select(RawPage).where(RawPage.id > last_id, RawPage.body_size > 0, RawPage.status == 200)
            if since is not None:
                stmt = stmt.where(RawPage.fetched_at >= start_of_day(since))
            rows = list(session.scalars(stmt.order_by(RawPage.id).limit(CHUNK)))
            chunk = [({"id": r.id, "source_id": r.source_id, "final_url": r.final_url, "content_type": r.content_type},
                      raw_body(r)) for r in rows]
        if not chunk:
            return
        last_id = chunk[-1][0]["id"]
        yield chunk


def _store(session: Session, page: dict[str, Any], result: dict[str, Any]) -> str:
    art = result["article"]
    data = ArticleData(url=art["url"], source_id=page["source_id"], title=art["title"] or "", text=art["text"],
                       lead=art.get("lead"), kicker=art.get("kicker"), author=art.get("author"),
                       section=art.get("section"), published=art.get("published"), modified=art.get("modified"),
                       language=art.get("language"), raw_page_id=page["id"])
    article_id, outcome = upsert_article(session, data)
    if result.get("decision"):
        store_decision(session, article_id, result["decision"], None)
    if outcome == "new":
        assign_story(session, article_id)
    return outcome

"""Reprocessing rebuilds articles from stored raw pages with the demo web switched off; corrections stay."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from store.articles import add_correction, effective_decision
from store.db import transaction
from store.models import Article

pytestmark = pytest.mark.slow


def test_reprocess_offline_keeps_corrections(crawl_into, registry) -> None:  # type: ignore[no-untyped-def]
    from crawler.reprocess import reprocess
    from demoweb.server import DemoWeb

    with DemoWeb(slow_delay=0.5) as web:
        sources = [s for s in web.sources() if s["id"] in ("payam", "aflak")]
        cfg, factory, stats = crawl_into(sources)
    assert stats["articles_new"] > 10
    with transaction(factory) as s:
        before = {a.url: (a.title, a.relevance, a.kind) for a in s.scalars(select(Article))}
        target = s.scalars(select(Article).where(Article.relevance == "about")).first()
        add_correction(s, target.id, "relevance", "none", author="analyst", note="آگهی بود")
        target_id = target.id
        # simulate an older extractor's damage that reprocessing must repair
        for a in s.scalars(select(Article)):
            a.title, a.content_hash = "?", "stale"
    # the demo web is down now: reprocessing must not need it
    counts = reprocess(cfg, factory)
    assert counts["updated"] == len(before), counts
    with transaction(factory) as s:
        assert s.scalar(select(func.count()).select_from(Article)) == len(before)
        after = {a.url: (a.title, a.relevance, a.kind) for a in s.scalars(select(Article))}
        assert after == before
        assert effective_decision(s, s.get(Article, target_id))["relevance"] == "none"

"""Article upserts per second, SQLite against PostgreSQL, one by one and in batches.

    .venv/bin/python bench/store_writes.py [--articles 2000] [--backend sqlite postgresql] [--pg ADMIN_URL]

Articles are the labelled corpus's real Persian news (title, lead, full text; unique URLs), written to
a fresh database (migrated to head, registry and sources loaded) in four ways:

- ``one by one``: ``store.articles.upsert_article`` and a commit per article (the slowest honest way);
- ``crawl batches``: ``upsert_article`` in a savepoint per article, one commit per 100 (what the crawl
  pipeline does), for new articles and again for the same articles unchanged (a re-crawl);
- ``bulk``: ``store.upsert.upsert`` of 500 rows per statement, then ``store.search.write_documents``
  (the search index alone is timed too).

Every way keeps the full-text search index in step. Rates are rows per wall-clock second.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchdb import DEFAULT_PG_ADMIN, databases, drop_pg_database
from common import machine

PIPELINE_BATCH = 100  # crawler.pipeline's WRITE_BATCH order of magnitude
BULK_BATCH = 500


def corpus_articles(n: int, prefix: str) -> list[Any]:
    import datetime

    from classify.corpus import load_corpus, load_demo
    from store.articles import ArticleData

    items = load_corpus() or load_demo()
    start = datetime.datetime(2025, 11, 1, tzinfo=datetime.UTC)
    out = []
    for i in range(n):
        it = items[i % len(items)]
        paragraphs = it["text"].split("\n\n")
        out.append(ArticleData(url=f"https://src{i % 80:02d}.example/{prefix}/{i}", source_id=f"src{i % 80:02d}",
                               title=it["title"], lead=paragraphs[0], text="\n\n".join(paragraphs[1:]) or it["text"],
                               published=start + datetime.timedelta(minutes=i)))
    return out


def fresh_store(url: str) -> Any:
    from archive import bench_sources
    from seda.registry import load_registry
    from store.catalog import sync_registry
    from store.db import open_store, transaction
    from store.models import SourceRow
    from store.upsert import upsert

    factory = open_store(url)
    with transaction(factory) as s:
        sync_registry(s, load_registry())
        upsert(s, SourceRow, bench_sources(), key=["id"])
    return factory


def one_by_one(factory: Any, articles: list[Any]) -> None:
    from store.articles import upsert_article
    from store.db import transaction

    for a in articles:
        with transaction(factory) as s:
            upsert_article(s, a)


def crawl_batches(factory: Any, articles: list[Any]) -> None:
    from store.articles import upsert_article
    from store.db import transaction

    for i in range(0, len(articles), PIPELINE_BATCH):
        with transaction(factory) as s:
            for a in articles[i:i + PIPELINE_BATCH]:
                with s.begin_nested():
                    upsert_article(s, a)


def _rows(articles: list[Any]) -> list[dict[str, Any]]:
    import datetime

    seen = datetime.datetime.now(datetime.UTC)
    return [{"url": a.url, "source_id": a.source_id, "title": a.title, "lead": a.lead, "text": a.text,
             "published": a.published, "content_hash": a.content_hash(), "first_seen": seen, "last_seen": seen}
            for a in articles]


def bulk(factory: Any, articles: list[Any], index_seconds: list[float]) -> None:
    from sqlalchemy import select

    from store.db import transaction
    from store.models import Article
    from store.search import write_documents
    from store.searchtext import document
    from store.upsert import upsert

    for i in range(0, len(articles), BULK_BATCH):
        chunk = articles[i:i + BULK_BATCH]
        with transaction(factory) as s:
            upsert(s, Article, _rows(chunk), key=["url"], update=["title", "lead", "text", "content_hash", "last_seen"])
            ids = dict(s.execute(select(Article.url, Article.id).where(Article.url.in_([a.url for a in chunk]))).all())
            start = time.perf_counter()
            write_documents(s, [(ids[a.url], document(a.title, a.lead, a.text)) for a in chunk])
            index_seconds.append(time.perf_counter() - start)


def rate(fn: Callable[[], None], n: int) -> float:
    start = time.perf_counter()
    fn()
    return n / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--backend", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"])
    parser.add_argument("--pg", default=DEFAULT_PG_ADMIN, help="PostgreSQL admin URL")
    args = parser.parse_args()

    print(f"machine: {machine()}")
    n = args.articles
    sets = {name: corpus_articles(n if name != "bulk" else n * 5, name) for name in ("one", "crawl", "bulk")}
    chars = sum(len(a.title) + len(a.lead or "") + len(a.text) for a in sets["one"]) / n
    print(f"{n:,} articles of {chars:,.0f} characters on average ({n * 5:,} for bulk)")
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="seda-bench-") as tmp:
        for backend, url in databases(args.backend, Path(tmp), "seda_bench_writes", args.pg, fresh=True).items():
            factory = fresh_store(url)
            index_seconds: list[float] = []
            r = results[backend] = {}
            r["one by one, new"] = rate(lambda: one_by_one(factory, sets["one"]), n)
            r["crawl batches, new"] = rate(lambda: crawl_batches(factory, sets["crawl"]), n)
            r["crawl batches, unchanged"] = rate(lambda: crawl_batches(factory, sets["crawl"]), n)
            r["bulk, new"] = rate(lambda: bulk(factory, sets["bulk"], index_seconds), n * 5)
            r["  the search index alone"] = n * 5 / sum(index_seconds)
            factory.kw["bind"].dispose()
            if backend == "postgresql":
                drop_pg_database(args.pg, "seda_bench_writes")
            for label, value in r.items():
                print(f"{backend:<11} {label:<30} {value:>9,.0f} rows/s")
    backends = list(results)
    print(f"\n{'articles per second':<32}" + "".join(f"{b:>12}" for b in backends))
    for label in next(iter(results.values()), {}):
        print(f"{label:<32}" + "".join(f"{results[b][label]:>12,.0f}" for b in backends))


if __name__ == "__main__":
    main()

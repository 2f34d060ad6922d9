"""Analyst queries on a large archive: the per-agency weekly report of a Jalali month, and searches.

    .venv/bin/python bench/analyst_queries.py [--articles 1000000] [--backend sqlite postgresql]
                                              [--dir data/bench] [--pg ADMIN_URL] [--regenerate] [--repeat 5]

Builds (once) an archive of synthetic articles (see bench/archive.py) in a SQLite file under ``--dir``
and in a PostgreSQL database ``seda_bench_archive_<N>`` on the server of ``--pg`` (default
``$SEDA_BENCH_PG_URL`` or postgres@127.0.0.1:5432), through the store's migrations, then times each query:
the first run, and the median of ``--repeat`` more. A later run finds the archive and skips generation
(``--regenerate`` forces it). Target: every query under 1 s on both backends.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from archive import ARCHIVE_VERSION, bench_sources, generate, write
from benchdb import DEFAULT_PG_ADMIN, databases
from common import ROOT, machine

TARGET_SECONDS = 1.0
MONTH = (1404, 8)  # Aban 1404 (2025-10-23 .. 2025-11-21), the archive's last complete Jalali month


def month_days(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    import jdatetime

    first = jdatetime.date(year, month, 1).togregorian()
    nxt = jdatetime.date(year + (month == 12), month % 12 + 1, 1).togregorian()
    return first, nxt - datetime.timedelta(days=1)


def has_archive(factory: Any, n: int) -> bool:
    from sqlalchemy import func, select

    from store.db import transaction
    from store.models import Article, SourceRow

    with transaction(factory) as s:
        marker = s.get(SourceRow, "src00")
        if marker is None or marker.settings.get("bench_archive") != {"articles": n, "version": ARCHIVE_VERSION}:
            return False
        return s.scalar(select(func.count()).select_from(Article)) == n


def build(factory: Any, n: int) -> float:
    from sqlalchemy import text, update

    from seda.registry import load_registry
    from store.catalog import sync_registry
    from store.db import transaction
    from store.models import SourceRow
    from store.upsert import upsert

    registry = load_registry()
    counties = [p.name_fa for p in registry.places if p.type == "county"]
    engine = factory.kw["bind"]
    started = time.perf_counter()
    with transaction(factory) as s:
        sync_registry(s, registry)
        upsert(s, SourceRow, bench_sources(), key=["id"])
    done = 0
    for batch in generate(n, registry.agencies, counties):
        with engine.begin() as conn:
            write(conn, batch)
        done += len(batch.articles)
        print(f"  {done:>9,} articles  {time.perf_counter() - started:6.0f} s", end="\r", flush=True)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT setval('articles_id_seq', (SELECT max(id) FROM articles))"))
            # What autovacuum does soon after a load. SQLite gets no statistics, as in a deployment: the
            # queries must not depend on them.
            conn.execute(text("ANALYZE"))
        conn.execute(update(SourceRow).where(SourceRow.id == "src00")
                     .values(settings={"bench_archive": {"articles": n, "version": ARCHIVE_VERSION}}))
    print()
    return time.perf_counter() - started


def timed(factory: Any, fn: Callable[[Any], Any], repeat: int) -> tuple[float, float, Any]:
    """(first run, median of ``repeat`` more) in seconds, each in its own session, and the last result."""
    from store.db import transaction

    runs = []
    result = None
    for _ in range(repeat + 1):
        with transaction(factory) as s:
            start = time.perf_counter()
            result = fn(s)
            runs.append(time.perf_counter() - start)
    return runs[0], statistics.median(runs[1:]), result


def queries(most_active: str) -> list[tuple[str, Callable[[Any], Any], Callable[[Any], str]]]:
    from store.queries import agency_table
    from store.search import search
    from store.weekly import weekly_agency_items

    first, last = month_days(*MONTH)
    return [
        ("weekly report, Aban 1404 (store.weekly)", lambda s: weekly_agency_items(s, first, last),
         lambda r: f"{len(r)} agencies, {sum(sum(c.values()) for c in r.values()):,} items"),
        ("search «روابط عمومی», Aban 1404", lambda s: search(s, "روابط عمومی", since=first, until=last),
         lambda r: f"{len(r)} hits"),
        ("search کوهدشت, 2 years", lambda s: search(s, "کوهدشت"), lambda r: f"{len(r)} hits"),
        ('search "آب و فاضلاب", 2 years', lambda s: search(s, '"آب و فاضلاب"'), lambda r: f"{len(r)} hits"),
        (f"search آبرسانی --agency {most_active}", lambda s: search(s, "آبرسانی", agency=most_active),
         lambda r: f"{len(r)} hits"),
        ("search لرستان --source src03, 2 years", lambda s: search(s, "لرستان", source="src03"),
         lambda r: f"{len(r)} hits"),
        ("search سیمره پلدختر دام (few matches)", lambda s: search(s, "سیمره پلدختر دام"), lambda r: f"{len(r)} hits"),
        ("search a word no article holds", lambda s: search(s, "ناموجود"), lambda r: f"{len(r)} hits"),
        ("reference: agency_table, Aban 1404 (export path)", lambda s: agency_table(s, first, last),
         lambda r: f"{sum(ln.items for ln in r):,} items"),
    ]


def most_active_agency(factory: Any) -> str:
    from sqlalchemy import func, select

    from store.db import transaction
    from store.models import Credit

    with transaction(factory) as s:
        return str(s.execute(select(Credit.agency_id).where(Credit.role == "source").group_by(Credit.agency_id)
                             .order_by(func.count().desc()).limit(1)).scalar_one())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--backend", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"])
    parser.add_argument("--dir", type=Path, default=ROOT / "data" / "bench")
    parser.add_argument("--pg", default=DEFAULT_PG_ADMIN, help="PostgreSQL admin URL")
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from store.db import open_store

    print(f"machine: {machine()}")
    args.dir.mkdir(parents=True, exist_ok=True)
    name = f"seda_bench_archive_{args.articles}"
    urls = databases(args.backend, args.dir, name, args.pg, fresh=args.regenerate)
    results: dict[str, dict[str, tuple[float, float, str]]] = {}
    for backend, url in urls.items():
        factory = open_store(url)
        if not has_archive(factory, args.articles):
            factory.kw["bind"].dispose()
            url = databases([backend], args.dir, name, args.pg, fresh=True)[backend]
            factory = open_store(url)
            print(f"{backend}: generating {args.articles:,} articles into {url}")
            print(f"{backend}: generated in {build(factory, args.articles):.0f} s")
        else:
            print(f"{backend}: reusing the archive in {url}")
        results[backend] = {}
        for label, fn, describe in queries(most_active_agency(factory)):
            first, median, result = timed(factory, fn, args.repeat)
            results[backend][label] = (first, median, describe(result))
            print(f"  {label:<52} first {first:7.3f} s  median {median:7.3f} s  {describe(result)}")
        factory.kw["bind"].dispose()
    print(f"\n{args.articles:,} articles; seconds (median of {args.repeat}, after a first run); target < "
          f"{TARGET_SECONDS:.0f} s")
    labels = list(next(iter(results.values()), {}))
    backends = list(results)
    print(f"{'query':<52}" + "".join(f"{b:>14}" for b in backends))
    for label in labels:
        print(f"{label:<52}" + "".join(f"{results[b][label][1]:>14.3f}" for b in backends))


if __name__ == "__main__":
    main()

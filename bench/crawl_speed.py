"""End-to-end crawl benchmark on the synthetic web served on 127.0.0.1.

    .venv/bin/python bench/crawl_speed.py [--articles 5000] [--db sqlite|postgresql://...]

Fetch + extract + normalise + classify + store, through the real crawler (Scrapy in a child process,
extraction and classification in worker processes). Prints articles/s, CPU seconds per article, peak
memory, and a second (incremental) run's request count against the first's.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import yaml

from common import cpu_seconds, machine, peak_rss_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--db", default="sqlite", help="sqlite (a scratch file) or a database URL")
    parser.add_argument("--no-second-run", action="store_true")
    args = parser.parse_args()

    from crawler.run import run_crawl
    from demoweb.server import DemoWeb
    from seda.config import load_config
    from seda.registry import load_registry
    from store.catalog import sync_registry, sync_sources
    from store.db import open_store, transaction

    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="seda-bench-") as tmp, DemoWeb(synthetic=args.articles) as web:
        synth = [s for s in web.sources() if s["id"] == "synth"]
        db = f"sqlite:///{Path(tmp) / 'bench.db'}" if args.db == "sqlite" else args.db
        cfg_path = Path(tmp) / "config.yaml"
        cfg_path.write_text(yaml.safe_dump({
            "database": {"url": db},
            "crawl": {"max_age_days": 3650, "download_delay": 0.0, "autothrottle": False, "concurrent_requests": 32,
                      "concurrent_per_domain": 16, "max_pages_per_source": args.articles * 3, "max_depth": 3,
                      "contact": "bench@localhost"},
            "sources": synth}, allow_unicode=True), encoding="utf-8")
        cfg = load_config(cfg_path, env={})
        registry = load_registry()
        factory = open_store(cfg.database.url)
        with transaction(factory) as s:
            sync_registry(s, registry)
            sync_sources(s, cfg.sources)
        self0, kids0 = cpu_seconds()
        t0 = time.perf_counter()
        first = run_crawl(cfg, factory, registry, trigger="bench")
        wall = time.perf_counter() - t0
        self1, kids1 = cpu_seconds()
        served, crawled = self1 - self0, kids1 - kids0
        cpu = crawled
        n = first.get("articles_new", 0)
        me, child = peak_rss_mb()
        print(f"synthetic site: {args.articles} articles; database: {db.split(':')[0]}")
        print(f"first run:  {first['requests']} requests, {n} articles stored in {wall:.1f} s "
              f"-> {n / wall:.1f} articles/s end to end")
        print(f"CPU:        {cpu:.1f} s in the crawl's processes -> {cpu / max(n, 1) * 1000:.1f} ms CPU per article "
              f"(the demo web server used another {served:.1f} s)")
        print(f"outcomes:   errors {first.get('errors_by_kind')}, skipped {first.get('skipped_by_kind')}")
        print(f"peak RSS:   {me:.0f} MB (this process, with the demo web), {child:.0f} MB (largest child)")
        if not args.no_second_run:
            t0 = time.perf_counter()
            second = run_crawl(cfg, factory, registry, trigger="bench")
            share = second["requests"] / max(first["requests"], 1)
            print(f"second run: {second['requests']} requests ({share:.1%} of the first), "
                  f"{second.get('articles_new', 0)} new, in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()

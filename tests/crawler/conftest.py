"""Crawl fixtures: the demo web served on 127.0.0.1 and a crawl into a fresh store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from seda.config import Config, load_config
from seda.registry import Registry, load_registry


@pytest.fixture(scope="session")
def registry() -> Registry:
    return load_registry()


@pytest.fixture(scope="module")
def demo_web() -> Iterator[Any]:
    from demoweb.server import DemoWeb

    with DemoWeb(slow_delay=1.5) as web:
        yield web


def write_config(path: Path, sources: list[dict[str, Any]], db: str, **crawl: Any) -> Config:
    settings = {"max_age_days": 60, "download_delay": 0.0, "concurrent_per_domain": 8, "timeout_seconds": 8,
                "retries": 2, "contact": "tests@localhost", "autothrottle": False}
    settings.update(crawl)
    path.write_text(yaml.safe_dump({"database": {"url": db}, "crawl": settings, "sources": sources},
                                   allow_unicode=True), encoding="utf-8")
    return load_config(path, env={})


@pytest.fixture
def crawl_into(tmp_path: Path, registry: Registry, database_url: str):  # type: ignore[no-untyped-def]
    """``crawl_into(sources, **crawl_settings)`` → (config, factory, run stats); call again for run 2."""
    from crawler.run import run_crawl
    from store.catalog import sync_registry, sync_sources
    from store.db import open_store, transaction

    state: dict[str, Any] = {}

    def crawl(sources: list[dict[str, Any]], **settings: Any) -> tuple[Config, Any, dict[str, Any]]:
        cfg = write_config(tmp_path / "config.yaml", sources, database_url, **settings)
        if "factory" not in state:
            state["factory"] = open_store(cfg.database.url)
        factory = state["factory"]
        with transaction(factory) as s:
            sync_registry(s, registry)
            sync_sources(s, cfg.sources)
        return cfg, factory, run_crawl(cfg, factory, registry, trigger="test")

    return crawl

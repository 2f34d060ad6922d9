"""Extraction and discovery quality, measured on the demo web's truth file.

``seda eval-extract`` serves the demo web, crawls it into a scratch database and scores what was stored
against the truth; the floors in ``crawler/floors.yaml`` make a regression fail CI.
"""

from __future__ import annotations

import tempfile
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from seda.dates import TEHRAN
from store.db import transaction
from store.models import Article

FLOORS_FILE = Path(__file__).with_name("floors.yaml")


def _norm(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def token_f1(got: str, want: str) -> float:
    a, b = Counter(_norm(got).split()), Counter(_norm(want).split())
    if not a or not b:
        return 0.0
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def score(factory: sessionmaker[Session], truth: dict[str, Any]) -> dict[str, Any]:
    """Scores of the stored articles against the truth's articles (matched by canonical URL)."""
    with transaction(factory) as session:
        stored = {a.url: a for a in session.scalars(select(Article))}
    articles = truth["articles"]
    found = [a for a in articles if a["url"] in stored]
    f1s, titles, dates, misses = [], 0, 0, []
    for a in found:
        s = stored[a["url"]]
        f1s.append(token_f1("\n".join(p for p in (s.lead, s.text) if p), a["text"]))
        titles += _norm(s.title) == _norm(a["title"])
        want = a["published"][:16]
        got = s.published.astimezone(TEHRAN).isoformat()[:16] if s.published else None
        dates += got == want
        if got != want or _norm(s.title) != _norm(a["title"]) or f1s[-1] < 0.9:
            misses.append({"id": a["id"], "title_ok": _norm(s.title) == _norm(a["title"]), "date": got,
                           "want_date": want, "f1": round(f1s[-1], 3)})
    n = len(found) or 1
    return {
        "articles": len(articles), "found": len(found),
        "discovered": len(found) / len(articles) if articles else 0.0,
        "body_token_f1": sum(f1s) / n, "title_exact": titles / n, "published_exact": dates / n,
        "extra": len(set(stored) - {a["url"] for a in articles}),
        "missing": sorted(a["id"] for a in articles if a["url"] not in stored), "misses": misses,
    }


def check_floors(scores: dict[str, Any], floors_file: Path = FLOORS_FILE) -> list[str]:
    floors = yaml.safe_load(floors_file.read_text(encoding="utf-8"))
    return [f"{k} {scores[k]:.3f} is below its floor {v}" for k, v in floors.items() if scores[k] < v]


def evaluate_demo(workdir: Path | None = None) -> dict[str, Any]:
    """Serve the demo web, crawl it into a scratch SQLite file and score the result."""
    from crawler.run import run_crawl
    from demoweb.server import DemoWeb
    from seda.config import load_config
    from seda.registry import load_registry
    from store.catalog import sync_registry, sync_sources
    from store.db import open_store

    with tempfile.TemporaryDirectory(prefix="seda-eval-") as tmp, DemoWeb(slow_delay=1.5) as web:
        base = Path(workdir or tmp)
        cfg_path = base / "config.yaml"
        cfg_path.write_text(yaml.safe_dump({
            "database": {"url": f"sqlite:///{base / 'eval.db'}"},
            "crawl": {"max_age_days": 60, "download_delay": 0.0, "concurrent_per_domain": 8, "timeout_seconds": 8,
                      "autothrottle": False, "contact": "eval@localhost"},
            "sources": web.sources()}, allow_unicode=True), encoding="utf-8")
        cfg = load_config(cfg_path, env={})
        registry = load_registry()
        factory = open_store(cfg.database.url)
        with transaction(factory) as session:
            sync_registry(session, registry)
            sync_sources(session, cfg.sources)
        run = run_crawl(cfg, factory, registry, trigger="eval")
        result = score(factory, web.truth())
        result["run"] = {k: run.get(k) for k in ("status", "requests", "articles_new", "errors")}
        factory.kw["bind"].dispose()
        return result

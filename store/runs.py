"""Crawl runs, their per-source figures, and homepage placements."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.articles import now
from store.models import Article, CrawlRun, Placement, SourceRunStats
from store.upsert import upsert


def start_run(session: Session, trigger: str = "cli") -> CrawlRun:
    run = CrawlRun(started_at=now(), status="running", trigger=trigger, stats={}, warnings=[])
    session.add(run)
    session.flush()
    return run


def finish_run(session: Session, run: CrawlRun, status: str, stats: dict[str, Any],
               warnings: list[str] | None = None) -> None:
    run.finished_at, run.status, run.stats = now(), status, stats
    run.warnings = list(warnings or [])


def record_source_stats(session: Session, run_id: int, source_id: str, *, requests: int, articles_new: int,
                        articles_updated: int, errors: dict[str, int], seconds: float,
                        warning: str | None = None, article_links: int = 0,
                        skipped: dict[str, int] | None = None) -> None:
    upsert(session, SourceRunStats, [{
        "run_id": run_id, "source_id": source_id, "requests": requests, "articles_new": articles_new,
        "articles_updated": articles_updated, "article_links": article_links, "errors": errors,
        "skipped": skipped or {}, "seconds": seconds, "warning": warning,
    }], key=["run_id", "source_id"])


def recent_runs(session: Session, limit: int = 10) -> list[CrawlRun]:
    return list(session.scalars(select(CrawlRun).order_by(CrawlRun.started_at.desc()).limit(limit)))


def record_placements(session: Session, source_id: str, items: Iterable[tuple[str, str, int]],
                      seen_at: datetime | None = None, run_id: int | None = None) -> int:
    """Record one homepage snapshot: ``(url, block, position)`` items seen at ``seen_at``.

    URLs are linked to stored articles where known; a later snapshot links the rest."""
    seen_at = seen_at or now()
    items = list(items)
    urls = [u for u, _, _ in items]
    ids = dict(session.execute(select(Article.url, Article.id).where(Article.url.in_(urls))).all()) if urls else {}
    rows = [{"source_id": source_id, "run_id": run_id, "url": u, "article_id": ids.get(u), "block": b,
             "position": p, "seen_at": seen_at} for u, b, p in items]
    return upsert(session, Placement, rows, key=["source_id", "url", "block", "seen_at"],
                  update=["position", "article_id", "run_id"])


def relink_placements(session: Session, run_id: int | None = None) -> int:
    """Link placements to articles stored after the homepage snapshot was taken.

    A placement's URL is the link on the homepage; the article is keyed by its canonical URL, and its raw
    page by the URL that was asked for, so both are tried."""
    from sqlalchemy import update

    from store.models import RawPage

    by_url = select(Article.id).where(Article.url == Placement.url).scalar_subquery()
    by_raw = (select(Article.id).join(RawPage, RawPage.id == Article.raw_page_id)
              .where(RawPage.url == Placement.url).limit(1).scalar_subquery())
    stmt = update(Placement).where(Placement.article_id.is_(None))
    if run_id is not None:
        stmt = stmt.where(Placement.run_id == run_id)
    n = session.execute(stmt.values(article_id=func.coalesce(by_url, by_raw))).rowcount or 0
    return n

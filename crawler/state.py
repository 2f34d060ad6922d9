"""What earlier runs left: known page URLs with their validators, so a nightly run fetches only news."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.models import Article, RawPage, SourceRunStats


@dataclass(frozen=True)
class Known:
    status: int
    etag: str | None
    last_modified: str | None
    fetched_at: datetime.datetime


def load_known(session: Session, source_ids: Iterable[str]) -> dict[str, Known]:
    """Fetched pages of these sources by URL (requested and final), plus stored article URLs.

    Pages that failed transiently (5xx, timeouts) are not stored as raw pages, so they are tried again."""
    ids = list(source_ids)
    known: dict[str, Known] = {}
    rows = session.execute(select(RawPage.url, RawPage.final_url, RawPage.status, RawPage.etag,
                                  RawPage.last_modified, RawPage.fetched_at).where(RawPage.source_id.in_(ids)))
    for url, final_url, status, etag, last_modified, fetched_at in rows:
        k = Known(status, etag, last_modified, fetched_at)
        known[url] = k
        known.setdefault(final_url, k)
    for url, seen in session.execute(select(Article.url, Article.last_seen).where(Article.source_id.in_(ids))):
        known.setdefault(url, Known(200, None, None, seen))
    return known


def sources_with_history(session: Session, source_ids: Iterable[str]) -> dict[str, int]:
    """For each source, the most article links any earlier run found (0 if it never found any)."""
    rows = session.execute(select(SourceRunStats.source_id, func.max(SourceRunStats.article_links))
                           .where(SourceRunStats.source_id.in_(list(source_ids)))
                           .group_by(SourceRunStats.source_id))
    return {source_id: int(n or 0) for source_id, n in rows}

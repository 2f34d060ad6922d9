"""Closing a run: per-source figures into the store, totals, and warnings for the operator."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from crawler.state import sources_with_history
from crawler.stats import SourceStats, totals
from store.db import transaction
from store.models import CrawlRun
from store.runs import finish_run, record_source_stats, relink_placements


def source_warning(st: SourceStats, best_before: int) -> str | None:
    if st.article_links == 0 and best_before > 0:
        return (f"{st.source_id}: no article links found this run (an earlier run found {best_before}); "
                "the site may have been redesigned or be blocking the crawler")
    if st.requests > 0 and sum(st.errors.values()) >= max(5, st.requests // 2):
        return f"{st.source_id}: {sum(st.errors.values())} errors in {st.requests} requests"
    return None


def close_run(factory: sessionmaker[Session], run_id: int, stats: dict[str, SourceStats], reason: str,
              classifier_error: str | None = None, notes: list[str] | None = None,
              extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Record every source's figures and close the run; ``reason`` is how the crawl ended (``finished`` → ok).

    ``notes`` are warnings of the caller's own (a distributed crawl's retried or failed sources), ``extra``
    more keys for the run's stats."""
    now = time.monotonic()
    for st in stats.values():
        st.finished = st.finished or now
    warnings: list[str] = []
    with transaction(factory) as session:
        history = sources_with_history(session, stats)
        for sid, st in stats.items():
            warning = source_warning(st, history.get(sid, 0))
            if warning:
                warnings.append(warning)
            _record(session, run_id, st, warning)
        relink_placements(session, run_id)
        if classifier_error:
            warnings.append(f"articles were stored unclassified: {classifier_error}")
        warnings.extend(notes or [])
        summary = totals(stats)
        summary["per_source"] = {sid: st.as_dict() for sid, st in stats.items()}
        summary.update(extra or {})
        run = session.get(CrawlRun, run_id)
        assert run is not None
        status = "ok" if reason == "finished" else "interrupted" if reason in ("shutdown", "cancelled") else reason
        finish_run(session, run, status, summary, warnings)
    return summary


def record_source(factory: sessionmaker[Session], run_id: int, st: SourceStats) -> str | None:
    """Write one source's figures into a run that is still open (a distributed worker, as soon as its source
    is done); :func:`close_run` writes them again with the same result. Returns the source's warning."""
    with transaction(factory) as session:
        best_before = sources_with_history(session, [st.source_id]).get(st.source_id, 0)
        warning = source_warning(st, best_before)
        _record(session, run_id, st, warning)
    return warning


def _record(session: Session, run_id: int, st: SourceStats, warning: str | None) -> None:
    record_source_stats(session, run_id, st.source_id, requests=st.requests, articles_new=st.articles_new,
                        articles_updated=st.articles_updated, errors=dict(st.errors), seconds=st.seconds,
                        warning=warning, article_links=st.article_links, skipped=dict(st.skipped))

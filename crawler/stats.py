"""Per-source crawl figures. Expected failures are counted here, never raised."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class SourceStats:
    source_id: str
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    requests: int = 0            # HTTP exchanges, retries and robots.txt included
    by_role: Counter[str] = field(default_factory=Counter)   # requests by role: homepage, feed, article, ...
    scheduled: int = 0           # requests the spider asked for (before duplicate filtering)
    pending: int = 0             # asked for and not yet answered; 0 again means the source is done
    article_links: int = 0       # article candidates discovered (known or not): a redesign makes this 0
    articles_new: int = 0
    articles_updated: int = 0
    articles_unchanged: int = 0
    not_modified: int = 0        # 304 answers to conditional GETs
    errors: Counter[str] = field(default_factory=Counter)    # http_404, http_5xx, timeout, connection, ...
    skipped: Counter[str] = field(default_factory=Counter)   # known, too_old, not_article, not_html, robots, ...

    @property
    def seconds(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    def as_dict(self) -> dict[str, Any]:
        return {
            "requests": self.requests, "article_links": self.article_links, "articles_new": self.articles_new,
            "articles_updated": self.articles_updated, "articles_unchanged": self.articles_unchanged,
            "not_modified": self.not_modified, "errors": dict(self.errors), "skipped": dict(self.skipped),
            "by_role": dict(self.by_role),
            "seconds": round(self.seconds, 2),
        }


    @classmethod
    def from_dict(cls, source_id: str, figures: dict[str, Any]) -> SourceStats:
        """The inverse of :meth:`as_dict` (figures that crossed a process or a machine); extra keys are ignored."""
        end = time.monotonic()
        st = cls(source_id, started=end - float(figures.get("seconds", 0.0)), finished=end)
        for key in ("requests", "article_links", "articles_new", "articles_updated", "articles_unchanged",
                    "not_modified"):
            setattr(st, key, int(figures.get(key, 0)))
        for key in ("errors", "skipped", "by_role"):
            getattr(st, key).update(figures.get(key) or {})
        return st


def totals(per_source: dict[str, SourceStats]) -> dict[str, Any]:
    out: dict[str, Any] = {"sources": len(per_source)}
    for key in ("requests", "article_links", "articles_new", "articles_updated", "articles_unchanged", "not_modified"):
        out[key] = sum(getattr(s, key) for s in per_source.values())
    errors: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    for s in per_source.values():
        errors.update(s.errors)
        skipped.update(s.skipped)
    out["errors"] = sum(errors.values())
    out["errors_by_kind"] = dict(errors)
    out["skipped_by_kind"] = dict(skipped)
    return out

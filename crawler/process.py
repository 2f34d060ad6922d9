"""Per-page work done off the reactor, in worker processes: extract, check age, classify.

Runs in a ProcessPoolExecutor so CPU-heavy extraction never stalls Scrapy's downloads. Inputs and outputs
are plain data (picklable); the classifier is loaded once per worker."""

from __future__ import annotations

import dataclasses
import datetime
import logging
from typing import Any

logger = logging.getLogger(__name__)

_CLASSIFIER: Any = None
_CLASSIFIER_ERROR: str | None = None


def init_worker(registry_files: tuple[str | None, str | None] = (None, None)) -> None:
    """Load the classifier once per worker process (if a trained model is available)."""
    global _CLASSIFIER, _CLASSIFIER_ERROR
    try:
        from classify import Classifier
        from seda.registry import load_registry

        _CLASSIFIER = Classifier.load(load_registry(*registry_files))
    except Exception as exc:  # noqa: BLE001 - articles are stored unclassified, and the run says why
        _CLASSIFIER, _CLASSIFIER_ERROR = None, f"{type(exc).__name__}: {exc}"


def process_page(body: bytes, url: str, content_type: str | None, selectors: dict[str, str],
                 cutoff: datetime.datetime, now: datetime.datetime) -> dict[str, Any]:
    """``{"status": "article" | a reason there is none, "article": {...}, "decision": {...}}``.

    Reasons: the extractor's (``listing``, ``too_short``, ``not_persian``, ``binary``, ...), ``too_old``
    (published before the look-back window) and ``extract_error`` (a bug met on this page; counted)."""
    from crawler.extract import extract_page

    try:
        result = extract_page(body, url, content_type, selectors=selectors or None, now=now)
    except Exception as exc:  # noqa: BLE001 - one bad page never stops a crawl; it is counted
        logger.warning("extraction failed on %s: %s", url, exc)
        return {"status": "extract_error", "error": f"{type(exc).__name__}: {exc}"}
    art = result.article
    if art is None:
        return {"status": f"not_article:{result.reason or 'unknown'}"}
    if art.published is not None and art.published < cutoff:
        return {"status": "too_old"}
    from store.stories import fingerprint

    out: dict[str, Any] = {"status": "article", "article": dataclasses.asdict(art), "decision": None,
                           "story_bands": fingerprint(art.title or "", art.text)[1]}
    if _CLASSIFIER is not None:
        try:
            decision = _CLASSIFIER.classify(art.title or "", art.text, url=art.url, lead=art.lead,
                                            kicker=art.kicker)
            out["decision"] = decision.to_dict(art.url)
            out["decision"]["model_version"] = (_CLASSIFIER.meta or {}).get("version")
        except Exception as exc:  # noqa: BLE001 - the article is kept, unclassified, and the run says why
            logger.warning("classification failed on %s: %s", url, exc)
            out["classifier_error"] = f"{type(exc).__name__}: {exc}"
    elif _CLASSIFIER_ERROR:
        out["classifier_error"] = _CLASSIFIER_ERROR
    return out

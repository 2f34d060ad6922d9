"""The labelled items: the corpus (``classify/corpus/*.yaml``, see CORPUS.md), analysts' corrections,
and the demo web's articles (a second, independent test set that is never trained on)."""

from __future__ import annotations

import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from seda.errors import SedaError

logger = logging.getLogger(__name__)

__all__ = ["CORPUS_DIR", "DEMO_DIR", "load_corpus", "load_demo", "apply_corrections", "split", "corpus_hash",
           "RELEVANCE", "KINDS", "SPLIT_SHARES"]

HERE = Path(__file__).resolve().parent
CORPUS_DIR = HERE / "corpus"
DEMO_DIR = HERE.parent / "demoweb" / "content"
RELEVANCE = ("about", "mention", "none")
KINDS = ("news", "interview", "report", "photo", "note")
# train / dev / test shares, per relevance class (CORPUS.md asks for ~70/15/15).
SPLIT_SHARES = (0.70, 0.15, 0.15)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_corpus(directory: Path = CORPUS_DIR) -> list[dict[str, Any]]:
    """Every valid item of every ``*.yaml`` file; invalid items are skipped with a warning naming them."""
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    for path in sorted(Path(directory).glob("*.yaml")):
        try:
            doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
        except yaml.YAMLError as exc:
            logger.warning("%s: not valid YAML, skipped: %s", path.name, exc)
            continue
        for i, item in enumerate(doc.get("items") or []):
            problem = _problem(item)
            if problem:
                logger.warning("%s item %d (%s): %s; skipped", path.name, i, (item or {}).get("id"), problem)
                continue
            if item["id"] in seen:
                logger.warning("%s: duplicate id %s; the first one is kept", path.name, item["id"])
                continue
            seen.add(item["id"])
            items.append(item)
    return items


def load_demo(directory: Path = DEMO_DIR) -> list[dict[str, Any]]:
    """The demo web's labelled articles as items (title, lead, text = lead + body, kicker, labels)."""
    items = []
    for path in sorted(Path(directory).glob("*.yaml")):
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
        for a in doc.get("articles") or []:
            body = "\n\n".join(a.get("body") or [])
            items.append({
                "id": a["id"], "title": a.get("title") or "", "lead": a.get("lead") or "",
                "text": ((a.get("lead") or "") + "\n\n" + body).strip(), "kicker": a.get("kicker"),
                "source": a.get("site"), "relevance": a.get("relevance"), "agency": a.get("agency"),
                "agencies": a.get("agencies") or [], "evidence": a.get("evidence"), "kind": a.get("kind"),
                "duplicate_of": a.get("duplicate_of"),
            })
    return items


def _problem(item: Any) -> str | None:
    if not isinstance(item, dict):
        return "not a mapping"
    for key in ("id", "title", "text"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            return f"missing {key}"
    if item.get("relevance") not in RELEVANCE:
        return f"relevance {item.get('relevance')!r} is not one of {', '.join(RELEVANCE)}"
    if item.get("kind") not in KINDS:
        return f"kind {item.get('kind')!r} is not one of {', '.join(KINDS)}"
    return None


def apply_corrections(items: list[dict[str, Any]], corrections: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Analysts' corrections override the corpus item with the same id (or url); new ones are appended.

    A correction may carry only the fields it changes (e.g. ``{"id": "ga-014", "agency": "emdad"}``); a new
    item needs title, text, relevance and kind. Returns a new list; the corpus is not modified.
    """
    out = [dict(it) for it in items]
    by_id = {it["id"]: i for i, it in enumerate(out)}
    by_url = {it["url"]: i for i, it in enumerate(out) if it.get("url")}
    for n, corr in enumerate(corrections):
        if not isinstance(corr, dict):
            raise SedaError(f"correction {n + 1}: expected a mapping, got {type(corr).__name__}")
        index = by_id.get(corr.get("id")) if corr.get("id") else None
        if index is None and corr.get("url"):
            index = by_url.get(corr["url"])
        if index is not None:
            out[index] = {**out[index], **corr, "correction": True}
            continue
        merged = {**corr, "correction": True, "new_correction": True}
        merged.setdefault("id", "correction-" + hashlib.sha1(str(corr.get("url") or corr).encode()).hexdigest()[:10])
        problem = _problem(merged)
        if problem:
            raise SedaError(f"correction {n + 1} ({merged['id']}): {problem}")
        by_id[merged["id"]] = len(out)
        out.append(merged)
    return out


def _hash(item_id: str) -> str:
    return hashlib.sha256(item_id.encode("utf-8")).hexdigest()


def split(items: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Deterministic train/dev/test split by a hash of the id, stratified by relevance.

    Within each relevance class, items are ordered by the SHA-256 of their id and cut at 70% and 85%:
    the same corpus always gives the same split, and every class is represented in each part. Corrections
    that are new items always go to train.
    """
    parts: dict[str, list[dict[str, Any]]] = {"train": [], "dev": [], "test": []}
    by_class: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for it in items:
        if it.get("new_correction"):
            parts["train"].append(it)
        else:
            by_class[it["relevance"]].append(it)
    for members in by_class.values():
        members.sort(key=lambda it: _hash(it["id"]))
        n = len(members)
        cut1 = round(n * SPLIT_SHARES[0])
        cut2 = round(n * (SPLIT_SHARES[0] + SPLIT_SHARES[1]))
        parts["train"] += members[:cut1]
        parts["dev"] += members[cut1:cut2]
        parts["test"] += members[cut2:]
    return parts


def corpus_hash(items: list[dict[str, Any]]) -> str:
    """SHA-256 over the items' content (order-independent), recorded with each trained model."""
    digest = hashlib.sha256()
    for line in sorted(json.dumps(it, ensure_ascii=False, sort_keys=True, default=str) for it in items):
        digest.update(line.encode("utf-8"))
    return digest.hexdigest()

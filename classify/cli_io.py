"""``seda classify --in IN.jsonl --out OUT.jsonl``: JSON lines in, decision lines out.

Each input line is ``{"id", "title", "text", "url"?, "source"?}`` (``lead`` and ``kicker`` are read when
present). A malformed line is reported with its line number and skipped; the others are classified in
batches and written in input order, one ``Decision.to_json`` line each.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from classify import BATCH, Classifier

logger = logging.getLogger(__name__)

__all__ = ["classify_jsonl", "ClassifyStats"]


@dataclass
class ClassifyStats:
    read: int = 0
    written: int = 0
    malformed: list[tuple[int, str]] = field(default_factory=list)   # (line number, reason)


def _item(line: str) -> tuple[dict[str, Any] | None, str]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON ({exc.msg} at column {exc.colno})"
    if not isinstance(obj, dict):
        return None, f"expected a JSON object, got {type(obj).__name__}"
    if not isinstance(obj.get("id"), str | int) or obj.get("id") in ("", None):
        return None, "missing 'id'"
    for key in ("title", "text"):
        if not isinstance(obj.get(key), str):
            return None, f"missing or non-text '{key}'"
    if not (obj["title"].strip() or obj["text"].strip()):
        return None, "empty title and text"
    for key in ("url", "source", "lead", "kicker"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            return None, f"'{key}' must be text"
    return obj, ""


def classify_jsonl(in_path: str | Path, out_path: str | Path, classifier: Classifier) -> ClassifyStats:
    """Classify every well-formed line of ``in_path`` into ``out_path`` (see the module docstring)."""
    stats = ClassifyStats()
    with open(in_path, encoding="utf-8") as src, open(out_path, "w", encoding="utf-8") as dst:
        batch: list[dict[str, Any]] = []
        for number, line in enumerate(src, start=1):
            if not line.strip():
                continue
            stats.read += 1
            item, problem = _item(line)
            if item is None:
                stats.malformed.append((number, problem))
                logger.info("%s:%d: %s; line skipped", in_path, number, problem)
                continue
            batch.append(item)
            if len(batch) >= BATCH:
                _flush(batch, classifier, dst, stats)
        _flush(batch, classifier, dst, stats)
    return stats


def _flush(batch: list[dict[str, Any]], classifier: Classifier, dst: TextIO, stats: ClassifyStats) -> None:
    if not batch:
        return
    for item, decision in zip(batch, classifier.classify_many(batch), strict=True):
        dst.write(decision.to_json(str(item["id"])) + "\n")
        stats.written += 1
    batch.clear()

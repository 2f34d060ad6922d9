"""Train the relevance model on the labelled corpus (plus analysts' corrections) and save it.

    python -m classify.train [--corrections FILE] [--seed N] [--out classify/model/relevance.joblib]

Seeded and reproducible: the split is a hash of the ids (``classify.corpus.split``), the regression is
deterministic, and the regularisation is chosen on the dev split from a fixed grid. The saved model is
fitted on train + dev; the test split is never seen (``classify.evaluate`` scores it). A JSON file beside
the model records the version, the training date, the corpus hash and the dev scores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import sklearn
import yaml
from sklearn.metrics import brier_score_loss, f1_score, log_loss
from sklearn.pipeline import Pipeline

from classify.corpus import apply_corrections, corpus_hash, load_corpus, split
from classify.document import Analyzer, Document
from classify.features import FEATURE_NAMES
from classify.relevance import CALIBRATION_FOLDS, LABELS, MODEL_PATH, about_index, build_pipeline, save_model
from seda.errors import SedaError
from seda.registry import Registry, load_registry

logger = logging.getLogger(__name__)

__all__ = ["train", "TrainResult", "MODEL_VERSION", "C_GRID", "analyse_items"]

MODEL_VERSION = "relevance-1"
# Inverse regularisation strengths tried on the dev split (log-spaced; the corpus is a few hundred items).
C_GRID = (0.25, 1.0, 4.0, 16.0)


@dataclass
class TrainResult:
    pipeline: Pipeline
    meta: dict[str, Any]
    parts: dict[str, list[dict[str, Any]]]


def analyse_items(analyzer: Analyzer, items: list[dict[str, Any]]) -> list[Document]:
    return [analyzer.analyse(it.get("title", ""), it.get("text", ""), lead=it.get("lead"), kicker=it.get("kicker"),
                             url=it.get("url"), source=it.get("source")) for it in items]


def _scores(pipeline: Pipeline, docs: list[Document], labels: list[str]) -> dict[str, float]:
    proba = pipeline.predict_proba(docs)
    classes = list(pipeline.classes_)
    predicted = [classes[i] for i in np.argmax(proba, axis=1)]
    about = proba[:, about_index(pipeline)]
    return {
        "macro_f1": round(float(f1_score(labels, predicted, labels=list(LABELS), average="macro", zero_division=0)), 4),
        "about_f1": round(float(f1_score([y == "about" for y in labels], [p == "about" for p in predicted],
                                         zero_division=0)), 4),
        "log_loss": round(float(log_loss(labels, proba, labels=classes)), 4),
        "about_brier": round(float(brier_score_loss([y == "about" for y in labels], about)), 4),
    }


def train(items: list[dict[str, Any]] | None = None, corrections: list[dict[str, Any]] | tuple = (),
          seed: int = 0, out: Path | None = MODEL_PATH, registry: Registry | None = None,
          analyzer: Analyzer | None = None) -> TrainResult:
    """Train, choose the regularisation on dev, refit on train + dev, save to ``out`` (unless None)."""
    items = load_corpus() if items is None else items
    items = apply_corrections(items, corrections)
    if len(items) < 10:
        raise SedaError(f"too few labelled items to train on ({len(items)})")
    parts = split(items)
    analyzer = analyzer or Analyzer(registry or load_registry())
    docs = {it["id"]: d for it, d in zip(items, analyse_items(analyzer, items), strict=True)}

    def xy(part: str) -> tuple[list[Document], list[str]]:
        return [docs[it["id"]] for it in parts[part]], [it["relevance"] for it in parts[part]]

    x_train, y_train = xy("train")
    x_dev, y_dev = xy("dev")
    smallest = min(Counter(y_train).values())
    folds = min(CALIBRATION_FOLDS, smallest)
    best: tuple[tuple[float, float], float] | None = None
    dev_scores: dict[str, dict[str, float]] = {}
    for c in C_GRID:
        pipeline = build_pipeline(c=c, calibration_folds=folds, seed=seed).fit(x_train, y_train)
        scores = _scores(pipeline, x_dev, y_dev) if x_dev else {"macro_f1": 0.0, "log_loss": 0.0}
        dev_scores[str(c)] = scores
        key = (scores["macro_f1"], -scores["log_loss"])  # best macro-F1, then the best-calibrated
        logger.info("C=%s dev %s", c, scores)
        if best is None or key > best[0]:
            best = (key, c)
    assert best is not None
    c = best[1]
    final_folds = min(CALIBRATION_FOLDS, min(Counter(y_train + y_dev).values()))
    final = build_pipeline(c=c, calibration_folds=final_folds, seed=seed).fit(x_train + x_dev, y_train + y_dev)
    meta = {
        "version": MODEL_VERSION,
        "trained": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "corpus_hash": corpus_hash(items),
        "items": {part: len(members) for part, members in parts.items()},
        "corrections": sum(1 for it in items if it.get("correction")),
        "seed": seed,
        "c": c,
        "dev_scores": dev_scores[str(c)],
        "dev_scores_by_c": dev_scores,
        "labels": list(final.classes_),
        "features": list(FEATURE_NAMES),
        "sklearn": sklearn.__version__,
        "test_ids": sorted(it["id"] for it in parts["test"]),
    }
    if out is not None:
        save_model(final, meta, Path(out))
        logger.info("saved %s (C=%s, dev %s)", out, c, meta["dev_scores"])
    return TrainResult(final, meta, parts)


def read_corrections(path: Path) -> list[dict[str, Any]]:
    """Corrections from a JSON-lines or YAML file (a list, or a mapping with ``items``)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".jsonl", ".json"):
        try:
            return [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            raise SedaError(f"{path}: not valid JSON lines: {exc}") from None
    doc = yaml.safe_load(text)
    return list(doc.get("items") or []) if isinstance(doc, dict) else list(doc or [])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m classify.train", description=__doc__.splitlines()[0])
    parser.add_argument("--corrections", type=Path, help="analysts' corrections (JSON lines or YAML)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    try:
        corrections = read_corrections(args.corrections) if args.corrections else []
        result = train(corrections=corrections, seed=args.seed, out=args.out)
    except SedaError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps({k: result.meta[k] for k in ("version", "trained", "items", "c", "dev_scores")},
                     ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())

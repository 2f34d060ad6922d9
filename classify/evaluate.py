"""Score the classifier on the corpus test split and on the demo web, next to a keyword baseline, and
check the floors pinned in ``floors.yaml``.

    python -m classify.evaluate [--model PATH] [--json]      # exit status 1 when a floor is not met

Scores: precision/recall/F1 per relevance class and a confusion table; credit accuracy on the items
that are about Lorestan and have a gold agency (and, separately, how often an item with no gold agency
is left uncredited); kind accuracy. The baseline labels an item *about* when any Lorestan place
variant of the registry appears in it (a plain word search, no ambiguity rules) and *none* otherwise.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from classify import Classifier
from classify.corpus import RELEVANCE, load_corpus, load_demo, split
from classify.normalize import fold, normalize
from seda.registry import Registry, load_registry

logger = logging.getLogger(__name__)

__all__ = ["evaluate", "score", "keyword_baseline", "check_floors", "load_floors", "FLOORS_PATH", "test_items"]

FLOORS_PATH = Path(__file__).resolve().parent / "floors.yaml"


class KeywordBaseline:
    """«about» when any Lorestan place variant occurs as whole words; «none» otherwise."""

    def __init__(self, registry: Registry) -> None:
        forms = {fold(normalize(v)) for p in registry.places for v in (p.name_fa, *p.variants)
                 if not re.search(r"[A-Za-z]", v)}
        alternation = "|".join(sorted((re.escape(f) for f in forms if f), key=len, reverse=True))
        self._pattern = re.compile(r"(?<![^\W\d_])(?:" + alternation + r")(?![^\W\d_])")

    def __call__(self, item: dict[str, Any]) -> str:
        text = fold(normalize(" ".join(item.get(k) or "" for k in ("kicker", "title", "text"))))
        return "about" if self._pattern.search(text) else "none"


def keyword_baseline(registry: Registry) -> KeywordBaseline:
    return KeywordBaseline(registry)


def _prf(gold: list[str], pred: list[str], label: str) -> dict[str, float]:
    tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
    fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != label and p == label)
    fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p != label)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "support": tp + fn}


def score(items: list[dict[str, Any]], decisions: list[Any], baseline: list[str]) -> dict[str, Any]:
    """All metrics for gold items, the classifier's decisions and the baseline's labels."""
    gold = [it["relevance"] for it in items]
    pred = [d.relevance for d in decisions]
    with_agency = [(it, d) for it, d in zip(items, decisions, strict=True)
                   if it["relevance"] == "about" and it.get("agency")]
    without_agency = [(it, d) for it, d in zip(items, decisions, strict=True)
                      if it["relevance"] == "about" and not it.get("agency")]
    confusion = Counter((g, p) for g, p in zip(gold, pred, strict=True))
    return {
        "items": len(items),
        "relevance": {label: _prf(gold, pred, label) for label in RELEVANCE},
        "accuracy": round(sum(g == p for g, p in zip(gold, pred, strict=True)) / max(len(items), 1), 4),
        "confusion": {g: {p: confusion[(g, p)] for p in RELEVANCE} for g in RELEVANCE},
        "credit_accuracy": round(sum(d.agency == it["agency"] for it, d in with_agency) / max(len(with_agency), 1), 4),
        "credit_items": len(with_agency),
        "uncredited_accuracy": round(sum(d.agency is None for _, d in without_agency) / max(len(without_agency), 1), 4),
        "uncredited_items": len(without_agency),
        "kind_accuracy": round(sum(d.kind == it["kind"] for it, d in zip(items, decisions, strict=True))
                               / max(len(items), 1), 4),
        "baseline": {"about": _prf(gold, baseline, "about"),
                     "accuracy": round(sum(g == b for g, b in zip(gold, baseline, strict=True)) / max(len(items), 1), 4)},
        "errors": [
            {"id": it["id"], "gold": [it["relevance"], it.get("agency"), it["kind"]],
             "got": [d.relevance, d.agency, d.kind], "score": round(d.score, 3)}
            for it, d in zip(items, decisions, strict=True)
            if (d.relevance, d.kind) != (it["relevance"], it["kind"])
            or (it["relevance"] == "about" and d.agency != it.get("agency"))
        ],
    }


def test_items(classifier: Classifier, corpus: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The corpus test split. When the model recorded its test ids, exactly those (still in the corpus):
    items added since training may have been drawn into train by a new split, never into test."""
    corpus = load_corpus() if corpus is None else corpus
    wanted = set(classifier.meta.get("test_ids") or ())
    recorded = [it for it in corpus if it["id"] in wanted]
    return recorded or split(corpus)["test"]


def evaluate(classifier: Classifier, registry: Registry, corpus: list[dict[str, Any]] | None = None,
             demo: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    baseline = keyword_baseline(registry)
    report: dict[str, Any] = {"model": {k: classifier.meta.get(k) for k in ("version", "trained", "corpus_hash", "c")}}
    for name, items in (("test", test_items(classifier, corpus)), ("demo", load_demo() if demo is None else demo)):
        decisions = classifier.classify_many(items)
        report[name] = score(items, decisions, [baseline(it) for it in items])
    return report


def load_floors(path: Path = FLOORS_PATH) -> dict[str, dict[str, float]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["floors"]


def check_floors(report: dict[str, Any], floors: dict[str, dict[str, float]] | None = None) -> list[str]:
    """The floors a report falls below, as readable lines (empty when all are met)."""
    floors = load_floors() if floors is None else floors
    failures = []
    for part, limits in floors.items():
        r = report.get(part)
        if r is None:
            failures.append(f"{part}: no scores")
            continue
        values = {
            "about_f1": r["relevance"]["about"]["f1"],
            "about_precision": r["relevance"]["about"]["precision"],
            "credit_accuracy": r["credit_accuracy"],
            "kind_accuracy": r["kind_accuracy"],
            "macro_f1": sum(r["relevance"][c]["f1"] for c in RELEVANCE) / len(RELEVANCE),
            "about_precision_over_baseline": r["relevance"]["about"]["precision"] - r["baseline"]["about"]["precision"],
        }
        for metric, floor in limits.items():
            if metric not in values:
                failures.append(f"{part}: unknown metric {metric!r} in floors")
            elif values[metric] < floor:
                failures.append(f"{part}: {metric} {values[metric]:.3f} is below the floor {floor:.3f}")
    return failures


def _table(name: str, r: dict[str, Any]) -> str:
    lines = [f"== {name}: {r['items']} items, accuracy {r['accuracy']:.3f}"]
    lines.append(f"{'class':<8}{'P':>7}{'R':>7}{'F1':>7}{'n':>5}")
    for label in RELEVANCE:
        m = r["relevance"][label]
        lines.append(f"{label:<8}{m['precision']:>7.3f}{m['recall']:>7.3f}{m['f1']:>7.3f}{m['support']:>5}")
    b = r["baseline"]["about"]
    lines.append(f"{'baseline':<8}{b['precision']:>7.3f}{b['recall']:>7.3f}{b['f1']:>7.3f}   (about, keyword search)")
    lines.append("confusion (rows gold, columns predicted): " + "  ".join(
        f"{g}→" + "/".join(str(r['confusion'][g][p]) for p in RELEVANCE) for g in RELEVANCE))
    lines.append(f"credit accuracy {r['credit_accuracy']:.3f} on {r['credit_items']} items with a gold agency; "
                 f"uncredited when gold is none {r['uncredited_accuracy']:.3f} on {r['uncredited_items']}")
    lines.append(f"kind accuracy {r['kind_accuracy']:.3f}")
    for e in r["errors"]:
        lines.append(f"  {e['id']}: gold {e['gold']} got {e['got']} (score {e['score']})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m classify.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="relevance model (classify/model/relevance.joblib by default)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    registry = load_registry()
    classifier = Classifier.load(registry, args.model)
    report = evaluate(classifier, registry)
    failures = check_floors(report)
    report["floor_failures"] = failures
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(_table("corpus test split", report["test"]))
        print(_table("demo web", report["demo"]))
        print("floors: " + ("all met" if not failures else "; ".join(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""The quality gate: the committed model meets the floors in classify/floors.yaml on the corpus test split
and on the demo web; the keyword baseline and the floor check behave."""

from __future__ import annotations

import pytest

from classify import Classifier
from classify.corpus import load_corpus
from classify.evaluate import check_floors, evaluate, keyword_baseline
from classify.relevance import MODEL_PATH
from seda.registry import Registry

# The gate is meaningful once the labelled corpus is complete (CORPUS.md: 600+ items).
MIN_CORPUS_ITEMS = 600


@pytest.mark.slow
def test_floors_on_the_real_corpus(registry: Registry) -> None:
    corpus = load_corpus()
    if len(corpus) < MIN_CORPUS_ITEMS:
        pytest.skip(f"classify/corpus has {len(corpus)} labelled items; the floors are checked from "
                    f"{MIN_CORPUS_ITEMS} (CORPUS.md)")
    if not MODEL_PATH.exists():
        pytest.skip(f"no trained model at {MODEL_PATH}; run `python -m classify.train`")
    clf = Classifier.load(registry)
    report = evaluate(clf, registry, corpus=corpus)
    assert check_floors(report) == []


def test_check_floors_names_what_falls_short() -> None:
    report = {"test": {"relevance": {"about": {"f1": 0.9, "precision": 0.8}, "mention": {"f1": 1.0},
                                     "none": {"f1": 1.0}},
                       "credit_accuracy": 0.95, "kind_accuracy": 0.5,
                       "baseline": {"about": {"precision": 0.75}}}}
    failures = check_floors(report, {"test": {"about_f1": 0.95, "credit_accuracy": 0.9, "kind_accuracy": 0.9,
                                              "about_precision_over_baseline": 0.1}})
    assert len(failures) == 3
    assert any("about_f1 0.900" in f for f in failures) and any("kind_accuracy" in f for f in failures)
    assert any("about_precision_over_baseline 0.050" in f for f in failures)
    assert check_floors(report, {"demo": {"about_f1": 0.5}}) == ["demo: no scores"]


def test_keyword_baseline_is_a_plain_search(registry: Registry) -> None:
    base = keyword_baseline(registry)
    assert base({"title": "زلزله در نورآباد ممسنی", "text": ""}) == "about"   # no ambiguity rules
    assert base({"title": "افتتاح مترو", "text": "شهردار تهران خط ۷ را افتتاح کرد."}) == "none"
    assert base({"title": "", "text": "بارش برف در خرمآباد"}) == "about"


def test_evaluate_reports_both_sets(classifier: Classifier, registry: Registry, small_corpus: list[dict]) -> None:
    report = evaluate(classifier, registry, corpus=small_corpus, demo=small_corpus[:6])
    for part in ("test", "demo"):
        r = report[part]
        assert set(r["relevance"]) == {"about", "mention", "none"}
        assert 0.0 <= r["credit_accuracy"] <= 1.0 and 0.0 <= r["kind_accuracy"] <= 1.0
        assert "about" in r["baseline"] and set(r["confusion"]) == {"about", "mention", "none"}

"""Training: seeded and reproducible, corrections override the corpus, the split is a hash of the ids."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from classify import Classifier
from classify.corpus import apply_corrections, split
from classify.document import Analyzer
from classify.train import analyse_items, read_corrections, train
from seda.errors import SedaError
from seda.registry import Registry


def test_same_seed_same_predictions(analyzer: Analyzer, small_corpus: list[dict], tmp_path: Path) -> None:
    a = train(items=small_corpus, seed=3, out=tmp_path / "a.joblib", analyzer=analyzer)
    b = train(items=small_corpus, seed=3, out=tmp_path / "b.joblib", analyzer=analyzer)
    docs = analyse_items(analyzer, small_corpus)
    assert np.array_equal(a.pipeline.predict_proba(docs), b.pipeline.predict_proba(docs))
    assert a.meta["corpus_hash"] == b.meta["corpus_hash"] and a.meta["c"] == b.meta["c"]
    meta = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert {"version", "trained", "corpus_hash", "dev_scores", "test_ids"} <= set(meta)


def test_trained_model_loads_and_classifies(registry: Registry, analyzer: Analyzer, small_corpus: list[dict],
                                           tmp_path: Path) -> None:
    train(items=small_corpus, out=tmp_path / "m.joblib", analyzer=analyzer)
    clf = Classifier.load(registry, tmp_path / "m.joblib")
    d = clf.classify("برف‌روبی محورهای الیگودرز", "مدیرکل راهداری و حمل و نقل جاده‌ای لرستان گفت: "
                     "۶۰۰ کیلومتر از راه‌های روستایی الیگودرز برف‌روبی شد.")
    assert d.relevance == "about" and d.agency == "rahdari"


def test_split_is_deterministic_and_stratified(small_corpus: list[dict]) -> None:
    first, second = split(small_corpus), split(list(reversed(small_corpus)))
    assert {k: sorted(i["id"] for i in v) for k, v in first.items()} == \
        {k: sorted(i["id"] for i in v) for k, v in second.items()}
    for part in ("train", "dev", "test"):
        assert {i["relevance"] for i in first[part]} == {"about", "mention", "none"}
    assert sum(len(v) for v in first.values()) == len(small_corpus)


def test_corrections_override_the_corpus_label(small_corpus: list[dict]) -> None:
    target = small_corpus[0]["id"]
    fixed = apply_corrections(small_corpus, [
        {"id": target, "agency": "emdad"},                                   # override by id
        {"id": "new-1", "title": "عنوان", "text": "متن خبر درباره لرستان", "relevance": "about", "kind": "news",
         "agency": None},                                                   # a new item
    ])
    by_id = {i["id"]: i for i in fixed}
    assert by_id[target]["agency"] == "emdad" and by_id[target]["relevance"] == small_corpus[0]["relevance"]
    assert len(fixed) == len(small_corpus) + 1
    assert any(i["id"] == "new-1" for i in split(fixed)["train"])  # new corrections always train
    with pytest.raises(SedaError, match="missing text"):
        apply_corrections(small_corpus, [{"id": "bad", "title": "x", "relevance": "about", "kind": "news"}])


def test_corrections_change_what_is_learnt(analyzer: Analyzer, small_corpus: list[dict], tmp_path: Path) -> None:
    item = next(i for i in small_corpus if i["relevance"] == "mention")
    plain = train(items=small_corpus, out=None, analyzer=analyzer)
    corrected = train(items=small_corpus, corrections=[{"id": item["id"], "relevance": "about"}], out=None,
                      analyzer=analyzer)
    assert plain.meta["corpus_hash"] != corrected.meta["corpus_hash"]
    assert corrected.meta["corrections"] == 1


def test_read_corrections_from_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "ga-001", "agency": "emdad"}\n\n{"url": "https://x.ir/1", "relevance": "none"}\n',
                    encoding="utf-8")
    assert read_corrections(path) == [{"id": "ga-001", "agency": "emdad"}, {"url": "https://x.ir/1", "relevance": "none"}]

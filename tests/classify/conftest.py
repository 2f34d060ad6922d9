"""Fixtures of the classifier tests: the shipped registry, one analyzer and one classifier per session."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from classify import Classifier
from classify.document import Analyzer
from classify.relevance import MODEL_PATH
from seda.registry import Registry, load_registry

HERE = Path(__file__).resolve().parent
SMALL_CORPUS = HERE / "corpus_small.yaml"


@pytest.fixture(scope="session")
def registry() -> Registry:
    return load_registry()


@pytest.fixture(scope="session")
def analyzer(registry: Registry) -> Analyzer:
    return Analyzer(registry)


@pytest.fixture(scope="session")
def small_corpus() -> list[dict]:
    return yaml.safe_load(SMALL_CORPUS.read_text(encoding="utf-8"))["items"]


@pytest.fixture(scope="session")
def classifier(registry: Registry, analyzer: Analyzer, small_corpus: list[dict],
               tmp_path_factory: pytest.TempPathFactory) -> Classifier:
    """The committed model; when it is missing, one trained on the tests' own small corpus."""
    if MODEL_PATH.exists():
        clf = Classifier.load(registry)
    else:
        from classify.train import train

        path = tmp_path_factory.mktemp("model") / "relevance.joblib"
        train(items=small_corpus, out=path, analyzer=analyzer)
        clf = Classifier.load(registry, path)
    return clf

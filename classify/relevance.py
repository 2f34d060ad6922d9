"""The relevance model: is an article about Lorestan, a mention, or neither — with P(about).

A scikit-learn pipeline whose first step reads the article (normalisation, gazetteer, places and
agencies: ``classify.document``), so training and prediction share one path:

    Analyse → FeatureUnion(TF-IDF over hazm tokens, scaled gazetteer/position features)
            → logistic regression (three classes), sigmoid-calibrated

The ``Analyse`` step holds no state of its own; its analyzer (gazetteer + tokenizer) is attached at
load time and never pickled, so the saved model stays small and follows the registry it is loaded with.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from classify.document import Analyzer, Document
from classify.features import document_features

__all__ = ["LABELS", "build_pipeline", "Analyse", "save_model", "load_model", "MODEL_DIR", "MODEL_PATH",
           "about_index"]

LABELS = ("about", "mention", "none")
MODEL_DIR = Path(__file__).resolve().parent / "model"
MODEL_PATH = MODEL_DIR / "relevance.joblib"
# hazm splits punctuation and numbers into tokens of their own: a token starting with one of these is not
# a word.
_NOT_WORD_START = frozenset("،؛:.!?؟«»()[]{}\"'-–—/\\…0123456789")


class Analyse(BaseEstimator, TransformerMixin):  # type: ignore[misc]
    """Turns raw items (dicts with title/text/lead/kicker) into ``Document``s; documents pass through."""

    analyzer: Analyzer | None = None

    def fit(self, X: Any, y: Any = None) -> Analyse:  # noqa: N803 - scikit-learn's names
        return self

    def transform(self, X: Any) -> list[Document]:  # noqa: N803
        out = []
        for x in X:
            if isinstance(x, Document):
                out.append(x)
                continue
            if self.analyzer is None:
                raise RuntimeError("the relevance pipeline has no analyzer: load it with classify.Classifier")
            out.append(self.analyzer.analyse(x.get("title", ""), x.get("text", ""), lead=x.get("lead"),
                                             kicker=x.get("kicker"), url=x.get("url"), source=x.get("source")))
        return out

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("analyzer", None)
        return state


def document_tokens(doc: Document) -> list[str]:
    """hazm tokens of a document without punctuation or numbers (the TF-IDF vocabulary)."""
    return [t for t in doc.tokens if t[0] not in _NOT_WORD_START]


def feature_matrix(docs: list[Document]) -> np.ndarray:
    return np.vstack([document_features(d) for d in docs]) if docs else np.zeros((0, 0))


# Folds of the sigmoid calibration (fewer when a class has fewer training items).
CALIBRATION_FOLDS = 5


def build_pipeline(c: float = 4.0, calibration_folds: int = CALIBRATION_FOLDS, seed: int = 0) -> Pipeline:
    """The untrained relevance pipeline. ``c`` is the inverse regularisation of the regression;
    ``calibration_folds`` < 2 leaves the regression's own probabilities uncalibrated."""
    features = FeatureUnion([
        ("tfidf", TfidfVectorizer(analyzer=document_tokens, min_df=2, max_df=0.9, sublinear_tf=True,
                                  max_features=30000)),
        ("gazetteer", Pipeline([("features", FunctionTransformer(feature_matrix)),
                                ("scale", StandardScaler())])),
    ])
    model: Any = LogisticRegression(C=c, max_iter=5000, class_weight="balanced", random_state=seed)
    if calibration_folds >= 2:
        model = CalibratedClassifierCV(model, method="sigmoid", cv=calibration_folds, ensemble=False)
    return Pipeline([("analyse", Analyse()), ("features", features), ("model", model)])


def about_index(pipeline: Pipeline) -> int:
    return list(pipeline.classes_).index("about")


def save_model(pipeline: Pipeline, meta: dict[str, Any], path: Path = MODEL_PATH) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(pipeline, path, compress=3)
    path.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def load_model(path: Path = MODEL_PATH) -> tuple[Pipeline, dict[str, Any]]:
    pipeline = joblib.load(path)
    meta_path = Path(path).with_suffix(".json")
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
    return pipeline, meta

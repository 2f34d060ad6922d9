"""Seda's classifier: is an article about Lorestan, which agency's PR office sourced it, what kind it is.

    from classify import Classifier
    clf = Classifier.load(registry)            # the trained model in classify/model/ by default
    decision = clf.classify(title, text, url=url, source=source)
    line = decision.to_json(article_id)        # the `seda classify` output line

The crawl pipeline, ``seda classify`` (through ``classify.cli_io.classify_jsonl``) and ``seda train``
(through ``classify.train.train``) all use this one code path.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.pipeline import Pipeline

from classify.credit import credit
from classify.decision import Decision
from classify.document import Analyzer, Document
from classify.evidence import phrase, sentence_of
from classify.kind import coverage_kind
from classify.places import LORESTAN
from classify.relevance import MODEL_PATH, about_index, load_model
from seda.errors import SedaError
from seda.registry import Registry

logger = logging.getLogger(__name__)

__all__ = ["Classifier", "Decision", "RELEVANCE_REVIEW_BELOW", "BATCH"]

# An "about" whose probability is under this goes to an analyst too: the model is not sure it is about
# the province (the calibrated score of a coin toss between about and mention).
RELEVANCE_REVIEW_BELOW = 0.6
# Documents per model call in ``classify_many``: scikit-learn's per-call overhead (~1 ms) is paid once
# per batch; 256 keeps memory small.
BATCH = 256
# P(about) of a text that names no Lorestan place or agency at all. The corpus has no about item without
# one (the gazetteer's recall there is complete), so such a text gets at most this score.
NO_EVIDENCE_SCORE_CAP = 0.01
# Distinct Lorestan place names listed in the evidence (normalised spelling), first ones first.
MAX_PLACES = 10


class Classifier:
    """Relevance model + credit + kind over one analyzer (see the package docstring)."""

    def __init__(self, analyzer: Analyzer, pipeline: Pipeline, meta: dict[str, Any] | None = None) -> None:
        self.analyzer = analyzer
        self.pipeline = pipeline
        self.meta = meta or {}
        pipeline.named_steps["analyse"].analyzer = analyzer
        self._about = about_index(pipeline)
        self._classes = [str(c) for c in pipeline.classes_]
        registry = analyzer.gazetteer.registry
        self._speakers = frozenset(a.id for a in registry.agencies if a.kind == "speaker")
        self._outlets = frozenset(a.id for a in registry.agencies if a.kind == "outlet")

    @classmethod
    def load(cls, registry: Registry, model_path: str | Path | None = None) -> Classifier:
        """The classifier for a registry with a trained relevance model (``classify/model/`` by default)."""
        path = Path(model_path) if model_path else MODEL_PATH
        if not path.exists():
            raise SedaError(f"no relevance model at {path}; train one with `python -m classify.train`")
        pipeline, meta = load_model(path)
        return cls(Analyzer(registry), pipeline, meta)

    def analyse(self, title: str, text: str, url: str | None = None, source: str | None = None,
                lead: str | None = None, kicker: str | None = None) -> Document:
        return self.analyzer.analyse(title, text, lead=lead, kicker=kicker, url=url, source=source)

    def classify(self, title: str, text: str, url: str | None = None, source: str | None = None,
                 lead: str | None = None, kicker: str | None = None) -> Decision:
        """Decide one article."""
        doc = self.analyse(title, text, url=url, source=source, lead=lead, kicker=kicker)
        return self.decide([doc])[0]

    def classify_many(self, items: Iterable[dict[str, Any]]) -> list[Decision]:
        """Decide many articles (dicts with title, text and optional url/source/lead/kicker), in batches."""
        out: list[Decision] = []
        batch: list[Document] = []
        for it in items:
            batch.append(self.analyse(it.get("title") or "", it.get("text") or "", url=it.get("url"),
                                      source=it.get("source"), lead=it.get("lead"), kicker=it.get("kicker")))
            if len(batch) >= BATCH:
                out += self.decide(batch)
                batch = []
        if batch:
            out += self.decide(batch)
        return out

    def decide(self, docs: list[Document]) -> list[Decision]:
        """Decisions for analysed documents (one model call for all of them)."""
        if not docs:
            return []
        proba = self.pipeline.predict_proba(docs)
        return [self._decision(doc, row) for doc, row in zip(docs, proba, strict=True)]

    def _decision(self, doc: Document, proba: np.ndarray) -> Decision:
        relevance = self._classes[int(np.argmax(proba))]
        score = float(proba[self._about])
        kind, kind_cue = coverage_kind(doc)
        agencies = list(dict.fromkeys(m.agency_id for m in doc.agencies if m.anchor in ("place", "home")))
        if not agencies and not any(m.status == LORESTAN for m in doc.places):
            # Nothing in the text names the province: it can be neither about nor a mention of it.
            relevance, score = "none", min(score, NO_EVIDENCE_SCORE_CAP)
        source = credit(doc, kind, self._speakers, self._outlets) if relevance == "about" else None
        agency = source.agency if source else None
        if agency and agency not in agencies:
            agencies.append(agency)  # credited through the home province («مدیرکل بهزیستی» in a Lorestan text)
        lorestan = [m for m in doc.places if m.status == LORESTAN]
        needs_review = bool(source and source.needs_review) or (
            relevance == "about" and score < RELEVANCE_REVIEW_BELOW)
        evidence = {
            "relevance": self._relevance_sentence(doc, lorestan) if relevance != "none" else None,
            "agency": phrase(doc, *source.span) if source and source.agency and source.span else None,
            "kind": kind_cue,
            "places": list(dict.fromkeys(doc.tk.phrase(m.w0, m.w1) for m in lorestan))[:MAX_PLACES],
            "needs_review": needs_review,
            "confidence": round(source.confidence, 3) if source and source.agency else 0.0,
            "shape": source.shape if source and source.agency else None,
        }
        return Decision(relevance, score, agency, agencies, kind, evidence)

    @staticmethod
    def _relevance_sentence(doc: Document, lorestan: list) -> str | None:  # type: ignore[type-arg]
        """The sentence that makes the item about (or mention) Lorestan: the first one naming the
        province in the title, kicker or lead, else in the body."""
        if not lorestan:
            return None
        top = [m for m in lorestan if doc.section(m.w0) in ("title", "kicker", "lead")]
        return sentence_of(doc, (top or lorestan)[0].w0)


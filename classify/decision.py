"""The classifier's answer for one article, and its ``seda classify`` output line (DESIGN.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Decision"]


@dataclass
class Decision:
    relevance: str                 # about | mention | none
    score: float                   # P(about), calibrated
    agency: str | None             # the source agency (only for relevance == about)
    agencies: list[str]            # every Lorestan agency named
    kind: str                      # news | interview | report | photo | note
    evidence: dict[str, Any] = field(default_factory=dict)
    # {relevance: sentence|None, agency: phrase|None, kind: cue|None, places: [...], needs_review: bool,
    #  confidence: float (of the credit), shape: credit shape}

    def to_dict(self, id: str) -> dict[str, Any]:  # noqa: A002 - the contract's field name
        return {"id": id, "relevance": self.relevance, "score": round(self.score, 4), "agency": self.agency,
                "agencies": list(self.agencies), "kind": self.kind, "evidence": dict(self.evidence)}

    def to_json(self, id: str) -> str:  # noqa: A002
        """The ``seda classify`` output line: ``{"id", "relevance", "score", "agency", "agencies", "kind",
        "evidence"}`` as one line of JSON."""
        return json.dumps(self.to_dict(id), ensure_ascii=False)

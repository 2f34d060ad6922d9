"""The classifier's cue words (``lexicon.yaml`` beside this module), loaded and validated once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from seda.errors import ConfigError

__all__ = ["Lexicon", "load_lexicon", "LEXICON_PATH", "GUARD_CLASSES"]

LEXICON_PATH = Path(__file__).resolve().parent / "lexicon.yaml"
GUARD_CLASSES = ("none", "word", "surname", "elsewhere", "ethnic")
_LIST_KEYS = (
    "title_heads", "head_modifiers", "org_levels", "place_levels", "generic_cores", "geo_heads",
    "word_continuations", "pr_office", "agency_site", "attribution", "quoting", "source_line", "reporter",
    "outlet_words", "announce", "speech_verbs", "interview_cues", "press_event", "appointment",
    "photo_credit", "byline", "national_cues", "person_markers", "place_prepositions", "phrase_breakers",
    "bank_names", "ignored_agency_forms", "dominant_names",
)


@dataclass(frozen=True)
class Lexicon:
    lists: dict[str, tuple[str, ...]]
    kind_markers: dict[str, tuple[str, ...]]
    other_places: dict[str, tuple[str, ...]]
    extra_core_names: dict[str, str]
    former_place_names: dict[str, str]
    place_guards: dict[str, str]  # form → guard class

    def __getitem__(self, key: str) -> tuple[str, ...]:
        return self.lists[key]


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    p = Path(path) if path else LEXICON_PATH
    try:
        doc: Any = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{p}: cannot read the classifier lexicon: {exc}") from None
    if not isinstance(doc, dict):
        raise ConfigError(f"{p}: expected a mapping at the top level")
    lists: dict[str, tuple[str, ...]] = {}
    for key in _LIST_KEYS:
        lists[key] = _strings(doc.get(key), f"{p}: {key}")
    guards: dict[str, str] = {}
    for cls, forms in (doc.get("place_guards") or {}).items():
        if cls not in GUARD_CLASSES:
            raise ConfigError(f"{p}: place_guards class {cls!r} is not allowed; allowed: {', '.join(GUARD_CLASSES)}")
        for form in _strings(forms, f"{p}: place_guards.{cls}"):
            guards[form] = cls
    return Lexicon(
        lists=lists,
        kind_markers={k: _strings(v, f"{p}: kind_markers.{k}") for k, v in (doc.get("kind_markers") or {}).items()},
        other_places={k: _strings(v, f"{p}: other_places.{k}") for k, v in (doc.get("other_places") or {}).items()},
        extra_core_names={str(k): str(v) for k, v in (doc.get("extra_core_names") or {}).items()},
        former_place_names={str(k): str(v) for k, v in (doc.get("former_place_names") or {}).items()},
        place_guards=guards,
    )


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str | int) and str(v).strip() for v in value):
        raise ConfigError(f"{where}: must be a list of non-empty strings")
    return tuple(str(v) for v in value)

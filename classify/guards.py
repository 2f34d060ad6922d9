"""Guard classes of place names: how much context each spelling of a Lorestan place needs.

Derived once from the registry (each place's ``ambiguous`` flag and ambiguity notes) and the lexicon's
``place_guards`` overrides; read by ``classify.places`` (see its docstring for what each class means).

- An override in the lexicon wins («درود»: word; «پلدختر» joined: none).
- A county form with a geographic head is safe («شهرستان سلسله», «فرماندار چگنی»).
- A landmark outside the province is ``outside``; a town's demonym is also a family name (``surname``).
- Otherwise an ambiguous place takes the class its notes describe (surname / common word / elsewhere /
  ethnic); a note that quotes Persian names concerns only those spellings («'درود' spelling also =
  greetings» guards «درود», not «دورود»).
- A longer spelling containing another place's name is as safe as that name, and two names that agree
  settle each other («نورآباد دلفان», «محور خرم‌آباد - پل‌زال»).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from seda.registry import Place

__all__ = ["GUARD_STRICTNESS", "guard_classes", "contrary_words"]

Words = tuple[str, ...]
GUARD_STRICTNESS = {None: 0, "elsewhere": 1, "surname": 2, "word": 3, "ethnic": 4, "outside": 5}
_PERSIAN_WORD = re.compile(r"[\u0600-\u06ff]+")


def guard_classes(forms: dict[str, list[Words]], places: dict[str, Place], overrides: dict[Words, str],
                  geo_heads: set[Words], province_name: str,
                  words_of: Callable[[str], Words]) -> dict[Words, str | None]:
    """Guard class of every spelling (as folded words) of the given places (place id → spellings);
    ``words_of`` splits a text into folded words the way the spellings were."""
    owner: dict[Words, set[str]] = defaultdict(set)
    for pid, spellings in forms.items():
        for words in spellings:
            owner[words].add(pid)
    base: dict[Words, str | None] = {}
    for words, pids in owner.items():
        classes = [_base_class(places[pid], words, overrides, geo_heads, province_name, words_of)
                   for pid in sorted(pids)]
        base[words] = max(classes, key=GUARD_STRICTNESS.__getitem__)
    out: dict[Words, str | None] = {}
    for words, pids in owner.items():
        cls = base[words]
        if len(words) > 1 and words not in overrides and not _starts_with_any(words, geo_heads):
            inner = [(w, base[w]) for w in owner if len(w) < len(words) and _contains(words, w)]
            others = [c for w, c in inner if not owner[w] & pids]
            own = [c for w, c in inner if owner[w] & pids]
            if others and (own or None in others):
                cls = None  # two names that agree, or an unambiguous name inside
            elif others and cls is not None:
                cls = min([cls, *others], key=GUARD_STRICTNESS.__getitem__)
        out[words] = cls
    return out


def contrary_words(place: Place, words_of: Callable[[str], Words]) -> frozenset[str]:
    """Words of a place's ambiguity notes that name where else it is («تنکابن», «ممسنی», «میانه»)."""
    own = set(words_of(place.name_fa)) | {w for v in place.variants for w in words_of(v)}
    skip = {"استان", "شهرستان", "شهر", "بخش", "و", "در", "از", "های", "ها", "دهستان", "روستای"}
    out = set()
    for note in place.ambiguity:
        for w in words_of(note):
            if _PERSIAN_WORD.fullmatch(w) and w not in own and w not in skip and len(w) > 2:
                out.add(w)
    return frozenset(out)


def _base_class(place: Place, words: Words, overrides: dict[Words, str], geo_heads: set[Words],
                province_name: str, words_of: Callable[[str], Words]) -> str | None:
    if words in overrides:
        cls = overrides[words]
        return None if cls == "none" else cls
    if _starts_with_any(words, geo_heads):
        return None  # «شهرستان سلسله», «فرماندار چگنی»
    if not place.inside:
        return "outside"
    if place.type == "demonym" and len(words) == 1 and province_name not in words[0]:
        return "surname"  # «الیگودرزی», «کوهدشتی»: a town's demonym is also a family name
    if not place.ambiguous:
        return None
    classes = [_note_class(place, note) for note in place.ambiguity if _note_applies(note, words, words_of)]
    return max(classes, key=GUARD_STRICTNESS.__getitem__) if classes else None


def _note_applies(note: str, words: Words, words_of: Callable[[str], Words]) -> bool:
    """A note that quotes Persian names concerns only those spellings; a note without any, all of them."""
    note_words = [w for w in words_of(note) if _PERSIAN_WORD.fullmatch(w)]
    if not note_words:
        return True
    key = "".join(words)
    for i in range(len(note_words)):
        joined = ""
        for w in note_words[i:i + 4]:
            joined += w
            if joined == key:
                return True
    return False


def _note_class(place: Place, note: str) -> str:
    text = note.lower()
    if "surname" in text:
        return "surname"
    if place.type == "demonym":
        return "ethnic"
    if any(cue in text for cue in ("common noun", "adjective", "adverb", "generic", "common word", "= '")):
        return "word"
    return "elsewhere"


def _starts_with_any(words: Words, heads: set[Words]) -> bool:
    return any(words[:len(h)] == h and len(words) > len(h) for h in heads)


def _contains(words: Words, part: Words) -> bool:
    n = len(part)
    return any(words[i:i + n] == part for i in range(len(words) - n + 1))

"""One pass over a text for every name the classifier knows: places, agencies, titles and cue words.

Built once from the registry (``seda.registry``) and the classifier's lexicon; ``Gazetteer.scan`` runs a
single pyahocorasick automaton over a ``TextKey`` and returns word-aligned ``Hit``s. Resolving what the
hits mean (is this «خرم‌آباد» Lorestan's? which agency does «رییس مخابرات پلدختر» name?) is done by
``classify.places`` and ``classify.agencies``.

What each registry record contributes:
- a place: every variant (county forms too) and former name, with a *guard class* when the name is
  also a word, a surname, an ethnic term or a place elsewhere (see ``guard_class``);
- an agency: its aliases, title forms and PR forms as literal forms ({county}, {city}, {district},
  {constituency} and {bank} slots expanded), and *core names* derived from them by stripping
  organisational words and places («اداره کل کمیته امداد امام خمینی (ره) استان لرستان» → «کمیته امداد
  امام خمینی ره»), used by the compositional matcher.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import product
from typing import NamedTuple

import ahocorasick

from classify.guards import GUARD_STRICTNESS, contrary_words, guard_classes
from classify.lexicon import Lexicon
from classify.normalize import fold_phrase
from classify.textkey import GAP_HARD, GAP_ZWNJ, WORD, TextKey
from seda.registry import Agency, Place, Registry

logger = logging.getLogger(__name__)

__all__ = ["Gazetteer", "Hit", "PLACE", "OTHER", "AGENCY", "CORE", "HEAD", "MOD", "ORG", "LEVEL", "GEO", "CUE"]

# Hit categories.
PLACE, OTHER, AGENCY, CORE, HEAD, MOD, ORG, LEVEL, GEO, CUE = (
    "place", "other", "agency", "core", "head", "mod", "org", "level", "geo", "cue")
# Hits of one group compete for a span (leftmost-longest wins): places (Lorestan's and other provinces')
# together — a county form «فرمانداری خرم‌آباد» beats the city inside it, «استان مرکزی» beats the
# district word «مرکزی» —, each cue list apart, and each other category apart.

_SLOT = re.compile(r"\{(\w+)\}")
_PAREN = re.compile(r"\s*\(([^)]*)\)")
_WORDS = WORD


class Hit(NamedTuple):
    cat: str
    ref: str          # place id, province name, agency id, or cue name
    w0: int           # first word
    w1: int           # one past the last word
    form: str         # the registry/lexicon form that matched (for guard classes and evidence)
    info: str = ""    # agency form kind (alias|title|pr), core strength (generic|), place guard class
    group: str = ""   # hits of one group compete for a span (leftmost-longest)


_new_hit = tuple.__new__  # builds a Hit without NamedTuple's Python-level __new__ (hot loop)


@dataclass(frozen=True, slots=True)
class _Entry:
    cat: str
    ref: str
    form: str
    info: str = ""

    @property
    def group(self) -> str:
        return "place" if self.cat in (PLACE, OTHER) else (f"cue:{self.ref}" if self.cat == CUE else self.cat)


def _key_and_gaps(phrase: str) -> tuple[str, frozenset[int]]:
    words = _WORDS.findall(fold_phrase(phrase))
    gaps, pos = set(), 0
    for w in words[:-1]:
        pos += len(w)
        gaps.add(pos)
    return "".join(words), frozenset(gaps)


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(_WORDS.findall(fold_phrase(phrase)))


class Gazetteer:
    """Every known name in one automaton (see the module docstring)."""

    def __init__(self, registry: Registry, lexicon: Lexicon) -> None:
        self.registry = registry
        self.lexicon = lexicon
        self.places = {p.id: p for p in registry.places}
        self.agencies = {a.id: a for a in registry.agencies}
        self._entries: dict[str, list[_Entry]] = defaultdict(list)
        self._gaps: dict[str, set[int]] = defaultdict(set)
        self.cores: dict[str, set[str]] = defaultdict(set)  # folded core → agency ids
        self.title_cores: set[str] = set()  # cores that are themselves a title: «استاندار», «فرماندار»
        self.contrary: dict[str, frozenset[str]] = {}  # place id → folded words naming where else it is
        self.dominant = frozenset("".join(_words(f)) for f in lexicon["dominant_names"])
        self._lorestan_forms: set[tuple[str, ...]] = set()
        self._add_places()
        self._add_other_places()
        self._add_lexicon()
        self._add_agencies()
        self._automaton = ahocorasick.Automaton()
        for key, entries in self._entries.items():
            self._automaton.add_word(key, (len(key), frozenset(self._gaps[key]), tuple(dict.fromkeys(entries))))
        self._automaton.make_automaton()
        self._groups = {e: e.group for entries in self._entries.values() for e in entries}
        logger.debug("gazetteer: %d keys, %d cores", len(self._entries), len(self.cores))

    # ------------------------------------------------------------------ building
    def _add(self, phrase: str, entry: _Entry) -> None:
        key, gaps = _key_and_gaps(phrase)
        if not key:
            return
        self._entries[key].append(entry)
        self._gaps[key] |= gaps

    def _place_forms(self, place: Place) -> list[str]:
        forms = [place.name_fa, *place.variants, *place.former_names]
        if place.type == "district":
            # District names («مرکزی», «پاپی») are read only with their head: «بخش پاپی».
            forms = [f"بخش {place.name_fa}"] if place.name_fa != "مرکزی" else []
        return [f for f in forms if not re.search(r"[A-Za-z]", f)]

    def _add_places(self) -> None:
        lex = self.lexicon
        forms = {p.id: self._place_forms(p) for p in self.places.values()}
        for former, place_id in lex.former_place_names.items():
            if place_id in forms:
                forms[place_id].append(former)
        spellings = {pid: [_words(f) for f in fs] for pid, fs in forms.items()}
        self._lorestan_forms = {w for ws in spellings.values() for w in ws}
        self.guard_words = guard_classes(
            spellings, self.places, {_words(f): cls for f, cls in lex.place_guards.items()},
            {_words(h) for h in lex["geo_heads"]}, self.registry.province_name, _words)
        self.guard_key: dict[str, str | None] = {}  # the strictest class of each joined spelling
        for words, cls in self.guard_words.items():
            key = "".join(words)
            old = self.guard_key.get(key, cls)
            self.guard_key[key] = max(old, cls, key=GUARD_STRICTNESS.__getitem__)
        for pid, fs in forms.items():
            self.contrary[pid] = contrary_words(self.places[pid], _words)
            for form in fs:
                self._add(form, _Entry(PLACE, pid, "".join(_words(form))))

    def place_guard(self, words: tuple[str, ...]) -> str | None:
        """Guard class of a matched place spelling (exact spelling first, else its joined key)."""
        if words in self.guard_words:
            return self.guard_words[words]
        return self.guard_key.get("".join(words))

    def _add_other_places(self) -> None:
        own = {"".join(w) for w in self._lorestan_forms}
        for province, forms in self.lexicon.other_places.items():
            if fold_phrase(province).replace(" ", "") in own:
                continue
            for form in forms:
                if "".join(_words(form)) not in own:
                    self._add(form, _Entry(OTHER, province, "".join(_words(form))))

    def _add_lexicon(self) -> None:
        lex = self.lexicon
        for cat, key in ((HEAD, "title_heads"), (MOD, "head_modifiers"), (ORG, "org_levels"),
                         (LEVEL, "place_levels"), (GEO, "geo_heads")):
            for form in lex[key]:
                self._add(form, _Entry(cat, key, "".join(_words(form))))
        for key in ("pr_office", "agency_site", "attribution", "quoting", "source_line", "reporter",
                    "outlet_words", "announce", "speech_verbs", "interview_cues", "press_event", "appointment",
                    "photo_credit", "byline", "national_cues"):
            for form in lex[key]:
                self._add(form, _Entry(CUE, key, "".join(_words(form))))
        # Lists only read next to a known position are word sets, not automaton keys: «در», «و», «از»
        # would otherwise match inside half the words of a text.
        self.word_lists = {key: frozenset(_words(f) for f in lex[key])
                           for key in ("person_markers", "place_prepositions", "phrase_breakers", "word_continuations")}
        for kind, forms in lex.kind_markers.items():
            for form in forms:
                self._add(form, _Entry(CUE, f"kind:{kind}", "".join(_words(form))))

    # ------------------------------------------------------------------ agencies
    def _slot_values(self) -> dict[str, list[str]]:
        counties, cities, districts = [], [], []
        geo_starts = ("شهرستان", "فرمانداری", "فرماندار")
        for p in self.places.values():
            names = [n for n in [p.name_fa, *p.variants] if not re.search(r"[A-Za-z]", n)]
            if p.type == "county":
                counties += [n for n in names if not n.startswith(geo_starts)]
            elif p.type == "city":
                cities += names
            elif p.type == "district" and p.name_fa != "مرکزی":
                districts.append(p.name_fa)
        return {"county": counties, "city": cities + counties, "district": districts,
                "constituency": counties, "bank": list(self.lexicon["bank_names"])}

    def _expand(self, form: str, slots: dict[str, list[str]]) -> list[str]:
        names = _SLOT.findall(form)
        if not names:
            return [form]
        if any(n not in slots for n in names):
            return []  # an unknown slot ({sport}): the literal form cannot be matched
        out = []
        for values in product(*(slots[n] for n in names)):
            text = form
            for n, v in zip(names, values, strict=True):
                text = text.replace("{" + n + "}", v, 1)
            out.append(text)
        return out

    def _add_agencies(self) -> None:
        slots = self._slot_values()
        ignored = {"".join(_words(f)) for f in self.lexicon["ignored_agency_forms"]}
        for agency in self.registry.agencies:
            for kind, forms in (("alias", (agency.name_fa, *agency.aliases)), ("title", agency.title_forms),
                                ("pr", agency.pr_forms)):
                for form in forms:
                    for variant in _paren_variants(form):
                        for text in self._expand(variant, slots):
                            if "".join(_words(text)) not in ignored:
                                self._add(text, _Entry(AGENCY, agency.id, "".join(_words(text)), kind))
                        if kind != "pr":  # PR forms are «روابط عمومی» + an alias: nothing new
                            self._add_core(agency, variant, kind == "title")
        for name, agency_id in self.lexicon.extra_core_names.items():
            if agency_id in self.agencies:
                self._add_core_words(agency_id, _words(name), strip=False)
        for core, ids in self.cores.items():
            generic = "generic" if core in {"".join(_words(g)) for g in self.lexicon["generic_cores"]} else ""
            for aid in sorted(ids):
                self._entries[core].append(_Entry(CORE, aid, core, generic))
        clashes = {c: ids for c, ids in self.cores.items() if len(ids) > 1}
        if clashes:
            logger.debug("core names shared by several agencies: %s", clashes)

    def _add_core(self, agency: Agency, form: str, is_title: bool) -> None:
        """Derive the core name of one alias/title form and register it."""
        words = list(_words(_SLOT.split(form)[0] if "{" in form else form))
        lex = self.lexicon
        heads = sorted((_words(h) for h in lex["title_heads"]), key=len, reverse=True)
        headless_title = is_title
        if is_title:
            for h in heads:
                if tuple(words[:len(h)]) == h and len(words) > len(h):
                    words = words[len(h):]
                    headless_title = False
                    break
            for pr in sorted((_words(p) for p in lex["pr_office"]), key=len, reverse=True):
                if tuple(words[:len(pr)]) == pr and len(words) > len(pr):
                    words = words[len(pr):]  # «مدیر روابط عمومی اورژانس ...»: the core is «اورژانس ...»
                    break
        words = self._strip_places(words)
        if words:
            self._add_core_words(agency.id, tuple(words))
            if headless_title:
                self.title_cores.add("".join(words))

    def _strip_places(self, words: list[str]) -> list[str]:
        lex = self.lexicon
        levels = sorted((_words(x) for x in (*lex["place_levels"], "در", "و")), key=len, reverse=True)
        forms = sorted(self._lorestan_forms, key=len, reverse=True)
        changed = True
        while changed and words:
            changed = False
            for tail in (*forms, *levels):
                if len(words) > len(tail) and tuple(words[-len(tail):]) == tail:
                    words = words[:-len(tail)]
                    changed = True
                    break
        while words:  # a leading place or level («منطقه لرستان شرکت پخش»)
            for head in (*forms, *levels):
                if len(words) > len(head) and tuple(words[:len(head)]) == head:
                    words = words[len(head):]
                    break
            else:
                break
        return words

    def _add_core_words(self, agency_id: str, words: tuple[str, ...], strip: bool = True) -> None:
        lex = self.lexicon
        self.cores["".join(words)].add(agency_id)
        self._gaps_for(words)
        if len(words) > 1 and words[-1] in ("ها", "های"):
            self._add_core_words(agency_id, words[:-1], strip)  # «زندان‌ها» → «رییس زندان بروجرد»
        for org in (sorted((_words(o) for o in lex["org_levels"]), key=len, reverse=True) if strip else ()):
            rest = words[len(org):]
            if words[:len(org)] == org and rest and rest[0] != "و":
                # «مدیریت» is also a content word: «مدیریت بحران» must not become «بحران».
                if org == ("مدیریت",) and len(rest) < 2:
                    continue
                self.cores["".join(rest)].add(agency_id)
                self._gaps_for(rest)
                break

    def _gaps_for(self, words: tuple[str, ...]) -> None:
        key = "".join(words)
        pos = 0
        for w in words[:-1]:
            pos += len(w)
            self._gaps[key].add(pos)

    # ------------------------------------------------------------------ scanning
    def scan(self, tk: TextKey) -> list[Hit]:
        """All hits of a text, word-aligned, leftmost-longest within each competing group."""
        # ``TextKey.span`` inlined: this loop runs for every automaton match of every article.
        at, gaps, kstarts, words = tk._word_at_kstart, tk.gaps, tk.kstarts, tk.words
        groups = self._groups
        raw: list[Hit] = []
        for end, (length, pattern_gaps, entries) in self._automaton.iter(tk.key):
            kstart = end + 1 - length
            w0 = at.get(kstart)
            if w0 is None:
                continue
            w1 = at.get(end + 1)
            if w1 is None or (w0 and gaps[w0] == GAP_ZWNJ):
                continue
            if w1 - w0 > 1 and any(gaps[w] == GAP_HARD or (kstarts[w] - kstart) not in pattern_gaps
                                   for w in range(w0 + 1, w1)):
                continue
            guard = None
            for e in entries:
                if e.cat == PLACE:
                    if guard is None:
                        guard = self.place_guard(tuple(words[w0:w1])) or ""
                    raw.append(_new_hit(Hit, (e.cat, e.ref, w0, w1, e.form, guard, "place")))
                else:
                    raw.append(_new_hit(Hit, (e.cat, e.ref, w0, w1, e.form, e.info, groups[e])))
        return _leftmost_longest(raw)

    def preceded_by(self, tk: TextKey, w: int, list_name: str) -> bool:
        """True when a phrase of a lexicon word list ends right before word ``w`` (same sentence)."""
        for phrase in self.word_lists[list_name]:
            n = len(phrase)
            if w >= n and tuple(tk.words[w - n:w]) == phrase and all(tk.gaps[i] != GAP_HARD for i in range(w - n + 1, w + 1)):
                return True
        return False

    def followed_by(self, tk: TextKey, w: int, list_name: str) -> bool:
        """True when a phrase of a lexicon word list starts at word ``w`` (same sentence)."""
        for phrase in self.word_lists[list_name]:
            n = len(phrase)
            if tuple(tk.words[w:w + n]) == phrase and all(tk.gaps[i] != GAP_HARD for i in range(w, w + n)):
                return True
        return False


def _leftmost_longest(hits: list[Hit]) -> list[Hit]:
    hits.sort(key=_START_LONGEST)
    taken: dict[str, tuple[int, int, int]] = {}  # group → (end of the taken span, its w0, w1)
    out: list[Hit] = []
    append = out.append
    for h in hits:
        w0, w1, group = h[2], h[3], h[6]
        last = taken.get(group)
        if last is not None:
            if w0 == last[1] and w1 == last[2]:
                append(h)  # the same span for another record (the county and its seat city)
                continue
            if w0 < last[0]:
                continue
        append(h)
        taken[group] = (w1, w0, w1)
    return out


def _START_LONGEST(h: Hit) -> tuple[int, int]:  # noqa: N802 - a sort key
    return h[2], h[2] - h[3]


def _paren_variants(form: str) -> list[str]:
    """A form with its bracketed part and without it: «کمیته امداد امام خمینی (ره) لرستان»."""
    if "(" not in form:
        return [form]
    return list(dict.fromkeys([form, _PAREN.sub("", form).strip()]))



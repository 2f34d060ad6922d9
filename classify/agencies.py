"""Which Lorestan agencies a text names, literally or compositionally.

Real leads name offices by composition more often than by a registry form (reference README, 'Matching
agencies in real text'): «رییس مخابرات پلدختر», «مدیر کمیته امداد شهرستان چگنی», «مدیر روابط عمومی اداره
راه و ترابری لرستان». A mention here is read as

    [title head] [modifier ≤2] [«روابط عمومی»] [organisational level] CORE [level / up to 2 words] PLACE

where CORE is an agency's core name (derived from its aliases by the gazetteer) or a literal registry
form, and PLACE is a name ``classify.places`` resolved to Lorestan, or a bare «استان» in a text whose
home province is Lorestan (*home* anchor). A place of another province there («مدیرکل آب منطقه‌ای
همدان») or a national tail («سازمان بهزیستی کشور») cancels the mention. Generic cores («دانشگاه»,
«برق») need the place at once. A core with no place at all is kept as a *weak* mention: it names the
agency only if the text anchors the same agency elsewhere.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from classify.gazetteer import AGENCY, CORE, CUE, HEAD, LEVEL, MOD, ORG, OTHER, Gazetteer, Hit
from classify.places import LORESTAN, PlaceMention
from classify.textkey import GAP_HARD, TextKey

__all__ = ["AgencyMention", "find_agencies", "ANCHORED"]

ANCHORED = ("place", "home")
# Words allowed between a core and its place («کمیته امداد امام خمینی استان لرستان» has «امام خمینی»
# after the core «کمیته امداد»): two, as in the longest such gap in the registry's own forms.
MAX_GAP_WORDS = 2
# Words between a title head and the core that are neither levels nor listed modifiers: three, as in
# «معاون امداد و نجات جمعیت هلال احمر» or «معاون حفاظت و بهره‌برداری شرکت آب منطقه‌ای».
MAX_MODIFIERS = 3
_STOP = frozenset({"speech_verbs", "announce", "attribution", "quoting", "reporter"})
_NATIONAL_TAIL = frozenset({"کشور", "ایران"})
_ORDINALS = frozenset({"یک", "دو", "سه", "چهار"})


@dataclass(frozen=True, slots=True)
class AgencyMention:
    agency_id: str
    w0: int          # start of the whole phrase (head, PR office or site included)
    w1: int          # end of the phrase (place included)
    core_w0: int
    role: str        # title | pr_head | pr | site | org
    anchor: str      # place | home | weak
    literal: bool    # a registry form matched as written


class _Index:
    """Where each kind of hit starts and ends, built once per text (the phrase readers only look up)."""

    def __init__(self, hits: list[Hit], places: list[PlaceMention]) -> None:
        self.place_at = {m.w0: m for m in places}
        self.place_starts = sorted(self.place_at)
        self.other_start: set[int] = set()
        self.level_start: dict[int, tuple[int, bool]] = {}   # start → (end, is «استان»)
        self.stop_start: set[int] = set()
        self.level_end: dict[int, int] = {}                  # end → start (levels, org words, modifiers)
        self.head_end: dict[int, int] = {}
        self.pr_end: dict[int, int] = {}
        self.site_end: dict[int, int] = {}
        self.stop_end: set[int] = set()
        for h in hits:
            cat = h.cat
            if cat == OTHER:
                self.other_start.add(h.w0)
                self.stop_end.add(h.w1)
            elif cat in (LEVEL, ORG, MOD):
                if cat != MOD and h.w0 not in self.level_start:
                    self.level_start[h.w0] = (h.w1, h.form == "استان")
                self.level_end.setdefault(h.w1, h.w0)
            elif cat == HEAD:
                self.head_end.setdefault(h.w1, h.w0)
                self.stop_start.add(h.w0)
            elif cat in (CORE, AGENCY):
                self.stop_start.add(h.w0)
                self.stop_end.add(h.w1)
            elif cat == "place":
                self.stop_end.add(h.w1)
            elif cat == CUE:
                if h.ref == "pr_office":
                    self.pr_end.setdefault(h.w1, h.w0)
                elif h.ref == "agency_site":
                    self.site_end.setdefault(h.w1, h.w0)
                elif h.ref in _STOP:
                    self.stop_start.add(h.w0)
                    self.stop_end.add(h.w1)


def find_agencies(tk: TextKey, hits: list[Hit], places: list[PlaceMention], gazetteer: Gazetteer,
                  home_is_lorestan: bool) -> list[AgencyMention]:
    """All agency mentions of a text, anchored first (see the module docstring)."""
    ix = _Index(hits, places)
    cands: list[AgencyMention] = []
    for h in hits:
        if h.cat == AGENCY or h.cat == CORE:
            m = _read(tk, h, ix, gazetteer, home_is_lorestan)
            if m is not None:
                cands.append(m)
    return _merge(cands)


def _read(tk: TextKey, h: Hit, ix: _Index, gazetteer: Gazetteer, home_is_lorestan: bool) -> AgencyMention | None:
    agency = gazetteer.agencies[h.ref]
    literal = h.cat == AGENCY
    inner = []
    for w in ix.place_starts[bisect_left(ix.place_starts, h.w0):]:
        if w >= h.w1:
            break
        if ix.place_at[w].w1 <= h.w1:
            inner.append(ix.place_at[w])
    if any(m.status != LORESTAN for m in inner):
        return None  # «شهردار خرم‌آباد» of Tonekabon
    if h.w0 in ix.other_start:  # an alias that is also another province's name
        return None
    anchor, end = ("place", h.w1) if inner else _right(tk, h, ix, gazetteer, home_is_lorestan)
    if anchor is None:
        return None
    start, role = _left(tk, h.w0, ix, gazetteer)
    if literal and h.info == "title":
        role = "pr_head" if role in ("pr", "pr_head") else "title"
    elif literal and h.info == "pr":
        role = "pr_head" if role == "title" else "pr"
    elif h.cat == CORE and h.form in gazetteer.title_cores and role == "org":
        role = "title"  # «استاندار», «فرماندار», «امام جمعه»: the core is the title
    if agency.kind == "speaker" and role in ("pr", "pr_head"):
        role = "org"
    return AgencyMention(h.ref, start, end, h.w0, role, anchor, literal)


def _right(tk: TextKey, h: Hit, ix: _Index, gazetteer: Gazetteer,
           home_is_lorestan: bool) -> tuple[str | None, int]:
    """Look after the core for its place: (anchor, phrase end), or (None, _) when it is not Lorestan's."""
    generic = h.info == "generic"
    j, unknown = h.w1, 0
    words, gaps = tk.words, tk.gaps
    saw_province_word = "استان" in words[h.w0:h.w1]  # «مدیریت بحران استان»
    home_end = h.w1
    breakers = gazetteer.word_lists["phrase_breakers"]
    n = len(tk)
    while j < n and j - h.w1 <= MAX_GAP_WORDS + 4:
        if gaps[j] == GAP_HARD:
            break
        if words[j] in _NATIONAL_TAIL:
            return None, j  # «سازمان بهزیستی کشور»
        place = ix.place_at.get(j)
        if place is not None:
            if place.status == LORESTAN:
                return "place", place.w1
            if place.status in ("rejected", "unresolved"):
                return None, j
            break
        if j in ix.other_start:
            return None, j  # another province's office
        level = ix.level_start.get(j)
        if level is not None:
            if level[1]:
                saw_province_word, home_end = True, level[0]
            j = level[0]
            continue
        if words[j].isdigit() or words[j] in _ORDINALS:
            j += 1
            continue
        if generic or (words[j],) in breakers or j in ix.stop_start:
            break
        unknown += 1
        if unknown > MAX_GAP_WORDS:
            break
        j += 1
    if saw_province_word and home_is_lorestan:
        return "home", home_end
    return "weak", h.w1


def _left(tk: TextKey, w: int, ix: _Index, gazetteer: Gazetteer) -> tuple[int, str]:
    """Walk back from a core over levels, «روابط عمومی», the site words and up to ``MAX_MODIFIERS`` words
    of a title («معاون امداد و نجات») to a title head; without a head the phrase starts at the core
    (or at its PR office / site words)."""
    start, role, loose = w, "org", 0
    pos = w
    gaps, words = tk.gaps, tk.words
    breakers = gazetteer.word_lists["phrase_breakers"]
    while pos > 0 and gaps[pos] != GAP_HARD:
        head = ix.head_end.get(pos)
        if head is not None:
            return head, ("pr_head" if role == "pr" else "title")
        if role == "org" and loose == 0:
            pr = ix.pr_end.get(pos)
            if pr is not None:
                role, start, pos = "pr", pr, pr
                continue
            site = ix.site_end.get(pos)
            if site is not None:
                role, start, pos = "site", site, site
                continue
        level = ix.level_end.get(pos)
        if level is not None:
            pos = level
            continue
        if pos in ix.stop_end:
            break
        word = words[pos - 1]
        if ((word,) in breakers and word != "و") or word.isdigit() or loose >= MAX_MODIFIERS:
            break
        loose += 1
        pos -= 1
    return start, role


_ROLE_RANK = {"pr_head": 4, "pr": 3, "site": 3, "title": 2, "org": 1}
_ANCHOR_RANK = {"place": 3, "home": 2, "weak": 1}


def _merge(cands: list[AgencyMention]) -> list[AgencyMention]:
    """One mention per phrase: the same agency's overlapping readings merge; of two agencies competing for
    one phrase the longer core wins («مدیریت بحران استانداری» over «استانداری»)."""
    cands.sort(key=lambda m: (m.w0, -(m.w1 - m.w0)))
    merged: list[AgencyMention] = []
    for m in cands:
        clash = None
        for i, k in enumerate(merged):
            if m.w0 < k.w1 and k.w0 < m.w1:
                clash = i
                break
        if clash is None:
            merged.append(m)
            continue
        k = merged[clash]
        if k.agency_id == m.agency_id:
            merged[clash] = AgencyMention(
                k.agency_id, min(k.w0, m.w0), max(k.w1, m.w1), min(k.core_w0, m.core_w0),
                max(k.role, m.role, key=_ROLE_RANK.__getitem__), max(k.anchor, m.anchor, key=_ANCHOR_RANK.__getitem__),
                k.literal or m.literal)
        elif (_ANCHOR_RANK[m.anchor], m.w1 - m.core_w0) > (_ANCHOR_RANK[k.anchor], k.w1 - k.core_w0) \
                and m.core_w0 <= k.core_w0:
            merged[clash] = m
    return merged

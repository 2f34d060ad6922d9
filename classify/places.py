"""Which place names in a text are Lorestan's: the ambiguity rules of places.yaml applied in context.

Every place hit carries a guard class from the gazetteer:
- none: an unambiguous Lorestan name («لرستان», «کوهدشت», «شهرستان سلسله») — always the province;
- word: also an ordinary word («سلسله جلسات», «زاغه مهمات», «دوره آموزشی») — the province only after a
  geographic head («شهرستان», «فرماندار», «بخش», «مردم» …) or next to another Lorestan name
  («سلسله و دلفان»), and never when a word follows that shows the common noun («زاغه مهمات»);
- surname: also a family name («بروجردی», «چگنی», «خرم‌آبادی», «دلفانی») — after a geographic head, next
  to another Lorestan name, or after a preposition («در چگنی») in a text that is already about the
  province; never after «آقای/دکتر/…» or as a speaker's name before a colon;
- elsewhere: also a place in another province («خرم‌آباد» of Tonekabon, «نورآباد» of Mamasani) —
  rejected when another province, or a place the registry's note names («تنکابن», «ممسنی»), is within
  a few words; otherwise the province when the text has an unambiguous Lorestan name, else unresolved;
- ethnic: «لر», «لری», «لک», «بختیاری» — never the province by itself;
- outside: landmarks just beyond the border («سد سیمره», «پل زال») — near Lorestan, not in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from classify.gazetteer import GEO, OTHER, PLACE, Gazetteer, Hit
from classify.textkey import GAP_HARD, TextKey

__all__ = ["PlaceMention", "resolve_places", "LORESTAN", "UNRESOLVED", "REJECTED", "OUTSIDE", "ETHNIC"]

LORESTAN, UNRESOLVED, REJECTED, OUTSIDE, ETHNIC = "lorestan", "unresolved", "rejected", "outside", "ethnic"
# How far (in words, same sentence) a place named in the registry's ambiguity note makes an «elsewhere»
# name foreign: «بخش خرم‌آباد شهرستان تنکابن استان مازندران». 4 words covers «… شهرستان تنکابن» without
# reaching the next clause. Any other province's place counts only right next to the name.
CONTRARY_WINDOW = 4
_CONTRARY = "another province named nearby"
_DOMINANT = "dominant referent"
_WEAK_REASONS = ("Lorestan context", "county head", _DOMINANT)
_COUNTY_HEADS = frozenset({"شهرستان", "فرمانداری", "فرماندار", "فرمانداریویژه", "فرماندارویژه", "شهرستانهای",
                           "مردمشهرستان", "نمایندهمردم", "امامجمعه", "حوزهانتخابیه"})


@dataclass(frozen=True, slots=True)
class PlaceMention:
    place_ids: tuple[str, ...]
    w0: int
    w1: int
    guard: str      # '' for an unambiguous name, else the guard class
    status: str     # LORESTAN | UNRESOLVED | REJECTED | OUTSIDE | ETHNIC
    reason: str = ""


def resolve_places(tk: TextKey, hits: list[Hit], gazetteer: Gazetteer) -> list[PlaceMention]:
    """Decide, for each place hit, whether it names Lorestan (see the module docstring)."""
    spans: dict[tuple[int, int], list[Hit]] = {}
    for h in hits:
        if h.cat == PLACE:
            spans.setdefault((h.w0, h.w1), []).append(h)
    if not spans:
        return []
    geo_end = {h.w1: h for h in hits if h.cat == GEO}
    ends: dict[int, list[tuple[int, int]]] = {}
    starts: dict[int, list[tuple[int, int]]] = {}
    for span in spans:
        starts.setdefault(span[0], []).append(span)
        ends.setdefault(span[1], []).append(span)
    others = [h for h in hits if h.cat == OTHER]
    context = any(group[0].info == "" for group in spans.values())
    out = []
    for (w0, w1), group in spans.items():
        guard = group[0].info
        ids = tuple(dict.fromkeys(h.ref for h in group))
        status, reason = _decide(tk, w0, w1, guard, ids, spans, ends, starts, geo_end, others,
                                 gazetteer, context)
        out.append(PlaceMention(ids, w0, w1, guard, status, reason))
    out.sort(key=lambda m: m.w0)
    return _one_sense(out)


def _one_sense(mentions: list[PlaceMention]) -> list[PlaceMention]:
    """One sense per text: when a name of another province's town is shown foreign once («محور فیروزآباد -
    شیراز»), its other bare occurrences are that town too («فرماندار فیروزآباد نیز گفت»)."""
    foreign = {m.place_ids for m in mentions if m.guard == "elsewhere" and m.reason == _CONTRARY}
    if not foreign:
        return mentions
    return [PlaceMention(m.place_ids, m.w0, m.w1, m.guard, REJECTED, _CONTRARY)
            if m.place_ids in foreign and m.status == LORESTAN and m.reason in _WEAK_REASONS else m
            for m in mentions]


def _decide(tk: TextKey, w0: int, w1: int, guard: str, ids: tuple[str, ...],
            spans: dict[tuple[int, int], list[Hit]], ends: dict[int, list[tuple[int, int]]],
            starts: dict[int, list[tuple[int, int]]], geo_end: dict[int, Hit], others: list[Hit], gazetteer: Gazetteer,
            context: bool) -> tuple[str, str]:
    if guard == "":
        return LORESTAN, ""
    if guard == "outside":
        return OUTSIDE, "landmark outside the province"
    if guard == "ethnic":
        return ETHNIC, "ethnic or language term"
    geo = geo_end.get(w0) if w0 > 0 and tk.gaps[w0] != GAP_HARD else None
    neighbour = _neighbour(tk, w0, w1, guard, ids, spans, ends, starts)
    settlement = any(gazetteer.places[pid].type in ("county", "city", "district") for pid in ids)
    if guard == "word":
        if gazetteer.followed_by(tk, w1, "word_continuations"):
            return REJECTED, "ordinary word"
        if (geo is not None and settlement) or neighbour:
            return LORESTAN, "geographic head" if geo is not None else "next to a Lorestan name"
        return REJECTED, "ordinary word"
    if guard == "surname":
        if gazetteer.preceded_by(tk, w0, "person_markers") or (
                w1 < len(tk) and tk.separator_before(w1).strip() == ":"):
            return REJECTED, "a person's name"
        if geo is not None or neighbour:
            return LORESTAN, "geographic head" if geo is not None else "next to a Lorestan name"
        if context and gazetteer.preceded_by(tk, w0, "place_prepositions"):
            return LORESTAN, "place preposition in a Lorestan text"
        return REJECTED, "surname"
    # elsewhere
    if _contrary_near(tk, w0, w1, ids, others, gazetteer):
        return REJECTED, _CONTRARY
    if geo is not None and geo.form == "روستای":
        return REJECTED, _CONTRARY  # «روستای خرم‌آباد»: one of the villages of that name
    is_county = any(gazetteer.places[pid].type == "county" for pid in ids)
    if (geo is not None and geo.form in _COUNTY_HEADS and is_county) or neighbour:
        return LORESTAN, "county head" if geo is not None else "next to a Lorestan name"
    if context:
        return LORESTAN, "Lorestan context"
    if "".join(tk.words[w0:w1]) in gazetteer.dominant:
        return LORESTAN, _DOMINANT
    return UNRESOLVED, "no Lorestan context"


def _neighbour(tk: TextKey, w0: int, w1: int, guard: str, ids: tuple[str, ...],
               spans: dict[tuple[int, int], list[Hit]], ends: dict[int, list[tuple[int, int]]],
               starts: dict[int, list[tuple[int, int]]]) -> bool:
    """Another Lorestan name right before or after, directly or across «و» / a comma."""
    direct: list[tuple[int, int]] = []
    listed: list[tuple[int, int]] = []
    if tk.gaps[w0] != GAP_HARD:
        (listed if "،" in tk.separator_before(w0) else direct).extend(ends.get(w0, []))
        if w0 >= 2 and tk.words[w0 - 1] == "و" and tk.gaps[w0 - 1] != GAP_HARD:
            listed += ends.get(w0 - 1, [])
    if w1 < len(tk) and tk.gaps[w1] != GAP_HARD:
        (listed if "،" in tk.separator_before(w1) else direct).extend(starts.get(w1, []))
        if tk.words[w1] == "و" and w1 + 1 < len(tk) and tk.gaps[w1 + 1] != GAP_HARD:
            listed += starts.get(w1 + 1, [])
    for span, in_list in [(s, False) for s in direct] + [(s, True) for s in listed]:
        group = spans[span]
        other_guard = group[0].info
        if other_guard in ("ethnic", "outside") or set(ids) & {h.ref for h in group}:
            continue
        if other_guard in ("", "elsewhere"):
            return True
        # Two names that are both words («دوره سلسله») or both surnames («چگنی و بروجردی») prove
        # nothing; a word and a surname in a list of places («سلسله و دلفان») do.
        if in_list and other_guard != guard:
            return True
    return False


_LOCATING = frozenset({"در", "از", "توابع", "شهرستان", "استان", "بخش", "حومه"})


def _joined(separator: str) -> bool:
    """Two names written side by side or with a dash, not as items of a list."""
    return separator.strip(" \u200c-–") == "" and "،" not in separator


def _contrary_near(tk: TextKey, w0: int, w1: int, ids: tuple[str, ...], others: list[Hit],
                   gazetteer: Gazetteer) -> bool:
    """Another province's place right next to the name («نورآباد ممسنی», «محور فیروزآباد - شیراز») — not
    merely in the same list («تبریز، مشهد، خرم‌آباد، کرمان») — or, within ``CONTRARY_WINDOW`` words, a
    place that the registry's ambiguity note names («خرم‌آباد … شهرستان تنکابن»)."""
    sentence = tk.sentence[w0]
    lo, hi = max(0, w0 - CONTRARY_WINDOW), min(len(tk), w1 + CONTRARY_WINDOW)
    for h in others:
        if h.w0 == w1 and _joined(tk.separator_before(w1)):
            return True
        if h.w1 == w0 and _joined(tk.separator_before(w0)):
            return True
        # «خرم‌آباد در کرمان», «خرم‌آباد از توابع شهرستان رفسنجان»
        if w1 < h.w0 <= w1 + 4 and tk.sentence[h.w0] == sentence and all(
                tk.words[w] in _LOCATING for w in range(w1, h.w0)):
            return True
    contrary = frozenset().union(*(gazetteer.contrary.get(pid, frozenset()) for pid in ids))
    if contrary:
        for w in range(lo, hi):
            if (w < w0 or w >= w1) and tk.sentence[w] == sentence and tk.words[w] in contrary:
                return True
    return False

"""Gazetteer and position features of a ``Document`` for the relevance model.

Each feature is a number about where and how often the province is named, against other provinces
and national cues: the title, the kicker, the lead and its dateline («خرم‌آباد- ایرنا-»), the credit
line («به گزارش خبرنگار مهر از خرم‌آباد»), the share of sentences that name the province, lists of
provinces («خوزستان، ایلام و لرستان»), Lorestan agencies and other provinces' offices («مدیرکل آب
منطقه‌ای همدان»), and names that only look like Lorestan's (rejected or unresolved look-alikes).
"""

from __future__ import annotations

import math

import numpy as np

from classify.agencies import ANCHORED
from classify.document import Document
from classify.gazetteer import CORE, CUE, HEAD, OTHER
from classify.places import ETHNIC, LORESTAN, OUTSIDE, REJECTED, UNRESOLVED
from classify.textkey import GAP_HARD

__all__ = ["FEATURE_NAMES", "document_features"]

FEATURE_NAMES = (
    "title_lorestan", "kicker_lorestan", "lead_lorestan", "lead_first_sentence_lorestan", "log_body_lorestan",
    "log_lorestan", "distinct_lorestan", "first_lorestan_position", "share_sentences_lorestan",
    "dateline_lorestan", "dateline_other", "credit_from_lorestan", "credit_from_other",
    "log_other", "distinct_other", "title_other", "lead_other", "lorestan_share_of_places",
    "lorestan_in_list", "share_lorestan_in_list", "log_agencies", "title_or_lead_agency", "lead_official",
    "pr_credit", "log_foreign_offices", "log_unresolved", "log_rejected", "ethnic", "outside_landmark",
    "log_national_cues", "title_national", "no_lorestan",
)
# Not a feature: the article's length. The corpus's "about" items run longer than its "none" items, an
# artefact of how it was written; with length as a feature a short press release scored as "none".
# Words after «به گزارش» that may come before «از خرم‌آباد»: the outlet's name, up to «خبرنگار گروه
# استان‌های باشگاه خبرنگاران جوان» (7 words).
CREDIT_WINDOW = 10
# The dateline is within the lead's first words: «خرم‌آباد- ایرنا-», «ایسنا/لرستان».
DATELINE_WORDS = 3
# Two names this close with only «،»/«و» between them are items of one list.
LIST_WINDOW = 2


def document_features(doc: Document) -> np.ndarray:
    """The ``FEATURE_NAMES`` vector of one document."""
    tk = doc.tk
    n_words = max(len(tk), 1)
    lorestan = [m for m in doc.places if m.status == LORESTAN]
    others = doc.others
    ranges = doc.section_ranges

    def in_section(w: int, name: str) -> bool:
        w0, w1 = ranges[name]
        return w0 <= w < w1

    lead0, lead1 = ranges["lead"]
    lorestan_starts = {m.w0 for m in lorestan}
    other_starts = {o.w0 for o in others}
    lead_first_sentence = tk.sentence[lead0] if lead0 < lead1 else -1
    body = sum(1 for m in lorestan if in_section(m.w0, "body"))
    sentences_l = {tk.sentence[m.w0] for m in lorestan}
    first = min((m.w0 for m in lorestan), default=n_words) / n_words
    distinct_l = len({m.place_ids for m in lorestan})

    # Dateline: the lead opens with a place set off by a dash or slash («خرم‌آباد- ایرنا-»,
    # «ایسنا/لرستان», «تهران- ایرنا-»).
    dateline_l = dateline_o = 0.0
    for w in range(lead0, min(lead0 + DATELINE_WORDS, lead1)):
        around = tk.separator_before(w) + (tk.separator_before(w + 1) if w + 1 < len(tk) else "")
        if any(c in around for c in "-–_/"):
            dateline_l = max(dateline_l, float(w in lorestan_starts))
            dateline_o = max(dateline_o, float(w in other_starts or tk.words[w] == "تهران"))
    # Credit line from a place: «به گزارش خبرنگار ایلنا از خرم‌آباد», «به گزارش ایرنا از شیراز».
    credit_l = credit_o = 0.0
    for h in doc.hits:
        if h.cat == CUE and h.ref == "attribution":
            for w in range(h.w1, min(h.w1 + CREDIT_WINDOW, len(tk) - 1)):
                if tk.gaps[w] == GAP_HARD:
                    break
                if tk.words[w] in ("از", "در"):
                    credit_l = max(credit_l, float(w + 1 in lorestan_starts))
                    credit_o = max(credit_o, float(w + 1 in other_starts or tk.words[w + 1] == "تهران"))
    in_list = sum(1 for m in lorestan if others and _in_list(tk, m.w0, m.w1, others))
    anchored = [a for a in doc.agencies if a.anchor in ANCHORED]
    head_or_core_end = {h.w1 for h in doc.hits if h.cat in (CORE, HEAD)}
    foreign = sum(1 for o in others if any(o.w0 - k in (0, 1, 2) for k in head_or_core_end))
    national = [h for h in doc.hits if h.cat == CUE and h.ref == "national_cues"]
    n_l = len(lorestan)
    values = (
        float(any(in_section(m.w0, "title") for m in lorestan)),
        float(any(in_section(m.w0, "kicker") for m in lorestan)),
        float(any(in_section(m.w0, "lead") for m in lorestan)),
        float(any(tk.sentence[m.w0] == lead_first_sentence for m in lorestan)),
        math.log1p(body),
        math.log1p(n_l),
        float(distinct_l),
        first,
        len(sentences_l) / max(tk.n_sentences, 1),
        dateline_l,
        dateline_o,
        credit_l,
        credit_o,
        math.log1p(len(others)),
        float(len({h.ref for h in others})),
        float(any(in_section(h.w0, "title") for h in others)),
        float(any(in_section(h.w0, "lead") for h in others)),
        n_l / (n_l + len(others)) if n_l + len(others) else 0.0,
        float(in_list),
        in_list / n_l if n_l else 0.0,
        math.log1p(len(anchored)),
        float(any(in_section(a.w0, "title") or in_section(a.w0, "lead") or in_section(a.w0, "kicker")
                  for a in anchored)),
        float(any(a.role in ("title", "pr_head") and (in_section(a.w0, "lead") or in_section(a.w0, "title"))
                  for a in anchored)),
        float(any(a.role in ("pr", "pr_head", "site") for a in anchored)),
        math.log1p(foreign),
        math.log1p(sum(1 for m in doc.places if m.status == UNRESOLVED)),
        math.log1p(sum(1 for m in doc.places if m.status == REJECTED)),
        float(any(m.status == ETHNIC for m in doc.places)),
        float(any(m.status == OUTSIDE for m in doc.places)),
        math.log1p(len(national)),
        float(any(in_section(h.w0, "title") for h in national)),
        float(n_l == 0),
    )
    return np.asarray(values, dtype=np.float64)


def _in_list(tk, w0: int, w1: int, others: list) -> bool:  # type: ignore[no-untyped-def]
    """True when another province stands within ``LIST_WINDOW`` words, joined by «،» or «و»."""
    for o in others:
        if o.cat != OTHER:
            continue
        if 0 <= w0 - o.w1 <= LIST_WINDOW and tk.gaps[w0] != GAP_HARD:
            between = tk.words[o.w1:w0]
            if all(w == "و" for w in between):
                return True
        if 0 <= o.w0 - w1 <= LIST_WINDOW and o.w0 < len(tk) and tk.gaps[o.w0] != GAP_HARD:
            between = tk.words[w1:o.w0]
            if all(w == "و" for w in between):
                return True
    return False

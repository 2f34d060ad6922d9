"""Coverage kind: news, interview, report, photo or note — from the labels Persian outlets print.

Rules, first match wins:
1. a kind label opening the kicker, the title or the lead: «گزارش تصویری»/«تصاویر»/«عکس» (photo),
   «گفت‌وگو»/«گفتگو»/«مصاحبه» (interview), «یادداشت»/«سرمقاله»/«دیدگاه» (note), «گزارش»/«روایت»
   (report). In the title and lead the label must be set off («گزارش |», «یادداشت/», «گزارش-»), since
   «گزارش‌ها حاکی است» is a sentence; an interview title may run on («گفت‌وگو با مدیرکل …»);
2. an author's byline opening the text («نویسنده:», «به قلم:») — note;
3. a photographer's credit opening the text («عکس:», «عکاس:») or several numbered captions — photo;
4. «در گفت‌وگو با …» / «در مصاحبه با …» in the lead, or a question-and-answer body — interview;
5. otherwise news.
"""

from __future__ import annotations

import re

from classify.document import Document
from classify.gazetteer import CUE

__all__ = ["coverage_kind", "KINDS", "QA_MIN_QUESTIONS"]

KINDS = ("news", "interview", "report", "photo", "note")
# Paragraphs ending in a question mark that make a body a question-and-answer interview. Two: one
# rhetorical question in a feature is common, two separate questions are an interview's shape.
QA_MIN_QUESTIONS = 2
_SET_OFF = re.compile(r"[|/:\-–—_؛]")
_CAPTION = re.compile(r"(?m)^\s*(عکس|تصویر)\s*[0-9۰-۹]+\s*:")
_PRIORITY = {"photo": 4, "interview": 3, "note": 2, "report": 1}


def coverage_kind(doc: Document) -> tuple[str, str | None]:
    """(kind, the cue that decided it, or None for plain news)."""
    tk = doc.tk
    markers: dict[int, list] = {}
    for h in doc.hits:
        if h.cat == CUE and h.ref.startswith("kind:"):
            markers.setdefault(h.w0, []).append(h)
    for section in ("kicker", "title", "lead"):
        w0, w1 = doc.words_of(section)
        if w0 >= w1:
            continue
        found = sorted(markers.get(w0, ()), key=lambda h: (h.w1 - h.w0, _PRIORITY[h.ref[5:]]), reverse=True)
        for h in found:
            kind = h.ref[5:]
            set_off = h.w1 >= w1 or bool(_SET_OFF.search(tk.separator_before(h.w1)))
            if section == "kicker" or set_off or (kind == "interview" and section == "title"):
                return kind, tk.phrase(h.w0, h.w1)
    lead0, lead1 = doc.words_of("lead")
    for h in doc.hits:
        if h.cat == CUE and h.w0 == lead0 and h.ref in ("byline", "photo_credit") and lead0 < lead1:
            if _SET_OFF.search(tk.separator_before(h.w1)) or ":" in tk.separator_before(h.w1):
                return ("note" if h.ref == "byline" else "photo"), tk.phrase(h.w0, h.w1)
    body = doc.original.get("body", "")
    if len(_CAPTION.findall(body)) >= 2:
        return "photo", "عکس"
    lead_sentence = tk.sentence[lead0] if lead0 < lead1 else -1
    for h in doc.hits:
        if h.cat == CUE and h.ref == "interview_cues" and lead0 <= h.w0 < lead1 and tk.sentence[h.w0] == lead_sentence:
            return "interview", tk.phrase(h.w0, h.w1)
    paragraphs = [p.strip() for p in re.split(r"\n+", body) if p.strip()]
    if sum(1 for p in paragraphs if p.endswith(("؟", "?"))) >= QA_MIN_QUESTIONS:
        return "interview", "؟"
    return "news", None

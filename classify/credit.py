"""Credit: which Lorestan agency's PR office sourced an article, with the phrase that shows it.

Shapes, strongest first (phrases.yaml):
- a PR credit line: «به گزارش روابط عمومی X», «به گزارش اداره کل روابط عمومی و امور بین‌الملل X»,
  «به گزارش {OUTLET} به نقل از روابط عمومی X», chained «… به نقل از … به نقل از روابط عمومی X» (the
  PR office is the innermost source), «به گزارش پایگاه اطلاع‌رسانی X», «منبع: روابط عمومی X»;
- the PR office as subject («روابط عمومی X اعلام کرد / در اطلاعیه‌ای …») or its head quoted
  («مدیر روابط عمومی X گفت»);
- an appointment by an agency head («با حکم مدیرکل X …»);
- an official quoted: a title of a Lorestan agency followed by a speech verb («مدیرکل X لرستان گفت»,
  «فرماندار پلدختر خبر داد», «معاون X در گفت‌وگو با خبرنگار مهر گفت»), or a kicker «مدیرکل X لرستان:»;
  the speaker of the title, kicker or lead beats later ones;
- otherwise an agency named in the title or lead (low confidence: flagged for review). An agency named
  only further down is not a source (measured on the corpus: such guesses were never right).

Not credited: an official quoted in a release of a PR office outside the province («به گزارش روابط
عمومی وزارت نیرو، … استاندار لرستان گفت»: the ministry sourced it); agencies of kind ``speaker`` (MPs, the Friday-prayer leader, the press house); the provincial
desk of an outlet that is itself in the registry (IRIB Lorestan: «به گزارش خبرگزاری صدا و سیمای مرکز
لرستان» is the outlet, not a PR source — unless its own PR office reports its own activity); opinion
notes. A national outlet's reporter («به گزارش خبرنگار مهر از خرم‌آباد») is not a source either, so the
official that reporter quotes is credited.
"""

from __future__ import annotations

from dataclasses import dataclass

from classify.agencies import ANCHORED, AgencyMention
from classify.document import Document
from classify.gazetteer import CUE
from classify.textkey import GAP_HARD

__all__ = ["Credit", "credit", "NEEDS_REVIEW_BELOW", "CONFIDENCE"]

# Confidence of each shape. The PR shapes are the agency's own words about itself; a quoted official is
# usually, not always, the PR source (an outlet may quote him on its own initiative); a bare mention is a
# guess. NEEDS_REVIEW_BELOW sits between the quoted-official shapes and the guesses, so that only guesses
# (and nothing the phrases.yaml shapes support) go to an analyst instead of being counted.
CONFIDENCE = {
    "pr_release": 0.97, "source_line": 0.95, "agency_website": 0.93, "pr_subject": 0.92, "pr_head_quoted": 0.9,
    "pr_other": 0.7, "appointment": 0.82, "official_lead": 0.8, "official_body": 0.66, "mention_lead": 0.45,
}
NEEDS_REVIEW_BELOW = 0.6
# Confidence taken off a credit whose agency the text never places in Lorestan (only its home province
# says so): a quoted official in the lead then stays just above NEEDS_REVIEW_BELOW, one in the body
# falls below it.
UNANCHORED_PENALTY = 0.15
# The provincial desk of an outlet that is itself in the registry (IRIB Lorestan) is the outlet, never an
# agency's PR office. Whether the official its reporter quotes is then credited, as for any outlet's
# reporter («به گزارش خبرنگار مهر از خرم‌آباد»), the two labelled sets disagree: the corpus credits the
# official (gb-034), the demo web does not (niroo-b07, aflak-b05). The corpus rule is the one CORPUS.md
# states for every outlet desk, so it is followed here.
REGISTRY_OUTLET_DESK_CREDITS_SPEAKER = True
_PR_SHAPES = frozenset({"pr_release", "source_line", "agency_website", "pr_subject", "pr_head_quoted"})
# How far (words, same sentence) a speech verb may follow an official's title: «مدیرکل X لرستان در
# نشست خبری با اصحاب رسانه گفت» puts 7 words between them.
SPEECH_WINDOW = 12
# How far before a PR office its credit cue may stand: «به گزارش خبرگزاری صدا و سیمای مرکز لرستان به
# نقل از روابط عمومی …» has the cue «به نقل از» right before; «به گزارش روز دوشنبه ایرنا به نقل از …».
CUE_WINDOW = 3


@dataclass(frozen=True)
class Credit:
    agency: str | None
    span: tuple[int, int] | None   # word range of the evidence phrase
    confidence: float
    shape: str
    needs_review: bool


_NONE = Credit(None, None, 0.0, "none", False)


def credit(doc: Document, kind: str, speakers: frozenset[str], outlets: frozenset[str]) -> Credit:
    """The source agency of an article that is about Lorestan (see the module docstring).

    ``speakers`` and ``outlets`` are the registry ids of agencies of those kinds.
    """
    tk = doc.tk
    anchored_ids = {m.agency_id for m in doc.agencies if m.anchor in ANCHORED}
    # A weak mention (no place) counts for an agency the text anchors elsewhere («مدیرکل بهزیستی گفت» in
    # the lead, «اداره کل بهزیستی استان لرستان» further down), or in a text whose home province is
    # Lorestan («خرم‌آباد- ایرنا- مدیرکل بهزیستی گفت»), at a lower confidence.
    usable = [m for m in doc.agencies if m.agency_id not in speakers
              and (m.agency_id in anchored_ids or (doc.home_is_lorestan and m.role != "org"))]
    if not usable:
        return _NONE
    cues = _cue_index(doc)
    best: tuple[float, int, Credit] | None = None

    def offer(m: AgencyMention, shape: str, span: tuple[int, int]) -> None:
        nonlocal best
        conf = CONFIDENCE[shape]
        if m.agency_id not in anchored_ids:
            conf -= UNANCHORED_PENALTY
        c = Credit(m.agency_id, span, conf, shape, conf < NEEDS_REVIEW_BELOW)
        key = (conf, -m.w0)
        if best is None or key > (best[0], best[1]):
            best = (conf, -m.w0, c)

    desk_outlet = False
    for m in usable:
        found = _cue_before(tk, m.w0, cues)
        cue, cue_start = found if found else (None, m.w0)
        if m.role in ("pr", "pr_head", "site"):
            after = _cue_after(tk, m.w1, cues, ("announce",), 4)
            if cue in ("attribution", "quoting"):
                offer(m, "agency_website" if m.role == "site" else "pr_release", (cue_start, m.w1))
            elif cue == "source_line":
                offer(m, "source_line", (cue_start, m.w1))
            elif m.role == "pr_head" and _speech_after(tk, m.w1, cues):
                offer(m, "pr_head_quoted", (m.w0, _speech_after(tk, m.w1, cues) or m.w1))
            elif after is not None and m.role == "pr":
                offer(m, "pr_subject", (m.w0, after))
            elif m.agency_id not in outlets:
                offer(m, "pr_other", (m.w0, m.w1))
            continue
        if m.agency_id in outlets and cue in ("attribution", "quoting"):
            desk_outlet = True  # «به گزارش خبرگزاری صدا و سیمای مرکز لرستان»: the outlet itself
            continue
        section = doc.section(m.w0)
        top = section in ("title", "kicker", "lead")
        if _appointment_before(tk, m.w0, cues):
            offer(m, "appointment", (m.w0, m.w1))
        elif m.role == "title" and (_speech_after(tk, m.w1, cues) or _speaks(tk, m, cues)
                                    or (top and _colon_after(tk, m.w1))):
            offer(m, "official_lead" if top else "official_body", (m.w0, m.w1))
        elif top and m.anchor in ANCHORED:
            offer(m, "mention_lead", (m.w0, m.w1))
    if best is None:
        return _NONE
    chosen = best[2]
    if kind == "note" and chosen.shape not in _PR_SHAPES:
        return _NONE  # an author's opinion is nobody's press release
    if desk_outlet and not REGISTRY_OUTLET_DESK_CREDITS_SPEAKER and chosen.shape not in _PR_SHAPES:
        return _NONE
    if chosen.shape not in _PR_SHAPES and _foreign_pr_line(doc, cues):
        return _NONE  # «به گزارش روابط عمومی وزارت نیرو»: a national body's release quoting a Lorestan official
    if kind == "photo" and chosen.confidence < CONFIDENCE["official_body"]:
        return _NONE  # captions name agencies; only a credit line makes a photo report theirs
    return chosen


def _foreign_pr_line(doc: Document, cues: dict[str, dict[int, int]]) -> bool:
    """A PR credit line («به گزارش / به نقل از روابط عمومی …») whose office is not a Lorestan agency."""
    tk = doc.tk
    lorestan_pr_starts = {m.w0 for m in doc.agencies if m.role in ("pr", "pr_head", "site")}
    credit_ends = set(cues.get("attribution", {})) | set(cues.get("quoting", {}))
    for end, start in cues.get("pr_office", {}).items():
        if start in credit_ends and start not in lorestan_pr_starts and tk.gaps[start] != GAP_HARD:
            return True
    return False


def _cue_index(doc: Document) -> dict[str, dict[int, int]]:
    """For each cue list: word index right after a cue → the cue's first word (and, under the list's
    name + ``:start``, the cues' first words)."""
    out: dict[str, dict[int, int]] = {}
    for h in doc.hits:
        if h.cat == CUE:
            out.setdefault(h.ref, {})[h.w1] = h.w0
            out.setdefault(h.ref + ":start", {})[h.w0] = h.w1
    return out


def _cue_before(tk, w: int, cues: dict[str, dict[int, int]]) -> tuple[str, int] | None:  # type: ignore[no-untyped-def]
    """The credit cue («به نقل از», «به گزارش», «منبع:») standing right before word ``w`` — a few words
    of outlet name or weekday may sit between — as (cue list, first word of the cue)."""
    for name in ("quoting", "attribution", "source_line"):
        ends = cues.get(name, {})
        if w in cues.get(name + ":start", {}):
            return name, w  # a registry PR form that starts with its cue: «به گزارش روابط عمومی …»
        for back in range(CUE_WINDOW + 1):
            start = ends.get(w - back)
            if start is None:
                continue
            # «منبع: روابط عمومی …» has a colon (a hard gap) after its cue; the others run on.
            if name == "source_line" or all(tk.gaps[i] != GAP_HARD for i in range(start + 1, w + 1)):
                return name, start
    return None


def _cue_after(tk, w: int, cues: dict[str, dict[int, int]], names: tuple[str, ...],  # type: ignore[no-untyped-def]
               window: int) -> int | None:
    """End of a cue of ``names`` starting within ``window`` words after ``w`` in the same sentence."""
    starts = {start: end for name in names for end, start in cues.get(name, {}).items()}
    for j in range(w, min(w + window + 1, len(tk))):
        if j > w and tk.gaps[j] == GAP_HARD:
            break
        if j in starts:
            return starts[j]
    return None


def _speech_after(tk, w: int, cues: dict[str, dict[int, int]]) -> int | None:  # type: ignore[no-untyped-def]
    return _cue_after(tk, w, cues, ("speech_verbs", "announce"), SPEECH_WINDOW)


def _speaks(tk, m: AgencyMention, cues: dict[str, dict[int, int]]) -> bool:  # type: ignore[no-untyped-def]
    """An official who opens a sentence (or follows its dateline / credit line) and whose sentence has a
    speech verb further on: «مدیر توزیع برق شهرستان پلدختر از وصل مجدد برق ۱۱ روستای … خبر داد»."""
    opens = tk.gaps[m.w0] == GAP_HARD or any(c in tk.separator_before(m.w0) for c in "،,-–")
    if not opens:
        return False
    sentence = tk.sentence[m.w0]
    ends = set(cues.get("speech_verbs", {})) | set(cues.get("announce", {}))
    return any(m.w1 < end <= len(tk) and tk.sentence[end - 1] == sentence for end in ends)


def _colon_after(tk, w: int) -> bool:  # type: ignore[no-untyped-def]
    """«مدیرکل راه و شهرسازی لرستان:» — a kicker or title that quotes the official."""
    return w >= len(tk) or ":" in tk.separator_before(w)


def _appointment_before(tk, w: int, cues: dict[str, dict[int, int]]) -> bool:  # type: ignore[no-untyped-def]
    """«با حکم مدیرکل X …» (the appointing head), «… به عنوان سرپرست X منصوب شد» (the appointee's office),
    «آیین معارفه مدیرکل جدید X»."""
    ends = cues.get("appointment", {})
    for back in range(0, 2):
        start = ends.get(w - back)
        if start is not None and tk.words[start] in ("با", "به", "ایین", "معارفه"):
            return True
    return False

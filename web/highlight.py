"""The article text with its evidence marked: the sentence that made it about the province, the phrase
that credited the agency, the cue of its kind.

Evidence strings come from the classifier's normalised text, so they are found with the same
insensitivity as search (ی/ي, ک/ك, zero-width non-joiner, runs of spaces) and mapped back onto the original
text. Everything is escaped; only the ``<mark>`` tags are markup.

>>> str(mark_evidence("به گزارش روابط عمومی آبفا، <b>طرح</b> آغاز شد.", [("agency", "روابط عمومي آبفا")]))
'به گزارش <mark class="ev ev-agency" title="عبارت اعتبار">روابط عمومی آبفا</mark>، &lt;b&gt;طرح&lt;/b&gt; آغاز شد.'
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape

from web.search import REPLACEMENTS

TITLES = {"relevance": "جمله‌ی شاهد ارتباط با استان", "agency": "عبارت اعتبار", "kind": "نشانه‌ی نوع"}
_MAP = {old: new for old, new in REPLACEMENTS}
# Shorter evidence would mark common words all over the text.
MIN_EVIDENCE_CHARS = 4


def _normalised(text: str) -> tuple[str, list[int]]:
    """The text normalised like search does, and for each of its characters the index in ``text``."""
    out: list[str] = []
    pos: list[int] = []
    for i, ch in enumerate(text):
        ch = _MAP.get(ch, ch)
        if not ch:
            continue
        if ch.isspace():
            if out and out[-1] == " ":
                continue
            ch = " "
        out.append(ch)
        pos.append(i)
    return "".join(out), pos


def find_span(text: str, needle: str, norm: tuple[str, list[int]] | None = None) -> tuple[int, int] | None:
    """Where ``needle`` occurs in ``text`` (first occurrence), as original indices ``[start, end)``."""
    haystack, pos = norm or _normalised(text)
    wanted = _normalised(needle)[0].strip()
    if len(wanted) < MIN_EVIDENCE_CHARS:
        return None
    at = haystack.find(wanted)
    if at < 0:
        return None
    return pos[at], pos[at + len(wanted) - 1] + 1


def mark_evidence(text: str, evidence: Iterable[tuple[str, str | None]]) -> Markup:
    """``text`` as HTML with each ``(kind, phrase)`` found marked. Spans nest (a credit phrase inside the
    relevance sentence); a span that overlaps another without nesting is cut at the other's end."""
    norm = _normalised(text)
    spans: list[tuple[int, int, str]] = []
    for kind, phrase in evidence:
        if phrase:
            found = find_span(text, phrase, norm)
            if found:
                spans.append((found[0], found[1], kind))
    spans.sort(key=lambda s: (s[0], -s[1]))
    parts: list[str] = []
    stack: list[int] = []  # ends of the open marks
    cursor = 0

    def close_until(limit: int) -> None:
        nonlocal cursor
        while stack and stack[-1] <= limit:
            end = stack.pop()
            parts.append(str(escape(text[cursor:end])) + "</mark>")
            cursor = end

    for start, end, kind in spans:
        close_until(start)
        if stack:
            end = min(end, stack[-1])
        if start < cursor or end <= start:
            continue
        parts.append(str(escape(text[cursor:start])))
        parts.append(f'<mark class="ev ev-{kind}" title="{TITLES.get(kind, kind)}">')
        cursor = start
        stack.append(end)
    close_until(len(text))
    parts.append(str(escape(text[cursor:])))
    return Markup("".join(parts))

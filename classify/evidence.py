"""Evidence as the reader saw it: phrases found in normalised text, located in the original text.

Matching runs on normalised text (Persian ی/ک, ASCII digits, no diacritics, ZWNJ rules), but an analyst
checks the phrase against the page, so the relevance sentence and the credit phrase are looked up in the
original sections. The lookup compares gapless keys: the original is folded character for character
(ي → ی, ك → ک, ۴ → 4, diacritics → a gap …) so that its words keep their offsets, and the normalised
phrase is found in the concatenation of those words — no per-phrase regex to compile.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from classify.document import Document
from classify.normalize import _CHANGE_MAP, fold
from classify.textkey import WORD, WORD_CHARS

__all__ = ["OriginalIndex", "locate", "phrase", "sentence_of", "MAX_SENTENCE_CHARS"]

# The relevance sentence is cut here (characters) so that an output line stays readable.
MAX_SENTENCE_CHARS = 400
# Characters of the original indexed on each side of a phrase's normalised position.
WINDOW = 120
_WORD = WORD
_SPLIT = re.compile("([" + WORD_CHARS + "]+)")


def _same_length_map() -> tuple[re.Pattern[str], dict[str, str]]:
    """Normalisation's character table restricted to one-for-one swaps; dropped marks become a gap."""
    mapping = {}
    for src, dst in _CHANGE_MAP.items():
        if len(dst) == 1:
            mapping[src] = dst
        elif dst == "":
            mapping[src] = " "
    return re.compile("[" + re.escape("".join(sorted(mapping))) + "]"), mapping


_SWAP, _SWAP_MAP = _same_length_map()


class OriginalIndex:
    """Gapless key of an original text with the offset of every word (see the module docstring).

    >>> OriginalIndex("به گزارش روابط عمومي اداره كل بهزيستي").find("اداره کل بهزیستی")
    'اداره كل بهزيستي'
    """

    def __init__(self, original: str) -> None:
        self.original = original
        get = _SWAP_MAP.__getitem__
        folded = fold(_SWAP.sub(lambda m: get(m.group()), original))
        parts = _SPLIT.split(folded)
        words = parts[1::2]
        self._starts = list(accumulate(map(len, parts)))[0::2][:len(words)]
        self._kstarts = [0, *accumulate(map(len, words))]
        self.key = "".join(words)

    def _offset(self, k: int, end: bool) -> int:
        i = bisect_right(self._kstarts, k - (1 if end else 0)) - 1
        return self._starts[i] + (k - self._kstarts[i])

    def find(self, normalized_phrase: str) -> str | None:
        """The original text of a normalised phrase (first occurrence), or None."""
        needle = "".join(_WORD.findall(fold(normalized_phrase)))
        if not needle:
            return None
        k = self.key.find(needle)
        if k < 0:
            return None
        return self.original[self._offset(k, False):self._offset(k + len(needle), True)]


def locate(original: str, normalized_phrase: str) -> str | None:
    """The substring of ``original`` that normalises to ``normalized_phrase``, if any.

    >>> locate("به گزارش روابط عمومي اداره كل بهزيستي", "روابط عمومی اداره کل بهزیستی")
    'روابط عمومي اداره كل بهزيستي'
    """
    return OriginalIndex(original).find(normalized_phrase)


def phrase(doc: Document, w0: int, w1: int) -> str:
    """Words ``[w0, w1)`` of a document as written in the original, else as normalised.

    Only a window of the original section around the phrase's normalised position is indexed:
    normalisation moves text by a few characters, never by ``WINDOW``."""
    normalized = doc.tk.phrase(w0, w1)
    section = doc.section(w0)
    original = doc.original.get(section) or ""
    start, end = doc.tk.char_span(w0, w1)
    s0, s1 = doc.section_chars[section]
    offset = start - s0
    grow = max(0, len(original) - (s1 - s0))
    lo = max(0, offset - WINDOW)
    hi = offset + (end - start) + WINDOW + grow
    found = OriginalIndex(original[lo:hi]).find(normalized)
    if found is None and (lo > 0 or hi < len(original)):
        found = OriginalIndex(original).find(normalized)
    return found or normalized


def sentence_of(doc: Document, w: int) -> str:
    """The sentence holding word ``w``, as written (cut to ``MAX_SENTENCE_CHARS``)."""
    tk = doc.tk
    sid = tk.sentence[w]
    w0 = w
    while w0 > 0 and tk.sentence[w0 - 1] == sid:
        w0 -= 1
    w1 = w + 1
    while w1 < len(tk) and tk.sentence[w1] == sid:
        w1 += 1
    text = phrase(doc, w0, w1)
    return text if len(text) <= MAX_SENTENCE_CHARS else text[:MAX_SENTENCE_CHARS].rsplit(" ", 1)[0] + " …"

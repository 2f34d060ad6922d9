"""A word index of a normalised text, for matching that ignores how Persian words are joined.

The key of a text is its folded words concatenated without separators: «روابط عمومی»,
«روابط‌عمومی» and «روابطعمومی» all give ``روابطعمومی``. A match in the key is accepted only if it
starts at a word start and ends at a word end, does not cross a sentence boundary, and every word gap
inside it sits where the pattern itself has a gap: «دو رود» (two rivers) does not match «دورود».

Gap kinds before each word: ``GAP_SPACE`` (spaces), ``GAP_ZWNJ`` (a half-space: the word is a suffix or
the second half of a compound, so no match may start there), ``GAP_SOFT`` (comma, quote, bracket, dash)
and ``GAP_HARD`` (sentence punctuation, colon, «|» or «/», a line break, or the start of the text).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from classify.normalize import ZWNJ, fold

__all__ = ["TextKey", "GAP_SPACE", "GAP_ZWNJ", "GAP_SOFT", "GAP_HARD", "WORD", "WORD_CHARS"]

GAP_SPACE, GAP_ZWNJ, GAP_SOFT, GAP_HARD = 0, 1, 2, 3
# A word: letters and digits (Arabic-script letters, Persian and Arabic-Indic digits, Latin). Listing the
# ranges is ~25% faster than ``[^\W_]``, which asks Unicode for every character's category.
WORD_CHARS = "0-9A-Za-z\u00c0-\u024f\u0621-\u063a\u0641-\u064a\u0660-\u0669\u066e-\u06d3\u06d5\u06ee-\u06ff"
WORD = re.compile("[" + WORD_CHARS + "]+")
_SPLIT = re.compile("([" + WORD_CHARS + "]+)")
_HARD = re.compile(r"[.!?؟؛;:\n…|/]")  # «|» and «/» set off labels: «یادداشت | …», «تصاویر/ …»
_KNOWN_GAPS = {" ": GAP_SPACE, ZWNJ: GAP_ZWNJ, "، ": GAP_SOFT, "،": GAP_SOFT, ", ": GAP_SOFT, ". ": GAP_HARD,
               ".": GAP_HARD, "\n": GAP_HARD, ": ": GAP_HARD, " «": GAP_SOFT, "» ": GAP_SOFT, " - ": GAP_SOFT,
               "- ": GAP_SOFT, "؛ ": GAP_HARD, " (": GAP_SOFT, ") ": GAP_SOFT}


def _gap_kind(sep: str) -> int:
    kind = _KNOWN_GAPS.get(sep)
    if kind is not None:
        return kind
    if _HARD.search(sep):
        return GAP_HARD
    return GAP_SOFT if sep.strip(" " + ZWNJ) else (GAP_ZWNJ if sep == ZWNJ else GAP_SPACE)


class TextKey:
    """Word index of one normalised text (see the module docstring).

    >>> k = TextKey("به گزارش روابط‌عمومی اداره کل، خرمآباد")
    >>> k.key
    'بهگزارشروابطعمومیادارهکلخرماباد'
    >>> k.words[2:4], k.gaps[3]
    (['روابط', 'عمومی'], 1)
    """

    __slots__ = ("text", "key", "words", "kstarts", "gaps", "sentence", "_starts", "_word_at_kstart",
                 "n_sentences", "_seps", "_parts")

    def __init__(self, normalized_text: str) -> None:
        self.text = normalized_text
        parts = _SPLIT.split(fold(normalized_text))
        words = parts[1::2]
        seps = parts[0::2]  # seps[i] precedes words[i]; the last one trails
        self.words = words
        self._seps = seps
        lengths = list(map(len, words))
        kstarts = [0, *accumulate(lengths)][:-1] if words else []
        self.kstarts = kstarts
        self.key = "".join(words)
        gaps = list(map(_KNOWN_GAPS.get, seps[:len(words)]))
        if None in gaps:
            for i, g in enumerate(gaps):
                if g is None:
                    gaps[i] = _gap_kind(seps[i])
        if gaps:
            gaps[0] = GAP_HARD
        self.gaps = gaps
        self.sentence = list(accumulate(map(GAP_HARD.__eq__, gaps)))
        self.n_sentences = self.sentence[-1] if gaps else 0
        # key offset → index of the word starting there; the text's end maps to len(words), so a match
        # ending at offset k ends a word exactly when k is a word start (or the end).
        self._word_at_kstart = dict(zip(kstarts, range(len(words)), strict=True))
        self._word_at_kstart[len(self.key)] = len(words)
        self._starts: list[int] | None = None
        self._parts = parts

    def __len__(self) -> int:
        return len(self.words)

    def span(self, kstart: int, kend: int, pattern_gaps: frozenset[int]) -> tuple[int, int] | None:
        """Word range ``[w0, w1)`` of a key match, or ``None`` when the match breaks the word rules."""
        at = self._word_at_kstart
        w0 = at.get(kstart)
        if w0 is None:
            return None
        w1 = at.get(kend)
        if w1 is None or (w0 > 0 and self.gaps[w0] == GAP_ZWNJ):
            return None
        for w in range(w0 + 1, w1):
            if self.gaps[w] == GAP_HARD or (self.kstarts[w] - kstart) not in pattern_gaps:
                return None
        return w0, w1

    @property
    def starts(self) -> list[int]:
        """Character offset of each word in the normalised text (computed on first use)."""
        if self._starts is None:
            # parts alternate separator, word, separator …: the running length after separator i is the
            # offset of word i.
            self._starts = list(accumulate(map(len, self._parts)))[0::2][:len(self.words)]
        return self._starts

    def separator_before(self, w: int) -> str:
        return self._seps[w]

    def char_span(self, w0: int, w1: int) -> tuple[int, int]:
        """Character offsets in the normalised text of words ``[w0, w1)``."""
        starts = self.starts
        return starts[w0], starts[w1 - 1] + len(self.words[w1 - 1])

    def phrase(self, w0: int, w1: int) -> str:
        start, end = self.char_span(w0, w1)
        return self.text[start:end]

    def word_at_char(self, offset: int) -> int:
        """Index of the first word starting at or after a character offset."""
        return bisect_right(self.starts, offset - 1)

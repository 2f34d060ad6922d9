"""Persian normalisation for the classifier: one fast path used for training and prediction alike.

hazm's ``Normalizer.normalize`` is thorough but slow here (~200 articles/s: it re-tokenises every line
and looks each token up in its lexicon). The hot path below keeps what hazm knows — its character
translation table (Arabic and presentation-form letters), its list of special characters and its affix
spacing rules — but applies the character table as one regex pass over the characters that change, and
the rest as a handful of precompiled regexes.
``bench/classify_speed.py`` measures both.

Two forms of a text are used:
- ``normalize(text)``: readable canonical Persian (Persian ی/ک, no diacritics or tatweel, ASCII
  digits, single spaces, ZWNJ only between letters, «می‌» and «‌ها» attached with ZWNJ). Tokens for the
  relevance model are hazm tokens of this form.
- ``fold(text)``: the matching form of a normalised text, same length, where letters that real pages
  write interchangeably are merged (آ/أ/إ → ا, ئ → ی, ؤ → و). The gazetteer further ignores word gaps
  (see ``classify.textkey``), so «روابط عمومی», «روابط‌عمومی» and «روابطعمومی» are one key.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from hazm.constants import SPECIAL_CHARS_PATTERNS, TRANSLATION_DST, TRANSLATION_SRC

__all__ = ["ZWNJ", "normalize", "fold", "Tokenizer"]

ZWNJ = "\u200c"

# Characters dropped outright: Arabic diacritics (harakat, shadda, sukun, superscript alef, hamza above
# as in «هٔ»), tatweel, bidi and zero-width format marks, soft hyphen, BOM.
_DROP = (
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640", "\u200d", "\u200e", "\u200f", "\u00ad", "\ufeff"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
# hazm's list of special characters (Quranic marks, honorific ligature parts) is dropped too.
_SPECIALS = re.findall(r"\\u([0-9a-f]{4})", SPECIAL_CHARS_PATTERNS[0][0])

_SPACES = ["\u00a0", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006", "\u2007",
           "\u2008", "\u2009", "\u200a", "\u202f", "\u205f", "\u3000", "\t", "\r", "\x0b", "\x0c"]


def _build_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for src, dst in zip(TRANSLATION_SRC, TRANSLATION_DST, strict=True):
        if src != dst and src not in "“” ":  # hazm turns curly quotes into ASCII; keep them
            table[ord(src)] = dst
    for code in _SPECIALS:
        table[int(code, 16)] = None
    for ch in _DROP:
        table[ord(ch)] = None
    for ch in _SPACES:
        table[ord(ch)] = " "
    for i in range(10):  # Persian ۰-۹ and Arabic-Indic ٠-٩ digits → ASCII
        table[0x06F0 + i] = str(i)
        table[0x0660 + i] = str(i)
    table.update({
        ord("ة"): "ه", ord("ۀ"): "ه", ord("ە"): "ه",  # tā marbūṭa and hamza-on-heh → ه
        ord("ي"): "ی", ord("ى"): "ی", ord("ك"): "ک",
        ord("\u200b"): ZWNJ,  # zero-width space is used as a half-space by some CMSs
        ord("\u00ac"): ZWNJ,  # '¬' is what old Persian keyboards/encodings leave for ZWNJ
        ord("٫"): ".", ord("٬"): ",",
    })
    # Ligatures hazm expands (﷼ → ریال, ﻻ → لا ...).
    table.update({ord("﷼"): "ریال", ord("ﷲ"): "الله"})
    for lam_alef in "ﻵﻶﻷﻸﻹﻺﻻﻼ":
        table[ord(lam_alef)] = "لا"
    return table


def _replacer(table: dict[int, str | None]) -> tuple[re.Pattern[str], dict[str, str]]:
    """A character class of the table's keys and a str → str map. ``str.translate`` with a dict walks
    every character through a dict lookup (~1.7 ms for a 9 KB article); a regex finds the few characters
    that change and swaps only those (~0.04 ms)."""
    mapping = {chr(k): (v or "") for k, v in table.items()}
    return re.compile("[" + re.escape("".join(sorted(mapping))) + "]"), mapping


_TABLE = _build_table()
_CHANGE, _CHANGE_MAP = _replacer(_TABLE)
_FOLD, _FOLD_MAP = _replacer({ord(k): v for k, v in {"آ": "ا", "أ": "ا", "إ": "ا", "ٱ": "ا", "ئ": "ی", "ؤ": "و"}.items()})


def _swap(mapping: dict[str, str]):  # type: ignore[no-untyped-def]
    get = mapping.__getitem__
    return lambda m: get(m.group())


_change = _swap(_CHANGE_MAP)
_fold = _swap(_FOLD_MAP)

_SPACE_RUN = re.compile(r" {2,}")
_MANY_NL = re.compile(r"\n{3,}")
_ZWNJ_RUN = re.compile(ZWNJ + "{2,}")
# A ZWNJ is only meaningful between two letters: drop it next to a space, a digit, punctuation or an end.
# (Every pattern here starts with a literal so the regex engine can skip ahead; a leading lookbehind
# would be tried at every character.)
_LONE_ZWNJ = re.compile(ZWNJ + r"(?:(?<=[\W\d_]" + ZWNJ + r")|(?<=^" + ZWNJ + r")|(?=[\W\d_]|$))")
_PUNC_AFTER = r"\.:!،؛؟»\]\)\}"
_PUNC_BEFORE = r"«\[\(\{"
# hazm's AFFIX_SPACING_PATTERNS (hazm.constants), the same rules written literal-first:
_AFFIXES = [
    (re.compile(r"ه ی (?<=[^ ]ه ی )"), "ه" + ZWNJ + "ی "),                      # «خانه ی» → «خانه‌ی»
    (re.compile(r"می (?<![^\s]می )"), "می" + ZWNJ),                             # «می شود» → «می‌شود»
    (re.compile(r"نمی (?<![^\s]نمی )"), "نمی" + ZWNJ),
    (re.compile(r" (?<=[^\n\d " + _PUNC_AFTER + _PUNC_BEFORE + r"]{2} )(تر(?:ین?)?|گری?|های?)(?=[ \n"
                + _PUNC_AFTER + _PUNC_BEFORE + r"]|$)"), ZWNJ + r"\1"),           # «کتاب ها» → «کتاب‌ها»
    (re.compile(r"ه (?<=[^ ]ه )(ا(?:م|یم|ش|ند|ی|ید|ت))(?=[ \n" + _PUNC_AFTER + r"]|$)"), "ه" + ZWNJ + r"\1"),
    (re.compile(r"هها"), "ه" + ZWNJ + "ها"),                                    # «خانهها» → «خانه‌ها»
]


def normalize(text: str) -> str:
    """Canonical Persian form of a text (see the module docstring).

    >>> normalize("روابط عمومي اداره كل بهزيستي استان لرستان؛ ۱۲ مدرسه می شود")
    'روابط عمومی اداره کل بهزیستی استان لرستان؛ 12 مدرسه می\\u200cشود'
    >>> normalize("خرّم‌آباد‌ ـ  لُرستان")
    'خرم\\u200cآباد لرستان'
    """
    if not text:
        return ""
    text = _CHANGE.sub(_change, text)
    if ZWNJ in text:
        text = _ZWNJ_RUN.sub(ZWNJ, text)
        text = _LONE_ZWNJ.sub("", text)
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    if "\n" in text:
        text = text.replace(" \n", "\n").replace("\n ", "\n")
        if "\n\n\n" in text:
            text = _MANY_NL.sub("\n\n", text)
    for pattern, repl in _AFFIXES:
        text = pattern.sub(repl, text)
    return text.strip()


def fold(text: str) -> str:
    """Matching form of an already normalised text: same length, interchangeable letters merged.

    >>> fold("رئیس اداره تأمین اجتماعی آبادان")
    'رییس اداره تامین اجتماعی ابادان'
    """
    return _FOLD.sub(_fold, text)


@lru_cache(maxsize=4096)
def fold_phrase(phrase: str) -> str:
    """``fold(normalize(phrase))`` for registry and lexicon entries (cached: they repeat)."""
    return fold(normalize(phrase))


_NO_WORDS = Path(__file__).resolve().parent / "hazm_words_unused.txt"


class Tokenizer:
    """hazm's word tokenizer, built once (``hazm.word_tokenize`` builds a new one on every call).

    >>> Tokenizer().tokenize("مدیرکل بهزیستی لرستان گفته شده است")
    ['مدیرکل', 'بهزیستی', 'لرستان', 'گفته_شده_است']
    """

    def __init__(self) -> None:
        from hazm import WordTokenizer  # hazm's import is slow (nltk); pay it when a tokenizer is built

        # WordTokenizer loads hazm's 50k-word lexicon, which tokenize() never reads (joining verb parts
        # uses the verb list only): an empty words file saves ~0.35 s of model load.
        self._tokenizer = WordTokenizer(words_file=_NO_WORDS, join_verb_parts=True)

    def tokenize(self, normalized_text: str) -> list[str]:
        return self._tokenizer.tokenize(normalized_text)

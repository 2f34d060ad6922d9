"""The search form of Persian text: what the full-text index holds and what queries are matched in.

Both sides go through :func:`search_form`, so the spelling variants real pages mix match each other:
Arabic ي/ك and Persian ی/ک, ZWNJ (half-space), space or nothing between «روابط» and «عمومی» written
with a half-space or a space, Persian/Arabic-Indic and ASCII digits, diacritics and tatweel, and the
letters ``classify.normalize.fold`` merges (آ/أ/إ → ا, ئ → ی, ؤ → و, ة/ۀ → ه). Punctuation separates words.

It is the same character table as ``classify.normalize`` (a test keeps them agreeing) without its
readable-Persian rules, and without its imports: hazm and scikit-learn take ~2 s to load, too much for
the store's write path and for ``seda search``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["search_form", "document", "Query", "parse_query"]

#: More words than this in a query are ignored: nobody types them, and each one costs a posting list.
MAX_QUERY_WORDS = 32


def _table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    # Dropped: Arabic diacritics and hamza/madda above (U+064B–U+065F, U+0670), tatweel, ZWJ, bidi marks,
    # soft hyphen, BOM.
    for code in [*range(0x064B, 0x0660), 0x0670, 0x0640, 0x200D, 0x200E, 0x200F, 0x00AD, 0xFEFF,
                 *range(0x202A, 0x202F), *range(0x2066, 0x206A)]:
        table[code] = None
    # Word gaps: ZWNJ, zero-width space (a half-space in some CMSs), '¬' (what old encodings leave for ZWNJ).
    for code in (0x200C, 0x200B, 0x00AC):
        table[code] = " "
    for i in range(10):
        table[0x06F0 + i] = table[0x0660 + i] = str(i)
    for src, dst in {"ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "ە": "ه", "آ": "ا", "أ": "ا",
                     "إ": "ا", "ٱ": "ا", "ؤ": "و"}.items():
        table[ord(src)] = dst
    return table


_TABLE = _table()
# Arabic presentation forms (ligatures, isolated/final glyphs) are decomposed by NFKC first.
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")
_NON_WORD = re.compile(r"[\W_]+")


def search_form(text: str) -> str:
    """Words of ``text`` in their search form, separated by single spaces.

    >>> search_form("روابط‌عمومي اداره كل «بهزيستی» استان؛ ۱۲ مدرسه")
    'روابط عمومی اداره کل بهزیستی استان 12 مدرسه'
    >>> search_form("خرّم‌آباد") == search_form("خرم آباد")
    True
    """
    if not text:
        return ""
    if _PRESENTATION.search(text):
        text = unicodedata.normalize("NFKC", text)
    text = text.casefold().translate(_TABLE)
    return _NON_WORD.sub(" ", text).strip()


#: Longer texts are indexed up to here: PostgreSQL's tsvector holds at most 1 MB (200,000 characters of
#: distinct words fit), and a news article is rarely more than 30,000 characters.
MAX_DOCUMENT_CHARS = 200_000


def document(title: str | None, lead: str | None, text: str | None) -> str:
    """The indexed document of an article: its title, lead and text in search form."""
    return search_form("\n".join(part for part in (title, lead, text) if part)[:MAX_DOCUMENT_CHARS])


@dataclass(frozen=True)
class Query:
    """Words that must all appear, and phrases whose words must appear together, in order."""

    words: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)


_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"'})


def parse_query(query: str) -> Query:
    """What an analyst typed, as data: every character that is not part of a word is only a separator,
    so quotes, ``*``, ``NEAR``, ``OR`` or ``--`` are searched as words or ignored, never obeyed. Text in
    double quotes (or «») is a phrase.

    >>> parse_query('«روابط عمومی» كوهدشت OR "')
    Query(words=('کوهدشت', 'or'), phrases=(('روابط', 'عمومی'),))
    """
    parts = query.translate(_QUOTES).split('"')
    words: list[str] = []
    phrases: list[tuple[str, ...]] = []
    budget = MAX_QUERY_WORDS
    for i, part in enumerate(parts):
        tokens = search_form(part).split()[:budget]
        budget -= len(tokens)
        quoted = i % 2 == 1 and i < len(parts) - 1  # between an opening and a closing quote
        if quoted and len(tokens) > 1:
            if tuple(tokens) not in phrases:
                phrases.append(tuple(tokens))
        else:
            words.extend(t for t in tokens if t not in words)
    return Query(tuple(words), tuple(phrases))

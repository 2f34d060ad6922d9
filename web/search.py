"""Full-text search over title, lead and text with LIKE, insensitive to the usual Persian spelling variants.

Both sides are normalised the same way: the query in Python, the columns with nested SQL ``replace()``
(the same on SQLite and PostgreSQL), so Arabic ي/ك match Persian ی/ک and «می‌شود» (with a zero-width
non-joiner) matches «میشود». Every word of the query must occur (in any of the columns). LIKE wildcards
typed by the user are escaped: ``%`` and ``_`` match themselves. This is a scan, fine for the dashboard's
scale; ``seda search`` (full-text indexes) will replace it.

>>> normalise("كتاب‌هاي  لرستان")
'کتابهای لرستان'
>>> terms("  50%_off  «لرستان» ")
['50%_off', '«لرستان»']
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_

# (variant, replacement): Arabic letters to their Persian forms, and characters that are dropped
# (zero-width non-joiner and joiner, tatweel, right-to-left mark).
REPLACEMENTS: tuple[tuple[str, str], ...] = (
    ("ي", "ی"), ("ى", "ی"), ("ك", "ک"), ("ۀ", "ه"), ("ة", "ه"),
    ("\u200c", ""), ("\u200d", ""), ("\u0640", ""), ("\u200f", ""),
)
# Longer queries are cut: each word is one more LIKE over the whole text.
MAX_TERMS = 8
MAX_QUERY_CHARS = 200
ESCAPE = "\\"


def normalise(text: str) -> str:
    for old, new in REPLACEMENTS:
        text = text.replace(old, new)
    return " ".join(text.lower().split())


def terms(query: str) -> list[str]:
    """The words to look for (normalised; at most MAX_TERMS)."""
    return normalise(query[:MAX_QUERY_CHARS]).split()[:MAX_TERMS]


def _sql_normalised(column: Any) -> ColumnElement[str]:
    expr = func.coalesce(column, "")
    for old, new in REPLACEMENTS:
        expr = func.replace(expr, old, new)
    return func.lower(expr)


def _like_pattern(term: str) -> str:
    escaped = term.replace(ESCAPE, ESCAPE * 2).replace("%", ESCAPE + "%").replace("_", ESCAPE + "_")
    return f"%{escaped}%"


def matches(query: str, *columns: Any) -> ColumnElement[bool] | None:
    """A WHERE clause: every word of ``query`` occurs in one of ``columns``; None for an empty query."""
    words = terms(query)
    if not words:
        return None
    normalised = [_sql_normalised(c) for c in columns]
    return and_(*(or_(*(col.like(_like_pattern(w), escape=ESCAPE) for col in normalised)) for w in words))

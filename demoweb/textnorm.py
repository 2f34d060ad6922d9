"""Persian text helpers for the demo web: URL slugs and space/ZWNJ-insensitive search keys."""
from __future__ import annotations

import logging
import re
from urllib.parse import quote

logger = logging.getLogger(__name__)

ZWNJ = "\u200c"
_PUNCT = re.compile(r"[«»\"'“”‘’:؛;،,.!?؟()\[\]{}<>|/\\…٪%*+=#@&^~`]+")
_SPACES = re.compile(r"[\s\u200c\u200d\u200e\u200f\u00a0\u0640]+")
_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ۀ": "ه", "ة": "ه", "أ": "ا", "إ": "ا",
                       "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7",
                       "٨": "8", "٩": "9", "۰": "0", "۱": "1", "۲": "2", "۳": "3", "۴": "4",
                       "۵": "5", "۶": "6", "۷": "7", "۸": "8", "۹": "9"})


def slugify(title: str, *, keep_zwnj: bool = True, max_words: int = 14) -> str:
    """A Persian URL slug: punctuation dropped, words joined by ``-``.

    >>> slugify("افتتاح «پل» خرم‌آباد: ۱۲ پروژه")
    'افتتاح-پل-خرم\u200cآباد-۱۲-پروژه'
    >>> slugify("خرم‌آباد", keep_zwnj=False)
    'خرم-آباد'
    """
    text = _PUNCT.sub(" ", title)
    if not keep_zwnj:
        text = text.replace(ZWNJ, " ")
    words = [word for word in (w.strip(ZWNJ + "-–_") for w in text.split()) if word]
    return "-".join(words[:max_words])


def quote_path(path: str, *, lower_hex: bool = False) -> str:
    """Percent-encode a path the way browsers show it; WordPress writes lower-case hex."""
    encoded = quote(path, safe="/-_.~!$&'()*+,;=:@")
    if lower_hex:
        encoded = re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), encoded)
    return encoded


def search_key(text: str) -> str:
    """Fold text for site search: no spaces or ZWNJ, Arabic letters/digits folded, lower-case.

    >>> search_key("خرم‌آباد") == search_key("خرم آباد") == search_key("خرمآباد")
    True
    """
    return _SPACES.sub("", text.translate(_FOLD)).lower()

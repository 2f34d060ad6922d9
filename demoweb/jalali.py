"""Render Jalali dates the way Iranian sites print them (month names, weekdays, digit systems).

>>> import datetime as dt
>>> from demoweb.dates import TEHRAN
>>> moment = dt.datetime(2025, 11, 25, 10, 23, tzinfo=TEHRAN)
>>> format_jalali(moment, "{d} {month} {yyyy}، {HH}:{MM}", "persian")
'۴ آذر ۱۴۰۴، ۱۰:۲۳'
>>> format_jalali(moment, "{weekday} {d} {month} {yyyy} ساعت {HH}:{MM}", "arabic")
'سه\u200cشنبه ٤ آذر ١٤٠٤ ساعت ١٠:٢٣'
"""
from __future__ import annotations

import datetime as dt
import logging

from demoweb.dates import to_jalali

logger = logging.getLogger(__name__)

MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
          "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")
#: jdatetime weekday(): Saturday = 0.
WEEKDAYS = ("شنبه", "یکشنبه", "دوشنبه", "سه\u200cشنبه", "چهارشنبه", "پنجشنبه", "جمعه")

_DIGIT_TABLES = {
    "latin": str.maketrans("", ""),
    "persian": str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"),
    "arabic": str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"),
}


def digits(text: str | int, system: str = "persian") -> str:
    """Write the ASCII digits of ``text`` in ``system`` (latin | persian | arabic)."""
    try:
        table = _DIGIT_TABLES[system]
    except KeyError:
        raise ValueError(f"unknown digit system {system!r}; use one of {sorted(_DIGIT_TABLES)}") from None
    return str(text).translate(table)


def format_jalali(moment: dt.datetime, pattern: str, system: str = "persian") -> str:
    """Fill ``pattern`` ({yyyy} {mm} {m} {dd} {d} {month} {weekday} {HH} {MM} {SS}) for ``moment``."""
    jd = to_jalali(moment)
    fields = {
        "yyyy": f"{jd.year:04d}", "mm": f"{jd.month:02d}", "m": str(jd.month),
        "dd": f"{jd.day:02d}", "d": str(jd.day),
        "HH": f"{jd.hour:02d}", "MM": f"{jd.minute:02d}", "SS": f"{jd.second:02d}",
    }
    fields = {key: digits(value, system) for key, value in fields.items()}
    fields["month"] = MONTHS[jd.month - 1]
    fields["weekday"] = WEEKDAYS[jd.weekday()]
    return pattern.format(**fields)

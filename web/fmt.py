"""Jinja filters: Persian digits and Jalali dates (Asia/Tehran) everywhere the dashboard shows a number.

>>> fa_number(12345)
'۱۲٬۳۴۵'
>>> fa_number(0.875, 2)
'۰٫۸۸'
>>> jdate(datetime.date(2025, 11, 25))
'۱۴۰۴/۰۹/۰۴'
"""

from __future__ import annotations

import datetime

from seda.dates import TEHRAN, jalali_long, jalali_str, persian_digits

_SEPARATORS = str.maketrans({",": "٬", ".": "٫"})


def fa_number(value: object, decimals: int | None = None) -> str:
    """A number in Persian digits with Persian separators; anything else as text in Persian digits."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "بله" if value else "خیر"
    if isinstance(value, int):
        return persian_digits(f"{value:,}".translate(_SEPARATORS))
    if isinstance(value, float):
        text = f"{value:,.{2 if decimals is None else decimals}f}"
        return persian_digits(text.translate(_SEPARATORS))
    return persian_digits(str(value))


def fa_signed(value: int) -> str:
    """``+۳`` / ``−۲`` / ``۰``: a change against the previous week."""
    if value > 0:
        return "+" + fa_number(value)
    if value < 0:
        return "−" + fa_number(-value)
    return fa_number(0)


def fa_percent(value: float | None) -> str:
    return "—" if value is None else fa_number(round(value * 100)) + "٪"


def _local(value: datetime.datetime | datetime.date) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.astimezone(TEHRAN).date() if value.tzinfo else value.date()
    return value


def jdate(value: datetime.datetime | datetime.date | None) -> str:
    """``۱۴۰۴/۰۹/۰۴`` (a datetime is first moved to Tehran time)."""
    return "—" if value is None else jalali_str(_local(value))


def jdate_ascii(value: datetime.date | None) -> str:
    """``1404-09-04``: what date inputs are filled with (typing Persian digits works too)."""
    return "" if value is None else jalali_str(value, "-", "ascii")


def jdatetime_fa(value: datetime.datetime | None) -> str:
    """``۱۴۰۴/۰۹/۰۴ ۱۳:۳۰`` in Tehran time."""
    if value is None:
        return "—"
    local = value.astimezone(TEHRAN) if value.tzinfo else value
    return f"{jalali_str(local.date())} {persian_digits(local.strftime('%H:%M'))}"


def jlong(value: datetime.datetime | datetime.date | None) -> str:
    """``۴ آذر ۱۴۰۴``."""
    return "—" if value is None else jalali_long(_local(value))


def jshort(value: datetime.datetime | datetime.date | None) -> str:
    """``۴ آذر``."""
    if value is None:
        return "—"
    from digest.week import day_month_fa

    return day_month_fa(_local(value))


FILTERS = {"jshort": jshort, "fa": fa_number, "fa_signed": fa_signed, "fa_percent": fa_percent, "jdate": jdate,
           "jdate_ascii": jdate_ascii, "jdatetime": jdatetime_fa, "jlong": jlong}

"""Dates in and out: ISO Gregorian and Jalali, told apart by the year; Asia/Tehran is the clock.

>>> parse_cli_date("1404-09-04")
datetime.date(2025, 11, 25)
>>> parse_cli_date("۱۴۰۴/۰۹/۰۴")
datetime.date(2025, 11, 25)
>>> jalali_str(datetime.date(2025, 11, 25))
'۱۴۰۴/۰۹/۰۴'
"""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo

import jdatetime

from seda.errors import UsageError

TEHRAN = ZoneInfo("Asia/Tehran")
# Jalali years in use are ~1300-1500, Gregorian ones ~1900-2100: 1700 splits them with room to spare.
JALALI_YEAR_LIMIT = 1700
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_DATE_RE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")
JALALI_MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند")


def ascii_digits(text: str) -> str:
    """Persian (۰-۹) and Arabic-Indic (٠-٩) digits to ASCII."""
    return text.translate(_DIGITS)


def persian_digits(text: str | int) -> str:
    return str(text).translate(_PERSIAN_DIGITS)


def parse_cli_date(value: str) -> datetime.date:
    """A date typed by a user: ``2025-11-25`` (Gregorian) or ``1404-09-04`` (Jalali), told apart by the year."""
    m = _DATE_RE.match(ascii_digits(value))
    if not m:
        raise UsageError(f"{value!r} is not a date; use YYYY-MM-DD, Gregorian (2025-11-25) or Jalali (1404-09-04)")
    y, mo, d = (int(g) for g in m.groups())
    try:
        if y < JALALI_YEAR_LIMIT:
            return jdatetime.date(y, mo, d).togregorian()
        return datetime.date(y, mo, d)
    except ValueError as exc:
        cal = "Jalali" if y < JALALI_YEAR_LIMIT else "Gregorian"
        raise UsageError(f"{value!r} is not a valid {cal} date: {exc}") from None


def jalali_str(day: datetime.date, sep: str = "/", digits: str = "persian") -> str:
    j = jdatetime.date.fromgregorian(date=day)
    text = f"{j.year:04d}{sep}{j.month:02d}{sep}{j.day:02d}"
    return persian_digits(text) if digits == "persian" else text


def jalali_long(day: datetime.date) -> str:
    """``۴ آذر ۱۴۰۴``."""
    j = jdatetime.date.fromgregorian(date=day)
    return persian_digits(f"{j.day} {JALALI_MONTHS[j.month - 1]} {j.year}")


def week_start(day: datetime.date) -> datetime.date:
    """The Saturday that starts the Iranian week holding ``day``."""
    return day - datetime.timedelta(days=(day.weekday() - 5) % 7)


def today_tehran() -> datetime.date:
    return datetime.datetime.now(TEHRAN).date()


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight in Tehran at the start of ``day`` (aware)."""
    return datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=TEHRAN)

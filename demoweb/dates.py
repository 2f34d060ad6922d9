"""Calendar helpers: Tehran time zone, Jalali parsing and the weekly date shift.

The content is written in a fixed *base week* (Saturday 1404-09-01 = 2025-11-22 to Friday 1404-09-07).
At serve time every date moves by a whole number of weeks so that the base week becomes the last
complete Iranian week (Saturday..Friday) before the anchor day; weekdays are kept.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jdatetime

logger = logging.getLogger(__name__)

try:
    TEHRAN: dt.tzinfo = ZoneInfo("Asia/Tehran")
except ZoneInfoNotFoundError:  # pragma: no cover - only on systems without tzdata
    logger.warning("tzdata has no Asia/Tehran; using a fixed +03:30 offset")
    TEHRAN = dt.timezone(dt.timedelta(hours=3, minutes=30), "IRST")

#: Saturday 1404-09-01, the first day of the week the content is written in.
BASE_WEEK_START = dt.date(2025, 11, 22)

_SATURDAY = 5  # datetime.date.weekday(): Monday=0 .. Sunday=6

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_JALALI_RE = re.compile(r"^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$")


def today_in_tehran() -> dt.date:
    """The current calendar day in Asia/Tehran."""
    return dt.datetime.now(TEHRAN).date()


def target_week_start(anchor: dt.date) -> dt.date:
    """The Saturday that starts the last complete week before ``anchor``.

    >>> target_week_start(dt.date(2025, 12, 3))   # a Wednesday
    datetime.date(2025, 11, 22)
    >>> target_week_start(dt.date(2025, 12, 6))   # a Saturday: its own week is not complete
    datetime.date(2025, 11, 29)
    """
    saturday = anchor - dt.timedelta(days=(anchor.weekday() - _SATURDAY) % 7)
    return saturday - dt.timedelta(days=7)


def week_shift(anchor: dt.date | None = None) -> dt.timedelta:
    """How far every content date moves for ``anchor`` (default: today in Tehran); whole weeks."""
    anchor = anchor or today_in_tehran()
    return target_week_start(anchor) - BASE_WEEK_START


def parse_jalali(text: str) -> dt.datetime:
    """Parse ``"1404-09-04 10:23"`` (Persian digits allowed) into an aware Tehran datetime.

    >>> parse_jalali("۱۴۰۴-۰۹-۰۴ ۱۰:۲۳").isoformat()
    '2025-11-25T10:23:00+03:30'
    """
    match = _JALALI_RE.match(str(text).translate(_DIGITS))
    if not match:
        raise ValueError(f"not a Jalali date 'YYYY-MM-DD HH:MM': {text!r}")
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    if not 1300 <= year <= 1500:
        raise ValueError(f"year {year} is not a Jalali year: {text!r}")
    gregorian = jdatetime.datetime(year, month, day, hour, minute, second).togregorian()
    return gregorian.replace(tzinfo=TEHRAN)


def parse_anchor(text: str) -> dt.date:
    """An anchor day given as ISO Gregorian (``2025-12-03``) or Jalali (``1404-09-12``)."""
    cleaned = text.strip().translate(_DIGITS)
    year = int(cleaned[:4])
    if year < 1700:
        return parse_jalali(cleaned).date()
    return dt.date.fromisoformat(cleaned)


def to_jalali(moment: dt.datetime) -> jdatetime.datetime:
    """The Jalali calendar form of an aware datetime, in Tehran time."""
    local = moment.astimezone(TEHRAN)
    return jdatetime.datetime.fromgregorian(datetime=local.replace(tzinfo=None))

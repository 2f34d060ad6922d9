"""Jalali (Solar Hijri) dates as Iranian pages write them, parsed to aware datetimes in Asia/Tehran.

htmldate and dateparser do not read these: the first finds nothing on a Jalali-only page, the second
takes ``۱۴۰۴/۰۹/۰۴`` for the Gregorian year 1404. Every form below is handled here with jdatetime:

- ``۴ آذر ۱۴۰۴، ۱۰:۲۳``, ``سه‌شنبه ۴ آذر ۱۴۰۴ ساعت ۱۰:۲۳``, ``۴ آذرماه ۱۴۰۴``, ``۴ آذر ماه ۱۴۰۴``
- ``۱۴۰۴/۰۹/۰۴ - ۱۰:۲۳``, ``۱۴۰۴-۰۹-۰۴``, ``۱۰:۲۳ - ۱۴۰۴/۰۹/۰۴``, ``۰۴/۰۹/۱۴۰۴``
- Persian (۰-۹), Arabic-Indic (٠-٩) and ASCII digits; Arabic yeh and kaf (``فروردين``)
- Jalali dates in URL paths (``/1404/09/04/slug/``)

A month name only counts between a day number and a year, so the news agency «مهر» is never a month.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import jdatetime

TEHRAN = ZoneInfo("Asia/Tehran")

#: No Iranian news page is older than this Jalali year (1971): the oldest Persian newspapers online
#: begin in the 1370s, so anything earlier is a misread number, not a publication date.
MIN_JALALI_YEAR = 1350

_YEARISH = re.compile("[0-9۰-۹٠-٩]{4}")
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
#: Arabic letter forms that Persian pages (windows-1256 ones above all) use for Persian letters.
_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "أ": "ا", "إ": "ا", "ٱ": "ا"})

_DATE_TABLE: dict[int, int | str | None] = {**_DIGITS, **_LETTERS}

MONTHS: dict[str, int] = {
    "فروردین": 1, "اردیبهشت": 2, "خرداد": 3, "تیر": 4, "مرداد": 5, "امرداد": 5, "شهریور": 6,
    "مهر": 7, "آبان": 8, "آذر": 9, "دی": 10, "بهمن": 11, "اسفند": 12,
}
_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
_ZW = "[\u200c\u200d\u200e\u200f\u034f\u2e31]"  # joiners and marks that may sit inside «آذر‌ماه»
_TIME = r"(?P<{p}h>[0-2]?\d)\s*:\s*(?P<{p}m>[0-5]\d)(?:\s*:\s*(?P<{p}s>[0-5]\d))?"
_SEP = r"[\s\-–—،,|/]*"

#: «۴ آذر ۱۴۰۴», «۴ آذرماه ۱۴۰۴»; then an optional time: «، ۱۰:۲۳», «ساعت ۱۰:۲۳», «- ۱۰:۲۳».
_TEXT_DATE = re.compile(
    r"(?<!\d)(?P<d>[0-3]?\d)\s*(?P<month>" + _MONTH_ALT + r")(?:\s*" + _ZW + r"?\s*ماه)?(?![^\W\d_])"
    r"\s*[،,]?\s*(?P<y>1[34]\d\d)(?!\d)"
    r"(?:" + _SEP + r"(?:ساعت" + _SEP + r"[:]?\s*)?" + _TIME.format(p="t") + r")?"
)
#: «۱۴۰۴/۰۹/۰۴», «۱۴۰۴-۰۹-۰۴», «1404.09.04»; then an optional time.
_NUM_DATE = re.compile(
    r"(?<![\d/])(?P<y>1[34]\d\d)\s*(?P<sep>[/\-.])\s*(?P<mo>[01]?\d)\s*(?P=sep)\s*(?P<d>[0-3]?\d)(?![\d/])"
    r"(?:" + _SEP + r"(?:ساعت" + _SEP + r"[:]?\s*)?" + _TIME.format(p="t") + r")?"
)
#: «۰۴/۰۹/۱۴۰۴» (day first, older portals).
_NUM_DATE_DMY = re.compile(
    r"(?<![\d/])(?P<d>[0-3]?\d)\s*/\s*(?P<mo>[01]?\d)\s*/\s*(?P<y>1[34]\d\d)(?![\d/])"
    r"(?:" + _SEP + r"(?:ساعت" + _SEP + r"[:]?\s*)?" + _TIME.format(p="t") + r")?"
)
#: A time written before the date: «۱۰:۲۳ - ۱۴۰۴/۰۹/۰۴».
_TIME_BEFORE = re.compile(_TIME.format(p="b") + r"\s*[\-–—،,|/]?\s*$")

#: ``/1404/09/04/`` or ``/1404-09-04/`` in a URL path (Jalali years 1350–1499).
_URL_DATE = re.compile(r"/(?P<y>1[34]\d\d)[/-](?P<mo>[01]?\d)[/-](?P<d>[0-3]?\d)(?=/|$|[-_])")
#: ``/2025/11/25/`` in a URL path.
_URL_GREGORIAN = re.compile(r"/(?P<y>(?:19|20)\d\d)[/-](?P<mo>[01]?\d)[/-](?P<d>[0-3]?\d)(?=/|$|[-_])")


@dataclass(frozen=True)
class FoundDate:
    """A date read from text: the moment, whether a time of day was given, and where it stood."""

    value: dt.datetime
    has_time: bool
    start: int = 0
    end: int = 0


def normalize_digits(text: str) -> str:
    """Persian and Arabic-Indic digits to ASCII: ``"۱۴۰۴/٠٩/04"`` → ``"1404/09/04"``."""
    return text.translate(_DIGITS)


def normalize_for_dates(text: str) -> str:
    """Digits to ASCII and Arabic letter forms to Persian, keeping every index in place.

    >>> normalize_for_dates("۴ آذر ۱۴۰۴") == "4 آذر 1404"
    True
    """
    return text.translate(_DATE_TABLE)


def jalali_to_datetime(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> dt.datetime | None:
    """An aware Asia/Tehran datetime for a Jalali date, None when no such day or time exists.

    >>> jalali_to_datetime(1404, 9, 4, 10, 23).isoformat()
    '2025-11-25T10:23:00+03:30'
    >>> jalali_to_datetime(1404, 12, 30) is None   # 1404 is not a leap year
    True
    """
    if year < MIN_JALALI_YEAR:
        return None
    try:
        naive = jdatetime.datetime(year, month, day, hour, minute, second).togregorian()
    except (ValueError, OverflowError):
        return None
    return naive.replace(tzinfo=TEHRAN)


def _time_of(match: re.Match[str], prefix: str) -> tuple[int, int, int] | None:
    hour = match.group(prefix + "h")
    if hour is None:
        return None
    h, m = int(hour), int(match.group(prefix + "m"))
    s = int(match.group(prefix + "s") or 0)
    if h > 23:
        return None
    return h, m, s


def find_jalali_dates(text: str) -> list[FoundDate]:
    """Every Jalali date written in ``text``, in order of appearance.

    >>> [d.value.isoformat() for d in find_jalali_dates("سه‌شنبه ۴ آذر ۱۴۰۴ ساعت ۱۰:۲۳")]
    ['2025-11-25T10:23:00+03:30']
    >>> find_jalali_dates("به گزارش خبرگزاری مهر، ۱۴۰۴ طرح")
    []
    """
    if _YEARISH.search(text) is None:  # every form carries a four-digit year
        return []
    norm = normalize_for_dates(text)
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []

    def add(match: re.Match[str], year: int, month: int, day: int) -> None:
        if any(s < match.end() and match.start() < e for s, e in taken):
            return
        clock = _time_of(match, "t")
        start = match.start()
        if clock is None:
            before = _TIME_BEFORE.search(norm, max(0, start - 16), start)
            if before is not None:
                clock = _time_of(before, "b")
                if clock is not None:
                    start = before.start()
        value = jalali_to_datetime(year, month, day, *(clock or (0, 0, 0)))
        if value is None and clock is not None:  # «۲۴:۰۰» or a wrong clock: keep the day
            clock = None
            value = jalali_to_datetime(year, month, day)
        if value is None:
            return
        taken.append((match.start(), match.end()))
        found.append(FoundDate(value, clock is not None, start, match.end()))

    for match in _TEXT_DATE.finditer(norm):
        add(match, int(match.group("y")), MONTHS[match.group("month")], int(match.group("d")))
    for match in _NUM_DATE.finditer(norm):
        add(match, int(match.group("y")), int(match.group("mo")), int(match.group("d")))
    for match in _NUM_DATE_DMY.finditer(norm):
        add(match, int(match.group("y")), int(match.group("mo")), int(match.group("d")))
    found.sort(key=lambda f: f.start)
    return found


def parse_jalali(text: str) -> FoundDate | None:
    """The first Jalali date in ``text`` (see :func:`find_jalali_dates`), or None."""
    dates = find_jalali_dates(text)
    return dates[0] if dates else None


def date_from_url(url_path: str) -> dt.datetime | None:
    """A date written as path segments: Jalali ``/1404/09/04/`` or Gregorian ``/2025/11/25/``.

    >>> date_from_url("/1404/09/04/khabar/").isoformat()
    '2025-11-25T00:00:00+03:30'
    """
    match = _URL_DATE.search(url_path)
    if match:
        return jalali_to_datetime(int(match.group("y")), int(match.group("mo")), int(match.group("d")))
    match = _URL_GREGORIAN.search(url_path)
    if match:
        try:
            return dt.datetime(int(match.group("y")), int(match.group("mo")), int(match.group("d")), tzinfo=TEHRAN)
        except ValueError:
            return None
    return None


_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T\s]+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?",
)
_SLASHED = re.compile(r"(?P<y>\d{4})/(?P<mo>\d{1,2})/(?P<d>\d{1,2})(?:[T\s]+(?P<h>\d{1,2}):(?P<mi>\d{2}))?")


def parse_machine_date(value: str) -> FoundDate | None:
    """A date from a meta tag, JSON-LD or ``<time datetime>``: ISO 8601 with or without an offset.

    Without an offset the time is Tehran time. Some Iranian CMSs put Jalali dates in these fields
    (``1404-09-04T10:23:00``, ``1404/09/04``): a year before 1700 is read as Jalali.

    >>> parse_machine_date("2025-11-25T06:53:00Z").value.isoformat()
    '2025-11-25T10:23:00+03:30'
    >>> parse_machine_date("1404-09-04 10:23").value.isoformat()
    '2025-11-25T10:23:00+03:30'
    """
    value = normalize_digits(value.strip())
    match = _ISO.search(value) or _SLASHED.search(value)
    if not match:
        return None
    year, month, day = int(match.group("y")), int(match.group("mo")), int(match.group("d"))
    has_time = match.group("h") is not None
    hour = int(match.group("h") or 0)
    minute = int(match.group("mi") or 0)
    second = int((match.groupdict().get("s")) or 0)
    if year < 1700:
        found = jalali_to_datetime(year, month, day, hour, minute, second)
        return FoundDate(found, has_time) if found else None
    tz_text = match.groupdict().get("tz")
    try:
        if tz_text:
            if tz_text == "Z":
                tz: dt.tzinfo = dt.timezone.utc
            else:
                sign = -1 if tz_text[0] == "-" else 1
                digits = tz_text[1:].replace(":", "")
                tz = dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
            moment = dt.datetime(year, month, day, hour, minute, second, tzinfo=tz).astimezone(TEHRAN)
        else:
            moment = dt.datetime(year, month, day, hour, minute, second, tzinfo=TEHRAN)
    except (ValueError, OverflowError):
        return None
    return FoundDate(moment, has_time)

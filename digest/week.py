"""The Iranian week (Saturday to Friday, Asia/Tehran) and how the digest writes it in Persian.

>>> Week.of(datetime.date(2025, 11, 25)).label
'هفته ۱ تا ۷ آذر ۱۴۰۴'
>>> Week(datetime.date(2025, 3, 15)).label
'هفته ۲۵ اسفند ۱۴۰۳ تا ۱ فروردین ۱۴۰۴'
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import jdatetime

from seda.dates import JALALI_MONTHS, TEHRAN, jalali_str, persian_digits, start_of_day, today_tehran, week_start

# Jalali weekday names, Saturday first (the Iranian week's order).
WEEKDAYS = ("شنبه", "یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه")


def weekday_fa(day: datetime.date) -> str:
    """``سه‌شنبه`` for 2025-11-25."""
    return WEEKDAYS[(day.weekday() - 5) % 7]


def day_month_fa(day: datetime.date, *, year: bool = False) -> str:
    """``۴ آذر`` (``۴ آذر ۱۴۰۴`` with ``year``)."""
    j = jdatetime.date.fromgregorian(date=day)
    text = f"{j.day} {JALALI_MONTHS[j.month - 1]}" + (f" {j.year}" if year else "")
    return persian_digits(text)


@dataclass(frozen=True, order=True)
class Week:
    """An Iranian week, named by the Saturday that opens it."""

    start: datetime.date

    def __post_init__(self) -> None:
        if self.start.weekday() != 5:
            raise ValueError(f"{self.start} is not a Saturday; use Week.of(day)")

    @classmethod
    def of(cls, day: datetime.date) -> Week:
        """The week holding ``day``."""
        return cls(week_start(day))

    @classmethod
    def last_complete(cls, today: datetime.date | None = None) -> Week:
        """The last week that ended before ``today`` (Tehran): on a Saturday, the week that just ended."""
        return cls(week_start(today or today_tehran()) - datetime.timedelta(days=7))

    @property
    def end(self) -> datetime.date:
        """The Friday that closes the week (inclusive)."""
        return self.start + datetime.timedelta(days=6)

    @property
    def previous(self) -> Week:
        return Week(self.start - datetime.timedelta(days=7))

    @property
    def begins_at(self) -> datetime.datetime:
        """Saturday 00:00 in Tehran (aware)."""
        return start_of_day(self.start)

    @property
    def ends_at(self) -> datetime.datetime:
        """The next Saturday 00:00 in Tehran (aware, exclusive)."""
        return start_of_day(self.start + datetime.timedelta(days=7))

    def has_ended(self, now: datetime.datetime | None = None) -> bool:
        return (now or datetime.datetime.now(TEHRAN)) >= self.ends_at

    @property
    def label(self) -> str:
        """``هفته ۱ تا ۷ آذر ۱۴۰۴``; across months ``هفته ۲۹ آذر تا ۵ دی ۱۴۰۴``; across years
        ``هفته ۲۵ اسفند ۱۴۰۳ تا ۱ فروردین ۱۴۰۴``."""
        a = jdatetime.date.fromgregorian(date=self.start)
        b = jdatetime.date.fromgregorian(date=self.end)
        if a.year != b.year:
            text = (f"هفته {a.day} {JALALI_MONTHS[a.month - 1]} {a.year} "
                    f"تا {b.day} {JALALI_MONTHS[b.month - 1]} {b.year}")
        elif a.month != b.month:
            text = f"هفته {a.day} {JALALI_MONTHS[a.month - 1]} تا {b.day} {JALALI_MONTHS[b.month - 1]} {b.year}"
        else:
            text = f"هفته {a.day} تا {b.day} {JALALI_MONTHS[b.month - 1]} {b.year}"
        return persian_digits(text)

    @property
    def span(self) -> str:
        """For log lines and the terminal: ``2025-11-22..2025-11-28 (1404-09-01..1404-09-07)``."""
        return (f"{self.start.isoformat()}..{self.end.isoformat()} "
                f"({jalali_str(self.start, '-', 'ascii')}..{jalali_str(self.end, '-', 'ascii')})")

    def __str__(self) -> str:
        return self.span

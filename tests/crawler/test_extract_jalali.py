"""Jalali dates as Iranian pages write them: table-driven (input, expected)."""

from __future__ import annotations

import pytest

from crawler.extract.jalali import (
    date_from_url,
    find_jalali_dates,
    jalali_to_datetime,
    normalize_digits,
    parse_jalali,
    parse_machine_date,
)

ZWNJ = "\u200c"

# (text, expected ISO in Asia/Tehran, or None when no date may be read)
TEXT_DATES = [
    ("۴ آذر ۱۴۰۴، ۱۰:۲۳", "2025-11-25T10:23:00+03:30"),
    ("۱۴۰۴/۰۹/۰۴ - ۱۰:۲۳", "2025-11-25T10:23:00+03:30"),
    (f"سه{ZWNJ}شنبه ۴ آذر ۱۴۰۴ ساعت ۱۰:۲۳", "2025-11-25T10:23:00+03:30"),
    ("تاریخ انتشار : ۱۴۰۴/۰۹/۰۴", "2025-11-25T00:00:00+03:30"),
    ("۱۴۰۴-۰۹-۰۴", "2025-11-25T00:00:00+03:30"),
    ("1404.09.04", "2025-11-25T00:00:00+03:30"),
    ("۱۰:۲۳ - ۱۴۰۴/۰۹/۰۴", "2025-11-25T10:23:00+03:30"),
    ("تاریخ انتشار: ۱۰:۴۵ - ۰۴ آذر ۱۴۰۴", "2025-11-25T10:45:00+03:30"),
    ("۰۴/۰۹/۱۴۰۴", "2025-11-25T00:00:00+03:30"),
    # Arabic-Indic and ASCII digits
    ("٤ آذر ١٤٠٤ ساعت ١٠:٢٣", "2025-11-25T10:23:00+03:30"),
    ("4 آذر 1404 - 10:23", "2025-11-25T10:23:00+03:30"),
    ("1404/9/4", "2025-11-25T00:00:00+03:30"),
    # Arabic yeh and kaf (windows-1256 pages), the «ماه» suffix in its three spellings
    ("۱ فروردين ۱۴۰۴", "2025-03-21T00:00:00+03:30"),
    ("۱۰ ارديبهشت ۱۴۰۴", "2025-04-30T00:00:00+03:30"),
    ("۴ آذرماه ۱۴۰۴", "2025-11-25T00:00:00+03:30"),
    ("۴ آذر ماه ۱۴۰۴", "2025-11-25T00:00:00+03:30"),
    (f"۴ آذر{ZWNJ}ماه ۱۴۰۴", "2025-11-25T00:00:00+03:30"),
    ("پنجشنبه، ٦ آذر ١٤٠٤ ساعت ٠٩:٢٠", "2025-11-27T09:20:00+03:30"),
    # the month «مهر» and the agency «مهر»
    ("۱۲ مهر ۱۴۰۴", "2025-10-04T00:00:00+03:30"),
    ("۱۲ مهرماه ۱۴۰۴", "2025-10-04T00:00:00+03:30"),
    ("به گزارش خبرگزاری مهر، ۱۴۰۴ طرح در استان اجرا شد", None),
    ("خبرگزاری مهر ۱۴۰۴", None),
    ("۳ مهربانی ۱۴۰۴", None),
    ("۵ مهرماه", None),  # no year: not a date Seda can place
    # year boundary and leap years: 1403 is leap, 1404 is not
    ("۲۹ اسفند ۱۴۰۳", "2025-03-19T00:00:00+03:30"),
    ("۳۰ اسفند ۱۴۰۳", "2025-03-20T00:00:00+03:30"),
    ("۱۴۰۳/۱۲/۳۰ - ۲۳:۵۹", "2025-03-20T23:59:00+03:30"),
    ("۱ فروردین ۱۴۰۴ ساعت ۰۰:۰۵", "2025-03-21T00:05:00+03:30"),
    ("۱۴۰۴-۱۲-۲۹", "2026-03-20T00:00:00+03:30"),
    ("۱۴۰۴/۱۲/۳۰", None),
    ("۳۰ اسفند ۱۴۰۴", None),
    ("۳۲ آذر ۱۴۰۴", None),
    ("۱۴۰۴/۱۳/۰۱", None),
    ("۱۳۴۹/۰۱/۰۱", None),  # before 1350: a misread number, not a news date
    ("شماره ۱۴۰۴۵۶", None),
]


@pytest.mark.parametrize(("text", "expected"), TEXT_DATES)
def test_parse_jalali(text: str, expected: str | None) -> None:
    found = parse_jalali(text)
    assert (found.value.isoformat() if found else None) == expected


def test_time_flag_tells_a_bare_day_from_a_timed_one() -> None:
    assert parse_jalali("۴ آذر ۱۴۰۴").has_time is False
    assert parse_jalali("۴ آذر ۱۴۰۴، ۱۰:۲۳").has_time is True


def test_all_dates_of_a_header_line_in_order() -> None:
    line = "سه‌شنبه ۴ آذر ۱۴۰۴ - ۴ جمادی‌الثانی ۱۴۴۷ - ۱۴۰۴/۰۹/۰۵"
    assert [d.value.date().isoformat() for d in find_jalali_dates(line)] == ["2025-11-25", "2025-11-26"]


URL_DATES = [
    ("/1404/09/04/anar-festival/", "2025-11-25T00:00:00+03:30"),
    ("/fa/1404-09-04/khabar", "2025-11-25T00:00:00+03:30"),
    ("/2025/11/25/story-slug/", "2025-11-25T00:00:00+03:30"),
    ("/news/1404/slug", None),
    ("/news/6678901/slug", None),
    ("/1404/12/30/slug/", None),
]


@pytest.mark.parametrize(("path", "expected"), URL_DATES)
def test_date_from_url(path: str, expected: str | None) -> None:
    found = date_from_url(path)
    assert (found.isoformat() if found else None) == expected


MACHINE_DATES = [
    ("2025-11-25T10:23:00+03:30", "2025-11-25T10:23:00+03:30", True),
    ("2025-11-25T06:53:00Z", "2025-11-25T10:23:00+03:30", True),
    ("2025-11-25T06:53:00+00:00", "2025-11-25T10:23:00+03:30", True),
    ("2025-11-25T10:23:00.000+0330", "2025-11-25T10:23:00+03:30", True),
    ("2025-11-25T10:23:00", "2025-11-25T10:23:00+03:30", True),  # no offset: Tehran
    ("2025-11-25 10:23", "2025-11-25T10:23:00+03:30", True),
    ("2025-11-25", "2025-11-25T00:00:00+03:30", False),
    ("1404-09-04T10:23:00", "2025-11-25T10:23:00+03:30", True),  # a Jalali date in a meta field
    ("1404/09/04", "2025-11-25T00:00:00+03:30", False),
    ("۱۴۰۴/۰۹/۰۴ ۱۰:۲۳", "2025-11-25T10:23:00+03:30", True),
    ("not a date", None, False),
]


@pytest.mark.parametrize(("raw", "expected", "has_time"), MACHINE_DATES)
def test_parse_machine_date(raw: str, expected: str | None, has_time: bool) -> None:
    found = parse_machine_date(raw)
    assert (found.value.isoformat() if found else None) == expected
    if found:
        assert found.has_time is has_time


def test_result_is_aware_and_in_tehran() -> None:
    value = jalali_to_datetime(1404, 9, 4, 10, 23)
    assert value is not None and value.tzinfo is not None
    assert str(value.tzinfo) == "Asia/Tehran"
    assert value.utcoffset().total_seconds() == 3.5 * 3600


def test_normalize_digits() -> None:
    assert normalize_digits("۱۴۰۴/٠٩/04") == "1404/09/04"

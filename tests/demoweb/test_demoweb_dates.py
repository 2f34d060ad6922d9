"""Date shifting: the base week becomes the last complete Iranian week before the anchor."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import jdatetime
import pytest

from demoweb import DemoWeb
from demoweb.dates import BASE_WEEK_START, parse_anchor, parse_jalali, target_week_start, week_shift

FIXTURE_DIR = Path(__file__).resolve().parent / "content"


def jalali(moment: dt.datetime) -> str:
    return jdatetime.datetime.fromgregorian(datetime=moment.replace(tzinfo=None)).strftime("%Y-%m-%d %H:%M")


def test_base_week_starts_on_saturday_1404_09_01():
    assert jdatetime.date.fromgregorian(date=BASE_WEEK_START) == jdatetime.date(1404, 9, 1)
    assert jdatetime.date(1404, 9, 1).weekday() == 0  # jdatetime: Saturday = 0


@pytest.mark.parametrize("anchor, start", [
    (dt.date(2025, 12, 3), dt.date(2025, 11, 22)),   # Wednesday: the base week itself
    (dt.date(2025, 11, 29), dt.date(2025, 11, 22)),  # Saturday: its own week is not complete yet
    (dt.date(2025, 12, 5), dt.date(2025, 11, 22)),   # Friday: still the week before
    (dt.date(2025, 12, 6), dt.date(2025, 11, 29)),   # next Saturday: one week later
    (dt.date(2026, 3, 25), dt.date(2026, 3, 14)),    # after Nowruz (1405-01-05)
])
def test_target_week_start(anchor, start):
    assert target_week_start(anchor) == start
    assert start.weekday() == 5  # Saturday
    assert (week_shift(anchor).days % 7) == 0


def test_anchor_2025_12_03_keeps_the_base_week():
    assert week_shift(dt.date(2025, 12, 3)) == dt.timedelta(0)
    shifted = parse_jalali("1404-09-04 10:23") + week_shift(dt.date(2025, 12, 3))
    assert jalali(shifted) == "1404-09-04 10:23"


@pytest.mark.parametrize("anchor", ["2025-12-06", "2025-12-20", "2026-01-14", "2026-03-25", "1404-10-01"])
def test_served_dates_land_in_the_last_complete_week(anchor):
    """Every base-week record is served inside the target week, on the same weekday and time."""
    web = DemoWeb(anchor=anchor, content_dir=FIXTURE_DIR, base_port=1)
    day = parse_anchor(anchor)
    saturday = day - dt.timedelta(days=(day.weekday() - 5) % 7)
    start = saturday - dt.timedelta(days=7)
    jstart = jdatetime.date.fromgregorian(date=start)
    truth = web.truth()
    assert truth["week"]["start"] == start.isoformat()
    assert truth["week"]["start_jalali"] == jstart.strftime("%Y-%m-%d")
    for entry in truth["articles"]:
        record = next(a for a in web.articles if a.id == entry["id"])
        published = dt.datetime.fromisoformat(entry["published"])
        assert published.utcoffset() == dt.timedelta(hours=3, minutes=30)
        assert published.weekday() == record.published.weekday()
        assert published.time() == record.published.time().replace(tzinfo=None)
        assert (published - record.published).days % 7 == 0
        if record.published.date() >= BASE_WEEK_START:
            assert start <= published.date() < start + dt.timedelta(days=7)
            assert jalali(published)[:10] >= jstart.strftime("%Y-%m-%d")
        assert entry["published_jalali"] == jalali(published)


def test_anchor_2025_12_06_maps_base_week_to_1404_09_08():
    web = DemoWeb(anchor="2025-12-06", content_dir=FIXTURE_DIR, base_port=1)
    assert web.truth()["week"]["start_jalali"] == "1404-09-08"
    assert web.truth()["week"]["end_jalali"] == "1404-09-14"
    item = next(a for a in web.truth()["articles"] if a["id"] == "payam-f01")
    assert item["published_jalali"] == "1404-09-11 10:23"   # Tuesday again


def test_parse_jalali_rejects_gregorian_and_garbage():
    with pytest.raises(ValueError):
        parse_jalali("2025-11-25 10:23")
    with pytest.raises(ValueError):
        parse_jalali("دیروز")

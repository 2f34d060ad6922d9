"""When the jobs fire: Asia/Tehran whatever the server's clock zone, crontab weekdays, the Jalali new year."""

from __future__ import annotations

import dataclasses
import datetime
import time
from zoneinfo import ZoneInfo

import jdatetime
import pytest

from seda.config import Config, ScheduleConfig
from seda.errors import ConfigError
from seda.scheduling import digest_week, list_lines, next_fire_times, triggers

TEHRAN = ZoneInfo("Asia/Tehran")
UTC = datetime.UTC


def config(**schedule: object) -> Config:
    return Config(schedule=dataclasses.replace(ScheduleConfig(), **schedule))  # type: ignore[arg-type]


@pytest.mark.parametrize("server_zone", ["America/New_York", "UTC", "Asia/Tokyo", "Asia/Tehran"])
def test_fire_times_are_tehran_times_whatever_the_server_zone(server_tz, server_zone: str) -> None:
    server_tz(server_zone)
    assert time.tzname[0] in {"EST", "UTC", "JST", "+0330"}  # the process clock really moved
    now = datetime.datetime(2026, 3, 18, 12, 0, tzinfo=UTC)  # a Wednesday
    fires = next_fire_times(config(), now, count=3)
    # 01:30 in Tehran (+03:30, no daylight saving since 2022) is 22:00 UTC the evening before
    assert fires["crawl"] == [datetime.datetime(2026, 3, d, 22, 0, tzinfo=UTC) for d in (18, 19, 20)]
    assert all(f.utcoffset() == datetime.timedelta(hours=3, minutes=30) for f in fires["crawl"])
    # Saturday 08:00 Tehran = 04:30 UTC
    assert fires["digest"][0] == datetime.datetime(2026, 3, 21, 4, 30, tzinfo=UTC)
    assert [f.weekday() for f in fires["digest"]] == [5, 5, 5]


def test_a_new_york_daylight_saving_switch_does_not_move_the_crawl(server_tz) -> None:
    server_tz("America/New_York")  # clocks in New York jump on 2026-03-08
    now = datetime.datetime(2026, 3, 5, 0, 0, tzinfo=UTC)
    fires = next_fire_times(config(), now, count=7)["crawl"]
    assert {f.astimezone(UTC).time() for f in fires} == {datetime.time(22, 0)}
    local = [datetime.datetime.fromtimestamp(f.timestamp()).hour for f in fires]  # the server's wall clock
    assert local[0] == 17 and local[-1] == 18  # EST before the switch, EDT after: only the server moved


def test_another_schedule_zone_is_honoured() -> None:
    now = datetime.datetime(2026, 3, 18, 12, 0, tzinfo=UTC)
    fire = next_fire_times(config(timezone="Europe/London"), now)["crawl"][0]
    assert fire == datetime.datetime(2026, 3, 19, 1, 30, tzinfo=UTC)


def test_jalali_new_year_digest_covers_the_last_week_of_esfand() -> None:
    now = datetime.datetime(2026, 3, 19, 12, 0, tzinfo=TEHRAN)  # Thursday 1404-12-28
    fire = next_fire_times(config(), now)["digest"][0]
    assert fire == datetime.datetime(2026, 3, 21, 8, 0, tzinfo=TEHRAN)
    fired_on = jdatetime.date.fromgregorian(date=fire.date())
    assert (fired_on.year, fired_on.month, fired_on.day) == (1405, 1, 1)  # Nowruz, a Saturday
    assert fire.weekday() == 5

    start = digest_week(fire.date())
    end = start + datetime.timedelta(days=6)
    assert (start, end) == (datetime.date(2026, 3, 14), datetime.date(2026, 3, 20))
    j_start, j_end = (jdatetime.date.fromgregorian(date=d) for d in (start, end))
    assert (j_start.year, j_start.month, j_start.day) == (1404, 12, 23)
    assert (j_end.year, j_end.month, j_end.day) == (1404, 12, 29)
    assert not jdatetime.date(1404, 1, 1).isleap()  # 1404's Esfand has 29 days: the 29th closes the year
    assert jdatetime.date.fromgregorian(date=end + datetime.timedelta(days=1)) == jdatetime.date(1405, 1, 1)
    assert start.weekday() == 5 and end.weekday() == 4  # Saturday .. Friday

    lines = list_lines(config(), now)
    digest_line = next(line for line in lines if line.startswith("digest"))
    assert "Sat 2026-03-21 08:00 +0330" in digest_line and "1405-01-01" in digest_line
    assert "(week 1404-12-23..1404-12-29)" in digest_line


@pytest.mark.parametrize(("day", "expected"), [
    (datetime.date(2026, 3, 21), datetime.date(2026, 3, 14)),   # Saturday: the week that ended last night
    (datetime.date(2026, 3, 22), datetime.date(2026, 3, 14)),   # a run delayed to Sunday sends the same week
    (datetime.date(2026, 3, 27), datetime.date(2026, 3, 14)),   # ... up to Friday
    (datetime.date(2026, 3, 28), datetime.date(2026, 3, 21)),
])
def test_digest_week_is_the_latest_complete_week(day: datetime.date, expected: datetime.date) -> None:
    assert digest_week(day) == expected


@pytest.mark.parametrize(("dow", "weekdays"), [
    ("6", {"Sat"}), ("sat", {"Sat"}), ("SAT", {"Sat"}), ("0", {"Sun"}), ("7", {"Sun"}),
    ("1-5", {"Mon", "Tue", "Wed", "Thu", "Fri"}), ("5-7", {"Fri", "Sat", "Sun"}), ("fri-sun", {"Fri", "Sat", "Sun"}),
    ("*/2", {"Sun", "Tue", "Thu", "Sat"}), ("0,6", {"Sun", "Sat"}), ("*", {"Sat", "Sun", "Mon", "Tue", "Wed", "Thu", "Fri"}),
])
def test_weekday_numbers_keep_their_crontab_meaning(dow: str, weekdays: set[str]) -> None:
    now = datetime.datetime(2026, 3, 18, 12, 0, tzinfo=TEHRAN)
    fires = next_fire_times(config(digest=f"0 8 * * {dow}"), now, count=14)["digest"]
    assert {f.strftime("%a") for f in fires} == weekdays


@pytest.mark.parametrize(("expr", "message"), [
    ("61 1 * * *", "not a valid cron expression"),
    ("0 8 1 * sat", "restricts both day of month and day of week"),
    ("0 8 * * 8", "out of range"),
    ("0 8 * * fri-mon", "runs backwards"),
])
def test_bad_cron_lines_are_config_errors_naming_the_key(expr: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as info:
        triggers(config(digest=expr))
    assert str(info.value).startswith("schedule.digest:")

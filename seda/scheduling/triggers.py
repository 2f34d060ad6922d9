"""When the jobs fire: the config's cron expressions, read in the config's time zone (Asia/Tehran).

The server's own clock zone never matters: every trigger carries its zone, and fire times are aware.

>>> digest_week(datetime.date(2026, 3, 21))   # Saturday 1405-01-01 sends 1404-12-23 .. 1404-12-29
datetime.date(2026, 3, 14)
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from seda.config import Config
from seda.dates import week_start
from seda.errors import ConfigError

# crontab numbers Sunday 0 (and 7); APScheduler 3 numbers Monday 0. Names mean the same in both.
_CRON_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_DOW_ITEM = re.compile(r"^(?P<base>\*|[a-z0-9]+(?:-[a-z0-9]+)?)(?:/(?P<step>\d+))?$")


@dataclass(frozen=True)
class JobSpec:
    """One scheduled job: its id, what it calls (``module:function``), and its cron expression."""

    id: str
    name: str
    func: str
    cron: str


def job_specs(config: Config) -> list[JobSpec]:
    s = config.schedule
    return [
        JobSpec("crawl", "nightly crawl", "seda.scheduling.jobs:crawl_job", s.crawl),
        JobSpec("digest", "weekly digest", "seda.scheduling.jobs:digest_job", s.digest),
    ]


def cron_trigger(expr: str, timezone: str, *, key: str = "cron") -> CronTrigger:
    """A trigger for a standard 5-field crontab line, in ``timezone``.

    Unlike APScheduler 3's ``from_crontab``, weekday numbers keep their crontab meaning (0 and 7 are
    Sunday, 6 is Saturday), so ``0 8 * * 6`` is Saturday morning as the operator expects. Restricting
    both day-of-month and day-of-week is refused: cron fires when either matches, APScheduler only when
    both do, and a schedule must not silently mean something else.
    """
    fields = expr.split()
    if len(fields) != 5:
        raise ConfigError(f"{key}: {expr!r} is not a 5-field cron expression (minute hour day month day_of_week)")
    minute, hour, day, month, dow = fields
    if day not in ("*", "?") and dow not in ("*", "?"):
        raise ConfigError(f"{key}: {expr!r} restricts both day of month and day of week; cron would fire when "
                          "either matches and APScheduler only when both do: keep one of them '*'")
    try:
        return CronTrigger(minute=minute, hour=hour, day=day.replace("?", "*"), month=month,
                           day_of_week=_crontab_weekdays(dow.replace("?", "*")), timezone=ZoneInfo(timezone))
    except ValueError as exc:
        raise ConfigError(f"{key}: {expr!r} is not a valid cron expression: {exc}") from None


def _crontab_weekdays(field: str) -> str:
    """A crontab day-of-week field as APScheduler weekday names: ``1-5`` → ``mon,tue,wed,thu,fri``."""
    field = field.lower()
    if field == "*":
        return field
    days: set[int] = set()
    for item in field.split(","):
        m = _DOW_ITEM.match(item)
        if not m:
            raise ValueError(f"day of week {item!r} is not understood")
        base, step = m["base"], int(m["step"] or 1)
        if step < 1:
            raise ValueError(f"day of week {item!r}: the step must be at least 1")
        if base == "*":
            first, last = 0, 6
        else:
            first_s, _, last_s = base.partition("-")
            first = _day_number(first_s)
            last = _day_number(last_s) if last_s else (6 if m["step"] else first)
            if last_s == "sun" and first > 0:
                last = 7  # "fri-sun": through Sunday at the end of a range
        if last < first:
            raise ValueError(f"day of week range {item!r} runs backwards")
        days.update(d % 7 for d in range(first, last + 1, step))
    return ",".join(_CRON_DAYS[d] for d in sorted(days))


def _day_number(token: str) -> int:
    if token.isdigit():
        n = int(token)
        if 0 <= n <= 7:
            return n  # 7 is Sunday too; kept as 7 so that "5-7" runs forwards
        raise ValueError(f"day of week {token!r} is out of range 0-7")
    if token[:3] in _CRON_DAYS and len(token) == 3:
        return _CRON_DAYS.index(token)
    raise ValueError(f"day of week {token!r} is not a number 0-7 or a name sun..sat")


def triggers(config: Config) -> dict[str, CronTrigger]:
    """The config's job triggers by job id; raises ConfigError naming the bad key."""
    tz = config.schedule.timezone
    return {spec.id: cron_trigger(spec.cron, tz, key=f"schedule.{spec.id}") for spec in job_specs(config)}


def next_fire_times(config: Config, now: datetime.datetime | None = None, count: int = 1
                    ) -> dict[str, list[datetime.datetime]]:
    """The next ``count`` fire times of each job after ``now`` (aware, in the schedule's zone)."""
    tz = ZoneInfo(config.schedule.timezone)
    now = (now or datetime.datetime.now(tz)).astimezone(tz)
    out: dict[str, list[datetime.datetime]] = {}
    for job_id, trigger in triggers(config).items():
        times: list[datetime.datetime] = []
        previous = None
        at = now
        while len(times) < count:
            fire = trigger.get_next_fire_time(previous, at)
            if fire is None:
                break
            times.append(fire.astimezone(tz))
            previous, at = fire, fire + datetime.timedelta(microseconds=1)
        out[job_id] = times
    return out


def digest_week(day: datetime.date) -> datetime.date:
    """The Saturday opening the week a digest sent on ``day`` covers: the latest week fully over.

    The Iranian week runs Saturday to Friday, so a digest sent on Saturday (the default) covers the seven
    days that ended the evening before; sent later in the week, it still covers that same week, so a run
    delayed by downtime does not skip it.
    """
    return week_start(day) - datetime.timedelta(days=7)


__all__ = ["JobSpec", "cron_trigger", "digest_week", "job_specs", "next_fire_times", "triggers"]

"""The digest as HTML (inline CSS, table layout, table-based bars) and as plain text, from Jinja2 templates.

Everything a reader sees is Persian with Persian digits and Jalali dates:

>>> fa_num(1234)
'۱٬۲۳۴'
>>> change_fa(3), change_fa(-2), change_fa(0)
('▲ ۳', '▼ ۲', '—')
"""

from __future__ import annotations

import datetime
from functools import lru_cache
from urllib.parse import urlsplit

import jinja2

from digest.collect import WeekDigest
from digest.week import day_month_fa, weekday_fa
from seda.dates import TEHRAN, jalali_long, persian_digits

# Bars shorter than this (in % of the widest) would vanish in some mail clients; a single item still shows.
MIN_BAR_PERCENT = 3
# Persian-capable faces first; Tahoma ships with Windows and Office, DejaVu Sans with most Linux desktops.
FONT_STACK = "Vazirmatn, Vazir, Tahoma, 'Segoe UI', 'Noto Sans Arabic', 'DejaVu Sans', Arial, sans-serif"


def fa_num(value: int | float | str) -> str:
    """A count in Persian digits with the Persian thousands separator."""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int):
        return persian_digits(f"{value:,}".replace(",", "٬"))
    if isinstance(value, float):
        return persian_digits(f"{value:,.1f}".replace(",", "٬").replace(".", "٫"))
    return persian_digits(value)


def change_fa(delta: int) -> str:
    """Change against the previous week: ``▲ ۳``, ``▼ ۲``, ``—`` for none."""
    if delta > 0:
        return f"▲ {fa_num(delta)}"
    if delta < 0:
        return f"▼ {fa_num(-delta)}"
    return "—"


def change_color(delta: int) -> str:
    return "#2f855a" if delta > 0 else "#c53030" if delta < 0 else "#718096"


def bar_percent(value: int, top: int) -> int:
    if value <= 0 or top <= 0:
        return 0
    return max(MIN_BAR_PERCENT, min(100, round(100 * value / top)))


def day_fa(moment: datetime.datetime | datetime.date) -> str:
    """``سه‌شنبه ۴ آذر`` (Tehran day of an aware datetime)."""
    day = moment.astimezone(TEHRAN).date() if isinstance(moment, datetime.datetime) else moment
    return f"{weekday_fa(day)} {day_month_fa(day)}"


def moment_fa(moment: datetime.datetime) -> str:
    """``۴ آذر ۱۴۰۴، ساعت ۰۸:۰۰`` (Tehran)."""
    local = moment.astimezone(TEHRAN)
    return f"{jalali_long(local.date())}، ساعت {persian_digits(local.strftime('%H:%M'))}"


RUN_STATUS_FA = {"ok": "موفق", "partial": "ناقص", "failed": "ناموفق", "interrupted": "قطع‌شده",
                 "running": "بی‌پایان (شاید از کار افتاده)"}


def status_fa(status: str) -> str:
    return RUN_STATUS_FA.get(status, status)


def safe_url(url: str) -> str:
    """Only http(s) links reach the email; anything else becomes an inert ``#``."""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return "#"
    return url if scheme in ("http", "https") else "#"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("digest", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(fa=fa_num, change=change_fa, change_color=change_color, day=day_fa, moment=moment_fa,
                       url=safe_url, status=status_fa)
    env.globals.update(bar_percent=bar_percent, FONT=FONT_STACK)
    return env


def _context(digest: WeekDigest, title: str) -> dict[str, object]:
    return {"d": digest, "t": digest.totals, "title": title, "health": digest.health}


def render_html(digest: WeekDigest, title: str) -> str:
    return environment().get_template("digest.html").render(_context(digest, title))


def render_text(digest: WeekDigest, title: str) -> str:
    return environment().get_template("digest.txt").render(_context(digest, title))

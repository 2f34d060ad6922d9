"""The rendered digest and its MIME message: Persian, right-to-left, Persian digits, mail-client safe."""

from __future__ import annotations

import dataclasses
import datetime
import email
import html as htmllib
import re
from email import policy
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from digest_fixtures import WEEK, Filler, at, write_config

from digest import build_message, collect_week, render_html, render_text, to_bytes, week_message
from digest.render import bar_percent, change_fa, fa_num, safe_url
from store.db import transaction

NOW = at("2025-11-29", "08:00")


@pytest.fixture
def eml(stored_week, registry, tmp_path: Path) -> email.message.EmailMessage:  # type: ignore[no-untyped-def]
    url, factory = stored_week
    config = write_config(tmp_path, url, port=25)
    raw = to_bytes(week_message(config, factory, registry, WEEK, now=NOW))
    assert b"\r\n" in raw and max(len(line) for line in raw.split(b"\r\n")) <= 998  # RFC 5322 line limit
    raw.decode("ascii")  # 7-bit clean: Persian only inside encoded words and base64 bodies
    return email.message_from_bytes(raw, policy=policy.default)  # type: ignore[return-value]


def visible_text(page: str) -> str:
    page = re.sub(r"<head>.*?</head>", " ", page, flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", page))


def test_headers(eml) -> None:  # type: ignore[no-untyped-def]
    assert eml["Subject"] == "صدا | گزارش هفتگی | هفته ۱ تا ۷ آذر ۱۴۰۴"
    assert eml["From"] == "seda@lorestan.example"
    assert eml["To"] == "pr-council@lorestan.example, deputy@lorestan.example"
    assert parsedate_to_datetime(eml["Date"]) == NOW
    assert re.fullmatch(r"<[^<>@\s]+@lorestan\.example>", eml["Message-ID"])
    assert eml["Content-Language"] == "fa" and eml["X-Seda-Week"] == "2025-11-22"
    assert eml["MIME-Version"] == "1.0"


def test_display_names(stored_week, registry, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url, factory = stored_week
    config = write_config(tmp_path, url, port=25)
    config = dataclasses.replace(config, digest=dataclasses.replace(
        config.digest, sender="صدا <seda@lorestan.example>", recipients=["شورای اطلاع‌رسانی <pr@lorestan.example>"]))
    raw = to_bytes(week_message(config, factory, registry, WEEK, now=NOW))
    msg = email.message_from_bytes(raw, policy=policy.default)
    assert msg["From"] == "صدا <seda@lorestan.example>"
    assert msg["From"].addresses[0].addr_spec == "seda@lorestan.example"
    assert msg["To"].addresses[0].display_name == "شورای اطلاع‌رسانی"
    assert b"From: =?utf-8?" in raw


def test_both_parts_present(eml) -> None:  # type: ignore[no-untyped-def]
    assert eml.get_content_type() == "multipart/alternative"
    parts = list(eml.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]  # the richest last
    assert all(p.get_content_charset() == "utf-8" for p in parts)
    text = parts[0].get_content()
    assert "هفته ۱ تا ۷ آذر ۱۴۰۴" in text
    assert "۱. شرکت آب و فاضلاب استان لرستان: ۴ مطلب ملی" in text
    assert "تغییر ▲ ۳" in text and "تغییر ▼ ۲" in text
    assert "http://payam.test/news/a1" in text  # links of the top stories


def test_html_is_rtl_persian_and_self_contained(eml) -> None:  # type: ignore[no-untyped-def]
    page = eml.get_body(("html",)).get_content()
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="fa" dir="rtl">' in page and 'dir="rtl"' in page.split("<body", 1)[1][:20]
    assert "Tahoma" in page and "Vazirmatn" in page
    lowered = page.lower()
    for banned in ("<script", "<link", "<img", "src=", "url(", "@import", "<style", "javascript:"):
        assert banned not in lowered, banned
    # every link goes to an article
    assert set(re.findall(r'href="([^"]+)"', page)) <= {f"http://{s}.test/news/{n}" for s in
                                                       ("payam", "baran", "niroo") for n in
                                                       ("a1", "a2", "a3", "a4", "a7", "a9", "a10", "a11")}


def test_html_numbers(eml) -> None:  # type: ignore[no-untyped-def]
    page = eml.get_body(("html",)).get_content()
    text = visible_text(page)
    # Persian digits everywhere the reader looks; the fixture's article names (a1, a10 …) are data, quoted as
    # published, and the operator's English warnings hold no digits here
    assert re.findall(r"[0-9]", re.sub(r"\b[a-z]+[0-9]+\b", "", text)) == []
    assert "هفته ۱ تا ۷ آذر ۱۴۰۴" in text
    scorecard = page.split("کارنامه‌ی دستگاه‌ها", 1)[1].split("مهم‌ترین مطالب هفته", 1)[0]
    row = re.search(r"شرکت آب و فاضلاب استان لرستان\s*</td>(.*?)</tr>", scorecard, flags=re.S)
    assert row is not None
    cells = [c.strip() for c in re.findall(r">([^<>]*)</td>", row.group(1))]
    #                  nat  int  rep  min  home out  change
    assert cells == ["۴", "۱", "۱", "۱", "۱", "۳", "▲ ۳"]
    assert "▼ ۲" in text  # gas dropped to nothing
    assert "به گزارش روابط عمومی شرکت آب و فاضلاب استان لرستان" in text  # the evidence line
    assert "خبرگزاری سپهر" in text  # a source that yielded nothing, for the operator
    # the widest bar is the leader's
    assert 'width="100%" height="16" bgcolor' in page


def test_empty_week_renders(empty_store, registry, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with transaction(empty_store) as s:
        d = collect_week(s, registry, datetime.date(2025, 10, 4), now=NOW)
    page, text = render_html(d, "صدا"), render_text(d, "صدا")
    assert "هیچ مطلبی درباره‌ی استان لرستان" in page and "هیچ اجرای خزشی" in page
    assert "هیچ مطلبی درباره‌ی استان لرستان" in text
    assert re.findall(r"[0-9]", visible_text(page)) == []
    config = write_config(tmp_path, "sqlite://", port=25, recipients=[])
    msg = build_message(config, d, now=NOW)
    assert msg["To"] is None and msg.get_body(("plain",)) is not None


def test_untrusted_text_is_escaped(stored_week, registry, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, factory = stored_week
    Filler(factory).item("x1", "payam", at("2025-11-27"), agency="lu", title='<script>alert("x")</script> خبر')
    with transaction(factory) as s:
        page = render_html(collect_week(s, registry, WEEK, now=NOW), "صدا")
    assert "<script>" not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize(("value", "expected"), [
    (0, "۰"), (7, "۷"), (1404, "۱٬۴۰۴"), (12345, "۱۲٬۳۴۵"), (2.5, "۲٫۵"), ("1404/09/01", "۱۴۰۴/۰۹/۰۱"),
])
def test_fa_num(value: int | float | str, expected: str) -> None:
    assert fa_num(value) == expected


@pytest.mark.parametrize(("delta", "expected"), [(3, "▲ ۳"), (-12, "▼ ۱۲"), (0, "—")])
def test_change(delta: int, expected: str) -> None:
    assert change_fa(delta) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.irna.ir/news/1", "https://www.irna.ir/news/1"), ("http://a.ir/x", "http://a.ir/x"),
    ("javascript:alert(1)", "#"), ("data:text/html,x", "#"), ("//evil", "#"),
])
def test_safe_url(url: str, expected: str) -> None:
    assert safe_url(url) == expected


def test_bar_percent() -> None:
    assert [bar_percent(v, 40) for v in (0, 1, 20, 40)] == [0, 3, 50, 100]
    assert bar_percent(3, 0) == 0

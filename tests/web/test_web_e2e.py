"""End to end in headless Chromium: ``seda serve`` in a subprocess on a filled store; an analyst logs in,
filters the articles by a Jalali range, opens one, corrects its agency and sees the counts move. And
``seda demo --serve``: the demo crawl, then the dashboard on it with the printed demo login.

Screenshots of the main pages go to docs/ with ``SEDA_UPDATE_SCREENSHOTS=1`` (else to the tmp folder).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from browser import SEDA, browser_page, clean_env, free_port, needs_chromium, shots_dir, stop, wait_up
from web_fixtures import PASSWORDS, THIS, fill, new_store, write_config

from digest.week import Week
from seda.dates import jalali_str

pytestmark = [needs_chromium, pytest.mark.slow]


def _ranking(page) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Agency id → its count (Persian digits) in the overview's ranking chart."""
    out = {}
    for li in page.locator("ol.ranking > li").all():
        href = li.locator("a.name").get_attribute("href") or ""
        out[href.rsplit("/", 1)[-1]] = li.locator("span.num").inner_text().split()[0]
    return out


def _week_count(page) -> str:  # type: ignore[no-untyped-def]
    """This week's national count on an agency page (the last column of the weekly chart)."""
    return page.locator("ol.columns > li").last.locator("span.num").inner_text()


@pytest.fixture
def served(tmp_path: Path, registry):  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'seda.db'}"
    factory = new_store(url, registry, users=False)
    fill(factory)
    factory.kw["bind"].dispose()
    config = write_config(tmp_path / "config.yaml", url)
    added = subprocess.run([SEDA, "--config", str(config), "user", "add", "ali", "--role", "analyst",
                            "--password-stdin"], input=PASSWORDS["ali"] + "\n", capture_output=True, text=True,
                           timeout=120, env=clean_env())
    assert added.returncode == 0, added.stderr
    port = free_port()
    proc = subprocess.Popen([SEDA, "--config", str(config), "serve", "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=clean_env())
    base = f"http://127.0.0.1:{port}"
    try:
        wait_up(base, proc)
        yield base
    finally:
        stop(proc)


def test_analyst_corrects_an_agency_in_the_browser(served: str, tmp_path: Path) -> None:
    shots = shots_dir(tmp_path)
    with browser_page() as page:
        page.goto(served + "/")
        assert "/login" in page.url
        assert page.locator("html").get_attribute("dir") == "rtl"
        page.get_by_label("نام کاربری").fill("ali")
        page.get_by_label("گذرواژه").fill(PASSWORDS["ali"])
        page.get_by_role("button", name="ورود").click()
        page.wait_for_url(served + "/")
        page.goto(served + "/review")
        assert page.locator("table.list tbody tr").count() == 2
        page.screenshot(path=str(shots / "dashboard-review.png"), full_page=True)
        page.get_by_role("link", name="نمای کلی").click()
        before = _ranking(page)
        assert before["abfa"] == "۳" and before["gas"] == "۱" and before["tozi_bargh"] == "۰"
        page.goto(served + "/agency/tozi_bargh")
        assert _week_count(page) == "۰"

        # the articles of this week, by a Jalali range typed in Persian digits, for the gas company
        page.get_by_role("link", name="اخبار").click()
        page.get_by_label("از تاریخ").fill(jalali_str(THIS.start))  # ۱۴۰۴/۰۹/۰۱
        page.get_by_label("تا تاریخ").fill(jalali_str(THIS.end))
        page.get_by_label("دستگاه").select_option("gas")
        page.get_by_role("button", name="پالایش").click()
        page.wait_for_url(re.compile(r"/articles\?.*agency=gas"))
        rows = page.locator("table.list tbody tr")
        assert rows.count() == 1
        assert page.locator("main strong").first.inner_text() == "۱"
        title = "گزارش گازرسانی به روستاهای سلسله"
        page.get_by_role("link", name=title).click()
        page.wait_for_url(re.compile(r"/article/\d+$"))
        assert page.locator("h1").inner_text() == title
        assert page.get_by_text("برای بازبینی علامت زده").is_visible()

        # the correction
        page.get_by_label("دستگاه", exact=True).select_option("tozi_bargh")
        page.get_by_label("یادداشت اصلاح دستگاه").fill("خبر شرکت توزیع برق است")
        page.get_by_role("button", name="ثبت اصلاح دستگاه").click()
        page.wait_for_url(re.compile(r"/article/\d+#corrections$"))
        assert page.get_by_role("status").inner_text() == "اصلاح ثبت شد."
        history = page.locator("#corrections tbody tr").first.inner_text()
        assert "ali" in history and "شرکت توزیع نیروی برق" in history and "خبر شرکت توزیع برق است" in history
        page.screenshot(path=str(tmp_path / "article-after.png"), full_page=True)

        # the counts moved
        page.get_by_role("link", name="نمای کلی").click()
        after = _ranking(page)
        assert after["tozi_bargh"] == "۱" and after["gas"] == "۰" and after["abfa"] == "۳"
        page.goto(served + "/agency/tozi_bargh")
        assert _week_count(page) == "۱"
        page.goto(served + "/agency/gas")
        assert _week_count(page) == "۰"

        page.goto(served + "/review")
        assert page.locator("table.list tbody tr").count() == 1  # the corrected item left the queue


def test_demo_serve(tmp_path: Path) -> None:
    """`seda demo --serve`: crawl the demo web, print a demo analyst's login, serve the dashboard on it."""
    proc = subprocess.Popen([SEDA, "demo", "--dir", str(tmp_path / "demo"), "--serve"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=clean_env(), cwd=tmp_path)
    shots = shots_dir(tmp_path)
    try:
        found: dict[str, str] = {}
        assert proc.stdout is not None
        for line in proc.stdout:
            m = re.match(r"\s+(url|user|password):\s+(\S+)", line)
            if m:
                found[m.group(1)] = m.group(2)
            if len(found) == 3:
                break
        assert set(found) == {"url", "user", "password"}, found
        base = found["url"].rstrip("/")
        wait_up(base, proc)
        with browser_page() as page:
            page.goto(base + "/login")
            page.get_by_label("نام کاربری").fill(found["user"])
            page.get_by_label("گذرواژه").fill(found["password"])
            page.get_by_role("button", name="ورود").click()
            page.wait_for_url(base + "/")
            assert len(_ranking(page)) >= 5  # the demo week's agencies
            page.wait_for_function("document.fonts.status === 'loaded'")
            assert page.evaluate("document.fonts.check('16px Vazirmatn')")
            page.screenshot(path=str(shots / "dashboard-overview.png"), full_page=True)
            page.locator("ol.stories a").first.click()
            page.wait_for_url(re.compile(r"/article/\d+$"))
            assert page.locator("mark.ev").count() >= 1
            page.screenshot(path=str(shots / "dashboard-article.png"), full_page=True)
            week = Week.last_complete()
            page.goto(base + f"/articles?relevance=about&from={jalali_str(week.start)}&to={jalali_str(week.end)}")
            assert page.get_by_label("از تاریخ").input_value() == jalali_str(week.start)
            page.screenshot(path=str(shots / "dashboard-articles.png"))
            href = page.locator("ol.ranking a.name, table.list td a[href^='/agency/']").first.get_attribute("href")
            page.goto(base + (href or "/agency/abfa"))
            page.screenshot(path=str(shots / "dashboard-agency.png"), full_page=True)
            page.goto(base + "/crawl")
            page.screenshot(path=str(shots / "dashboard-crawl.png"), full_page=True)
    finally:
        code = stop(proc)
    assert code == 0

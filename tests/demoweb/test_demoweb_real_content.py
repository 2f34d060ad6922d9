"""The real hand-written content (demoweb/content/*.yaml) served by every site."""
from __future__ import annotations

import collections

import pytest

from demoweb import DemoWeb
from demoweb.content import CONTENT_DIR


@pytest.fixture(scope="module")
def real_web():
    if not sorted(CONTENT_DIR.glob("*.yaml")):
        pytest.skip("demoweb/content/ has no article files yet (they are written by the content helpers)")
    with DemoWeb(anchor="2025-12-03", slow_delay=0.2) as demo:
        yield demo


def test_real_content_serves_every_article(real_web, http):
    truth = real_web.truth()
    assert truth["articles"]
    per_site = collections.Counter(a["site"] for a in truth["articles"])
    assert set(per_site) <= set(real_web.sites)
    for entry in truth["articles"]:
        for _ in range(3):
            page = http.get(entry["url"])
            if page.status != 500:
                break
        assert page.status == 200, (entry["id"], entry["url"])
        assert entry["title"] in page.text(entry["charset"]["charset"]), entry["id"]
        assert entry["published"].endswith("+03:30")
        assert entry["routes"], entry["id"]
    real_web.reset()


def test_real_content_homepages_and_traps(real_web, http):
    truth = real_web.truth()
    for site in real_web.sites:
        assert http.get(real_web.base_url(site) + "/").status == 200
    kinds = {t["kind"] for t in truth["traps"]}
    assert {"flaky_500", "huge_page", "slow", "endless_calendar", "session_id", "redirect_loop"} <= kinds
    urls = [a["url"] for a in truth["articles"]]
    assert len(urls) == len(set(urls))


def test_real_content_link_check(real_web, link_check):
    truth = real_web.truth()
    found, reached, broken = link_check(real_web, truth)
    assert broken == []
    assert found == {a["url"] for a in truth["articles"]}
    assert reached >= {t["kind"] for t in truth["traps"]}

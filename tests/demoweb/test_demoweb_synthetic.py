"""The synthetic benchmark site: deterministic, complete listings and sitemap, realistic page size."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import lxml.html
import pytest

from demoweb import DemoWeb

FIXTURE_DIR = Path(__file__).resolve().parent / "content"
COUNT = 240
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(scope="module")
def synth_web():
    with DemoWeb(anchor="2025-12-03", content_dir=FIXTURE_DIR, synthetic=COUNT, slow_delay=0.1) as demo:
        yield demo


def test_synthetic_is_deterministic(synth_web):
    again = DemoWeb(anchor="2025-12-03", content_dir=FIXTURE_DIR, synthetic=COUNT, base_port=1)
    first = synth_web.site("synth").items
    second = again.site("synth").items
    assert [(i.title, i.lead, i.body, i.num) for i in first[:20]] == [(i.title, i.lead, i.body, i.num) for i in second[:20]]
    other = DemoWeb(anchor="2025-12-03", content_dir=FIXTURE_DIR, synthetic=COUNT, synthetic_seed=7, base_port=1)
    assert [i.title for i in first[:20]] != [i.title for i in other.site("synth").items[:20]]


def test_synthetic_truth_and_sitemap_cover_every_article(synth_web, http):
    truth = synth_web.truth()
    synthetic = truth["synthetic"]
    assert len(synthetic) == COUNT and len({s["url"] for s in synthetic}) == COUNT
    assert all(not a["site"] == "synth" for a in truth["articles"])
    base = synth_web.base_url("synth")
    index = ET.fromstring(http.get(base + "/sitemap.xml").body)
    listed = set()
    for loc in index.iterfind("sm:sitemap/sm:loc", NS):
        listed |= {u.text for u in ET.fromstring(http.get(loc.text).body).iterfind("sm:url/sm:loc", NS)}
    assert {s["url"] for s in synthetic} <= listed


def test_synthetic_numbered_listing_goes_back_through_all(synth_web, http):
    base = synth_web.base_url("synth") + "/archive"
    first = http.get(base).text()
    numbers = [int(n) for n in re.findall(r'href="/archive\?page=(\d+)"', first)]
    last = max(numbers)
    assert last == COUNT // 10
    seen = set()
    for page in range(1, last + 1):
        text = http.get(base if page == 1 else f"{base}?page={page}").text()
        seen |= set(re.findall(r'<h3><a href="(/news/\d+/[^"]+)"', text))
    assert len(seen) == COUNT


def test_synthetic_article_pages_are_realistic(synth_web, http):
    truth = synth_web.truth()
    for entry in truth["synthetic"][::60]:
        page = http.get(entry["url"])
        assert page.status == 200
        tree = lxml.html.fromstring(page.text())
        tokens = len(tree.text_content().split())
        assert 600 <= tokens <= 1500, tokens
        body = " ".join(tree.cssselect("div.item-text")[0].text_content().split())
        assert all(" ".join(p.split()) in body for p in entry["text"].split("\n")[1:])
    home = http.get(synth_web.base_url("synth") + "/").text()
    assert truth["synthetic"][0]["title"] in home

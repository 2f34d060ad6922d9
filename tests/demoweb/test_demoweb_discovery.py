"""Discovery routes: homepages, listings, feeds, sitemaps, search, robots, sources."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import quote, urljoin

import lxml.html
import pytest

#: Where each site's homepage top block is (the test knows the templates; the truth gives the order).
TOP_BLOCK = {"payam": "section.top-news", "sepehr": "#top_news", "baran": "#front", "niroo": "#NewsSlider",
             "kar": "#mainSlider", "aflak": "#featured"}
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9",
      "atom": "http://www.w3.org/2005/Atom"}


def strip_sid(url: str) -> str:
    return re.sub(r"[&?]sid=[0-9a-f]+", "", url)


def links_in(html_text: str, base: str, css: str | None = None) -> list[str]:
    tree = lxml.html.fromstring(html_text)
    roots = tree.cssselect(css) if css else [tree]
    links: list[str] = []
    for root in roots:
        for anchor in root.iter("a"):
            href = anchor.get("href")
            if href:
                url = strip_sid(urljoin(base, href))
                if not links or links[-1] != url:
                    links.append(url)
    return links


@pytest.mark.parametrize("site", list(TOP_BLOCK))
def test_homepage_top_block_in_order(site, web, truth, http):
    expected = [a["url"] for a in sorted((a for a in truth["articles"] if a["site"] == site and a["homepage_rank"]),
                                         key=lambda a: a["homepage_rank"])]
    assert expected, site
    home = web.base_url(site) + "/"
    page = http.get(home)
    assert links_in(page.text(), home, TOP_BLOCK[site]) == expected
    records = sorted((a for a in truth["articles"] if a["site"] == site and a["homepage"]),
                     key=lambda a: a["homepage"])
    assert [a["url"] for a in records] == expected


def test_payam_feed_and_sitemaps(web, truth, http):
    base = web.base_url("payam")
    urls = {a["url"] for a in truth["articles"] if a["site"] == "payam"}
    rss = ET.fromstring(http.get(base + "/rss").body)
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    assert {item.findtext("link") for item in rss.iter("item")} == urls
    robots = http.get(base + "/robots.txt").text()
    [sitemap] = re.findall(r"^Sitemap: (\S+)$", robots, re.M)
    index = ET.fromstring(http.get(sitemap).body)
    assert index.tag == f"{{{NS['sm']}}}sitemapindex"
    maps = [loc.text for loc in index.iterfind("sm:sitemap/sm:loc", NS)]
    assert any("news" in m for m in maps)
    listed, news_listed = set(), set()
    for loc in maps:
        doc = ET.fromstring(http.get(loc).body)
        for url in doc.iterfind("sm:url", NS):
            (news_listed if url.find("news:news", NS) is not None else listed).add(url.findtext("sm:loc", namespaces=NS))
            date = url.findtext("news:news/news:publication_date", namespaces=NS)
            if date:
                assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+03:30", date)
    assert listed == urls
    week = [a["url"] for a in truth["articles"] if a["site"] == "payam" and a["published"] >= truth["week"]["start"]]
    assert news_listed == set(week) and news_listed


def test_baran_atom_is_advertised(web, truth, http):
    home = http.get(web.base_url("baran") + "/").text()
    [href] = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', home)
    feed = ET.fromstring(http.get(urljoin(web.base_url("baran") + "/", href)).body)
    links = {e.find("atom:link", NS).get("href") for e in feed.iterfind("atom:entry", NS)}
    assert links == {a["url"] for a in truth["articles"] if a["site"] == "baran"}


def test_payam_feed_is_not_advertised(web, http):
    assert 'rel="alternate"' not in http.get(web.base_url("payam") + "/").text()


def test_aflak_wordpress_feed_and_sitemap(web, truth, http):
    base = web.base_url("aflak")
    home = http.get(base + "/").text()
    assert re.search(r'<link rel="alternate" type="application/rss\+xml"[^>]*href="[^"]+/feed/"', home)
    feed = ET.fromstring(http.get(base + "/feed/").body)
    urls = {a["url"] for a in truth["articles"] if a["site"] == "aflak"}
    assert {i.findtext("link") for i in feed.iter("item")} == urls
    assert "Sitemap: " + base + "/wp-sitemap.xml" in http.get(base + "/robots.txt").text()
    index = ET.fromstring(http.get(base + "/wp-sitemap.xml").body)
    listed = set()
    for loc in index.iterfind("sm:sitemap/sm:loc", NS):
        listed |= {u.text for u in ET.fromstring(http.get(loc.text).body).iterfind("sm:url/sm:loc", NS)}
    assert urls <= listed


def test_aflak_permalinks_carry_the_jalali_date(truth):
    for article in (a for a in truth["articles"] if a["site"] == "aflak"):
        date = article["published_jalali"][:10].replace("-", "/")
        assert f"/{date}/" in article["url"] and article["url"].endswith("/")
        slug = article["url"].split("/")[-2]
        assert re.search(r"%[0-9a-f]{2}", slug) and not re.search(r"%[0-9a-f]?[A-F]", slug)  # WordPress: lower-case hex


def walk(http, start: str, next_pattern: str) -> tuple[list[str], int]:
    """Follow a listing's next links to the end; returns the article links seen and the page count."""
    url, pages, seen = start, 0, []
    while url and pages < 50:
        page = http.get(url)
        assert page.status == 200, url
        pages += 1
        text = page.text()
        seen += links_in(text, url)
        match = re.search(next_pattern, text)
        url = urljoin(url, match.group(1).replace("&amp;", "&")) if match else None
    return seen, pages


@pytest.mark.parametrize("site, start, next_pattern, numbered", [
    ("payam", "/archive", r'<li class="next"><a href="([^"]+)"', True),
    ("sepehr", "/fa/archive", r'<li class="next"><a href="([^"]+)"', True),
    ("baran", "/latest", r'<div class="pager"><a href="([^"]+)" rel="next">بعدی</a>', False),
    ("niroo", "/Portal/Home/ShowPage.aspx?Object=NewsArchive&LayoutID=b05ef124-0db1-4d33-b0b6-90f50139044b",
     r'<li class="next"><a href="([^"]+)"', True),
    ("kar", "/fa/news-list/all", r'<div class="pager-next"><a href="([^"]+)" rel="next">صفحه بعد</a>', False),
    ("aflak", "/", r'<li class="next"><a href="([^"]+)"', True),
])
def test_listings_reach_every_article_newest_first(site, start, next_pattern, numbered, web, truth, http):
    articles = sorted((a for a in truth["articles"] if a["site"] == site), key=lambda a: a["published"], reverse=True)
    seen, pages = walk(http, web.base_url(site) + start, next_pattern)
    assert pages == len(articles)  # page size 1 in the fixture
    order = [u for u in seen if u in {a["url"] for a in articles}]
    first_seen = list(dict.fromkeys(order))
    assert set(first_seen) == {a["url"] for a in articles}
    text = http.get(web.base_url(site) + start).text()
    has_numbers = bool(re.search(r'<li><a href="[^"]+">۲</a></li>', text))
    assert has_numbers == numbered


def test_listing_pages_are_newest_first(web, truth, http):
    articles = sorted((a for a in truth["articles"] if a["site"] == "payam"), key=lambda a: a["published"],
                      reverse=True)
    base = web.base_url("payam") + "/archive"
    for number, article in enumerate(articles, start=1):
        text = http.get(base if number == 1 else f"{base}?page={number}").text()
        assert article["title"] in text
    assert http.get(f"{base}?page={len(articles) + 1}").status == 404


def test_sepehr_tag_listing_shows_jalali_list_dates(web, http):
    page = http.get(web.base_url("sepehr") + "/fa/tags/452/1/" + quote("لرستان")).text()
    assert re.search(r"تاریخ انتشار : ۱۴۰۴/۰۹/۰\d", page)


@pytest.mark.parametrize("site", ["payam", "kar"])
def test_search_ignores_spaces_and_zwnj(site, web, truth, http):
    expected = {a["url"] for a in truth["articles"] if a["site"] == site and "خرم‌آباد" in a["text"] + a["title"]} | \
               {a["url"] for a in truth["articles"] if a["site"] == site and "خرم آباد" in a["text"] + a["title"]}
    results = []
    for query in ("خرم‌آباد", "خرم آباد", "خرمآباد"):
        url = web.base_url(site) + "/search?q=" + quote(query)
        text = http.get(url).text()
        results.append({u for u in links_in(text, url) if u in {a["url"] for a in truth["articles"]}})
    assert results[0] == results[1] == results[2]
    assert {u for u in results[0]} >= expected
    lorestan = web.base_url(site) + "/search?q=" + quote("لرستان")
    found = {u for u in links_in(http.get(lorestan).text(), lorestan)}
    assert {a["url"] for a in truth["articles"] if a["site"] == site and "search" in a["routes"]} <= found


def test_sources_shape(web):
    sources = web.sources()
    assert [s["id"] for s in sources] == web.sites
    for source in sources:
        assert set(source) <= {"id", "name", "kind", "level", "homepage", "feeds", "sitemaps", "listings", "search"}
        assert source["kind"] in ("news_agency", "newspaper", "broadcaster", "ministry", "provincial_outlet", "other")
        assert source["level"] in ("national", "provincial")
        assert source["homepage"].startswith("http://127.0.0.1:")
    homepage_only = [s["id"] for s in sources if set(s) == {"id", "name", "kind", "level", "homepage"}]
    assert len(homepage_only) >= 2
    full = next(s for s in sources if s["id"] == "payam")
    assert {"feeds", "sitemaps", "listings", "search"} <= set(full) and "{query}" in full["search"]


def test_source_urls_answer(web, http):
    for source in web.sources():
        for url in [source["homepage"], *source.get("feeds", []), *source.get("sitemaps", []),
                    *source.get("listings", [])]:
            assert http.get(url).status == 200, url
        if "search" in source:
            assert http.get(source["search"].replace("{query}", quote("لرستان"))).status == 200


@pytest.mark.parametrize("site", list(TOP_BLOCK))
def test_homepage_route_matches_homepage_links(site, web, truth, http):
    home = web.base_url(site) + "/"
    linked = set(links_in(http.get(home).text(), home))
    articles = [a for a in truth["articles"] if a["site"] == site]
    assert {a["url"] for a in articles if a["url"] in linked} == {a["url"] for a in articles if "homepage" in a["routes"]}

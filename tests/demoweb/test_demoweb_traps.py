"""Every trap behaves as its truth label says."""
from __future__ import annotations

import io
import re
import threading
import time
import zipfile
from urllib.parse import parse_qs, urljoin, urlsplit


def test_every_trap_has_a_label_and_an_absolute_url(truth):
    kinds = {trap["kind"] for trap in truth["traps"]}
    assert kinds >= {"deleted_404", "dead_link_404", "soft_404", "flaky_500", "redirect_301", "redirect_chain",
                     "redirect_loop", "huge_page", "binary_honest", "binary_as_html", "slow", "endless_calendar",
                     "query_explosion", "session_id", "robots_disallowed", "charset_meta_only",
                     "charset_header_wrong", "charset_windows_1256"}
    for trap in truth["traps"]:
        assert trap["url"].startswith("http://127.0.0.1:") and trap["expected"], trap
        assert trap["linked_from"].startswith(truth["sites"][trap["site"]])


def test_404_links(truth, http, traps_of):
    for kind in ("deleted_404", "dead_link_404"):
        for trap in traps_of(kind):
            assert http.get(trap["url"]).status == 404, trap


def test_404_links_are_on_the_pages_named(truth, http, traps_of):
    for trap in traps_of("deleted_404") + traps_of("dead_link_404"):
        page = http.get(trap["linked_from"]).text()
        path = trap["url"][len(truth["sites"][trap["site"]]):]
        assert path in page or trap["url"] in page, trap


def test_soft_404(http, traps_of):
    [trap] = traps_of("soft_404")
    page = http.get(trap["url"])
    assert page.status == 200
    assert "خبر مورد نظر یافت نشد" in page.text()


def test_flaky_url_fails_twice_then_works(truth, http, traps_of, fresh_traps):
    [trap] = traps_of("flaky_500")
    article = next(a for a in truth["articles"] if a["id"] == trap["article"])
    assert [http.get(trap["url"]).status for _ in range(3)] == [500, 500, 200]
    assert article["title"] in http.get(trap["url"]).text()
    fresh_traps.reset()
    assert http.get(trap["url"]).status == 500


def test_redirect_301_to_canonical(truth, http, traps_of):
    for trap in traps_of("redirect_301"):
        first = http.get(trap["url"])
        assert first.status == 301
        assert urljoin(trap["url"], first.header("Location")) == trap["location"]
        assert http.get(trap["location"]).status == 200


def test_redirect_chain_302_then_301(http, traps_of):
    [trap] = traps_of("redirect_chain")
    url, statuses = trap["url"], []
    for _ in range(5):
        page = http.get(url)
        statuses.append(page.status)
        if page.status not in (301, 302):
            break
        url = urljoin(url, page.header("Location"))
    assert statuses == [302, 301, 200] == trap["statuses"]
    assert url == trap["location"]


def test_redirect_loop_never_ends(http, traps_of):
    [trap] = traps_of("redirect_loop")
    url, seen = trap["url"], []
    for _ in range(12):
        page = http.get(url)
        assert page.status in (301, 302, 303, 307, 308)
        url = urljoin(url, page.header("Location"))
        seen.append(urlsplit(url).path)
    assert set(seen) == set(trap["cycle"])


def test_huge_page(http, traps_of):
    [trap] = traps_of("huge_page")
    page = http.get(trap["url"], {"Accept-Encoding": "gzip"})
    assert page.status == 200
    assert len(page.body) >= 5 * 1024 * 1024
    assert int(page.header("Content-Length")) == len(page.body)
    assert page.header("Content-Type").startswith("text/html")
    assert re.search(r"/news/\d+/", trap["url"])  # it looks like an article URL


def test_binary_behind_html_urls(http, traps_of):
    [honest] = traps_of("binary_honest")
    page = http.get(honest["url"])
    assert honest["url"].endswith(".html")
    assert page.status == 200 and page.header("Content-Type") == "image/png"
    assert page.body.startswith(b"\x89PNG\r\n\x1a\n")
    [liar] = traps_of("binary_as_html")
    page = http.get(liar["url"])
    assert liar["url"].endswith(".html")
    assert page.status == 200 and page.header("Content-Type").startswith("text/html")
    assert page.body.startswith(b"PK\x03\x04")
    assert zipfile.ZipFile(io.BytesIO(page.body)).namelist()


def test_slow_page_does_not_block_other_requests(web, truth, http, traps_of):
    [trap] = traps_of("slow")
    assert trap["delay_seconds"] == web.site("kar").slow_delay > 0
    other = next(a for a in truth["articles"] if a["site"] == "payam")
    result = {}

    def slow_fetch() -> None:
        start = time.monotonic()
        result["page"] = http.get(trap["url"])
        result["seconds"] = time.monotonic() - start

    thread = threading.Thread(target=slow_fetch)
    thread.start()
    time.sleep(0.1)
    start = time.monotonic()
    assert http.get(other["url"]).status == 200
    fast = time.monotonic() - start
    assert http.get(web.base_url("kar") + "/").status == 200  # the same site keeps serving too
    thread.join()
    assert result["page"].status == 200
    assert result["seconds"] >= trap["delay_seconds"]
    assert fast < trap["delay_seconds"] / 2


def test_endless_calendar(http, traps_of):
    [trap] = traps_of("endless_calendar")
    url, seen = trap["url"], set()
    for direction in ("prev-day", "next-day"):
        url = trap["url"]
        for _ in range(40):
            page = http.get(url)
            assert page.status == 200
            seen.add(url)
            match = re.search(rf'class="{direction}" href="([^"]+)"', page.text())
            assert match, url
            url = urljoin(url, match.group(1))
            assert url not in seen
    assert len(seen) == 79
    assert http.get(trap["url"].rsplit("/", 1)[0] + "/1399-12-30").status == 200
    assert http.get(trap["url"].rsplit("/", 1)[0] + "/1450-01-01").status == 200


def test_query_explosion(http, traps_of):
    [trap] = traps_of("query_explosion")
    url, lengths = trap["url"], []
    for step in range(25):
        page = http.get(url)
        assert page.status == 200
        links = re.findall(r'<div class="archive_filters">(.*?)</div>', page.text(), re.S)
        hrefs = re.findall(r'href="([^"]+)"', links[0])
        assert len(hrefs) >= 3
        url = urljoin(url, hrefs[step % len(hrefs)].replace("&amp;", "&"))
        lengths.append(len(urlsplit(url).query))
    assert lengths == sorted(lengths) and lengths[-1] > lengths[0] + 100
    assert set(parse_qs(urlsplit(url).query)) >= set(trap["parameters"])


def test_session_ids_change_without_a_session(web, truth, http, traps_of):
    [trap] = traps_of("session_id")
    home = web.base_url("niroo") + "/"
    sids = [set(re.findall(r"sid=([0-9a-f]{24})", http.get(home).text())) for _ in range(2)]
    assert len(sids[0]) == len(sids[1]) == 1 and sids[0] != sids[1]
    # following a link keeps that session; the page is the article of the canonical URL
    page = http.get(trap["url"])
    sid = parse_qs(urlsplit(trap["url"]).query)["sid"][0]
    assert page.status == 200 and set(re.findall(r"sid=([0-9a-f]{24})", page.text())) == {sid}
    canonical = http.get(trap["canonical"])
    article = next(a for a in truth["articles"] if a["id"] == trap["article"])
    assert article["url"] == trap["canonical"] and "sid=" not in article["url"]
    assert article["title"] in canonical.text()


def test_robots_disallowed_preview(web, http, traps_of, truth):
    [trap] = traps_of("robots_disallowed")
    robots = http.get(web.base_url("kar") + "/robots.txt").text()
    assert trap["robots_rule"] in robots.splitlines()
    assert urlsplit(trap["url"]).path.startswith(trap["robots_rule"].split(": ")[1])
    page = http.get(trap["url"])
    assert page.status == 200 and '<h1 class="news-title">' in page.text()
    assert trap["url"] not in {a["url"] for a in truth["articles"]}
    assert urlsplit(trap["url"]).path in http.get(trap["linked_from"]).text()


def test_every_site_disallows_admin(web, http):
    for site in web.sites:
        robots = http.get(web.base_url(site) + "/robots.txt")
        assert robots.status == 200 and "Disallow: /admin/" in robots.text().splitlines(), site


def test_charset_traps(truth, http, traps_of):
    [meta_only] = traps_of("charset_meta_only")
    page = http.get(meta_only["url"])
    assert page.header("Content-Type") == "text/html"
    assert b'<meta charset="windows-1256"' in page.body[:1024]
    article = next(a for a in truth["articles"] if a["id"] == meta_only["article"])
    assert article["title"] in page.text("windows-1256")
    [wrong] = traps_of("charset_header_wrong")
    page = http.get(wrong["url"])
    assert page.header("Content-Type") == "text/html; charset=iso-8859-1"
    assert b'<meta charset="utf-8">' in page.body[:1024]
    article = next(a for a in truth["articles"] if a["id"] == wrong["article"])
    assert article["title"] in page.body.decode("utf-8")
    assert article["charset"] == {"charset": "utf-8", "header": "iso-8859-1", "meta": "utf-8"}

"""HTTP correctness: Content-Type/Length, ETag, Last-Modified, 304, HEAD, gzip."""
from __future__ import annotations

import datetime as dt
import gzip
from email.utils import format_datetime, parsedate_to_datetime


def article(truth: dict, site: str) -> dict:
    """An article of ``site`` that answers at once (not the flaky or slow one)."""
    return next(a for a in truth["articles"] if a["site"] == site and not {"flaky_500", "slow"} & set(a["traps"]))


def test_article_headers(truth, http):
    entry = article(truth, "payam")
    page = http.get(entry["url"])
    assert page.status == 200
    assert page.header("Content-Type") == "text/html; charset=utf-8"
    assert int(page.header("Content-Length")) == len(page.body)
    assert page.header("ETag").startswith('"')
    modified = parsedate_to_datetime(page.header("Last-Modified"))
    assert modified == dt.datetime.fromisoformat(entry["published"])


def test_conditional_get_with_etag(truth, http):
    for site in ("payam", "sepehr", "baran", "kar", "aflak", "niroo"):
        entry = article(truth, site)
        first = http.get(entry["url"])
        etag = first.header("ETag")
        assert etag, site
        again = http.get(entry["url"], {"If-None-Match": etag})
        assert again.status == 304, site
        assert again.body == b""
        assert again.header("ETag") == etag
        changed = http.get(entry["url"], {"If-None-Match": '"something-else"'})
        assert changed.status == 200


def test_conditional_get_with_if_modified_since(truth, http):
    entry = article(truth, "kar")
    page = http.get(entry["url"])
    since = page.header("Last-Modified")
    assert http.get(entry["url"], {"If-Modified-Since": since}).status == 304
    earlier = format_datetime(parsedate_to_datetime(since) - dt.timedelta(days=1), usegmt=True)
    assert http.get(entry["url"], {"If-Modified-Since": earlier}).status == 200


def test_jalali_only_sites_send_no_last_modified(truth, http):
    for site in ("sepehr", "niroo"):
        page = http.get(article(truth, site)["url"])
        assert page.status == 200 and page.header("ETag")
        assert page.header("Last-Modified") is None


def test_head_matches_get(truth, http):
    entry = article(truth, "baran")
    get = http.get(entry["url"])
    head = http.get(entry["url"], method="HEAD")
    assert head.status == 200 and head.body == b""
    for name in ("Content-Type", "Content-Length", "ETag", "Last-Modified"):
        assert head.header(name) == get.header(name), name


def test_gzip_when_accepted(truth, http):
    entry = article(truth, "payam")
    plain = http.get(entry["url"])
    packed = http.get(entry["url"], {"Accept-Encoding": "gzip, deflate"})
    assert packed.header("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in packed.header("Vary")
    assert int(packed.header("Content-Length")) == len(packed.body) < len(plain.body)
    assert gzip.decompress(packed.body) == plain.body
    assert http.get(entry["url"], {"If-None-Match": plain.header("ETag"),
                                   "Accept-Encoding": "gzip"}).status == 304
    assert http.get(entry["url"], {"If-None-Match": packed.header("ETag")}).status == 304
    refused = http.get(entry["url"], {"Accept-Encoding": "gzip;q=0"})
    assert refused.header("Content-Encoding") is None


def test_no_gzip_on_sites_without_it(truth, http):
    page = http.get(article(truth, "kar")["url"], {"Accept-Encoding": "gzip"})
    assert page.header("Content-Encoding") is None


def test_feeds_and_robots_content_types(web, http):
    assert http.get(web.base_url("payam") + "/rss").header("Content-Type") == "application/rss+xml; charset=utf-8"
    assert http.get(web.base_url("baran") + "/feed/atom").header("Content-Type").startswith("application/atom+xml")
    assert http.get(web.base_url("aflak") + "/wp-sitemap.xml").header("Content-Type").startswith("application/xml")
    assert http.get(web.base_url("kar") + "/robots.txt").header("Content-Type") == "text/plain; charset=utf-8"


def test_unknown_paths_are_404_everywhere(web, http):
    for site in web.sites:
        page = http.get(web.base_url(site) + "/no/such/page-xyz")
        assert page.status == 404, site
        assert int(page.header("Content-Length")) == len(page.body)

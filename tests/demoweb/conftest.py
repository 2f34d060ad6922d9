"""Fixtures for the demo web tests: a DemoWeb over the small fixture content, and an HTTP client."""
from __future__ import annotations

import collections
import gzip
import html
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.html
import pytest

from demoweb import DemoWeb

FIXTURE_DIR = Path(__file__).resolve().parent / "content"
ANCHOR = "2025-12-03"          # a Wednesday: the base week 1404-09-01..07 is the last complete week
SLOW_DELAY = 1.0
PAGE_SIZE = 1                  # one item per listing page, so every site's pagination is exercised


@dataclass
class Fetched:
    status: int
    headers: Message
    body: bytes
    url: str

    def header(self, name: str) -> str | None:
        return self.headers.get(name)

    def text(self, charset: str | None = None) -> str:
        """The body as text with character references resolved (windows-1256 pages use &#1740;)."""
        body = self.body
        if self.header("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        charset = charset or self.headers.get_content_charset() or _meta_charset(body) or "utf-8"
        return html.unescape(body.decode(charset))


def _meta_charset(body: bytes) -> str | None:
    match = re.search(rb'charset="?([\w-]+)', body[:2048])
    return match.group(1).decode() if match else None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


class Client:
    """A tiny HTTP client that does not follow redirects and never raises on 4xx/5xx."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(_NoRedirect)

    def get(self, url: str, headers: dict[str, str] | None = None, method: str = "GET",
            timeout: float = 30) -> Fetched:
        request = urllib.request.Request(url, headers=headers or {}, method=method)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return Fetched(response.status, response.headers, response.read(), url)
        except urllib.error.HTTPError as error:
            return Fetched(error.code, error.headers, error.read(), url)


@pytest.fixture(scope="session")
def web() -> DemoWeb:
    with DemoWeb(anchor=ANCHOR, content_dir=FIXTURE_DIR, slow_delay=SLOW_DELAY, page_size=PAGE_SIZE) as demo:
        yield demo


@pytest.fixture(scope="session")
def truth(web: DemoWeb) -> dict:
    return web.truth()


@pytest.fixture(scope="session")
def http() -> Client:
    return Client()


@pytest.fixture()
def fresh_traps(web: DemoWeb):
    web.reset()
    yield web
    web.reset()


@pytest.fixture(scope="session")
def traps_of(truth: dict):
    """``traps_of(kind)``: the truth's traps of one kind (at least one must exist)."""
    def find(kind: str) -> list[dict]:
        found = [trap for trap in truth["traps"] if trap["kind"] == kind]
        assert found, f"no trap of kind {kind!r} in the truth"
        return found
    return find


def strip_sid(url: str) -> str:
    """``url`` without the niroo session id and fragment."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "sid"]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


@pytest.fixture(scope="session")
def link_check(http):
    """``link_check(web, truth)`` crawls every site from its homepage (robots-polite, retrying 500s, not
    descending into endless traps) and returns (articles found, trap kinds reached, unlabelled broken links)."""
    endless = {"endless_calendar", "query_explosion", "redirect_loop", "huge_page", "robots_disallowed",
               "binary_honest", "binary_as_html"}

    def crawl(web: DemoWeb, truth: dict) -> tuple[set[str], set[str], list[tuple[int, str]]]:
        traps: dict[str, list[str]] = collections.defaultdict(list)
        for trap in truth["traps"]:
            traps[strip_sid(trap["url"])].append(trap["kind"])
        articles = {strip_sid(a["url"]) for a in truth["articles"]}
        hosts = {urlsplit(web.base_url(s)).netloc for s in web.sites}
        disallowed = {(urlsplit(web.base_url(s)).netloc, path) for s in web.sites
                      for path in web.site(s).conf.robots_disallow}
        queue = collections.deque(web.base_url(s) + "/" for s in web.sites)
        seen: set[str] = set()
        found: set[str] = set()
        reached: set[str] = set()
        broken: list[tuple[int, str]] = []
        while queue and len(seen) < 5000:
            url = queue.popleft()
            key = strip_sid(url)
            if key in seen:
                continue
            seen.add(key)
            parts = urlsplit(url)
            if "sid=" in parts.query:
                reached.add("session_id")
            reached.update(traps.get(key, ()))
            if set(traps.get(key, ())) & endless:
                continue
            if any(parts.netloc == host and parts.path.startswith(path) for host, path in disallowed):
                continue
            if "/archive/14" in parts.path or re.search(r"(^|&)(sort|rpp|type)=", parts.query):
                continue  # inside the endless calendar / query explosion, labelled above
            for _ in range(3):
                page = http.get(url)
                if page.status != 500:
                    break
            if page.status in (301, 302):
                queue.append(urljoin(url, page.header("Location")))
                continue
            if page.status != 200:
                if key not in traps:
                    broken.append((page.status, url))
                continue
            if key in articles:
                found.add(key)
            if not page.header("Content-Type").startswith("text/html"):
                continue
            charset = "windows-1256" if b"windows-1256" in page.body[:600] else "utf-8"
            for href in lxml.html.fromstring(page.body.decode(charset)).xpath("//a/@href"):
                target = urljoin(url, href)
                if urlsplit(target).netloc in hosts:
                    queue.append(target.split("#")[0])
        web.reset()
        return found, reached, broken

    return crawl

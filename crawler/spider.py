"""The one spider. Sources are data; this class applies the discovery strategies to each of them.

Routes, per source: the homepage (links, advertised feeds, the top block), the source's feeds and sitemaps
(also those robots.txt names), listing pages with their pagination, and site search for the province's
keywords. Article candidates go to the item pipeline as raw pages; extraction and classification happen
there, off the reactor. Incremental: URLs fetched by earlier runs are not fetched again unless a feed or
sitemap says they changed, and then only with a conditional GET.
"""

from __future__ import annotations

import datetime
import logging
import re
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectError, DNSLookupError, TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure

from crawler import discovery
from crawler.placements import placements
from crawler.state import Known
from crawler.stats import SourceStats
from crawler.urls import STRONG_ARTICLE, canonical, looks_like_article, shape, site_key, url_date
from seda.config import CrawlConfig, Source

logger = logging.getLogger(__name__)

# Trap defences (named, with why):
# Pages of one URL shape (digits masked; with and without the query's parameter names) a source may yield
# as listings per run. Real sections paginate 5-30 pages back over a 30-day window; an endless calendar or
# a sort/filter explosion hits this first.
MAX_PAGES_PER_SHAPE = 40
# Listing pages followed in one pagination chain.
MAX_LISTING_PAGES = 50
# A page with a "next page" link and at least this many article links is a listing, whatever its URL.
LISTING_MIN_LINKS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"%PDF", b"Rar!", b"\x1f\x8b", b"7z\xbc\xaf",
                b"ID3", b"\x00\x00\x00", b"RIFF", b"OggS", b"MZ")


@dataclass
class PageItem:
    """A fetched article candidate, handed to the pipeline."""

    source_id: str
    url: str            # canonical form of the requested URL
    final_url: str      # after redirects
    status: int
    body: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None
    hops: int = 0


@dataclass
class PlacementItem:
    source_id: str
    items: list[tuple[str, str, int]] = field(default_factory=list)


class SedaSpider(scrapy.Spider):
    name = "seda"

    def __init__(self, sources: list[Source], crawl: CrawlConfig, known: dict[str, Known], keywords: list[str],
                 stats: dict[str, SourceStats], now: datetime.datetime | None = None,
                 context: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # What the pipeline needs from the run (store factory, run id); objects, so not Scrapy settings.
        self.context = context or {}
        self.sources = {s.id: s for s in sources}
        self.crawl_cfg = crawl
        self.known = known
        self.keywords = keywords
        self.source_stats = stats
        self.now = now or datetime.datetime.now(datetime.UTC)
        self.cutoff = self.now - datetime.timedelta(days=crawl.max_age_days)
        self.patterns = {s.id: [re.compile(p) for p in s.article_patterns] for s in sources}
        self.shapes: dict[tuple[str, str], int] = {}
        self.requested: set[str] = set()
        self.by_site = {site_key(s.homepage): s.id for s in sources}

    # --- scheduling -------------------------------------------------------------------------------------

    def _req(self, source_id: str, url: str, callback: Any, role: str, hops: int = 0,
             headers: dict[str, str] | None = None, dont_filter: bool = False, **meta: Any) -> scrapy.Request | None:
        st = self.source_stats[source_id]
        if not dont_filter:
            if url in self.requested:
                return None  # asked already this run: Scrapy would drop it, so it costs nothing to count
            self.requested.add(url)
        if st.scheduled >= self.crawl_cfg.max_pages_per_source:
            st.skipped["limit_pages"] += 1
            return None
        if st.seconds > self.crawl_cfg.max_minutes_per_source * 60:
            st.skipped["limit_time"] += 1
            return None
        st.scheduled += 1
        st.pending += 1
        st.finished = None
        meta.update({"source": source_id, "role": role, "hops": hops, "download_slot": source_id})
        return scrapy.Request(url, callback=callback, errback=self.on_error, headers=headers, meta=meta,
                              dont_filter=dont_filter, priority=10 if role != "article" else 0)

    async def start(self) -> AsyncIterator[Any]:
        for src in self.sources.values():
            for req in self._start_requests(src):
                if req is not None:
                    yield req

    def _start_requests(self, src: Source) -> Iterator[scrapy.Request | None]:
        yield self._req(src.id, src.homepage, self.parse_homepage, "homepage", dont_filter=True)
        robots = f"{urlsplit(src.homepage).scheme}://{urlsplit(src.homepage).netloc}/robots.txt"
        yield self._req(src.id, robots, self.parse_robots, "robots", dont_filter=True)
        for url in src.feeds:
            yield self._req(src.id, url, self.parse_feed, "feed")
        for url in src.sitemaps:
            yield self._req(src.id, url, self.parse_sitemap, "sitemap")
        for url in src.listings:
            yield self._req(src.id, url, self.parse_listing, "listing", pages=1)
        if src.search:
            for word in self.keywords:
                yield self._req(src.id, src.search.replace("{query}", quote(word)), self.parse_listing, "search",
                                pages=1)

    def _article(self, source_id: str, url: str, hops: int, changed: datetime.datetime | None = None) -> scrapy.Request | None:
        """Ask for an article candidate unless it is known and unchanged, or too old by its URL or date."""
        st = self.source_stats[source_id]
        st.article_links += 1
        when = url_date(url)
        if (changed and changed < self.cutoff) or (when and when < self.cutoff.date() - datetime.timedelta(days=1)):
            st.skipped["too_old"] += 1
            return None
        known = self.known.get(url)
        headers: dict[str, str] = {}
        if known is not None:
            if changed is None or changed <= known.fetched_at or known.status != 200:
                st.skipped["known"] += 1
                return None
            if known.etag:
                headers["If-None-Match"] = known.etag
            if known.last_modified:
                headers["If-Modified-Since"] = known.last_modified
        return self._req(source_id, url, self.parse_article, "article", hops=hops, headers=headers or None,
                         handle_httpstatus_list=[304])

    def _follow_listing(self, source_id: str, url: str, hops: int, pages: int) -> scrapy.Request | None:
        st = self.source_stats[source_id]
        keys = [(source_id, shape(url)), (source_id, shape(url).split("?")[0])]
        for key in keys:
            self.shapes[key] = self.shapes.get(key, 0) + 1
        if any(self.shapes[k] > MAX_PAGES_PER_SHAPE for k in keys) or pages > MAX_LISTING_PAGES:
            st.skipped["trap"] += 1
            return None
        known = self.known.get(url)
        if known is not None and known.status != 200:
            st.skipped["known"] += 1  # a dead or oversized page from an earlier run
            return None
        when = url_date(url)
        if when and (when < self.cutoff.date() or when > self.now.date() + datetime.timedelta(days=1)):
            st.skipped["too_old" if when < self.cutoff.date() else "trap"] += 1
            return None
        return self._req(source_id, url, self.parse_listing, "listing", hops=hops, pages=pages)

    # --- callbacks --------------------------------------------------------------------------------------

    def _count(self, response: Response) -> SourceStats:
        return self.source_stats[response.meta["source"]]

    def done(self, meta: dict[str, Any]) -> None:
        """One scheduled request has ended (answered, failed or dropped as a duplicate)."""
        st = self.source_stats.get(meta.get("source", ""))
        if st is not None and not meta.get("_done"):
            meta["_done"] = True
            st.pending -= 1
            if st.pending <= 0:
                st.finished = time.monotonic()

    def _html(self, response: Response) -> Any:
        ctype = response.headers.get("Content-Type", b"").decode("latin-1").lower()
        if ctype and not any(t in ctype for t in HTML_TYPES) or response.body[:8].startswith(BINARY_MAGIC):
            self._count(response).skipped["not_html"] += 1
            return None
        return discovery.parse_html(response.body, response.url)

    def parse_homepage(self, response: Response) -> Iterator[Any]:
        self.done(response.meta)
        doc = self._html(response)
        if doc is None:
            return
        src = self.sources[response.meta["source"]]
        yield PlacementItem(src.id, placements(response.body, response.url, src.selectors.get("top_block")))
        for feed in discovery.feed_links(doc, response.url):
            req = self._req(src.id, feed, self.parse_feed, "feed")
            if req:
                yield req
        yield from self._links(doc, response, src.id, hops=0)

    def _links(self, doc: Any, response: Response, source_id: str, hops: int) -> Iterator[scrapy.Request]:
        links = discovery.page_links(doc, response.url, self.patterns[source_id])
        fresh = 0
        for link in links:
            if link.article:
                when = url_date(link.url)
                fresh += link.url not in self.known and not (when and when < self.cutoff.date())
        response.meta["fresh_links"] = fresh
        for link in links:
            if link.article:
                req = self._article(source_id, link.url, hops + 1)
            # Sections found on a page with nothing new are not explored further (incremental runs stay
            # small); the homepage's sections always are.
            elif link.listing and hops < self.crawl_cfg.max_depth and (fresh or hops == 0):
                req = self._follow_listing(source_id, link.url, hops + 1, pages=1)
            else:
                req = None
            if req is not None:
                yield req

    def parse_listing(self, response: Response) -> Iterator[Any]:
        self.done(response.meta)
        doc = self._html(response)
        if doc is None:
            return
        source_id, hops, pages = response.meta["source"], response.meta["hops"], response.meta.get("pages", 1)
        yield from self._links(doc, response, source_id, hops)
        # Stop when a page holds nothing new: either earlier runs saw the rest of the chain, or its
        # items are older than the look-back window (by their URL dates).
        if response.meta.get("fresh_links", 0) == 0:
            return
        nxt = discovery.next_page(doc, response.url)
        if nxt and nxt != canonical(response.url):
            req = self._follow_listing(source_id, nxt, hops, pages + 1)
            if req is not None:
                yield req

    def parse_feed(self, response: Response) -> Iterator[Any]:
        self.done(response.meta)
        source_id = response.meta["source"]
        entries = discovery.parse_feed(response.body, response.url)
        if entries is None:
            self._count(response).skipped["not_feed"] += 1
            return
        for e in entries:
            req = self._article(source_id, e.url, 1, changed=e.published)
            if req is not None:
                yield req

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        self.done(response.meta)
        source_id = response.meta["source"]
        result = discovery.parse_sitemap(response.body, response.url)
        if result is None:
            self._count(response).skipped["not_sitemap"] += 1
            return
        for child in result.sitemaps:
            if child.published and child.published < self.cutoff:
                continue
            req = self._req(source_id, child.url, self.parse_sitemap, "sitemap")
            if req is not None:
                yield req
        for e in result.urls:
            if looks_like_article(e.url, self.patterns[source_id]) or e.published is not None:
                req = self._article(source_id, e.url, 1, changed=e.published)
                if req is not None:
                    yield req

    def parse_robots(self, response: Response) -> Iterator[Any]:
        self.done(response.meta)
        source_id = response.meta["source"]
        if response.status != 200:
            return
        for url in discovery.robots_sitemaps(response.body, response.url):
            req = self._req(source_id, url, self.parse_sitemap, "sitemap")
            if req is not None:
                yield req

    def parse_article(self, response: Response) -> Iterator[Any]:
        self.done(response.meta)
        st = self._count(response)
        if response.status == 304:
            st.not_modified += 1
            return
        ctype = response.headers.get("Content-Type", b"").decode("latin-1") or None
        lowered = (ctype or "").lower()
        if (lowered and not any(t in lowered for t in HTML_TYPES)) or response.body[:8].startswith(BINARY_MAGIC) \
                or b"\x00" in response.body[:2048]:
            st.skipped["not_html"] += 1
            # remembered with status 415 and no body, so it is not downloaded again
            yield PageItem(st.source_id, canonical(response.request.url) or response.request.url, response.url, 415,
                           b"", ctype, None, None)
            return
        yield from self._listing_fallback(response)
        headers = response.headers
        asked = (response.meta.get("redirect_urls") or [response.request.url])[0]
        yield PageItem(
            source_id=st.source_id, url=canonical(asked) or asked,
            final_url=response.url, status=response.status, body=response.body, content_type=ctype,
            etag=(headers.get("ETag") or b"").decode("latin-1") or None,
            last_modified=(headers.get("Last-Modified") or b"").decode("latin-1") or None,
            hops=response.meta.get("hops", 0),
        )

    def _listing_fallback(self, response: Response) -> Iterator[Any]:
        """An "article" URL that is really a paginated list (a portal's archive object, a section whose URL
        says nothing) is explored as a listing too; extraction will refuse it as an article anyway."""
        hops = response.meta.get("hops", 0)
        if hops > self.crawl_cfg.max_depth or any(p.search(response.url) for p in STRONG_ARTICLE):
            return  # an id-bearing article URL is not a list: skip parsing it twice
        doc = discovery.parse_html(response.body, response.url)
        if doc is None:
            return
        nxt = discovery.next_page(doc, response.url)
        links = discovery.page_links(doc, response.url, self.patterns[response.meta["source"]])
        if nxt is None or sum(1 for ln in links if ln.article) < LISTING_MIN_LINKS:
            return
        response.meta["pages"] = 1
        yield from self.parse_listing(response)

    # --- failures: counted by kind, never raised ------------------------------------------------------

    def on_error(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        self.done(request.meta)
        source_id = request.meta.get("source")
        if source_id not in self.source_stats:
            return
        st = self.source_stats[source_id]
        role = request.meta.get("role", "page")
        if failure.check(HttpError):
            status = failure.value.response.status
            kind = f"http_{status}" if status < 500 else "http_5xx"
            if status in (404, 410) and role in ("article", "listing"):
                # remember dead links so the next run does not ask again
                yield PageItem(source_id, canonical(request.url) or request.url, failure.value.response.url, status,
                               b"", None, None, None)
        elif failure.check(IgnoreRequest):
            message = str(failure.value).lower()
            kind = "robots" if "robots" in message else "redirect_loop" if "redirect" in message else "ignored"
            if kind == "robots":
                st.skipped["robots"] += 1
                return
        elif failure.check(TimeoutError, TCPTimedOutError):
            kind = "timeout"
            st.requests += 1
        elif failure.check(DNSLookupError, ConnectError):
            kind = "connection"
            st.requests += 1
        else:
            message = str(failure.value).lower()
            kind = "too_large" if "maxsize" in message or "max size" in message or "cancel" in message else "other"
            st.requests += 1
            if kind == "too_large":
                # remembered (413, no body) so the next run does not download it again
                yield PageItem(source_id, canonical(request.url) or request.url, request.url, 413, b"", None, None, None)
        st.errors[f"{role}:{kind}" if role != "article" else kind] += 1
        logger.info("%s %s failed: %s", source_id, request.url, kind)


def source_of_response(spider: SedaSpider, response: Response) -> str | None:
    """The source a response belongs to (robots.txt fetched by Scrapy's middleware carries no meta)."""
    source = response.meta.get("source") if hasattr(response, "meta") else None
    return source or spider.by_site.get(site_key(response.url))


__all__ = ["SedaSpider", "PageItem", "PlacementItem", "source_of_response", "time"]

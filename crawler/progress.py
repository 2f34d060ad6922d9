"""A one-line progress display on a terminal (sources done, pages, articles); silent otherwise."""

from __future__ import annotations

import sys

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

INTERVAL_SECONDS = 1.0


class Progress:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        if not crawler.settings.getbool("SEDA_PROGRESS") or not sys.stderr.isatty():
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider: object) -> None:
        self.loop = task.LoopingCall(self.show)
        self.loop.start(INTERVAL_SECONDS, now=False)

    def show(self, end: str = "") -> None:
        stats = getattr(self.crawler.spider, "source_stats", {})
        done = sum(1 for s in stats.values() if s.finished is not None)
        pages = sum(s.requests for s in stats.values())
        new = sum(s.articles_new for s in stats.values())
        upd = sum(s.articles_updated for s in stats.values())
        errors = sum(sum(s.errors.values()) for s in stats.values())
        sys.stderr.write(f"\r  sources {done}/{len(stats)} · pages {pages} · articles {new} new, {upd} updated"
                         f" · errors {errors}   {end}")
        sys.stderr.flush()

    def closed(self, spider: object) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
        self.show(end="\n")

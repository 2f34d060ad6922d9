"""Small downloader middlewares, each switched by its own setting."""

from __future__ import annotations

import asyncio

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

# Longest wait before a retry, whatever the attempt number.
MAX_BACKOFF_SECONDS = 30.0


class BackoffMiddleware:
    """Wait before retried requests: base × 2^(attempt-1) seconds, capped (Scrapy retries at once).

    Setting: SEDA_RETRY_BACKOFF (base seconds; 0 switches it off)."""

    def __init__(self, base: float) -> None:
        self.base = base

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffMiddleware:
        base = crawler.settings.getfloat("SEDA_RETRY_BACKOFF", 0.0)
        if base <= 0:
            raise NotConfigured
        return cls(base)

    async def process_request(self, request: Request, spider: object = None) -> None:
        attempt = int(request.meta.get("retry_times", 0))
        if attempt:
            await asyncio.sleep(min(self.base * 2 ** (attempt - 1), MAX_BACKOFF_SECONDS))
        return None

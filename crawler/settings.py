"""Scrapy settings from Seda's crawl configuration: politeness first."""

from __future__ import annotations

from typing import Any

from seda.config import CrawlConfig


def scrapy_settings(crawl: CrawlConfig, *, progress: bool = False) -> dict[str, Any]:
    return {
        "BOT_NAME": "seda",
        "USER_AGENT": crawl.user_agent.format(contact=crawl.contact),
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "CONCURRENT_REQUESTS": crawl.concurrent_requests,
        # Every request carries its source as download slot: politeness is per site, also when two
        # sources share a host name (the demo web's sites differ only by port).
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrent_per_domain,
        "DOWNLOAD_DELAY": crawl.download_delay,
        "DOWNLOAD_DELAY_JITTER": 0.5,
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(crawl.download_delay, 0.1),
        "AUTOTHROTTLE_MAX_DELAY": 30.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(crawl.concurrent_per_domain),
        "DOWNLOAD_TIMEOUT": crawl.timeout_seconds,
        "RETRY_ENABLED": crawl.retries > 0,
        "RETRY_TIMES": crawl.retries,
        "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
        "DOWNLOAD_MAXSIZE": crawl.max_page_bytes,
        "DOWNLOAD_WARNSIZE": 0,
        "REDIRECT_MAX_TIMES": 5,
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_ENABLED": False,
        "LOG_LEVEL": "WARNING",
        "STATS_DUMP": False,
        "DEPTH_LIMIT": 0,
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        "DOWNLOADER_MIDDLEWARES": {"crawler.middlewares.BackoffMiddleware": 560},
        "ITEM_PIPELINES": {"crawler.pipeline.StorePipeline": 300},
        "EXTENSIONS": {"crawler.progress.Progress": 500},
        "SEDA_PROGRESS": progress,
        "SEDA_RETRY_BACKOFF": 1.0,
        "CONCURRENT_ITEMS": 32,
    }

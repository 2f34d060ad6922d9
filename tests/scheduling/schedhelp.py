"""Helpers for the scheduling tests: lock holders run in other processes, a slow local news site."""

from __future__ import annotations

import datetime
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

from seda.config import Config, load_config


def write_config(path: Path, db_url: str, *, homepage: str = "http://127.0.0.1:9/", schedule: dict[str, Any] | None = None,
                 crawl: dict[str, Any] | None = None) -> Config:
    data: dict[str, Any] = {
        "database": {"url": db_url},
        "crawl": {"obey_robots": False, "download_delay": 0.0, "autothrottle": False, "retries": 0,
                  "timeout_seconds": 30, "contact": "tests@localhost", **(crawl or {})},
        "sources": [{"id": "slow", "name": "خبرگزاری کند", "kind": "news_agency", "level": "national",
                     "homepage": homepage}],
    }
    if schedule:
        data["schedule"] = schedule
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_config(path, env={})


# -- lock holders in another process (targets of multiprocessing "spawn": module-level functions) ---------

def hold_lock(url: str, name: str, ttl_seconds: float, held: Any, release: Any) -> None:
    """Take the lock, say so, and keep it until ``release`` is set (or the process is killed)."""
    from store.db import open_store
    from store.locks import crawl_lock

    engine = open_store(url).kw["bind"]  # the whole schema, as a crawl process would have it
    with crawl_lock(engine, name, ttl=datetime.timedelta(seconds=ttl_seconds)):
        held.set()
        release.wait(60)
    engine.dispose()


def try_lock(url: str, name: str, result: Any) -> None:
    """Try the lock once from this process and report ``ok`` or the LockBusy message."""
    from store.db import make_engine
    from store.locks import LockBusy, crawl_lock

    engine = make_engine(url)
    try:
        with crawl_lock(engine, name):
            result.put("ok")
    except LockBusy as exc:
        result.put(f"busy: {exc}")
    engine.dispose()


# -- a news site that answers slowly ------------------------------------------------------------------------

HOMEPAGE = """<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>خبرگزاری کند</title></head>
<body><h1>خبرگزاری کند</h1><ul>{links}</ul></body></html>"""
ARTICLE = """<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>خبر {n}</title></head>
<body><article><h1>خبر شماره {n} از استان لرستان</h1><p>به گزارش خبرگزاری کند، {text}</p></article></body></html>"""


class SlowSite:
    """A homepage linking to articles that each take ``delay`` seconds to answer (served on 127.0.0.1)."""

    def __init__(self, delay: float = 8.0, articles: int = 30) -> None:
        self.delay, self.articles = delay, articles
        self.article_hits = 0
        self.hit = threading.Event()
        self.closing = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                if self.path.startswith("/news/"):
                    site.article_hits += 1
                    site.hit.set()
                    deadline = time.monotonic() + site.delay
                    while time.monotonic() < deadline and not site.closing.is_set():
                        time.sleep(0.05)
                    n = self.path.rsplit("/", 1)[-1]
                    body = ARTICLE.format(n=n, text="متن خبر " * 80)
                elif self.path in ("/", "/index.html"):
                    links = "".join(f'<li><a href="/news/{1000 + i}/lorestan">خبر شماره {i} درباره لرستان</a></li>'
                                    for i in range(1, site.articles + 1))
                    body = HOMEPAGE.format(links=links)
                else:
                    self.send_error(404)
                    return
                data = body.encode("utf-8")
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the crawler hung up (stopped)
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> SlowSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.closing.set()
        self.server.shutdown()
        self.server.server_close()

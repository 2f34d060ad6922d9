"""``DemoWeb``: every demo site served on 127.0.0.1, one threading HTTP server per site.

>>> with DemoWeb(anchor="2025-12-03") as web:          # doctest: +SKIP
...     web.base_url("payam")
'http://127.0.0.1:40123'
"""
from __future__ import annotations

import datetime as dt
import logging
import threading
from pathlib import Path
from typing import Any, Sequence

from demoweb.content import Article, load_content
from demoweb.dates import parse_anchor, today_in_tehran, week_shift
from demoweb.handler import DemoHTTPServer, handler_for
from demoweb.render import make_environment
from demoweb.siteconf import load_sites
from demoweb.sites import BaseSite, site_class

logger = logging.getLogger(__name__)

#: Seconds between shutdown checks of each server thread.
POLL_INTERVAL = 0.1


class DemoWeb:
    """The offline demo web: a context manager that starts and stops one HTTP server per site.

    ``base_port`` fixes ports (site *i* on ``base_port + i``); without it free ports are chosen at
    start. With a ``base_port`` the URLs, sources and truth are known before (or without) starting.
    """

    def __init__(self, *, anchor: dt.date | str | None = None, content_dir: Path | str | None = None,
                 slow_delay: float = 3.0, host: str = "127.0.0.1", base_port: int | None = None,
                 synthetic: int = 0, synthetic_seed: int = 1404, page_size: int = 10,
                 sites_file: Path | str | None = None, articles: Sequence[Article] | None = None) -> None:
        if isinstance(anchor, str):
            anchor = parse_anchor(anchor)
        self.anchor: dt.date = anchor or today_in_tehran()
        self.shift = week_shift(self.anchor)
        self.host = host
        self.url_host = "127.0.0.1" if host in ("", "0.0.0.0") else host
        self.base_port = base_port
        self.articles = list(articles) if articles is not None else load_content(content_dir)
        self.catalog = load_sites(sites_file)
        env = make_environment()
        self._sites: dict[str, BaseSite] = {}
        for conf in self.catalog.sites:
            own = [a for a in self.articles if a.site == conf.id]
            self._sites[conf.id] = site_class(conf.family)(
                conf, self.catalog, own, shift=self.shift, today=self.anchor, env=env,
                page_size=page_size, slow_delay=slow_delay)
        if synthetic:
            from demoweb.synthetic import make_synthetic_site
            site = make_synthetic_site(synthetic, self.articles, catalog=self.catalog, env=env, shift=self.shift,
                                       today=self.anchor, seed=synthetic_seed, page_size=page_size)
            self._sites[site.conf.id] = site
        if base_port is not None:
            for index, site in enumerate(self._sites.values()):
                site.base_url = f"http://{self.url_host}:{base_port + index}"
        self._servers: list[tuple[DemoHTTPServer, threading.Thread]] = []
        logger.info("demo web: %d articles, anchor %s, shift %s days", len(self.articles), self.anchor,
                    self.shift.days)

    # ---- lifecycle ----------------------------------------------------------------------------
    def start(self) -> DemoWeb:
        if self._servers:
            return self
        try:
            for index, site in enumerate(self._sites.values()):
                port = 0 if self.base_port is None else self.base_port + index
                server = DemoHTTPServer((self.host, port), handler_for(site))
                site.base_url = f"http://{self.url_host}:{server.server_address[1]}"
                thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": POLL_INTERVAL},
                                          name=f"demoweb-{site.conf.id}", daemon=True)
                thread.start()
                self._servers.append((server, thread))
                logger.info("serving %s on %s", site.conf.id, site.base_url)
        except OSError:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        for server, thread in self._servers:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)
        self._servers.clear()

    def __enter__(self) -> DemoWeb:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return bool(self._servers)

    # ---- API ----------------------------------------------------------------------------------
    @property
    def sites(self) -> list[str]:
        """Site ids, in serving order."""
        return list(self._sites)

    def site(self, site_id: str) -> BaseSite:
        try:
            return self._sites[site_id]
        except KeyError:
            raise KeyError(f"unknown site {site_id!r}; known: {', '.join(self._sites)}") from None

    def base_url(self, site_id: str) -> str:
        site = self.site(site_id)
        if not site.base_url:
            raise RuntimeError("ports are chosen at start(): start the DemoWeb or give base_port")
        return site.base_url

    def sources(self) -> list[dict[str, Any]]:
        """The sites as Seda ``config.yaml`` source entries."""
        for site_id in self._sites:
            self.base_url(site_id)
        return [site.source_entry() for site in self._sites.values()]

    def truth(self, *, include_synthetic: bool = True) -> dict[str, Any]:
        """What a perfect crawl finds: every article with its labels and routes, and every trap."""
        from demoweb.truth import build_truth
        for site_id in self._sites:
            self.base_url(site_id)
        return build_truth(self, include_synthetic=include_synthetic)

    def reset(self) -> None:
        """Reset per-process trap state (the flaky URL fails twice again)."""
        for site in self._sites.values():
            site.reset()

"""The ``http.server`` glue: one request handler class per site, delegating to the site renderer."""
from __future__ import annotations

import logging
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

from demoweb.responses import Request, Response, finalize

if TYPE_CHECKING:
    from demoweb.sites.base import BaseSite

logger = logging.getLogger(__name__)


class DemoHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64


class SiteRequestHandler(BaseHTTPRequestHandler):
    """Serves one demo site; subclasses set ``site``."""

    protocol_version = "HTTP/1.1"
    site: BaseSite

    def version_string(self) -> str:
        return self.site.server_header

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        self._serve(head_only=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(head_only=True)

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self._serve(head_only=False)

    def _serve(self, *, head_only: bool) -> None:
        request = Request.from_target(self.command, self.path, self.headers)
        try:
            response = self.site.handle(request)
        except Exception:  # a renderer bug must not kill the server thread silently
            logger.exception("%s: error rendering %s", self.site.conf.id, self.path)
            response = Response(status=500, body="<h1>500 Internal Server Error</h1>")
        if response.delay > 0:
            time.sleep(response.delay)
        wire = finalize(response, request, allow_gzip=self.site.conf.gzip)
        try:
            self.send_response(wire.status)
            for name, value in wire.headers:
                self.send_header(name, value)
            self.end_headers()
            if not head_only and wire.status != 304:
                self.wfile.write(wire.body)
        except (BrokenPipeError, ConnectionResetError):
            logger.debug("%s: client went away during %s", self.site.conf.id, self.path)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server API
        logger.debug("%s %s - " + format, self.site.conf.id, self.address_string(), *args)


def handler_for(site: BaseSite) -> type[SiteRequestHandler]:
    """A handler class bound to ``site``."""
    return type(f"{site.conf.id.title()}Handler", (SiteRequestHandler,), {"site": site})

"""Request/response values of the demo web and the HTTP finishing step (encoding, ETag, 304, gzip).

Renderers return a :class:`Response`; :func:`finalize` turns it into status, headers and bytes
exactly as they go on the wire, so HTTP correctness lives in one pure, testable place.
"""
from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import logging
from dataclasses import dataclass, field
from email.message import Message
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import parse_qs, unquote, urlsplit

logger = logging.getLogger(__name__)

#: Bodies smaller than this are sent uncompressed even to gzip clients (as nginx's gzip_min_length).
GZIP_MIN_LENGTH = 256


@dataclass
class Request:
    method: str
    path: str            # percent-decoded path
    raw_path: str        # path as sent, still encoded
    query_string: str
    query: dict[str, list[str]]
    headers: Message | dict[str, str]

    @classmethod
    def from_target(cls, method: str, target: str, headers: Message | dict[str, str] | None = None) -> Request:
        """Parse a request target (``/news/1/%D8%A7?page=2``); raw UTF-8 request lines are tolerated."""
        try:  # http.server decodes the request line as latin-1; undo that for raw UTF-8 paths
            target = target.encode("latin-1").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
        parts = urlsplit(target)
        raw_path = parts.path or "/"
        return cls(method=method.upper(), path=unquote(raw_path), raw_path=raw_path,
                   query_string=parts.query, query=parse_qs(parts.query, keep_blank_values=True),
                   headers=headers if headers is not None else {})

    def arg(self, name: str, default: str | None = None, *, ignore_case: bool = False) -> str | None:
        """The last value of query parameter ``name`` (ASP.NET sites match names case-insensitively)."""
        if ignore_case:
            for key, values in self.query.items():
                if key.lower() == name.lower() and values:
                    return values[-1]
            return default
        values = self.query.get(name)
        return values[-1] if values else default

    def int_arg(self, name: str, default: int = 1, *, ignore_case: bool = False) -> int:
        value = self.arg(name, ignore_case=ignore_case)
        try:
            return int(value) if value is not None else default
        except ValueError:
            return default

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


@dataclass
class Response:
    status: int = 200
    body: bytes | str = b""
    content_type: str = "text/html"
    charset: str | None = "utf-8"       # written into Content-Type; None leaves it out
    encoding: str = "utf-8"             # how a str body becomes bytes
    headers: list[tuple[str, str]] = field(default_factory=list)
    cacheable: bool = False             # send an ETag and answer conditional GETs with 304
    last_modified: dt.datetime | None = None
    delay: float = 0.0                  # seconds to wait before answering (slow page trap)
    etag_source: bytes | None = None    # what the ETag hashes when the bytes vary (session ids in links)
    compressible: bool = True

    def body_bytes(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        # Characters the legacy charset lacks (Persian yeh in windows-1256) become &#NNNN; as real sites do.
        return self.body.encode(self.encoding, errors="xmlcharrefreplace")


def html(body: str, *, status: int = 200, encoding: str = "utf-8", charset: str | None = None,
         cacheable: bool = False, last_modified: dt.datetime | None = None) -> Response:
    return Response(status=status, body=body, content_type="text/html", encoding=encoding,
                    charset=charset if charset is not None else encoding, cacheable=cacheable,
                    last_modified=last_modified)


def xml(body: str, content_type: str = "application/xml", *, cacheable: bool = True) -> Response:
    return Response(body=body, content_type=content_type, charset="utf-8", cacheable=cacheable)


def text(body: str, *, status: int = 200) -> Response:
    return Response(status=status, body=body, content_type="text/plain", charset="utf-8")


def redirect(location: str, status: int = 301) -> Response:
    return Response(status=status, body=f'<html><body>Moved: <a href="{location}">{location}</a></body></html>',
                    headers=[("Location", location)])


@dataclass
class WireResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def finalize(response: Response, request: Request, *, allow_gzip: bool = False) -> WireResponse:
    """Encode the body and add Content-Type/Length, ETag, Last-Modified, 304 and gzip handling."""
    body = response.body_bytes()
    headers = list(response.headers)
    content_type = response.content_type
    if response.charset:
        content_type = f"{content_type}; charset={response.charset}"
    headers.append(("Content-Type", content_type))
    etag = None
    if response.cacheable and response.status == 200:
        etag = '"' + hashlib.sha1(response.etag_source or body).hexdigest()[:20] + '"'
        last_modified = response.last_modified
        if last_modified is not None:
            last_modified = last_modified.astimezone(dt.timezone.utc).replace(microsecond=0)
            headers.append(("Last-Modified", format_datetime(last_modified, usegmt=True)))
        headers.append(("Cache-Control", "public, max-age=60"))
        if _not_modified(request, etag, last_modified):
            return WireResponse(304, [h for h in headers if h[0] not in ("Content-Type",)] + [("ETag", etag)], b"")
    use_gzip = (allow_gzip and response.compressible and len(body) >= GZIP_MIN_LENGTH
                and _accepts_gzip(request.header("Accept-Encoding")))
    if use_gzip:
        body = gzip.compress(body, mtime=0)
        headers.append(("Content-Encoding", "gzip"))
        if etag:
            etag = etag[:-1] + '-gzip"'
    if allow_gzip:
        headers.append(("Vary", "Accept-Encoding"))
    if etag:
        headers.append(("ETag", etag))
    headers.append(("Content-Length", str(len(body))))
    return WireResponse(response.status, headers, body)


def _not_modified(request: Request, etag: str, last_modified: dt.datetime | None) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if_none_match = request.header("If-None-Match")
    if if_none_match is not None:  # RFC 9110: If-None-Match wins over If-Modified-Since
        wanted = etag.strip('"')
        for tag in if_none_match.split(","):
            tag = tag.strip()
            if tag == "*":
                return True
            tag = tag.removeprefix("W/").strip('"').removesuffix("-gzip")
            if tag == wanted:
                return True
        return False
    if_modified_since = request.header("If-Modified-Since")
    if if_modified_since and last_modified is not None:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=dt.timezone.utc)
        return last_modified <= since
    return False


def _accepts_gzip(accept_encoding: str | None) -> bool:
    if not accept_encoding:
        return False
    for part in accept_encoding.split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() in ("gzip", "*"):
            q = params.strip()
            if q.startswith("q="):
                try:
                    return float(q[2:]) > 0
                except ValueError:
                    return True
            return True
    return False

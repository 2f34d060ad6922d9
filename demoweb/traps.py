"""Crawler traps shared by the site renderers: trap labels, binary payloads, the huge page, counters."""
from __future__ import annotations

import io
import logging
import struct
import threading
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)

#: The huge page is at least this big (bytes): above the usual 1–4 MB crawler size caps.
HUGE_PAGE_BYTES = 6 * 1024 * 1024
#: A flaky URL answers 500 this many times before it recovers.
FLAKY_FAILURES = 2
#: What a correct crawler sees and does, per trap kind (copied into the truth).
EXPECTED = {
    "deleted_404": "404 Not Found; no article",
    "dead_link_404": "404 Not Found; no article",
    "soft_404": "200 OK but the page says the item was not found; no article",
    "flaky_500": f"500 the first {FLAKY_FAILURES} requests, then 200 with the article; retry it",
    "redirect_301": "301 to the canonical article URL; store the article under the target URL",
    "redirect_chain": "302 then 301, ending at the canonical article URL",
    "redirect_loop": "redirects forever between two URLs; give up after the redirect limit, no article",
    "huge_page": f"200 with at least {HUGE_PAGE_BYTES // (1024 * 1024)} MB of HTML; abort at the size cap, no article",
    "binary_honest": "200 image/png bytes behind a .html URL; not HTML, no article",
    "binary_as_html": "200 ZIP bytes served as text/html; detect binary, no article",
    "slow": "200 with the article after the configured delay; other requests are served meanwhile",
    "endless_calendar": "every day links to the previous and next day forever; bound the crawl",
    "query_explosion": "filter/sort links append parameters without end; normalise or cap query strings",
    "session_id": "links carry a random sid parameter; strip it, the article URL has none",
    "robots_disallowed": "robots.txt disallows this path; a polite crawler never fetches it",
    "charset_meta_only": "Content-Type has no charset; <meta charset=windows-1256> decides; decode to the article text",
    "charset_header_wrong": "header says iso-8859-1 but bytes and <meta> are UTF-8; decode to the article text",
    "charset_windows_1256": "Content-Type says windows-1256; decode to the article text",
}


@dataclass
class Trap:
    """One labelled trap: where it is, what it is and what a correct crawler does with it."""

    kind: str
    site: str
    url: str
    linked_from: str
    expected: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "site": self.site, "url": self.url, "linked_from": self.linked_from,
                "expected": self.expected or EXPECTED.get(self.kind, ""), **self.details}


class HitCounter:
    """Per-process request counts per key, thread-safe and resettable (flaky URLs)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}

    def hit(self, key: str) -> int:
        """Count one request for ``key``; returns how many there have been, this one included."""
        with self._lock:
            self._counts[key] = self._counts.get(key, 0) + 1
            return self._counts[key]

    def reset(self) -> None:
        with self._lock:
            self._counts.clear()


def png_bytes(width: int = 64, height: int = 48) -> bytes:
    """A valid grey-gradient PNG image."""
    raw = b"".join(b"\x00" + bytes((x * 4 + y) % 256 for x in range(width)) for y in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def zip_bytes(name: str = "amar-eshteghal-1404.xlsx", size: int = 40_000) -> bytes:
    """A valid ZIP archive holding one pseudo-spreadsheet file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        payload = bytes((i * 7919) % 251 for i in range(size))
        archive.writestr(name, payload)
        archive.writestr("readme.txt", "amar-e eshteghal, gozaresh-e fasli\n")
    return buffer.getvalue()


def huge_html(title: str, filler: list[str], *, min_bytes: int = HUGE_PAGE_BYTES) -> str:
    """An article-looking live-coverage page padded with ever more update blocks up to ``min_bytes``."""
    head = (f'<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>{title}</title>'
            '</head><body><h1 class="title">' + title + '</h1><div class="live-updates">')
    parts = [head]
    size = len(head.encode())
    sentences = filler or ["به‌روزرسانی خودکار پوشش زنده"]
    index = 0
    while size < min_bytes:
        block = (f'<div class="update" id="u{index}"><span class="time">{index % 24:02d}:{index % 60:02d}</span>'
                 f"<p>{sentences[index % len(sentences)]}</p></div>\n")
        parts.append(block)
        size += len(block.encode())
        index += 1
    parts.append("</div></body></html>")
    return "".join(parts)

"""The digest's HTML in a real browser engine: headless Chromium renders it, and the screenshot is kept.

``SEDA_UPDATE_SCREENSHOTS=1`` writes the screenshot to ``docs/digest.png`` in the repository (the picture the
README shows); otherwise it goes to the test's temporary folder. Skipped, with the reason, when Debian's
``chromium`` is not installed (``apt-get install -y chromium``).
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import numpy as np
import pytest
from digest_fixtures import WEEK, at, write_config

from digest import week_message

REPO = Path(__file__).resolve().parents[2]
WIDTH, HEIGHT = 900, 1600
BAR = (0x1F, 0x7A, 0x8C)  # C_BAR in digest.html: the ranking bars
BRAND = (0x0B, 0x4F, 0x6C)  # C_BRAND: the header band
# Runs of the bar colour at least this wide and tall are bars (16 px tall in the template); glyphs, link
# underlines and the 4 px card borders are narrower or flatter.
MIN_BAR_RUN = 20
MIN_BAR_ROWS = 8


def chromium_path() -> str | None:
    found = shutil.which("chromium")
    if found:
        return found
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None


def read_png(path: Path) -> np.ndarray:
    """Decode an 8-bit, non-interlaced RGB(A) PNG (what Chromium writes) into an (h, w, channels) array."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, bytearray(), None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert header is not None
    width, height, depth, color, _, _, interlace = header
    assert depth == 8 and color in (2, 6) and interlace == 0, header
    bpp = 3 if color == 2 else 4
    raw = np.frombuffer(zlib.decompress(bytes(idat)), dtype=np.uint8).reshape(height, 1 + width * bpp)
    out = np.zeros((height, width * bpp), dtype=np.uint8)
    prev = np.zeros(width * bpp, dtype=np.int32)
    for y in range(height):
        kind, row = raw[y, 0], raw[y, 1:].astype(np.int32)
        if kind == 0:
            cur = row
        elif kind == 1:  # Sub: a running sum per channel
            cur = np.cumsum(row.reshape(width, bpp), axis=0).reshape(-1) % 256
        elif kind == 2:  # Up
            cur = (row + prev) % 256
        else:  # Average, Paeth: left to right
            cur = np.zeros_like(row)
            for x in range(width * bpp):
                a = int(cur[x - bpp]) if x >= bpp else 0
                b = int(prev[x])
                if kind == 3:
                    cur[x] = (int(row[x]) + (a + b) // 2) % 256
                else:
                    c = int(prev[x - bpp]) if x >= bpp else 0
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                    cur[x] = (int(row[x]) + pred) % 256
        out[y] = cur
        prev = cur
    return out.reshape(height, width, bpp)[:, :, :3]


def bars(image: np.ndarray) -> list[tuple[int, int, int]]:
    """(top row, left x, right x) of each bar: rows holding a run of the bar colour at least MIN_BAR_RUN wide,
    merged with the rows right above them (rounded corners make the first and last rows a little shorter),
    at least MIN_BAR_ROWS rows tall."""
    mask = np.all(image == np.array(BAR, dtype=np.uint8), axis=2)
    found: list[list[int]] = []
    last_y = -2
    for y in range(mask.shape[0]):
        xs = np.flatnonzero(mask[y])
        if len(xs) < MIN_BAR_RUN:
            continue
        run = max(np.split(xs, np.flatnonzero(np.diff(xs) != 1) + 1), key=len)
        if len(run) < MIN_BAR_RUN:
            continue
        if y == last_y + 1:
            found[-1][1], found[-1][2] = min(found[-1][1], int(run[0])), max(found[-1][2], int(run[-1]))
            found[-1][3] += 1
        else:
            found.append([y, int(run[0]), int(run[-1]), 1])
        last_y = y
    return [(top, left, right) for top, left, right, rows in found if rows >= MIN_BAR_ROWS]


@pytest.mark.skipif(chromium_path() is None,
                    reason="Debian's chromium is not installed (/usr/bin/chromium); apt-get install -y chromium")
def test_html_renders_in_headless_chromium(stored_week, registry, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url, factory = stored_week
    msg = week_message(write_config(tmp_path, url, port=25), factory, registry, WEEK, now=at("2025-11-29", "08:00"))
    page = tmp_path / "digest.html"
    page.write_text(msg.get_body(("html",)).get_content(), encoding="utf-8")  # type: ignore[union-attr]
    if os.environ.get("SEDA_UPDATE_SCREENSHOTS") == "1":
        shot = REPO / "docs" / "digest.png"
        shot.parent.mkdir(exist_ok=True)
    else:
        shot = tmp_path / "digest.png"
    shot.unlink(missing_ok=True)
    profile = tmp_path / "chromium-profile"
    cmd = [chromium_path() or "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
           "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}", f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}",
           page.resolve().as_uri()]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and shot.exists(), proc.stderr[-2000:]

    image = read_png(shot)
    assert image.shape == (HEIGHT, WIDTH, 3)
    # the header band is drawn (inline styles applied, page not blank)
    assert np.all(image == np.array(BRAND, dtype=np.uint8), axis=2).sum() > 20_000
    # the ranking bars: abfa 4 (the widest), tozi_bargh 1, helal_ahmar 1, top to bottom; right to left, so
    # every bar starts at the same right edge and the shorter ones end further right
    found = bars(image)
    assert len(found) == 3, found
    (_, l1, r1), (_, l2, r2), (_, l3, r3) = found
    assert abs(r1 - r2) <= 2 and abs(r1 - r3) <= 2
    width1, width2 = r1 - l1, r2 - l2
    assert l2 > l1 and abs(width2 - width1 / 4) <= 3 and abs((r3 - l3) - width2) <= 2
    assert r1 > WIDTH / 2  # the bars hang from the right half of the page

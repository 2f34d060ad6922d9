"""Headless Chromium for the dashboard's end-to-end tests: Debian's /usr/bin/chromium driven by Playwright
(no browser is downloaded; ``playwright install`` is never run), a ``seda`` server in a subprocess, and
where screenshots go."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
SEDA = str(Path(sys.executable).parent / "seda")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 900}


def chromium_path() -> str | None:
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


needs_chromium = pytest.mark.skipif(
    chromium_path() is None, reason="Debian's chromium is not installed (/usr/bin/chromium): apt-get install -y chromium")


def shots_dir(tmp_path: Path) -> Path:
    """docs/ with SEDA_UPDATE_SCREENSHOTS=1 (the pictures the README shows), else the test's tmp folder."""
    if os.environ.get("SEDA_UPDATE_SCREENSHOTS") == "1":
        (REPO / "docs").mkdir(exist_ok=True)
        return REPO / "docs"
    return tmp_path


@contextmanager
def browser_page() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport=VIEWPORT, locale="fa-IR", timezone_id="Asia/Tehran")
            page = context.new_page()
            page.set_default_timeout(20_000)
            yield page
        finally:
            browser.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("SEDA_CONFIG", "SEDA_DATABASE_URL", "SEDA_SECRET_KEY")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def wait_up(base: str, proc: subprocess.Popen[str], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited with {proc.returncode}")
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{base} did not come up in {seconds} s")


def stop(proc: subprocess.Popen[str]) -> int:
    """Ctrl-C, as a user would; killed if it does not stop."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return int(proc.returncode)

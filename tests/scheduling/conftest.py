"""Scheduling fixtures: a config file on the test's database, a restorable process time zone."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from schedhelp import write_config
from seda.config import Config


@pytest.fixture
def make_config(tmp_path: Path, db_url: str) -> Callable[..., Config]:
    """``make_config(**options)`` writes config.yaml on the parametrised database (SQLite and PostgreSQL)."""

    def make(**options: Any) -> Config:
        return write_config(tmp_path / "config.yaml", db_url, **options)

    return make


@pytest.fixture
def server_tz(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """``server_tz("America/New_York")`` sets the process's own clock zone (TZ + tzset) for one test."""

    def set_tz(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_tz
    monkeypatch.undo()  # TZ back as it was, then tell the C library
    time.tzset()

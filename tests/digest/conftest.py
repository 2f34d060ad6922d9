"""Digest fixtures: stores filled through the store's own write functions (helpers in digest_fixtures.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from digest_fixtures import fill_week, new_store
from sqlalchemy.orm import Session, sessionmaker

from seda.registry import Registry, load_registry


@pytest.fixture(scope="session")
def registry() -> Registry:
    return load_registry()


@pytest.fixture
def empty_store(db_url: str, registry: Registry) -> Iterator[sessionmaker[Session]]:
    factory = new_store(db_url, registry)
    yield factory
    factory.kw["bind"].dispose()


@pytest.fixture
def week_store(empty_store: sessionmaker[Session]) -> sessionmaker[Session]:
    fill_week(empty_store)
    return empty_store


@pytest.fixture
def stored_week(database_url: str, registry: Registry) -> Iterator[tuple[str, sessionmaker[Session]]]:
    """The hand-built week in the test database (for the CLI and SMTP tests): (url, factory)."""
    url = database_url
    factory = new_store(url, registry)
    fill_week(factory)
    yield url, factory
    factory.kw["bind"].dispose()



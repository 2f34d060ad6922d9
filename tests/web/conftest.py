"""Dashboard fixtures: a filled SQLite store with three users (built once, copied for each test), the app
on it, logged-in clients."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker
from starlette.testclient import TestClient
from web_fixtures import fill, login, new_store

from seda.registry import Registry, load_registry
from store.db import open_store
from web.app import create_app

SECRET = "test-secret-key-that-is-long-enough-0123456789"


@pytest.fixture(scope="session", autouse=True)
def quick_hashing() -> Iterator[None]:
    """In-process tests hash with cheap Argon2 parameters (a login costs ~1 ms instead of ~0.2 s); the CLI
    and browser tests run ``seda`` in subprocesses with the real ones."""
    from argon2 import PasswordHasher

    from web import passwords

    saved = passwords._hasher, passwords._DUMMY_HASH
    passwords._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    passwords._DUMMY_HASH = passwords._hasher.hash("dummy")
    yield
    passwords._hasher, passwords._DUMMY_HASH = saved


@pytest.fixture(scope="session")
def registry() -> Registry:
    return load_registry()


@pytest.fixture(scope="session")
def template_store(tmp_path_factory: pytest.TempPathFactory, registry: Registry, quick_hashing: None
                   ) -> tuple[Path, dict[str, int]]:
    """The filled store, once: (file, article ids by name)."""
    path = tmp_path_factory.mktemp("web-template") / "seda.db"
    factory = new_store(f"sqlite:///{path}", registry)
    ids = fill(factory).ids
    factory.kw["bind"].dispose()  # the last connection closing folds the WAL into the file
    return path, ids


@pytest.fixture
def db_file(tmp_path: Path, template_store: tuple[Path, dict[str, int]]) -> Path:
    path = tmp_path / "seda.db"
    shutil.copyfile(template_store[0], path)
    return path


@pytest.fixture
def factory(db_file: Path) -> Iterator[sessionmaker[Session]]:
    factory = open_store(f"sqlite:///{db_file}")
    yield factory
    factory.kw["bind"].dispose()


@pytest.fixture
def ids(template_store: tuple[Path, dict[str, int]]) -> dict[str, int]:
    return template_store[1]


@pytest.fixture
def app(factory: sessionmaker[Session], registry: Registry):  # type: ignore[no-untyped-def]
    return create_app(factory, registry, SECRET)


@pytest.fixture
def anon(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(app, follow_redirects=False) as client:
        yield client


@pytest.fixture
def client_as(app) -> Iterator[Callable[[str], TestClient]]:  # type: ignore[no-untyped-def]
    """``client_as("ali")``: a client logged in as that user (vera viewer, ali analyst, ada admin)."""
    clients: list[TestClient] = []

    def make(username: str) -> TestClient:
        client = TestClient(app, follow_redirects=False)
        clients.append(client)
        response = login(client, username)
        assert response.status_code == 303, response.text
        return client

    yield make
    for c in clients:
        c.close()

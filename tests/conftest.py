"""Shared fixtures: the test database, on SQLite or PostgreSQL.

- ``database_url``: the test database of a test that needs one store: a SQLite file by default; a fresh
  PostgreSQL database (created from the admin URL, dropped afterwards) when ``SEDA_TEST_DATABASE_URL``
  is set, e.g. ``SEDA_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres`` (``make test-pg``).
- ``new_database``: the same for fixtures of a wider scope: ``new_database(tmp_dir)`` → URL.
- ``db_url``: store-level tests run twice, on a SQLite file and on PostgreSQL (the server on
  127.0.0.1:5432, or ``SEDA_TEST_DATABASE_URL``); without a reachable server the PostgreSQL runs are
  skipped with the reason, unless ``SEDA_TEST_DATABASE_URL`` asked for it: then they fail.
- ``module_db_url``: ``db_url`` for a module's read-only tests, one database per backend.
- ``pg_url``: a fresh PostgreSQL database.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

TEST_DATABASE_ENV = "SEDA_TEST_DATABASE_URL"
PG_WANTED = bool(os.environ.get(TEST_DATABASE_ENV))
PG_ADMIN_URL = (os.environ.get(TEST_DATABASE_ENV) or os.environ.get("SEDA_TEST_PG_ADMIN_URL")
                or "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def _plain(url: str) -> str:
    """The libpq form of a SQLAlchemy URL (``postgresql+psycopg://`` → ``postgresql://``)."""
    return url.replace("+psycopg", "", 1)


def _pg_reason() -> str | None:
    try:
        import psycopg

        with psycopg.connect(_plain(PG_ADMIN_URL), connect_timeout=3):
            return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return f"PostgreSQL not reachable at {PG_ADMIN_URL}: {str(exc).splitlines()[0]}"


@pytest.fixture(scope="session")
def pg_server() -> str:
    reason = _pg_reason()
    if reason:
        if PG_WANTED:
            pytest.fail(f"{TEST_DATABASE_ENV} is set but {reason}", pytrace=False)
        pytest.skip(reason)
    return PG_ADMIN_URL


def _create_pg(admin: str) -> str:
    import psycopg

    name = f"seda_test_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_plain(admin), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin.rsplit("/", 1)[0] + f"/{name}"


def _drop_pg(admin: str, url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(_plain(admin), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database, dropped afterwards."""
    url = _create_pg(pg_server)
    yield url
    _drop_pg(pg_server, url)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each store test runs on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'seda.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def module_db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``db_url`` shared by the tests of a module that only read (one store per backend)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'seda.db'}"
        return
    admin = request.getfixturevalue("pg_server")
    url = _create_pg(admin)
    yield url
    _drop_pg(admin, url)


@pytest.fixture(scope="session")
def new_database(request: pytest.FixtureRequest) -> Iterator[Callable[[Path], str]]:
    """``new_database(folder)``: a fresh test database's URL (a SQLite file in ``folder``, or a PostgreSQL
    database when SEDA_TEST_DATABASE_URL is set; those are dropped at the end of the session)."""
    created: list[str] = []
    admin = request.getfixturevalue("pg_server") if PG_WANTED else None

    def new(folder: Path) -> str:
        if admin is None:
            return f"sqlite:///{folder / f'seda-{uuid.uuid4().hex[:6]}.db'}"
        created.append(_create_pg(admin))
        return created[-1]

    yield new
    for url in created:
        _drop_pg(admin, url)  # type: ignore[arg-type]


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The test database of one test: SQLite by default, PostgreSQL with SEDA_TEST_DATABASE_URL."""
    if not PG_WANTED:
        yield f"sqlite:///{tmp_path / 'seda.db'}"
        return
    url = _create_pg(request.getfixturevalue("pg_server"))
    yield url
    _drop_pg(PG_ADMIN_URL, url)

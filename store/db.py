"""Engines and sessions. The store owns no sessions: callers (the job that runs) own the transaction."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from seda.errors import StoreError

logger = logging.getLogger(__name__)

# How long a PostgreSQL connection attempt may take before "the database is down" is reported.
CONNECT_TIMEOUT_SECONDS = 5


def normalise_url(url: str) -> str:
    """Use psycopg 3 for plain ``postgresql://`` URLs (SQLAlchemy would default to psycopg2)."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for ``url``; creates the folder of a SQLite file. Raises StoreError on a bad URL."""
    url = normalise_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"database URL {url!r} is not valid") from None
    kwargs: dict[str, object] = {"echo": echo}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": 30}
    elif parsed.get_backend_name() == "postgresql":
        kwargs["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ImportError) as exc:
        raise StoreError(f"no driver for database URL {parsed.render_as_string(hide_password=True)}: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")  # readers (dashboard, reports) do not block the nightly crawl
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def init_db(engine: Engine) -> None:
    """Upgrade the schema to the newest migration (see ``store.schema``); an empty database gets every
    table, one made before migrations is stamped and upgraded. Raises StoreError with one line when the
    database cannot be reached or its schema is not one this version knows."""
    from store.schema import upgrade

    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        upgrade(engine)
    except OperationalError as exc:
        where = engine.url.render_as_string(hide_password=True)
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreError(f"cannot use database {where}: {reason}") from None


def open_store(url: str) -> sessionmaker[Session]:
    """Engine + schema + session factory, the usual start of a command."""
    engine = make_engine(url)
    init_db(engine)
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work is committed on success and rolled back on error."""
    with factory() as session, session.begin():
        yield session


def table_names(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())

"""Databases for the store benchmarks: a SQLite file and a PostgreSQL database per benchmark.

PostgreSQL is reached through an admin URL (``--pg URL`` or ``$SEDA_BENCH_PG_URL``, default the server on
127.0.0.1:5432); the benchmark's own database is created next to it. When the server is not reachable
the PostgreSQL half is skipped with the reason.
"""

from __future__ import annotations

import os
from pathlib import Path

import common  # noqa: F401 - puts the project on sys.path

DEFAULT_PG_ADMIN = os.environ.get("SEDA_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def pg_reason(admin: str) -> str | None:
    try:
        import psycopg

        with psycopg.connect(_libpq(admin), connect_timeout=3):
            return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return f"PostgreSQL not reachable at {admin}: {str(exc).splitlines()[0]}"


def pg_database(admin: str, name: str, *, fresh: bool) -> str:
    """The URL of database ``name`` on the admin URL's server, created if missing (dropped first if
    ``fresh``)."""
    import psycopg

    with psycopg.connect(_libpq(admin), autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return admin.rsplit("/", 1)[0] + f"/{name}"


def drop_pg_database(admin: str, name: str) -> None:
    import psycopg

    with psycopg.connect(_libpq(admin), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def sqlite_database(folder: Path, name: str, *, fresh: bool) -> str:
    path = folder / f"{name}.db"
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def databases(backends: list[str], folder: Path, name: str, pg_admin: str, *, fresh: bool) -> dict[str, str]:
    """``{backend: URL}`` for the backends asked for (PostgreSQL left out, with a note, if unreachable)."""
    urls = {}
    for backend in backends:
        if backend == "sqlite":
            urls["sqlite"] = sqlite_database(folder, name, fresh=fresh)
        elif (reason := pg_reason(pg_admin)) is not None:
            print(f"postgresql: skipped ({reason})")
        else:
            urls["postgresql"] = pg_database(pg_admin, name, fresh=fresh)
    return urls

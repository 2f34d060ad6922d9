"""Alembic environment of the coverage database.

Run through ``store.schema`` (which passes its open Connection in ``config.attributes``) or through
``python -m store.migrations`` (which passes a URL). Offline (``--sql``) mode renders the SQL for a URL.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from store.migrations import include_name, render_item
from store.models import Base

config = context.config


def _configure(**kwargs: object) -> None:
    context.configure(
        target_metadata=Base.metadata,
        include_name=include_name,
        render_item=render_item,
        # ALTERs on SQLite become "copy the table" batches; on PostgreSQL they stay plain ALTERs.
        render_as_batch=True,
        compare_type=True,
        **kwargs,  # type: ignore[arg-type]
    )


def _run(connection: Connection) -> None:
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    _configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True,
               dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from store.db import make_engine

    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("no database URL: set SEDA_DATABASE_URL or pass --url")
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            _run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()

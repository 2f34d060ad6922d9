"""``seda db``: the database schema."""

from __future__ import annotations

import click

from seda.cli import app, common


@click.group()
def db() -> None:
    """Create and inspect the coverage database."""


@db.command()
@common
def upgrade() -> None:
    """Create missing tables and load the sources and the registry.

    Versioned Alembic migrations are not built yet; this creates the current schema."""
    a = app()
    a.store  # noqa: B018
    from store.db import table_names

    names = table_names(a.store.kw["bind"])
    click.echo(f"{a.config.database.url}: {len(names)} tables ({', '.join(names)})")

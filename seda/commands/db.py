"""``seda db``: the database schema, versioned by Alembic migrations (``store/migrations``)."""

from __future__ import annotations

import click
from sqlalchemy.exc import OperationalError

from seda.cli import app, common
from seda.errors import StoreError


@click.group()
def db() -> None:
    """Upgrade and inspect the coverage database's schema."""


@db.command()
@common
def upgrade() -> None:
    """Run the migrations up to the newest schema, then load the sources and the registry.

    Every command does this on start anyway; run it by hand to upgrade at a chosen time (a big database
    may take a while) and to see what changed."""
    from store.db import make_engine
    from store.migrations import BASELINE
    from store.schema import upgrade as run_upgrade

    a = app()
    engine = make_engine(a.config.database.url)
    try:
        result = _reachable(engine, run_upgrade)
    finally:
        engine.dispose()
    a.store  # noqa: B018 - loads the sources and the registry
    where = engine.url.render_as_string(hide_password=True)
    if not result.changed:
        click.echo(f"{where}: already at {result.after} (head)")
        return
    before = result.before or "empty"
    if result.stamped:
        before = f"tables from before migrations, stamped {BASELINE}"
    click.echo(f"{where}: {before} → {result.after}")


@db.command()
@common
def current() -> None:
    """Print the database's schema revision and whether it is up to date (changes nothing)."""
    from store.db import make_engine
    from store.migrations import known_revisions
    from store.schema import current as read_current

    engine = make_engine(app().config.database.url)
    try:
        revision, head = _reachable(engine, read_current)
    finally:
        engine.dispose()
    where = engine.url.render_as_string(hide_password=True)
    if revision == head:
        click.echo(f"{where}: {revision} (head, up to date)")
    elif revision is None:
        click.echo(f"{where}: no revision (empty, or made before migrations); head is {head}: run `seda db upgrade`")
    elif revision not in known_revisions():
        click.echo(f"{where}: {revision}, unknown to this version of Seda (head {head}): upgrade Seda")
    else:
        click.echo(f"{where}: {revision}, head is {head}: run `seda db upgrade`")


def _reachable(engine, call):  # type: ignore[no-untyped-def]
    try:
        return call(engine)
    except OperationalError as exc:
        where = engine.url.render_as_string(hide_password=True)
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreError(f"cannot use database {where}: {reason}") from None

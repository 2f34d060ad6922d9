"""The database schema's version: upgrade to head through Alembic, tell where a database stands.

``store.db.init_db`` calls :func:`upgrade` on every database it opens, so every command works on the
current schema. A database created by ``create_all`` before migrations existed (its tables, but no
``alembic_version``) is stamped with the baseline revision first, then upgraded like any other.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.util.exc import CommandError
from sqlalchemy import Connection, Engine, inspect, text

from seda.errors import StoreError
from store.migrations import BASELINE, alembic_config, head_revision

logger = logging.getLogger(__name__)

# The tables of the baseline revision: a database holding ``articles`` but no version table was made
# by ``create_all`` with (part of) these. Frozen here, unlike ``Base.metadata``, which moves on.
BASELINE_TABLES = (
    "sources", "crawl_runs", "source_run_stats", "raw_pages", "stories", "articles", "agencies", "places",
    "credits", "placements", "corrections", "digests", "locks", "story_bands", "users", "login_attempts",
)
# Serialises concurrent upgrades of one PostgreSQL database (two processes starting at once).
PG_LOCK_KEY = 0x5EDA_0001


@dataclass(frozen=True)
class Upgrade:
    before: str | None  # None: an empty database
    after: str
    stamped: bool = False  # tables from before migrations, stamped with the baseline first

    @property
    def changed(self) -> bool:
        return self.before != self.after


def current_revision(conn: Connection) -> str | None:
    """The database's revision (None without a version table). Read directly: this runs every time a
    command opens the store, and a MigrationContext would log two lines each time."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    revisions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(revisions) > 1:  # branches: let Alembic sort them out
        return MigrationContext.configure(conn).get_current_revision()
    return revisions[0] if revisions else None


def current(engine: Engine) -> tuple[str | None, str]:
    """``(the database's revision, the head revision)``; the revision is None for an empty database
    (or one from before migrations)."""
    with engine.connect() as conn:
        return current_revision(conn), head_revision()


def upgrade(engine: Engine) -> Upgrade:
    """Bring the database to the head revision (a no-op when it is there already)."""
    head = head_revision()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_KEY})
        before = current_revision(conn)
        if before == head:
            return Upgrade(before, head)
        stamped = before is None and inspect(conn).has_table("articles")
        try:
            if stamped:
                _stamp_legacy(conn)
            command.upgrade(alembic_config(conn), "head")
        except CommandError as exc:
            raise StoreError(f"cannot upgrade the database schema from revision {before}: {exc} "
                             "(was it upgraded by a newer version of Seda?)") from None
        logger.info("database schema upgraded from %s to %s", before or "nothing", head)
        return Upgrade(before, head, stamped)


def _stamp_legacy(conn: Connection) -> None:
    from store.models import Base

    existing = set(inspect(conn).get_table_names())
    missing = [Base.metadata.tables[t] for t in BASELINE_TABLES if t not in existing]
    if missing:  # a database from an older create_all: add what that version did not have yet
        Base.metadata.create_all(conn, tables=missing)
    logger.info("database created before migrations: stamping it with revision %s", BASELINE)
    command.stamp(alembic_config(conn), BASELINE)

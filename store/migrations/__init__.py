"""The coverage database's Alembic migrations, configured in code (no alembic.ini at run time).

``store.schema`` runs them (``init_db`` upgrades every database it opens to head); developers add a
revision with ``python -m store.migrations revision --autogenerate -m "..."`` (see README.md here).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from alembic.config import Config
from alembic.script import ScriptDirectory

__all__ = ["SCRIPT_LOCATION", "BASELINE", "alembic_config", "head_revision", "known_revisions", "include_name", "render_item"]

#: The folder of env.py and versions/, found next to this file: it works from any working directory and
#: from an installed package.
SCRIPT_LOCATION = Path(__file__).resolve().parent
#: The revision that creates the schema ``Base.metadata.create_all`` made before migrations existed: a
#: database from that time is stamped with it, then upgraded like any other.
BASELINE = "0001"


def alembic_config(connection: Any = None, url: str | None = None) -> Config:
    """An Alembic Config for Seda's migrations: on ``connection`` (a SQLAlchemy Connection), or on
    ``url``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPT_LOCATION))
    cfg.set_main_option("path_separator", "os")
    if url is not None:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@lru_cache(maxsize=1)
def head_revision() -> str:
    """The newest revision this version of Seda knows (read once per process)."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migrations found"
    return head


@lru_cache(maxsize=1)
def known_revisions() -> frozenset[str]:
    return frozenset(s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions())


def include_name(name: str | None, type_: str, parent_names: dict[str, Any]) -> bool:
    """Which database objects migrations manage: the models' tables. Other tables living in the same
    database (the full-text search tables of ``store.search``, SQLite's FTS5 shadow tables, the
    scheduler's job store and history) are left alone by autogenerate and by schema comparisons."""
    if type_ == "table":
        from store.models import Base

        return name in Base.metadata.tables
    return True


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Render model-only types as plain SQLAlchemy types, so revisions do not import ``store.models``."""
    from store.models import AwareDateTime

    if type_ == "type" and isinstance(obj, AwareDateTime):
        return "sa.DateTime(timezone=True)"
    return False

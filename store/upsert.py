"""Idempotent writes: INSERT ... ON CONFLICT DO UPDATE on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from store.models import Base


def upsert(session: Session, model: type[Base], rows: Iterable[dict[str, Any]], key: Sequence[str],
           update: Sequence[str] | None = None) -> int:
    """Insert ``rows`` into ``model``'s table, updating ``update`` columns (default: all non-key
    columns given) where a row with the same ``key`` exists. Returns the number of rows written."""
    # One statement may not touch a row twice (PostgreSQL refuses): the last row per key wins.
    rows = list({tuple(r[k] for k in key): r for r in rows}.values())
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    insert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}.get(dialect)
    if insert is None:
        raise NotImplementedError(f"upsert is not implemented for {dialect}")
    table = model.__table__  # type: ignore[attr-defined]
    columns = update if update is not None else [c for c in rows[0] if c not in key]
    stmt = insert(table).values(rows)
    if columns:
        stmt = stmt.on_conflict_do_update(index_elements=list(key),
                                          set_={c: getattr(stmt.excluded, c) for c in columns})
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=list(key))
    session.execute(stmt)
    return len(rows)

"""Reference rows: the configured sources and the registry's agencies and places."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from seda.config import Source
from seda.registry import Registry
from store.models import AgencyRow, PlaceRow, SourceRow
from store.upsert import upsert


def sync_sources(session: Session, sources: Iterable[Source]) -> int:
    """Upsert the configured sources (sources removed from the config are kept: their articles stay)."""
    rows = []
    for s in sources:
        settings = {k: v for k, v in dataclasses.asdict(s).items()
                    if k not in ("id", "name", "kind", "level", "homepage")}
        rows.append({"id": s.id, "name": s.name, "kind": s.kind, "level": s.level,
                     "homepage": s.homepage, "settings": settings})
    return upsert(session, SourceRow, rows, key=["id"])


def sync_registry(session: Session, registry: Registry) -> tuple[int, int]:
    """Upsert agencies (parents first, so the self-reference holds) and places."""
    agencies = sorted(registry.agencies, key=lambda a: a.parent is not None)
    upsert(session, AgencyRow, [
        {"id": a.id, "name_fa": a.name_fa, "kind": a.kind, "sector": a.sector, "parent_id": a.parent,
         "parent_body": a.parent_body,
         "names": {"aliases": list(a.aliases), "title_forms": list(a.title_forms), "pr_forms": list(a.pr_forms),
                   "sub_units": list(a.sub_units)}}
        for a in agencies], key=["id"])
    upsert(session, PlaceRow, [
        {"id": p.id, "name_fa": p.name_fa, "type": p.type, "county": p.county, "inside": p.inside,
         "ambiguous": p.ambiguous, "variants": list(p.variants), "ambiguity": list(p.ambiguity)}
        for p in registry.places], key=["id"])
    return len(registry.agencies), len(registry.places)


def known_source_ids(session: Session) -> set[str]:
    return set(session.scalars(select(SourceRow.id)))

"""Names for ids: agencies and sources, for menus and labels."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.models import AgencyRow, SourceRow


@dataclass(frozen=True)
class Names:
    agencies: dict[str, str]      # agency id → Persian name (agencies only: what can be credited)
    everyone: dict[str, str]      # every registry entry (agencies, speakers, outlets) → name
    sources: dict[str, str]       # source id → name
    source_levels: dict[str, str]

    def agency(self, agency_id: str | None) -> str:
        if not agency_id:
            return "بدون دستگاه"
        return self.everyone.get(agency_id, agency_id)

    def source(self, source_id: str) -> str:
        return self.sources.get(source_id, source_id)


def names(session: Session) -> Names:
    agencies, everyone = {}, {}
    for aid, name, kind in session.execute(select(AgencyRow.id, AgencyRow.name_fa, AgencyRow.kind)):
        everyone[aid] = name
        if kind == "agency":
            agencies[aid] = name
    srcs, levels = {}, {}
    for sid, name, level in session.execute(select(SourceRow.id, SourceRow.name, SourceRow.level)):
        srcs[sid], levels[sid] = name, level
    return Names(agencies=dict(sorted(agencies.items(), key=lambda kv: kv[1])), everyone=everyone,
                 sources=dict(sorted(srcs.items(), key=lambda kv: kv[1])), source_levels=levels)

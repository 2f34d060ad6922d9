"""``seda search``: full-text search of the stored articles, one hit per line."""

from __future__ import annotations

import re

import click

from seda.cli import app, common, date_option
from seda.errors import UsageError

_SPACES = re.compile(r"\s+")


@click.command()
@click.argument("query")
@date_option("--since", "Only articles published on or after this day.")
@date_option("--until", "Only articles published on or before this day.")
@click.option("--source", metavar="ID", default=None, help="Only articles of this source (an id of config.yaml).")
@click.option("--agency", metavar="ID", default=None,
              help="Only articles credited to this agency, after analysts' corrections (a registry id).")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True, help="At most this many hits.")
@common
def search(query: str, since, until, source: str | None, agency: str | None, limit: int) -> None:  # type: ignore[no-untyped-def]
    """Find stored articles whose title, lead or text hold every word of QUERY, newest first.

    Spelling variants match: ی/ي, ک/ك, half-space or space («روابط‌عمومی», «روابط عمومی»), Persian or
    ASCII digits, diacritics. Words in double quotes or «» must appear together, in that order.
    Each hit is one line: Jalali date, source, title, URL (tab-separated)."""
    from seda.dates import TEHRAN, jalali_str
    from store.catalog import known_source_ids
    from store.db import transaction
    from store.models import AgencyRow
    from store.search import search as run_search
    from store.searchtext import parse_query

    if since and until and since > until:
        raise UsageError("--since is after --until")
    parsed = parse_query(query)
    if not parsed:
        raise UsageError(f"nothing to search for in {query!r}: give at least one word")
    with transaction(app().store) as session:
        if source is not None and source not in known_source_ids(session):
            raise UsageError(f"unknown source id {source!r} (see `seda sources`)")
        if agency is not None and session.get(AgencyRow, agency) is None:
            raise UsageError(f"unknown agency id {agency!r} (see seda/registry/agencies.yaml)")
        hits = run_search(session, parsed, since=since, until=until, source=source, agency=agency, limit=limit)
    for hit in hits:
        day = jalali_str(hit.published.astimezone(TEHRAN).date(), sep="-", digits="ascii") if hit.published else "-"
        title = _SPACES.sub(" ", hit.title).strip()
        click.echo(f"{day}\t{hit.source_id}\t{title}\t{hit.url}")
    if not hits:
        click.echo("no stored article matches", err=True)

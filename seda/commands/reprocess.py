"""``seda reprocess``: extraction and classification again over stored pages, with no network."""

from __future__ import annotations

import click

from seda.cli import app, common, date_option


@click.command()
@date_option("--since", "Only pages fetched on or after this day.")
@common
def reprocess(since) -> None:  # type: ignore[no-untyped-def]
    """Re-extract and re-classify the stored raw pages (analysts' corrections are kept)."""
    from crawler.reprocess import reprocess as run

    a = app()
    counts = run(a.config, a.store, since)
    done = sum(counts[k] for k in ("new", "updated", "unchanged"))
    click.echo(f"{done} articles reprocessed ({counts['updated']} changed, {counts['new']} new, "
               f"{counts['unchanged']} unchanged)")
    others = {k: v for k, v in counts.items() if k not in ("new", "updated", "unchanged")}
    if others:
        click.echo("other pages: " + ", ".join(f"{k} {v}" for k, v in sorted(others.items())))

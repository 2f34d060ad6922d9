"""``seda export``: the stored articles as JSONL, CSV or XLSX."""

from __future__ import annotations

import sys

import click

from seda.cli import app, common, date_option
from seda.errors import UsageError
from seda.export import FORMATS, write_csv, write_jsonl, write_xlsx


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True,
              help="jsonl: one JSON object per line; csv: UTF-8 with BOM for Excel; xlsx: a workbook.")
@date_option("--since", "Only articles published on or after this day.")
@date_option("--until", "Only articles published on or before this day.")
@click.option("--out", "out_path", metavar="FILE", default=None, help="Write here instead of standard output.")
@common
def export(fmt: str, since, until, out_path: str | None) -> None:  # type: ignore[no-untyped-def]
    """Export stored articles with their relevance, credited agency, kind and placements."""
    from store.db import transaction
    from store.queries import iter_export_rows

    if since and until and since > until:
        raise UsageError("--since is after --until")
    if fmt == "xlsx" and out_path is None and sys.stdout.isatty():
        raise UsageError("xlsx is binary: pass --out FILE or redirect standard output")
    with transaction(app().store) as session:
        rows = iter_export_rows(session, since, until)
        if fmt == "xlsx":
            if out_path:
                with open(out_path, "wb") as fh:
                    n = write_xlsx(rows, fh)
            else:
                n = write_xlsx(rows, sys.stdout.buffer)
        else:
            writer = write_jsonl if fmt == "jsonl" else write_csv
            if out_path:
                with open(out_path, "w", encoding="utf-8", newline="") as fh:
                    n = writer(rows, fh)
            else:
                n = writer(rows, sys.stdout)
    if out_path:
        click.echo(f"{n} articles written to {out_path}", err=True)

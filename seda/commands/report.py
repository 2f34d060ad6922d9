"""``seda report`` and ``seda runs``: what the analysts and the operator read on a terminal."""

from __future__ import annotations

import click

from seda.cli import app, common, date_option
from seda.errors import UsageError
from seda.text_table import render_table


@click.command()
@date_option("--from", "From this day.")
@date_option("--to", "Up to this day, inclusive.")
@click.option("--all/--active", "show_all", default=True, show_default=True,
              help="List every agency, or only those with coverage.")
@common
def report(show_all: bool, **dates) -> None:  # type: ignore[no-untyped-def]
    """Per-agency coverage: items about the province credited to each agency, by kind and reach."""
    from store.db import transaction
    from store.queries import agency_table

    since, until = dates.get("from"), dates.get("to")
    if since and until and since > until:
        raise UsageError("--from is after --to")
    with transaction(app().store) as session:
        lines = agency_table(session, since, until, include_empty=show_all)
    rows = [[i + 1, ln.name_fa, ln.items, ln.national, ln.news, ln.interviews, ln.reports, ln.homepage, ln.outlets]
            for i, ln in enumerate(lines)]
    click.echo(render_table(["#", "دستگاه", "کل", "ملی", "خبر", "گفت‌وگو", "گزارش", "صفحه اول", "رسانه"], rows))
    total = sum(ln.items for ln in lines)
    click.echo(f"\n{total} credited items about the province; {sum(1 for ln in lines if ln.items)} agencies with coverage")


@click.command()
@click.option("--limit", default=10, show_default=True, help="How many recent runs.")
@common
def runs(limit: int) -> None:
    """Recent crawl runs with their figures and warnings."""
    from store.db import transaction
    from store.runs import recent_runs

    with transaction(app().store) as session:
        rows = []
        for r in recent_runs(session, limit):
            st = r.stats or {}
            rows.append([r.id, r.started_at.strftime("%Y-%m-%d %H:%M"), r.status, r.trigger,
                         st.get("requests", 0), st.get("articles_new", 0), st.get("articles_updated", 0),
                         st.get("errors", 0), "; ".join(r.warnings or [])])
    if not rows:
        click.echo("no crawl runs yet")
        return
    click.echo(render_table(["run", "started (UTC)", "status", "by", "requests", "new", "updated", "errors",
                             "warnings"], rows))

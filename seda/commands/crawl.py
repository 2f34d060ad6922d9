"""``seda crawl``: one crawl of the configured sources, now."""

from __future__ import annotations

import sys

import click

from seda.cli import app, common


@click.command()
@click.option("--source", "source_ids", multiple=True, metavar="ID", help="Only this source (repeatable).")
@common
def crawl(source_ids: tuple[str, ...]) -> None:
    """Crawl the sources: discover, fetch politely, extract, classify and store; print the run's figures."""
    from crawler.run import run_crawl

    a = app()
    stats = run_crawl(a.config, a.store, a.registry, list(source_ids) or None, trigger="cli",
                      progress=sys.stderr.isatty())
    click.echo(f"run {stats['run_id']} {stats['status']}: {stats.get('requests', 0)} requests, "
               f"{stats.get('articles_new', 0)} new and {stats.get('articles_updated', 0)} updated articles, "
               f"{stats.get('errors', 0)} errors")
    for sid, st in (stats.get("per_source") or {}).items():
        errors = ", ".join(f"{k} {v}" for k, v in sorted(st["errors"].items())) or "no errors"
        click.echo(f"  {sid:<16} {st['requests']:>5} requests  {st['articles_new']:>4} new  "
                   f"{st['articles_updated']:>3} updated  {errors}")
    for warning in stats.get("warnings", []):
        click.echo(f"warning: {warning}", err=True)
    if stats["status"] not in ("ok",):
        sys.exit(1)

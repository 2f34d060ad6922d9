"""``seda check`` and ``seda sources``: is the configuration sound, and what will be crawled."""

from __future__ import annotations

import click

from seda.cli import app, common


@click.command()
@common
def check() -> None:
    """Validate config.yaml and the registry, and reach the database."""
    a = app()
    cfg = a.config
    reg = a.registry
    a.store  # noqa: B018 - opens the database, creates the schema, loads sources and registry
    click.echo(f"config   {cfg.path}: {len(cfg.sources)} sources")
    click.echo(f"registry {reg.province_name}: {len(reg.agencies)} agencies, {len(reg.places)} places")
    click.echo(f"database {cfg.database.url}: ok")


@click.command()
@common
def sources() -> None:
    """List the configured sources and what each one gives the crawler."""
    for s in app().config.sources:
        extras = [f"{k}={len(getattr(s, k))}" for k in ("feeds", "sitemaps", "listings") if getattr(s, k)]
        if s.search:
            extras.append("search")
        flag = "" if s.enabled else "  (disabled)"
        click.echo(f"{s.id:<16} {s.kind:<18} {s.level:<11} {s.homepage}  {' '.join(extras)}{flag}")

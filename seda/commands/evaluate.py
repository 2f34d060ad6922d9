"""``seda eval-extract``: extraction and discovery quality on the demo web, against pinned floors."""

from __future__ import annotations

import sys

import click

from seda.cli import common


@click.command("eval-extract")
@click.option("--show-misses", is_flag=True, help="List the articles whose title, date or text fell short.")
@common
def eval_extract(show_misses: bool) -> None:
    """Crawl the demo web and score discovery, titles, dates and body text against its truth file."""
    from crawler.evaluate import FLOORS_FILE, check_floors, evaluate_demo

    result = evaluate_demo()
    click.echo(f"articles in truth   {result['articles']}")
    click.echo(f"discovered          {result['discovered']:.3f}  ({result['found']} found, {result['extra']} extra)")
    click.echo(f"body token F1       {result['body_token_f1']:.3f}")
    click.echo(f"title exact         {result['title_exact']:.3f}")
    click.echo(f"published exact     {result['published_exact']:.3f}")
    if show_misses:
        for m in result["misses"]:
            click.echo(f"  {m}")
        for mid in result["missing"]:
            click.echo(f"  missing {mid}")
    failures = check_floors(result)
    for f in failures:
        click.echo(f"below floor: {f}", err=True)
    click.echo(f"floors ({FLOORS_FILE.name}): {'FAILED' if failures else 'ok'}")
    if failures:
        sys.exit(1)

"""``seda crawl``: one crawl of the configured sources, now; or a share of a distributed crawl."""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

import click

from seda.cli import app, common
from seda.errors import SedaError, UsageError


@click.command()
@click.option("--source", "source_ids", multiple=True, metavar="ID", help="Only this source (repeatable).")
@click.option("--distributed", is_flag=True,
              help="Share the crawl with `seda crawl --worker` processes over Redis (the `distributed` section): "
                   "queue one task per source, wait for all, then close the run and print its figures.")
@click.option("--worker", is_flag=True,
              help="Be a worker of distributed crawls: take source tasks from Redis and crawl them into the "
                   "database, until SIGTERM or Ctrl-C (the source in hand is finished first).")
@click.option("--burst", is_flag=True,
              help="With --worker: quit once no open run has a task queued or in progress.")
@common
def crawl(source_ids: tuple[str, ...], distributed: bool, worker: bool, burst: bool) -> None:
    """Crawl the sources: discover, fetch politely, extract, classify and store; print the run's figures.

    By default one machine crawls every source. With --distributed this command coordinates and workers
    (`seda crawl --worker`, on this or other machines, with the same database and Redis) do the crawling,
    one source each at a time; a worker that dies hands its source to another."""
    if worker and distributed:
        raise UsageError("--worker and --distributed are two roles: run the coordinator and the workers apart")
    if burst and not worker:
        raise UsageError("--burst goes with --worker")
    if worker and source_ids:
        raise UsageError("--source chooses what the coordinator queues (seda crawl --distributed --source ID)")
    a = app()
    if worker:
        tasks = _distributed().run_worker(a.config, burst=burst)
        click.echo(f"worker: {tasks} source task{'s' if tasks != 1 else ''} done")
        return
    from store.locks import crawl_lock

    # never two crawls at once, also against the scheduler's nightly crawl (LockBusy is one line, exit 1)
    with crawl_lock(a.store):
        if distributed:
            stats = _distributed().run_distributed(a.config, a.store, a.registry, list(source_ids) or None,
                                                   trigger="cli")
        else:
            from crawler.run import run_crawl

            stats = run_crawl(a.config, a.store, a.registry, list(source_ids) or None, trigger="cli",
                              progress=sys.stderr.isatty())
    print_summary(stats)
    if stats["status"] not in ("ok",):
        sys.exit(1)


def _distributed() -> ModuleType:
    try:
        from crawler import distributed
    except ImportError as exc:
        raise SedaError(f"distributed crawling needs the `distributed` extra ({exc.name} is missing): "
                        "pip install 'seda[distributed]'") from None
    return distributed


def print_summary(stats: dict[str, Any]) -> None:
    """The run's figures, one line per source, warnings on stderr."""
    click.echo(f"run {stats['run_id']} {stats['status']}: {stats.get('requests', 0)} requests, "
               f"{stats.get('articles_new', 0)} new and {stats.get('articles_updated', 0)} updated articles, "
               f"{stats.get('errors', 0)} errors")
    for sid, st in (stats.get("per_source") or {}).items():
        errors = ", ".join(f"{k} {v}" for k, v in sorted(st["errors"].items())) or "no errors"
        click.echo(f"  {sid:<16} {st['requests']:>5} requests  {st['articles_new']:>4} new  "
                   f"{st['articles_updated']:>3} updated  {errors}")
    for warning in stats.get("warnings", []):
        click.echo(f"warning: {warning}", err=True)

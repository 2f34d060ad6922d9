"""``seda schedule``: the nightly crawl and the weekly digest, in the foreground (or one job now)."""

from __future__ import annotations

import logging

import click

from seda.cli import app, common, setup_logging
from seda.errors import UsageError


@click.command()
@click.option("--once", type=click.Choice(["crawl", "digest"]), default=None,
              help="Run this job now, through the same lock and run record as the scheduled one, and exit "
                   "(exit 1 unless it ends ok).")
@click.option("--list", "list_", is_flag=True,
              help="Print when each job fires next, in the schedule's time zone (Asia/Tehran by default) with "
                   "the Jalali date, and exit.")
@click.option("--history", is_flag=True, help="Print the latest recorded job runs (ok, failed, skipped, missed) "
                                              "and exit.")
@click.option("--count", type=click.IntRange(1, 500), default=None, metavar="N",
              help="With --list: fire times per job (default 1). With --history: runs shown (default 20).")
@common
def schedule(once: str | None, list_: bool, history: bool, count: int | None) -> None:
    """Run the scheduler in the foreground: the crawl and the digest on the config's cron lines.

    Times are read in schedule.timezone (Asia/Tehran by default) whatever the server's clock zone. Runs
    missed while the scheduler was down are run once on start if within schedule.misfire_grace_minutes.
    Never two crawls at once, also across processes. Logs go to standard error; SIGTERM or Ctrl-C stops
    it cleanly (a running crawl closes its run as interrupted).
    """
    from seda import scheduling

    if sum((once is not None, list_, history)) > 1:
        raise UsageError("use only one of --once, --list and --history")
    if count is not None and not (list_ or history):
        raise UsageError("--count goes with --list or --history")
    config = app().config
    if list_:
        for line in scheduling.list_lines(config, count=count or 1):
            click.echo(line)
        return
    if history:
        for line in scheduling.history_lines(config, limit=count or 20):
            click.echo(line)
        return
    if once is not None:
        outcome = scheduling.run_once(config, once)
        if outcome["status"] != "ok":
            raise scheduling.JobFailed(f"{once} {outcome['status']}: {outcome['detail']}")
        click.echo(f"{once} ok: {outcome['detail']}")
        return
    ctx = click.get_current_context()
    root = ctx.find_root()
    if not (ctx.params.get("quiet") or root.params.get("quiet")) and not root.meta.get("verbose"):
        setup_logging(1, False)  # a foreground daemon says what it does: INFO unless -q
        logging.getLogger("alembic").setLevel(logging.WARNING)  # store.schema reports upgrades itself
    scheduling.run_scheduler(config)

"""``seda demo``: the whole pipeline on the bundled demo web, offline, into a fresh database."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import click
import yaml

from seda.cli import App, app, common

DEMO_DIR = Path("data/demo")


@click.command()
@click.option("--dir", "demo_dir", default=str(DEMO_DIR), show_default=True, metavar="DIR",
              help="Where the demo's config and database are written (emptied first).")
@click.option("--anchor", default=None, metavar="DATE",
              help="Pretend today is this day (the demo's articles fall in the week before). Default: today.")
@click.option("--keep-serving", is_flag=True, help="Keep the demo web running after the demo until Ctrl-C.")
@click.option("--serve", is_flag=True,
              help="Then serve the dashboard on the demo database (prints a demo analyst's login) until Ctrl-C.")
@common
def demo(demo_dir: str, anchor: str | None, keep_serving: bool, serve: bool) -> None:
    """Serve the demo web on 127.0.0.1, crawl it into a fresh database and print the agency table."""
    from demoweb.server import DemoWeb
    from seda.dates import parse_cli_date

    out = Path(demo_dir)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    anchor_day = parse_cli_date(anchor) if anchor else None
    with DemoWeb(anchor=anchor_day) as web:
        config_path = out / "config.yaml"
        config_path.write_text(yaml.safe_dump({
            "database": {"url": "sqlite:///seda-demo.db"},
            "crawl": {"max_age_days": 60, "download_delay": 0.0, "concurrent_per_domain": 8,
                      "timeout_seconds": 10, "contact": "demo@localhost"},
            "digest": {"sender": "seda-demo@localhost", "recipients": ["pr-council@localhost"]},
            "sources": web.sources(),
        }, allow_unicode=True, sort_keys=False), encoding="utf-8")
        click.echo(f"demo web: {len(web.sites)} sites on 127.0.0.1 ({', '.join(web.sites)})")
        demo_app = App(str(config_path))
        ctx = click.get_current_context()
        ctx.obj = ctx.find_root().obj = demo_app  # commands invoked from here read the demo's database
        _run_pipeline(demo_app)
        if serve:  # the dashboard on the demo database; the demo web stays up for the articles' links
            from seda.commands.serve import serve_demo

            serve_demo(demo_app)
        elif keep_serving:
            for site in web.sites:
                click.echo(f"  {site:<8} {web.base_url(site)}")
            click.echo("serving the demo web; Ctrl-C to stop")
            try:
                import time

                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass


def _run_pipeline(demo_app: App) -> None:
    from seda.commands.report import report

    ctx = click.get_current_context()
    steps = _steps()
    for name, step in steps:
        click.echo(f"== {name}")
        step(demo_app)
    click.echo("== coverage by agency")
    ctx.invoke(report, show_all=False, verbose=0, quiet=False)
    _write_digest(demo_app)


def _write_digest(demo_app: App) -> None:
    """The digest of the demo week (the last complete week), written to a file, not sent."""
    from digest import to_bytes, week_message
    from seda.dates import today_tehran, week_start

    week = week_start(today_tehran()) - datetime.timedelta(days=7)
    msg = week_message(demo_app.config, demo_app.store, demo_app.registry, week)
    assert demo_app.config.path is not None
    out = demo_app.config.path.parent / f"digest-{week.isoformat()}.eml"
    out.write_bytes(to_bytes(msg))
    click.echo(f"== weekly digest of the demo week written to {out} (open it in a mail client)")


def _steps():  # type: ignore[no-untyped-def]
    steps = [("store: schema, sources and registry", lambda a: a.store)]
    try:
        from crawler.run import run_crawl
    except ImportError:
        click.echo("note: the crawler is not built yet, so the demo database stays empty", err=True)
        return steps

    def crawl(a: App) -> None:
        stats = run_crawl(a.config, a.store, a.registry, trigger="demo", progress=True)
        click.echo(f"crawl: {stats.get('requests', 0)} requests, {stats.get('articles_new', 0)} new articles, "
                   f"{stats.get('errors', 0)} errors")

    steps.append(("crawl the demo web", crawl))
    return steps


__all__ = ["demo", "app"]

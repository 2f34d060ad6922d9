"""The ``seda`` command line: a thin shell that parses, configures and calls the package.

Errors a user can act on are one line on stderr and a non-zero exit (2 for bad configuration or usage,
1 for the rest); ``--verbose`` adds the traceback of unexpected failures.
"""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from seda.config import ENV_CONFIG, Config, load_config
from seda.errors import SedaError, UsageError

logger = logging.getLogger(__name__)


class App:
    """What every command needs, loaded once on first use and passed down."""

    def __init__(self, config_path: str | None) -> None:
        self.config_path = config_path
        self._config: Config | None = None
        self._factory: Any = None
        self._registry: Any = None

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config

    @property
    def registry(self):  # type: ignore[no-untyped-def]
        if self._registry is None:
            from seda.registry import load_registry

            p = self.config.province
            self._registry = load_registry(_relative(p.agencies_file, self.config), _relative(p.places_file, self.config))
        return self._registry

    @property
    def store(self):  # type: ignore[no-untyped-def]
        """Session factory on the configured database, with the schema, sources and registry in place."""
        if self._factory is None:
            from store.catalog import sync_registry, sync_sources
            from store.db import open_store, transaction

            self._factory = open_store(self.config.database.url)
            with transaction(self._factory) as session:
                sync_registry(session, self.registry)
                sync_sources(session, self.config.sources)
        return self._factory


def _relative(path: str, config: Config) -> Path | None:
    if not path:
        return None
    p = Path(path)
    return p if p.is_absolute() or config.path is None else config.path.parent / p


def setup_logging(verbose: int, quiet: bool) -> None:
    level = logging.WARNING if quiet else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    root = logging.getLogger()
    if not any(getattr(h, "_seda", False) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S"))
        handler._seda = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("scrapy", "trafilatura", "htmldate", "urllib3", "asyncio"):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING) if verbose < 2 else level)


def common(func: Callable[..., Any]) -> Callable[..., Any]:
    """The same --verbose/--quiet on every command (they may also come before the command)."""

    @click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
    @click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors.")
    @click.pass_context
    @functools.wraps(func)
    def wrapper(ctx: click.Context, *args: Any, verbose: int, quiet: bool, **kwargs: Any) -> Any:
        root = ctx.find_root()
        verbose = verbose + root.params.get("verbose", 0)
        quiet = quiet or root.params.get("quiet", False)
        root.meta["verbose"] = verbose
        setup_logging(verbose, quiet)
        return ctx.invoke(func, *args, **kwargs)

    return wrapper


def date_option(name: str, help: str) -> Callable[..., Any]:
    def convert(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
        if value is None:
            return None
        from seda.dates import parse_cli_date

        return parse_cli_date(value)

    return click.option(name, callback=convert, metavar="DATE", help=help + " ISO (2025-11-25) or Jalali (1404-09-04).")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--config", "config_path", metavar="PATH", default=None,
              help=f"Config file (default: ${ENV_CONFIG} or ./config.yaml).")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only warnings and errors.")
@click.version_option(package_name="seda")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, verbose: int, quiet: bool) -> None:
    """Seda («صدا»): how often Lorestan's agencies reach the national media.

    Crawls national outlets and ministry sites, finds the items about the province, credits each to the
    agency whose PR office sourced it, and reports the counts.
    """
    ctx.obj = App(config_path)


def app() -> App:
    return click.get_current_context().find_object(App)  # type: ignore[return-value]


def register_commands() -> None:
    from seda.commands import ALL

    for command in ALL:
        cli.add_command(command)


def main(argv: list[str] | None = None) -> int:
    register_commands()
    try:
        cli.main(args=argv, prog_name="seda", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("seda: aborted", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except SedaError as exc:
        click.echo(f"seda: error: {exc}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("seda: interrupted", err=True)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # an unexpected failure: one line, the traceback with --verbose
        ctx_verbose = "-v" in (argv or sys.argv) or "--verbose" in (argv or sys.argv)
        if ctx_verbose:
            raise
        click.echo(f"seda: internal error: {type(exc).__name__}: {exc} (run with --verbose for the traceback)",
                   err=True)
        return 1
    return 0


__all__ = ["cli", "main", "App", "app", "common", "date_option", "UsageError"]

"""``seda serve``: the analysts' dashboard on uvicorn; also what ``seda demo --serve`` runs."""

from __future__ import annotations

import ipaddress
import logging
import os
import secrets
import socket
from pathlib import Path

import click

from seda.cli import App, app, common

logger = logging.getLogger(__name__)

DEMO_USER = "demo-analyst"
DEMO_PORT = 8080


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def prepare(seda: App) -> int:
    """Check everything a worker needs before starting any (one clear line if not): the schema, registry and
    sources, and the session key (created here once, so every worker reads the same). Returns the number of
    users."""
    from sqlalchemy import func, select

    from store.db import transaction
    from store.models import User
    from web.secret import load_secret_key

    load_secret_key(seda.config)
    with transaction(seda.store) as session:
        return int(session.scalar(select(func.count()).select_from(User)) or 0)


def run_server(seda: App, host: str, port: int, workers: int = 1, *, secure_cookies: bool = False,
               forwarded_allow_ips: str = "127.0.0.1", access_log: bool = True) -> None:
    """Run uvicorn until Ctrl-C. Every worker builds the app from ``$SEDA_CONFIG`` (``web.app.app_from_env``)."""
    import uvicorn

    config_path = seda.config.path
    if config_path is not None:
        os.environ["SEDA_CONFIG"] = str(Path(config_path).resolve())
    os.environ["SEDA_SECURE_COOKIES"] = "1" if secure_cookies else "0"
    uvicorn.run("web.app:app_from_env", factory=True, host=host, port=port, workers=workers,
                proxy_headers=True, forwarded_allow_ips=forwarded_allow_ips, server_header=False,
                date_header=True, access_log=access_log, log_level="info", timeout_graceful_shutdown=10)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes (each with its own database connections).")
@click.option("--secure-cookies", is_flag=True,
              help="Mark the session cookie Secure and send HSTS: for a deployment behind HTTPS.")
@click.option("--forwarded-allow-ips", default="127.0.0.1", show_default=True, metavar="IPS",
              help="Reverse proxies trusted for X-Forwarded-For/-Proto (comma-separated, or '*').")
@common
def serve(host: str, port: int, workers: int, secure_cookies: bool, forwarded_allow_ips: str) -> None:
    """Serve the analysts' dashboard (Persian, right to left) until Ctrl-C.

    The session key comes from $SEDA_SECRET_KEY, else a file created beside the database. Users are
    added with `seda user add NAME --role viewer|analyst|admin`."""
    seda = app()
    users = prepare(seda)
    if not users:
        click.echo("note: no dashboard users yet; add one with: seda user add NAME --role admin", err=True)
    if not _loopback(host) and not secure_cookies:
        click.echo("note: listening beyond this machine without --secure-cookies; put it behind HTTPS", err=True)
    click.echo(f"dashboard on http://{host}:{port}/ ({workers} worker{'s' if workers > 1 else ''}); Ctrl-C to stop")
    run_server(seda, host, port, workers, secure_cookies=secure_cookies, forwarded_allow_ips=forwarded_allow_ips)


def _free(port: int) -> int:
    """``port`` if nothing listens on it on 127.0.0.1, else a free one."""
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return port
        except OSError:
            s.bind(("127.0.0.1", 0))
            return int(s.getsockname()[1])


def serve_demo(seda: App) -> None:
    """After the demo crawl: a demo analyst with a fresh password, and the dashboard until Ctrl-C."""
    from store.db import transaction
    from web.users import add_user, get_user, set_password

    password = secrets.token_urlsafe(12)
    prepare(seda)
    with transaction(seda.store) as session:
        if get_user(session, DEMO_USER) is None:
            add_user(session, DEMO_USER, "analyst", password)
        else:
            set_password(session, DEMO_USER, password)
    port = _free(DEMO_PORT)
    click.echo("== dashboard")
    click.echo(f"  url:      http://127.0.0.1:{port}/")
    click.echo(f"  user:     {DEMO_USER}")
    click.echo(f"  password: {password}")
    click.echo("serving the dashboard on the demo database; Ctrl-C to stop", nl=True)
    run_server(seda, "127.0.0.1", port, 1, access_log=False)


__all__ = ["serve", "run_server", "serve_demo", "DEMO_USER"]

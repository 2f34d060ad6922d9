"""``seda user``: the dashboard's users (add, remove, passwd, list)."""

from __future__ import annotations

import sys

import click

from seda.cli import app, common
from seda.errors import UsageError
from seda.text_table import render_table

ROLES = ("viewer", "analyst", "admin")


def _read_password(from_stdin: bool) -> str:
    """From one line of standard input, or typed twice at a hidden prompt."""
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise UsageError("--password-stdin: nothing on standard input")
        return line.rstrip("\r\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt="Repeat the password"))


@click.group()
def user() -> None:
    """Dashboard users: viewer (reads), analyst (also corrects), admin (also sees the users page)."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True, help="What the user may do.")
@click.option("--password-stdin", is_flag=True, help="Read the password from one line of standard input.")
@common
def add(name: str, role: str, password_stdin: bool) -> None:
    """Add the user NAME; the password is asked twice (or read with --password-stdin)."""
    from store.db import transaction
    from web.users import add_user, check_username

    name = check_username(name)
    password = _read_password(password_stdin)
    with transaction(app().store) as session:
        add_user(session, name, role, password)
    click.echo(f"added user {name} ({role})")


@user.command("remove")
@click.argument("name")
@common
def remove(name: str) -> None:
    """Remove the user NAME (their corrections stay, signed with the name)."""
    from store.db import transaction
    from web.users import remove_user

    with transaction(app().store) as session:
        remove_user(session, name)
    click.echo(f"removed user {name}")


@user.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from one line of standard input.")
@common
def passwd(name: str, password_stdin: bool) -> None:
    """Set a new password for NAME; their open dashboard sessions end."""
    from store.db import transaction
    from web.users import get_user, set_password

    with transaction(app().store) as session:
        if get_user(session, name) is None:
            raise UsageError(f"no user {name!r}")
    password = _read_password(password_stdin)
    with transaction(app().store) as session:
        set_password(session, name, password)
    click.echo(f"password of {name} changed")


@user.command("list")
@common
def list_cmd() -> None:
    """The users, their roles and last logins."""
    from store.db import transaction
    from web.users import list_users

    with transaction(app().store) as session:
        rows = [[u.username, u.role, "yes" if u.active else "no", u.created_at.strftime("%Y-%m-%d %H:%M"),
                 u.last_login.strftime("%Y-%m-%d %H:%M") if u.last_login else "-"] for u in list_users(session)]
    if not rows:
        click.echo("no users yet: seda user add NAME --role admin")
        return
    click.echo(render_table(["user", "role", "active", "created (UTC)", "last login (UTC)"], rows))

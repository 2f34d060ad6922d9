"""``seda user`` and ``seda serve``: users from the command line, the session key file, a real server."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from browser import free_port, wait_up
from web_fixtures import csrf_of, new_store, write_config

from seda.cli import main
from seda.config import load_config
from store.db import open_store, transaction
from store.models import User
from web.passwords import verify_password
from web.secret import ENV_SECRET, FILE_NAME, load_secret_key

SEDA = str(Path(sys.executable).parent / "seda")


@pytest.fixture
def config(tmp_path: Path, registry) -> Path:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'db' / 'seda.db'}"
    new_store(url, registry, users=False).kw["bind"].dispose()
    return write_config(tmp_path / "config.yaml", url)


def _users(config: Path) -> dict[str, User]:
    factory = open_store(load_config(config, env={}).database.url)
    with transaction(factory) as s:
        users = {u.username: u for u in s.scalars(select(User))}
    factory.kw["bind"].dispose()
    return users


def _run(config: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SEDA_CONFIG", "SEDA_DATABASE_URL")}
    return subprocess.run([SEDA, "--config", str(config), *args], input=stdin, capture_output=True, text=True,
                          timeout=120, env=env)


def test_user_add_list_passwd_remove(config: Path) -> None:
    out = _run(config, "user", "add", "Sara", "--role", "analyst", "--password-stdin", stdin="first-password-1\n")
    assert out.returncode == 0, out.stderr
    user = _users(config)["sara"]
    assert user.role == "analyst" and user.password_hash.startswith("$argon2id$")
    assert verify_password(user.password_hash, "first-password-1")
    listed = _run(config, "user", "list")
    assert "sara" in listed.stdout and "analyst" in listed.stdout
    assert _run(config, "user", "passwd", "sara", "--password-stdin", stdin="second-password-2\n").returncode == 0
    assert verify_password(_users(config)["sara"].password_hash, "second-password-2")
    assert _run(config, "user", "remove", "sara").returncode == 0
    assert _users(config) == {}


def test_password_prompted_twice(config: Path) -> None:
    out = _run(config, "user", "add", "omid", "--role", "viewer", stdin="typed-password-1\ntyped-password-1\n")
    assert out.returncode == 0, out.stderr
    assert verify_password(_users(config)["omid"].password_hash, "typed-password-1")


@pytest.mark.parametrize("args,stdin,message", [
    (["user", "add", "x y", "--role", "viewer", "--password-stdin"], "long-enough-pw\n", "not valid"),
    (["user", "add", "nima", "--role", "boss", "--password-stdin"], "long-enough-pw\n", "boss"),
    (["user", "add", "nima", "--role", "viewer", "--password-stdin"], "short\n", "at least 10"),
    (["user", "add", "nima", "--role", "viewer", "--password-stdin"], "", "nothing on standard input"),
    (["user", "remove", "ghost"], "", "no user 'ghost'"),
    (["user", "passwd", "ghost", "--password-stdin"], "long-enough-pw\n", "no user 'ghost'"),
])
def test_user_mistakes_are_one_line(config: Path, args: list[str], stdin: str, message: str) -> None:
    out = _run(config, *args, stdin=stdin)
    assert out.returncode == 2, out
    assert message in out.stderr and "Traceback" not in out.stderr


def test_duplicate_user_is_refused(config: Path) -> None:
    assert _run(config, "user", "add", "reza", "--role", "viewer", "--password-stdin", stdin="long-enough-pw\n").returncode == 0
    out = _run(config, "user", "add", "reza", "--role", "admin", "--password-stdin", stdin="long-enough-pw\n")
    assert out.returncode == 2 and "exists already" in out.stderr


def test_secret_key_file_beside_the_database(config: Path) -> None:
    cfg = load_config(config, env={})
    key = load_secret_key(cfg, env={})
    path = config.parent / "db" / FILE_NAME
    assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(key) >= 32 and load_secret_key(cfg, env={}) == key  # read back, not replaced
    assert load_secret_key(cfg, env={ENV_SECRET: "e" * 40}) == "e" * 40


def test_short_secret_from_env_is_refused(config: Path) -> None:
    from seda.errors import ConfigError

    with pytest.raises(ConfigError):
        load_secret_key(load_config(config, env={}), env={ENV_SECRET: "short"})


def test_serve_help() -> None:
    assert main(["serve", "--help"]) == 0


@pytest.mark.slow
def test_serve_with_two_workers(config: Path) -> None:
    assert _run(config, "user", "add", "ali", "--role", "analyst", "--password-stdin",
                stdin="analyst-pass-1234\n").returncode == 0
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k not in ("SEDA_CONFIG", "SEDA_DATABASE_URL", ENV_SECRET)}
    proc = subprocess.Popen([SEDA, "--config", str(config), "serve", "--port", str(port), "--workers", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        wait_up(base, proc)
        # several logins and page loads: whichever worker answers, the session key is the same
        for _ in range(4):
            with httpx.Client(base_url=base) as client:
                token = csrf_of(client.get("/login").text)
                response = client.post("/login", data={"username": "ali", "password": "analyst-pass-1234",
                                                       "csrf": token, "next": "/articles"})
                assert response.status_code == 303 and response.headers["location"] == "/articles"
                for _ in range(3):
                    page = client.get("/articles")
                    assert page.status_code == 200 and 'dir="rtl"' in page.text
                    assert "server" not in page.headers
        assert (config.parent / "db" / FILE_NAME).exists()
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""

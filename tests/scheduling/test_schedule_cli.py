"""``seda schedule`` and ``python scheduler.py``: --list, --once, --history, help on every option,
one-line errors."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from schedhelp import SlowSite, write_config
from seda.cli import cli, main, register_commands
from store.db import make_engine
from store.locks import crawl_lock

ROOT = Path(__file__).resolve().parents[2]
register_commands()


def test_list_prints_tehran_fire_times_whatever_the_server_zone(tmp_path: Path, server_tz,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    server_tz("America/New_York")
    config = write_config(tmp_path / "config.yaml", f"sqlite:///{tmp_path / 'seda.db'}")
    assert main(["--config", str(config.path), "schedule", "--list"]) == 0
    header, crawl, digest = capsys.readouterr().out.splitlines()
    assert header.split() == ["job", "next", "run", "(Asia/Tehran)", "jalali", "cron"]
    assert re.fullmatch(r"crawl +\w{3} \d{4}-\d\d-\d\d 01:30 \+0330 +14\d\d-\d\d-\d\d +30 1 \* \* \*", crawl)
    assert re.fullmatch(r"digest +Sat \d{4}-\d\d-\d\d 08:00 \+0330 +14\d\d-\d\d-\d\d +0 8 \* \* sat +"
                        r"\(week 14\d\d-\d\d-\d\d\.\.14\d\d-\d\d-\d\d\)", digest)
    assert not (tmp_path / "seda.db").exists()  # listing does not touch the database

    assert main(["--config", str(config.path), "schedule", "--list", "--count", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()[1:]
    assert [line.split()[0] for line in lines] == ["crawl"] * 3 + ["digest"] * 3


def test_scheduler_py_is_the_same_shell(tmp_path: Path) -> None:
    config = write_config(tmp_path / "config.yaml", f"sqlite:///{tmp_path / 'seda.db'}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEDA_")} | {"TZ": "UTC"}
    shell = subprocess.run([sys.executable, str(ROOT / "scheduler.py"), "--config", str(config.path), "--list"],
                           capture_output=True, text=True, env=env, timeout=60)
    seda = subprocess.run([str(Path(sys.executable).parent / "seda"), "--config", str(config.path), "schedule",
                           "--list"], capture_output=True, text=True, env=env, timeout=60)
    assert shell.returncode == 0 and seda.returncode == 0, shell.stderr + seda.stderr
    assert shell.stdout.splitlines()[0] == seda.stdout.splitlines()[0]
    assert [line.split()[:1] + line.split()[3:5] for line in shell.stdout.splitlines()[1:]] == \
        [line.split()[:1] + line.split()[3:5] for line in seda.stdout.splitlines()[1:]]

    missing = subprocess.run([sys.executable, str(ROOT / "scheduler.py"), "--config", str(tmp_path / "nope.yaml"),
                              "--list"], capture_output=True, text=True, env=env, timeout=60)
    assert missing.returncode == 2
    assert missing.stderr.strip().startswith("scheduler: error: config file not found") and missing.stderr.count(
        "\n") == 1


def test_every_option_has_help() -> None:
    command = cli.commands["schedule"]
    assert (command.help or "").strip()
    for param in command.params:
        if isinstance(param, click.Option):
            assert (param.help or "").strip(), f"seda schedule {param.opts[0]} has no help"
    import scheduler

    for action in scheduler.parser()._actions:
        assert (action.help or "").strip(), f"scheduler.py {action.option_strings} has no help"
    out = subprocess.run([sys.executable, str(ROOT / "scheduler.py"), "--help"], capture_output=True, text=True,
                         timeout=60).stdout
    for option in ("--config", "--once", "--list", "--history", "--count", "--verbose", "--quiet"):
        assert option in out


@pytest.mark.parametrize(("args", "message"), [
    (["--once", "crawl", "--list"], "use only one of --once, --list and --history"),
    (["--count", "3"], "--count goes with --list or --history"),
    (["--once", "index"], "Invalid value for '--once'"),
])
def test_usage_mistakes_are_one_line_exit_2(tmp_path: Path, args: list[str], message: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path / "config.yaml", f"sqlite:///{tmp_path / 'seda.db'}")
    assert main(["--config", str(config.path), "schedule", *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_bad_cron_line_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path / "config.yaml", f"sqlite:///{tmp_path / 'seda.db'}",
                          schedule={"crawl": "30 25 * * *"})
    assert main(["--config", str(config.path), "schedule", "--list"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("seda: error: schedule.crawl: '30 25 * * *' is not a valid cron expression")
    assert "\n" not in err


def test_once_digest_without_the_digest_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path / "config.yaml", f"sqlite:///{tmp_path / 'seda.db'}")
    monkeypatch.setitem(sys.modules, "digest", None)
    assert main(["--config", str(config.path), "schedule", "--once", "digest", "-q"]) == 1
    err = capsys.readouterr().err.strip()
    assert re.fullmatch(r"seda: error: digest failed: week 14\d\d-\d\d-\d\d\.\.14\d\d-\d\d-\d\d: the digest package "
                        r"cannot be imported .*", err)


def test_once_crawl_runs_records_and_respects_the_lock(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'seda.db'}"
    with SlowSite(delay=0.0, articles=3) as site:
        config = write_config(tmp_path / "config.yaml", url, homepage=site.url)
        assert main(["--config", str(config.path), "schedule", "--once", "crawl"]) == 0, capsys.readouterr().err
        out = capsys.readouterr().out.strip()
        assert re.fullmatch(r"crawl ok: crawl run 1: \d+ requests, 3 new and 0 updated articles, \d+ errors", out)

        engine = make_engine(url)
        with crawl_lock(engine):  # another crawl is running
            assert main(["--config", str(config.path), "schedule", "--once", "crawl"]) == 1
        engine.dispose()
        err = capsys.readouterr().err.strip().splitlines()[-1]
        assert err.startswith("seda: error: crawl skipped: another crawl is running (lock 'crawl' held by ")

    assert main(["--config", str(config.path), "schedule", "--history"]) == 0
    newest, oldest = capsys.readouterr().out.splitlines()
    assert newest.split()[4:8] == ["crawl", "once", "skipped", "another"]
    assert oldest.split()[4:8] == ["crawl", "once", "ok", "crawl"]

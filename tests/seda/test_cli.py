"""The command line: every command has help; user mistakes are one line and a non-zero exit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from seda.cli import cli, main, register_commands

register_commands()


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for name, cmd in group.commands.items():
        out.append((*prefix, name))
        if isinstance(cmd, click.Group):
            out.extend(_commands(cmd, (*prefix, name)))
    return out


@pytest.mark.parametrize("path", _commands(cli))
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    cmd: click.Command = cli
    for part in path:
        cmd = cmd.commands[part]  # type: ignore[attr-defined]
    assert (cmd.help or "").strip(), f"seda {' '.join(path)} has no help text"


def test_contract_commands_exist() -> None:
    names = set(cli.commands)
    assert {"crawl", "export", "report", "demo"} <= names


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bad_config_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "sources:\n  - {id: a, name: n, kind: blog, level: national, homepage: 'https://a.ir/'}\n")
    assert main(["--config", str(path), "check"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "kind 'blog'" in err and "Traceback" not in err


def test_bad_date_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, f"database: {{url: 'sqlite:///{tmp_path}/s.db'}}\n")
    assert main(["--config", str(path), "export", "--since", "1404-13-40"]) == 2
    assert "not a valid Jalali date" in capsys.readouterr().err


def test_database_down_is_one_line_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "database: {url: 'postgresql://postgres@127.0.0.1:1/seda'}\n")
    assert main(["--config", str(path), "report"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("seda: error: cannot use database") and "\n" not in err


def test_env_config_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "database: {url: 'sqlite:///s.db'}\nsources:\n"
                            "  - {id: a, name: n, kind: other, level: national, homepage: 'https://a.ir/'}\n")
    monkeypatch.setenv("SEDA_CONFIG", str(path))
    assert main(["sources"]) == 0
    assert "https://a.ir/" in capsys.readouterr().out
    assert (tmp_path / "s.db").exists() is False  # listing sources does not touch the database


def test_console_script_runs() -> None:
    exe = Path(sys.executable).parent / "seda"
    out = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "crawl" in out.stdout

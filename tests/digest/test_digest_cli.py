"""``seda digest``: --out writes the .eml, --send sends once, failures are one line and exit 1."""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

import pytest
from digest_fixtures import WEEK, DroppingServer, Recorder, free_port, record, serve, write_config

import digest.send
from digest import Week
from seda.cli import main
from seda.dates import today_tehran


def run(config_path: Path, *args: str) -> int:
    return main(["--config", str(config_path), "digest", *args])


@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(digest.send, "BACKOFF_SECONDS", 0.0)


def test_out_writes_the_eml(stored_week, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    url, factory = stored_week
    config = write_config(tmp_path, url, port=free_port())
    out = tmp_path / "digest.eml"
    assert run(config.path, "--week", "1404-09-04", "--out", str(out)) == 0  # a Jalali day of the week
    assert "written to" in capsys.readouterr().out
    msg = email.message_from_bytes(out.read_bytes(), policy=policy.default)
    assert msg["Subject"].endswith("هفته ۱ تا ۷ آذر ۱۴۰۴")
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]
    assert record(factory) is None  # writing a file sends nothing and records nothing
    assert run(config.path, "--week", "2025-11-28", "--out", str(tmp_path / "iso.eml")) == 0  # ISO, a Friday
    iso = email.message_from_bytes((tmp_path / "iso.eml").read_bytes(), policy=policy.default)
    assert iso["X-Seda-Week"] == "2025-11-22"


def test_preview_defaults_to_the_last_complete_week(stored_week, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    url, _ = stored_week
    config = write_config(tmp_path, url, port=free_port())
    assert run(config.path) == 0
    out = capsys.readouterr().out
    assert Week.last_complete(today_tehran()).label in out and "رتبه‌بندی دستگاه‌ها" in out
    assert "\r" not in out


def test_send_once(stored_week, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    url, factory = stored_week
    with serve(Recorder()) as (handler, port):
        config = write_config(tmp_path, url, port=port)
        out = tmp_path / "sent.eml"
        assert run(config.path, "--week", "2025-11-25", "--send", "--out", str(out)) == 0
        assert "sent to 2 recipient(s)" in capsys.readouterr().out
        assert len(handler.envelopes) == 1
        # the file written is the message sent
        written = email.message_from_bytes(out.read_bytes(), policy=policy.default)
        got = email.message_from_bytes(handler.envelopes[0].original_content, policy=policy.default)
        assert written["Message-ID"] == got["Message-ID"]
        assert run(config.path, "--week", "2025-11-25", "--send") == 0
        captured = capsys.readouterr()
        assert "already sent" in captured.out and "--force" in captured.out
        assert len(handler.envelopes) == 1
        assert run(config.path, "--week", "2025-11-25", "--send", "--force") == 0
        assert len(handler.envelopes) == 2
    rec = record(factory)
    assert rec is not None and rec.status == "sent" and rec.attempts == 2


@pytest.mark.parametrize("server", ["refusing", "dropping"])
def test_failed_send_exits_1(server: str, stored_week, tmp_path: Path, no_backoff,  # type: ignore[no-untyped-def]
                             capsys: pytest.CaptureFixture[str]) -> None:
    url, factory = stored_week
    if server == "refusing":
        with serve(Recorder(refuse_data="554 5.7.1 Rejected")) as (handler, port):
            code = run(write_config(tmp_path, url, port=port).path, "--week", "2025-11-25", "--send")
        tries = handler.data_calls
    else:
        with DroppingServer() as dropping:
            code = run(write_config(tmp_path, url, port=dropping.port).path, "--week", "2025-11-25", "--send")
        tries = dropping.connections
    assert code == 1 and tries == digest.send.SEND_ATTEMPTS
    err = capsys.readouterr().err.strip()
    assert err.startswith("seda: error: the digest of the week 2025-11-22..2025-11-28") and "\n" not in err
    assert ("554" in err) if server == "refusing" else ("closed the connection" in err)
    rec = record(factory)
    assert rec is not None and rec.status == "failed" and rec.attempts == digest.send.SEND_ATTEMPTS


def test_user_mistakes_are_one_line_exit_2(stored_week, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                           capsys: pytest.CaptureFixture[str]) -> None:
    url, factory = stored_week
    config = write_config(tmp_path, url, port=free_port())
    cases = [
        (["--week", "1404-13-01"], "not a valid Jalali date"),
        (["--force"], "--force only makes sense with --send"),
        (["--week", today_tehran().isoformat(), "--send"], "has not ended yet"),
    ]
    for args, message in cases:
        assert run(config.path, *args) == 2, args
        err = capsys.readouterr().err.strip()
        assert message in err and "\n" not in err and "Traceback" not in err
    monkeypatch.delenv("SEDA_TEST_SMTP_PW", raising=False)
    no_password = write_config(tmp_path, url, port=free_port(), username="seda", password_env="SEDA_TEST_SMTP_PW")
    assert run(no_password.path, "--week", "2025-11-25", "--send") == 2
    assert "SEDA_TEST_SMTP_PW" in capsys.readouterr().err
    nobody = write_config(tmp_path, url, port=free_port(), recipients=[])
    assert run(nobody.path, "--week", "2025-11-25", "--send") == 2
    assert "digest.recipients" in capsys.readouterr().err
    assert run(config.path, "--week", "2025-11-25", "--out", str(tmp_path / "missing" / "x.eml")) == 2
    assert "cannot write" in capsys.readouterr().err
    assert record(factory) is None


def test_week_constant_matches_cli_parsing() -> None:
    from seda.dates import parse_cli_date

    assert Week.of(parse_cli_date("1404-09-04")).start == WEEK

"""`seda demo` end to end: the demo web crawled into a fresh database, the agency table and the digest."""

from __future__ import annotations

import subprocess
import sys
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_demo_runs_to_its_end(tmp_path: Path) -> None:
    seda = Path(sys.executable).parent / "seda"
    out = subprocess.run([str(seda), "demo", "--dir", str(tmp_path / "demo")], capture_output=True, text=True,
                         timeout=600, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "92 new articles" in out.stdout
    assert "credited items about the province" in out.stdout
    table = out.stdout.split("== coverage by agency", 1)[1]
    assert "شرکت آب و فاضلاب استان لرستان" in table
    emls = list((tmp_path / "demo").glob("digest-*.eml"))
    assert len(emls) == 1
    msg = BytesParser(policy=policy.default).parse(emls[0].open("rb"))
    html = msg.get_body(("html",)).get_content()
    assert 'dir="rtl"' in html and "هفته" in msg["subject"]
    assert "Traceback" not in out.stderr

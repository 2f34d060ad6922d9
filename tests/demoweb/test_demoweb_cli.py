"""``python -m demoweb serve|truth|sources``."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import yaml

FIXTURE_DIR = Path(__file__).resolve().parent / "content"
ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "demoweb", *args], cwd=ROOT, env=ENV, capture_output=True,
                          text=True, timeout=120)


def test_truth_command_writes_json(tmp_path):
    out = tmp_path / "truth.json"
    result = run("-q", "truth", "--out", str(out), "--anchor", "2025-12-03", "--content-dir", str(FIXTURE_DIR),
                 "--base-port", "18701")
    assert result.returncode == 0, result.stderr
    truth = json.loads(out.read_text(encoding="utf-8"))
    assert truth["anchor"] == "2025-12-03" and truth["week"]["start_jalali"] == "1404-09-01"
    assert truth["sites"]["payam"] == "http://127.0.0.1:18701"
    assert len(truth["articles"]) == 13 and truth["traps"]


def test_sources_command(tmp_path):
    result = run("-q", "sources", "--content-dir", str(FIXTURE_DIR), "--base-port", "18701", "--anchor", "2025-12-03")
    assert result.returncode == 0, result.stderr
    sources = yaml.safe_load(result.stdout)["sources"]
    assert [s["id"] for s in sources] == ["payam", "sepehr", "baran", "niroo", "kar", "aflak"]


def test_bad_content_is_one_clear_error(tmp_path):
    (tmp_path / "bad.yaml").write_text("articles:\n  - id: x\n", encoding="utf-8")
    result = run("truth", "--out", str(tmp_path / "t.json"), "--content-dir", str(tmp_path))
    assert result.returncode == 2
    assert "bad.yaml: x: missing or empty 'site'" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_prints_urls_and_stops_on_ctrl_c():
    process = subprocess.Popen([sys.executable, "-m", "demoweb", "-q", "serve", "--base-port", "0",
                                "--content-dir", str(FIXTURE_DIR), "--synthetic", "30"],
                               cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        for line in process.stdout:
            lines.append(line)
            if line.startswith("Ctrl-C"):
                break
        urls = dict(line.split() for line in lines if line.startswith("  "))
        assert set(urls) == {"payam", "sepehr", "baran", "niroo", "kar", "aflak", "synth"}
        with urllib.request.urlopen(urls["payam"], timeout=10) as response:
            assert response.status == 200
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

"""`seda correct`, `seda export` and `seda report` on a real store (SQLite and PostgreSQL): corrections win,
exports open back."""

from __future__ import annotations

import csv
import datetime
import io
import json
from pathlib import Path

import pytest

from seda.cli import main

TEHRAN = datetime.timezone(datetime.timedelta(hours=3, minutes=30))


@pytest.fixture
def config(tmp_path: Path, db_url: str) -> Path:
    from seda.config import load_config
    from seda.registry import load_registry
    from store.articles import ArticleData, CreditData, set_classification, upsert_article
    from store.catalog import sync_registry, sync_sources
    from store.db import open_store, transaction

    path = tmp_path / "config.yaml"
    path.write_text(f"database: {{url: '{db_url}'}}\nsources:\n"
                    "  - {id: payam, name: پیام, kind: news_agency, level: national, homepage: 'http://127.0.0.1/'}\n",
                    encoding="utf-8")
    cfg = load_config(path, env={})
    factory = open_store(cfg.database.url)
    with transaction(factory) as s:
        sync_registry(s, load_registry())
        sync_sources(s, cfg.sources)
        for i, (day, agency) in enumerate([(23, "ab_mantaghei"), (25, "abfa")]):
            aid, _ = upsert_article(s, ArticleData(
                url=f"http://127.0.0.1/news/{i}", source_id="payam", title=f"خبر شماره {i} از خرم‌آباد",
                lead="به گزارش روابط عمومی شرکت آب منطقه‌ای لرستان،", text="متن خبر درباره لرستان",
                published=datetime.datetime(2025, 11, day, 10, 0, tzinfo=TEHRAN)))
            set_classification(s, aid, relevance="about", score=0.9, kind="news", evidence={}, model_version="t",
                               credits=[CreditData(agency, "source", 0.9, "به گزارش روابط عمومی")])
    factory.kw["bind"].dispose()
    return path


def test_correction_wins_in_export_and_report(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(config), "correct", "http://127.0.0.1/news/0", "--agency", "abfa",
                 "--kind", "interview", "--by", "analyst1"]) == 0
    capsys.readouterr()
    assert main(["--config", str(config), "export", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    first = next(r for r in rows if r["url"].endswith("/0"))
    assert first["agency"] == "abfa" and first["kind"] == "interview" and first["corrected"] == ["agency", "kind"]
    assert first["text"].startswith("به گزارش روابط عمومی") and "\u200c" in first["title"]
    assert main(["--config", str(config), "report", "--active"]) == 0
    out = capsys.readouterr().out
    assert "شرکت آب و فاضلاب استان لرستان" in out and "شرکت آب منطقه‌ای لرستان" not in out


def test_not_about_removes_from_counts(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(config), "correct", "http://127.0.0.1/news/1", "--not-about"]) == 0
    capsys.readouterr()
    main(["--config", str(config), "export"])
    rows = {json.loads(x)["url"]: json.loads(x) for x in capsys.readouterr().out.splitlines()}
    assert rows["http://127.0.0.1/news/1"]["relevance"] == "none"


@pytest.mark.parametrize("args", [["--agency", "nope"], [], ["--not-about", "--relevance", "about"]])
def test_bad_corrections_are_refused(config: Path, args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(config), "correct", "http://127.0.0.1/news/0", *args]) == 2
    assert capsys.readouterr().err.startswith("seda: error:")


def test_export_date_filters_jalali_and_iso(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--config", str(config), "export", "--since", "1404-09-04"])  # = 2025-11-25
    assert len(capsys.readouterr().out.splitlines()) == 1
    main(["--config", str(config), "export", "--until", "2025-11-24"])
    assert len(capsys.readouterr().out.splitlines()) == 1


def test_csv_has_bom_and_xlsx_opens_back(config: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    assert main(["--config", str(config), "export", "--format", "csv", "--out", str(tmp_path / "a.csv")]) == 0
    raw = (tmp_path / "a.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[0]["source"] == "payam"
    assert main(["--config", str(config), "export", "--format", "xlsx", "--out", str(tmp_path / "a.xlsx")]) == 0
    ws = load_workbook(tmp_path / "a.xlsx").active
    values = list(ws.values)
    assert values[0][0] == "url" and len(values) == 3
    assert any("خبر شماره" in str(v) for v in values[1])


def test_spreadsheet_exports_never_hold_formulas() -> None:
    from seda.export import _flat

    assert _flat("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert _flat("+98 خبر") == "'+98 خبر" and _flat("خبر") == "خبر" and _flat(3) == 3

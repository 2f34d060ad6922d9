"""`seda db upgrade|current` and `seda search` on the test database (SQLite, or PostgreSQL with
SEDA_TEST_DATABASE_URL)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from seda.cli import main
from store.migrations import head_revision

TEHRAN = datetime.timezone(datetime.timedelta(hours=3, minutes=30))


def _config(tmp_path: Path, url: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(f"database: {{url: '{url}'}}\nsources:\n"
                    "  - {id: payam, name: پیام, kind: news_agency, level: national, homepage: 'http://payam.test/'}\n"
                    "  - {id: baran, name: باران, kind: newspaper, level: national, homepage: 'http://baran.test/'}\n",
                    encoding="utf-8")
    return path


def test_db_current_and_upgrade(tmp_path: Path, database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    config = str(_config(tmp_path, database_url))
    head = head_revision()
    assert main(["--config", config, "db", "current"]) == 0
    assert f"no revision (empty, or made before migrations); head is {head}" in capsys.readouterr().out
    assert main(["--config", config, "db", "upgrade"]) == 0
    assert capsys.readouterr().out.strip().endswith(f": empty → {head}")
    assert main(["--config", config, "db", "upgrade"]) == 0
    assert capsys.readouterr().out.strip().endswith(f": already at {head} (head)")
    assert main(["--config", config, "db", "current"]) == 0
    assert capsys.readouterr().out.strip().endswith(f": {head} (head, up to date)")


def test_db_current_on_a_database_that_is_down(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = str(_config(tmp_path, "postgresql://postgres@127.0.0.1:1/seda"))
    assert main(["--config", config, "db", "current"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("seda: error: cannot use database") and "\n" not in err


@pytest.fixture
def archive(tmp_path: Path, database_url: str) -> Path:
    from seda.config import load_config
    from seda.registry import load_registry
    from store.articles import ArticleData, CreditData, set_classification, upsert_article
    from store.catalog import sync_registry, sync_sources
    from store.db import open_store, transaction

    path = _config(tmp_path, database_url)
    cfg = load_config(path, env={})
    factory = open_store(cfg.database.url)
    with transaction(factory) as s:
        sync_registry(s, load_registry())
        sync_sources(s, cfg.sources)
        for i, (source, day, title, agency) in enumerate([
                ("payam", 22, "نشست روابط‌عمومی‌های\tاستان در خرم‌آباد", "ostandari_lorestan"),
                ("baran", 25, "آبرسانی به روستاهای كوهدشت", "abfa"),
                ("payam", 26, "سیل در کوهدشت", "helal_ahmar")]):
            aid, _ = upsert_article(s, ArticleData(url=f"http://{source}.test/{i}", source_id=source, title=title,
                                                   text="به گزارش روابط عمومی", published=datetime.datetime(
                                                       2025, 11, day, 10, tzinfo=TEHRAN)))
            set_classification(s, aid, relevance="about", score=0.9, kind="news", evidence={}, model_version="t",
                               credits=[CreditData(agency, "source")])
    factory.kw["bind"].dispose()
    return path


def test_search_prints_one_hit_per_line(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(archive), "search", "کوهدشت"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["1404-09-05\tpayam\tسیل در کوهدشت\thttp://payam.test/2",
                     "1404-09-04\tbaran\tآبرسانی به روستاهای كوهدشت\thttp://baran.test/1"]
    assert main(["--config", str(archive), "search", "روابط عمومی", "--since", "1404-09-01", "--until", "2025-11-22"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "1404-09-01\tpayam\tنشست روابط‌عمومی‌های استان در خرم‌آباد\thttp://payam.test/0"]  # a tab in a title is a space
    assert main(["--config", str(archive), "search", "کوهدشت", "--source", "baran"]) == 0
    assert capsys.readouterr().out.count("\n") == 1
    assert main(["--config", str(archive), "search", "کوهدشت", "--agency", "helal_ahmar", "--limit", "5"]) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith("http://payam.test/2")
    assert main(["--config", str(archive), "search", "تهران"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "" and "no stored article matches" in captured.err


@pytest.mark.parametrize(("args", "message"), [
    (["*"], "nothing to search for"),
    (["کوهدشت", "--source", "nope"], "unknown source id 'nope'"),
    (["کوهدشت", "--agency", "nope"], "unknown agency id 'nope'"),
    (["کوهدشت", "--since", "1404-09-05", "--until", "1404-09-01"], "--since is after --until"),
])
def test_search_mistakes_are_one_line_exit_2(archive: Path, args: list[str], message: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(archive), "search", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("seda: error:") and message in err and "\n" not in err

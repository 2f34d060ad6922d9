"""Alembic migrations: a migrated database equals the models, old create_all databases are stamped,
upgrades are idempotent, downgrades work, an unknown revision is one clear error."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, func, insert, inspect, select, text

from seda.errors import StoreError
from store.db import init_db, make_engine, open_store, transaction
from store.migrations import SCRIPT_LOCATION, alembic_config, head_revision, include_name
from store.models import Article, Base, SourceRow
from store.schema import current, upgrade
from store.search import SEARCH_TABLES, search

ROOT = Path(__file__).resolve().parents[2]
FTS5_SHADOWS = {"article_fts_data", "article_fts_idx", "article_fts_docsize", "article_fts_config"}


def _differences(engine) -> list:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": include_name, "compare_type": True,
                                                         "compare_server_default": True})
        return compare_metadata(context, Base.metadata)


def test_migrated_database_equals_the_models(db_url: str) -> None:
    engine = make_engine(db_url)
    assert current(engine) == (None, head_revision())
    init_db(engine)
    assert _differences(engine) == []
    tables = set(inspect(engine).get_table_names())
    search_tables = set(SEARCH_TABLES) if engine.dialect.name == "sqlite" else {"article_search"}
    assert tables - FTS5_SHADOWS == set(Base.metadata.tables) | search_tables | {"alembic_version"}
    assert current(engine) == (head_revision(), head_revision())
    engine.dispose()


def test_upgrade_is_a_no_op_at_head(db_url: str) -> None:
    engine = make_engine(db_url)
    first = upgrade(engine)
    assert (first.before, first.after, first.changed) == (None, head_revision(), True)
    again = upgrade(engine)
    assert (again.before, again.changed, again.stamped) == (head_revision(), False, False)
    engine.dispose()


def _legacy_metadata() -> MetaData:
    """The models as ``create_all`` made them before migrations: no naming convention."""
    plain = MetaData()
    for table in Base.metadata.sorted_tables:
        table.to_metadata(plain)
    return plain


def test_database_from_before_migrations_is_stamped_and_upgraded(db_url: str) -> None:
    engine = make_engine(db_url)
    legacy = _legacy_metadata()
    # an older create_all that did not have the dashboard's tables yet
    with engine.begin() as conn:
        legacy.create_all(conn, tables=[t for n, t in legacy.tables.items() if n not in ("users", "login_attempts")])
        conn.execute(insert(SourceRow).values(id="payam", name="پیام", kind="news_agency", level="national",
                                              homepage="http://127.0.0.1/", settings={}))
        now = datetime.datetime.now(datetime.UTC)
        conn.execute(insert(Article).values(url="http://127.0.0.1/1", source_id="payam", title="سیل در پلدختر",
                                            text="روابط‌عمومی هلال احمر", content_hash="x", first_seen=now,
                                            last_seen=now, evidence={}))
    result = upgrade(engine)
    assert result.stamped and result.after == head_revision()
    assert {"users", "login_attempts", "article_search"} <= set(inspect(engine).get_table_names())
    factory = open_store(db_url)
    with transaction(factory) as s:
        assert s.scalar(select(func.count()).select_from(Article)) == 1
        # the search migration indexed the article that was already there
        assert [h.title for h in search(s, "روابط عمومی پلدختر")] == ["سیل در پلدختر"]
    factory.kw["bind"].dispose()
    engine.dispose()


def test_downgrade_to_nothing_and_back(db_url: str) -> None:
    engine = make_engine(db_url)
    init_db(engine)
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    init_db(engine)
    assert _differences(engine) == []
    engine.dispose()


def test_unknown_revision_is_one_clear_error(db_url: str) -> None:
    engine = make_engine(db_url)
    init_db(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
    with pytest.raises(StoreError, match="revision f00d.*newer version of Seda"):
        open_store(db_url)
    engine.dispose()


def test_migrations_are_found_from_any_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert SCRIPT_LOCATION.is_absolute() and (SCRIPT_LOCATION / "env.py").exists()
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    assert upgrade(engine).after == head_revision()
    engine.dispose()


def test_models_and_migrations_agree_by_alembic_check(tmp_path: Path) -> None:
    """``alembic check`` through the project's own entry point: what `revision --autogenerate` runs."""
    env = {k: v for k, v in os.environ.items() if k != "SEDA_DATABASE_URL"}
    out = subprocess.run([sys.executable, "-m", "store.migrations", "check"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "No new upgrade operations detected" in out.stdout + out.stderr

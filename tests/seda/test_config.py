"""config.yaml: defaults, overrides, and one clear error per kind of mistake."""

from __future__ import annotations

from pathlib import Path

import pytest

from seda.config import Config, load_config, parse_config
from seda.errors import ConfigError

GOOD_SOURCE = "  - {id: irna, name: ایرنا, kind: news_agency, level: national, homepage: 'https://www.irna.ir/'}\n"


def test_minimal_config_gets_defaults() -> None:
    cfg = parse_config("database: {url: 'sqlite:////tmp/x.db'}\nsources:\n" + GOOD_SOURCE)
    assert cfg.crawl.max_age_days == Config().crawl.max_age_days
    assert cfg.schedule.timezone == "Asia/Tehran"
    assert cfg.sources[0].id == "irna" and cfg.sources[0].feeds == []


def test_empty_file_is_all_defaults() -> None:
    assert parse_config("").sources == []


@pytest.mark.parametrize(("text", "expected"), [
    ("crawl: {max_age: 3}", ["crawl: unknown key 'max_age'", "max_age_days"]),
    ("databse: {url: x}", ["config: unknown key 'databse'", "database"]),
    ("sources:\n  - {id: a, name: n, kind: blog, level: national, homepage: 'https://a.ir/'}",
     ["source 'a'", "kind 'blog'", "news_agency, newspaper, broadcaster, ministry, provincial_outlet, other"]),
    ("sources:\n  - {id: a, name: n, kind: other, level: county, homepage: 'https://a.ir/'}",
     ["source 'a'", "level 'county'", "national, provincial"]),
    ("sources:\n  - {id: a, name: n, kind: other, level: national}", ["source 'a'", "missing required key 'homepage'"]),
    ("sources:\n  - {id: a, name: n, kind: other, level: national, homepage: 'www.a.ir'}",
     ["source 'a'", "homepage", "not a valid http(s) URL"]),
    ("sources:\n  - {id: a, name: n, kind: other, level: national, homepage: 'https://a.ir/', feeds: ['ftp://x']}",
     ["source 'a'", "feeds"]),
    ("sources:\n  - {id: a, name: n, kind: other, level: national, homepage: 'https://a.ir/', search: 'https://a.ir/s'}",
     ["source 'a'", "{query}"]),
    ("sources:\n  - {id: A B, name: n, kind: other, level: national, homepage: 'https://a.ir/'}", ["not a valid source id"]),
    ("sources:\n" + GOOD_SOURCE + GOOD_SOURCE, ["duplicate id 'irna'"]),
    ("crawl:\n  max_age_days: [1\n", ["line 3", "not valid YAML"]),
    ("crawl: {max_age_days: many}", ["crawl.max_age_days", "whole number"]),
    ("crawl: {max_age_days: 0}", ["crawl.max_age_days", "positive"]),
    ("digest: {smtp: {security: tls}}", ["digest.smtp.security", "none, starttls, ssl"]),
    ("schedule: {timezone: Mars/Base}", ["schedule.timezone"]),
    ("schedule: {crawl: 'every night'}", ["schedule.crawl", "cron"]),
    ("- just\n- a list", ["top level must be a mapping"]),
])
def test_config_errors_name_the_key_and_allowed_values(text: str, expected: list[str]) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config(text)
    message = str(err.value)
    assert "\n" not in message
    for part in expected:
        assert part in message


def test_env_overrides(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("database: {url: 'sqlite:///rel/seda.db'}\n", encoding="utf-8")
    cfg = load_config(env={"SEDA_CONFIG": str(path)})
    assert cfg.database.url == f"sqlite:///{tmp_path / 'rel' / 'seda.db'}"  # relative to the config file
    cfg = load_config(env={"SEDA_CONFIG": str(path), "SEDA_DATABASE_URL": "postgresql://u@h/db"})
    assert cfg.database.url == "postgresql://u@h/db"


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "none.yaml", env={})


def test_shipped_config_is_valid() -> None:
    cfg = load_config(Path(__file__).resolve().parents[2] / "config.yaml", env={})
    assert len(cfg.sources) >= 20
    assert {s.kind for s in cfg.sources} >= {"news_agency", "ministry"}
    assert cfg.source("irna").homepage.startswith("https://")

"""Loading and validating ``config.yaml``.

Defaults live here, in the dataclasses below; the user's file only overrides them. The file is read once
by an entry point (the CLI, the scheduler) and the resulting :class:`Config` is passed down; library code
never reads the file itself. Every validation error names the key, the source id where there is one, and
the allowed values, so the operator can fix the line without reading code.
"""

from __future__ import annotations

import dataclasses
import os
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from seda.errors import ConfigError

ENV_CONFIG = "SEDA_CONFIG"
ENV_DATABASE_URL = "SEDA_DATABASE_URL"
DEFAULT_CONFIG_PATH = "config.yaml"

SOURCE_KINDS = ("news_agency", "newspaper", "broadcaster", "ministry", "provincial_outlet", "other")
SOURCE_LEVELS = ("national", "provincial")
SMTP_SECURITY = ("none", "starttls", "ssl")
SOURCE_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


@dataclass(frozen=True)
class DatabaseConfig:
    # Relative SQLite paths are resolved against the config file's folder (see resolve_database_url).
    url: str = "sqlite:///data/seda.db"


@dataclass(frozen=True)
class ProvinceConfig:
    id: str = "lorestan"
    name_fa: str = "لرستان"
    # Registry files; empty means the ones shipped in seda/registry/.
    agencies_file: str = ""
    places_file: str = ""


@dataclass(frozen=True)
class CrawlConfig:
    # Items published longer ago are neither followed nor stored; a backfill raises it.
    max_age_days: int = 30
    contact: str = "seda-operator@example.org"
    user_agent: str = "SedaBot/0.1 (+mailto:{contact})"
    obey_robots: bool = True
    concurrent_requests: int = 16
    concurrent_per_domain: int = 2
    download_delay: float = 0.5
    autothrottle: bool = True
    timeout_seconds: float = 20.0
    retries: int = 2
    # 5 MB: real Iranian article pages are 80-400 KB; anything far larger is a dump or a trap.
    max_page_bytes: int = 5_000_000
    max_pages_per_source: int = 2000
    max_depth: int = 3
    max_minutes_per_source: float = 30.0
    # Words queried on sites that offer search; empty means the province name and its counties.
    search_keywords: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ScheduleConfig:
    timezone: str = "Asia/Tehran"
    # Cron expressions (minute hour day month day_of_week), read in `timezone`.
    crawl: str = "30 1 * * *"
    # The Iranian week runs Saturday to Friday: Saturday morning sends the week that just ended.
    digest: str = "0 8 * * sat"
    misfire_grace_minutes: int = 360


@dataclass(frozen=True)
class SmtpConfig:
    host: str = "127.0.0.1"
    port: int = 25
    security: str = "none"
    username: str = ""
    # The password is read from this environment variable, never from the file.
    password_env: str = "SEDA_SMTP_PASSWORD"
    timeout_seconds: float = 30.0


@dataclass(frozen=True)
class DigestConfig:
    sender: str = "seda@example.org"
    recipients: list[str] = field(default_factory=list)
    subject: str = "صدا | گزارش هفتگی حضور دستگاه‌های استان در رسانه‌های ملی"
    smtp: SmtpConfig = field(default_factory=SmtpConfig)


@dataclass(frozen=True)
class DistributedConfig:
    """`seda crawl --distributed` (the coordinator) and `seda crawl --worker`; the single-machine crawl ignores it."""

    redis_url: str = "redis://127.0.0.1:6379/0"
    # Names the run queues and keys (`<queue>-run-<id>`): deployments sharing one Redis need different names.
    queue: str = "seda"
    # A source task running longer is stopped and retried. The spider stops scheduling after
    # crawl.max_minutes_per_source (30), and its pending requests then drain, so twice that is ample.
    task_timeout_minutes: int = 60
    # Further attempts at a source whose worker died or whose crawl process failed; each attempt skips the
    # pages the earlier ones stored.
    task_retries: int = 2
    # A worker silent this long is taken for dead and its source handed to another worker. Workers renew
    # their lease every sixth of it; 90 s is RQ's own default (30 s heartbeats + 60 s grace).
    dead_worker_seconds: int = 90

    def __post_init__(self) -> None:
        if not re.match(r"^(redis|rediss|unix)://", self.redis_url):
            raise ConfigError(f"distributed.redis_url: {self.redis_url!r} is not a Redis URL "
                              "(e.g. redis://127.0.0.1:6379/0)")
        if not re.match(r"^[A-Za-z0-9_-]{1,60}$", self.queue):
            raise ConfigError(f"distributed.queue: {self.queue!r} is not allowed; use 1-60 letters, digits, '-' or '_'")
        if self.task_timeout_minutes < 1:
            raise ConfigError("distributed.task_timeout_minutes: must be a positive number, "
                              f"got {self.task_timeout_minutes}")
        if self.dead_worker_seconds < 3:  # a lease renewed every second at best, with room for two misses
            raise ConfigError(f"distributed.dead_worker_seconds: must be at least 3, got {self.dead_worker_seconds}")
        if self.task_retries < 0:
            raise ConfigError(f"distributed.task_retries: must be 0 or more, got {self.task_retries}")


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    kind: str
    level: str
    homepage: str
    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    listings: list[str] = field(default_factory=list)
    search: str = ""
    # Optional per-site data for sites the generic extractor gets wrong.
    article_patterns: list[str] = field(default_factory=list)
    selectors: dict[str, str] = field(default_factory=dict)
    enabled: bool = True


@dataclass(frozen=True)
class Config:
    database: DatabaseConfig = field(default_factory=DatabaseConfig)
    province: ProvinceConfig = field(default_factory=ProvinceConfig)
    crawl: CrawlConfig = field(default_factory=CrawlConfig)
    schedule: ScheduleConfig = field(default_factory=ScheduleConfig)
    digest: DigestConfig = field(default_factory=DigestConfig)
    distributed: DistributedConfig = field(default_factory=DistributedConfig)
    sources: list[Source] = field(default_factory=list)
    # Where the file was read from (None for defaults); not a YAML key.
    path: Path | None = field(default=None, compare=False)

    def source(self, source_id: str) -> Source:
        for s in self.sources:
            if s.id == source_id:
                return s
        known = ", ".join(s.id for s in self.sources) or "none"
        raise ConfigError(f"unknown source id {source_id!r} (configured: {known})")


def load_config(path: str | os.PathLike[str] | None = None, *, env: dict[str, str] | None = None) -> Config:
    """Read, merge over the defaults and validate a config file.

    ``path`` defaults to ``$SEDA_CONFIG`` and then ``./config.yaml``; ``$SEDA_DATABASE_URL`` overrides
    ``database.url``.
    """
    env = dict(os.environ) if env is None else env
    cfg_path = Path(path or env.get(ENV_CONFIG) or DEFAULT_CONFIG_PATH)
    try:
        text = cfg_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {cfg_path} (pass --config PATH or set {ENV_CONFIG})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {cfg_path}: {exc}") from None
    return parse_config(text, path=cfg_path, env=env)


def parse_config(text: str, *, path: Path | None = None, env: dict[str, str] | None = None) -> Config:
    """Validate YAML text; see :func:`load_config`."""
    where = str(path) if path else "<config>"
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{where}{line}: not valid YAML: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: the top level must be a mapping of keys (database, sources, ...)")
    raw_sources = data.pop("sources", None) or []
    config = _build(Config, data, section="")
    if not isinstance(raw_sources, list):
        raise ConfigError("sources: must be a list of source entries")
    sources = [_build_source(entry, i) for i, entry in enumerate(raw_sources)]
    seen: set[str] = set()
    for s in sources:
        if s.id in seen:
            raise ConfigError(f"sources: duplicate id {s.id!r}; ids must be unique")
        seen.add(s.id)
    db_url = (env or {}).get(ENV_DATABASE_URL) or config.database.url
    database = DatabaseConfig(url=resolve_database_url(db_url, path.parent if path else None))
    _check_config(config)
    return dataclasses.replace(config, sources=sources, database=database, path=path)


def resolve_database_url(url: str, base: Path | None) -> str:
    """Make a relative SQLite path absolute against ``base`` (the config file's folder)."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and base is not None:
        rest = url[len(prefix):]
        if rest and not rest.startswith("/") and not rest.startswith(":memory:"):
            return prefix + str((base / rest).resolve())
    return url


def _check_config(config: Config) -> None:
    crawl = config.crawl
    for name in ("max_age_days", "concurrent_requests", "concurrent_per_domain", "max_page_bytes",
                 "max_pages_per_source", "max_depth"):
        if getattr(crawl, name) < 1:
            raise ConfigError(f"crawl.{name}: must be a positive number, got {getattr(crawl, name)}")
    if crawl.retries < 0 or crawl.timeout_seconds <= 0 or crawl.download_delay < 0:
        raise ConfigError("crawl: retries and download_delay must be >= 0 and timeout_seconds > 0")
    if config.digest.smtp.security not in SMTP_SECURITY:
        raise ConfigError(
            f"digest.smtp.security: {config.digest.smtp.security!r} is not allowed; "
            f"allowed values: {', '.join(SMTP_SECURITY)}")
    if not re.match(r"^[a-z][a-z0-9+]*://", config.database.url):
        raise ConfigError(f"database.url: {config.database.url!r} is not a database URL "
                          "(e.g. sqlite:///data/seda.db or postgresql+psycopg://user@host/db)")
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(config.schedule.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"schedule.timezone: unknown time zone {config.schedule.timezone!r}") from None
    for key in ("crawl", "digest"):
        expr = getattr(config.schedule, key)
        if len(expr.split()) != 5:
            raise ConfigError(f"schedule.{key}: {expr!r} is not a 5-field cron expression "
                              "(minute hour day month day_of_week)")


def _build_source(entry: Any, index: int) -> Source:
    label = f"sources[{index}]"
    if not isinstance(entry, dict):
        raise ConfigError(f"{label}: each source must be a mapping with id, name, kind, level, homepage")
    sid = entry.get("id")
    if not isinstance(sid, str) or not SOURCE_ID_RE.match(sid):
        raise ConfigError(f"{label}.id: {sid!r} is not a valid source id "
                          "(lower-case letters, digits, '-' and '_', starting with a letter or digit)")
    label = f"source {sid!r}"
    for required in ("name", "kind", "level", "homepage"):
        if required not in entry or entry[required] in (None, ""):
            raise ConfigError(f"{label}: missing required key {required!r} "
                              "(a source needs id, name, kind, level and homepage)")
    source = _build(Source, entry, section=label)
    if source.kind not in SOURCE_KINDS:
        raise ConfigError(f"{label}: kind {source.kind!r} is not allowed; allowed values: {', '.join(SOURCE_KINDS)}")
    if source.level not in SOURCE_LEVELS:
        raise ConfigError(f"{label}: level {source.level!r} is not allowed; "
                          f"allowed values: {', '.join(SOURCE_LEVELS)}")
    _check_url(source.homepage, f"{label}: homepage")
    for key in ("feeds", "sitemaps", "listings"):
        for url in getattr(source, key):
            _check_url(url, f"{label}: {key}")
    if source.search:
        _check_url(source.search.replace("{query}", "q"), f"{label}: search")
        if "{query}" not in source.search:
            raise ConfigError(f"{label}: search URL must contain the placeholder {{query}}, got {source.search!r}")
    for pattern in source.article_patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ConfigError(f"{label}: article_patterns: {pattern!r} is not a valid regular expression: {exc}") from None
    return source


def _check_url(url: str, label: str) -> None:
    parts = urlsplit(url) if isinstance(url, str) else None
    if not parts or parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
        raise ConfigError(f"{label}: {url!r} is not a valid http(s) URL")


def _key(section: str, key: str) -> str:
    if not section:
        return key
    return f"{section}: {key}" if section.startswith("source ") else f"{section}.{key}"


def _build(cls: type, data: Any, section: str) -> Any:
    """Build dataclass ``cls`` from a mapping, rejecting unknown keys and wrong types."""
    name = section or "config"
    if not isinstance(data, dict):
        raise ConfigError(f"{name}: must be a mapping, got {type(data).__name__}")
    hints = typing.get_type_hints(cls)
    fields = {f.name for f in dataclasses.fields(cls) if f.name != "path"}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in fields:
            allowed = ", ".join(sorted(fields))
            raise ConfigError(f"{name}: unknown key {key!r}; allowed keys: {allowed}")
        kwargs[key] = _coerce(hints[key], value, _key(section, key))
    try:
        return cls(**kwargs)
    except TypeError as exc:
        raise ConfigError(f"{name}: {exc}") from None


def _coerce(hint: Any, value: Any, key: str) -> Any:
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint):
        return _build(hint, value if value is not None else {}, section=key)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if value is None:
            return None
        return _coerce(args[0], value, key)
    if origin is list:
        (item,) = typing.get_args(hint)
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise ConfigError(f"{key}: must be a list, got {value!r}")
        return [_coerce(item, v, key) for v in value]
    if origin is dict:
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise ConfigError(f"{key}: must be a mapping of names to strings, got {value!r}")
        return {str(k): v for k, v in value.items()}
    if hint is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{key}: must be true or false, got {value!r}")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{key}: must be a whole number, got {value!r}")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{key}: must be a number, got {value!r}")
        return float(value)
    if hint is str:
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise ConfigError(f"{key}: must be text, got {value!r}")
        return str(value)
    return value

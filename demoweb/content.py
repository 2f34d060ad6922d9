"""Load and validate the demo web's article records (``demoweb/content/*.yaml``, schema in CONTENT.md).

Every problem is reported with its file and record id; all problems of a load are collected and raised
together as one :class:`ContentError`, so a content author sees the whole list at once.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from demoweb.dates import parse_jalali

logger = logging.getLogger(__name__)

CONTENT_DIR = Path(__file__).resolve().parent / "content"
SITE_IDS = ("payam", "sepehr", "baran", "niroo", "kar", "aflak")
KINDS = ("news", "interview", "report", "photo", "note")
RELEVANCES = ("about", "mention", "none")

_REQUIRED_TEXT = ("id", "site", "published", "section", "title", "lead")
_KNOWN_KEYS = frozenset({
    "id", "site", "published", "section", "tags", "kind", "relevance", "agency", "agencies", "evidence",
    "homepage", "duplicate_of", "kicker", "title", "lead", "body", "note",
})


class ContentError(ValueError):
    """The content files are invalid; ``problems`` lists every ``file: id: message``."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("invalid demo web content:\n  " + "\n  ".join(problems))


@dataclass(frozen=True)
class Article:
    """One hand-written article record, dates still in the base week."""

    id: str
    site: str
    published: dt.datetime  # aware, Asia/Tehran, unshifted
    section: str
    title: str
    lead: str
    body: tuple[str, ...]
    kind: str = "news"
    relevance: str = "none"
    agency: str | None = None
    agencies: tuple[str, ...] = ()
    evidence: str | None = None
    homepage: int | None = None
    duplicate_of: str | None = None
    kicker: str | None = None
    tags: tuple[str, ...] = ()
    note: str | None = None
    source_file: str = field(default="", compare=False)

    @property
    def text(self) -> str:
        """Lead and body paragraphs joined by newlines, exactly as written."""
        return "\n".join((self.lead, *self.body))


def load_content(content_dir: Path | str | None = None, *, files: Iterable[Path] | None = None) -> list[Article]:
    """Read every ``*.yaml`` of ``content_dir`` (default ``demoweb/content``) and validate the records."""
    if files is None:
        directory = Path(content_dir) if content_dir is not None else CONTENT_DIR
        if not directory.is_dir():
            raise ContentError([f"{directory}: content directory does not exist"])
        files = sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml"))
    files = list(files)
    problems: list[str] = []
    articles: list[Article] = []
    for path in files:
        articles.extend(_load_file(Path(path), problems))
    _check_cross_references(articles, problems)
    if problems:
        raise ContentError(problems)
    logger.info("loaded %d demo web articles from %d files", len(articles), len(files))
    return articles


def _load_file(path: Path, problems: list[str]) -> list[Article]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problems.append(f"{path.name}: cannot read: {exc}")
        return []
    if data is None:
        logger.warning("%s is empty", path)
        return []
    records = data.get("articles") if isinstance(data, dict) else None
    if not isinstance(records, list):
        problems.append(f"{path.name}: expected a mapping with a list under 'articles'")
        return []
    articles = []
    for index, record in enumerate(records):
        article = _parse_record(record, path.name, index, problems)
        if article is not None:
            articles.append(article)
    return articles


def _parse_record(record: Any, filename: str, index: int, problems: list[str]) -> Article | None:
    if not isinstance(record, dict):
        problems.append(f"{filename}: record #{index + 1}: expected a mapping, got {type(record).__name__}")
        return None
    rid = str(record.get("id") or f"record #{index + 1}")
    where = f"{filename}: {rid}"
    before = len(problems)

    def problem(message: str) -> None:
        problems.append(f"{where}: {message}")

    for key in _REQUIRED_TEXT:
        value = record.get(key)
        if not isinstance(value, str) or not value.strip():
            if key == "published" and value is not None and not isinstance(value, str):
                problem(f"'published' must be a quoted string like \"1404-09-04 10:23\", got {value!r}")
            else:
                problem(f"missing or empty '{key}'")
    unknown = set(record) - _KNOWN_KEYS
    if unknown:
        logger.warning("%s: unknown keys ignored: %s", where, ", ".join(sorted(unknown)))
    site = record.get("site")
    if isinstance(site, str) and site not in SITE_IDS:
        problem(f"site {site!r} is not one of {', '.join(SITE_IDS)}")
    elif isinstance(site, str) and not rid.startswith(site):
        logger.warning("%s: id does not start with its site id %r", where, site)
    published = None
    if isinstance(record.get("published"), str):
        try:
            published = parse_jalali(record["published"])
        except ValueError as exc:
            problem(str(exc))
    kind = record.get("kind", "news")
    if kind not in KINDS:
        problem(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    relevance = record.get("relevance", "none")
    if relevance not in RELEVANCES:
        problem(f"relevance {relevance!r} is not one of {', '.join(RELEVANCES)}")
    body = record.get("body")
    if not isinstance(body, list) or not body or not all(isinstance(p, str) and p.strip() for p in body):
        problem("'body' must be a non-empty list of paragraphs (strings)")
    agencies = record.get("agencies") or []
    tags = record.get("tags") or []
    for key, value in (("agencies", agencies), ("tags", tags)):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problem(f"'{key}' must be a list of strings")
    agency = record.get("agency")
    if agency is not None and not isinstance(agency, str):
        problem(f"'agency' must be an agency id or null, got {agency!r}")
    homepage = record.get("homepage")
    if homepage is not None and (isinstance(homepage, bool) or not isinstance(homepage, int) or homepage < 1):
        problem(f"'homepage' must be a positive position or null, got {homepage!r}")
    for key in ("kicker", "evidence", "duplicate_of", "note"):
        if record.get(key) is not None and not isinstance(record.get(key), str):
            problem(f"'{key}' must be a string or null")
    if len(problems) > before:
        return None
    article = Article(
        id=rid, site=site, published=published, section=record["section"].strip(),
        title=record["title"].strip(), lead=record["lead"].strip(), body=tuple(p.strip() for p in body),
        kind=kind, relevance=relevance, agency=agency, agencies=tuple(agencies),
        evidence=record.get("evidence"), homepage=homepage, duplicate_of=record.get("duplicate_of"),
        kicker=(record.get("kicker") or None), tags=tuple(tags), note=record.get("note"),
        source_file=filename,
    )
    _check_evidence(article, problem)
    return article


def _check_evidence(article: Article, problem) -> None:
    where = f"{article.source_file}: {article.id}"
    if article.agency is not None:
        if not article.evidence:
            problem("'evidence' is required when 'agency' is set")
        elif article.evidence not in article.text and article.evidence not in article.title:
            problem(f"evidence is not a substring of the lead/body: {article.evidence!r}")
        if article.agency not in article.agencies:
            logger.warning("%s: agency %r is not listed in 'agencies'", where, article.agency)
    elif article.evidence:
        logger.warning("%s: 'evidence' given but 'agency' is null", where)


def _check_cross_references(articles: list[Article], problems: list[str]) -> None:
    seen: dict[str, Article] = {}
    for article in articles:
        if article.id in seen:
            problems.append(f"{article.source_file}: {article.id}: duplicate id "
                            f"(also in {seen[article.id].source_file})")
        else:
            seen[article.id] = article
    positions: dict[tuple[str, int], str] = {}
    for article in articles:
        if article.duplicate_of is not None:
            if article.duplicate_of not in seen:
                problems.append(f"{article.source_file}: {article.id}: duplicate_of names unknown id "
                                f"{article.duplicate_of!r}")
            elif article.duplicate_of == article.id:
                problems.append(f"{article.source_file}: {article.id}: duplicate_of names itself")
        if article.homepage is not None:
            key = (article.site, article.homepage)
            if key in positions:
                logger.warning("%s: %s: homepage position %d on %s already taken by %s",
                               article.source_file, article.id, article.homepage, article.site, positions[key])
            else:
                positions[key] = article.id

"""Raw pages, articles, credits, stories and corrections. Functions take a Session; callers commit."""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from store.models import Article, Correction, Credit, RawPage, Story
from store.search import index_article
from store.upsert import upsert

CORRECTABLE_FIELDS = ("relevance", "agency", "kind")


def now() -> datetime:
    return datetime.now(UTC)


@dataclass
class FetchedPage:
    url: str
    final_url: str
    status: int
    body: bytes
    content_type: str | None = None
    encoding: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    source_id: str | None = None
    run_id: int | None = None
    fetched_at: datetime = field(default_factory=now)


def save_raw_page(session: Session, page: FetchedPage) -> int:
    """Keep the latest fetch of ``page.url`` (compressed). Returns the raw page id."""
    row = {
        "url": page.url, "final_url": page.final_url, "status": page.status,
        "content_type": page.content_type, "encoding": page.encoding, "etag": page.etag,
        "last_modified": page.last_modified, "source_id": page.source_id, "run_id": page.run_id,
        "body": zlib.compress(page.body, 6), "body_size": len(page.body),
        "sha256": hashlib.sha256(page.body).hexdigest(), "fetched_at": page.fetched_at,
    }
    upsert(session, RawPage, [row], key=["url"])
    return session.scalars(select(RawPage.id).where(RawPage.url == page.url)).one()


def raw_body(page: RawPage) -> bytes:
    return zlib.decompress(page.body)


@dataclass
class ArticleData:
    url: str  # canonical URL: the article's key
    source_id: str
    title: str
    text: str
    lead: str | None = None
    kicker: str | None = None
    author: str | None = None
    section: str | None = None
    published: datetime | None = None
    modified: datetime | None = None
    language: str | None = None
    raw_page_id: int | None = None

    def content_hash(self) -> str:
        h = hashlib.sha256()
        for part in (self.title, self.lead or "", self.text):
            h.update(part.encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()


def upsert_article(session: Session, data: ArticleData, seen_at: datetime | None = None) -> tuple[int, str]:
    """Insert or update the article keyed by ``data.url``.

    Returns ``(article_id, status)`` with status ``new``, ``updated`` (content changed) or ``unchanged``.
    A second crawl of the same page updates ``last_seen`` and never duplicates.
    """
    seen_at = seen_at or now()
    before = session.execute(select(Article.id, Article.content_hash).where(Article.url == data.url)).first()
    digest = data.content_hash()
    row: dict[str, Any] = {
        "url": data.url, "source_id": data.source_id, "raw_page_id": data.raw_page_id, "title": data.title,
        "kicker": data.kicker, "lead": data.lead, "text": data.text, "author": data.author,
        "section": data.section, "published": data.published, "modified": data.modified,
        "language": data.language, "content_hash": digest, "first_seen": seen_at, "last_seen": seen_at,
    }
    update = [c for c in row if c not in ("url", "first_seen")]
    upsert(session, Article, [row], key=["url"], update=update)
    article_id = session.scalars(select(Article.id).where(Article.url == data.url)).one()
    if before is None or before.content_hash != digest:  # new content: (re)index it for `seda search`
        index_article(session, article_id, data.title, data.lead, data.text)
    if before is None:
        return article_id, "new"
    return article_id, "updated" if before.content_hash != digest else "unchanged"


@dataclass
class CreditData:
    agency_id: str
    role: str  # source | mentioned
    confidence: float = 1.0
    evidence: str | None = None
    needs_review: bool = False


def set_classification(session: Session, article_id: int, *, relevance: str, score: float, kind: str,
                       evidence: dict[str, Any], credits: list[CreditData], model_version: str) -> None:
    """Store the model's decisions and credits for an article, replacing the previous ones.

    Corrections are not touched: they live apart and win at read time (see effective_decision)."""
    article = session.get(Article, article_id)
    if article is None:
        raise KeyError(article_id)
    article.relevance, article.score, article.kind = relevance, score, kind
    article.evidence, article.model_version, article.classified_at = evidence, model_version, now()
    session.execute(delete(Credit).where(Credit.article_id == article_id))
    session.add_all(Credit(article_id=article_id, agency_id=c.agency_id, role=c.role, confidence=c.confidence,
                           evidence=c.evidence, needs_review=c.needs_review) for c in credits)


def add_correction(session: Session, article_id: int, field_name: str, value: str | None, author: str,
                   note: str | None = None) -> Correction:
    if field_name not in CORRECTABLE_FIELDS:
        raise ValueError(f"cannot correct {field_name!r}; allowed: {', '.join(CORRECTABLE_FIELDS)}")
    correction = Correction(article_id=article_id, field=field_name, value=value, author=author, note=note,
                            created_at=now())
    session.add(correction)
    return correction


def effective_decision(session: Session, article: Article) -> dict[str, Any]:
    """The article's relevance, source agency and kind: the latest correction per field wins."""
    source = next((c.agency_id for c in article.credits if c.role == "source"), None)
    decision: dict[str, Any] = {"relevance": article.relevance, "agency": source, "kind": article.kind,
                                "corrected": []}
    rows = session.scalars(select(Correction).where(Correction.article_id == article.id)
                           .order_by(Correction.created_at, Correction.id))
    for c in rows:
        decision[c.field] = c.value
        if c.field not in decision["corrected"]:
            decision["corrected"].append(c.field)
    return decision


def ensure_story(session: Session, key: str, title: str, published: datetime | None) -> int:
    """The story with fingerprint ``key``, created on first sight."""
    upsert(session, Story, [{"key": key, "title": title, "first_published": published}], key=["key"], update=[])
    return session.scalars(select(Story.id).where(Story.key == key)).one()

"""The coverage database: SQLAlchemy 2.0 typed models.

One schema for SQLite (the default file) and PostgreSQL (real deployments). Articles are keyed by their
canonical URL; raw pages by the URL that was requested, so a re-crawl updates rather than duplicates.
Every classification decision keeps its evidence; analysts' corrections live in their own table and win
over the model.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    MetaData,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

URL = String(2048)


class AwareDateTime(TypeDecorator[datetime]):
    """Aware datetimes on every backend: stored in UTC, read back aware (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: Seda stores aware datetimes only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


# Constraint names as PostgreSQL gives them by default, so databases created by ``create_all`` before the
# migrations existed carry the same names, and later migrations (SQLite batch mode included) can name
# the constraints they alter. Indexes keep SQLAlchemy's ``ix_<table>_<column>``.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "%(table_name)s_%(column_0_N_name)s_key",
    "fk": "%(table_name)s_%(column_0_name)s_fkey",
    "pk": "%(table_name)s_pkey",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, datetime: AwareDateTime()}


class SourceRow(Base):
    """An outlet or ministry site listed in config.yaml."""

    __tablename__ = "sources"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(32))
    level: Mapped[str] = mapped_column(String(16))
    homepage: Mapped[str] = mapped_column(URL)
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now())


class CrawlRun(Base):
    """One crawl (nightly, or by hand), with its totals and warnings."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    # running | ok | partial | failed | interrupted
    status: Mapped[str] = mapped_column(String(16), default="running")
    trigger: Mapped[str] = mapped_column(String(16), default="cli")
    stats: Mapped[dict[str, Any]] = mapped_column(default=dict)
    warnings: Mapped[list[Any]] = mapped_column(default=list)

    source_stats: Mapped[list[SourceRunStats]] = relationship(back_populates="run", cascade="all, delete-orphan")


class SourceRunStats(Base):
    """Per-source figures of a run: requests, articles new/updated, errors by kind, time."""

    __tablename__ = "source_run_stats"
    __table_args__ = (UniqueConstraint("run_id", "source_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id", ondelete="CASCADE"))
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"))
    requests: Mapped[int] = mapped_column(default=0)
    articles_new: Mapped[int] = mapped_column(default=0)
    articles_updated: Mapped[int] = mapped_column(default=0)
    # Article candidates discovered, known or not: a source whose count falls to 0 was probably redesigned.
    article_links: Mapped[int] = mapped_column(default=0)
    errors: Mapped[dict[str, Any]] = mapped_column(default=dict)
    skipped: Mapped[dict[str, Any]] = mapped_column(default=dict)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    warning: Mapped[str | None] = mapped_column(Text)

    run: Mapped[CrawlRun] = relationship(back_populates="source_stats")


class RawPage(Base):
    """A fetched page as it came off the wire (compressed), so extraction can be re-run offline."""

    __tablename__ = "raw_pages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(URL, unique=True)
    final_url: Mapped[str] = mapped_column(URL)
    source_id: Mapped[str | None] = mapped_column(ForeignKey("sources.id"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id", ondelete="SET NULL"))
    status: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(String(200))
    encoding: Mapped[str | None] = mapped_column(String(40))
    etag: Mapped[str | None] = mapped_column(String(300))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    # zlib-compressed body; body_size is the uncompressed length.
    body: Mapped[bytes] = mapped_column(LargeBinary)
    body_size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    fetched_at: Mapped[datetime]


class Story(Base):
    """A cluster of syndicated copies of one press release or report."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # A fingerprint of the normalised text (e.g. minhash band) that new copies are matched on.
    key: Mapped[str] = mapped_column(String(128), unique=True)
    title: Mapped[str] = mapped_column(Text)
    first_published: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class Article(Base):
    """An extracted article, keyed by canonical URL, with the model's decisions."""

    __tablename__ = "articles"
    __table_args__ = (
        Index("ix_articles_published", "published"),
        Index("ix_articles_source_published", "source_id", "published"),
        Index("ix_articles_relevance_published", "relevance", "published"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(URL, unique=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"))
    raw_page_id: Mapped[int | None] = mapped_column(ForeignKey("raw_pages.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(Text)
    kicker: Mapped[str | None] = mapped_column(Text)
    lead: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(300))
    section: Mapped[str | None] = mapped_column(String(300))
    published: Mapped[datetime | None]
    modified: Mapped[datetime | None]
    language: Mapped[str | None] = mapped_column(String(8))
    content_hash: Mapped[str] = mapped_column(String(64))
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    # The model's decisions (null until classified). Corrections override them at read time.
    relevance: Mapped[str | None] = mapped_column(String(16))
    score: Mapped[float | None] = mapped_column(Float)
    kind: Mapped[str | None] = mapped_column(String(16))
    evidence: Mapped[dict[str, Any]] = mapped_column(default=dict)
    model_version: Mapped[str | None] = mapped_column(String(64))
    classified_at: Mapped[datetime | None]
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id", ondelete="SET NULL"), index=True)

    credits: Mapped[list[Credit]] = relationship(back_populates="article", cascade="all, delete-orphan")


class AgencyRow(Base):
    """A provincial agency (or a non-agency speaker) from the registry."""

    __tablename__ = "agencies"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_fa: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(16), default="agency")
    sector: Mapped[str | None] = mapped_column(String(200))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("agencies.id"))
    parent_body: Mapped[str | None] = mapped_column(Text)
    names: Mapped[dict[str, Any]] = mapped_column(default=dict)


class PlaceRow(Base):
    """A place of the province (county, city, district, landmark, demonym) from the registry."""

    __tablename__ = "places"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name_fa: Mapped[str] = mapped_column(String(300))
    type: Mapped[str] = mapped_column(String(16))
    county: Mapped[str | None] = mapped_column(String(200))
    inside: Mapped[bool] = mapped_column(Boolean, default=True)
    ambiguous: Mapped[bool] = mapped_column(Boolean, default=False)
    variants: Mapped[list[Any]] = mapped_column(default=list)
    ambiguity: Mapped[list[Any]] = mapped_column(default=list)


class Credit(Base):
    """Article → agency: the agency that sourced it (role 'source') or one it mentions ('mentioned')."""

    __tablename__ = "credits"
    __table_args__ = (UniqueConstraint("article_id", "agency_id", "role"), Index("ix_credits_agency", "agency_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    agency_id: Mapped[str] = mapped_column(ForeignKey("agencies.id"))
    role: Mapped[str] = mapped_column(String(16))
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    evidence: Mapped[str | None] = mapped_column(Text)
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)

    article: Mapped[Article] = relationship(back_populates="credits")


class Placement(Base):
    """An article seen in a homepage block (top stories, slider) in one snapshot."""

    __tablename__ = "placements"
    __table_args__ = (
        UniqueConstraint("source_id", "url", "block", "seen_at"),
        Index("ix_placements_article", "article_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id", ondelete="SET NULL"))
    url: Mapped[str] = mapped_column(URL)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    block: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    seen_at: Mapped[datetime]


class Correction(Base):
    """An analyst's correction; it wins over the model on that article for good."""

    __tablename__ = "corrections"
    __table_args__ = (Index("ix_corrections_article", "article_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    # relevance | agency | kind
    field: Mapped[str] = mapped_column(String(16))
    value: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]


class DigestRecord(Base):
    """A weekly digest: built, sent (or failed) once per Iranian week; a week is never sent twice."""

    __tablename__ = "digests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    week_start: Mapped[date] = mapped_column(Date, unique=True)  # the Saturday that opens the week
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | sent | failed
    attempts: Mapped[int] = mapped_column(default=0)
    recipients: Mapped[list[Any]] = mapped_column(default=list)
    message_id: Mapped[str | None] = mapped_column(String(300))
    error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class Lock(Base):
    """A named lock for databases without advisory locks (SQLite): one crawl at a time."""

    __tablename__ = "locks"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner: Mapped[str] = mapped_column(String(200))
    acquired_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class StoryBand(Base):
    """Locality-sensitive hash bands of an article's text: copies share bands, so candidates are found
    by index lookups instead of comparing every article with every other one."""

    __tablename__ = "story_bands"
    __table_args__ = (Index("ix_story_bands_band", "band"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    band: Mapped[int] = mapped_column(BigInteger)


class User(Base):
    """A dashboard user. Roles: viewer (read), analyst (read and correct), admin (and manage users)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    last_login: Mapped[datetime | None]


class LoginAttempt(Base):
    """Login attempts, for rate limiting across server processes."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200))  # "ip:<address>" or "user:<name>"
    at: Mapped[datetime]
    success: Mapped[bool] = mapped_column(Boolean, default=False)

"""Full-text search over stored articles, for analysts (``seda search``).

The index holds one document per article: title, lead and text in search form (``store.searchtext``),
written by :func:`index_article` whenever ``upsert_article`` stores new content. Migration 0002 made it:

- SQLite: ``article_search(article_id, doc)`` holds the documents; ``article_fts``, an FTS5 table
  with ``article_search`` as external content, indexes them, kept in step by triggers on
  ``article_search`` (deleting an article cascades to its document, and the trigger to the index).
- PostgreSQL: ``article_search(article_id, doc tsvector)`` with a GIN index; documents are parsed with
  the ``simple`` configuration (no stemming, no stop words: the text is already in search form).

Queries are parsed into words and phrases by ``store.searchtext.parse_query`` and sent as bound
parameters (FTS5 terms in double quotes, ``plainto_tsquery``/``phraseto_tsquery``), so nothing an analyst
types is read as query syntax.

Hits come newest first. A rare query starts from its matches; a common one walks the articles newest
first and stops at the limit (see ``FEW_MATCHES``), so both stay fast on a large archive.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, literal_column, or_, select, text
from sqlalchemy.orm import Session

from seda.dates import start_of_day
from store.models import Article, Correction, Credit
from store.searchtext import Query, document, parse_query

__all__ = ["Hit", "search", "index_article", "write_documents", "SEARCH_TABLES"]

#: Tables that belong to the index, not to the models (migrations leave them out of comparisons).
SEARCH_TABLES = ("article_search", "article_fts")
DEFAULT_LIMIT = 50
#: Up to this many matches, a search starts from the matches (their ids, then their articles); with more,
#: it walks the articles newest first through the date or source index, checks each against the matches
#: and stops at ``limit`` hits. Starting from the matches costs a row visit per match; walking, about
#: ``limit`` ÷ the share of articles that match. On 1M articles (bench/analyst_queries.py), starting from
#: 338k matches took 0.45-0.7 s and walking 0.05 s; walking to find none of 0 matches took 0.13 s on
#: SQLite and 1.2 s on PostgreSQL, starting from them nothing.
FEW_MATCHES = 5000

_WRITE = {
    "sqlite": "INSERT INTO article_search (article_id, doc) VALUES (:id, :doc) "
              "ON CONFLICT (article_id) DO UPDATE SET doc = excluded.doc",
    "postgresql": "INSERT INTO article_search (article_id, doc) VALUES (:id, to_tsvector('simple', :doc)) "
                  "ON CONFLICT (article_id) DO UPDATE SET doc = excluded.doc",
}


def write_documents(conn: Session | Any, docs: Iterable[tuple[int, str]]) -> int:
    """Write ``(article_id, document in search form)`` pairs to the index (a Session or Connection)."""
    rows = [{"id": article_id, "doc": doc} for article_id, doc in docs]
    if rows:
        conn.execute(text(_WRITE[_dialect(conn)]), rows)
    return len(rows)


def index_article(session: Session | Any, article_id: int, title: str | None, lead: str | None,
                  body: str | None) -> None:
    """(Re)index one article: called by ``store.articles.upsert_article`` when its content is new."""
    write_documents(session, [(article_id, document(title, lead, body))])


@dataclass(frozen=True)
class Hit:
    id: int
    published: datetime.datetime | None
    source_id: str
    title: str
    url: str


def search(session: Session, query: str | Query, *, since: datetime.date | None = None,
           until: datetime.date | None = None, source: str | None = None, agency: str | None = None,
           limit: int = DEFAULT_LIMIT) -> list[Hit]:
    """Articles matching ``query``, newest first (undated ones last).

    ``since``/``until`` are Tehran days (inclusive), ``source`` a source id, ``agency`` the agency an
    article is credited to as it stands after analysts' corrections. A query with no words finds nothing.
    """
    parsed = query if isinstance(query, Query) else parse_query(query)
    if not parsed or limit <= 0:
        return []
    dialect = _dialect(session)
    ids = list(session.scalars(_matching_ids(dialect, parsed).limit(FEW_MATCHES + 1)))
    if not ids:
        return []
    stmt = select(Article.id, Article.published, Article.source_id, Article.title, Article.url)
    if since is not None:
        stmt = stmt.where(Article.published >= start_of_day(since))
    if until is not None:
        stmt = stmt.where(Article.published < start_of_day(until + datetime.timedelta(days=1)))
    if source is not None:
        stmt = stmt.where(Article.source_id == source)
    if agency is not None:
        stmt = stmt.where(credited_to(agency))
    if len(ids) <= FEW_MATCHES:  # start from the matches
        stmt = stmt.where(Article.id.in_(ids)).order_by(Article.published.desc().nulls_last(), Article.id.desc())
        return [Hit(*row) for row in session.execute(stmt.limit(limit))]
    # Many matches: walk the articles newest first (the published index) and stop at ``limit`` hits.
    stmt = stmt.where(_walk_condition(dialect, parsed))
    hits = [Hit(*row) for row in session.execute(
        stmt.where(Article.published.is_not(None)).order_by(Article.published.desc(), Article.id.desc())
        .limit(limit))]
    if len(hits) < limit and since is None and until is None:
        hits += [Hit(*row) for row in session.execute(
            stmt.where(Article.published.is_(None)).order_by(Article.id.desc()).limit(limit - len(hits)))]
    return hits


def credited_to(agency: str) -> ColumnElement[bool]:
    """The article's source agency is ``agency``: its latest agency correction says so, or it has none
    and the model credited ``agency``."""
    fixed = exists().where(Correction.article_id == Article.id, Correction.field == "agency")
    latest_fix = (select(Correction.value)
                  .where(Correction.article_id == Article.id, Correction.field == "agency")
                  .order_by(Correction.created_at.desc(), Correction.id.desc()).limit(1).scalar_subquery())
    by_model = exists().where(Credit.article_id == Article.id, Credit.role == "source", Credit.agency_id == agency)
    return or_(and_(~fixed, by_model), and_(fixed, latest_fix == agency))


def _fts_terms(query: Query) -> str:
    """An FTS5 query: every term double-quoted, so FTS5 reads it as a string, never as an operator.
    Terms hold word characters only (search form): there is no quote inside to escape."""
    return " ".join([f'"{w}"' for w in query.words] + [f'"{" ".join(p)}"' for p in query.phrases])


def _tsquery(query: Query):  # type: ignore[no-untyped-def]
    parts = []
    if query.words:
        parts.append(func.plainto_tsquery("simple", " ".join(query.words)))
    parts.extend(func.phraseto_tsquery("simple", " ".join(p)) for p in query.phrases)
    tsquery = parts[0]
    for part in parts[1:]:
        tsquery = tsquery.op("&&")(part)
    return tsquery


def _matching_ids(dialect: str, query: Query):  # type: ignore[no-untyped-def]
    """The ids of the matching articles, straight from the index."""
    if dialect == "sqlite":
        return (select(literal_column("rowid")).select_from(text("article_fts"))
                .where(text("article_fts MATCH :fts_query").bindparams(fts_query=_fts_terms(query))))
    if dialect == "postgresql":
        return (select(literal_column("article_id")).select_from(text("article_search"))
                .where(literal_column("doc").op("@@")(_tsquery(query))))
    raise NotImplementedError(f"search is not implemented for {dialect}")


def _walk_condition(dialect: str, query: Query) -> ColumnElement[bool]:
    """The article matches, written so that the database walks the articles' indexes and checks each
    article against the matches (not the other way round)."""
    if dialect == "sqlite":
        # The unary + keeps SQLite from driving the query from the (large) match list by primary key.
        return text("+articles.id IN (SELECT rowid FROM article_fts WHERE article_fts MATCH :fts_walk)").bindparams(
            fts_walk=_fts_terms(query))
    return Article.id.in_(_matching_ids(dialect, query))


def _dialect(conn: Session | Any) -> str:
    bind = conn.get_bind() if isinstance(conn, Session) else conn
    return str(bind.dialect.name)

"""Full-text search over articles: SQLite FTS5, PostgreSQL tsvector + GIN (see store/search.py).

Revision ID: 0002
Revises: 0001
Create Date: 2025-11-27

The documents are computed in Python (``store.searchtext``): articles already stored are indexed here,
in batches.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 2000

SQLITE = [
    """CREATE TABLE article_search (
        article_id INTEGER NOT NULL PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        doc TEXT NOT NULL)""",
    # External content: the index reads documents from article_search, stores only the index itself.
    """CREATE VIRTUAL TABLE article_fts USING fts5(
        doc, content='article_search', content_rowid='article_id', tokenize='unicode61')""",
    """CREATE TRIGGER article_search_ai AFTER INSERT ON article_search BEGIN
        INSERT INTO article_fts (rowid, doc) VALUES (new.article_id, new.doc);
    END""",
    """CREATE TRIGGER article_search_ad AFTER DELETE ON article_search BEGIN
        INSERT INTO article_fts (article_fts, rowid, doc) VALUES ('delete', old.article_id, old.doc);
    END""",
    """CREATE TRIGGER article_search_au AFTER UPDATE ON article_search BEGIN
        INSERT INTO article_fts (article_fts, rowid, doc) VALUES ('delete', old.article_id, old.doc);
        INSERT INTO article_fts (rowid, doc) VALUES (new.article_id, new.doc);
    END""",
]
POSTGRESQL = [
    """CREATE TABLE article_search (
        article_id integer NOT NULL PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        doc tsvector NOT NULL)""",
    "CREATE INDEX ix_article_search_doc ON article_search USING gin (doc)",
]


def upgrade() -> None:
    from store.search import write_documents
    from store.searchtext import document

    conn = op.get_bind()
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRESQL}[conn.dialect.name]:
        op.execute(statement)
    articles = sa.table("articles", sa.column("id"), sa.column("title"), sa.column("lead"), sa.column("text"))
    last = 0
    while True:
        rows = conn.execute(sa.select(articles).where(articles.c.id > last).order_by(articles.c.id)
                            .limit(BATCH)).all()
        if not rows:
            break
        write_documents(conn, [(r.id, document(r.title, r.lead, r.text)) for r in rows])
        last = rows[-1].id


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("article_search_ai", "article_search_ad", "article_search_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS article_fts")
    op.execute("DROP TABLE IF EXISTS article_search")

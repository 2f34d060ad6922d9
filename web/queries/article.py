"""One article as the analyst checks it: the decision and its evidence, corrections with who and when,
the syndicated copies (same story) and the homepages that showed it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from store.articles import effective_decision
from store.models import Article, Correction, Credit, Placement, SourceRow


@dataclass
class ArticleView:
    article: Article
    source: SourceRow | None
    decision: dict[str, Any]          # effective relevance, agency, kind, corrected fields
    source_credit: Credit | None
    mentioned: list[Credit]
    corrections: list[Correction]     # newest first
    copies: list[tuple[Article, SourceRow | None]]
    placements: list[Placement]

    @property
    def needs_review(self) -> bool:
        return bool((self.source_credit and self.source_credit.needs_review)
                    or (self.article.evidence or {}).get("needs_review"))


def article_view(session: Session, article_id: int) -> ArticleView | None:
    article = session.scalars(select(Article).options(selectinload(Article.credits))
                              .where(Article.id == article_id)).first()
    if article is None:
        return None
    source = session.get(SourceRow, article.source_id)
    corrections = list(session.scalars(select(Correction).where(Correction.article_id == article.id)
                                       .order_by(Correction.created_at.desc(), Correction.id.desc())))
    copies: list[tuple[Article, SourceRow | None]] = []
    if article.story_id is not None:
        rows = session.execute(select(Article, SourceRow).join(SourceRow, SourceRow.id == Article.source_id,
                                                                 isouter=True)
                               .where(Article.story_id == article.story_id, Article.id != article.id)
                               .order_by(Article.published, Article.id))
        copies = [(a, s) for a, s in rows]
    placements = list(session.scalars(select(Placement).where(Placement.article_id == article.id)
                                      .order_by(Placement.seen_at.desc(), Placement.id.desc()).limit(50)))
    credits = sorted(article.credits, key=lambda c: c.id)
    return ArticleView(
        article=article, source=source, decision=effective_decision(session, article),
        source_credit=next((c for c in credits if c.role == "source"), None),
        mentioned=[c for c in credits if c.role != "source"], corrections=corrections, copies=copies,
        placements=placements)

"""The review queue: the model's low-confidence decisions that no analyst has corrected yet."""

from __future__ import annotations

from sqlalchemy import Select, and_, exists, func, not_, or_, select
from sqlalchemy.orm import Session

from store.models import Article, Credit, SourceRow
from web.queries import effective
from web.queries.articles import ArticleRow

# "About the province" decisions less sure than this are reviewed: the classifier flags the same band
# (classify.RELEVANCE_REVIEW_BELOW); items the model calls mention/none are not queued, or every
# unrelated article of the archive would be.
REVIEW_SCORE_BELOW = 0.6
PAGE_SIZE = 50


def _flagged():  # type: ignore[no-untyped-def]
    return exists().where(Credit.article_id == Article.id, Credit.needs_review.is_(True))


def _queue(*columns: object) -> Select[tuple[object, ...]]:
    flagged = _flagged()
    weak = and_(Article.relevance == "about", Article.score < REVIEW_SCORE_BELOW)
    return (select(*columns).select_from(Article).join(SourceRow, SourceRow.id == Article.source_id)  # type: ignore[call-overload]
            .where(or_(flagged, weak), not_(effective.any_correction())))


def _credit_confidence():  # type: ignore[no-untyped-def]
    return (select(Credit.confidence).where(Credit.article_id == Article.id, Credit.role == "source")
            .order_by(Credit.id).limit(1).scalar_subquery())


def review_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(_queue(Article.id).subquery())) or 0)


def review_page(session: Session, page: int = 1, size: int = PAGE_SIZE) -> list[ArticleRow]:
    """Least sure first, then newest."""
    stmt = _queue(Article.id, Article.title, Article.source_id, SourceRow.name, SourceRow.level,
                  Article.published, effective.relevance(), effective.agency(), effective.kind(), Article.score,
                  effective.any_correction(), _credit_confidence(), _flagged())
    stmt = stmt.order_by(Article.score.asc().nulls_last(), Article.published.desc().nulls_last(),
                         Article.id.desc()).limit(size).offset((max(page, 1) - 1) * size)
    return [ArticleRow(*row) for row in session.execute(stmt)]

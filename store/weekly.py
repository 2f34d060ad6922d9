"""Items per agency per Iranian week: the analysts' weekly table over a period (a Jalali month, say).

Counts the items an agency is credited with (source role) among those about the province, both as they
stand after analysts' corrections, like ``store.queries.agency_table`` — but aggregated from narrow rows
(id, date, relevance, agency) instead of whole exported articles, so a month of a large archive takes
milliseconds rather than seconds (``bench/analyst_queries.py``).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from seda.dates import TEHRAN, start_of_day, week_start
from store.models import Article, Correction, Credit

__all__ = ["weekly_agency_items"]


def weekly_agency_items(session: Session, since: datetime.date, until: datetime.date) -> dict[str, Counter[datetime.date]]:
    """``{agency id: {Saturday opening the week: items}}`` for items published from ``since`` to ``until``
    (Tehran days, inclusive). Weeks cut by the period count only their days inside it."""
    begins, ends = start_of_day(since), start_of_day(until + datetime.timedelta(days=1))
    in_period = and_(Article.published >= begins, Article.published < ends)
    relevance_fixed = select(Correction.article_id).where(Correction.field == "relevance")
    rows = session.execute(
        select(Article.id, Article.published, Article.relevance, Credit.agency_id)
        .outerjoin(Credit, and_(Credit.article_id == Article.id, Credit.role == "source"))
        .where(in_period, or_(Article.relevance == "about", Article.id.in_(relevance_fixed)))
        .order_by(Article.id, Credit.id))
    fixes: dict[int, dict[str, str | None]] = defaultdict(dict)
    for article_id, name, value in session.execute(
            select(Correction.article_id, Correction.field, Correction.value)
            .join(Article, Article.id == Correction.article_id).where(in_period)
            .order_by(Correction.created_at, Correction.id)):
        fixes[article_id][name] = value  # the latest correction per field wins
    counts: dict[str, Counter[datetime.date]] = defaultdict(Counter)
    seen: set[int] = set()
    for article_id, published, relevance, credited in rows:
        if article_id in seen:  # a second source credit: the first one counts, as everywhere else
            continue
        seen.add(article_id)
        fix = fixes.get(article_id, {})
        agency = fix.get("agency", credited)
        if fix.get("relevance", relevance) == "about" and agency:
            counts[agency][week_start(published.astimezone(TEHRAN).date())] += 1
    return dict(counts)

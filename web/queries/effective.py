"""The effective decision of an article as SQL expressions: the latest analyst correction of a field wins
over the model (as in ``store.articles.effective_decision``), so filters, counts and pages agree with it.

A correction may set a field to NULL (an agency corrected to "none"), so the model's value is used only
when the field has no correction at all, not when the corrected value is NULL.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case, exists, select

from store.models import Article, Correction, Credit


def _latest(field: str) -> Any:
    return (select(Correction.value)
            .where(Correction.article_id == Article.id, Correction.field == field)
            .order_by(Correction.created_at.desc(), Correction.id.desc())
            .limit(1).scalar_subquery())


def _corrected(field: str) -> ColumnElement[bool]:
    return exists().where(Correction.article_id == Article.id, Correction.field == field)


def model_agency() -> Any:
    """The agency the model credited as the source (NULL when none)."""
    return (select(Credit.agency_id).where(Credit.article_id == Article.id, Credit.role == "source")
            .order_by(Credit.id).limit(1).scalar_subquery())


def relevance() -> ColumnElement[Any]:
    return case((_corrected("relevance"), _latest("relevance")), else_=Article.relevance)


def agency() -> ColumnElement[Any]:
    return case((_corrected("agency"), _latest("agency")), else_=model_agency())


def kind() -> ColumnElement[Any]:
    return case((_corrected("kind"), _latest("kind")), else_=Article.kind)


def any_correction() -> ColumnElement[bool]:
    return exists().where(Correction.article_id == Article.id)

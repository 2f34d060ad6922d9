"""One article: its text with the evidence marked, the credit, copies, corrections, and the forms that
correct relevance, agency or kind (analysts and admins only; viewers see no form and get 403)."""

from __future__ import annotations

import logging

from starlette.responses import Response

from store.articles import CORRECTABLE_FIELDS, add_correction, effective_decision
from store.models import Article
from web.highlight import mark_evidence
from web.labels import KINDS, NO_AGENCY, RELEVANCE
from web.queries.article import article_view
from web.queries.lookups import names
from web.views.base import Ctx, error_page, page, safe_next, see_other

logger = logging.getLogger(__name__)

MAX_NOTE_CHARS = 500
NOT_FOUND = "چنین خبری در پایگاه داده نیست."


def _article_id(ctx: Ctx) -> int:
    return int(ctx.request.path_params["article_id"])


@page()
def article(ctx: Ctx) -> Response:
    view = article_view(ctx.db, _article_id(ctx))
    if view is None:
        return error_page(ctx.request, 404, NOT_FOUND, ctx.user)
    a = view.article
    ev = a.evidence or {}
    credit_phrase = ev.get("agency") or (view.source_credit.evidence if view.source_credit else None)
    evidence = [("relevance", ev.get("relevance")), ("agency", credit_phrase), ("kind", ev.get("kind"))]
    marked = {part: mark_evidence(getattr(a, part) or "", evidence) for part in ("title", "kicker", "lead", "text")}
    return ctx.render("article.html", nav="articles", view=view, a=a, ev=ev, marked=marked,
                      credit_phrase=credit_phrase, names=names(ctx.db), can_correct=ctx.can("analyst"))


def _value(ctx: Ctx, field: str, raw: str) -> tuple[bool, str | None]:
    """(valid, value to store) for a submitted correction."""
    if field == "relevance":
        return raw in RELEVANCE, raw
    if field == "kind":
        return raw in KINDS, raw
    if raw == NO_AGENCY:
        return True, None
    return raw in names(ctx.db).everyone, raw  # any registry entry, as `seda correct --agency` allows


@page(role="analyst")
def correct(ctx: Ctx) -> Response:
    article_id = _article_id(ctx)
    if ctx.db.get(Article, article_id) is None:
        return error_page(ctx.request, 404, NOT_FOUND, ctx.user)
    assert ctx.form is not None
    field = str(ctx.form.get("field") or "")
    raw = str(ctx.form.get("value") or "").strip()
    note = str(ctx.form.get("note") or "").strip()[:MAX_NOTE_CHARS] or None
    ok, value = _value(ctx, field, raw) if field in CORRECTABLE_FIELDS else (False, None)
    if not ok:
        return error_page(ctx.request, 400, "مقدار اصلاحی معتبر نیست.", ctx.user)
    author = ctx.user.username  # type: ignore[union-attr]
    add_correction(ctx.db, article_id, field, value, author=author, note=note)
    logger.info("correction by %s: article %s %s=%s", author, article_id, field, value)
    ctx.flash("اصلاح ثبت شد.")
    return see_other(f"/article/{article_id}#corrections")


@page(role="analyst")
def confirm(ctx: Ctx) -> Response:
    """The analyst agrees with the model: its relevance and agency are recorded as corrections (the same
    values), which takes the article out of the review queue and gives the next training a checked label."""
    article_id = _article_id(ctx)
    a = ctx.db.get(Article, article_id)
    if a is None:
        return error_page(ctx.request, 404, NOT_FOUND, ctx.user)
    decision = effective_decision(ctx.db, a)
    author = ctx.user.username  # type: ignore[union-attr]
    add_correction(ctx.db, article_id, "relevance", decision["relevance"], author=author, note="تأیید تصمیم مدل")
    if decision["relevance"] == "about":
        add_correction(ctx.db, article_id, "agency", decision["agency"], author=author, note="تأیید تصمیم مدل")
    logger.info("confirmation by %s: article %s", author, article_id)
    ctx.flash("تصمیم مدل تأیید شد.")
    assert ctx.form is not None
    return see_other(safe_next(str(ctx.form.get("next") or ""), f"/article/{article_id}"))

"""``seda correct``: an analyst's correction of one article; it wins over the model for good."""

from __future__ import annotations

import getpass

import click

from seda.cli import app, common
from seda.errors import UsageError

RELEVANCE = ("about", "mention", "none")
KINDS = ("news", "interview", "report", "photo", "note")


@click.command()
@click.argument("url")
@click.option("--not-about", is_flag=True, help="The item is not about the province (relevance none).")
@click.option("--relevance", type=click.Choice(RELEVANCE), help="Set relevance.")
@click.option("--agency", metavar="ID", help="Credit this agency (registry id) as the source; 'none' for no agency.")
@click.option("--kind", type=click.Choice(KINDS), help="Set the coverage kind.")
@click.option("--note", default=None, help="Why (kept with the correction).")
@click.option("--by", "author", default=None, help="Who corrects (default: the login name).")
@common
def correct(url: str, not_about: bool, relevance: str | None, agency: str | None, kind: str | None,
            note: str | None, author: str | None) -> None:
    """Correct the stored article at URL: relevance, credited agency or kind.

    The correction is stored apart from the model's decision, wins over it (also after `seda reprocess`)
    and is used by the next `seda train`."""
    from sqlalchemy import select

    from store.articles import add_correction, effective_decision
    from store.db import transaction
    from store.models import Article

    if not_about:
        if relevance and relevance != "none":
            raise UsageError("--not-about contradicts --relevance " + relevance)
        relevance = "none"
    if not (relevance or agency or kind):
        raise UsageError("nothing to correct: give --not-about, --relevance, --agency or --kind")
    a = app()
    if agency and agency != "none" and agency not in a.registry.agency_ids:
        raise UsageError(f"unknown agency id {agency!r} (see seda/registry/agencies.yaml)")
    author = author or getpass.getuser()
    with transaction(a.store) as session:
        article = session.scalars(select(Article).where(Article.url == url)).first()
        if article is None:
            raise UsageError(f"no stored article with URL {url}")
        for field, value in (("relevance", relevance), ("agency", agency), ("kind", kind)):
            if value:
                add_correction(session, article.id, field, None if value == "none" and field == "agency" else value,
                               author=author, note=note)
        session.flush()
        decision = effective_decision(session, article)
    click.echo(f"corrected: relevance {decision['relevance']}, agency {decision['agency'] or '-'}, "
               f"kind {decision['kind']} (by {author})")

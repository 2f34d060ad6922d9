"""``seda classify``, ``seda train`` and ``seda eval``: the classifier from the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from seda.cli import app, common
from seda.errors import UsageError


@click.command("classify")
@click.option("--in", "in_path", required=True, metavar="FILE",
              help='JSON lines: {"id", "title", "text", "url"?, "source"?} per line.')
@click.option("--out", "out_path", required=True, metavar="FILE", help="Where the decisions are written, one per line.")
@click.option("--model", "model_path", default=None, metavar="PATH", help="A relevance model other than the shipped one.")
@common
def classify_cmd(in_path: str, out_path: str, model_path: str | None) -> None:
    """Classify articles: relevance (about/mention/none), source agency with evidence, coverage kind.

    Each output line: {"id", "relevance", "score", "agency", "agencies", "kind", "evidence"}. Malformed
    input lines are reported with their line number and skipped; the others are still classified."""
    from classify import Classifier
    from classify.cli_io import classify_jsonl

    if not Path(in_path).is_file():
        raise UsageError(f"--in {in_path}: no such file")
    classifier = Classifier.load(app().registry, model_path)
    stats = classify_jsonl(in_path, out_path, classifier)
    for number, reason in stats.malformed:
        click.echo(f"seda: {in_path}:{number}: {reason}; line skipped", err=True)
    click.echo(f"{stats.written} of {stats.read} lines classified into {out_path}", err=True)
    if stats.read and not stats.written:
        sys.exit(2)


def corrections_as_items(session: Any) -> list[dict[str, Any]]:
    """Every article an analyst corrected, labelled with its effective decision, for training."""
    from sqlalchemy import select

    from store.articles import effective_decision
    from store.models import Article, Correction

    ids = list(session.scalars(select(Correction.article_id).distinct()))
    items = []
    for article in session.scalars(select(Article).where(Article.id.in_(ids))):
        d = effective_decision(session, article)
        if not d["relevance"] or not d["kind"]:
            continue
        items.append({"id": f"db-{article.id}", "url": article.url, "title": article.title,
                      "text": "\n".join(p for p in (article.lead, article.text) if p), "source": article.source_id,
                      "relevance": d["relevance"], "agency": d["agency"] if d["relevance"] == "about" else None,
                      "agencies": [c.agency_id for c in article.credits], "kind": d["kind"], "evidence": None})
    return items


@click.command("train")
@click.option("--seed", default=0, show_default=True, help="Random seed (training is reproducible).")
@click.option("--corrections/--no-corrections", default=True, show_default=True,
              help="Add the analysts' corrections stored in the database to the corpus.")
@click.option("--out", "out_path", default=None, metavar="PATH", help="Where to save the model (default: the shipped one).")
@common
def train_cmd(seed: int, corrections: bool, out_path: str | None) -> None:
    """Train the relevance model on the labelled corpus (classify/corpus) plus analysts' corrections."""
    from classify.relevance import MODEL_PATH
    from classify.train import train
    from store.db import transaction

    a = app()
    extra: list[dict[str, Any]] = []
    if corrections:
        with transaction(a.store) as session:
            extra = corrections_as_items(session)
    result = train(corrections=extra, seed=seed, out=Path(out_path) if out_path else MODEL_PATH, registry=a.registry)
    meta = result.meta
    click.echo(f"trained {meta['version']} on {sum(meta['items'].values())} items "
               f"({meta['items']}; {len(extra)} from corrections), C={meta['c']}, dev {meta['dev_scores']}")
    click.echo(f"saved to {out_path or MODEL_PATH}")


@click.command("eval")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option("--model", "model_path", default=None, metavar="PATH", help="A relevance model other than the shipped one.")
@common
def eval_cmd(as_json: bool, model_path: str | None) -> None:
    """Score the classifier on the corpus test split and the demo web, beside a keyword baseline.

    Prints P/R/F1 per relevance class, credit and kind accuracy and a confusion table; exits 1 when a
    floor pinned in classify/floors.yaml is not met."""
    import json

    from classify import Classifier
    from classify.evaluate import _table, check_floors, evaluate

    registry = app().registry
    report = evaluate(Classifier.load(registry, model_path), registry)
    failures = check_floors(report)
    if as_json:
        click.echo(json.dumps({**report, "floor_failures": failures}, ensure_ascii=False, indent=2))
    else:
        click.echo(_table("corpus test split", report["test"]))
        click.echo(_table("demo web", report["demo"]))
        click.echo("floors: " + ("all met" if not failures else "; ".join(failures)))
    if failures:
        sys.exit(1)

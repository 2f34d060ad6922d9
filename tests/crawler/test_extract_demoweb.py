"""Extraction quality on the demo web: every truth article fetched over HTTP and scored.

Scores: title exact match, body token F1 (whitespace tokens after NFC, ZWNJ kept) of lead + text
against the truth text (which is lead + body), published exact match. The floors are the targets
the extractor has to keep; the code has no knowledge of the demo sites' markup.
"""

from __future__ import annotations

import collections
import datetime as dt
import gzip
import unicodedata
import urllib.error
import urllib.request
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from crawler.extract import extract_page

try:
    from demoweb.server import DemoWeb
except ImportError as exc:  # the demo web is built alongside; without it there is nothing to score
    pytest.skip(f"demoweb is not importable ({exc}); demo-web scores not computed", allow_module_level=True)

TEHRAN = ZoneInfo("Asia/Tehran")
ANCHOR = dt.date(2025, 12, 3)
NOW = dt.datetime(2025, 12, 3, 12, 0, tzinfo=TEHRAN)
#: Quality floors (committed targets): body token F1, title exact match, published exact match.
F1_FLOOR = 0.95
TITLE_FLOOR = 0.98
DATE_FLOOR = 0.98


def fetch(url: str) -> tuple[bytes, str | None, str]:
    """Body, Content-Type and final URL; retries the demo web's deliberately flaky 500s."""
    for attempt in range(4):
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                body = response.read()
                if response.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                return body, response.headers.get("Content-Type"), response.geturl()
        except urllib.error.HTTPError as exc:
            if exc.code != 500 or attempt == 3:
                raise
    raise AssertionError("unreachable")


def tokens(text: str | None) -> collections.Counter[str]:
    return collections.Counter(unicodedata.normalize("NFC", text or "").split())


def token_f1(predicted: str | None, gold: str) -> float:
    pred, want = tokens(predicted), tokens(gold)
    common = sum((pred & want).values())
    if not common:
        return 0.0
    precision, recall = common / sum(pred.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


@pytest.fixture(scope="module")
def demo() -> dict[str, Any]:
    with DemoWeb(anchor=ANCHOR, slow_delay=0.2) as web:
        truth = web.truth()
        rows = []
        for gold in truth["articles"]:
            body, content_type, final = fetch(gold["url"])
            result = extract_page(body, final, content_type, now=NOW)
            article = result.article
            nfc = lambda s: unicodedata.normalize("NFC", s or "")  # noqa: E731
            rows.append({
                "id": gold["id"],
                "reason": result.reason,
                "f1": token_f1(article.full_text, gold["text"]) if article else 0.0,
                "title": bool(article) and nfc(article.title) == nfc(gold["title"]),
                "date": bool(article and article.published)
                and article.published == dt.datetime.fromisoformat(gold["published"]),
            })
        others = {}
        for discovery in truth["discovery"].values():
            for url in [discovery["homepage"], *discovery["listings"]]:
                body, content_type, final = fetch(url)
                others[url] = extract_page(body, final, content_type, now=NOW).reason
    n = len(rows)
    scores = {
        "articles": n,
        "f1": sum(r["f1"] for r in rows) / n,
        "title": sum(r["title"] for r in rows) / n,
        "date": sum(r["date"] for r in rows) / n,
    }
    print(f"\ndemo web: {n} articles, body F1 {scores['f1']:.4f}, title exact {scores['title']:.4f}, "
          f"published exact {scores['date']:.4f}")
    return {"rows": rows, "scores": scores, "others": others}


def test_every_truth_article_is_an_article(demo: dict[str, Any]) -> None:
    rejected = {r["id"]: r["reason"] for r in demo["rows"] if r["reason"] is not None}
    assert not rejected


def test_body_f1(demo: dict[str, Any]) -> None:
    worst = sorted(demo["rows"], key=lambda r: r["f1"])[:5]
    assert demo["scores"]["f1"] >= F1_FLOOR, [(r["id"], round(r["f1"], 3)) for r in worst]


def test_title_exact(demo: dict[str, Any]) -> None:
    wrong = [r["id"] for r in demo["rows"] if not r["title"]]
    assert demo["scores"]["title"] >= TITLE_FLOOR, wrong


def test_published_exact(demo: dict[str, Any]) -> None:
    wrong = [r["id"] for r in demo["rows"] if not r["date"]]
    assert demo["scores"]["date"] >= DATE_FLOOR, wrong


def test_homepages_and_listings_are_not_articles(demo: dict[str, Any]) -> None:
    found = [url for url, reason in demo["others"].items() if reason is None]
    assert not found

"""A synthetic coverage archive for the store benchmarks: realistic shapes, short but searchable text.

- 80 sources (50 national outlets, 20 ministries, 10 provincial outlets) and the registry's 69 agencies,
  both with a long-tailed (Zipf) activity: a few outlets and agencies carry most of the items;
- publication times over two years, daytime-heavy, ids in publication order (as a nightly crawl stores);
- decisions: about the province 25% (70% on provincial outlets), mention 10%, none the rest; kinds news
  80%, report 8%, interview 7%, photo 3%, note 2%; 85% of items about the province credited to an agency,
  a third of them with a mentioned agency too; 1% of those corrected by an analyst (another agency),
  0.3% of all items with a relevance correction;
- text: a title and two sentences of the labelled corpus (real Persian news, ~30 words), a credit line
  «به گزارش روابط عمومی …» or «روابط‌عمومی …», 5% of items written with Arabic ي/ك.

Rows are written with SQLAlchemy Core executemany in batches, and the search documents with
``store.search.write_documents`` (the same function ``upsert_article`` uses).
"""

from __future__ import annotations

import datetime
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import common  # noqa: F401 - puts the project on sys.path

END = datetime.datetime(2025, 11, 28, tzinfo=datetime.UTC)
DAYS = 730
BATCH = 20_000
WORDS_PER_TEXT = 30
ARCHIVE_VERSION = 1  # bump when the generator changes: archives of another version are regenerated


def zipf_weights(n: int, s: float = 1.0) -> list[float]:
    return [1 / (rank ** s) for rank in range(1, n + 1)]


def bench_sources() -> list[dict[str, Any]]:
    kinds = ["news_agency"] * 30 + ["newspaper"] * 15 + ["broadcaster"] * 5 + ["ministry"] * 20 + \
            ["provincial_outlet"] * 10
    return [{"id": f"src{i:02d}", "name": f"رسانه {i}", "kind": kind,
             "level": "provincial" if kind == "provincial_outlet" else "national",
             "homepage": f"https://src{i:02d}.example/", "settings": {}} for i, kind in enumerate(kinds)]


@dataclass
class Batch:
    articles: list[dict[str, Any]] = field(default_factory=list)
    docs: list[tuple[int, str]] = field(default_factory=list)
    credits: list[dict[str, Any]] = field(default_factory=list)
    corrections: list[dict[str, Any]] = field(default_factory=list)


def _corpus_text() -> tuple[list[str], list[str]]:
    from classify.corpus import load_corpus, load_demo

    items = load_corpus() or load_demo()
    titles = [it["title"] for it in items]
    sentences = [s.strip() for it in items for s in re.split(r"[.\n؟!]+", it["text"]) if len(s.split()) >= 6]
    return titles, sentences


def generate(n: int, agencies: list[Any], counties: list[str], seed: int = 1404) -> Iterator[Batch]:
    """``n`` articles (ids 1..n) with their credits, corrections and search documents, in batches."""
    from store.searchtext import document

    rng = random.Random(seed)
    titles, sentences = _corpus_text()
    sources = bench_sources()
    source_weights = zipf_weights(len(sources))
    agency_ids = [a.id for a in agencies if a.kind == "agency"]
    agency_names = {a.id: a.name_fa for a in agencies}
    rng.shuffle(agency_ids)  # which agencies are the active ones is arbitrary
    agency_weights = zipf_weights(len(agency_ids), 0.9)
    kinds, kind_weights = ["news", "report", "interview", "photo", "note"], [80, 8, 7, 3, 2]
    span = DAYS * 86400
    # Daytime-heavy times: most items are published between 07:00 and 22:00 Tehran (03:30–18:30 UTC).
    stamps = sorted(span - rng.random() * span if rng.random() < 0.15 else
                    (rng.randrange(DAYS) * 86400 + 12600 + rng.random() * 54000) for _ in range(n))
    start = END - datetime.timedelta(days=DAYS)
    arabic = str.maketrans("یک", "يك")
    batch = Batch()
    for i, offset in enumerate(stamps, start=1):
        source = rng.choices(sources, source_weights)[0]
        about_share = 0.70 if source["level"] == "provincial" else 0.25
        r = rng.random()
        relevance = "about" if r < about_share else "mention" if r < about_share + 0.10 else "none"
        published = start + datetime.timedelta(seconds=offset)
        agency = rng.choices(agency_ids, agency_weights)[0] if relevance == "about" and rng.random() < 0.85 else None
        title = rng.choice(titles)
        if relevance == "about" and rng.random() < 0.5:
            title += " در " + rng.choice(counties)
        pr = rng.choice(("روابط عمومی", "روابط‌عمومی"))
        lead = f"به گزارش {pr} {agency_names[agency]}،" if agency else "به گزارش خبرنگار ما،"
        body = " ".join(" ".join(rng.sample(sentences, 2)).split()[:WORDS_PER_TEXT])
        if rng.random() < 0.05:
            title, lead, body = title.translate(arabic), lead.translate(arabic), body.translate(arabic)
        batch.articles.append({
            "id": i, "url": f"https://{source['id']}.example/news/{i}", "source_id": source["id"], "title": title,
            "lead": lead, "text": body, "published": published, "content_hash": f"{i:064x}",
            "first_seen": published + datetime.timedelta(hours=2), "last_seen": published + datetime.timedelta(hours=2),
            "relevance": relevance, "score": round(rng.random(), 3), "kind": rng.choices(kinds, kind_weights)[0],
            "evidence": {}, "model_version": "bench"})
        batch.docs.append((i, document(title, lead, body)))
        if agency:
            batch.credits.append({"article_id": i, "agency_id": agency, "role": "source", "confidence": 0.9,
                                  "evidence": lead, "needs_review": False})
        if (agency and rng.random() < 0.33) or (relevance == "mention" and rng.random() < 0.5):
            mentioned = rng.choices(agency_ids, agency_weights)[0]
            if mentioned != agency:
                batch.credits.append({"article_id": i, "agency_id": mentioned, "role": "mentioned",
                                      "confidence": 0.8, "evidence": None, "needs_review": False})
        fixed_at = published + datetime.timedelta(days=3)
        if agency and rng.random() < 0.01:
            batch.corrections.append({"article_id": i, "field": "agency", "value": rng.choice(agency_ids),
                                      "note": "bench", "author": "analyst", "created_at": fixed_at})
        if rng.random() < 0.003:
            batch.corrections.append({"article_id": i, "field": "relevance",
                                      "value": "none" if relevance == "about" else "about", "note": "bench",
                                      "author": "analyst", "created_at": fixed_at})
        if len(batch.articles) >= BATCH:
            yield batch
            batch = Batch()
    if batch.articles:
        yield batch


def write(conn: Any, batch: Batch) -> None:
    """One batch through SQLAlchemy Core (executemany) and the store's search-document writer."""
    from sqlalchemy import insert

    from store.models import Article, Correction, Credit
    from store.search import write_documents

    conn.execute(insert(Article), batch.articles)
    write_documents(conn, batch.docs)
    if batch.credits:
        conn.execute(insert(Credit), batch.credits)
    if batch.corrections:
        conn.execute(insert(Correction), batch.corrections)

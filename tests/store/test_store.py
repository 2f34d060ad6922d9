"""The coverage store on SQLite and PostgreSQL: schema, idempotent upserts, corrections, placements."""

from __future__ import annotations

import datetime

import pytest
from sqlalchemy import func, select

from seda.config import Source
from seda.errors import StoreError
from seda.registry import load_registry
from store.articles import (
    ArticleData,
    CreditData,
    FetchedPage,
    add_correction,
    effective_decision,
    ensure_story,
    raw_body,
    save_raw_page,
    set_classification,
    upsert_article,
)
from store.catalog import sync_registry, sync_sources
from store.db import make_engine, open_store, table_names, transaction
from store.models import AgencyRow, Article, Credit, PlaceRow, Placement, RawPage, SourceRow, Story
from store.queries import agency_table, iter_export_rows
from store.runs import finish_run, record_placements, record_source_stats, start_run

TEHRAN = datetime.timezone(datetime.timedelta(hours=3, minutes=30))
SOURCE = Source(id="payam", name="خبرگزاری پیام", kind="news_agency", level="national", homepage="http://127.0.0.1/")


@pytest.fixture
def factory(db_url: str):  # type: ignore[no-untyped-def]
    f = open_store(db_url)
    with transaction(f) as s:
        sync_registry(s, load_registry())
        sync_sources(s, [SOURCE])
    yield f
    f.kw["bind"].dispose()


def _article(**kw) -> ArticleData:  # type: ignore[no-untyped-def]
    base = dict(url="http://127.0.0.1/news/1", source_id="payam", title="افتتاح طرح آبرسانی در کوهدشت",
                text="به گزارش روابط عمومی شرکت آب منطقه‌ای لرستان، طرح آبرسانی افتتاح شد.",
                published=datetime.datetime(2025, 11, 25, 10, 23, tzinfo=TEHRAN))
    base.update(kw)
    return ArticleData(**base)


def test_schema_and_registry(factory) -> None:  # type: ignore[no-untyped-def]
    names = table_names(factory.kw["bind"])
    for t in ("articles", "raw_pages", "credits", "placements", "stories", "corrections", "crawl_runs",
              "source_run_stats", "agencies", "places", "sources"):
        assert t in names
    with transaction(factory) as s:
        assert s.scalar(select(func.count()).select_from(AgencyRow)) == 69
        assert s.scalar(select(func.count()).select_from(PlaceRow)) == len(load_registry().places)
        # loading twice changes nothing
        sync_registry(s, load_registry())
        sync_sources(s, [SOURCE, SOURCE])
    with transaction(factory) as s:
        assert s.scalar(select(func.count()).select_from(AgencyRow)) == 69
        assert s.scalar(select(func.count()).select_from(SourceRow)) == 1
        assert s.get(AgencyRow, "modiriat_bohran").parent_id == "ostandari_lorestan"


def test_article_upsert_is_idempotent(factory) -> None:  # type: ignore[no-untyped-def]
    with transaction(factory) as s:
        aid, status = upsert_article(s, _article())
        assert status == "new"
    with transaction(factory) as s:
        aid2, status = upsert_article(s, _article())
        assert (aid2, status) == (aid, "unchanged")
        aid3, status = upsert_article(s, _article(title="افتتاح طرح آبرسانی در کوهدشت و پلدختر"))
        assert (aid3, status) == (aid, "updated")
    with transaction(factory) as s:
        assert s.scalar(select(func.count()).select_from(Article)) == 1
        a = s.get(Article, aid)
        assert a.title.endswith("پلدختر")
        assert a.published.astimezone(TEHRAN).hour == 10  # the zone survives the round trip
        assert "\u200c" in a.text  # ZWNJ kept as written


def test_raw_page_keeps_latest_compressed(factory) -> None:  # type: ignore[no-untyped-def]
    body = ("<html>" + "خرم‌آباد " * 5000 + "</html>").encode("utf-8")
    page = FetchedPage(url="http://127.0.0.1/news/1", final_url="http://127.0.0.1/news/1?x", status=200, body=body,
                       content_type="text/html; charset=utf-8", encoding="utf-8", etag='"abc"')
    with transaction(factory) as s:
        first = save_raw_page(s, page)
    with transaction(factory) as s:
        page.etag = '"def"'
        assert save_raw_page(s, page) == first
    with transaction(factory) as s:
        row = s.get(RawPage, first)
        assert row.etag == '"def"' and raw_body(row) == body and len(row.body) < len(body) / 10
        assert s.scalar(select(func.count()).select_from(RawPage)) == 1


def test_classification_credits_and_corrections(factory) -> None:  # type: ignore[no-untyped-def]
    with transaction(factory) as s:
        aid, _ = upsert_article(s, _article())
        set_classification(s, aid, relevance="about", score=0.97, kind="news", model_version="t",
                           evidence={"relevance": "کوهدشت"},
                           credits=[CreditData("ab_mantaghei", "source", 0.9, "به گزارش روابط عمومی شرکت آب منطقه‌ای لرستان"),
                                    CreditData("farmandari_counties", "mentioned", 0.8)])
    with transaction(factory) as s:
        add_correction(s, aid, "agency", "abfa", author="analyst1", note="آبفا بود")
    with transaction(factory) as s:
        # the model runs again (reprocess): its credits are replaced, the correction still wins
        set_classification(s, aid, relevance="about", score=0.95, kind="news", model_version="t2", evidence={},
                           credits=[CreditData("ab_mantaghei", "source", 0.9)])
        decision = effective_decision(s, s.get(Article, aid))
        assert decision["agency"] == "abfa" and decision["corrected"] == ["agency"]
        assert s.scalar(select(func.count()).select_from(Credit)) == 1
        rows = list(iter_export_rows(s))
        assert rows[0]["agency"] == "abfa" and rows[0]["relevance"] == "about"
        table = {ln.agency_id: ln for ln in agency_table(s)}
        assert table["abfa"].items == 1 and table["ab_mantaghei"].items == 0
    with transaction(factory) as s, pytest.raises(ValueError):
        add_correction(s, aid, "title", "x", author="a")


def test_placements_and_runs(factory) -> None:  # type: ignore[no-untyped-def]
    seen = datetime.datetime(2025, 11, 25, 2, 0, tzinfo=datetime.UTC)
    with transaction(factory) as s:
        aid, _ = upsert_article(s, _article())
        run = start_run(s, trigger="test")
        record_placements(s, "payam", [("http://127.0.0.1/news/1", "top", 1), ("http://127.0.0.1/news/9", "top", 2)],
                          seen_at=seen, run_id=run.id)
        # the same snapshot written twice (a retried job) stays one snapshot
        record_placements(s, "payam", [("http://127.0.0.1/news/1", "top", 1)], seen_at=seen, run_id=run.id)
        record_source_stats(s, run.id, "payam", requests=10, articles_new=1, articles_updated=0,
                            errors={"http_404": 2}, seconds=1.5)
        record_source_stats(s, run.id, "payam", requests=12, articles_new=1, articles_updated=0,
                            errors={"http_404": 2}, seconds=1.5)
        finish_run(s, run, "ok", {"requests": 12}, ["payam: fine"])
    with transaction(factory) as s:
        assert s.scalar(select(func.count()).select_from(Placement)) == 2
        linked = s.scalars(select(Placement.article_id).where(Placement.url == "http://127.0.0.1/news/1")).one()
        assert linked == aid
        rows = list(iter_export_rows(s))
        assert rows[0]["on_homepage"] is True


def test_story_is_created_once(factory) -> None:  # type: ignore[no-untyped-def]
    with transaction(factory) as s:
        a = ensure_story(s, "k1", "عنوان", None)
        b = ensure_story(s, "k1", "عنوان دیگر", None)
        assert a == b
        assert s.scalar(select(func.count()).select_from(Story)) == 1


def test_database_down_is_one_clear_error() -> None:
    with pytest.raises(StoreError, match="cannot use database .*127.0.0.1:1"):
        open_store("postgresql://postgres@127.0.0.1:1/seda")


def test_bad_url_is_one_clear_error() -> None:
    with pytest.raises(StoreError):
        make_engine("not a url")

"""The dashboard's read queries on both backends (SQLite and the PostgreSQL server): effective decisions in
SQL, Persian-insensitive LIKE search with escaped wildcards, the review queue, an agency's weeks, the
overview, crawl health and exports."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker
from web_fixtures import LAST, THIS, Filler, fill, new_store

from digest.week import Week
from store.db import transaction
from web.filters import ArticleFilters
from web.queries import articles as q
from web.queries.agency import agency_report
from web.queries.article import article_view
from web.queries.health import crawl_health
from web.queries.overview import overview
from web.queries.review import review_count, review_page


@pytest.fixture
def filled(db_url: str, registry) -> Iterator[tuple[sessionmaker[Session], Filler]]:  # type: ignore[no-untyped-def]
    factory = new_store(db_url, registry, users=False)
    filler = fill(factory)
    yield factory, filler
    factory.kw["bind"].dispose()


def _names(filler: Filler, ids: list[int]) -> set[str]:
    back = {v: k for k, v in filler.ids.items()}
    return {back[i] for i in ids}


@pytest.mark.parametrize("f,expected", [
    (ArticleFilters(agency="abfa"), {"a1", "a2", "a3", "b1", "c1"}),
    (ArticleFilters(agency="-", relevance="about"), {"a6"}),
    (ArticleFilters(level="provincial"), {"a5"}),
    (ArticleFilters(since=THIS.start, until=THIS.end, kind="report"), {"a4"}),
    (ArticleFilters(since=LAST.start, until=LAST.end), {"b1", "b2", "b3", "b4"}),
    (ArticleFilters(q="كتابخانه‌هاي عمومي"), {"a7"}),
    (ArticleFilters(q="کتابخانههای"), {"a7"}),
    (ArticleFilters(q="%"), set()),
    (ArticleFilters(q="'; DROP TABLE articles; --"), set()),
    (ArticleFilters(q="<script>"), {"a9"}),
])
def test_article_filters(filled, f: ArticleFilters, expected: set[str]) -> None:  # type: ignore[no-untyped-def]
    factory, filler = filled
    with transaction(factory) as s:
        rows = q.page(s, f)
        assert _names(filler, [r.id for r in rows]) == expected
        assert q.count(s, f) == len(expected)


def test_corrections_win_in_sql(filled) -> None:  # type: ignore[no-untyped-def]
    factory, filler = filled
    filler.correct("a4", "agency", "tozi_bargh")
    filler.correct("a1", "agency", None)
    filler.correct("a7", "relevance", "about")
    filler.correct("a7", "relevance", "none")
    with transaction(factory) as s:
        assert _names(filler, [r.id for r in q.page(s, ArticleFilters(agency="tozi_bargh"))]) == {"a4", "b4"}
        assert _names(filler, [r.id for r in q.page(s, ArticleFilters(agency="-", relevance="about"))]) == {"a1", "a6"}
        assert "a7" in _names(filler, [r.id for r in q.page(s, ArticleFilters(relevance="none"))])
        rows = {r.id: r for r in q.page(s, ArticleFilters())}
        assert rows[filler.ids["a4"]].corrected and not rows[filler.ids["a2"]].corrected
        exported = list(q.export_rows(s, ArticleFilters(agency="tozi_bargh")))
        assert {r["url"] for r in exported} == {"http://payam.test/news/a4", "http://baran.test/news/b4"}


def test_review_queue(filled) -> None:  # type: ignore[no-untyped-def]
    factory, filler = filled
    with transaction(factory) as s:
        rows = review_page(s)
        assert [_names(filler, [r.id]).pop() for r in rows] == ["a6", "a4"]  # least sure first
        assert review_count(s) == 2
        flagged = next(r for r in rows if r.id == filler.ids["a4"])
        assert flagged.flagged and flagged.confidence == pytest.approx(0.45)
    filler.correct("a6", "relevance", "about")
    with transaction(factory) as s:
        assert review_count(s) == 1


def test_agency_report(filled) -> None:  # type: ignore[no-untyped-def]
    factory, filler = filled
    first = Week(THIS.start - datetime.timedelta(days=7 * 11))
    with transaction(factory) as s:
        report = agency_report(s, "abfa", first, THIS)
    assert len(report.weeks) == 12
    assert [w.national for w in report.weeks[-6:]] == [1, 0, 0, 0, 1, 3]
    assert report.outlets == {"خبرگزاری پیام": 2, "روزنامه باران": 1, "وزارت نیرو": 2}
    assert report.kinds == {"news": 4, "interview": 1}
    assert (report.ministry_placements, report.homepage_placements) == (1, 1)
    top = report.top(3)
    assert {it.title for it in top[:2]} == {"آبرسانی به چهل روستای کوهدشت", "گفت‌وگو با مدیرعامل آبفای لرستان"}


def test_overview_and_article_and_health(filled, registry) -> None:  # type: ignore[no-untyped-def]
    factory, filler = filled
    with transaction(factory) as s:
        data = overview(s, registry, THIS)
        assert [(ln.agency_id, ln.national, ln.previous) for ln in data.digest.ranking] == [("abfa", 3, 1), ("gas", 1, 2)]
        assert data.by_kind_level.total == 6 and data.by_kind_level.previous_total == 4
        assert data.chart_max == 3
        view = article_view(s, filler.ids["a1"])
        assert view is not None and [a.id for a, _ in view.copies] == [filler.ids["a2"]]
        assert view.source_credit is not None and view.source_credit.agency_id == "abfa"
        assert len(view.placements) == 1 and not view.needs_review
        health = crawl_health(s)
        assert [r.status for r in health.runs] == ["partial", "ok"]
        assert [h.source_id for h in health.sources] == ["baran"]

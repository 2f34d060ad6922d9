"""Items per agency per Iranian week, corrections applied: agrees with the export-based agency table."""

from __future__ import annotations

import datetime

import pytest

from seda.config import Source
from seda.registry import load_registry
from store.articles import ArticleData, CreditData, add_correction, set_classification, upsert_article
from store.catalog import sync_registry, sync_sources
from store.db import open_store, transaction
from store.queries import agency_table
from store.weekly import weekly_agency_items

TEHRAN = datetime.timezone(datetime.timedelta(hours=3, minutes=30))
SAT = datetime.date(2025, 11, 22)  # 1 Azar 1404, a Saturday
PREV = SAT - datetime.timedelta(days=7)


@pytest.fixture
def factory(db_url: str):  # type: ignore[no-untyped-def]
    f = open_store(db_url)
    with transaction(f) as s:
        sync_registry(s, load_registry())
        sync_sources(s, [Source(id="payam", name="پیام", kind="news_agency", level="national",
                                homepage="http://payam.test/")])
    yield f
    f.kw["bind"].dispose()


def _item(s, n: int, when: datetime.datetime, relevance: str, agency: str | None) -> int:  # type: ignore[no-untyped-def]
    aid, _ = upsert_article(s, ArticleData(url=f"http://payam.test/{n}", source_id="payam", title=f"خبر {n}",
                                           text="متن", published=when))
    set_classification(s, aid, relevance=relevance, score=0.5, kind="news", evidence={}, model_version="t",
                       credits=[CreditData(agency, "source")] if agency else [])
    return aid


def test_weekly_counts_with_corrections(factory) -> None:  # type: ignore[no-untyped-def]
    at = lambda day, hm="10:00": datetime.datetime.fromisoformat(f"{day}T{hm}").replace(tzinfo=TEHRAN)  # noqa: E731
    with transaction(factory) as s:
        _item(s, 1, at("2025-11-21", "23:30"), "about", "abfa")      # Friday night Tehran: the previous week
        _item(s, 2, at("2025-11-22", "00:10"), "about", "abfa")      # Saturday just after midnight: this week
        _item(s, 3, at("2025-11-23"), "about", "gas")
        moved = _item(s, 4, at("2025-11-24"), "about", "gas")
        missed = _item(s, 5, at("2025-11-25"), "none", None)
        dropped = _item(s, 6, at("2025-11-26"), "about", "abfa")
        _item(s, 7, at("2025-11-26"), "mention", "behzisti")         # not about: not counted
        _item(s, 8, at("2025-11-29"), "about", "abfa")               # after the period
        add_correction(s, moved, "agency", "tozi_bargh", author="a")
        add_correction(s, missed, "relevance", "about", author="a")
        add_correction(s, missed, "agency", "helal_ahmar", author="a")
        add_correction(s, dropped, "relevance", "none", author="a")
    since, until = PREV, datetime.date(2025, 11, 28)
    with transaction(factory) as s:
        weeks = weekly_agency_items(s, since, until)
        assert weeks == {"abfa": {PREV: 1, SAT: 1}, "gas": {SAT: 1}, "tozi_bargh": {SAT: 1}, "helal_ahmar": {SAT: 1}}
        totals = {ln.agency_id: ln.items for ln in agency_table(s, since, until, include_empty=False)}
        assert totals == {agency: sum(c.values()) for agency, c in weeks.items()}
        assert weekly_agency_items(s, SAT, SAT) == {"abfa": {SAT: 1}}

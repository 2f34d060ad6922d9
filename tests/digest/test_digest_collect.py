"""The week's figures on a hand-built store (see conftest.fill_week), on SQLite and PostgreSQL.

The week of 1–7 Azar 1404 (2025-11-22 … 2025-11-28), national items about the province:
  abfa        a1 (payam, homepage), a2 (baran, syndicated copy of a1), a3 (niroo ministry, interview, ministry
              main page), a9 (payam, report, Friday 23:50; its placement comes too late) → 4 items, 3 outlets,
              previous week 1 (p1, Friday 23:30 of the week before) → ▲ 3
  tozi_bargh  a4 (payam, report) credited by the model to ab_mantaghei, corrected by an analyst; on payam's
              homepage the Saturday after (within the grace day) → 1, previous week 1 → no change
  helal_ahmar a7: the model said "none", the analyst made it "about" and credited it → 1, new
  gas         nothing this week, 2 the week before → ▼ 2 (in the scorecard and among the passive)
Not counted: a5 (provincial outlet), a6 (a mention), a8 (corrected to none, though it was on a ministry page),
a10 (about, credited to nobody: in the totals only), a11 (a speaker, not an agency), n1 (next week).
"""

from __future__ import annotations

import datetime

import pytest
from digest_fixtures import WEEK, Filler, at
from sqlalchemy.orm import Session, sessionmaker

from digest import Week, WeekDigest, collect_week
from seda.registry import Registry
from store.db import transaction


def collect(factory: sessionmaker[Session], registry: Registry, day: datetime.date = WEEK) -> WeekDigest:
    with transaction(factory) as s:
        return collect_week(s, registry, day, source_ids=["payam", "baran", "sepehr", "niroo", "kar", "aflak"])


def agency_count(registry: Registry) -> int:
    return sum(1 for a in registry.agencies if a.kind == "agency")


def test_scorecard_numbers(week_store, registry) -> None:  # type: ignore[no-untyped-def]
    d = collect(week_store, registry, datetime.date(2025, 11, 25))  # any day of the week
    assert d.week == Week(WEEK)
    row = {aid: (ln.national, ln.interviews, ln.reports, ln.ministry_placements, ln.homepage_placements,
                 ln.outlets, ln.previous, ln.change) for aid, ln in d.lines.items()}
    #                        nat int rep min home out prev change
    assert row["abfa"] == (4, 1, 1, 1, 1, 3, 1, 3)
    assert row["tozi_bargh"] == (1, 0, 1, 0, 1, 1, 1, 0)
    assert row["helal_ahmar"] == (1, 0, 0, 0, 0, 1, 0, 1)
    assert row["gas"] == (0, 0, 0, 0, 0, 0, 2, -2)
    assert row["ab_mantaghei"] == (0, 0, 0, 0, 0, 0, 0, 0)  # its item was moved to tozi_bargh
    assert row["taavon_kar"][0] == 0 and row["behzisti"][0] == 0 and row["ostandari_lorestan"][0] == 0
    assert "press_house" not in d.lines  # speakers are not scored


def test_ranking_active_and_passive(week_store, registry) -> None:  # type: ignore[no-untyped-def]
    d = collect(week_store, registry)
    assert [(ln.agency_id, ln.rank) for ln in d.ranking] == [("abfa", 1), ("tozi_bargh", 2), ("helal_ahmar", 3)]
    assert [ln.agency_id for ln in d.most_active] == ["abfa", "tozi_bargh", "helal_ahmar"]
    # the scorecard also shows who dropped to nothing since last week
    assert [ln.agency_id for ln in d.scorecard] == ["abfa", "tozi_bargh", "helal_ahmar", "gas"]
    passive = {ln.agency_id for ln in d.passive}
    assert len(passive) == agency_count(registry) - 3
    # provincial-only coverage, a mention, a corrected-away item, a moved credit: all still passive
    assert {"ostandari_lorestan", "behzisti", "taavon_kar", "ab_mantaghei", "gas"} <= passive
    assert not passive & {"abfa", "tozi_bargh", "helal_ahmar"}
    assert all(a.kind == "agency" for a in registry.agencies if a.id in passive)


def test_totals(week_store, registry) -> None:  # type: ignore[no-untyped-def]
    t = collect(week_store, registry).totals
    assert (t.about, t.national, t.credited, t.previous_credited, t.change) == (9, 8, 6, 4, 2)
    assert (t.interviews, t.reports, t.ministry_placements, t.homepage_placements) == (1, 2, 1, 2)
    assert (t.outlets, t.active_agencies, t.agencies, t.stories) == (3, 3, agency_count(registry), 7)


def test_top_stories_group_syndicated_copies(week_store, registry) -> None:  # type: ignore[no-untyped-def]
    stories = collect(week_store, registry).top_stories
    first = stories[0]
    assert first.outlets == ["خبرگزاری پیام", "روزنامه باران"]  # the copy on a homepage first
    assert first.url == "http://payam.test/news/a1" and first.homepage_placements == 1
    assert first.agency_id == "abfa" and first.agency_name == "شرکت آب و فاضلاب استان لرستان"
    assert first.evidence == "به گزارش روابط عمومی شرکت آب و فاضلاب استان لرستان"
    assert first.published == at("2025-11-22", "00:10")
    # then the ministry interview and the corrected report (reach 2 each; the earlier first)
    assert [s.url for s in stories[1:3]] == ["http://niroo.test/news/a3", "http://payam.test/news/a4"]
    corrected = stories[2]
    assert corrected.agency_id == "tozi_bargh" and corrected.agency_corrected
    # the model's credit phrase named ab_mantaghei: the relevance sentence is shown instead
    assert corrected.evidence == "گزارش برق‌رسانی به روستاهای پلدختر"
    urls = {c.url for s in stories for c in s.copies}
    assert "http://aflak.test/news/a5" not in urls and "http://kar.test/news/a8" not in urls
    assert "http://payam.test/news/a10" in urls  # about the province though credited to nobody
    speaker = next(s for s in stories if s.url == "http://baran.test/news/a11")
    assert speaker.agency_name == "خانه مطبوعات و رسانه‌های لرستان"  # named, though not scored
    assert len(stories) == 7


def test_crawl_health(week_store, registry) -> None:  # type: ignore[no-untyped-def]
    h = collect(week_store, registry).health
    assert h.runs == 2 and not h.ok
    assert [(i.status, len(i.warnings)) for i in h.issues] == [("partial", 1)]
    assert "sepehr" in h.issues[0].warnings[0]
    assert [(q.source_id, q.runs, q.article_links) for q in h.quiet_sources] == [("sepehr", 2, 0)]


def test_empty_week(empty_store, registry) -> None:  # type: ignore[no-untyped-def]
    d = collect(empty_store, registry)
    assert d.empty and d.ranking == [] and d.scorecard == [] and d.top_stories == [] and d.most_active == []
    assert len(d.passive) == agency_count(registry)
    assert d.totals.credited == 0 and d.totals.change == 0
    assert d.health.runs == 0 and not d.health.ok and d.health.quiet_sources == []


def test_agency_with_zero_items(week_store, registry) -> None:  # type: ignore[no-untyped-def]
    d = collect(week_store, registry)
    line = d.lines["ketabkhaneha"]
    assert (line.national, line.outlets, line.placements, line.previous, line.change, line.rank) == (0, 0, 0, 0, 0,
                                                                                                   None)
    assert line in d.passive and line not in d.scorecard


def test_previous_week_is_its_own_week(week_store, registry) -> None:  # type: ignore[no-untyped-def]
    d = collect(week_store, registry, datetime.date(2025, 11, 20))
    assert d.week.start == datetime.date(2025, 11, 15)
    assert {ln.agency_id: ln.national for ln in d.ranking} == {"gas": 2, "abfa": 1, "tozi_bargh": 1}
    assert d.lines["gas"].interviews == 1
    assert [i.status for i in d.health.issues] == ["failed"]


@pytest.mark.parametrize(("day", "label"), [
    (datetime.date(2025, 11, 25), "هفته ۱ تا ۷ آذر ۱۴۰۴"),
    (datetime.date(2025, 12, 21), "هفته ۲۹ آذر تا ۵ دی ۱۴۰۴"),           # across months
    (datetime.date(2025, 3, 20), "هفته ۲۵ اسفند ۱۴۰۳ تا ۱ فروردین ۱۴۰۴"),  # across years: 1403 is leap
    (datetime.date(2026, 3, 20), "هفته ۲۳ تا ۲۹ اسفند ۱۴۰۴"),             # 1404-12-29, the year's last day
    (datetime.date(2026, 3, 21), "هفته ۱ تا ۷ فروردین ۱۴۰۵"),             # 1405-01-01 opens a week
])
def test_week_labels(day: datetime.date, label: str) -> None:
    assert Week.of(day).label == label


def test_week_bounds_and_default() -> None:
    w = Week.of(datetime.date(2025, 11, 28))  # a Friday closes the week
    assert (w.start, w.end) == (datetime.date(2025, 11, 22), datetime.date(2025, 11, 28))
    assert w.begins_at == at("2025-11-22", "00:00") and w.ends_at == at("2025-11-29", "00:00")
    assert Week.last_complete(datetime.date(2025, 11, 29)) == w  # on Saturday: the week that just ended
    assert Week.last_complete(datetime.date(2025, 12, 5)) == w  # on the next Friday: still that one
    assert w.has_ended(at("2025-11-29", "00:00")) and not w.has_ended(at("2025-11-28", "23:59"))
    with pytest.raises(ValueError):
        Week(datetime.date(2025, 11, 23))


def test_jalali_year_boundary(empty_store, registry) -> None:  # type: ignore[no-untyped-def]
    """1404-12-29 (a Friday) closes a week and 1405-01-01 opens the next; Nowruz 1404 falls mid-week."""
    f = Filler(empty_store)
    f.item("y1", "payam", at("2026-03-16"), agency="miras")          # 1404-12-25
    f.item("y2", "baran", at("2026-03-20", "23:00"), agency="miras")  # 1404-12-29, 23:00
    f.item("y3", "payam", at("2026-03-21", "00:30"), agency="miras")  # 1405-01-01, 00:30
    f.item("z1", "payam", at("2025-03-19"), agency="lums")            # 1403-12-29
    f.item("z2", "payam", at("2025-03-20"), agency="lums")            # 1403-12-30 (leap day)
    f.item("z3", "baran", at("2025-03-21"), agency="lums")            # 1404-01-01, Friday
    last = collect(empty_store, registry, datetime.date(2026, 3, 20))
    first = collect(empty_store, registry, datetime.date(2026, 3, 21))
    assert last.week.label == "هفته ۲۳ تا ۲۹ اسفند ۱۴۰۴" and first.week.label == "هفته ۱ تا ۷ فروردین ۱۴۰۵"
    assert (last.lines["miras"].national, last.lines["miras"].outlets) == (2, 2)
    # the change compares the first week of 1405 with the last week of 1404
    assert (first.lines["miras"].national, first.lines["miras"].previous, first.lines["miras"].change) == (1, 2, -1)
    nowruz = collect(empty_store, registry, datetime.date(2025, 3, 21))
    assert nowruz.week.label == "هفته ۲۵ اسفند ۱۴۰۳ تا ۱ فروردین ۱۴۰۴"
    assert nowruz.lines["lums"].national == 3 and nowruz.totals.credited == 3

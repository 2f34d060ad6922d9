"""Full-text search on SQLite (FTS5) and PostgreSQL (tsvector): Persian spelling variants match, filters
narrow, the index follows upserts and deletions, and nothing typed is read as query syntax."""

from __future__ import annotations

import datetime

import pytest
from sqlalchemy import delete

from seda.config import Source
from seda.registry import load_registry
from store.articles import ArticleData, CreditData, add_correction, set_classification, upsert_article
from store.catalog import sync_registry, sync_sources
from store.db import open_store, transaction
from store.models import Article
from store.search import search

TEHRAN = datetime.timezone(datetime.timedelta(hours=3, minutes=30))
SOURCES = [Source(id="payam", name="خبرگزاری پیام", kind="news_agency", level="national", homepage="http://payam.test/"),
           Source(id="baran", name="روزنامه باران", kind="newspaper", level="national", homepage="http://baran.test/")]

# name: (source, day of Nov 2025, title, text, source agency)
ARTICLES = {
    "zwnj": ("payam", 22, "نشست خبری در خرم‌آباد", "به گزارش روابط‌عمومی اداره کل بهزیستی لرستان، نشست برگزار شد.",
             "behzisti"),
    "space": ("baran", 23, "افتتاح طرح آبرسانی", "به گزارش روابط عمومی شرکت آب و فاضلاب استان لرستان، ۱۲ روستا آب دار شدند.",
              "abfa"),
    "persian_kaf": ("payam", 24, "سیل در کوهدشت", "امدادرسانی هلال احمر در کوهدشت ادامه دارد.", "helal_ahmar"),
    "arabic_kaf": ("baran", 25, "بازديد از كوهدشت", "مدير كل بهزيستي از مراكز كوهدشت بازديد كرد.", "behzisti"),
    "diacritics": ("payam", 26, "خُرَّم‌آباد میزبان جشنواره", "جشنوارهٔ فرهنگی در خرم آباد برگزار می‌شود.", None),
    "operators": ("baran", 27, 'عنوان با "نقل قول" و NEAR و OR', "متن با * و ستاره و (پرانتز) و AND.", None),
    "undated": ("payam", None, "گزارشی بی‌تاریخ از کوهدشت", "متنی بدون تاریخ انتشار.", None),  # last in every list
}
KOUHDASHT = ["arabic_kaf", "persian_kaf", "undated"]


@pytest.fixture(autouse=True, params=["from matches", "walking"])
def strategy(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every search test runs both ways a search can go: from the index's matches, and walking the
    articles newest first (what a common word on a large archive does)."""
    import store.search

    monkeypatch.setattr(store.search, "FEW_MATCHES", 5000 if request.param == "from matches" else 0)


def _filled(url: str):  # type: ignore[no-untyped-def]
    f = open_store(url)
    ids = {}
    with transaction(f) as s:
        sync_registry(s, load_registry())
        sync_sources(s, SOURCES)
        for name, (source, day, title, body, agency) in ARTICLES.items():
            aid, _ = upsert_article(s, ArticleData(url=f"http://{source}.test/{name}", source_id=source, title=title,
                                                   text=body, published=datetime.datetime(2025, 11, day, 10, tzinfo=TEHRAN)
                                                   if day else None))
            set_classification(s, aid, relevance="about", score=0.9, kind="news", evidence={}, model_version="t",
                               credits=[CreditData(agency, "source")] if agency else [])
            ids[name] = aid
    f.ids = ids  # type: ignore[attr-defined]
    return f


@pytest.fixture(scope="module")
def archive(module_db_url: str):  # type: ignore[no-untyped-def]
    """The articles above, shared by the tests that only search."""
    f = _filled(module_db_url)
    yield f
    f.kw["bind"].dispose()


@pytest.fixture
def factory(db_url: str):  # type: ignore[no-untyped-def]
    """The articles above, for a test that changes them."""
    f = _filled(db_url)
    yield f
    f.kw["bind"].dispose()


def _found(factory, query: str, **filters) -> list[str]:  # type: ignore[no-untyped-def]
    names = {v: k for k, v in factory.ids.items()}
    with transaction(factory) as s:
        return [names[h.id] for h in search(s, query, **filters)]


@pytest.mark.parametrize(("query", "expected"), [
    ("روابط عمومی", ["space", "zwnj"]),                # a space finds a half-space, newest first
    ("روابط‌عمومی", ["space", "zwnj"]),                # and the other way round
    ("«روابط عمومی» بهزیستی", ["zwnj"]),               # a phrase and a word
    ('"روابط عمومی" آب', ["space"]),
    ("كوهدشت", KOUHDASHT),                             # Arabic kaf finds Persian kaf
    ("کوهدشت", KOUHDASHT),
    ("مدیر کل بهزیستی", ["arabic_kaf"]),               # Arabic yeh in the text
    ("12 روستا", ["space"]),                           # Persian digits in the text
    ("۱۲", ["space"]),
    ("خرم آباد", ["diacritics", "zwnj"]),              # diacritics, ZWNJ and space variants
    ("خُرَّم‌آباد جشنواره", ["diacritics"]),
    ("جشنواره", ["diacritics"]),                       # «جشنوارهٔ» with hamza above
    ("سیل کوهدشت", ["persian_kaf"]),                   # every word must appear
    ("سیل تهران", []),
])
def test_persian_variants_match(archive, query: str, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert _found(archive, query) == expected


def test_filters(archive) -> None:  # type: ignore[no-untyped-def]
    assert _found(archive, "کوهدشت", source="payam") == ["persian_kaf", "undated"]
    assert _found(archive, "روابط عمومی", since=datetime.date(2025, 11, 23)) == ["space"]
    assert _found(archive, "روابط عمومی", until=datetime.date(2025, 11, 22)) == ["zwnj"]
    assert _found(archive, "کوهدشت", since=datetime.date(2025, 11, 24), until=datetime.date(2025, 11, 24)) == [
        "persian_kaf"]
    assert _found(archive, "کوهدشت", agency="behzisti") == ["arabic_kaf"]
    assert _found(archive, "کوهدشت", agency="abfa") == []
    assert _found(archive, "کوهدشت", limit=1) == ["arabic_kaf"]


def test_agency_filter_follows_corrections(factory) -> None:  # type: ignore[no-untyped-def]
    with transaction(factory) as s:
        add_correction(s, factory.ids["arabic_kaf"], "agency", "abfa", author="analyst")
    assert _found(factory, "کوهدشت", agency="abfa") == ["arabic_kaf"]
    assert _found(factory, "کوهدشت", agency="behzisti") == []
    with transaction(factory) as s:
        add_correction(s, factory.ids["arabic_kaf"], "agency", None, author="analyst")  # no agency after all
    assert _found(factory, "کوهدشت", agency="abfa") == []


BOTH = ["space", "zwnj"]


@pytest.mark.parametrize(("query", "expected"), [
    ('"', []), ('""', []), ('"روابط', BOTH), ('روابط"', BOTH), ("*", []), ("کوه*", []), ("NEAR", ["operators"]),
    ("NEAR(روابط عمومی)", []), ("روابط OR کوهدشت", []), ("روابط AND NOT", []), ("-کوهدشت", KOUHDASHT),
    ("^روابط", BOTH), ("doc:روابط", []), ("'; DROP TABLE articles; --", []), ("a & b | !c", []), ("<-> :* ''", []),
    ("\\", []), ("(", []), (")", []), ("", []), ("   ", []), ("؟!،", []), ("\u200c", []),
])
def test_query_syntax_is_never_obeyed(archive, query: str, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert _found(archive, query) == expected  # operators are plain words (or separators), never obeyed
    assert _found(archive, "روابط عمومی") == BOTH  # and nothing was harmed


def test_operator_words_are_searched_as_words(archive) -> None:  # type: ignore[no-untyped-def]
    assert _found(archive, "NEAR OR") == ["operators"]
    assert _found(archive, '"نقل قول"') == ["operators"]
    assert _found(archive, "AND ستاره") == ["operators"]


def test_index_follows_upserts_and_deletions(factory) -> None:  # type: ignore[no-untyped-def]
    with transaction(factory) as s:
        upsert_article(s, ArticleData(url="http://payam.test/persian_kaf", source_id="payam", title="سیل در پلدختر",
                                      text="امدادرسانی ادامه دارد."))
    assert _found(factory, "پلدختر") == ["persian_kaf"]
    assert _found(factory, "کوهدشت") == ["arabic_kaf", "undated"]
    with transaction(factory) as s:
        s.execute(delete(Article).where(Article.id == factory.ids["arabic_kaf"]))
    assert _found(factory, "کوهدشت") == ["undated"]
    with transaction(factory) as s:  # a new article after a deletion is indexed afresh
        aid, _ = upsert_article(s, ArticleData(url="http://baran.test/new", source_id="baran", title="دیدار در کوهدشت",
                                               text="متن"))
        assert [h.id for h in search(s, "کوهدشت")] == [aid, factory.ids["undated"]]
        assert search(s, "مراکز") == []


def test_a_huge_article_is_stored_and_indexed(factory) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL's tsvector holds 1 MB at most: the indexed document is cut, the article is not."""
    words = " ".join(f"واژه{i}" for i in range(300_000))  # ~3 MB of distinct words
    with transaction(factory) as s:
        aid, _ = upsert_article(s, ArticleData(url="http://payam.test/huge", source_id="payam",
                                               title="گزارش بلند از کوهدشت", text=words))
        assert aid in [h.id for h in search(s, "واژه1 کوهدشت")]
        assert len(s.get(Article, aid).text) == len(words)

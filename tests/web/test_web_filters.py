"""The articles page's filters: Jalali and ISO dates, each filter on effective (corrected) decisions,
Persian-insensitive search, pagination."""

from __future__ import annotations

import datetime
import re

import pytest
from web_fixtures import LAST, THIS, jalali

from seda.dates import persian_digits
from store.db import transaction
from web.filters import parse_filters
from web.search import normalise, terms

D = datetime.date


@pytest.mark.parametrize("text,expected", [
    ("1404-09-01", D(2025, 11, 22)),
    ("۱۴۰۴/۰۹/۰۱", D(2025, 11, 22)),
    ("١٤٠٤/٠٩/٠١", D(2025, 11, 22)),       # Arabic-Indic digits
    ("1404/9/1", D(2025, 11, 22)),
    ("  1404.09.01 ", D(2025, 11, 22)),
    ("2025-11-22", D(2025, 11, 22)),
    ("1403-12-30", D(2025, 3, 20)),         # the last day of a leap Esfand
    ("", None),
])
def test_dates_jalali_and_iso(text: str, expected: D | None) -> None:
    f, errors = parse_filters({"from": text})
    assert (f.since, errors) == (expected, [])


@pytest.mark.parametrize("text", ["1404-13-01", "1404-12-31", "1404-09", "yesterday", "2025-02-30", "۱۴۰۴/۰۹/۳۲"])
def test_bad_dates_are_reported_not_raised(text: str) -> None:
    f, errors = parse_filters({"to": text})
    assert f.until is None and len(errors) == 1 and "«تا»" in errors[0]


def test_reversed_range_is_swapped() -> None:
    f, errors = parse_filters({"from": "1404-09-07", "to": "1404-09-01"})
    assert (f.since, f.until) == (D(2025, 11, 22), D(2025, 11, 28)) and errors


def test_filters_round_trip_through_links() -> None:
    f, _ = parse_filters({"from": "۱۴۰۴/۰۹/۰۱", "agency": "abfa", "q": "آب  کوهدشت", "page": "3", "kind": ""})
    assert f.query() == "from=1404-09-01&agency=abfa&q=%D8%A2%D8%A8++%DA%A9%D9%88%D9%87%D8%AF%D8%B4%D8%AA&page=3"
    assert parse_filters(dict(f.params()))[0] == f


@pytest.mark.parametrize("query,expected", [
    ("كتابخانه‌هاي", ["کتابخانههای"]),
    ("ی ي ى", ["ی", "ی", "ی"]),
    ("مي‌شوند", ["میشوند"]),
    ("ABC  def", ["abc", "def"]),
])
def test_search_terms_are_normalised(query: str, expected: list[str]) -> None:
    assert terms(query) == expected
    assert normalise(query).split() == expected


def _listed(page: str) -> set[int]:
    return set(map(int, re.findall(r'<td><a href="/article/(\d+)"', page)))


def test_filter_by_jalali_range(client_as, ids) -> None:  # type: ignore[no-untyped-def]
    client = client_as("vera")
    this_week = _listed(client.get("/articles", params={"from": jalali(THIS.start), "to": jalali(THIS.end)}).text)
    assert this_week == {ids[f"a{i}"] for i in range(1, 10)}
    persian = client.get("/articles", params={"from": persian_digits(jalali(LAST.start).replace("-", "/")),
                                              "to": LAST.end.isoformat()}).text
    assert _listed(persian) == {ids["b1"], ids["b2"], ids["b3"], ids["b4"]}
    assert "<strong>۴</strong> خبر" in persian


@pytest.mark.parametrize("params,names", [
    ({"agency": "abfa"}, {"a1", "a2", "a3", "b1", "c1"}),
    ({"agency": "abfa", "source": "payam"}, {"a1", "b1"}),
    ({"level": "provincial"}, {"a5"}),
    ({"kind": "interview"}, {"a3", "b3"}),
    ({"relevance": "none"}, {"a7", "a8"}),
    ({"relevance": "mention"}, {"a9"}),
    ({"agency": "-", "relevance": "about"}, {"a6"}),
    ({"q": "كتابخانه‌هاي"}, {"a7"}),           # Arabic letters, ZWNJ: matches the stored Arabic spelling
    ({"q": "کتابخانههای عمومی"}, {"a7"}),       # Persian letters, no ZWNJ: matches it too
    ({"q": "مي شوند"}, {"a7"}),                 # two words, both somewhere in the text
    ({"q": "آبرسانی کوهدشت"}, {"a1", "a2"}),     # title or text
    ({"q": "روستای کوهدشت", "source": "baran"}, {"a2"}),
    ({"q": "هیچ‌جا‌نیست"}, set()),
])
def test_filters(client_as, ids, params: dict[str, str], names: set[str]) -> None:  # type: ignore[no-untyped-def]
    page = client_as("vera").get("/articles", params=params).text
    assert _listed(page) == {ids[n] for n in names}


def test_filters_follow_corrections(client_as, ids, factory) -> None:  # type: ignore[no-untyped-def]
    from store.articles import add_correction

    with transaction(factory) as s:
        add_correction(s, ids["a4"], "agency", "tozi_bargh", author="ali")
        add_correction(s, ids["a7"], "relevance", "about", author="ali")
        add_correction(s, ids["a7"], "relevance", "none", author="ali")  # the latest wins
        add_correction(s, ids["a1"], "agency", None, author="ali")         # corrected to no agency
    client = client_as("vera")
    assert _listed(client.get("/articles", params={"agency": "tozi_bargh"}).text) == {ids["a4"], ids["b4"]}
    assert ids["a4"] not in _listed(client.get("/articles", params={"agency": "gas"}).text)
    assert ids["a7"] in _listed(client.get("/articles", params={"relevance": "none"}).text)
    no_agency = _listed(client.get("/articles", params={"agency": "-", "relevance": "about"}).text)
    assert no_agency == {ids["a1"], ids["a6"]}
    page = client.get("/articles", params={"agency": "tozi_bargh"}).text
    assert "اصلاح‌شده" in page


def test_pagination(client_as, ids, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from web.queries import articles as q

    monkeypatch.setattr(q, "PAGE_SIZE", 3)
    client = client_as("vera")
    first = client.get("/articles", params={"agency": "abfa"}).text  # 5 articles
    assert _listed(first) == {ids["a1"], ids["a2"], ids["a3"]} and "صفحه‌ی ۱ از ۲" in first  # newest first
    assert 'href="/articles?agency=abfa&page=2"' in first.replace("&amp;", "&")
    second = client.get("/articles", params={"agency": "abfa", "page": "2"}).text
    assert _listed(second) == {ids["b1"], ids["c1"]} and 'rel="prev"' in second
    everything = client.get("/articles").text
    assert "صفحه‌ی ۱ از ۵" in everything  # 14 articles
    beyond = client.get("/articles", params={"page": "99"}).text
    assert _listed(beyond) == set()

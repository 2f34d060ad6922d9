"""URL hygiene: canonical forms, article and listing shapes, URL dates, shapes for trap limits."""

from __future__ import annotations

import datetime

import pytest

from crawler.urls import canonical, looks_like_article, looks_like_listing, same_site, shape, url_date


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.irna.ir/news/85012345/x?utm_source=tg&utm_medium=x", "https://www.irna.ir/news/85012345/x"),
    ("http://a.ir/Portal/ShowPage.aspx?ID=12&Object=News&sid=9f8e7d", "http://a.ir/Portal/ShowPage.aspx?ID=12&Object=News"),
    ("http://a.ir/news/12;jsessionid=ABC123?x=1#frag", "http://a.ir/news/12?x=1"),
    ("http://A.IR/news/12?b=2&a=1", "http://a.ir/news/12?b=2&a=1"),
    ("mailto:x@a.ir", None),
    ("ftp://a.ir/x", None),
])
def test_canonical(url: str, expected: str | None) -> None:
    assert canonical(url) == expected


def test_canonical_resolves_relative() -> None:
    assert canonical("../../news/5", "https://a.ir/fa/service/x/") == "https://a.ir/fa/news/5"


@pytest.mark.parametrize(("url", "article"), [
    ("https://www.mehrnews.com/news/6512345/%D8%B9%D9%86%D9%88%D8%A7%D9%86", True),
    ("https://www.yjc.ir/fa/news/8912345/slug", True),
    ("https://www.tasnimnews.com/fa/news/1404/09/04/3456789/slug", True),
    ("https://lorestan-news.ir/1404/09/04/%D8%AE%D8%A8%D8%B1/", True),
    ("https://aflak.ir/?p=1234", True),
    ("https://moe.gov.ir/Portal/Home/ShowPage.aspx?Object=News&ID=1a2b&CategoryID=3", True),
    ("https://www.yjc.ir/fa/tags/452/2/%D9%84%D8%B1%D8%B3%D8%AA%D8%A7%D9%86", False),
    ("https://www.irna.ir/service/province/lorestan", False),
    ("https://a.ir/category/lorestan/page/3/", False),
    ("https://a.ir/about-us", False),
])
def test_article_shapes(url: str, article: bool) -> None:
    assert looks_like_article(url) is article


def test_listing_shapes() -> None:
    assert looks_like_listing("https://www.yjc.ir/fa/tags/452/1/x")
    assert looks_like_listing("https://a.ir/archive?page=2")
    assert not looks_like_listing("https://a.ir/news/123456/x")


@pytest.mark.parametrize(("url", "expected"), [
    ("https://a.ir/1404/09/04/slug/", datetime.date(2025, 11, 25)),
    ("https://a.ir/archive/1404-09-04", datetime.date(2025, 11, 25)),
    ("https://a.ir/2025/11/25/slug", datetime.date(2025, 11, 25)),
    ("https://a.ir/news/123456/slug", None),
    ("https://a.ir/1404/13/40/slug", None),
])
def test_url_date(url: str, expected: datetime.date | None) -> None:
    assert url_date(url) == expected


def test_shape_masks_digits_and_query_values() -> None:
    assert shape("https://a.ir/archive/1404-09-04") == shape("https://a.ir/archive/1404-09-03")
    assert shape("https://a.ir/list?sort=new&page=2") == shape("https://a.ir/list?page=9&sort=old")
    assert shape("https://a.ir/list?sort=new") != shape("https://a.ir/list?page=1")


def test_same_site_ignores_www() -> None:
    assert same_site("https://www.irna.ir/a", "https://irna.ir/b")
    assert same_site("https://lorestan.irna.ir/a", "https://irna.ir/")
    assert not same_site("http://127.0.0.1:8001/", "http://127.0.0.1:8002/")


@pytest.mark.parametrize(("url", "article", "listing"), [
    ("https://x.ir/Portal/Home/ShowPage.aspx?Object=News&ID=45946&LayoutID=b05e&CategoryID=8", True, True),
    ("https://x.ir/Portal/Home/ShowPage.aspx?Object=NewsArchive&LayoutID=b05e&CategoryID=8", False, True),
    ("https://x.ir/search?q=%D9%84%D8%B1%D8%B3%D8%AA%D8%A7%D9%86", False, True),
])
def test_portal_query_shapes(url: str, article: bool, listing: bool) -> None:
    assert looks_like_article(url) is article
    assert looks_like_listing(url) is listing

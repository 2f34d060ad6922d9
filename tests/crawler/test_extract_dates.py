"""Choosing the publication date among the page's signals: table-driven pages built from parts."""

from __future__ import annotations

import datetime as dt

import pytest

from crawler.extract import extract_article

NOW = dt.datetime(2025, 12, 3, 12, 0, tzinfo=dt.timezone.utc)
URL = "https://www.example-news.ir/news/123456/slug"
BODY = "".join(
    f"<p>{sentence}</p>"
    for sentence in (
        "به گزارش خبرنگار ما، مدیرکل راهداری استان از آغاز طرح زمستانی در محورهای کوهستانی خبر داد و گفت: "
        "بیش از ۲۰۰ دستگاه ماشین‌آلات راهداری در ۴۵ پایگاه مستقر شده‌اند تا تردد در گردنه‌ها روان بماند.",
        "وی افزود: ذخیره ۳۰ هزار تن شن و نمک در انبارهای راهداری انجام شده و اکیپ‌های امداد به‌صورت "
        "شبانه‌روزی در محورهای پرتردد آماده خدمت‌رسانی به رانندگان و مسافران هستند.",
        "مدیرکل راهداری همچنین از رانندگان خواست پیش از سفر از وضعیت جوی و ترافیکی جاده‌ها مطلع شوند "
        "و همراه داشتن زنجیر چرخ و لوازم ایمنی را در سفرهای زمستانی فراموش نکنند.",
    )
)
RELATED = (
    '<div class="box"><h3>اخبار مرتبط</h3><ul>'
    '<li><a href="/news/123001/a">بسته شدن محور هراز به دلیل بارش برف سنگین در ارتفاعات</a>'
    "<span>۱۴۰۴/۰۸/۱۵ - ۰۹:۰۰</span></li>"
    '<li><a href="/news/123002/b">آماده‌باش راهداران در محورهای شمالی کشور با آغاز فصل سرما</a>'
    "<span>۱۴۰۴/۰۸/۱۲ - ۱۱:۳۰</span></li></ul></div>"
)
COMMENTS = (
    '<div id="comments"><h3>نظرات</h3><div class="c"><span class="who">امید</span>'
    "<span>۲ آذر ۱۴۰۴ ساعت ۱۸:۰۰</span><p>خیلی خوب است، ممنون از گزارش.</p></div></div>"
)


def build(*, head: str = "", header: str = "", after: str = "", topbar: str = "") -> bytes:
    return (
        f'<html lang="fa"><head><meta charset="utf-8"><title>آغاز طرح زمستانی راهداری - خبرگزاری نمونه</title>'
        f"{head}</head><body><div class='top'>{topbar}</div><nav><a href='/'>خانه</a></nav>"
        f"<article><h1>آغاز طرح زمستانی راهداری</h1>{header}<div class='text'>{BODY}</div></article>"
        f"{after}<footer>کلیه حقوق محفوظ است</footer></body></html>"
    ).encode()


def meta(value: str, name: str = "article:published_time") -> str:
    return f'<meta property="{name}" content="{value}">'


def jsonld(published: str, modified: str | None = None) -> str:
    extra = f', "dateModified": "{modified}"' if modified else ""
    return ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
            f'"headline": "آغاز طرح زمستانی راهداری", "datePublished": "{published}"{extra}}}</script>')


# (name, page bytes, url, expected published ISO, expected source, a warning is expected)
CASES = [
    ("meta with offset", build(head=meta("2025-11-25T10:23:00+03:30")), URL,
     "2025-11-25T10:23:00+03:30", "meta", False),
    ("meta without offset is Tehran time", build(head=meta("2025-11-25T10:23:00")), URL,
     "2025-11-25T10:23:00+03:30", "meta", False),
    ("jsonld in UTC", build(head=jsonld("2025-11-25T06:53:00Z")), URL,
     "2025-11-25T10:23:00+03:30", "jsonld", False),
    ("time element", build(header='<time datetime="2025-11-25T10:23:00+03:30">۴ آذر ۱۴۰۴</time>'), URL,
     "2025-11-25T10:23:00+03:30", "time", False),
    ("visible Jalali only", build(header='<div class="date">۴ آذر ۱۴۰۴، ۱۰:۲۳</div>'), URL,
     "2025-11-25T10:23:00+03:30", "visible_jalali", False),
    ("labelled Jalali without a date class", build(header="<span>تاریخ انتشار : ۱۴۰۴/۰۹/۰۴ - ۱۰:۲۳</span>"),
     URL, "2025-11-25T10:23:00+03:30", "visible_jalali", False),
    ("date and time in separate cells",
     build(header="<table><tr><td>تاریخ انتشار : 1404/09/04</td><td>ساعت : 10:23</td><td>کد خبر: 4521</td></tr></table>"),
     URL, "2025-11-25T10:23:00+03:30", "visible_jalali", False),
    ("Jalali date in the URL only", build(), "https://example.ir/1404/09/04/slug/",
     "2025-11-25T00:00:00+03:30", "url", False),
    ("agreeing sources: the timed one wins over the URL day",
     build(header="<div class='date'>۴ آذر ۱۴۰۴</div>", head=meta("2025-11-25T10:23:00+03:30")),
     "https://example.ir/1404/09/04/slug/", "2025-11-25T10:23:00+03:30", "meta", False),
    ("agreeing sources: the visible time wins over a bare meta day",
     build(header="<div class='date'>۴ آذر ۱۴۰۴ - ۱۰:۲۳</div>", head=meta("2025-11-25")), URL,
     "2025-11-25T10:23:00+03:30", "visible_jalali", False),
    ("a midnight meta is a bare day",
     build(header="<div class='date'>۴ آذر ۱۴۰۴ - ۱۰:۲۳</div>", head=meta("2025-11-25T00:00:00+03:30")), URL,
     "2025-11-25T10:23:00+03:30", "visible_jalali", False),
    ("disagreeing meta: the visible header date wins, with a warning",
     build(header="<div class='date'>۴ آذر ۱۴۰۴ - ۰۸:۰۰</div>", head=meta("2025-12-01T09:00:00+03:30")), URL,
     "2025-11-25T08:00:00+03:30", "visible_jalali", True),
    ("disagreeing jsonld: the visible header date wins, with a warning",
     build(header="<span>تاریخ انتشار: ۱۴۰۴/۰۹/۰۴</span>", head=jsonld("2025-11-30T09:00:00+03:30")), URL,
     "2025-11-25T00:00:00+03:30", "visible_jalali", True),
    ("related-news dates are ignored", build(after=RELATED), "https://example.ir/1404/09/04/slug/",
     "2025-11-25T00:00:00+03:30", "url", False),
    ("comment dates are ignored", build(after=COMMENTS, head=meta("2025-11-25T10:23:00+03:30")), URL,
     "2025-11-25T10:23:00+03:30", "meta", False),
    ("the site header's clock is ignored",
     build(topbar="<span class='today'>امروز: چهارشنبه ۱۲ آذر ۱۴۰۴</span>", head=meta("2025-11-25T10:23:00+03:30")),
     URL, "2025-11-25T10:23:00+03:30", "meta", False),
    ("an unlabelled clock far above the title on the crawl day is ignored",
     build(topbar="<span class='hdr'>چهارشنبه ۱۲ آذر ۱۴۰۴</span>" + "<a href='/x'>پیوند</a>" * 30), URL,
     None, None, False),
    ("a future meta date is dropped", build(head=meta("2026-01-10T10:00:00+03:30")), URL, None, None, False),
    ("a future visible date is dropped for the URL date",
     build(header="<div class='date'>۴ آذر ۱۴۰۵</div>"), "https://example.ir/1404/09/04/slug/",
     "2025-11-25T00:00:00+03:30", "url", False),
    ("tomorrow is within tolerance", build(head=meta("2025-12-04T01:00:00+03:30")), URL,
     "2025-12-04T01:00:00+03:30", "meta", False),
    ("a date before 1350 is dropped", build(header="<div class='date'>۱۳۴۰/۰۱/۰۱</div>"), URL, None, None, False),
    ("Esfand 30 of leap year 1403", build(header="<div class='date'>۳۰ اسفند ۱۴۰۳ - ۲۳:۱۰</div>"), URL,
     "2025-03-20T23:10:00+03:30", "visible_jalali", False),
    ("Farvardin 1 1404 after the year boundary", build(header="<div class='date'>۱ فروردین ۱۴۰۴</div>"), URL,
     "2025-03-21T00:00:00+03:30", "visible_jalali", False),
    ("a date inside the body text is not the publication date",
     build(head=meta("2025-11-25T10:23:00+03:30")).replace(
         "<p>".encode(), "<p>این طرح از ۱۲ مهر ۱۴۰۰ آغاز شده بود و ".encode(), 1), URL,
     "2025-11-25T10:23:00+03:30", "meta", False),
]


@pytest.mark.parametrize(("name", "body", "url", "expected", "source", "warned"), CASES, ids=[c[0] for c in CASES])
def test_published(name: str, body: bytes, url: str, expected: str | None, source: str | None, warned: bool) -> None:
    article = extract_article(body, url, "text/html", now=NOW)
    assert article is not None
    assert (article.published.isoformat() if article.published else None) == expected
    assert article.published_source == source
    assert any("disagree" in w for w in article.warnings) is warned
    if article.published is not None:
        assert str(article.published.tzinfo) == "Asia/Tehran"


def test_modified() -> None:
    body = build(head=jsonld("2025-11-25T10:23:00+03:30", "2025-11-25T14:00:00+03:30"))
    article = extract_article(body, URL, now=NOW)
    assert article is not None
    assert article.modified == dt.datetime.fromisoformat("2025-11-25T14:00:00+03:30")


def test_modified_label_is_not_the_publication_date() -> None:
    header = ("<div class='meta'>تاریخ انتشار: ۱۴۰۴/۰۹/۰۴ - ۱۰:۲۳</div>"
              "<div class='meta'>آخرین به‌روزرسانی: ۱۴۰۴/۰۹/۰۶ - ۰۹:۰۰</div>")
    article = extract_article(build(header=header), URL, now=NOW)
    assert article is not None
    assert article.published.isoformat() == "2025-11-25T10:23:00+03:30"
    assert article.modified is not None and article.modified.isoformat() == "2025-11-27T09:00:00+03:30"


def test_default_now_is_the_present() -> None:
    article = extract_article(build(head=meta("2025-11-25T10:23:00+03:30")), URL)
    assert article is not None and article.published is not None

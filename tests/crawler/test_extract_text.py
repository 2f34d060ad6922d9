"""Body text: ZWNJ kept exactly, layout tables, furniture and meta lines removed."""

from __future__ import annotations

import datetime as dt

import pytest
import trafilatura

from crawler.extract import extract_article
from crawler.extract.page import ZWNJ, ZWNJ_STAND_INS, ZwnjGuard

NOW = dt.datetime(2025, 12, 3, 12, 0, tzinfo=dt.timezone.utc)
URL = "https://www.example-news.ir/news/123456/slug"
Z = ZWNJ
PARAGRAPHS = [
    f"به گزارش روابط{Z}عمومی استانداری، طرح آبرسانی به ۴۰ روستای شهرستان خرم{Z}آباد با اعتبار ۳۰۰ میلیارد ریال "
    f"آغاز شد و پیش{Z}بینی می{Z}شود تا پایان سال آینده به بهره{Z}برداری برسد.",
    f"معاون عمرانی استاندار گفت: با اجرای این طرح، مشکل کم{Z}آبی تابستانی در این روستاها برطرف می{Z}شود "
    f"و بیش از ۱۲ هزار نفر از آب شرب پایدار بهره{Z}مند خواهند شد.",
    "وی افزود: بخشی از اعتبارات از محل صندوق توسعه ملی و بخشی دیگر از منابع استانی تأمین شده و "
    "پیمانکاران بومی در اجرای آن مشارکت دارند.",
]


def article_page(paragraphs: list[str] = PARAGRAPHS, *, extra: str = "", title: str = f"آغاز آبرسانی به روستاهای خرم{Z}آباد") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<html lang="fa"><head><meta charset="utf-8"><title>{title} - خبرگزاری نمونه</title>'
            f'<meta property="og:type" content="article"></head><body><h1>{title}</h1>'
            f'<div class="date">۴ آذر ۱۴۰۴، ۱۰:۲۳</div><div class="story">{body}{extra}</div></body></html>')


def test_trafilatura_still_drops_zwnj() -> None:
    """The reason for the guard: if this starts failing, trafilatura keeps ZWNJ and the guard can go."""
    html = article_page().replace("<title>", "<title>x")
    text = trafilatura.extract(html) or ""
    assert "خرم" in text and f"خرم{Z}آباد" not in text


@pytest.mark.parametrize("stand_in", ZWNJ_STAND_INS)
def test_every_stand_in_survives_trafilatura(stand_in: str) -> None:
    html = article_page().replace(Z, stand_in)
    text = trafilatura.extract(html) or ""
    assert f"خرم{stand_in}آباد" in text
    assert f"می{stand_in}شود" in text


@pytest.mark.parametrize("word", [f"خرم{Z}آباد", f"می{Z}شود", f"روابط{Z}عمومی", f"بهره{Z}برداری"])
def test_zwnj_is_kept_exactly(word: str) -> None:
    article = extract_article(article_page().encode(), URL, "text/html; charset=utf-8", now=NOW)
    assert article is not None
    assert word in article.text
    assert word.replace(Z, "") not in article.text.replace(word, "")
    assert article.title == f"آغاز آبرسانی به روستاهای خرم{Z}آباد"


def test_text_without_zwnj_is_not_given_any() -> None:
    plain = [p.replace(Z, " ") for p in PARAGRAPHS]
    article = extract_article(article_page(plain).encode(), URL, now=NOW)
    assert article is not None and Z not in article.text
    assert article.text == "\n".join(plain)


def test_zwnj_entities_become_zwnj() -> None:
    html = article_page().replace(f"خرم{Z}آباد با", "خرم&zwnj;آباد با").replace(f"می{Z}شود تا", "می&#8204;شود تا")
    article = extract_article(html.encode(), URL, now=NOW)
    assert article is not None
    assert f"خرم{Z}آباد با" in article.text and f"می{Z}شود تا" in article.text


def test_page_that_contains_the_first_stand_in_itself() -> None:
    cgj = ZWNJ_STAND_INS[0]
    paragraphs = [PARAGRAPHS[0] + f" نماد{cgj}ویژه", *PARAGRAPHS[1:]]
    html = article_page(paragraphs)
    assert ZwnjGuard.for_text(html).stand_in == ZWNJ_STAND_INS[1]
    article = extract_article(html.encode(), URL, now=NOW)
    assert article is not None
    assert f"نماد{cgj}ویژه" in article.text and f"خرم{Z}آباد" in article.text


def test_paragraphs_joined_by_newlines() -> None:
    article = extract_article(article_page().encode(), URL, now=NOW)
    assert article is not None
    assert article.text.split("\n") == PARAGRAPHS


@pytest.mark.parametrize("noise", [
    "<p>انتهای پیام/</p>",
    "<p>کد خبر: ۶۶۷۸۹۰۱</p>",
    "<div>تاریخ انتشار: ۱۴۰۴/۰۹/۰۴ - ۱۰:۲۳</div>",
    "<p>برچسب‌ها: لرستان، آب</p>",
    '<div class="share"><a href="https://t.me/share">تلگرام</a> <a href="#">توییتر</a></div>',
    '<div class="tags"><a href="/tag/1">لرستان</a><a href="/tag/2">آب</a></div>',
    '<p>بیشتر بخوانید: <a href="/news/99/x">کاهش بارش‌ها در لرستان نسبت به میانگین بلندمدت</a></p>',
    '<div class="related-news"><h3>اخبار مرتبط</h3><a href="/news/98/y">بهره‌برداری از ۱۲ طرح آبرسانی روستایی در لرستان</a></div>',
    '<div><h4>اخبار مرتبط</h4><ul><li><a href="/news/97/z">افت سطح آب‌های زیرزمینی دشت خرم‌آباد به مرز هشدار رسید</a></li>'
    '<li><a href="/news/96/w">تخصیص ۸۰۰ میلیارد ریال برای طرح‌های نیمه‌تمام آب استان</a></li></ul></div>',
    '<div class="comments"><h3>نظرات</h3><p>خیلی خوب است ممنون از پیگیری شما در این زمینه مهم.</p></div>',
])
def test_furniture_is_not_text(noise: str) -> None:
    article = extract_article(article_page(extra=noise).encode(), URL, now=NOW)
    assert article is not None
    assert article.text.split("\n") == PARAGRAPHS


def test_layout_tables_do_not_become_table_rows() -> None:
    cells = "".join(f"<tr><td>{p}</td></tr>" for p in PARAGRAPHS)
    html = (f'<html><head><meta charset="utf-8"><title>آغاز آبرسانی - پورتال وزارت</title></head><body>'
            f'<table width="100%"><tr><td class="menu"><a href="/">صفحه اصلی</a> | <a href="/news">اخبار</a></td></tr>'
            f'<tr><td><h1>آغاز آبرسانی</h1></td></tr>{cells}</table></body></html>')
    article = extract_article(html.encode(), "https://example.gov.ir/ShowPage.aspx?ID=45", now=NOW)
    assert article is not None
    assert "|" not in article.text
    assert article.text.split("\n") == PARAGRAPHS


def test_data_table_inside_article_is_kept() -> None:
    table = "<table><tr><th>شهرستان</th><th>روستا</th></tr><tr><td>کوهدشت</td><td>۱۲</td></tr></table>"
    article = extract_article(article_page(extra=table).encode(), URL, now=NOW)
    assert article is not None
    assert "کوهدشت" in article.text


def test_body_selector_overrides_generic_extraction() -> None:
    html = article_page(extra='<div class="box-x"><p>متن کادر جانبی که نباید بخشی از خبر باشد و طولانی است.</p></div>')
    html = html.replace('<div class="story">', '<div class="story"><div class="main-x">').replace(
        '<div class="box-x">', '</div><div class="box-x">')
    article = extract_article(html.encode(), URL, now=NOW, selectors={"body": "div.main-x", "title": "h1"})
    assert article is not None
    assert article.text.split("\n") == PARAGRAPHS


def test_bad_selectors_fail_loudly() -> None:
    with pytest.raises(ValueError, match="unknown selector key"):
        extract_article(article_page().encode(), URL, selectors={"bodyy": "div"})
    with pytest.raises(ValueError, match="invalid selector"):
        extract_article(article_page().encode(), URL, selectors={"body": "div[["})

"""What each page shows: right-to-left Persian with Jalali dates and Persian digits, labelled controls, and
the figures of the filled week."""

from __future__ import annotations

import re

import pytest
from web_fixtures import LAST, THIS, FormControls, csrf_of, jalali

from seda.dates import jalali_str

PAGES = ["/login", "/", "/articles", "/articles?q=لرستان&kind=news", "/article/{a1}", "/article/{a4}",
         "/agency/abfa", "/crawl", "/review", "/users", "/no-such-page"]


@pytest.mark.parametrize("page", PAGES)
def test_pages_are_rtl_persian_with_labelled_controls(client_as, anon, ids, page: str) -> None:  # type: ignore[no-untyped-def]
    client = anon if page == "/login" else client_as("ada")
    response = client.get(page.format(**ids))
    assert response.status_code in (200, 404)
    parser = FormControls()
    parser.feed(response.text)
    assert parser.html_attrs.get("lang") == "fa" and parser.html_attrs.get("dir") == "rtl"
    assert parser.unlabelled() == [], parser.unlabelled()
    assert "/static/seda.css" in response.text
    assert not re.search(r'(src|href)="(https?:)?//', response.text.replace(
        'href="http://', "").replace('href="https://', "")), "an outside asset"


def test_no_outside_assets_and_the_font_is_served(anon) -> None:  # type: ignore[no-untyped-def]
    css = anon.get("/static/seda.css")
    assert css.status_code == 200 and "Vazirmatn-Variable.woff2" in css.text
    assert "http" not in css.text  # no @import or url() from elsewhere
    font = anon.get("/static/fonts/Vazirmatn-Variable.woff2")
    assert font.status_code == 200 and font.content[:4] == b"wOF2"
    licence = anon.get("/static/fonts/OFL.txt")
    assert licence.status_code == 200 and "SIL OPEN FONT LICENSE" in licence.text


def test_overview_this_week_against_last(client_as) -> None:  # type: ignore[no-untyped-def]
    page = client_as("vera").get("/").text
    assert THIS.label in page and "هفته‌ی جاری" in page
    ranking = page.split('class="ranking"', 1)[1].split("</ol>", 1)[0]
    names = re.findall(r'href="/agency/([a-z_]+)"', ranking)
    assert names[:2] == ["abfa", "gas"]  # abfa 3 national items, gas 1
    assert set(names) == {"abfa", "gas", "tozi_bargh"}  # tozi_bargh had 1 last week, none now
    abfa = ranking.split('href="/agency/abfa"', 1)[1].split("</li>", 1)[0]
    assert "۳" in abfa and "+۲" in abfa  # 3 against 1 last week
    assert "<svg" in ranking and 'class="now"' in ranking
    kinds = page.split('id="kinds-h"', 1)[1].split("</table>", 1)[0]
    # about items this week: national a1 a2 a3 (news, news, interview) a4 report a6 news; provincial a5 news
    cells = re.sub(r">\s+<", "><", kinds)
    assert '<th scope="row">خبر</th><td class="num">۳</td><td class="num">۱</td><td class="num">۴</td>' in cells
    assert '<th scope="row">جمع</th><td class="num">۵</td><td class="num">۱</td><td class="num">۶</td><td class="num">۴</td>' in cells


def test_overview_other_week_and_bad_week(client_as) -> None:  # type: ignore[no-untyped-def]
    client = client_as("vera")
    page = client.get("/", params={"week": jalali_str(LAST.start)}).text  # Persian digits, slashes
    assert LAST.label in page
    bad = client.get("/", params={"week": "1404-13-40"})
    assert bad.status_code == 200 and "معتبر نیست" in bad.text


def test_overview_falls_back_to_last_week_when_this_one_is_empty(factory, registry) -> None:  # type: ignore[no-untyped-def]
    import datetime

    from starlette.testclient import TestClient
    from web_fixtures import login

    from web.app import create_app

    app = create_app(factory, registry, "k" * 40, today=lambda: THIS.start + datetime.timedelta(days=7))
    with TestClient(app, follow_redirects=False) as client:
        login(client, "vera")
        page = client.get("/").text
    assert THIS.label in page and "هفته‌ی جاری هنوز خبری" in page


def test_agency_page(client_as, ids) -> None:  # type: ignore[no-untyped-def]
    page = client_as("vera").get("/agency/abfa").text
    assert "شرکت آب و فاضلاب استان لرستان" in page
    columns = page.split('class="columns"', 1)[1].split("</ol>", 1)[0]
    assert columns.count("<li") == 12
    counts = re.findall(r'<span class="num">([۰-۹]+)</span>', columns)
    assert counts[-1] == "۳" and counts[-2] == "۱" and counts[-6] == "۱"  # this week, last week, 5 weeks ago
    outlets = page.split('id="outlets-h"', 1)[1].split("</table>", 1)[0]
    assert "خبرگزاری پیام" in outlets and "وزارت نیرو" in outlets and "روزنامه باران" in outlets
    top = page.split('id="top-h"', 1)[1]
    assert f"/article/{ids['a1']}" in top and f"/article/{ids['c1']}" in top
    assert "۱ در صفحه‌ی اصلی وزارتخانه‌ها" in page and "۱ در صفحه‌ی اول رسانه‌های ملی" in page
    assert client_as("vera").get("/agency/no_such_agency").status_code == 404


def test_agency_page_range(client_as) -> None:  # type: ignore[no-untyped-def]
    page = client_as("vera").get("/agency/abfa", params={"from": jalali(LAST.start), "to": jalali(THIS.end)}).text
    columns = page.split('class="columns"', 1)[1].split("</ol>", 1)[0]
    assert columns.count("<li") == 2


def test_article_page_marks_evidence_and_lists_copies(client_as, ids) -> None:  # type: ignore[no-untyped-def]
    page = client_as("ali").get(f"/article/{ids['a1']}").text
    assert '<mark class="ev ev-agency"' in page
    marked = re.search(r'<mark class="ev ev-agency"[^>]*>(.*?)</mark>', page.split('class="text"', 1)[1]).group(1)
    assert marked == "به گزارش روابط عمومی شرکت آب و فاضلاب استان لرستان"
    assert '<mark class="ev ev-relevance"' in page.split("<h1>", 1)[1].split("</h1>", 1)[0]  # the title sentence
    copies = page.split('id="copies-h"', 1)[1].split("</table>", 1)[0]
    assert f"/article/{ids['a2']}" in copies and "روزنامه باران" in copies
    placements = page.split('id="place-h"', 1)[1].split("</table>", 1)[0]
    assert "خبرگزاری پیام" in placements
    assert "۹۰٪" in page  # the credit's confidence
    assert 'id="fix-agency"' in page and 'for="fix-agency"' in page


def test_article_page_shows_review_flag(client_as, ids) -> None:  # type: ignore[no-untyped-def]
    page = client_as("vera").get(f"/article/{ids['a4']}").text
    assert "برای بازبینی علامت زده" in page and "۴۵٪" in page


def test_review_queue(client_as, ids) -> None:  # type: ignore[no-untyped-def]
    page = client_as("vera").get("/review").text
    listed = set(map(int, re.findall(r'<td><a href="/article/(\d+)"', page)))
    assert listed == {ids["a4"], ids["a6"]}  # the flagged credit and the weak "about"
    assert "<strong>۲</strong> خبر در صف" in page


def test_crawl_health(client_as) -> None:  # type: ignore[no-untyped-def]
    page = client_as("vera").get("/crawl").text
    sources = page.split('id="src-h"', 1)[1].split("</section>", 1)[0]
    assert "روزنامه باران" in sources and "no article links found" in sources
    assert "ناقص" in page and "موفق" in page
    runs = page.split('id="runs-h"', 1)[1].split("</section>", 1)[0]
    assert runs.count("<tr>") == 3  # header + 2 runs


def test_dates_are_jalali_with_persian_digits(client_as, ids) -> None:  # type: ignore[no-untyped-def]
    page = client_as("vera").get("/articles").text
    assert jalali_str(THIS.start) in page  # ۱۴۰۴/۰۹/۰۱ style
    assert THIS.start.isoformat() not in page
    assert not re.search(r"<td class=\"num\">[0-9]", page)

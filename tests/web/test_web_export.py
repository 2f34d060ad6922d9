"""CSV and XLSX downloads of the current filter: the export contract's columns, UTF-8 with BOM, Excel opens."""

from __future__ import annotations

import csv
import io

from web_fixtures import THIS, jalali

from store.queries import EXPORT_FIELDS


def test_csv_of_the_current_filter(client_as) -> None:  # type: ignore[no-untyped-def]
    response = client_as("vera").get("/articles/export.csv", params={"agency": "abfa", "from": jalali(THIS.start)})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;") and f"seda-articles-{jalali(THIS.start)}.csv" in disposition
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read Persian
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == EXPORT_FIELDS
    assert sorted(r["url"] for r in rows) == [f"http://{s}.test/news/{n}" for s, n in
                                              (("baran", "a2"), ("niroo", "a3"), ("payam", "a1"))]
    assert {r["agency"] for r in rows} == {"abfa"} and rows[0]["title"]


def test_csv_follows_search_and_corrections(client_as, ids, factory) -> None:  # type: ignore[no-untyped-def]
    from store.articles import add_correction
    from store.db import transaction

    with transaction(factory) as s:
        add_correction(s, ids["a4"], "agency", "tozi_bargh", author="ali")
    client = client_as("vera")
    rows = list(csv.DictReader(io.StringIO(client.get("/articles/export.csv", params={"agency": "tozi_bargh"})
                                           .content.decode("utf-8-sig"))))
    assert {r["url"] for r in rows} == {"http://payam.test/news/a4", "http://baran.test/news/b4"}
    assert [r["corrected"] for r in rows if r["url"].endswith("a4")] == ["agency"]
    searched = client.get("/articles/export.csv", params={"q": "كتابخانه"}).content.decode("utf-8-sig")
    assert len(list(csv.DictReader(io.StringIO(searched)))) == 1


def test_xlsx_opens_with_openpyxl(client_as) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    response = client_as("vera").get("/articles/export.xlsx", params={"relevance": "about"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    ws = wb["articles"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == EXPORT_FIELDS
    assert len(rows) - 1 == 11  # a1-a6 this week, b1-b4, c1
    assert all(r[EXPORT_FIELDS.index("relevance")] == "about" for r in rows[1:])
    assert not any(isinstance(v, str) and v.startswith("=") for r in rows for v in r)


def test_empty_export_has_the_header(client_as) -> None:  # type: ignore[no-untyped-def]
    body = client_as("vera").get("/articles/export.csv", params={"q": "هیچ‌جا‌نیست"}).content.decode("utf-8-sig")
    assert body.splitlines() == [",".join(EXPORT_FIELDS)]


def test_export_links_carry_the_filter(client_as) -> None:  # type: ignore[no-untyped-def]
    page = client_as("vera").get("/articles", params={"agency": "abfa", "kind": "news"}).text.replace("&amp;", "&")
    assert 'href="/articles/export.csv?agency=abfa&kind=news"' in page
    assert 'href="/articles/export.xlsx?agency=abfa&kind=news"' in page

"""Decoding the Iranian web: UTF-8, windows-1256, right and wrong declarations, BOMs, binaries."""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

import pytest

from crawler.extract import extract_article
from crawler.extract.decode import decode_html, is_binary

PAGES = Path(__file__).parent / "pages"
PHRASE = "به گزارش روابط\u200cعمومی شهرداری خرم\u200cآباد، این طرح اجرا می\u200cشود."
# windows-1256 has no Persian yeh: pages in it use the Arabic one
PHRASE_1256 = PHRASE.replace("ی", "ي")


def page(charset_meta: str | None, text: str = PHRASE) -> str:
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    return f"<html><head>{meta}<title>خبر</title></head><body><p>{text}</p></body></html>"


# (bytes, Content-Type header, expected encoding)
CASES = [
    ("utf-8 declared in the header", page(None).encode(), "text/html; charset=utf-8", "utf-8"),
    ("utf-8 declared nowhere", page(None).encode(), "text/html", "utf-8"),
    ("utf-8 behind a header that says iso-8859-1", page("utf-8").encode(), "text/html; charset=iso-8859-1", "utf-8"),
    ("utf-8 behind a header that says windows-1256", page(None).encode(), "text/html; charset=windows-1256", "utf-8"),
    ("utf-8 with a BOM", codecs.BOM_UTF8 + page(None).encode(), None, "utf-8"),
    ("windows-1256 declared in the header", page(None, PHRASE_1256).encode("cp1256"),
     "text/html; charset=windows-1256", "windows-1256"),
    ("windows-1256 declared only in <meta charset>", page("windows-1256", PHRASE_1256).encode("cp1256"),
     "text/html", "windows-1256"),
    ("windows-1256 declared only in <meta http-equiv>",
     ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256"></head>'
      f"<body><p>{PHRASE_1256}</p></body></html>").encode("cp1256"), None, "windows-1256"),
    ("windows-1256 behind a header that says iso-8859-1", page(None, PHRASE_1256).encode("cp1256"),
     "text/html; charset=iso-8859-1", "windows-1256"),
    ("windows-1256 behind a header that says windows-1252", page(None, PHRASE_1256).encode("cp1256"),
     "text/html; charset=windows-1252", "windows-1256"),
    ("windows-1256 under a false <meta charset=utf-8>", page("utf-8", PHRASE_1256).encode("cp1256"),
     None, "windows-1256"),
    ("windows-1256 declared nowhere", page(None, PHRASE_1256).encode("cp1256"), None, "windows-1256"),
    ("the cp1256 alias", page(None, PHRASE_1256).encode("cp1256"), "text/html; charset=cp1256", "windows-1256"),
]


@pytest.mark.parametrize(("name", "body", "content_type", "expected"), CASES, ids=[c[0] for c in CASES])
def test_decode(name: str, body: bytes, content_type: str | None, expected: str) -> None:
    decoded = decode_html(body, content_type)
    assert decoded.encoding == expected
    wanted = PHRASE_1256 if expected == "windows-1256" else PHRASE
    assert wanted in decoded.text
    assert "\ufffd" not in decoded.text


def test_latin_page_stays_latin() -> None:
    body = "<html><body><p>Déjà vu à la française, très élégant.</p></body></html>".encode("cp1252")
    decoded = decode_html(body, "text/html; charset=iso-8859-1")
    assert decoded.encoding == "windows-1252"
    assert "Déjà vu" in decoded.text


def test_a_stray_byte_in_a_utf8_page_is_replaced_not_misread() -> None:
    body = page("utf-8", PHRASE * 50).encode() + b"\xff" + b"</html>"
    decoded = decode_html(body, "text/html; charset=utf-8")
    assert decoded.encoding == "utf-8"
    assert PHRASE in decoded.text


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("amar.xlsx", b"x" * 100)
    return buffer.getvalue()


BINARIES = [
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40, "image/png"),
    ("png behind text/html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40, "text/html"),
    ("zip behind text/html", _zip(), "text/html; charset=utf-8"),
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "application/pdf"),
    ("pdf without a type", b"%PDF-1.4\n1 0 obj <<>>", None),
    ("jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF", None),
    ("gzip left compressed", b"\x1f\x8b\x08\x00" + b"\x00" * 20, "text/html"),
    ("NUL bytes in text", b"<html><body>" + b"\x00\x01\x02" * 30 + b"</body></html>", "text/html"),
    ("html with an image content type", page(None).encode(), "image/jpeg"),
]


@pytest.mark.parametrize(("name", "body", "content_type"), BINARIES, ids=[b[0] for b in BINARIES])
def test_binary_is_no_article(name: str, body: bytes, content_type: str | None) -> None:
    assert is_binary(body, content_type)
    assert extract_article(body, "https://example.ir/news/12345/x", content_type) is None


def test_html_is_not_binary() -> None:
    assert not is_binary(page(None).encode(), "text/html")
    assert not is_binary(page(None).encode(), "application/octet-stream")  # misconfigured .aspx servers
    assert not is_binary(codecs.BOM_UTF16_LE + page(None).encode("utf-16-le"), None)


MINISTRY_URL = "https://www.mrud.gov.ir/Portal/Home/ShowPage.aspx?page=news&ID=45210"


@pytest.mark.parametrize("content_type", [
    "text/html; charset=windows-1256",
    "text/html",  # only the <meta http-equiv> tells
    None,
    "text/html; charset=iso-8859-1",  # a wrong server default
    "text/html; charset=utf-8",  # a wrong server default the other way
])
def test_windows_1256_portal_decodes_under_every_header(content_type: str | None) -> None:
    body = (PAGES / "ministry_aspx_1256.html").read_bytes()
    article = extract_article(body, MINISTRY_URL, content_type)
    assert article is not None
    assert article.encoding == "windows-1256"
    assert article.title == "تکميل قطعه دوم آزادراه خرم\u200cآباد - پل\u200cزال تا پايان سال"
    assert "روابط\u200cعمومي وزارت راه و شهرسازي" in article.text

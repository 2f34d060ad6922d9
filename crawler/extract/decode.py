"""Bytes to text: binary sniffing and charset decoding for the Iranian web.

Iranian pages come as UTF-8 (most), windows-1256 (old portals, often ASP.NET), with the charset in the
HTTP header, only in ``<meta>``, or wrongly declared (a server default of iso-8859-1 in front of UTF-8
or windows-1256 bytes). The order that gets all of these right:

1. a byte-order mark;
2. strict UTF-8 when the bytes are valid UTF-8 (windows-1256 Persian is never valid UTF-8);
3. the declarations (header, then ``<meta>``), except that a Latin declaration whose bytes read as
   Persian in windows-1256 is mojibake and is overridden;
4. windows-1256 when the bytes read as Arabic-script text in it;
5. charset-normalizer as a last resort, then UTF-8 with replacement characters.
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass

logger = logging.getLogger(__name__)

#: Magic numbers of formats that are never an HTML page (checked on the first bytes).
BINARY_SIGNATURES: tuple[bytes, ...] = (
    b"\x89PNG\r\n\x1a\n",  # PNG
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",  # JPEG
    b"PK\x03\x04",  # ZIP, and so DOCX/XLSX/ODT
    b"PK\x05\x06",  # empty ZIP
    b"%PDF-",
    b"\x1f\x8b",  # gzip (a body the client did not inflate)
    b"BZh",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # OLE: DOC, XLS, PPT
    b"ID3",  # MP3
    b"OggS",
    b"fLaC",
    b"\x00\x00\x01\x00",  # ICO
    b"wOFF",
    b"wOF2",
    b"\x7fELF",
    b"MZ",  # Windows executable
)

#: Content types that are never an article page, whatever the bytes look like.
NON_HTML_TYPES = re.compile(
    r"^(?:image|audio|video|font)/|^application/(?:pdf|zip|x-zip|gzip|x-gzip|x-tar|x-7z|x-rar|msword|"
    r"vnd\.|octet-stream|x-msdownload|javascript|json|x-shockwave-flash)",
    re.IGNORECASE,
)

#: How far into the document a ``<meta charset>`` is looked for. The HTML standard says 1024 bytes;
#: Iranian CMS heads often carry long inline scripts and styles first, so look further.
META_SNIFF_BYTES = 16_384

#: Bytes decoded to judge whether windows-1256 is the right reading (enough for any page's head + lead).
SNIFF_SAMPLE_BYTES = 65_536

#: A windows-1256 reading counts as Persian when at least this share of its non-ASCII characters are
#: Arabic-script letters. Real windows-1256 Persian pages score 0.9+ (the rest is punctuation and
#: the odd «é»); the same bytes read as windows-1252 would score 0, and French or German pages
#: decoded as windows-1256 stay below 0.5 because 1256 keeps their accented letters.
ARABIC_SHARE_1256 = 0.7

#: A declared UTF-8 is still used (with replacement characters) when at most this share of the
#: sample's bytes are invalid: a stray byte in an otherwise UTF-8 page, not a mislabelled 1256 page.
UTF8_MAX_INVALID_SHARE = 0.001

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""",
    re.IGNORECASE,
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)

#: Declarations that mean "a Latin single-byte charset": WHATWG maps all of them to windows-1252.
_LATIN = {"ascii", "latin_1", "iso8859_15", "cp1252", "iso8859_1"}

_ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))

#: Codec names as reported in ``ExtractedArticle.encoding``.
_DISPLAY_NAMES = {
    "utf_8": "utf-8",
    "utf_8_sig": "utf-8",
    "cp1256": "windows-1256",
    "cp1252": "windows-1252",
    "latin_1": "iso-8859-1",
    "iso8859_6": "iso-8859-6",
    "utf_16": "utf-16",
    "utf_16_le": "utf-16le",
    "utf_16_be": "utf-16be",
    "ascii": "ascii",
}


@dataclass(frozen=True)
class Decoded:
    """The page as text, the charset actually used, and what was declared (for warnings)."""

    text: str
    encoding: str
    declared: str | None = None
    note: str | None = None


def is_binary(body: bytes, content_type: str | None = None) -> bool:
    """True for bytes that are not a web page: known file signatures, NUL bytes, non-HTML types.

    >>> is_binary(b"\\x89PNG\\r\\n\\x1a\\n...")
    True
    >>> is_binary("<html><body>خبر</body></html>".encode())
    False
    """
    if content_type and NON_HTML_TYPES.search(content_type.strip()):
        # octet-stream is what misconfigured servers send for .aspx pages: let the bytes decide.
        if "octet-stream" not in content_type.lower():
            return True
    head = body[:16].lstrip()
    if head.startswith(BINARY_SIGNATURES) or body[4:12] in (b"ftypmp42", b"ftypisom") or body[8:12] == b"WEBP":
        return True
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\x00" in body[:SNIFF_SAMPLE_BYTES]


def _codec(label: str | None) -> str | None:
    """Python codec name of a charset label, or None when unknown (``"windows-1256"`` → ``"cp1256"``)."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in ("x-user-defined", "unicode"):
        return None
    try:
        return codecs.lookup(label).name.replace("-", "_")
    except LookupError:
        return None


def declared_charsets(body: bytes, content_type: str | None) -> tuple[str | None, str | None]:
    """The codec names declared by the header and by the first ``<meta>``, each None when absent."""
    header = None
    if content_type:
        found = _HEADER_CHARSET.search(content_type)
        header = _codec(found.group(1)) if found else None
    in_meta = _META_CHARSET.search(body[:META_SNIFF_BYTES])
    meta = _codec(in_meta.group(1).decode("ascii", "ignore")) if in_meta else None
    return header, meta


def _arabic_share(text: str) -> tuple[float, int]:
    """Share of Arabic-script letters among the non-ASCII characters of ``text``, and that count."""
    non_ascii = 0
    arabic = 0
    for char in text:
        code = ord(char)
        if code < 128:
            continue
        non_ascii += 1
        for low, high in _ARABIC_RANGES:
            if low <= code <= high:
                arabic += 1
                break
    return (arabic / non_ascii if non_ascii else 0.0), non_ascii


def _reads_as_1256(sample: bytes) -> bool:
    share, count = _arabic_share(sample.decode("cp1256", "replace"))
    return count > 0 and share >= ARABIC_SHARE_1256


def _utf8_strict(data: bytes) -> str | None:
    """Strict UTF-8, tolerating only a multi-byte character cut at the very end (a truncated page)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return data[: exc.start].decode("utf-8")
        return None


def display_name(codec: str) -> str:
    return _DISPLAY_NAMES.get(codec, codec.replace("_", "-"))


def decode_html(body: bytes, content_type: str | None = None) -> Decoded:
    """Decode a page, choosing the charset as the module docstring says.

    >>> decode_html("خرم‌آباد".encode("cp1256"), "text/html; charset=iso-8859-1").text
    'خرم\\u200cآباد'
    """
    header, meta = declared_charsets(body, content_type)
    declared = header or meta
    if body.startswith(codecs.BOM_UTF8):
        return Decoded(body[3:].decode("utf-8", "replace"), "utf-8", declared)
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Decoded(body.decode("utf-16", "replace"), "utf-16", declared)

    text = _utf8_strict(body)
    if text is not None:
        if declared and declared not in ("utf_8", "ascii") and not text.isascii():
            return Decoded(text, "utf-8", declared, f"declared {display_name(declared)} but the bytes are UTF-8")
        return Decoded(text, "utf-8", declared)

    sample = body[:SNIFF_SAMPLE_BYTES]
    for codec in dict.fromkeys(c for c in (header, meta) if c):
        if codec in _LATIN:
            if _reads_as_1256(sample):
                return Decoded(body.decode("cp1256", "replace"), "windows-1256", codec,
                               f"declared {display_name(codec)} but the bytes are windows-1256")
            return Decoded(body.decode("cp1252", "replace"), display_name("cp1252"), codec)
        if codec == "utf_8":
            invalid = sample.decode("utf-8", "replace").count("\ufffd")
            if invalid <= max(1, int(len(sample) * UTF8_MAX_INVALID_SHARE)):
                return Decoded(body.decode("utf-8", "replace"), "utf-8", codec)
            continue  # a false UTF-8 declaration: the other one, or sniffing, decides
        try:
            return Decoded(body.decode(codec, "replace"), display_name(codec), codec)
        except (LookupError, TypeError):  # a label Python knows but cannot decode with
            continue

    if _reads_as_1256(sample):
        note = f"declared {display_name(declared)} but the bytes are windows-1256" if declared else None
        return Decoded(body.decode("cp1256", "replace"), "windows-1256", declared, note)
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(sample).best()
    except Exception:  # noqa: BLE001 - the detector is a last resort; any failure means "no guess"
        best = None
    if best is not None and best.encoding:
        codec = _codec(best.encoding) or "utf_8"
        return Decoded(body.decode(codec, "replace"), display_name(codec), declared, "charset guessed")
    return Decoded(body.decode("utf-8", "replace"), "utf-8", declared, "undecodable bytes replaced")

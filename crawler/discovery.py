"""Discovery: links, feeds, sitemaps and pagination read out of fetched pages. Pure functions, no network.

These are the crawler's strategies; the spider only schedules what they find. They are generic: a page's
role (homepage, listing, feed, sitemap) decides which one is asked, never the site's name.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from lxml import etree, html

from crawler.urls import canonical, is_page_url, looks_like_article, looks_like_listing, same_site

# Text of "next page" links on Persian and English sites.
NEXT_TEXT = re.compile(r"^\s*(بعدی|صفحه\s*بعد(ی)?|ادامه|قدیمی‌?تر|next|older|›|»|>|>>|→|←)\s*$", re.IGNORECASE)
NEXT_CLASS = re.compile(r"\bnext\b|\bnext-page\b|pagination-next|\bolder\b", re.IGNORECASE)
PERSIAN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
# A headline is longer than a menu label: anchors with at least this many letters are article candidates
# even when their URL shape says nothing (menus are 1-3 words; Persian headlines 6-15 words).
HEADLINE_MIN_CHARS = 25
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/xml", "text/xml")


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    article: bool   # worth fetching as an article candidate
    listing: bool   # worth following as a section/tag/archive page


@dataclass(frozen=True)
class FeedEntry:
    url: str
    published: datetime.datetime | None


def parse_html(body: str | bytes, url: str) -> html.HtmlElement | None:
    try:
        doc = html.document_fromstring(body, base_url=url)
    except (etree.ParserError, ValueError):
        return None
    return doc


def page_links(doc: html.HtmlElement, page_url: str, patterns: list[re.Pattern[str]] | None = None) -> list[Link]:
    """Same-site links of a page, each marked as article candidate and/or listing, in document order."""
    seen: set[str] = set()
    out: list[Link] = []
    for a in doc.iter("a"):
        href = a.get("href")
        if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        url = canonical(href, page_url)
        if not url or url in seen or not is_page_url(url) or not same_site(url, page_url):
            continue
        if a.get("rel") and "nofollow" in a.get("rel", "") and not looks_like_article(url, patterns):
            continue
        seen.add(url)
        text = " ".join(a.text_content().split())
        article = looks_like_article(url, patterns) or (len(text) >= HEADLINE_MIN_CHARS and not looks_like_listing(url))
        out.append(Link(url, text, article=article, listing=not article and looks_like_listing(url)))
    return out


def feed_links(doc: html.HtmlElement, page_url: str) -> list[str]:
    """Feeds advertised with ``<link rel="alternate" type="application/rss+xml">``."""
    out = []
    for link in doc.iter("link"):
        rel = (link.get("rel") or "").lower()
        kind = (link.get("type") or "").lower()
        if "alternate" in rel and kind in FEED_TYPES and link.get("href"):
            url = canonical(link.get("href"), page_url)
            if url and url not in out:
                out.append(url)
    return out


def next_page(doc: html.HtmlElement, page_url: str) -> str | None:
    """The next page of a listing: ``rel=next``, a «بعدی»-type link, or the number after the current one."""
    for el in doc.iter("link", "a"):
        if "next" in (el.get("rel") or "").lower().split() and el.get("href"):
            return canonical(el.get("href"), page_url)
    numbered: dict[int, str] = {}
    current: int | None = None
    for a in doc.iter("a", "span", "li", "strong", "em"):
        text = " ".join(a.text_content().split()).translate(PERSIAN_DIGITS)
        cls = f"{a.get('class') or ''} {a.get('id') or ''}"
        if a.tag == "a" and a.get("href"):
            url = canonical(a.get("href"), page_url)
            if not url or url == canonical(page_url) or not same_site(url, page_url):
                continue
            if NEXT_TEXT.match(text) or NEXT_CLASS.search(cls) or NEXT_CLASS.search(a.get("aria-label") or ""):
                if "prev" not in cls.lower():
                    return url
            if text.isdigit() and len(text) <= 4:
                numbered.setdefault(int(text), url)
        elif text.isdigit() and len(text) <= 4 and re.search(r"current|active|selected", cls, re.I):
            current = int(text)
    if current is None:
        current = _page_number(page_url)
    return numbered.get(current + 1)


def _page_number(url: str) -> int:
    m = re.search(r"(?:[?&](?:page|pg|paged|p_page)=|/page/)(\d+)", url, re.IGNORECASE)
    return int(m.group(1)) if m else 1


def _text(el: etree._Element | None) -> str:
    return (el.text or "").strip() if el is not None else ""


def _feed_date(text: str) -> datetime.datetime | None:
    text = text.strip().translate(PERSIAN_DIGITS)
    if not text:
        return None
    try:
        dt = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        dt = None
    if dt is None:
        try:
            dt = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    if dt.tzinfo is None:
        from seda.dates import TEHRAN

        dt = dt.replace(tzinfo=TEHRAN)
    return dt


def _xml_root(body: bytes) -> etree._Element | None:
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body.lstrip(), parser=parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    return root


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def parse_feed(body: bytes, feed_url: str) -> list[FeedEntry] | None:
    """RSS 2.0 / RSS 1.0 / Atom entries (link and date); None when the bytes are not a feed."""
    root = _xml_root(body)
    if root is None or _local(root.tag) not in ("rss", "feed", "rdf"):
        return None
    out: list[FeedEntry] = []
    for item in root.iter():
        name = _local(item.tag)
        if name not in ("item", "entry"):
            continue
        link, date = None, None
        for child in item:
            cname = _local(child.tag)
            if cname == "link":
                href = child.get("href")
                if href and (child.get("rel") in (None, "alternate")):
                    link = href
                elif not href and _text(child):
                    link = _text(child)
            elif cname == "guid" and link is None and _text(child).startswith("http"):
                link = _text(child)
            elif cname in ("pubdate", "published", "date", "updated", "issued") and date is None:
                date = _feed_date(_text(child))
        url = canonical(link, feed_url) if link else None
        if url:
            out.append(FeedEntry(url, date))
    return out


@dataclass(frozen=True)
class SitemapResult:
    sitemaps: list[FeedEntry]   # child sitemaps of an index, with lastmod
    urls: list[FeedEntry]       # page URLs with lastmod / news:publication_date


def parse_sitemap(body: bytes, sitemap_url: str) -> SitemapResult | None:
    """A sitemap index or urlset (news sitemaps included); None when the bytes are not a sitemap."""
    if body[:2] == b"\x1f\x8b":
        import gzip

        try:
            body = gzip.decompress(body)
        except OSError:
            return None
    root = _xml_root(body)
    if root is None or _local(root.tag) not in ("sitemapindex", "urlset"):
        return None
    children: list[FeedEntry] = []
    urls: list[FeedEntry] = []
    for node in root:
        name = _local(node.tag)
        if name not in ("sitemap", "url"):
            continue
        loc, date = None, None
        for el in node.iter():
            n = _local(el.tag)
            if n == "loc" and loc is None:
                loc = _text(el)
            elif n in ("publication_date", "lastmod") and _text(el):
                parsed = _feed_date(_text(el))
                # the news date is the publication date: it wins over lastmod
                if parsed and (date is None or n == "publication_date"):
                    date = parsed
        url = canonical(loc, sitemap_url) if loc else None
        if url:
            (children if name == "sitemap" else urls).append(FeedEntry(url, date))
    return SitemapResult(children, urls)


def robots_sitemaps(body: bytes, robots_url: str) -> list[str]:
    out = []
    for line in body.decode("utf-8", "replace").splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            url = canonical(value.strip(), robots_url)
            if url and url not in out:
                out.append(url)
    return out

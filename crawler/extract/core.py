"""``extract_article``: bytes + URL in, an :class:`ExtractedArticle` or None out. No network.

The page is decoded (:mod:`.decode`), parsed once (:mod:`.page`), read for metadata
(:mod:`.metadata`) and dates (:mod:`.dates`) while intact, then pruned and handed to trafilatura for
the body (:mod:`.text`). Whether it is an article at all is decided last, from the evidence.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urlsplit

from lxml.html import HtmlElement

from crawler.extract import dates as date_mod
from crawler.extract.decode import decode_html, is_binary
from crawler.extract.jalali import TEHRAN, date_from_url
from crawler.extract.metadata import (
    ARTICLE_TYPES,
    LISTING_TYPES,
    _has_item_query,
    canonical_url,
    declared_language,
    detect_language,
    find_author,
    find_headline,
    find_kicker,
    find_lead,
    find_section,
    is_homepage_url,
)
from crawler.extract.page import Page, ZwnjGuard, comparable, jsonld_types, parse_html, squash, text_of
from crawler.extract.text import (
    clean_lines,
    element_paragraphs,
    prune_furniture,
    run_trafilatura,
    teaser_texts,
    unwrap_layout_tables,
)

logger = logging.getLogger(__name__)

#: Bytes of HTML parsed at most. Iranian article pages weigh 50–400 KB, most of it inline scripts;
#: the article text itself is under 100 KB. An oversized page first loses its scripts, styles, SVG
#: and comments, then is cut here: a 6 MB live blog then costs ~0.4 s instead of many seconds
#: (tests/crawler/test_extract_pages.py times a 5 MB page).
MAX_HTML_BYTES = 600_000
#: Fewest characters of article text (lead + body) for a page to be an article. The shortest real
#: news briefs on IRNA/ISNA/ministry portals run 250–400 characters with their lead; soft-404 pages,
#: photo-only pages and listing leftovers stay under 150.
MIN_TEXT_CHARS = 200
#: A body paragraph this long is prose, not a teaser summary or a menu (text-density evidence).
LONG_PARAGRAPH_CHARS = 150
#: Past this many elements trafilatura runs without its readability/jusText comparison, which is
#: quadratic on long pages (a 4,000-block live blog takes 4 s with it, 0.3 s without). Iranian
#: article pages have 800–3,000 elements.
LARGE_TREE_ELEMENTS = 5000
#: This many teaser lines outweighing the body text make a listing, whatever the URL says.
LISTING_MIN_TEASERS = 5

SELECTOR_KEYS = ("body", "title", "date", "lead", "kicker", "author", "section")

_HEAVY = re.compile(
    rb"<script\b(?![^>]*ld\+json)[^>]*>.*?</script\s*>|<style\b[^>]*>.*?</style\s*>|<svg\b.*?</svg\s*>|<!--.*?-->",
    re.IGNORECASE | re.DOTALL,
)
_NEWS_PATH = re.compile(
    r"/(?:news|khabar|akhbar|item|items|content|contents|article|articles|story|post|posts|matn|detail|details|"
    r"shownews|newsdetail|newsdetails|showpage|fa/news|report)(?:/|\.|$)",
    re.IGNORECASE,
)
_NUMERIC_ID = re.compile(r"(?:^|/)(?:[a-z]{0,6}[-_]?)?\d{3,}(?:$|[/._-])", re.IGNORECASE)
_LISTING_PATH = re.compile(
    r"/(?:tags?|category|categories|section|sections|service|services|archive|archives|search|list|lists|page|"
    r"author|authors|topics?|keywords?|newslist|latest|feed|rss|newsstudios|subjects?)(?:/|$|\.)",
    re.IGNORECASE,
)
_LISTING_QUERY = re.compile(r"(?:^|&)(?:s|q|query|search|keyword|page|pageindex|pagenumber|tag|cat)=", re.IGNORECASE)


@dataclass
class ExtractedArticle:
    """One news article as extracted from a page. Dates are aware, in Asia/Tehran."""

    url: str
    title: str | None
    kicker: str | None
    lead: str | None
    text: str
    published: dt.datetime | None
    published_source: str | None
    modified: dt.datetime | None
    author: str | None
    section: str | None
    language: str
    encoding: str
    is_article_evidence: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def full_text(self) -> str:
        """Lead and body, as a reader sees the article below its title."""
        return "\n".join(part for part in (self.lead, self.text) if part)


@dataclass
class Extraction:
    """The outcome for one page: the article, or the reason there is none (for stats)."""

    article: ExtractedArticle | None
    reason: str | None = None


def extract_article(
    body: bytes,
    url: str,
    content_type: str | None = None,
    *,
    selectors: dict[str, str] | None = None,
    now: dt.datetime | None = None,
) -> ExtractedArticle | None:
    """The article on a page, or None for listings, homepages, binaries, non-Persian or thin pages.

    ``url`` is the final URL after redirects; ``content_type`` the HTTP header, if any;
    ``selectors`` optional per-site CSS (or XPath, starting with ``/``) for ``body``, ``title``,
    ``date``, ``lead``, ``kicker``, ``author``, ``section``; ``now`` bounds dates (default: now).
    """
    return extract_page(body, url, content_type, selectors=selectors, now=now).article


def extract_page(
    body: bytes,
    url: str,
    content_type: str | None = None,
    *,
    selectors: dict[str, str] | None = None,
    now: dt.datetime | None = None,
) -> Extraction:
    """Like :func:`extract_article`, with the reason when there is no article:
    ``binary``, ``empty``, ``homepage``, ``not_persian``, ``listing``, ``too_short``, ``no_evidence``."""
    now = (now or dt.datetime.now(TEHRAN)).astimezone(TEHRAN)
    compiled = compile_selectors(selectors)
    warnings: list[str] = []
    if not body or not body.strip():
        return Extraction(None, "empty")
    if is_binary(body, content_type):
        return Extraction(None, "binary")
    if is_homepage_url(url):
        return Extraction(None, "homepage")
    if len(body) > MAX_HTML_BYTES:
        size = len(body)
        body = _HEAVY.sub(b"", body)
        if len(body) > MAX_HTML_BYTES:
            body = body[:MAX_HTML_BYTES]
            warnings.append(f"page of {size} bytes cut to {MAX_HTML_BYTES}")

    decoded = decode_html(body, content_type)
    if decoded.note:
        warnings.append(decoded.note)
    head = decoded.text[:2048].lstrip().lower()
    if head.startswith("<?xml") and ("<rss" in head or "<feed" in head or "<urlset" in head or "<sitemapindex" in head):
        return Extraction(None, "not_html")
    guard = ZwnjGuard.for_text(decoded.text)
    tree = parse_html(guard.protect(decoded.text))
    if tree is None:
        return Extraction(None, "empty")
    page = Page(tree, url, guard)
    chosen = {key: _select(page.tree, sel) for key, sel in compiled.items()}

    headline = find_headline(page, _first(chosen.get("title")))
    page.title_element = headline.element
    article_url = canonical_url(page, warnings)
    kicker = find_kicker(page, headline, _first(chosen.get("kicker")))
    lead = find_lead(page, headline, _first(chosen.get("lead")))
    author = find_author(page, _first(chosen.get("author")), headline.site_names)
    section = find_section(page, _first(chosen.get("section")))
    published, modified = date_mod.collect_candidates(page, headline, chosen.get("date") or None, now)
    jsonld_kinds = set().union(*(jsonld_types(o) for o in page.jsonld)) if page.jsonld else set()
    og_type = (page.meta_first("og:type") or "").lower()
    declared_lang = declared_language(page)

    # the body: prune, extract, clean
    body_els = chosen.get("body") or []
    if compiled.get("body") and not body_els:
        warnings.append("body selector matched nothing; generic extraction used")
    unwrap_layout_tables(page)
    keep = [el for el in (headline.element, *body_els) if el is not None]
    prune_furniture(page, keep)
    here = {u.split("#")[0].rstrip("/") for u in (url, article_url)}
    teasers = teaser_texts(page, here)
    if body_els:
        lines = [line for el in body_els for line in element_paragraphs(el)]
    else:
        lines = run_trafilatura(page, fast=_large(page)).split("\n")
    text = clean_lines(lines, page, title=headline.title, kicker=kicker, lead=lead, teasers=teasers)
    if lead is None and text.paragraphs:
        lead = _lead_from_first_paragraph(page, text.paragraphs)
        if lead is not None:
            text.paragraphs.pop(0)

    body_chars = len(text.text) + len(lead or "")
    language = detect_language(" ".join(filter(None, (headline.title, lead, text.text))), declared_lang)
    if language != "fa":
        return Extraction(None, "not_persian")

    evidence = _evidence(url, og_type, jsonld_kinds, text.paragraphs, body_chars, text.teaser_chars)
    structural = [e for e in evidence if not e.startswith("text:")]
    parts = urlsplit(url)
    listing_url = _LISTING_PATH.search(unquote(parts.path)) is not None or (
        _LISTING_QUERY.search(parts.query) is not None and not _has_item_query(parts.query))
    listing_schema = bool(jsonld_kinds & LISTING_TYPES) and not jsonld_kinds & ARTICLE_TYPES
    teaser_heavy = text.teaser_lines >= LISTING_MIN_TEASERS and text.teaser_chars >= body_chars
    strong = any(e.startswith(("og:type", "jsonld:")) for e in evidence)
    if teaser_heavy or ((listing_url or listing_schema) and not strong):
        return Extraction(None, "listing")
    if body_chars < MIN_TEXT_CHARS:
        return Extraction(None, "too_short")
    if not structural and "text:density" not in evidence:
        return Extraction(None, "no_evidence")
    if not structural and headline.element is None:
        return Extraction(None, "no_evidence")

    chosen_dates = date_mod.resolve(published, modified, warnings)
    if chosen_dates.published is None:
        fallback = date_mod.htmldate_fallback(page.tree, url, now)
        if fallback is not None:
            chosen_dates = date_mod.resolve([fallback], modified, warnings)

    article = ExtractedArticle(
        url=article_url,
        title=headline.title,
        kicker=kicker,
        lead=lead,
        text=text.text,
        published=chosen_dates.published,
        published_source=chosen_dates.published_source,
        modified=chosen_dates.modified,
        author=author,
        section=section,
        language=language,
        encoding=decoded.encoding,
        is_article_evidence=evidence,
        warnings=warnings,
    )
    return Extraction(article, None)


def _evidence(url: str, og_type: str, jsonld_kinds: set[str], paragraphs: list[str], body_chars: int,
              teaser_chars: int) -> list[str]:
    evidence: list[str] = []
    if og_type == "article" or og_type.startswith("article"):
        evidence.append("og:type=article")
    for kind in sorted(jsonld_kinds & ARTICLE_TYPES):
        evidence.append(f"jsonld:{kind}")
    parts = urlsplit(url)
    path = unquote(parts.path)
    if date_from_url(path) is not None:
        evidence.append("url:date-path")
    elif _NUMERIC_ID.search(path):
        evidence.append("url:numeric-id")
    if _NEWS_PATH.search(path):
        evidence.append("url:news-path")
    if _has_item_query(parts.query):
        evidence.append("url:query-id")
    long_paragraphs = sum(len(p) >= LONG_PARAGRAPH_CHARS for p in paragraphs)
    if body_chars >= MIN_TEXT_CHARS and long_paragraphs >= 1 and teaser_chars < body_chars:
        evidence.append("text:density")
    return evidence


def _lead_from_first_paragraph(page: Page, paragraphs: list[str]) -> str | None:
    """A lead the template did not mark: the first paragraph equals the page description, or is
    set entirely in bold (the Persian newsroom convention for the لید)."""
    if len(paragraphs) < 2:
        return None
    first = paragraphs[0]
    key = comparable(first)
    description = page.meta_first("description", "og:description")
    if description and len(key) >= 40 and comparable(description) == key:
        return first
    for p in page.body.iter("p"):
        if comparable(text_of(p)) != key:
            continue
        bold = sum(len(squash(b.text_content())) for b in p.iter("strong", "b"))
        return first if bold >= 0.9 * len(squash(p.text_content())) else None
    return None


def _large(page: Page) -> bool:
    count = 0
    for _ in page.tree.iter():
        count += 1
        if count > LARGE_TREE_ELEMENTS:
            return True
    return False


def _first(elements: list[HtmlElement] | None) -> HtmlElement | None:
    return elements[0] if elements else None


# -- selectors -------------------------------------------------------------------------------

def compile_selectors(selectors: dict[str, str] | None) -> dict[str, Any]:
    """Check and compile per-site selectors; raises ValueError naming the bad key or expression.

    Call it when loading the site configuration, so a typo fails the load, not every page."""
    if not selectors:
        return {}
    compiled: dict[str, Any] = {}
    for key, expression in selectors.items():
        if key not in SELECTOR_KEYS:
            raise ValueError(f"unknown selector key {key!r}; allowed: {', '.join(SELECTOR_KEYS)}")
        if not expression:
            continue
        compiled[key] = _compile(expression)
    return compiled


@lru_cache(maxsize=512)
def _compile(expression: str) -> Any:
    from lxml import etree

    try:
        if expression.lstrip().startswith(("/", "(", "./")):
            return etree.XPath(expression)
        from lxml.cssselect import CSSSelector

        return CSSSelector(expression, translator="html")
    except Exception as exc:  # noqa: BLE001 - cssselect and lxml raise several error types
        raise ValueError(f"invalid selector {expression!r}: {exc}") from exc


def _select(tree: HtmlElement, selector: Any) -> list[HtmlElement]:
    try:
        found = selector(tree)
    except Exception:  # noqa: BLE001 - a selector that fails on one page matches nothing there
        return []
    return [el for el in found if isinstance(el, HtmlElement)] if isinstance(found, list) else []

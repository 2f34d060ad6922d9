"""Homepage placements: which articles sit in a homepage's main/top block, and in what order.

Generic: the top block is found by the words sites use for it in class and id names (top, lead, headline,
featured, slider, carousel, …) and by holding article links; menus, headers, footers and "latest/most read"
lists are not it. A source can name its block with the selector ``top_block`` in config.yaml.
"""

from __future__ import annotations

import re

from lxml import html

from crawler.urls import canonical, looks_like_article, same_site

TOP_HINT = re.compile(
    r"top|lead|headline|featured|hero|slider|slideshow|carousel|swiper|highlight|main-news|mainnews|special|"
    r"important|picked|tops|first-news|news-main|owl|front|cover|spotlight|breaking|sotitr|zabanzad",
    re.IGNORECASE,
)
NOT_TOP = re.compile(
    r"related|latest|last-news|recent|most|popular|viewed|sidebar|footer|menu|nav|header|ads?\b|banner|"
    r"comment|tag|breadcrumb|social|share|top-bar|topbar|toplinks|top-menu|topmenu|scroll-top|back-to-top",
    re.IGNORECASE,
)
SLIDER_HINT = re.compile(r"slider|slideshow|carousel|swiper|owl", re.IGNORECASE)
# A top block holds a few items; a container with more links than this is a whole page column.
MAX_TOP_ITEMS = 20


def _label(el: html.HtmlElement) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}".strip()


def _in_chrome(el: html.HtmlElement) -> bool:
    for anc in el.iterancestors():
        if anc.tag in ("header", "nav", "footer") or NOT_TOP.search(_label(anc)) and anc.tag not in ("body", "html"):
            return True
    return False


def _article_links(block: html.HtmlElement, page_url: str) -> list[str]:
    urls: list[str] = []
    for a in block.iter("a"):
        url = canonical(a.get("href") or "", page_url)
        if not url or url in urls or not same_site(url, page_url):
            continue
        text = " ".join(a.text_content().split())
        if looks_like_article(url) or len(text) >= 25:
            urls.append(url)
    return urls


def top_block(doc: html.HtmlElement, page_url: str, selector: str | None = None) -> tuple[str, list[str]] | None:
    """``(block_name, article_urls_in_order)`` of the homepage's top block, or None if none is found."""
    if selector:
        found = doc.cssselect(selector)
        if found:
            urls = _article_links(found[0], page_url)
            return ("slider" if SLIDER_HINT.search(_label(found[0])) else "top", urls) if urls else None
        return None
    for el in doc.iter("section", "div", "ul", "article", "aside", "main"):
        label = _label(el)
        if not label or not TOP_HINT.search(label) or NOT_TOP.search(label) or el.tag == "aside":
            continue
        if _in_chrome(el):
            continue
        urls = _article_links(el, page_url)
        if 1 <= len(urls) <= MAX_TOP_ITEMS:
            return ("slider" if SLIDER_HINT.search(label) else "top"), urls
    return None


def placements(body: bytes | str, page_url: str, selector: str | None = None) -> list[tuple[str, str, int]]:
    """``(url, block, position)`` for each article in the top block (1-based positions)."""
    try:
        doc = html.document_fromstring(body)
    except (ValueError, Exception):  # noqa: BLE001 - an unparsable homepage has no placements
        return []
    found = top_block(doc, page_url, selector)
    if not found:
        return []
    block, urls = found
    return [(u, block, i + 1) for i, u in enumerate(urls)]

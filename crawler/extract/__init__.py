"""Article extraction for Seda: a pure function from page bytes to an article or None.

    from crawler.extract import extract_article
    article = extract_article(body, "https://www.example.ir/news/123/slug", "text/html; charset=utf-8")
    if article is not None:
        article.title, article.lead, article.text, article.published  # published: aware, Asia/Tehran

Nothing here touches the network. Per-site selectors are optional data; the generic path is
trafilatura plus Persian-aware decoding, ZWNJ preservation, Jalali dates and article recognition.
"""

from __future__ import annotations

from crawler.extract.core import (
    MAX_HTML_BYTES,
    MIN_TEXT_CHARS,
    ExtractedArticle,
    Extraction,
    compile_selectors,
    extract_article,
    extract_page,
)

__all__ = [
    "MAX_HTML_BYTES",
    "MIN_TEXT_CHARS",
    "ExtractedArticle",
    "Extraction",
    "compile_selectors",
    "extract_article",
    "extract_page",
]

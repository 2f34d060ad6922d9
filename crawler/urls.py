"""URL hygiene for the crawler: canonical forms, article-looking shapes, and trap defences.

Everything here is generic: no site names. Iranian news CMSs share a few URL families (``/news/123456/slug``,
``/fa/news/123/slug``, ``ShowPage.aspx?Object=News&ID=…``, WordPress ``/1404/09/04/slug/`` and ``?p=123``),
and the shapes below cover them; a source can add its own ``article_patterns`` in config.yaml.
"""

from __future__ import annotations

import datetime
import re
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

import jdatetime

# Query parameters that never change the page: trackers and session ids (trap: one page, endless URLs).
DROP_PARAMS = re.compile(
    r"^(utm_[a-z]+|fbclid|gclid|yclid|mc_[a-z]+|ref|ref_src|from|source|share|amp;.*|"
    r"sid|session|sessionid|session_id|jsessionid|phpsessid|aspsessionid\w*|cfid|cftoken|s_id|_ga|_gl)$",
    re.IGNORECASE,
)
# Path parameters of the ``;jsessionid=…`` kind.
PATH_SESSION = re.compile(r";(jsessionid|sid|sessionid|phpsessid)=[^/?#]*", re.IGNORECASE)
NON_PAGE_EXT = re.compile(
    r"\.(jpe?g|png|gif|webp|svg|ico|bmp|tiff?|mp[34]|m4a|avi|mov|wmv|flv|webm|ogg|wav|pdf|docx?|xlsx?|pptx?|"
    r"zip|rar|7z|gz|tgz|bz2|apk|exe|dmg|iso|css|js|woff2?|ttf|eot|json)$",
    re.IGNORECASE,
)
# Article-looking URL shapes seen across Iranian CMS families. Strong ones name an item id outright;
# weak ones (a long number, a date path) yield to listing shapes (``/fa/tags/213637/2/…`` is a tag page).
STRONG_ARTICLE = [
    re.compile(r"/(news|fa/news|en/news|content|story|article|report|interview|photo|video|nd)/\d{3,}", re.I),
    re.compile(r"[?&](id|newsid|news_id|nid|p|itemid|contentid)=\w*\d\w*(&|$)", re.I),
]
WEAK_ARTICLE = [
    re.compile(r"/\d{5,}(/|-|$)"),                         # a long numeric id as a path segment
    re.compile(r"/\d{4}/\d{1,2}/\d{1,2}/[^/]{3,}"),        # date path + slug (WordPress, Tasnim)
]
# Listing-looking URLs: sections, tags, categories, archives, search, portal list objects.
LISTING_SHAPES = re.compile(
    r"/(service|services|section|sections|category|categories|tag|tags|topic|topics|archive|archives|"
    r"list|newslist|news-list|latest|page|search|bakhsh|%D8%A8%D8%AE%D8%B4)(/|$|\?|-)"
    r"|[?&](page|pg|p_page|paged|catid|category|categoryid|cat|tag|q|query|search)="
    r"|[?&]object=\w*(archive|list|search)",
    re.IGNORECASE,
)
# Dates in URLs (Jalali or Gregorian) let the crawler skip old archives without fetching them.
URL_DATE = re.compile(r"(?<!\d)(1[34]\d{2}|20\d{2})[/_-](\d{1,2})[/_-](\d{1,2})(?!\d)")


def canonical(url: str, base: str | None = None) -> str | None:
    """An absolute http(s) URL without fragment, trackers or session ids; None if unusable.

    The query keeps the site's own parameter order: the URL stays the one the site publishes.

    >>> canonical("/news/12?utm_source=x&b=2&a=1#top", "https://www.irna.ir/")
    'https://www.irna.ir/news/12?b=2&a=1'
    """
    if not url:
        return None
    url = url.strip()
    if base:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    path = PATH_SESSION.sub("", parts.path) or "/"
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not DROP_PARAMS.match(k)]
    # untouched queries stay byte for byte as published; only a query that lost parameters is re-encoded
    query = parts.query if len(kept) == len(pairs) else urlencode(kept, doseq=True)
    return urlunsplit((parts.scheme, parts.netloc.lower(), path, query, ""))


def site_key(url: str) -> str:
    """host:port without a leading www: two URLs with the same key belong to one site."""
    netloc = urlsplit(url).netloc.lower()
    return netloc[4:] if netloc.startswith("www.") else netloc


def same_site(url: str, other: str) -> bool:
    a, b = site_key(url), site_key(other)
    return a == b or a.endswith("." + b) or b.endswith("." + a)


def is_page_url(url: str) -> bool:
    """False for images, documents, archives, scripts: links the crawler never fetches as pages."""
    return not NON_PAGE_EXT.search(urlsplit(url).path)


def looks_like_article(url: str, extra: list[re.Pattern[str]] | None = None) -> bool:
    target = unquote(url)
    if any(p.search(target) for p in extra or ()):
        return True
    if any(p.search(target) for p in STRONG_ARTICLE):
        return not re.search(r"[?&]object=\w*(archive|list|search)", target, re.I)
    if LISTING_SHAPES.search(target):
        return False
    return any(p.search(target) for p in WEAK_ARTICLE)


def looks_like_listing(url: str) -> bool:
    return bool(LISTING_SHAPES.search(unquote(url)))


def url_date(url: str) -> datetime.date | None:
    """A date written in the URL path (``/1404/09/04/``, ``/archive/2025-11-25``), as a Gregorian date."""
    m = URL_DATE.search(unquote(urlsplit(url).path))
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    try:
        if y < 1700:
            return jdatetime.date(y, mo, d).togregorian()
        return datetime.date(y, mo, d)
    except ValueError:
        return None


def shape(url: str) -> str:
    """The URL with digits and query values masked: pages of one template share a shape.

    >>> shape("https://a.ir/archive/1404-09-04?page=3")
    'a.ir/archive/#-#-#?page'
    """
    parts = urlsplit(unquote(url))
    path = re.sub(r"\d+", "#", parts.path)
    keys = "&".join(sorted(k for k, _ in parse_qsl(parts.query, keep_blank_values=True)))
    return site_key(url) + path + (f"?{keys}" if keys else "")

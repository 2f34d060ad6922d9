"""Article metadata from the parsed page: canonical URL, title, kicker (rutitr), lead, author,
section and language. Each reader prefers what the page shows over what its head declares when
the two are copies of each other (the visible title keeps the page's own ZWNJ and spelling).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from crawler.extract.jalali import find_jalali_dates
from crawler.extract.page import (
    BOX_HEADINGS,
    Page,
    class_id,
    comparable,
    jsonld_types,
    link_text_length,
    squash,
    text_of,
)

logger = logging.getLogger(__name__)

#: schema.org types that mark one news item (``ReportageNewsArticle`` is IRNA's and Tasnim's).
ARTICLE_TYPES = frozenset({
    "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
    "BackgroundNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle", "BlogPosting", "Report",
    "LiveBlogPosting", "ScholarlyArticle", "SatiricalArticle", "TechArticle",
})
#: schema.org types that mark a page of many items. (Not WebSite nor ItemList: article pages carry
#: a WebSite object for the search box and ItemLists for related-news carousels.)
LISTING_TYPES = frozenset({"CollectionPage", "SearchResultsPage"})

#: Separators between an article title and the site name in ``<title>`` and og:title.
_TITLE_SEPARATORS = re.compile(r"\s+(?:[-–—|:»«>/]|::|\|\||-{2})\s+")
#: Words that name an outlet rather than a story: a title part made of these is the site name.
_OUTLET_WORDS = re.compile(
    r"خبرگزاری|روزنامه|هفته[\u200c ]?نامه|ماهنامه|پایگاه|سایت|پرتال|پورتال|وزارت|سازمان|شبکه|رادیو|"
    r"تلویزیون|باشگاه خبرنگاران|خبرآنلاین|آنلاین|news|agency|online|portal|\.ir\b|\.com\b",
    re.IGNORECASE,
)
#: Title candidates other than h1: class/id words used for the headline by Iranian CMSs.
_TITLE_CLASS = re.compile(r"title|titr|headline|heading|subject|onvan|caption", re.IGNORECASE)
_KICKER_CLASS = re.compile(
    r"ro+titr|rutitr|ro[-_]titr|up[-_]?title|over[-_]?title|super[-_]?title|pre[-_]?title|sur[-_]?title|"
    r"kicker|top[-_]?title|title[-_]?top|upper[-_]?title",
    re.IGNORECASE,
)
_LEAD_CLASS = re.compile(
    r"(?:^|[\s_-])(?:\w*lead|lid|summary|\w*summary|introtext|intro|abstract|sub[-_]?title|subtitle|zirtitr|"
    r"chapeau|excerpt|news[-_]?lead|item[-_]?lead|teaser|descr?|description|brief|sotitr|sootitr)(?=$|[\s_-])",
    re.IGNORECASE,
)
_AUTHOR_CLASS = re.compile(r"author|writer|reporter|byline|nevisande|khabarnegar", re.IGNORECASE)
_AUTHOR_LABEL = re.compile(r"^(?:نویسنده|نوشته|خبرنگار|گزارش|گزارشگر|ترجمه|مترجم|by)\s*[:：]?\s*", re.IGNORECASE)

#: Persian letters that Arabic does not use, and Arabic letters or words that Persian does not use.
_PERSIAN_LETTERS = re.compile("[پچژگ]")
_PERSIAN_WORDS = re.compile(r"(?<!\w)(?:است|می|را|این|که|های|شد|برای|کرد|شده|نیز|گفت)(?!\w)")
_ARABIC_MARKS = re.compile(r"ة|(?<!\w)(?:في|على|التي|الذي|إلى|هذا|هذه|عن|أن|كان|قال)(?!\w)")
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")


@dataclass
class Headline:
    """The title and what was found around it."""

    title: str | None = None
    element: HtmlElement | None = None
    source: str = ""
    site_names: set[str] = field(default_factory=set)


# -- URLs ------------------------------------------------------------------------------------

#: Second-level labels under which registrations happen (``example.co.ir``, ``example.gov.ir``).
_SECOND_LEVEL = frozenset({"co", "ac", "gov", "org", "net", "sch", "id", "com", "edu", "nic", "mil"})


@lru_cache(maxsize=4096)
def site_key(url: str) -> str:
    """The registered site of a URL: eTLD+1 for names, host:port for addresses.

    >>> site_key("https://www.irna.ir/news/1") == site_key("https://m.irna.ir/x")
    True
    >>> site_key("https://www.mrud.gov.ir/a")
    'mrud.gov.ir'
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".")
    if not host:
        return ""
    if host.replace(".", "").isdigit() or ":" in host or "." not in host:
        return parts.netloc.lower()
    labels = host.split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def is_homepage_url(url: str) -> bool:
    """``/``, ``/fa``, ``/index.html``, ``/Default.aspx`` without an item id in the query."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/").lower()
    if path in ("", "/fa", "/en", "/ar", "/fa-ir", "/portal", "/portal/home", "/home", "/main"):
        return not _has_item_query(parts.query)
    last = path.rsplit("/", 1)[-1]
    if last in ("index.html", "index.htm", "index.php", "index.aspx", "default.aspx", "default.asp",
                "home.aspx", "default.htm", "default.html"):
        return not _has_item_query(parts.query)
    return False


_ITEM_QUERY = re.compile(r"(?:^|&)(?:id|nid|newsid|news_id|p|itemid|item|cid|contentid|objectid|code|serial)=\w+",
                         re.IGNORECASE)


def _has_item_query(query: str) -> bool:
    return bool(query) and _ITEM_QUERY.search(query) is not None


def canonical_url(page: Page, warnings: list[str]) -> str:
    """``<link rel=canonical>``, else og:url, else the fetched URL; only on the same registered site,
    never the homepage (a CMS default that would merge every article into one)."""
    candidates: list[tuple[str, str]] = []
    for link in page.tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel and link.get("href"):
            candidates.append(("canonical", link.get("href", "")))
            break
    og = page.meta_first("og:url")
    if og:
        candidates.append(("og:url", og))
    base = page.url
    base_el = page.tree.find(".//base")
    if base_el is not None and base_el.get("href"):
        base = urljoin(page.url, base_el.get("href", ""))
    for source, href in candidates:
        href = page.guard.restore(href.strip())
        if not href or href.startswith(("javascript:", "#", "mailto:")):
            continue
        absolute = urljoin(base, href)
        if not absolute.startswith(("http://", "https://")):
            continue
        if site_key(absolute) != site_key(page.url):
            warnings.append(f"{source} {absolute} is on another site; kept the fetched URL")
            continue
        if is_homepage_url(absolute) and not is_homepage_url(page.url):
            warnings.append(f"{source} points to the homepage; kept the fetched URL")
            continue
        return absolute
    return page.url


# -- titles ----------------------------------------------------------------------------------

def site_names(page: Page) -> set[str]:
    """Names the site calls itself: og:site_name, application-name, JSON-LD publisher/WebSite."""
    names = {page.meta_first("og:site_name"), page.meta_first("application-name"), page.meta_first("twitter:site")}
    for obj in page.jsonld:
        types = jsonld_types(obj)
        if types & {"WebSite", "Organization", "NewsMediaOrganization"}:
            names.add(_as_text(obj.get("name")))
        publisher = obj.get("publisher")
        if isinstance(publisher, dict):
            names.add(_as_text(publisher.get("name")))
    return {comparable(n) for n in names if n and len(n) < 80}


def strip_site_name(title: str, names: set[str]) -> str:
    """«عنوان خبر - خبرگزاری پیام» → «عنوان خبر»; the site part is the one named like the site.

    >>> strip_site_name("آغاز طرح آبرسانی - خبرگزاری پیام", set())
    'آغاز طرح آبرسانی'
    >>> strip_site_name("وزارت نیرو > اخبار > آغاز طرح", set())
    'آغاز طرح'
    """
    title = squash(title)
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if " > " in title or " » " in title:  # a breadcrumb: the story is the last crumb
        return parts[-1]
    keep = list(parts)
    for end in (0, -1):
        if len(keep) < 2:
            break
        part = keep[end]
        key = comparable(part)
        if key in names or any(n and (n in key or key in n) for n in names) or (
            _OUTLET_WORDS.search(part) and len(part) < 0.6 * len(title)
        ):
            keep.pop(end)
    if len(keep) == len(parts):
        return title
    return " - ".join(keep) if len(keep) > 1 else keep[0]


def find_headline(page: Page, selector_el: HtmlElement | None) -> Headline:
    """The article title: the page's own headline element when the head's titles agree with it."""
    names = site_names(page)
    head_titles = [t for t in (page.meta_first("og:title"), page.meta_first("twitter:title"),
                               _jsonld_value(page, "headline"), _document_title(page)) if t]
    keys = [comparable(t) for t in head_titles]
    if selector_el is not None:
        text = page.guard.restore(text_of(selector_el))
        if text:
            return Headline(text, selector_el, "selector", names)

    h1s = [h for h in page.body.iter("h1") if not page.in_boilerplate(h) and not _is_logo(page, h)]
    h1s = [h for h in h1s if 4 <= len(text_of(h)) <= 400]
    # candidates: the h1s and elements named like a headline (ASP.NET portals have no h1); the one
    # that agrees with the head's titles wins, the longest when several do (a logo h1 agrees too,
    # with the site-name part), an h1 when equally long
    candidates: list[tuple[int, bool, int, HtmlElement]] = []
    named = [(el, value) for el, value in page.named if el.tag != "h1" and _TITLE_CLASS.search(value)]
    for el, value in [*((h, "") for h in h1s), *named]:
        is_h1 = el.tag == "h1"
        if not is_h1:
            if el.tag in ("body", "html", "meta", "link", "script", "style", "a", "img", "input", "form"):
                continue
            if _KICKER_CLASS.search(value):
                continue
            if not 10 <= len(text_of(el)) <= 300 or page.in_boilerplate(el) or _is_logo(page, el):
                continue
        text = text_of(el)
        if _matches(comparable(text), keys):
            candidates.append((len(text), is_h1, -page.order(el), el))
    if candidates:
        best = max(candidates, key=lambda c: c[:3])[3]
        return Headline(_own_title(page, best), best, "h1" if best.tag == "h1" else "title-element", names)
    if len(h1s) == 1 and len(text_of(h1s[0])) >= 10:
        return Headline(_own_title(page, h1s[0]), h1s[0], "h1", names)
    for title in head_titles:
        stripped = strip_site_name(title, names)
        if stripped and comparable(stripped) not in names:
            return Headline(stripped, None, "head", names)
    return Headline(None, None, "", names)


def _own_title(page: Page, el: HtmlElement) -> str:
    """The headline element's text without a kicker nested inside it."""
    kicker_inside = [k for k in el.iter() if k is not el and _KICKER_CLASS.search(class_id(k))]
    text = text_of(el)
    for kicker in kicker_inside:
        text = squash(text.replace(text_of(kicker), "", 1))
    return page.guard.restore(text)


def _matches(candidate: str, head_keys: list[str]) -> bool:
    """The candidate is part of a head title, or a head title plus a little (a nested date or icon)."""
    if not candidate or len(candidate) < 4:
        return False
    return any(candidate in key or (key and key in candidate and len(candidate) <= 1.3 * len(key) + 10)
               for key in head_keys)


def _is_logo(page: Page, el: HtmlElement) -> bool:
    """An element whose only link goes to the site's homepage: the logo, however it is marked up."""
    links = el.findall(".//a")
    if len(links) != 1 or len(squash(links[0].text_content())) < len(text_of(el)) * 0.8:
        return False
    return is_homepage_url(urljoin(page.url, links[0].get("href") or ""))


def _document_title(page: Page) -> str | None:
    title = page.tree.find(".//title")
    if title is None or not title.text_content():
        return None
    return page.guard.restore(squash(title.text_content()))


# -- kicker and lead -------------------------------------------------------------------------

#: The kicker sits next to the headline: at most this many elements before or after it.
KICKER_MAX_DISTANCE = 12
#: The lead follows the headline closely: within this many elements (date lines, image, share
#: icons and the kicker may stand between them on Iranian templates).
LEAD_MAX_DISTANCE = 40
#: A lead is a paragraph: one to three sentences (40 chars at least), never a whole article.
LEAD_MIN_CHARS, LEAD_MAX_CHARS = 40, 1200


def find_kicker(page: Page, headline: Headline, selector_el: HtmlElement | None) -> str | None:
    """The rutitr (kicker) printed above (sometimes below) the title, or None."""
    if selector_el is not None:
        return page.guard.restore(text_of(selector_el)) or None
    title_el = headline.element
    title_key = comparable(headline.title)
    best: tuple[int, str] | None = None
    for el, value in page.named:
        if not _KICKER_CLASS.search(value):
            continue
        text = text_of(el)
        if not 3 <= len(text) <= 250 or comparable(text) == title_key or page.in_boilerplate(el):
            continue
        if title_el is None:
            return page.guard.restore(text)
        distance = abs(page.order(el) - page.order(title_el))
        if distance <= KICKER_MAX_DISTANCE and (best is None or distance < best[0]):
            best = (distance, text)
    if best is not None:
        return page.guard.restore(best[1])
    if title_el is None:
        return None
    # no class to go by: a short heading right before the headline, inside the same header block
    previous = title_el.getprevious()
    if previous is None and title_el.getparent() is not None and len(title_el.getparent()) == 1:
        previous = title_el.getparent().getprevious()
    if previous is not None and previous.tag in ("h2", "h3", "h4", "h5", "h6", "div", "span", "p", "strong"):
        text = text_of(previous)
        if (6 <= len(text) <= 150 and not find_jalali_dates(text) and link_text_length(previous) == 0
                and not BOX_HEADINGS.match(text) and not page.in_boilerplate(previous)
                and len(previous) <= 2):
            return page.guard.restore(text)
    return None


def find_lead(page: Page, headline: Headline, selector_el: HtmlElement | None) -> str | None:
    """The lead paragraph (لید) set apart by the template: an element named like a lead
    (``lead``, ``summary``, ``introtext``, ``subtitle``…) right below (or just above) the headline."""
    if selector_el is not None:
        return page.guard.restore(text_of(selector_el)) or None
    title_el = headline.element
    best: tuple[int, HtmlElement, str] | None = None
    for el, value in page.named:
        if el.tag in ("a", "img", "input", "textarea", "meta", "ul", "ol", "form", "body"):
            continue
        if not _LEAD_CLASS.search(value) or _KICKER_CLASS.search(value):
            continue
        if _TITLE_CLASS.search(value) and "sub" not in value.lower():  # a title, not a subtitle
            continue
        text = text_of(el)
        if not LEAD_MIN_CHARS <= len(text) <= LEAD_MAX_CHARS or page.in_boilerplate(el):
            continue
        if link_text_length(el) > 0.5 * len(text):
            continue
        if title_el is not None:
            distance = page.order(el) - page.order(title_el)
            if not -KICKER_MAX_DISTANCE <= distance <= LEAD_MAX_DISTANCE:
                continue
            distance = abs(distance)
        else:
            distance = page.order(el)
        if best is None or distance < best[0]:
            best = (distance, el, text)
    return page.guard.restore(best[2]) if best is not None else None


# -- author, section, language ---------------------------------------------------------------

def find_author(page: Page, selector_el: HtmlElement | None, names: set[str]) -> str | None:
    candidates: list[str] = []
    if selector_el is not None:
        candidates.append(text_of(selector_el))
    for obj in page.jsonld:
        if jsonld_types(obj) & ARTICLE_TYPES:
            candidates.extend(_names(obj.get("author")))
    for key in ("author", "article:author", "dc.creator", "sailthru.author", "parsely-author"):
        candidates.extend(page.meta.get(key, ()))
    for el in page.body.xpath(".//*[@rel='author' or @itemprop='author']"):
        if not page.in_boilerplate(el):
            candidates.append(text_of(el))
    for el, value in page.named:
        if _AUTHOR_CLASS.search(value) and not page.in_boilerplate(el):
            candidates.append(text_of(el))
    for raw in candidates:
        name = _AUTHOR_LABEL.sub("", squash(page.guard.restore(raw or "")))
        if not name or len(name) > 60 or name.startswith(("http://", "https://", "@")):
            continue
        if comparable(name) in names:
            continue
        return name
    return None


def find_section(page: Page, selector_el: HtmlElement | None) -> str | None:
    if selector_el is not None:
        return page.guard.restore(text_of(selector_el)) or None
    for obj in page.jsonld:
        if jsonld_types(obj) & ARTICLE_TYPES and obj.get("articleSection"):
            section = obj["articleSection"]
            value = section[0] if isinstance(section, list) and section else section
            if isinstance(value, str) and value.strip():
                return page.guard.restore(squash(value))
    value = page.meta_first("article:section", "section", "category")
    if value:
        return squash(value)
    for obj in page.jsonld:  # BreadcrumbList: the last crumb that names a section, not home
        if "BreadcrumbList" not in jsonld_types(obj) or not isinstance(obj.get("itemListElement"), list):
            continue
        crumbs: list[str] = []
        for entry in obj["itemListElement"]:
            if not isinstance(entry, dict):
                continue
            item = entry.get("item")
            name = _as_text(entry.get("name")) or (_as_text(item.get("name")) if isinstance(item, dict) else None)
            if name and name not in ("خانه", "صفحه اصلی", "صفحه نخست", "Home"):
                crumbs.append(name)
        if crumbs:
            return page.guard.restore(crumbs[-1])
    return breadcrumb_section(page)


_CRUMBS_CLASS = re.compile(r"breadcrumb|crumbs|(?:^|[\s_-])\w*path(?:$|[\s_-])|sitemap", re.IGNORECASE)
_HOME_WORDS = frozenset({"خانه", "صفحه اصلی", "صفحه اصلي", "صفحه نخست", "صفحه اول", "home", "Home", "اول"})


def breadcrumb_section(page: Page) -> str | None:
    """The last linked crumb of a visible breadcrumb that is not the homepage: «صفحه نخست » اقتصادی»."""
    for el, value in page.named:
        if not _CRUMBS_CLASS.search(value):
            continue
        crumbs = [squash(a.text_content()) for a in el.iter("a")]
        crumbs = [c for c in crumbs if c and c not in _HOME_WORDS and len(c) <= 40]
        if crumbs:
            return page.guard.restore(crumbs[-1])
    return None


def detect_language(text: str, declared: str | None) -> str:
    """``"fa"`` for Persian, ``"ar"`` for Arabic, else the declared code (or ``"en"``/``"und"``).

    Content decides: Iranian templates often say ``lang="en"`` on Persian pages.

    >>> detect_language("این طرح در خرم‌آباد اجرا می‌شود و برای مردم است.", "en")
    'fa'
    >>> detect_language("قال الوزير في المؤتمر إن هذه الخطة التي أعلنت", None)
    'ar'
    """
    sample = text[:5000]
    arabic_script = len(_ARABIC_SCRIPT.findall(sample))
    latin = len(_LATIN.findall(sample))
    declared_code = (declared or "").strip().lower().replace("_", "-").split("-")[0] or None
    if arabic_script < 20 and latin < 20:
        return declared_code or "und"
    if arabic_script >= latin:
        persian = len(_PERSIAN_LETTERS.findall(sample)) + 2 * len(_PERSIAN_WORDS.findall(sample))
        arabic = 2 * len(_ARABIC_MARKS.findall(sample))
        if persian >= arabic:
            return "fa"
        return "ar" if declared_code in (None, "ar", "fa", "en") else declared_code
    return declared_code if declared_code not in (None, "fa", "ar") else "en"


def declared_language(page: Page) -> str | None:
    html = page.tree if page.tree.tag == "html" else page.tree.find(".//html")
    lang = html.get("lang") if html is not None else None
    return lang or page.meta_first("content-language", "og:locale", "language")


# -- JSON-LD helpers -------------------------------------------------------------------------

def article_jsonld(page: Page) -> list[dict[str, Any]]:
    return [obj for obj in page.jsonld if jsonld_types(obj) & ARTICLE_TYPES]


def _jsonld_value(page: Page, key: str) -> str | None:
    for obj in article_jsonld(page):
        value = _as_text(obj.get(key))
        if value:
            return value
    return None


def _as_text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    return squash(str(value)) if isinstance(value, (str, int, float)) and str(value).strip() else None


def _names(value: Any) -> list[str]:
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    text = _as_text(value)
    return [text] if text else []

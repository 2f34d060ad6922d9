"""The parsed page: one lxml tree shared by every extractor, the ZWNJ guard, boilerplate regions.

The HTML is parsed once. Metadata, dates and titles are read from this tree; trafilatura gets the
same tree (it copies it before changing anything), after :mod:`crawler.extract.text` has pruned it.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from typing import Any

from lxml import etree
from lxml.html import HtmlElement, HTMLParser, document_fromstring

logger = logging.getLogger(__name__)

ZWNJ = "\u200c"
#: Characters that trafilatura 2.3 passes through unchanged (it drops U+200C, U+200B, U+2060, U+FEFF,
#: U+00AD and private-use characters). The first one absent from the page stands in for ZWNJ.
#: tests/crawler/test_extract_text.py checks each of them against the installed trafilatura.
ZWNJ_STAND_INS = ("\u034f", "\u2e31", "\u2e33", "\u2e30")
_ZWNJ_ENTITY = re.compile(r"&(?:zwnj|#8204|#x0*200c);", re.IGNORECASE)

_PARSER = HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)

_SPACE = re.compile(r"\s+")
_ARABIC_FORMS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ۀ": "ه", "ة": "ه", "\u0640": None})

#: class/id words of page furniture: related-news boxes, comments, sharing, tags, navigation,
#: sidebars, ads. Matched as whole words or word prefixes inside class/id (``related_news``,
#: ``comments-area``, ``jp-relatedposts``). Kept to names that never label an article body.
_BOILER = re.compile(
    r"(?:^|[\s_-])(?:related\w*|similar\w*|other[-_]?news|more[-_]?news|comments?|comment[-_]?\w+|\w*comments|"
    r"discuss\w*|disqus\w*|share|sharing|sharedaddy|share[-_]?\w+|social\w*|tags|tag|tag[-_]?(?:box|list|cloud|links?)|"
    r"\w*tags|keywords?|breadcrumbs?|nav|navbar|navigation|menu|\w*menu|footer\w*|sidebar\w*|side[-_]?bar|"
    r"side[-_]?col\w*|widgets?|widget[-_]?\w+|ads?|advert\w*|banners?|popular\w*|most[-_]?\w+|newsletter|"
    r"subscribe\w*|pagination|pager|ticker|marquee|top[-_]?bar|logo|copyright|login|post[-_]?navigation|"
    r"nav[-_]?links|news[-_]?list|box[-_]?list|side[-_]?list|\w*path|sitemap\w*)"
    r"(?=$|[\s_-])",
    re.IGNORECASE,
)
#: The narrower set of regions that list *other* items with their own dates: related news, comments,
#: sidebars, most-read boxes, news lists. A date inside one of these is never the article's date.
#: (Toolbars and navigation named ``news_nav`` can hold the article's own date, so they are not here.)
_OTHER_ITEMS = re.compile(
    r"(?:^|[\s_-])(?:related\w*|similar\w*|other[-_]?news|more[-_]?news|comments?|comment[-_]?\w+|\w*comments|"
    r"discuss\w*|disqus\w*|sidebar\w*|side[-_]?bar|side[-_]?col\w*|widgets?|widget[-_]?\w+|popular\w*|"
    r"most[-_]?\w+|ticker|marquee|news[-_]?list|box[-_]?list|side[-_]?list|footer\w*|archive\w*|"
    r"latest\w*|last[-_]?news|top[-_]?news|hot[-_]?news|recent\w*|suggest\w*|recommend\w*|teasers?|cards?)"
    r"(?=$|[\s_-])",
    re.IGNORECASE,
)
#: WordPress and similar CMSs decorate the article element itself with its taxonomy
#: (``tag-water category-news post-12``): those tokens say nothing about boilerplate.
_DECORATION = re.compile(r"^(?:tag|category|post|postid|type|status|format|has|page-id|single|author)-", re.IGNORECASE)
_BOILER_TAGS = frozenset({"nav", "footer", "aside"})

#: Headings that open a box of page furniture on Persian sites, whatever its class names
#: («اخبار مرتبط», «نظرات», «پربازدیدترین‌ها», «برچسب‌ها»). ``_Z`` is an optional ZWNJ or space.
_Z = "[\u200c ]?"
BOX_HEADINGS = re.compile(
    rf"^\s*(?:اخبار|مطالب|خبرهای|خبر{_Z}های|عناوین|سایر|دیگر|آخرین|تازه{_Z}ترین|پربازدید|پربیننده|پربحث|"
    rf"پرخواننده|نظرات|نظر شما|دیدگاه|ارسال نظر|برچسب|کلید{_Z}واژه|بیشتر بخوانید|همچنین بخوانید|بخوانید|"
    rf"در همین زمینه|پیشنهاد|اشتراک|همرسانی|نوشته{_Z}های|داغ{_Z}ترین|ویژه{_Z}ها|گزارش تصویری|چندرسانه|لینک)"
    r"[^\n]{0,30}$"
)
_BOX_HEADING_WORDS = re.compile(
    rf"مرتبط|مشابه|پیشنهاد سردبیر|پیشنهادی|پربازدید|پربیننده|پربحث|نظرات|نظر شما|ارسال نظر|دیدگاه|برچسب|"
    rf"کلید{_Z}واژه|بخوانید|همین زمینه|سایر مطالب|آخرین اخبار|آخرین خبرها|اشتراک{_Z}گذاری|همرسانی|"
    rf"نوشته{_Z}های|تازه{_Z}ترین"
)

#: A box opened by a furniture heading is furniture when at least this share of its text is links,
#: or when it is short (under two paragraphs of body text) and holds a link or is a comment box.
BOX_MIN_LINK_SHARE = 0.4
BOX_SHORT_CHARS = 400
_COMMENT_HEADING = re.compile(r"نظرات|نظر شما|ارسال نظر|دیدگاه")

BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "tbody", "thead", "tfoot", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "figure", "figcaption", "form", "pre", "address", "center", "fieldset", "hr",
})


def squash(text: str | None) -> str:
    """Collapse whitespace runs to one space and strip: «  خرم‌آباد \\n ۱۴۰۴ » → «خرم‌آباد ۱۴۰۴»."""
    return _SPACE.sub(" ", text).strip() if text else ""


def comparable(text: str | None) -> str:
    """A key for comparing two renderings of one Persian phrase: whitespace, ZWNJ stand-ins,
    Arabic letter forms and tatweel do not count. «روابط‌عمومی» and «روابط عمومي» compare equal."""
    if not text:
        return ""
    text = text.translate(_ARABIC_FORMS)
    for char in (ZWNJ, *ZWNJ_STAND_INS, "\u200d", "\u200e", "\u200f", "\u00a0"):
        text = text.replace(char, " ")
    return _SPACE.sub(" ", text).strip().lower()


class ZwnjGuard:
    """Carries ZWNJ through trafilatura by swapping it for a character trafilatura keeps.

    >>> guard = ZwnjGuard.for_text("می‌شود")
    >>> guard.restore(guard.protect("می‌شود")) == "می‌شود"
    True
    """

    def __init__(self, stand_in: str | None) -> None:
        self.stand_in = stand_in

    @classmethod
    def for_text(cls, text: str) -> ZwnjGuard:
        for char in ZWNJ_STAND_INS:
            if char not in text:
                return cls(char)
        logger.debug("every ZWNJ stand-in occurs in the page; ZWNJ will not survive trafilatura")
        return cls(None)

    def protect(self, html: str) -> str:
        if self.stand_in is None:
            return html
        html = html.replace(ZWNJ, self.stand_in)
        if "&" in html:
            html = _ZWNJ_ENTITY.sub(self.stand_in, html)
        return html

    def restore(self, text: str) -> str:
        return text.replace(self.stand_in, ZWNJ) if self.stand_in and text else text


def parse_html(html: str) -> HtmlElement | None:
    """An lxml document for ``html``, or None when it holds no element at all."""
    html = _XML_DECL.sub("", html, count=1)
    if not html.strip():
        return None
    try:
        tree = document_fromstring(html, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        logger.debug("lxml could not parse the page: %s", exc)
        return None
    return tree if tree is not None and len(tree) else None


def class_id(el: HtmlElement) -> str:
    """The element's class and id, WordPress taxonomy decorations removed."""
    value = f"{el.get('class') or ''} {el.get('id') or ''}"
    return " ".join(token for token in value.split() if not _DECORATION.match(token))


def is_boilerplate_name(el: HtmlElement) -> bool:
    if el.tag in _BOILER_TAGS:
        return True
    value = class_id(el)
    return bool(value) and _BOILER.search(value) is not None


def text_of(el: HtmlElement) -> str:
    """Visible text of an element, whitespace squashed (scripts and styles are not visible)."""
    return squash(" ".join(_visible_strings(el)))


def _visible_strings(el: HtmlElement) -> Iterator[str]:
    for node in el.iter():
        if node.tag in ("script", "style", "noscript", "template") or not isinstance(node.tag, str):
            if node is not el and node.tail:
                yield node.tail
            continue
        if node.text:
            yield node.text
        if node is not el and node.tail:
            yield node.tail


def link_text_length(el: HtmlElement) -> int:
    return sum(len(squash(a.text_content())) for a in el.iter("a"))


class Page:
    """The parsed page with the indexes every extractor needs, built lazily and once."""

    def __init__(self, tree: HtmlElement, url: str, guard: ZwnjGuard) -> None:
        self.tree = tree
        self.url = url
        self.guard = guard
        self._order: dict[Any, int] | None = None
        self._meta: dict[str, list[str]] | None = None
        self._jsonld: list[dict[str, Any]] | None = None
        self._boiler: list[HtmlElement] | None = None
        self._boiler_set: set[HtmlElement] | None = None
        self._heading_boxes: list[HtmlElement] | None = None
        self._named: list[tuple[HtmlElement, str]] | None = None
        self.title_element: HtmlElement | None = None

    @property
    def body(self) -> HtmlElement:
        body = self.tree.find("body")
        return body if body is not None else self.tree

    def order(self, el: HtmlElement) -> int:
        """Position of ``el`` in document order (for "near the title" decisions)."""
        if self._order is None:
            self._order = {node: i for i, node in enumerate(self.tree.iter())}
        return self._order.get(el, -1)

    # -- metadata sources --------------------------------------------------------------------
    @property
    def meta(self) -> dict[str, list[str]]:
        """``<meta>`` contents by lower-cased name/property/itemprop/http-equiv, in page order."""
        if self._meta is None:
            meta: dict[str, list[str]] = {}
            for el in self.tree.iter("meta"):
                content = el.get("content")
                if content is None:
                    continue
                content = self.guard.restore(content.strip())
                for attr in ("property", "name", "itemprop", "http-equiv"):
                    key = el.get(attr)
                    if key:
                        meta.setdefault(key.strip().lower(), []).append(content)
            self._meta = meta
        return self._meta

    def meta_first(self, *keys: str) -> str | None:
        for key in keys:
            for value in self.meta.get(key, ()):
                if value:
                    return value
        return None

    @property
    def jsonld(self) -> list[dict[str, Any]]:
        """Every JSON-LD object of the page, ``@graph`` members flattened, malformed JSON repaired
        where a trailing comma or raw control character is all that is wrong."""
        if self._jsonld is None:
            objects: list[dict[str, Any]] = []
            for script in self.tree.iter("script"):
                if "ld+json" not in (script.get("type") or "").lower() or not script.text:
                    continue
                data = _load_json(self.guard.restore(script.text))
                objects.extend(_flatten_jsonld(data))
            self._jsonld = objects
        return self._jsonld

    # -- regions -----------------------------------------------------------------------------
    @property
    def named(self) -> list[tuple[HtmlElement, str]]:
        """Every body element with a class or id, and its :func:`class_id`, in document order:
        computed once, read by every finder that goes by names."""
        if self._named is None:
            self._named = [(el, value) for el in self.body.xpath(".//*[@class or @id]") if (value := class_id(el))]
        return self._named

    @property
    def boilerplate(self) -> list[HtmlElement]:
        """Outermost elements named like page furniture (see ``_BOILER``), in document order."""
        if self._boiler is None:
            found: list[HtmlElement] = [el for el, value in self.named if _BOILER.search(value)]
            named = set(found)
            found.extend(el for el in self.body.iter("nav", "footer", "aside") if el not in named)
            found.sort(key=self.order)
            found_set = set(found)
            self._boiler = [el for el in found if not any(a in found_set for a in el.iterancestors())]
        return self._boiler

    def in_boilerplate(self, el: HtmlElement) -> bool:
        """True when ``el`` sits in a furniture region that does not hold the article title."""
        if self._boiler_set is None:
            self._boiler_set = set(self.boilerplate)
        boiler = self._boiler_set
        if not boiler:
            return False
        for node in (el, *el.iterancestors()):
            if node in boiler and not self.holds_title(node):
                return True
        return False

    @property
    def heading_boxes(self) -> list[HtmlElement]:
        """Boxes without telling class names, opened by a furniture heading («اخبار مرتبط», «نظرات»):
        the heading's parent, when it is mostly links or short."""
        if self._heading_boxes is None:
            boxes: list[HtmlElement] = []
            for heading in self.body.xpath(
                ".//h2 | .//h3 | .//h4 | .//h5 | .//h6 | .//*[contains(@class, 'title') or contains(@class, 'Title')]"
            ):
                text = self.guard.restore(squash(heading.text_content()))
                if not text or len(text) > 40 or not (BOX_HEADINGS.match(text) or _BOX_HEADING_WORDS.search(text)):
                    continue
                box = heading.getparent()
                if box is None or box.tag in ("body", "html") or self.holds_title(box):
                    continue
                box_text = len(squash(box.text_content())) or 1
                links = link_text_length(box)
                if links >= BOX_MIN_LINK_SHARE * box_text or (box_text < BOX_SHORT_CHARS and links > 0) or (
                        box_text < BOX_SHORT_CHARS and _COMMENT_HEADING.search(text)):
                    boxes.append(box)
            self._heading_boxes = boxes
        return self._heading_boxes

    def in_other_items(self, el: HtmlElement) -> bool:
        """True when ``el`` sits in a region listing other items (see ``_OTHER_ITEMS``)."""
        boxes = set(self.heading_boxes)
        for node in (el, *el.iterancestors()):
            if node in boxes:
                return True
            if node.tag in ("aside", "footer"):
                return not self.holds_title(node)
            value = class_id(node)
            if value and _OTHER_ITEMS.search(value) is not None:
                return not self.holds_title(node)
        return False

    def holds_title(self, el: HtmlElement) -> bool:
        """True when ``el`` is the headline element or one of its ancestors."""
        title = self.title_element
        if title is None:
            return False
        return title is el or any(a is el for a in title.iterancestors())


def _load_json(text: str) -> Any:
    text = text.strip()
    if text.startswith("<!--"):
        text = text[4:]
    if text.endswith("-->"):
        text = text[:-3]
    for attempt in (text, re.sub(r",\s*([}\]])", r"\1", text)):
        try:
            return json.loads(attempt, strict=False)
        except ValueError:
            continue
    logger.debug("unreadable JSON-LD block skipped")
    return None


def _flatten_jsonld(data: Any) -> Iterable[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _flatten_jsonld(item)
    elif isinstance(data, dict):
        graph = data.get("@graph")
        if isinstance(graph, list):
            yield from _flatten_jsonld(graph)
        if "@type" in data:
            yield data


def jsonld_types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).rsplit("/", 1)[-1] for k in kinds if k}

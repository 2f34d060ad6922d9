"""Body text: prune the furniture, hand the tree to trafilatura once, clean its lines.

Steps, each generic (no site's class names):

1. layout tables (old ASP.NET and PHP portals lay the whole page out in ``<table>``) become
   ``<div>``s, or trafilatura renders the page as one markdown table row;
2. furniture regions are removed: elements named like related-news boxes, comments, sharing,
   tags, navigation (:data:`crawler.extract.page._BOILER`) and boxes opened by a Persian heading
   such as «اخبار مرتبط» or «نظرات» — never one that holds the headline or most of the text;
3. trafilatura extracts the main text from the pruned tree (ZWNJ travels as a stand-in);
4. its lines lose what is not body: the title, kicker and lead (returned separately), date and
   news-code lines, «انتهای پیام», share labels, and teaser lines (link titles of other articles).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from crawler.extract.jalali import find_jalali_dates
from crawler.extract.page import (
    BLOCK_TAGS,
    Page,
    comparable,
    is_boilerplate_name,
    squash,
)

logger = logging.getLogger(__name__)

#: A table is data (kept as a table) when every cell is short and holds no block element.
#: 150 chars: longer than any price or statistics cell, shorter than one sentence of body text.
DATA_CELL_MAX_CHARS = 150
#: A furniture box is only removed when it holds less than this share of the page's text: a
#: wrongly named article wrapper (``<div class="content comments-enabled">``) always holds more.
PRUNE_MAX_TEXT_SHARE = 0.5
#: A link text this long names another article (teaser); shorter ones are menu entries or tags.
TEASER_MIN_CHARS = 20
#: A teaser item (title link + summary + date) is at most this long.
TEASER_MAX_CHARS = 500
#: Lines made only of a date and its label, or a news code, are at most this long.
META_LINE_MAX_CHARS = 80

_ZW = "[\u200c ]?"
_END_MARKERS = re.compile(
    # the agencies' end-of-story marks
    r"^(?:انتهای\s*(?:پیام|خبر|متن)|پایان\s*(?:پیام|خبر))\s*[/.]*\s*$"
    # labelled metadata lines: a label and a colon
    r"|^(?:کد\s*خبر|شناسه\s*خبر|کد\s*مطلب|لینک\s*کوتاه|نشانی\s*کوتاه|تعداد\s*بازدید|بازدید|"
    rf"برچسب{_ZW}ها|کلید{_ZW}واژه{_ZW}ها|تگ{_ZW}ها|منبع\s*(?:تصویر|عکس))\s*[:：].{{0,70}}$"
    # a row of buttons, and nothing else
    rf"|^(?:(?:چاپ|ذخیره|کپی\s*شد|کپی\s*لینک|ارسال\s*به\s*دوستان|نسخه\s*چاپی|اشتراک{_ZW}\s*گذاری|"
    r"همرسانی|ارسال\s*نظر)[\s|:/،]*)+$",
    re.IGNORECASE,
)
_ONLY_PUNCT = re.compile(r"^[\W_]*$")


@dataclass
class BodyText:
    paragraphs: list[str] = field(default_factory=list)
    teaser_chars: int = 0
    teaser_lines: int = 0

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def unwrap_layout_tables(page: Page) -> None:
    """Turn layout tables into divs so that trafilatura sees blocks, not one table row."""
    for table in reversed(page.body.xpath(".//table")):  # innermost first
        if _is_data_table(table):
            continue
        for el in table.iter("table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption"):
            el.tag = "div"
            for attr in ("width", "align", "valign", "cellpadding", "cellspacing", "colspan", "rowspan", "border"):
                el.attrib.pop(attr, None)


def _is_data_table(table: HtmlElement) -> bool:
    for cell in table.iter("td", "th"):
        if any(child.tag in BLOCK_TAGS and child.tag not in ("hr",) for child in cell.iter() if child is not cell):
            return False
        if len(squash(cell.text_content())) > DATA_CELL_MAX_CHARS:
            return False
    return True


def prune_furniture(page: Page, keep: list[HtmlElement]) -> int:
    """Remove furniture regions (see the module docstring); returns how many were removed.

    ``keep`` holds elements that must survive (the headline, a selector's body)."""
    body_chars = max(1, len(page.body.text_content()))
    keep_set = set(keep)
    for el in keep:
        keep_set.update(el.iterancestors())
    removed = 0
    victims: list[HtmlElement] = []
    for el in page.boilerplate:
        if el in keep_set:
            continue
        victims.append(el)
    victims.extend(box for box in page.heading_boxes if box not in keep_set)
    for el in victims:
        parent = el.getparent()
        if parent is None:
            continue
        if len(el.text_content()) > PRUNE_MAX_TEXT_SHARE * body_chars:
            continue
        _drop(el)
        removed += 1
    return removed


def _drop(el: HtmlElement) -> None:
    """Remove ``el`` but keep its tail text in place."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


@dataclass
class Teasers:
    """Links to other articles still in the page: their titles, and the text of each teaser item
    (title + kicker + summary + date) as one string to search lines in."""

    titles: set[str] = field(default_factory=set)
    items: str = ""

    def __contains__(self, key: str) -> bool:
        if key in self.titles:
            return True
        return len(key) >= TEASER_MIN_CHARS and key in self.items


def teaser_texts(page: Page, here: set[str]) -> Teasers:
    """The teasers of the (pruned) page, as comparable text (see :class:`Teasers`)."""
    titles: set[str] = set()
    items: list[str] = []
    for a in page.body.iter("a"):
        href = a.get("href") or ""
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        text = squash(a.text_content())
        if len(text) < TEASER_MIN_CHARS:
            continue
        if href.split("#")[0].rstrip("/") in here:
            continue
        titles.add(comparable(text))
        block = next((b for b in a.iterancestors() if b.tag in BLOCK_TAGS), None)
        if block is not None and block.tag == "p" and len(text) < 0.5 * len(squash(block.text_content())):
            continue  # a link inside a sentence of the body, not a teaser
        # the teaser item: the largest ancestor that is short, holds few links and at most one
        # paragraph of prose (a summary); an article body always holds more
        item = None
        node = a.getparent()
        for _ in range(4):
            if node is None or node.tag in ("body", "html"):
                break
            node_text = squash(node.text_content())
            if len(node_text) > TEASER_MAX_CHARS or len(node.findall(".//a")) > 3:
                break
            if sum(len(squash(p.text_content())) >= 80 for p in node.iter("p")) > 1:
                break
            item = node
            node = node.getparent()
        if item is not None:
            items.append(comparable(item.text_content()))
    return Teasers(titles, "\n".join(items))


def run_trafilatura(page: Page, fast: bool = False) -> str:
    """trafilatura's main text of the (pruned) tree, ZWNJ stand-in still in place."""
    from trafilatura import bare_extraction

    try:
        document = bare_extraction(
            page.tree,
            url=page.url,
            with_metadata=False,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
            fast=fast,
        )
    except Exception:  # noqa: BLE001 - trafilatura bugs on odd pages: no text rather than no crawl
        logger.warning("trafilatura failed on %s", page.url, exc_info=True)
        return ""
    text = getattr(document, "text", None) if document is not None else None
    return text or ""


def element_paragraphs(el: HtmlElement) -> list[str]:
    """Paragraphs of an element: one per block element or line break, furniture skipped.

    Used for a per-site ``body`` selector, where trafilatura's choice is overridden."""
    out: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        line = squash("".join(buffer))
        buffer.clear()
        if line:
            out.append(line)

    def walk(node: HtmlElement) -> None:
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "noscript", "template", "button",
                                                          "input", "select", "textarea", "iframe", "svg"):
            return
        if node is not el and is_boilerplate_name(node):
            return
        block = node.tag in BLOCK_TAGS
        if block or node.tag == "br":
            flush()
        if node.text:
            buffer.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                buffer.append(child.tail)
        if block:
            flush()

    walk(el)
    flush()
    return out


def clean_lines(lines: list[str], page: Page, *, title: str | None, kicker: str | None, lead: str | None,
                teasers: Teasers) -> BodyText:
    """Keep the body paragraphs of ``lines`` (see the module docstring, step 4)."""
    restore = page.guard.restore
    drop = {comparable(t) for t in (title, kicker) if t}
    lead_key = comparable(lead)
    body = BodyText()
    seen: set[str] = set()
    for raw in lines:
        line = squash(restore(raw))
        if line.startswith("|") and line.endswith("|"):  # a table row rendered by trafilatura
            line = squash(line.strip("|").replace(" | ", " "))
        if line.startswith("- "):  # a list item, as trafilatura marks it
            line = line[2:].lstrip()
        if not line or _ONLY_PUNCT.match(line) or _is_breadcrumb(line):
            continue
        key = comparable(line)
        if key in drop or key in seen:
            continue
        if lead_key and (key == lead_key or (len(key) > 30 and key in lead_key)):
            continue
        if len(line) <= META_LINE_MAX_CHARS and (_END_MARKERS.match(line) or _is_date_line(line)):
            continue
        if key in teasers or _labelled_teaser(key, teasers):
            body.teaser_chars += len(line)
            body.teaser_lines += 1
            continue
        seen.add(key)
        body.paragraphs.append(line)
    # a lead that trafilatura glued to the start of the first paragraph
    if lead and body.paragraphs and body.paragraphs[0].startswith(lead):
        rest = body.paragraphs[0][len(lead):].strip()
        body.paragraphs[0:1] = [rest] if rest else []
    return body


def _labelled_teaser(key: str, teasers: Teasers) -> bool:
    """«بیشتر بخوانید: عنوان خبر دیگر» — a label, a colon and a teaser title."""
    if ":" not in key:
        return False
    label, _, rest = key.partition(":")
    return len(label) <= 30 and rest.strip() in teasers


_CRUMB_SEPARATOR = re.compile(r"\s(?:>|»|«|<|/|›|‹|::)\s")


def _is_breadcrumb(line: str) -> bool:
    """«صفحه اصلی > اخبار > متن خبر»: short segments joined by arrows."""
    parts = _CRUMB_SEPARATOR.split(line)
    return len(parts) >= 3 and all(len(part) <= 40 for part in parts)


def _is_date_line(line: str) -> bool:
    dates = find_jalali_dates(line)
    if not dates:
        return False
    rest = line
    for found in reversed(dates):
        rest = rest[: found.start] + rest[found.end:]
    # what is left is a label, a weekday, a separator: at most a few words
    return len(re.sub(r"[\W\d_]+", " ", rest).split()) <= 5

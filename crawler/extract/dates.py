"""Publication and modification dates: collect every signal, cross-check, choose one.

Sources, by the name recorded in ``published_source``:

- ``jsonld``: ``datePublished`` / ``dateModified`` of the article object;
- ``meta``: ``article:published_time`` and its many aliases;
- ``time``: ``<time datetime>`` and ``itemprop=datePublished`` elements near the headline;
- ``visible_jalali``: the Jalali date printed in the article header (labelled «تاریخ انتشار», in a
  date-named element, or next to the headline), never one from a related-news box or a comment;
- ``url``: a Jalali or Gregorian date in the URL path;
- ``htmldate``: only when none of the above exists.

When the sources agree (within a day) the most precise wins (a time of day beats a bare day). When
they disagree, the visible header date wins over the head's metadata (Iranian CMSs often stamp the
meta with the render or edit time) and a warning says so.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from lxml.html import HtmlElement

from crawler.extract.jalali import (
    MIN_JALALI_YEAR,
    TEHRAN,
    date_from_url,
    find_jalali_dates,
    jalali_to_datetime,
    normalize_digits,
    parse_machine_date,
)
from crawler.extract.metadata import Headline, article_jsonld
from crawler.extract.page import Page, class_id, jsonld_types, squash

logger = logging.getLogger(__name__)

#: A date more than this far ahead of ``now`` is a typo or a misread number, never a publication.
FUTURE_TOLERANCE = dt.timedelta(days=1)
#: Sources closer than this agree (a date-only source and a timed one on the same day always agree).
AGREEMENT = dt.timedelta(days=1)
#: Earliest plausible date: 1 Farvardin 1350.
EARLIEST = jalali_to_datetime(MIN_JALALI_YEAR, 1, 1) or dt.datetime(1971, 3, 21, tzinfo=TEHRAN)

#: A visible date further than this many elements from the headline is not the article's own date
#: unless it is labelled («تاریخ انتشار»): Iranian article headers keep the date within ~10
#: elements of the h1, related-news boxes and sidebars sit 30+ elements away.
VISIBLE_MAX_DISTANCE = 150
#: Within this distance of the headline a visible date counts as the header's date (it then wins
#: over the head's metadata when they disagree).
VISIBLE_HEADER_DISTANCE = 25
#: The text around a date that is read to find its label («تاریخ انتشار :»).
LABEL_WINDOW = 40
#: A text longer than this is a paragraph, not a date line: dates inside body text are not the
#: publication date («در تاریخ ۱۲ مهر ۱۴۰۳ ...»).
DATE_LINE_MAX_CHARS = 220

_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "og:published_time", "published_time",
    "article:published", "datepublished", "pubdate", "publishdate", "publish-date", "publish_date",
    "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.created", "dc.date.created", "date",
    "sailthru.date", "parsely-pub-date", "cxenseparse:recs:publishtime", "datecreated", "created",
)
_MODIFIED_META = (
    "article:modified_time", "og:updated_time", "og:article:modified_time", "datemodified",
    "dc.date.modified", "dcterms.modified", "last-modified", "lastmod", "article:modified", "updated_time",
)
_PUBLISHED_LABEL = re.compile(
    r"(?:تاریخ\s*(?:انتشار|خبر|درج|ثبت|مخابره)?|انتشار|منتشر\s*شده|زمان\s*انتشار|published|date)\s*[:：]?\s*$",
    re.IGNORECASE,
)
_MODIFIED_LABEL = re.compile(
    r"(?:به[\u200c\s]*روز\s*رسانی|بروزرسانی|آخرین\s*ویرایش|ویرایش|اصلاح|updated|modified)[^\d]{0,12}$",
    re.IGNORECASE,
)
_TODAY_LABEL = re.compile(r"(?:امروز|today)[^\d]{0,25}$", re.IGNORECASE)
_DATE_CLASS = re.compile(r"date|time|publish|tarikh|zaman|clock|calendar|posted", re.IGNORECASE)
_MODIFIED_CLASS = re.compile(r"updat|modif|edited", re.IGNORECASE)
_HAS_YEAR = re.compile(r"[0-9۰-۹٠-٩]{4}|[0-9۰-۹٠-٩]{1,2}\s*[^\s\d]{2,}")

#: When sources disagree, the first of these present wins.
DISAGREEMENT_ORDER = ("visible_jalali", "jsonld", "meta", "time", "url", "visible_jalali_far", "htmldate")
#: When sources agree and are equally precise, the first of these present wins.
AGREEMENT_ORDER = ("jsonld", "meta", "time", "visible_jalali", "visible_jalali_far", "url", "htmldate")


@dataclass(frozen=True)
class DateCandidate:
    source: str
    value: dt.datetime
    has_time: bool
    detail: str = ""

    @property
    def precision(self) -> int:
        """0 a bare day (or a midnight that stands for one), 1 a time of day."""
        if not self.has_time or (self.value.hour == 0 and self.value.minute == 0 and self.value.second == 0):
            return 0
        return 1


@dataclass
class DateResult:
    published: dt.datetime | None = None
    published_source: str | None = None
    modified: dt.datetime | None = None


def _plausible(value: dt.datetime, now: dt.datetime) -> bool:
    return EARLIEST <= value <= now + FUTURE_TOLERANCE


def _distance(a: DateCandidate, b: DateCandidate) -> dt.timedelta:
    if a.precision == 0 or b.precision == 0:
        days = abs((a.value.astimezone(TEHRAN).date() - b.value.astimezone(TEHRAN).date()).days)
        return dt.timedelta(days=days)
    return abs(a.value - b.value)


def collect_candidates(page: Page, headline: Headline, date_el: list[HtmlElement] | None,
                       now: dt.datetime) -> tuple[list[DateCandidate], list[DateCandidate]]:
    """(published candidates, modified candidates), each plausible (not before 1350, not future)."""
    published: list[DateCandidate] = []
    modified: list[DateCandidate] = []

    def add(target: list[DateCandidate], source: str, raw: str | None, detail: str = "") -> None:
        if not raw:
            return
        found = parse_machine_date(raw)
        if found is not None and _plausible(found.value, now):
            target.append(DateCandidate(source, found.value, found.has_time, detail))

    for obj in article_jsonld(page) or [o for o in page.jsonld if "WebPage" in jsonld_types(o)]:
        for key in ("datePublished", "dateCreated"):
            if isinstance(obj.get(key), str):
                add(published, "jsonld", obj[key], key)
                break
        if isinstance(obj.get("dateModified"), str):
            add(modified, "jsonld", obj["dateModified"], "dateModified")
    for key in _PUBLISHED_META:
        value = page.meta_first(key)
        if value:
            add(published, "meta", value, key)
            break
    for key in _MODIFIED_META:
        value = page.meta_first(key)
        if value:
            add(modified, "meta", value, key)
            break

    _time_elements(page, headline, now, published, modified)
    if date_el:  # a per-site selector: its element's Jalali text, else its machine-readable value
        for el in date_el:
            shown = [d for d in find_jalali_dates(squash(el.text_content())) if _plausible(d.value, now)]
            if shown:
                published.append(DateCandidate("visible_jalali", shown[0].value, shown[0].has_time, "selector"))
            else:
                raw = el.get("datetime") or el.get("content") or el.text_content()
                add(published, "visible_jalali", raw, "selector")
    else:
        _visible_dates(page, headline, now, published, modified)

    path = unquote(urlsplit(page.url).path)
    from_url = date_from_url(path)
    if from_url is not None and _plausible(from_url, now):
        published.append(DateCandidate("url", from_url, False, path))
    return published, modified


def _time_elements(page: Page, headline: Headline, now: dt.datetime,
                   published: list[DateCandidate], modified: list[DateCandidate]) -> None:
    title_el = headline.element
    best: tuple[int, DateCandidate] | None = None
    for el in page.body.xpath(".//time[@datetime] | .//*[@itemprop='datePublished' or @itemprop='dateModified']"):
        if page.in_other_items(el):
            continue
        raw = el.get("datetime") or el.get("content") or el.text_content()
        found = parse_machine_date(raw or "")
        if found is None or not _plausible(found.value, now):
            continue
        candidate = DateCandidate("time", found.value, found.has_time, el.get("itemprop") or "time")
        if el.get("itemprop") == "dateModified" or _MODIFIED_CLASS.search(class_id(el)):
            modified.append(candidate)
            continue
        distance = abs(page.order(el) - page.order(title_el)) if title_el is not None else page.order(el)
        if el.get("itemprop") == "datePublished":
            distance = -1
        if best is None or distance < best[0]:
            best = (distance, candidate)
    if best is not None:
        published.append(best[1])


def _visible_dates(page: Page, headline: Headline, now: dt.datetime,
                   published: list[DateCandidate], modified: list[DateCandidate]) -> None:
    """The Jalali date of the article header (see the module docstring)."""
    title_el = headline.element
    here = _self_urls(page)
    scored: list[tuple[float, DateCandidate]] = []
    seen: set[int] = set()
    for node in page.body.xpath(".//text()"):
        if not _HAS_YEAR.search(node):
            continue
        el = node.getparent()
        if el is None:
            continue
        if node.is_tail:
            el = el.getparent()
            if el is None:
                continue
        if el.tag in ("script", "style", "noscript", "textarea", "option", "title") or id(el) in seen:
            continue
        seen.add(id(el))
        line = page.guard.restore(squash(el.text_content()))
        if len(line) > DATE_LINE_MAX_CHARS:
            line = page.guard.restore(squash(str(node)))
            if len(line) > DATE_LINE_MAX_CHARS:
                continue
        dates = find_jalali_dates(line)
        if not dates or page.in_other_items(el) or _in_foreign_link(el, here) or _in_dated_list(page, el):
            continue
        order = page.order(el)
        distance = abs(order - page.order(title_el)) if title_el is not None else order
        date_class = any(_DATE_CLASS.search(class_id(a)) for a in (el, *_ancestors(el, 2)))
        for found in dates:
            if not _plausible(found.value, now):
                continue
            before = line[max(0, found.start - LABEL_WINDOW): found.start]
            if _TODAY_LABEL.search(before):
                continue
            if _MODIFIED_LABEL.search(before) or _MODIFIED_CLASS.search(class_id(el)):
                modified.append(DateCandidate("visible_jalali", found.value, found.has_time, "modified label"))
                continue
            labelled = _PUBLISHED_LABEL.search(before) is not None
            if title_el is not None and distance > VISIBLE_MAX_DISTANCE and not labelled:
                continue
            near = title_el is not None and distance <= VISIBLE_HEADER_DISTANCE
            confident = labelled or near or (date_class and title_el is None)
            if not confident and not found.has_time and found.value.date() == now.date():
                continue  # the site header's clock («چهارشنبه ۱۲ آذر ۱۴۰۴»), not a publication date
            value, has_time = found.value, found.has_time
            if not has_time:  # «تاریخ انتشار : 1404/08/24» with «ساعت : 10:10» in the next cell
                clock = _neighbour_time(el)
                if clock is not None:
                    value, has_time = value.replace(hour=clock[0], minute=clock[1]), True
            source = "visible_jalali" if confident else "visible_jalali_far"
            score = 4.0 * labelled + 2.0 * date_class + 1.0 * has_time - min(distance, 300) / 15.0
            scored.append((score, DateCandidate(source, value, has_time, line[:80])))
            break  # the first date of a line is its date; the rest are usually the Hijri/Gregorian copies
    if scored:
        scored.sort(key=lambda pair: -pair[0])
        published.append(scored[0][1])


_CLOCK = re.compile(r"(?<![\d:/])([01]?\d|2[0-3])\s*:\s*([0-5]\d)(?![\d/])")


def _neighbour_time(el: HtmlElement) -> tuple[int, int] | None:
    """The one time of day written next to a bare date: in the same line, or a sibling cell."""
    for node in (el, *_ancestors(el, 2)):
        line = normalize_digits(squash(node.text_content()))
        if len(line) > DATE_LINE_MAX_CHARS:
            return None
        clocks = {(int(h), int(m)) for h, m in _CLOCK.findall(line)}
        if len(clocks) == 1:
            return clocks.pop()
        if len(clocks) > 1:
            return None
    return None


#: A container of at most this many characters holding several dates and teaser links is a list
#: of other items (a related-news box whose class names say nothing).
DATED_LIST_MAX_CHARS = 1500


def _in_dated_list(page: Page, el: HtmlElement) -> bool:
    """True when ``el``'s near ancestors hold other dated items: ≥ 2 other days and ≥ 2 long links.
    The search stops at the block that holds the headline: that is the article itself."""
    for node in _ancestors(el, 3):
        if page.holds_title(node):
            return False
        text = squash(node.text_content())
        if len(text) > DATED_LIST_MAX_CHARS:
            return False
        days = {found.value.date() for found in find_jalali_dates(text)}
        if len(days) >= 3:
            long_links = sum(len(squash(a.text_content())) >= 20 for a in node.iter("a"))
            if long_links >= 2:
                return True
    return False


def _ancestors(el: HtmlElement, levels: int) -> list[HtmlElement]:
    out = []
    for ancestor in el.iterancestors():
        out.append(ancestor)
        if len(out) >= levels:
            break
    return out


def _self_urls(page: Page) -> set[str]:
    urls = {page.url.split("#")[0].rstrip("/")}
    for link in page.tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower() and link.get("href"):
            urls.add(urljoin(page.url, link.get("href", "")).split("#")[0].rstrip("/"))
    return urls


def _in_foreign_link(el: HtmlElement, here: set[str]) -> bool:
    """A date inside a link to another page belongs to that page (related lists, archives)."""
    for node in (el, *_ancestors(el, 3)):
        if node.tag == "a":
            href = node.get("href")
            if not href or href.startswith("#"):
                return False
            return unquote(urljoin(next(iter(here)), href)).split("#")[0].rstrip("/") not in {unquote(u) for u in here}
    return False


def resolve(published: list[DateCandidate], modified: list[DateCandidate], warnings: list[str]) -> DateResult:
    """Choose the publication and modification dates (see the module docstring)."""
    result = DateResult()
    if published:
        by_source = {c.source: c for c in reversed(published)}  # the first candidate of each source
        anchor = next(by_source[s] for s in DISAGREEMENT_ORDER if s in by_source)
        agreeing = [c for c in by_source.values() if _distance(c, anchor) <= AGREEMENT]
        disagreeing = [c for c in by_source.values() if c not in agreeing]
        if disagreeing:
            warnings.append(
                "published dates disagree: "
                + ", ".join(f"{c.source}={c.value.astimezone(TEHRAN):%Y-%m-%d %H:%M}" for c in (anchor, *disagreeing))
                + f"; kept {anchor.source}"
            )
        rank = {s: i for i, s in enumerate(AGREEMENT_ORDER)}
        chosen = min(agreeing, key=lambda c: (-c.precision, rank.get(c.source, 99)))
        result.published = chosen.value.astimezone(TEHRAN)
        result.published_source = chosen.source.replace("_far", "")
    if modified:
        rank = {s: i for i, s in enumerate(AGREEMENT_ORDER)}
        chosen_modified = min(modified, key=lambda c: rank.get(c.source, 99))
        value = chosen_modified.value.astimezone(TEHRAN)
        if result.published is not None and value < result.published - AGREEMENT:
            warnings.append(f"modified {value:%Y-%m-%d %H:%M} is before published; ignored")
        else:
            result.modified = value
    return result


def htmldate_fallback(tree: HtmlElement, url: str, now: dt.datetime) -> DateCandidate | None:
    """htmldate's guess, for pages that show no date Seda can read itself (Gregorian-only pages)."""
    try:
        from htmldate import find_date
    except ImportError:  # pragma: no cover - htmldate comes with trafilatura
        return None
    try:
        found = find_date(tree, url=url, extensive_search=False, original_date=True,
                          min_date=EARLIEST.date().isoformat(), max_date=(now + FUTURE_TOLERANCE).date().isoformat())
    except Exception:  # noqa: BLE001 - a fallback never breaks extraction
        logger.debug("htmldate failed on %s", url, exc_info=True)
        return None
    if not found:
        return None
    parsed = parse_machine_date(found)
    if parsed is None or not _plausible(parsed.value, now):
        return None
    return DateCandidate("htmldate", parsed.value, False, found)

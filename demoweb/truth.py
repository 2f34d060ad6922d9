"""The demo web's truth: derived from the content records and the site renderers, never typed by hand."""
from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

from demoweb.dates import BASE_WEEK_START, TEHRAN
from demoweb.jalali import format_jalali

if TYPE_CHECKING:
    from demoweb.server import DemoWeb
    from demoweb.sites.base import BaseSite, Item

logger = logging.getLogger(__name__)

TRUTH_VERSION = 1


def article_entry(site: BaseSite, item: Item, url_of: dict[str, str]) -> dict[str, Any]:
    top = site.homepage_top()
    charset = site.encoding_of(item)
    return {
        "id": item.id,
        "site": site.conf.id,
        "url": site.canonical_url(item),
        "title": item.title,
        "lead": item.lead,
        "text": item.text,
        "published": item.published.isoformat(),
        "published_jalali": format_jalali(item.published, "{yyyy}-{mm}-{dd} {HH}:{MM}", "latin"),
        "relevance": item.relevance,
        "agency": item.agency,
        "agencies": list(item.agencies),
        "evidence": item.evidence,
        "kind": item.kind,
        "section": item.section,
        "tags": list(item.tags),
        "kicker": item.kicker,
        "homepage": item.homepage,
        "homepage_rank": top.index(item) + 1 if item in top else None,
        "duplicate_of": url_of.get(item.duplicate_of) if item.duplicate_of else None,
        "duplicate_of_id": item.duplicate_of,
        "encoding": charset["charset"],
        "charset": charset,
        "routes": site.routes_for(item),
        "traps": site.item_traps(item),
        "source_file": item.source_file,
    }


def build_truth(web: DemoWeb, *, include_synthetic: bool = True) -> dict[str, Any]:
    sites = [web.site(site_id) for site_id in web.sites]
    real = [site for site in sites if site.conf.id != "synth"]
    url_of = {item.id: site.canonical_url(item) for site in real for item in site.items}
    articles = [article_entry(site, item, url_of) for site in real
                for item in sorted(site.items, key=lambda i: (i.published, i.num))]
    week_start = BASE_WEEK_START + web.shift
    week_end = week_start + dt.timedelta(days=6)
    truth: dict[str, Any] = {
        "version": TRUTH_VERSION,
        "anchor": web.anchor.isoformat(),
        "shift_days": web.shift.days,
        "week": {
            "start": week_start.isoformat(), "end": week_end.isoformat(),
            "start_jalali": _jalali_day(week_start), "end_jalali": _jalali_day(week_end),
        },
        "sites": {site.conf.id: site.base_url for site in sites},
        "sources": web.sources(),
        "discovery": {site.conf.id: site.discovery() for site in sites},
        "articles": articles,
        "traps": [trap.as_dict() for site in sites for trap in site.trap_list()],
    }
    synth = [site for site in sites if site.conf.id == "synth"]
    if synth and include_synthetic:
        site = synth[0]
        truth["synthetic"] = [
            {"id": item.id, "site": "synth", "url": site.canonical_url(item), "title": item.title,
             "lead": item.lead, "text": item.text, "published": item.published.isoformat()}
            for item in site.items]
    logger.info("truth: %d articles, %d traps", len(articles), len(truth["traps"]))
    return truth


def _jalali_day(day: dt.date) -> str:
    return format_jalali(dt.datetime.combine(day, dt.time(12), TEHRAN), "{yyyy}-{mm}-{dd}", "latin")

"""A large synthetic news site (``synth``) for crawl benchmarks.

N articles are generated deterministically from a seed by recombining sentences of the hand-written
content; each is built on demand from its index, so N can be large without holding N texts in memory.
The site is rendered by the Nastooh-style family (homepage, numbered ``/archive`` and ``/service``
listings, ``/rss``, a sitemap index) without traps.
"""
from __future__ import annotations

import datetime as dt
import logging
import random
import re
from typing import Any, Sequence

from jinja2 import Environment

from demoweb.content import Article
from demoweb.dates import BASE_WEEK_START, TEHRAN
from demoweb.siteconf import SiteCatalog, site_from_mapping
from demoweb.sites.base import Item
from demoweb.sites.payam import PayamSite
from demoweb.textnorm import slugify

logger = logging.getLogger(__name__)

#: Minutes between two consecutive synthetic articles (about 85 a day, like a busy agency).
MINUTES_APART = 17
#: Paragraphs and sentences per paragraph: about 550 words of body, ~900 tokens of page text.
PARAGRAPHS = (6, 8)
SENTENCES_PER_PARAGRAPH = (3, 4)
#: Title length in words.
TITLE_WORDS = (7, 12)
#: How many of the newest synthetic articles form the homepage top block.
TOP_BLOCK = 5

_SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+")
_FALLBACK_SENTENCES = (
    "مدیرکل این اداره در نشست خبری گفت: اجرای طرح‌های نیمه‌تمام در اولویت برنامه‌های امسال قرار دارد.",
    "به گفته وی، اعتبار لازم برای تکمیل این پروژه‌ها از محل منابع ملی و استانی تأمین شده است.",
    "وی افزود: پیشرفت فیزیکی این طرح تا پایان آبان‌ماه به ۶۰ درصد رسیده است.",
    "این مسئول با اشاره به مشکلات تأمین مصالح ادامه داد: پیمانکاران با کمبود نقدینگی روبه‌رو هستند.",
    "در این نشست همچنین گزارشی از عملکرد شش ماه نخست سال ارائه شد.",
    "قرار است مرحله دوم این طرح تا پایان سال به بهره‌برداری برسد.",
    "کارشناسان معتقدند تکمیل این طرح نقش مهمی در ایجاد اشتغال پایدار دارد.",
    "مردم منطقه نیز خواستار تسریع در روند اجرای پروژه شدند.",
)
_SYNTH_SITE = {
    "id": "synth", "name": "خبرگزاری سنتز", "name_en": "Synthetic News Agency", "kind": "news_agency",
    "level": "national", "family": "payam", "encoding": "utf-8", "digits": "persian",
    "date_format": "{d} {month} {yyyy}، {HH}:{MM}",
    "menu": ["politics", "economy", "society", "provinces", "culture", "sport"],
    "head": {"canonical": True, "og": True, "og_url": True, "jsonld": True, "published_meta": True,
             "last_modified": True},
    "gzip": True, "feed_link_on_homepage": True, "robots_disallow": ["/admin/"],
    "source": {"feeds": ["/rss"], "sitemaps": ["/sitemap.xml"], "listings": ["/archive"]},
    "traps": [],
}


def sentence_pool(articles: Sequence[Article]) -> tuple[str, ...]:
    """Every sentence of the hand-written leads and bodies, in a stable order."""
    pool: list[str] = []
    for article in sorted(articles, key=lambda a: a.id):
        for paragraph in (article.lead, *article.body):
            pool.extend(s.strip() for s in _SENTENCE_END.split(paragraph) if len(s.split()) >= 5)
    return tuple(dict.fromkeys(pool)) or _FALLBACK_SENTENCES


class SyntheticArticle:
    """Article-like record computed from (seed, index); nothing is stored but the numbers."""

    def __init__(self, index: int, seed: int, pool: tuple[str, ...], sections: tuple[str, ...],
                 published: dt.datetime) -> None:
        self.index = index
        self.seed = seed
        self.pool = pool
        self.id = f"synth-{index:06d}"
        self.site = "synth"
        self.published = published
        self.section = sections[index % len(sections)]
        self.kind = "news"
        self.relevance = None
        self.agency = None
        self.agencies: tuple[str, ...] = ()
        self.evidence = None
        self.duplicate_of = None
        self.kicker = None
        self.tags: tuple[str, ...] = ()
        self.note = None
        self.source_file = "synthetic"
        self.homepage = index + 1 if index < TOP_BLOCK else None

    def _rng(self, part: str) -> random.Random:
        return random.Random(f"{self.seed}:{self.index}:{part}")

    @property
    def title(self) -> str:
        rng = self._rng("title")
        words = rng.choice(self.pool).rstrip(".؟!?").split()
        return " ".join(words[:rng.randint(*TITLE_WORDS)]).rstrip("،:؛")

    @property
    def lead(self) -> str:
        return self._rng("lead").choice(self.pool)

    @property
    def body(self) -> tuple[str, ...]:
        rng = self._rng("body")
        return tuple(" ".join(rng.choice(self.pool) for _ in range(rng.randint(*SENTENCES_PER_PARAGRAPH)))
                     for _ in range(rng.randint(*PARAGRAPHS)))

    @property
    def text(self) -> str:
        return "\n".join((self.lead, *self.body))


class SyntheticSite(PayamSite):
    """The ``synth`` site: Nastooh-style pages over generated articles."""

    def __init__(self, count: int, articles: Sequence[Article], *, seed: int, **kwargs: Any) -> None:
        self.count = count
        self.seed = seed
        self.pool = sentence_pool(articles)
        self._filter_cache: dict[tuple[str | None, str | None], list[Item]] = {}
        super().__init__(kwargs.pop("conf"), kwargs.pop("catalog"), (), **kwargs)
        self.index_of = {item.id: n for n, item in enumerate(self.items)}

    def build_items(self, articles: Sequence[Article]) -> list[Item]:
        newest = dt.datetime.combine(BASE_WEEK_START + self.shift + dt.timedelta(days=6), dt.time(22, 50), TEHRAN)
        sections = tuple(self.conf.menu) or ("news",)
        items = []
        for index in range(self.count):
            published = newest - dt.timedelta(minutes=MINUTES_APART * index)
            article = SyntheticArticle(index, self.seed, self.pool, sections, published)
            items.append(Item(article=article, published=published,  # type: ignore[arg-type]
                              num=9_000_000 + self.count - index, slug=slugify(article.title)))
        return items

    def homepage_top(self) -> list[Item]:
        return self.items[:TOP_BLOCK]

    def related(self, item: Item) -> list[Item]:
        n = self.index_of.get(item.id, 0)
        return [self.items[(n + k) % len(self.items)] for k in (1, 2, 3, 4) if len(self.items) > k]

    def filter_items(self, *, section: str | None = None, tag: str | None = None) -> list[Item]:
        """Section lists are cached: with many articles a scan per request would dominate."""
        key = (section, tag)
        if key not in self._filter_cache:
            self._filter_cache[key] = super().filter_items(section=section, tag=tag)
        return self._filter_cache[key]

    def routes_for(self, item: Item) -> list[str]:
        return ["homepage", "listing", "sitemap"] if item in self.homepage_top() else ["listing", "sitemap"]


def make_synthetic_site(count: int, articles: Sequence[Article], *, catalog: SiteCatalog, env: Environment,
                        shift: dt.timedelta, today: dt.date, seed: int = 1404, page_size: int = 10) -> SyntheticSite:
    """The ``synth`` site with ``count`` generated articles."""
    if count < 1:
        raise ValueError(f"synthetic article count must be positive, got {count}")
    conf = site_from_mapping(dict(_SYNTH_SITE), where="synthetic")
    return SyntheticSite(count, articles, seed=seed, conf=conf, catalog=catalog, shift=shift, today=today,
                         env=env, page_size=page_size)

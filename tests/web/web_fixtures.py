"""Dashboard test helpers: a coverage store filled through the store's own write functions, users, and
a logged-in HTTP client.

The week is the current Iranian week (``THIS``) and the one before it (``LAST``), so the overview's default
page shows them; every item of this week is published on its Saturday, so none lies in the future by more
than a few hours.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.orm import Session, sessionmaker

from digest.week import Week
from seda.config import Source
from seda.dates import TEHRAN, jalali_str, today_tehran
from seda.registry import Registry
from store.articles import ArticleData, CreditData, add_correction, set_classification, upsert_article
from store.catalog import sync_registry, sync_sources
from store.db import open_store, transaction
from store.runs import finish_run, record_placements, record_source_stats, start_run
from store.stories import assign_story
from web.users import add_user

SOURCES = [
    Source(id="payam", name="خبرگزاری پیام", kind="news_agency", level="national", homepage="http://payam.test/"),
    Source(id="baran", name="روزنامه باران", kind="newspaper", level="national", homepage="http://baran.test/"),
    Source(id="niroo", name="وزارت نیرو", kind="ministry", level="national", homepage="http://niroo.test/"),
    Source(id="aflak", name="پایگاه خبری افلاک لرستان", kind="provincial_outlet", level="provincial",
           homepage="http://aflak.test/"),
]
THIS = Week.of(today_tehran())
LAST = THIS.previous
PASSWORDS = {"vera": "viewer-pass-1234", "ali": "analyst-pass-1234", "ada": "admin-pass-12345"}
ROLES = {"vera": "viewer", "ali": "analyst", "ada": "admin"}
RELEASE = ("شرکت آب و فاضلاب استان لرستان از آغاز طرح آبرسانی به چهل روستای کوهدشت خبر داد و مدیرعامل این "
           "شرکت گفت با اجرای این طرح آب شرب پایدار هشت هزار نفر تأمین می‌شود و عملیات لوله‌گذاری تا پایان "
           "سال به پایان می‌رسد")
CREDIT = "به گزارش روابط عمومی شرکت آب و فاضلاب استان لرستان"


def at(week: Week, day: int = 0, hour: int = 1, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(week.start + datetime.timedelta(days=day), datetime.time(hour, minute),
                                     tzinfo=TEHRAN)


def jalali(day: datetime.date) -> str:
    """``1404-09-01`` (what a user types)."""
    return jalali_str(day, "-", "ascii")


@dataclass
class Filler:
    factory: sessionmaker[Session]
    ids: dict[str, int] = field(default_factory=dict)

    def item(self, name: str, source: str, published: datetime.datetime, *, agency: str | None = None,
             relevance: str = "about", score: float | None = None, kind: str = "news", title: str | None = None,
             text: str | None = None, credit_line: str | None = None, confidence: float = 0.9,
             needs_review: bool = False, mentioned: tuple[str, ...] = ()) -> int:
        title = title or f"خبر {name} درباره‌ی لرستان"
        text = text or (f"{title}. " + " ".join(f"واژه{name}{i}" for i in range(30)))
        credit_line = credit_line or (f"به گزارش روابط عمومی دستگاه {agency}" if agency else None)
        evidence = {"relevance": title, "agency": credit_line, "kind": None, "needs_review": needs_review,
                    "confidence": confidence if agency else 0.0}
        with transaction(self.factory) as s:
            aid, _ = upsert_article(s, ArticleData(url=f"http://{source}.test/news/{name}", source_id=source,
                                                   title=title, text=text, published=published))
            credits = [CreditData(agency, "source", confidence, credit_line, needs_review)] if agency else []
            credits += [CreditData(m, "mentioned") for m in mentioned]
            if score is None:
                score = 0.95 if relevance == "about" else 0.1
            set_classification(s, aid, relevance=relevance, score=score, kind=kind, evidence=evidence,
                               credits=credits, model_version="test")
            assign_story(s, aid)
        self.ids[name] = aid
        return aid

    def correct(self, name: str, field_name: str, value: str | None, author: str = "ali") -> None:
        with transaction(self.factory) as s:
            add_correction(s, self.ids[name], field_name, value, author=author, note="test")


def fill(factory: sessionmaker[Session]) -> Filler:
    f = Filler(factory)
    # --- this week: abfa 3 national (a1 and its copy a2 are one story), gas 1 (flagged for review)
    f.item("a1", "payam", at(THIS, 0, 0, 10), agency="abfa", title="آبرسانی به چهل روستای کوهدشت",
           text=f"{CREDIT}، {RELEASE}.", credit_line=CREDIT)
    f.item("a2", "baran", at(THIS, 0, 0, 40), agency="abfa", title="آغاز آبرسانی به روستاهای کوهدشت",
           text=f"{RELEASE} و اعتبار آن از محل منابع ملی است. {CREDIT}.", credit_line=CREDIT)
    f.item("a3", "niroo", at(THIS, 0, 1), agency="abfa", kind="interview", title="گفت‌وگو با مدیرعامل آبفای لرستان")
    f.item("a4", "payam", at(THIS, 0, 1, 20), agency="gas", kind="report", title="گزارش گازرسانی به روستاهای سلسله",
           confidence=0.45, needs_review=True)
    f.item("a5", "aflak", at(THIS, 0, 1, 30), agency="ostandari_lorestan", title="نشست شورای اداری استان در خرم‌آباد")
    f.item("a6", "payam", at(THIS, 0, 1, 40), score=0.55, title="بارش برف در ارتفاعات لرستان")
    f.item("a7", "baran", at(THIS, 0, 1, 50), relevance="none",
           title="كتابخانه‌هاي عمومي کشور نوسازي مي‌شوند",
           text="وزارت فرهنگ اعلام کرد كتابخانه‌هاي عمومي کشور تا پایان سال نوسازي مي‌شوند و اعتبار آن تأمين شده است.")
    f.item("a8", "baran", at(THIS, 0, 2), relevance="none", title="=HYPERLINK(\"http://evil.test\") فرمول در عنوان")
    f.item("a9", "payam", at(THIS, 0, 2, 10), relevance="mention", agency=None,
           title="<script>alert('x')</script> نمایشگاه کتاب")
    # --- last week: abfa 1, gas 2, tozi_bargh 1
    f.item("b1", "payam", at(LAST, 1), agency="abfa", title="بازسازی شبکه‌ی آب خرم‌آباد")
    f.item("b2", "payam", at(LAST, 2), agency="gas", title="گازرسانی به روستاهای دلفان")
    f.item("b3", "baran", at(LAST, 3), agency="gas", kind="interview", title="گفت‌وگو با مدیرعامل گاز لرستان")
    f.item("b4", "baran", at(LAST, 4), agency="tozi_bargh", title="نوسازی شبکه‌ی برق دورود")
    # --- five weeks ago, for the agency's timeline
    f.item("c1", "niroo", at(Week(THIS.start - datetime.timedelta(days=35)), 2), agency="abfa",
           title="طرح فاضلاب الیگودرز به نیمه رسید")
    with transaction(factory) as s:
        record_placements(s, "payam", [("http://payam.test/news/a1", "top", 1)], seen_at=at(THIS, 0, 1, 30))
        record_placements(s, "niroo", [("http://niroo.test/news/a3", "top", 1)], seen_at=at(THIS, 0, 1, 30))
        run = start_run(s, trigger="test")
        run.started_at = at(LAST, 6, 1, 30)
        for sid in ("payam", "baran", "niroo", "aflak"):
            record_source_stats(s, run.id, sid, requests=10, articles_new=3, articles_updated=0, errors={},
                                seconds=1.0, article_links=12)
        finish_run(s, run, "ok", {"requests": 40, "articles_new": 12}, [])
        run = start_run(s, trigger="test")
        run.started_at = at(THIS, 0, 1, 30)
        record_source_stats(s, run.id, "payam", requests=10, articles_new=4, articles_updated=0,
                            errors={"http_404": 1}, seconds=1.0, article_links=20)
        record_source_stats(s, run.id, "baran", requests=3, articles_new=0, articles_updated=0, errors={},
                            seconds=0.5, article_links=0,
                            warning="no article links found this run; the site may have been redesigned")
        finish_run(s, run, "partial", {"requests": 13, "articles_new": 4, "errors": 1},
                   ["baran: no article links found this run"])
    return f


def new_store(url: str, registry: Registry, users: bool = True) -> sessionmaker[Session]:
    factory = open_store(url)
    with transaction(factory) as s:
        sync_registry(s, registry)
        sync_sources(s, SOURCES)
        if users:
            for name, password in PASSWORDS.items():
                add_user(s, name, ROLES[name], password)
    return factory


def write_config(path: Path, db_url: str) -> Path:
    doc: dict[str, Any] = {
        "database": {"url": db_url},
        "sources": [{"id": s.id, "name": s.name, "kind": s.kind, "level": s.level, "homepage": s.homepage}
                    for s in SOURCES],
    }
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def csrf_of(html: str) -> str:
    m = _CSRF.search(html)
    assert m, "no CSRF token in the page"
    return m.group(1)


def login(client: Any, username: str, password: str | None = None) -> Any:
    """Log ``client`` in through the form; returns the response after the redirect."""
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"username": username, "password": password or PASSWORDS[username],
                                       "csrf": token, "next": "/"})


class FormControls(HTMLParser):
    """Collects form controls and labels, to check that every control is labelled."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self.html_attrs: dict[str, str | None] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.html_attrs = a
        elif tag == "label" and a.get("for"):
            self.label_for.add(str(a["for"]))
        elif tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit", "button"):
            self.controls.append({"tag": tag, **a})

    def unlabelled(self) -> list[dict[str, str | None]]:
        return [c for c in self.controls
                if not (c.get("aria-label") or c.get("aria-labelledby") or (c.get("id") in self.label_for))]

"""Digest test helpers: a coverage store filled through the store's own write functions, SMTP helpers.

``fill_week`` writes the hand-built week of 1–7 Azar 1404 (2025-11-22 … 2025-11-28) whose expected figures
are written out in test_digest_collect.py.
"""

from __future__ import annotations

import contextlib
import datetime
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from aiosmtpd.controller import Controller
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from seda.config import Config, Source, load_config
from seda.dates import TEHRAN
from seda.registry import Registry, load_registry
from store.articles import ArticleData, CreditData, add_correction, set_classification, upsert_article
from store.catalog import sync_registry, sync_sources
from store.db import open_store, transaction
from store.models import DigestRecord
from store.runs import finish_run, record_placements, record_source_stats, start_run
from store.stories import assign_story

SOURCES = [
    Source(id="payam", name="خبرگزاری پیام", kind="news_agency", level="national", homepage="http://payam.test/"),
    Source(id="baran", name="روزنامه باران", kind="newspaper", level="national", homepage="http://baran.test/"),
    Source(id="sepehr", name="خبرگزاری سپهر", kind="news_agency", level="national", homepage="http://sepehr.test/"),
    Source(id="niroo", name="وزارت نیرو", kind="ministry", level="national", homepage="http://niroo.test/"),
    Source(id="kar", name="وزارت تعاون، کار و رفاه اجتماعی", kind="ministry", level="national",
           homepage="http://kar.test/"),
    Source(id="aflak", name="پایگاه خبری افلاک لرستان", kind="provincial_outlet", level="provincial",
           homepage="http://aflak.test/"),
]
WEEK = datetime.date(2025, 11, 22)  # Saturday, 1 Azar 1404


def at(day: str, hm: str = "10:00") -> datetime.datetime:
    """An aware Tehran time: ``at("2025-11-22", "00:10")``."""
    return datetime.datetime.fromisoformat(f"{day}T{hm}").replace(tzinfo=TEHRAN)


@lru_cache(maxsize=1)
def _agency_names() -> dict[str, str]:
    return {a.id: a.name_fa for a in load_registry().agencies}


def agency_name(agency_id: str) -> str:
    return _agency_names().get(agency_id, agency_id)


@dataclass
class Filler:
    """Writes articles the way the crawler does: upsert, classification with credits, story, placements."""

    factory: sessionmaker[Session]
    counter: int = 0
    ids: dict[str, int] = field(default_factory=dict)

    def item(self, name: str, source: str, published: datetime.datetime, *, agency: str | None = None,
             relevance: str = "about", kind: str = "news", title: str | None = None, text: str | None = None,
             credit_line: str | None = None, mentioned: tuple[str, ...] = ()) -> int:
        """One article; ``text`` shared by two items makes them one story (syndicated copies)."""
        self.counter += 1
        title = title or f"خبر {name} درباره‌ی لرستان"
        # Distinct items get distinct words, so story clustering keeps them apart.
        text = text or (f"{title}. " + " ".join(f"واژه{name}{i}" for i in range(30)))
        credit_line = credit_line or (f"به گزارش روابط عمومی {agency_name(agency)}" if agency else None)
        # The relevance sentence: the classifier prefers one in the title.
        evidence = {"relevance": title, "agency": credit_line, "kind": None}
        with transaction(self.factory) as s:
            aid, _ = upsert_article(s, ArticleData(url=f"http://{source}.test/news/{name}", source_id=source,
                                                   title=title, text=text, published=published))
            credits = [CreditData(agency, "source", 0.9, credit_line)] if agency else []
            credits += [CreditData(m, "mentioned") for m in mentioned]
            set_classification(s, aid, relevance=relevance, score=0.9 if relevance == "about" else 0.2,
                               kind=kind, evidence=evidence, credits=credits, model_version="test")
            assign_story(s, aid)
        self.ids[name] = aid
        return aid

    def correct(self, name: str, field_name: str, value: str | None) -> None:
        with transaction(self.factory) as s:
            add_correction(s, self.ids[name], field_name, value, author="analyst", note="test")

    def placed(self, source: str, names: list[str], seen_at: datetime.datetime) -> None:
        """A homepage snapshot of ``source`` showing the items ``names`` (by their URLs)."""
        with transaction(self.factory) as s:
            urls = []
            for n in names:
                src = n.split(":")[0] if ":" in n else None
                urls.append(f"http://{src}.test/news/{n.split(':')[1]}" if src else n)
            record_placements(s, source, [(u, "top", i + 1) for i, u in enumerate(urls)], seen_at=seen_at)

    def run(self, started: datetime.datetime, status: str, warnings: list[str],
            per_source: dict[str, tuple[int, int]]) -> int:
        """A finished crawl run; ``per_source``: source → (articles new, article links)."""
        with transaction(self.factory) as s:
            run = start_run(s, trigger="test")
            run.started_at = started
            for sid, (new, links) in per_source.items():
                record_source_stats(s, run.id, sid, requests=10, articles_new=new, articles_updated=0,
                                    errors={}, seconds=1.0, article_links=links)
            finish_run(s, run, status, {"requests": 10}, warnings)
            return run.id


def new_store(url: str, registry: Registry) -> sessionmaker[Session]:
    factory = open_store(url)
    with transaction(factory) as s:
        sync_registry(s, registry)
        sync_sources(s, SOURCES)
    return factory


def fill_week(factory: sessionmaker[Session]) -> Filler:
    """The hand-built week (see test_digest_collect.py for the expected figures)."""
    f = Filler(factory)
    release = ("شرکت آب و فاضلاب استان لرستان از آغاز طرح آبرسانی به چهل روستای کوهدشت خبر داد و "
               "مدیرعامل این شرکت گفت با اجرای این طرح آب شرب پایدار هشت هزار نفر تأمین می‌شود و "
               "عملیات لوله‌گذاری تا پایان سال به پایان می‌رسد")
    # --- the previous week (15–21 Nov): abfa 1, gas 2, tozi_bargh 1
    # the last minutes of the previous week
    f.item("p1", "payam", at("2025-11-21", "23:30"), agency="abfa", title="بازسازی شبکه‌ی آب خرم‌آباد")
    f.item("p2", "payam", at("2025-11-17"), agency="gas", title="گازرسانی به روستاهای سلسله")
    f.item("p3", "baran", at("2025-11-18"), agency="gas", kind="interview",
           title="گفت‌وگو با مدیرعامل گاز لرستان")
    f.item("p4", "baran", at("2025-11-19"), agency="tozi_bargh", title="نوسازی شبکه‌ی برق دورود")
    # --- the week (22–28 Nov)
    f.item("a1", "payam", at("2025-11-22", "00:10"), agency="abfa", title="آبرسانی به چهل روستای کوهدشت",
           text=release, credit_line="به گزارش روابط عمومی شرکت آب و فاضلاب استان لرستان")
    f.item("a2", "baran", at("2025-11-23", "09:00"), agency="abfa", title="آغاز آبرسانی به روستاهای کوهدشت",
           text=release + " و اعتبار آن از محل منابع ملی است")  # a syndicated copy: the same story
    f.item("a3", "niroo", at("2025-11-24", "11:00"), agency="abfa", kind="interview",
           title="گفت‌وگو با مدیرعامل آبفای لرستان")
    f.item("a4", "payam", at("2025-11-25"), agency="ab_mantaghei", kind="report",
           title="گزارش برق‌رسانی به روستاهای پلدختر")
    f.correct("a4", "agency", "tozi_bargh")  # the analyst moves it to another agency
    f.item("a5", "aflak", at("2025-11-26"), agency="ostandari_lorestan",
           title="نشست شورای اداری استان در خرم‌آباد")  # provincial: not in the scorecard
    f.item("a6", "payam", at("2025-11-26"), agency="behzisti", relevance="mention",
           title="افتتاح مرکز توانبخشی در بروجرد")  # only a mention
    f.item("a7", "payam", at("2025-11-27"), relevance="none", title="امدادرسانی هلال احمر در سیلاب")
    f.correct("a7", "relevance", "about")  # the model missed it ...
    f.correct("a7", "agency", "helal_ahmar")  # ... and its credit
    f.item("a8", "kar", at("2025-11-24"), agency="taavon_kar", title="بیمه‌ی قالیبافان لرستان")
    f.correct("a8", "relevance", "mention")
    f.correct("a8", "relevance", "none")  # the latest correction wins
    f.item("a9", "payam", at("2025-11-28", "23:50"), agency="abfa", kind="report",
           title="گزارش پیشرفت طرح فاضلاب الیگودرز")  # last minutes of the week
    f.item("a10", "payam", at("2025-11-26"), title="بارش برف در ارتفاعات لرستان")  # about, credited to nobody
    f.item("a11", "baran", at("2025-11-25"), agency="press_house",
           title="نشست خبری خانه‌ی مطبوعات لرستان")  # a speaker, not an agency
    f.item("n1", "payam", at("2025-11-29", "00:05"), agency="abfa",
           title="آغاز طرح آبرسانی ازنا")  # the next week
    # --- homepage snapshots
    f.placed("payam", ["payam:a1"], at("2025-11-22", "01:30"))
    f.placed("payam", ["payam:a1"], at("2025-11-23", "01:30"))  # the same placement seen twice
    f.placed("niroo", ["niroo:a3"], at("2025-11-24", "13:00"))
    f.placed("niroo", ["niroo:a3"], at("2025-11-25", "01:30"))
    f.placed("payam", ["payam:a4"], at("2025-11-29", "01:30"))  # the Saturday after: within the grace day
    f.placed("kar", ["kar:a8"], at("2025-11-24", "13:00"))  # an item corrected away: not counted
    f.placed("payam", ["payam:a9"], at("2025-11-30", "01:30"))  # too late to count for the week
    # --- crawl runs
    f.run(at("2025-11-22", "01:30"), "ok", [], {"payam": (2, 40), "baran": (1, 12), "sepehr": (0, 0),
                                                "niroo": (1, 5), "kar": (1, 4), "aflak": (1, 9)})
    f.run(at("2025-11-26", "01:30"), "partial", ["sepehr: no article links found this run (an earlier run found "
                                                 "many); the site may have been redesigned"],
          {"payam": (3, 41), "sepehr": (0, 0)})
    f.run(at("2025-11-19", "01:30"), "failed", ["old run of the previous week"], {"payam": (0, 0)})
    return f


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_config(tmp_path: Path, db_url: str, *, port: int, security: str = "none", username: str = "",
                 password_env: str = "SEDA_SMTP_PASSWORD", recipients: list[str] | None = None) -> Config:
    doc: dict[str, Any] = {
        "database": {"url": db_url},
        "digest": {"sender": "seda@lorestan.example", "subject": "صدا | گزارش هفتگی",
                   "recipients": ["pr-council@lorestan.example", "deputy@lorestan.example"]
                   if recipients is None else recipients,
                   "smtp": {"host": "127.0.0.1", "port": port, "security": security, "username": username,
                            "password_env": password_env, "timeout_seconds": 5}},
        "sources": [{"id": s.id, "name": s.name, "kind": s.kind, "level": s.level, "homepage": s.homepage}
                    for s in SOURCES],
    }
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return load_config(path, env={})


class DroppingServer:
    """A server that greets like SMTP, reads one command and hangs up: a connection dropped mid-session."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = int(self.sock.getsockname()[1])
        self.connections = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._stop = False

    def _serve(self) -> None:
        self.sock.settimeout(0.1)  # so that __exit__ is not left waiting in accept()
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                self.connections += 1
                conn.sendall(b"220 dropping.test ESMTP\r\n")
                conn.settimeout(5)
                with contextlib.suppress(OSError):
                    conn.recv(1024)

    def __enter__(self) -> DroppingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop = True
        self._thread.join(timeout=5)
        self.sock.close()


class Recorder:
    """An aiosmtpd handler that keeps what it receives; ``refuse_data``/``refuse_rcpt`` make it say no."""

    def __init__(self, refuse_data: str | None = None, refuse_rcpt: dict[str, str] | None = None) -> None:
        self.refuse_data = refuse_data
        self.refuse_rcpt = refuse_rcpt or {}
        self.envelopes: list[Any] = []
        self.data_calls = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        if address in self.refuse_rcpt:
            return self.refuse_rcpt[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.data_calls += 1
        if self.refuse_data:
            return self.refuse_data
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@contextmanager
def serve(handler: Recorder, **kwargs: Any) -> Iterator[tuple[Recorder, int]]:
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def record(factory: sessionmaker[Session]) -> DigestRecord | None:
    with transaction(factory) as s:
        return s.scalars(select(DigestRecord).where(DigestRecord.week_start == WEEK)).first()

"""Distributed crawls on real Redis (127.0.0.1:6379): a coordinator and `seda crawl --worker` processes on the
demo web store what one process stores, fetch nothing twice, and survive a worker killed mid-source."""

from __future__ import annotations

import json
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from sqlalchemy import select

from seda.config import ConfigError, parse_config
from store.db import open_store, transaction
from store.models import Article, CrawlRun, RawPage, SourceRunStats

pytest.importorskip("rq", reason="the `distributed` extra (rq) is not installed")
import redis  # noqa: E402 - after the skip: redis comes with rq

SEDA = str(Path(sys.executable).parent / "seda")
REDIS_URL = "redis://127.0.0.1:6379/0"
# Bounds on waits, far above what the demo web needs (a source takes 3-10 s), so a hang fails instead.
RUN_TIMEOUT = 240


@pytest.fixture(scope="module")
def conn() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis is not reachable on 127.0.0.1:6379 ({exc}); the distributed-crawl tests need it")
    return client


@pytest.fixture
def queue(conn: redis.Redis) -> Iterator[str]:
    """A queue name of this test's own; every key that names it is removed afterwards."""
    name = f"t{uuid.uuid4().hex[:12]}"
    yield name
    keys = list(conn.scan_iter(match=f"*{name}*"))
    if keys:
        conn.delete(*keys)


class Hits:
    """Requests the demo web answered, by (site, method, path?query), counted in the server itself."""

    def __init__(self, web: Any) -> None:
        self.counts: Counter[tuple[str, str, str]] = Counter()
        # (site, paths, how many of them to answer): the rest wait for `release`
        self.hold: tuple[str, set[str], int] | None = None
        self.released = threading.Event()
        self.lock = threading.Lock()
        for sid in web.sites:
            site = web.site(sid)
            site.handle = self._counting(sid, site.handle)

    def _counting(self, sid: str, handle: Any) -> Any:
        def counted(request: Any) -> Any:
            key = (sid, request.method, f"{request.path}?{request.query_string}")
            with self.lock:
                self.counts[key] += 1
                held = self.hold is not None and sid == self.hold[0] and key[2] in self.hold[1]
                if held:
                    held = sum(self.counts[(sid, "GET", p)] for p in self.hold[1]) > self.hold[2]
            if held:
                self.released.wait(timeout=RUN_TIMEOUT)
            return handle(request)
        return counted

    def hold_after(self, site: str, paths: set[str], answered: int) -> None:
        self.released.clear()
        self.hold = (site, paths, answered)

    def release(self) -> None:
        self.hold = None
        self.released.set()

    def take(self) -> Counter[tuple[str, str, str]]:
        with self.lock:
            counts, self.counts = self.counts, Counter()
        return counts


@pytest.fixture(scope="module")
def hits(demo_web: Any) -> Hits:
    return Hits(demo_web)


def _config(path: Path, web: Any, db: Path, queue: str, crawl: dict[str, Any] | None = None,
            **distributed: Any) -> Path:
    settings = {"max_age_days": 60, "download_delay": 0.0, "concurrent_per_domain": 8, "timeout_seconds": 8,
                "retries": 2, "contact": "tests@localhost", "autothrottle": False, **(crawl or {})}
    path.write_text(yaml.safe_dump({
        "database": {"url": f"sqlite:///{db}"}, "crawl": settings, "sources": web.sources(),
        "distributed": {"redis_url": REDIS_URL, "queue": queue, **distributed}}, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def baseline(demo_web: Any, hits: Hits, tmp_path_factory: pytest.TempPathFactory, registry: Any) -> dict[str, Any]:
    """The single-process crawl of the whole demo web that the distributed ones must equal."""
    from crawler.run import run_crawl
    from seda.config import load_config
    from store.catalog import sync_registry, sync_sources

    tmp = tmp_path_factory.mktemp("single")
    cfg = load_config(_config(tmp / "config.yaml", demo_web, tmp / "seda.db", "unused"), env={})
    factory = open_store(cfg.database.url)
    with transaction(factory) as s:
        sync_registry(s, registry)
        sync_sources(s, cfg.sources)
    demo_web.reset()
    hits.take()
    started = time.monotonic()
    stats = run_crawl(cfg, factory, registry, trigger="test")
    assert stats["status"] == "ok", stats
    return {"stats": stats, "hits": hits.take(), "seconds": time.monotonic() - started, **_stored(factory)}


def _stored(factory: Any) -> dict[str, Any]:
    with transaction(factory) as s:
        articles = {url: sid for url, sid in s.execute(select(Article.url, Article.source_id))}
        raw = Counter(sid for (sid,) in s.execute(select(RawPage.source_id)))
        runs = list(s.scalars(select(CrawlRun)))
        source_rows = {r.source_id: r for r in s.scalars(select(SourceRunStats))}
    return {"articles": articles, "raw_pages": raw, "runs": runs, "source_rows": source_rows}


_started: list[subprocess.Popen[bytes]] = []


@pytest.fixture(autouse=True)
def _no_process_left() -> Iterator[None]:
    """A failing test leaves no coordinator or worker running (a worker's crawl goes with it)."""
    yield
    while _started:
        proc = _started.pop()
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _start(config: Path, *args: str, log: Path) -> subprocess.Popen[bytes]:
    with open(log, "wb") as out:
        proc = subprocess.Popen([SEDA, "--config", str(config), "crawl", *args, "-v"], stdout=out,
                                stderr=subprocess.STDOUT)
    _started.append(proc)
    return proc


def _wait_for_run(conn: redis.Redis, queue: str, coordinator: subprocess.Popen[bytes]) -> None:
    """Until the coordinator has queued its tasks (burst workers started before would find nothing)."""
    deadline = time.monotonic() + 60
    while not conn.smembers(f"seda:{queue}:runs"):
        assert coordinator.poll() is None, "the coordinator ended before queueing its run"
        assert time.monotonic() < deadline, "the coordinator queued nothing"
        time.sleep(0.1)


def _finish(proc: subprocess.Popen[bytes], log: Path) -> str:
    try:
        proc.wait(timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError(f"{' '.join(map(str, proc.args))} did not end:\n{log.read_text()[-3000:]}") from None
    text = log.read_text(encoding="utf-8", errors="replace")
    assert proc.returncode == 0, text[-3000:]
    return text


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# --- the crawls -------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_two_workers_store_what_one_process_stores(demo_web: Any, hits: Hits, baseline: dict[str, Any],
                                                   conn: redis.Redis, queue: str, tmp_path: Path) -> None:
    config = _config(tmp_path / "config.yaml", demo_web, tmp_path / "seda.db", queue)
    demo_web.reset()
    hits.take()
    started = time.monotonic()
    coordinator = _start(config, "--distributed", log=tmp_path / "coordinator.log")
    _wait_for_run(conn, queue, coordinator)
    workers = [_start(config, "--worker", "--burst", log=tmp_path / f"worker{i}.log") for i in (1, 2)]
    summary = _finish(coordinator, tmp_path / "coordinator.log")
    for i, w in enumerate(workers, 1):
        _finish(w, tmp_path / f"worker{i}.log")
    seconds = time.monotonic() - started
    print(f"distributed crawl, 2 workers: {seconds:.1f} s; single process: {baseline['seconds']:.1f} s")

    got = _stored(open_store(f"sqlite:///{tmp_path / 'seda.db'}"))
    # the same articles, each stored once
    assert got["articles"] == baseline["articles"]
    assert got["raw_pages"] == baseline["raw_pages"]
    # no page fetched twice: nothing was answered more often than to the single process (a listing page that
    # one process did not ask for at all, its trap limits having met the pages in another order, at most once)
    got_hits = hits.take()
    twice = {k: (n, baseline["hits"][k]) for k, n in got_hits.items() if n > max(1, baseline["hits"][k])}
    assert not twice, f"fetched more often than by one process: {twice}"

    # the run: closed ok by the coordinator, with every source's figures, each source crawled by one worker
    (run,) = got["runs"]
    assert run.status == "ok", run.warnings
    sources = {s["id"] for s in demo_web.sources()}
    assert set(run.stats["per_source"]) == sources == set(got["source_rows"])
    for sid in sources:
        requests, single = run.stats["per_source"][sid]["requests"], baseline["stats"]["per_source"][sid]["requests"]
        assert got["source_rows"][sid].requests == requests
        # the source's figures count what its site served as one process counts it (retried 500s are not
        # counted, in both), so no two workers counted the same site
        served = sum(n for k, n in got_hits.items() if k[0] == sid)
        served_single = sum(n for k, n in baseline["hits"].items() if k[0] == sid)
        assert served - requests == served_single - single, (sid, served, requests, served_single, single)
        assert abs(requests - single) <= max(3, single // 10), (sid, requests, single)
    assert run.stats["articles_new"] == len(baseline["articles"])
    crawled_by = run.stats["distributed"]["sources"]
    assert all(len(crawled_by[sid]["workers"]) == 1 and crawled_by[sid]["attempts"] == 1 for sid in sources), crawled_by
    assert len({crawled_by[sid]["workers"][0] for sid in sources}) == 2  # both workers took sources
    # the coordinator printed the summary `seda crawl` prints
    assert f"run {run.id} ok: " in summary and all(f"  {sid} " in summary for sid in sources)
    # and left nothing in Redis
    assert _left(conn, queue) == []


@pytest.mark.slow
def test_a_killed_workers_source_is_taken_over(demo_web: Any, hits: Hits, baseline: dict[str, Any],
                                               conn: redis.Redis, queue: str, tmp_path: Path) -> None:
    victim, other = "payam", "niroo"  # payam has the most pages
    # held pages must not time out before the kill (tests/crawler/conftest.py's 8 s)
    config = _config(tmp_path / "config.yaml", demo_web, tmp_path / "seda.db", queue, crawl={"timeout_seconds": 60},
                     dead_worker_seconds=6)
    db = f"sqlite:///{tmp_path / 'seda.db'}"
    demo_web.reset()
    hits.take()
    # the victim's site answers five article pages, then keeps the others waiting until the kill: the kill
    # lands in the middle of the crawl, after some articles are stored and before the others are
    hits.hold_after(victim, {_path(url) for url in _baseline_of(baseline, victim)}, 5)
    try:
        started = time.monotonic()
        coordinator = _start(config, "--distributed", "--source", victim, "--source", other,
                             log=tmp_path / "coordinator.log")
        _wait_for_run(conn, queue, coordinator)
        workers = {}
        for i in (1, 2):
            w = _start(config, "--worker", "--burst", log=tmp_path / f"worker{i}.log")
            workers[w.pid] = (w, tmp_path / f"worker{i}.log")
        # once the victim's worker has stored a few articles, kill that worker outright
        run_id = next(iter(conn.smembers(f"seda:{queue}:runs"))).decode().rsplit("-", 1)[1]
        figures = f"seda:{queue}:run:{run_id}:figures:{victim}"
        deadline = time.monotonic() + 90
        while not (conn.hlen(figures) and len(_articles(db, victim)) >= 2):
            assert time.monotonic() < deadline, "the victim was not crawled"
            time.sleep(0.05)
        (attempt,) = (json.loads(v) for v in conn.hvals(figures))
        killed, _ = workers.pop(int(attempt["worker"].split("-")[-2]))
        (survivor, survivor_log), = workers.values()
        doomed = _descendants(killed.pid)
        assert doomed, "a busy worker has a task process and a crawl process"
        killed.send_signal(signal.SIGKILL)
        killed.wait()
        # the dead worker's task and crawl processes go with it: nobody goes on crawling the victim
        deadline = time.monotonic() + 10
        while any(_alive(p) for p in doomed):
            assert time.monotonic() < deadline, [p for p in doomed if _alive(p)]
            time.sleep(0.1)
    finally:
        hits.release()
    stored_before = _articles(db, victim)
    print(f"killed after {len(stored_before)} of the victim's {len(_baseline_of(baseline, victim))} articles")
    _finish(coordinator, tmp_path / "coordinator.log")
    _finish(survivor, survivor_log)
    print(f"distributed crawl with a worker killed: {time.monotonic() - started:.1f} s")

    got = _stored(open_store(db))
    expected = {url: sid for url, sid in baseline["articles"].items() if sid in (victim, other)}
    assert got["articles"] == expected  # nothing lost, nothing doubled
    (run,) = got["runs"]
    assert run.status == "ok", run.warnings
    assert set(run.stats["per_source"]) == {victim, other} == set(got["source_rows"])
    crawled = run.stats["distributed"]["sources"]
    host = socket.gethostname()
    assert crawled[victim]["attempts"] == 2, (crawled, killed.pid, survivor.pid, _logs(tmp_path))
    assert crawled[victim]["workers"][0].startswith(f"{host}-{killed.pid}-")
    assert crawled[victim]["workers"][1].startswith(f"{host}-{survivor.pid}-")
    assert crawled[other]["workers"][0].startswith(f"{host}-{survivor.pid}-")
    assert any(w.startswith(f"{victim}: crawled in 2 attempts") for w in run.warnings), run.warnings
    # the retry skipped what the dead worker had stored, as a nightly run skips what earlier runs stored:
    # fetched again are only articles a feed or sitemap says changed since (`seda crawl` run 2 does the same)
    victim_stats = run.stats["per_source"][victim]
    assert victim_stats["skipped"].get("known", 0) >= len(stored_before), victim_stats
    got_hits = hits.take()
    refetched = [url for url in stored_before if got_hits[(victim, "GET", _path(url))] > 1]
    assert len(refetched) <= 2, refetched
    assert _left(conn, queue) == []


def _left(conn: redis.Redis, queue: str) -> list[bytes]:
    """Keys of the run left in Redis that would stay there (RQ may note a task it saw a moment after the
    coordinator cleaned up, in keys that expire within a day)."""
    return [k for k in conn.scan_iter(match=f"*{queue}*") if conn.ttl(k) == -1]


def _logs(folder: Path) -> str:
    return "\n".join(f"--- {p.name}\n" + "\n".join(line for line in p.read_text().splitlines()
                                                  if "crawler" in line or "rq." in line)
                     for p in sorted(folder.glob("*.log")))


def _articles(db: str, source_id: str) -> set[str]:
    with closing(sqlite3.connect(db.removeprefix("sqlite:///"), timeout=30)) as c:  # a cheap look, while workers write
        return {url for (url,) in c.execute("SELECT url FROM articles WHERE source_id = ?", (source_id,))}


def _baseline_of(baseline: dict[str, Any], source_id: str) -> set[str]:
    return {url for url, sid in baseline["articles"].items() if sid == source_id}


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{unquote(parts.path)}?{parts.query}"


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_stopped_coordinator_closes_its_run_and_clears_redis(conn: redis.Redis, queue: str, tmp_path: Path,
                                                               signum: int) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump({
        "database": {"url": f"sqlite:///{tmp_path / 'seda.db'}"},
        "distributed": {"redis_url": REDIS_URL, "queue": queue},
        "sources": [{"id": "a", "name": "n", "kind": "other", "level": "national", "homepage": "http://127.0.0.1:9/"}],
    }), encoding="utf-8")
    coordinator = _start(config, "--distributed", log=tmp_path / "coordinator.log")
    _wait_for_run(conn, queue, coordinator)  # no worker runs: its task waits
    coordinator.send_signal(signum)
    assert coordinator.wait(timeout=60) == 130, (tmp_path / "coordinator.log").read_text()
    with transaction(open_store(f"sqlite:///{tmp_path / 'seda.db'}")) as s:
        (run,) = s.scalars(select(CrawlRun))
        assert (run.status, run.warnings) == ("interrupted", ["a: not crawled to the end: the coordinator was stopped"])
    assert _left(conn, queue) == []


def test_a_worker_on_another_database_refuses_the_task(conn: redis.Redis, queue: str, tmp_path: Path) -> None:
    def config(name: str) -> Path:
        path = tmp_path / f"{name}.yaml"
        path.write_text(yaml.safe_dump({
            "database": {"url": f"sqlite:///{tmp_path / name}.db"},
            "distributed": {"redis_url": REDIS_URL, "queue": queue, "task_retries": 1},
            "sources": [{"id": "a", "name": "n", "kind": "other", "level": "national",
                         "homepage": "http://127.0.0.1:9/"}],
        }), encoding="utf-8")
        return path

    coordinator = _start(config("coordinator"), "--distributed", log=tmp_path / "coordinator.log")
    _wait_for_run(conn, queue, coordinator)
    worker = _start(config("elsewhere"), "--worker", "--burst", log=tmp_path / "worker.log")
    assert coordinator.wait(timeout=RUN_TIMEOUT) == 1
    assert worker.wait(timeout=RUN_TIMEOUT) == 0
    out = (tmp_path / "coordinator.log").read_text()
    assert "run 1 failed: " in out
    assert "warning: a: not crawled to the end: run 1 is not in this worker's database" in out, out[-2000:]
    assert _left(conn, queue) == []


# --- without a crawl --------------------------------------------------------------------------------------


def test_unreachable_redis_is_one_line_and_opens_no_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from seda.cli import main

    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump({
        "database": {"url": f"sqlite:///{tmp_path / 'seda.db'}"},
        "distributed": {"redis_url": "redis://127.0.0.1:1/0"},
        "sources": [{"id": "a", "name": "n", "kind": "other", "level": "national", "homepage": "http://127.0.0.1:9/"}],
    }), encoding="utf-8")
    for role in ("--distributed", "--worker"):
        assert main(["--config", str(config), "crawl", role]) == 1
        err = capsys.readouterr().err.strip()
        assert err.startswith("seda: error: cannot reach Redis at redis://127.0.0.1:1/0") and "\n" not in err, err
    with transaction(open_store(f"sqlite:///{tmp_path / 'seda.db'}")) as s:
        assert list(s.scalars(select(CrawlRun))) == []


@pytest.mark.parametrize("args", [["--worker", "--distributed"], ["--burst"], ["--worker", "--source", "a"]])
def test_role_flags_that_do_not_go_together(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from seda.cli import main

    assert main(["crawl", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("seda: error: ") and "\n" not in err, err


def test_distributed_settings_have_defaults_and_are_checked() -> None:
    d = parse_config("").distributed
    assert (d.redis_url, d.queue, d.task_timeout_minutes) == ("redis://127.0.0.1:6379/0", "seda", 60)
    assert parse_config("distributed: {queue: night-1, dead_worker_seconds: 30}").distributed.dead_worker_seconds == 30
    for text, message in [("distributed: {redis_url: 'http://x'}", "not a Redis URL"),
                          ("distributed: {queue: 'a b'}", "distributed.queue"),
                          ("distributed: {task_timeout_minutes: 0}", "task_timeout_minutes"),
                          ("distributed: {dead_worker_seconds: 1}", "dead_worker_seconds"),
                          ("distributed: {workers: 3}", "unknown key 'workers'")]:
        with pytest.raises(ConfigError, match=message):
            parse_config(text)


@pytest.mark.parametrize(("attempts", "expected"), [
    ([], {"requests": 0, "articles_new": 0, "article_links": 0, "errors": {}, "skipped": {}}),
    ([{"requests": 10, "articles_new": 4, "article_links": 9, "errors": {"timeout": 1}, "skipped": {}, "seconds": 2}],
     {"requests": 10, "articles_new": 4, "article_links": 9, "errors": {"timeout": 1}, "skipped": {}}),
    # a dead attempt and its retry: work adds up, links found are the most either found
    ([{"requests": 10, "articles_new": 4, "article_links": 9, "errors": {"timeout": 1}, "skipped": {}, "seconds": 2},
      {"requests": 7, "articles_new": 5, "article_links": 12, "errors": {"timeout": 2}, "skipped": {"known": 4},
       "seconds": 3}],
     {"requests": 17, "articles_new": 9, "article_links": 12, "errors": {"timeout": 3}, "skipped": {"known": 4}}),
])
def test_a_sources_figures_add_up_its_attempts(attempts: list[dict[str, Any]], expected: dict[str, Any]) -> None:
    from crawler.distributed import merge_attempts

    figures = merge_attempts("payam", attempts).as_dict()
    assert {k: figures[k] for k in expected} == expected
    assert figures["seconds"] == sum(a["seconds"] for a in attempts)

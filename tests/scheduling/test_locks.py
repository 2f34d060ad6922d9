"""store/locks.py: one holder at a time, across processes; SQLite expiry take-over; PostgreSQL drops the
lock of a holder whose connection died."""

from __future__ import annotations

import datetime
import multiprocessing
import os
import signal
import socket
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from schedhelp import hold_lock, try_lock
from seda.errors import SedaError
from store.db import make_engine, open_store
from store.locks import LockBusy, crawl_lock, holder_is_dead, lock_key
from store.models import Lock

SPAWN = multiprocessing.get_context("spawn")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    factory = open_store(db_url)
    engine = factory.kw["bind"]
    yield engine
    engine.dispose()


def test_second_acquisition_fails_while_held(engine: Engine) -> None:
    with crawl_lock(engine) as owner:
        assert str(os.getpid()) in owner
        with pytest.raises(LockBusy) as info:
            with crawl_lock(engine):
                pytest.fail("two holders of one lock")
        assert isinstance(info.value, SedaError)
        assert str(info.value).startswith("another crawl is running (lock 'crawl' held by ")
        assert "\n" not in str(info.value)
        with crawl_lock(engine, "digest"):  # other names are other locks
            pass
    with crawl_lock(engine):  # released on exit
        pass


def test_released_when_the_block_raises(engine: Engine) -> None:
    with pytest.raises(RuntimeError):
        with crawl_lock(engine):
            raise RuntimeError("crawl broke")
    with crawl_lock(engine):
        pass


def test_a_sessionmaker_works_too(db_url: str) -> None:
    factory = open_store(db_url)
    with crawl_lock(factory):
        with pytest.raises(LockBusy):
            with crawl_lock(factory.kw["bind"]):
                pass
    factory.kw["bind"].dispose()


def test_another_process_is_refused_while_held_and_served_after(engine: Engine, db_url: str) -> None:
    held, release = SPAWN.Event(), SPAWN.Event()
    holder = SPAWN.Process(target=hold_lock, args=(db_url, "crawl", 600, held, release))
    holder.start()
    try:
        assert held.wait(60), "the holder process never took the lock"
        with pytest.raises(LockBusy, match=rf"held by .*:{holder.pid}:"):
            with crawl_lock(engine):
                pass
        results = SPAWN.Queue()
        other = SPAWN.Process(target=try_lock, args=(db_url, "crawl", results))  # a third process
        other.start()
        assert results.get(timeout=60).startswith("busy: another crawl is running")
        other.join(30)
    finally:
        release.set()
        holder.join(30)
    assert holder.exitcode == 0
    with crawl_lock(engine):
        pass


def test_sqlite_expired_lock_is_taken_over(tmp_path, caplog: pytest.LogCaptureFixture) -> None:
    url = f"sqlite:///{tmp_path / 'seda.db'}"
    engine = open_store(url).kw["bind"]
    now = datetime.datetime.now(datetime.UTC)
    with Session(engine) as session, session.begin():  # a holder on another machine that stopped renewing
        session.add(Lock(name="crawl", owner="crawler-2:4242:abcd", acquired_at=now - datetime.timedelta(hours=1),
                         expires_at=now + datetime.timedelta(seconds=1.5)))
    with pytest.raises(LockBusy, match=r"held by crawler-2:4242:abcd since .* UTC, expires .* unless renewed"):
        with crawl_lock(engine):
            pass
    time.sleep(2.0)
    with crawl_lock(engine) as owner:
        with engine.connect() as conn:
            assert conn.execute(select(Lock.owner)).scalar_one() == owner
    assert "took over the lock of crawler-2:4242:abcd, never released (it expired" in caplog.text
    with engine.connect() as conn:
        assert conn.execute(select(Lock)).first() is None  # released
    engine.dispose()


def test_sqlite_lock_of_a_dead_local_process_is_taken_over_at_once(tmp_path,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    url = f"sqlite:///{tmp_path / 'seda.db'}"
    engine = open_store(url).kw["bind"]
    held, release = SPAWN.Event(), SPAWN.Event()
    holder = SPAWN.Process(target=hold_lock, args=(url, "crawl", 600, held, release))
    holder.start()
    assert held.wait(60)
    with pytest.raises(LockBusy):  # alive: refused
        with crawl_lock(engine):
            pass
    os.kill(holder.pid, signal.SIGKILL)  # dies without releasing: its row stays, valid for ten minutes
    holder.join(10)
    with engine.connect() as conn:
        assert conn.execute(select(Lock.owner)).scalar_one().split(":")[1] == str(holder.pid)
    with crawl_lock(engine):  # but its process is gone, so the row is stale now
        pass
    assert "never released (its process is gone)" in caplog.text
    engine.dispose()


@pytest.mark.parametrize(("owner", "dead"), [
    ("elsewhere:1:x", False),             # another machine: only the expiry can tell
    (f"{socket.gethostname()}:{os.getpid()}:x", False),  # this very process
    (f"{socket.gethostname()}:1:x", False),  # init: alive, not ours to signal
    ("garbage", False),
])
def test_holder_liveness(owner: str, dead: bool) -> None:
    assert holder_is_dead(owner) is dead


def test_sqlite_live_holder_renews_its_lock(tmp_path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'seda.db'}").kw["bind"]
    with crawl_lock(engine, ttl=datetime.timedelta(seconds=0.6)):
        time.sleep(1.5)  # well past the first expiry: the heartbeat pushed it forward
        with pytest.raises(LockBusy):
            with crawl_lock(engine):
                pass
    engine.dispose()


@pytest.mark.postgres
def test_postgres_lock_dies_with_the_holders_connection(pg_url: str) -> None:
    engine = make_engine(pg_url)
    held, release = SPAWN.Event(), SPAWN.Event()
    holder = SPAWN.Process(target=hold_lock, args=(pg_url, "crawl", 600, held, release))
    holder.start()
    assert held.wait(60)
    with pytest.raises(LockBusy, match=rf"held by .*:{holder.pid}:.*PostgreSQL backend \d+"):
        with crawl_lock(engine):
            pass
    os.kill(holder.pid, signal.SIGKILL)  # no release, no unlock: only the dead connection
    holder.join(10)
    deadline = time.monotonic() + 15
    while True:
        try:
            with crawl_lock(engine):
                break
        except LockBusy:
            assert time.monotonic() < deadline, "the server kept the dead holder's lock"
            time.sleep(0.2)
    engine.dispose()


@pytest.mark.postgres
def test_postgres_lock_released_when_the_server_ends_the_session(pg_url: str,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    engine = make_engine(pg_url)
    other = make_engine(pg_url)
    with crawl_lock(engine):
        with other.connect() as conn:
            pid = conn.execute(text(
                "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 "
                "AND classid = CAST(:hi AS oid) AND objid = CAST(:lo AS oid)"),
                {"hi": (lock_key("crawl") >> 32) & 0xFFFFFFFF, "lo": lock_key("crawl") & 0xFFFFFFFF}).scalar_one()
            conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
            conn.commit()
        time.sleep(0.5)
        with crawl_lock(other):  # free although our block still runs
            pass
    assert "connection lost while held" in caplog.text  # the release noticed, and did not crash
    with crawl_lock(engine):  # the pool did not keep the dead connection
        pass
    engine.dispose()
    other.dispose()


def test_lock_keys_are_stable_and_distinct() -> None:
    assert lock_key("crawl") == lock_key("crawl")
    assert lock_key("crawl") != lock_key("digest")
    assert -(2**63) <= lock_key("crawl") < 2**63

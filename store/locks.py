"""Named locks across processes: never two crawls at once, whoever starts them.

On PostgreSQL the lock is a session advisory lock (``pg_try_advisory_lock``) held on a dedicated
connection for as long as the ``with`` block runs: if the holder dies, its connection dies and the server
drops the lock at once. SQLite has no such thing, so the ``locks`` table stands in: a row per held lock,
inserted if absent, with an expiry that a live holder keeps pushing forward (a heartbeat thread); a row
whose expiry has passed, or whose holder process (``host:pid:token``) is known gone from this machine,
belongs to a holder that died without releasing it and is taken over.

>>> with crawl_lock(factory):          # doctest: +SKIP
...     run_crawl(config, factory, registry)
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine, delete, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from seda.errors import SedaError, StoreError
from store.models import Lock

logger = logging.getLogger(__name__)

# SQLite: how long a lock row stays valid without a heartbeat. A holder that was killed (power cut,
# SIGKILL) blocks the next crawl for at most this long; a live holder renews every TTL / 3, so a pause of
# a few minutes (a busy disk, a suspended laptop) does not lose the lock. The nightly crawl runs once a
# day, so ten minutes of blocking after a hard crash costs nothing.
DEFAULT_TTL = timedelta(minutes=10)
# The high bits that tag Seda's advisory-lock keys, so another application's advisory locks on the same
# PostgreSQL server do not collide with ours by accident.
_KEY_NAMESPACE = "seda-lock:"


class LockBusy(SedaError):
    """Someone else holds the named lock (for ``crawl``: another crawl is running)."""

    def __init__(self, name: str, holder: str) -> None:
        self.name, self.holder = name, holder
        what = "another crawl is running" if name == "crawl" else f"lock {name!r} is taken"
        super().__init__(f"{what} (lock {name!r} held by {holder})")


def lock_key(name: str) -> int:
    """The signed 64-bit advisory-lock key of a lock name (stable across processes and releases)."""
    digest = hashlib.blake2b((_KEY_NAMESPACE + name).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def default_owner() -> str:
    """``host:pid:token``: who holds a lock, readable by an operator; the token tells two holders apart."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@contextmanager
def crawl_lock(engine_or_factory: Engine | sessionmaker[Session], name: str = "crawl", *,
               ttl: timedelta = DEFAULT_TTL, owner: str | None = None) -> Iterator[str]:
    """Hold the lock ``name`` for the ``with`` block, or raise :class:`LockBusy` at once if it is taken.

    Never waits: a second nightly crawl that finds the first one still running is skipped, not queued.
    Yields the owner string recorded for this holder.
    """
    engine = _engine(engine_or_factory)
    owner = owner or default_owner()
    if engine.dialect.name == "postgresql":
        with _advisory_lock(engine, name, owner):
            yield owner
    else:
        with _table_lock(engine, name, owner, ttl):
            yield owner


def _engine(engine_or_factory: Engine | sessionmaker[Session]) -> Engine:
    if isinstance(engine_or_factory, Engine):
        return engine_or_factory
    bind = engine_or_factory.kw.get("bind")
    if not isinstance(bind, Engine):
        raise TypeError("crawl_lock needs an Engine or a sessionmaker bound to one")
    return bind


def _now() -> datetime:
    return datetime.now(UTC)


# -- PostgreSQL: a session advisory lock on a connection of its own ---------------------------------------

@contextmanager
def _advisory_lock(engine: Engine, name: str, owner: str) -> Iterator[None]:
    key = lock_key(name)
    try:
        # Autocommit: the connection holds the lock for hours, and must not hold a transaction open too.
        conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    except OperationalError as exc:
        raise StoreError(f"cannot take lock {name!r}: {_reason(exc)}") from None
    try:
        # Shown in pg_stat_activity, so a second attempt can say who holds the lock.
        conn.execute(text("SELECT set_config('application_name', :n, false)"), {"n": f"seda {owner}"[:63]})
        got = bool(conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}))
        if not got:
            holder = _advisory_holder(conn, key)
    except BaseException:
        conn.close()
        raise
    if not got:
        conn.close()
        raise LockBusy(name, holder)
    logger.debug("lock %r taken (advisory key %d) by %s", name, key, owner)
    try:
        yield
    finally:
        _advisory_release(conn, name, key)


def _advisory_holder(conn: Connection, key: int) -> str:
    """Who holds advisory lock ``key``: a bigint key is stored as classid (high 32 bits) + objid (low)."""
    row = conn.execute(text(
        "SELECT l.pid, a.application_name, a.backend_start FROM pg_locks l "
        "LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
        "AND l.classid = CAST(:hi AS oid) AND l.objid = CAST(:lo AS oid) LIMIT 1"),
        {"hi": (key >> 32) & 0xFFFFFFFF, "lo": key & 0xFFFFFFFF}).first()
    if row is None:
        return "another session (it has just let go; try again)"
    who = row.application_name.removeprefix("seda ") if row.application_name else "unknown client"
    since = f" since {row.backend_start.astimezone(UTC):%Y-%m-%d %H:%M} UTC" if row.backend_start else ""
    return f"{who}, PostgreSQL backend {row.pid}{since}"


def _advisory_release(conn: Connection, name: str, key: int) -> None:
    try:
        released = conn.scalar(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
        if not released:
            logger.error("lock %r had already been lost (the database connection was reset while held)", name)
        conn.close()
    except DBAPIError as exc:
        # The connection died while held: the server has dropped the lock with it. Never return this
        # connection to the pool, where a half-released session lock could outlive the block.
        logger.warning("lock %r: connection lost while held (%s); the server released it", name, _reason(exc))
        conn.invalidate()
        conn.close()


# -- SQLite (and any database without advisory locks): a row in `locks` with an expiry ------------------

@contextmanager
def _table_lock(engine: Engine, name: str, owner: str, ttl: timedelta) -> Iterator[None]:
    _ensure_table(engine)
    _table_acquire(engine, name, owner, ttl)
    stop = threading.Event()
    beat = threading.Thread(target=_heartbeat, args=(engine, name, owner, ttl, stop), daemon=True,
                            name=f"seda-lock-{name}")
    beat.start()
    try:
        yield
    finally:
        stop.set()
        beat.join()
        try:
            with engine.begin() as conn:
                conn.execute(delete(Lock).where(Lock.name == name, Lock.owner == owner))
        except OperationalError as exc:
            logger.error("lock %r: could not release (%s); it expires by itself within %s", name, _reason(exc), ttl)


def _ensure_table(engine: Engine) -> None:
    """The ``locks`` table, for callers that did not open the store (two processes may race to create it)."""
    try:
        Lock.__table__.create(engine, checkfirst=True)  # type: ignore[attr-defined]
    except OperationalError as exc:
        if "already exists" not in str(exc):
            raise StoreError(f"cannot create the locks table: {_reason(exc)}") from None


def _table_acquire(engine: Engine, name: str, owner: str, ttl: timedelta) -> None:
    now = _now()
    values = {"owner": owner, "acquired_at": now, "expires_at": now + ttl}
    insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
    try:
        with engine.connect() as conn:
            previous = conn.execute(select(Lock.owner, Lock.expires_at).where(Lock.name == name)).first()
        dead = previous is not None and holder_is_dead(previous.owner)
        stale = or_(Lock.expires_at < now, Lock.owner == previous.owner) if dead and previous else Lock.expires_at < now
        with engine.begin() as conn:
            # Each statement is atomic, and the first write takes SQLite's write lock until commit, so two
            # processes can neither both insert nor both take over the same stale row.
            taken_over = conn.execute(update(Lock).where(Lock.name == name, stale).values(**values)).rowcount
            inserted = 0 if taken_over else conn.execute(
                insert(Lock).values(name=name, **values).on_conflict_do_nothing(index_elements=["name"])).rowcount
            current = None if (taken_over or inserted) else conn.execute(
                select(Lock.owner, Lock.acquired_at, Lock.expires_at).where(Lock.name == name)).first()
    except OperationalError as exc:
        raise StoreError(f"cannot take lock {name!r}: {_reason(exc)}") from None
    if taken_over:
        why = ("its process is gone" if dead else
               f"it expired {previous.expires_at:%Y-%m-%d %H:%M} UTC" if previous else "it had expired")
        logger.warning("lock %r: took over the lock of %s, never released (%s)", name,
                       previous.owner if previous else "?", why)
    elif not inserted:
        if current is None:  # released between our statements: a fresh attempt will get it
            return _table_acquire(engine, name, owner, ttl)
        raise LockBusy(name, f"{current.owner} since {current.acquired_at:%Y-%m-%d %H:%M} UTC, "
                             f"expires {current.expires_at:%H:%M} UTC unless renewed")
    logger.debug("lock %r taken by %s until %s", name, owner, values["expires_at"])


def holder_is_dead(owner: str) -> bool:
    """Is ``host:pid:token`` a process of this machine that no longer exists? (Then its lock is stale now,
    not only at expiry: a scheduler restarted after a crash need not wait for the TTL.)"""
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit() or int(pid_text) == os.getpid():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists, but not ours to signal
        return False
    return False


def _heartbeat(engine: Engine, name: str, owner: str, ttl: timedelta, stop: threading.Event) -> None:
    """Push the expiry forward every TTL / 3 while the holder lives."""
    while not stop.wait(ttl.total_seconds() / 3):
        now = _now()
        try:
            with engine.begin() as conn:
                kept = conn.execute(update(Lock).where(Lock.name == name, Lock.owner == owner)
                                    .values(expires_at=now + ttl)).rowcount
        except OperationalError as exc:
            logger.warning("lock %r: could not renew (%s); will retry", name, _reason(exc))
            continue
        if not kept:
            logger.error("lock %r was taken over by another process after expiring: renewals were too late", name)
            return


def _reason(exc: Exception) -> str:
    orig = getattr(exc, "orig", None) or exc
    return (str(orig).strip().splitlines() or [type(orig).__name__])[0]


__all__ = ["DEFAULT_TTL", "LockBusy", "crawl_lock", "default_owner", "holder_is_dead", "lock_key"]

"""Dashboard users (``store.models.User``): add, remove, change password, list, load. Functions take a
Session; the caller commits."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from seda.errors import UsageError
from store.models import User
from web.passwords import check_new_password, hash_password

ROLES = ("viewer", "analyst", "admin")
# What each role may do, by rank: a role may do what every lower role may.
RANK = {"viewer": 0, "analyst": 1, "admin": 2}
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


def now() -> datetime:
    return datetime.now(UTC)


def can(role: str, needed: str) -> bool:
    """``can("analyst", "viewer")`` → True: the role holds at least the needed one."""
    return RANK.get(role, -1) >= RANK[needed]


def check_username(name: str) -> str:
    name = name.strip().lower()
    if not USERNAME.match(name):
        raise UsageError(f"user name {name!r} is not valid: 2-64 characters, a-z 0-9 . _ -, starting with a letter "
                         "or digit")
    return name


def _password(password: str) -> str:
    problem = check_new_password(password)
    if problem:
        raise UsageError(problem)
    return hash_password(password)


def get_user(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username.strip().lower())).first()


def add_user(session: Session, username: str, role: str, password: str) -> User:
    username = check_username(username)
    if role not in ROLES:
        raise UsageError(f"role {role!r} is not allowed; allowed: {', '.join(ROLES)}")
    if get_user(session, username) is not None:
        raise UsageError(f"user {username!r} exists already (seda user passwd {username} changes the password)")
    user = User(username=username, role=role, password_hash=_password(password), active=True, created_at=now())
    session.add(user)
    session.flush()
    return user


def remove_user(session: Session, username: str) -> None:
    user = get_user(session, username)
    if user is None:
        raise UsageError(f"no user {username!r}")
    session.delete(user)


def set_password(session: Session, username: str, password: str) -> User:
    user = get_user(session, username)
    if user is None:
        raise UsageError(f"no user {username!r}")
    user.password_hash = _password(password)
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def session_stamp(user: User) -> str:
    """A short fingerprint of the user's password hash kept in the session cookie: changing the password
    (``seda user passwd``) ends the user's existing sessions."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def load_session_user(session: Session, user_id: object, stamp: object) -> User | None:
    """The logged-in user of a session cookie, if still active and with the same password."""
    if not isinstance(user_id, int):
        return None
    user = session.get(User, user_id)
    if user is None or not user.active or stamp != session_stamp(user):
        return None
    return user

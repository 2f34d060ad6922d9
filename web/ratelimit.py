"""Login rate limiting through ``LoginAttempt`` rows, so every server process sees the same counts.

Failures are counted per user name and per client address over a sliding window; past the limit the login
form answers 429 without checking the password. A successful login clears the count of its user name (a
person who mistyped can carry on), not of the address (one address trying many names stays limited).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from store.models import LoginAttempt
from web.users import now

# Five tries cover honest typos; an online guesser gets 20 an hour per name and per address.
MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
# Rows older than this are deleted as new attempts come in.
KEEP = timedelta(days=7)


def keys(username: str, address: str) -> list[str]:
    return [f"user:{username.strip().lower()[:100]}", f"ip:{address[:100]}"]


def _failures(session: Session, key: str, since: datetime) -> int:
    if key.startswith("user:"):
        last_success = session.scalar(select(func.max(LoginAttempt.at))
                                      .where(LoginAttempt.key == key, LoginAttempt.success.is_(True)))
        if last_success is not None and last_success > since:
            since = last_success
    return int(session.scalar(select(func.count()).select_from(LoginAttempt)
                              .where(LoginAttempt.key == key, LoginAttempt.success.is_(False),
                                     LoginAttempt.at > since)) or 0)


def blocked(session: Session, attempt_keys: list[str], at: datetime | None = None) -> bool:
    since = (at or now()) - WINDOW
    return any(_failures(session, k, since) >= MAX_FAILURES for k in attempt_keys)


def record(session: Session, attempt_keys: list[str], success: bool, at: datetime | None = None) -> None:
    at = at or now()
    session.execute(delete(LoginAttempt).where(LoginAttempt.at < at - KEEP))
    session.add_all(LoginAttempt(key=k, at=at, success=success) for k in attempt_keys)

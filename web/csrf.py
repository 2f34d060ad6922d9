"""CSRF protection: one random token per session, in every form, checked on every POST.

The session cookie is signed and SameSite=Lax, so another site can neither read the token nor forge it.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import MutableMapping
from typing import Any

SESSION_KEY = "csrf"
FIELD = "csrf"


def token(session: MutableMapping[str, Any]) -> str:
    """The session's token, created on first use."""
    value = session.get(SESSION_KEY)
    if not isinstance(value, str) or len(value) < 32:
        value = secrets.token_urlsafe(32)
        session[SESSION_KEY] = value
    return value


def rotate(session: MutableMapping[str, Any]) -> str:
    session[SESSION_KEY] = secrets.token_urlsafe(32)
    return str(session[SESSION_KEY])


def valid(session: MutableMapping[str, Any], submitted: object) -> bool:
    expected = session.get(SESSION_KEY)
    if not isinstance(expected, str) or not isinstance(submitted, str) or not submitted:
        return False
    return hmac.compare_digest(expected.encode(), submitted.encode())

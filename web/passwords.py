"""Password hashing with Argon2id (argon2-cffi's defaults: RFC 9106 low-memory profile, per-hash salt)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()
# Verified against when the username is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("seda-dashboard-dummy-password")
# NIST SP 800-63B asks for at least 8 characters; the dashboard guards coverage data and corrections.
MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 1024


def check_new_password(password: str) -> str | None:
    """Why ``password`` is not acceptable (English, for the CLI), or None."""
    if len(password) < MIN_PASSWORD_CHARS:
        return f"the password must have at least {MIN_PASSWORD_CHARS} characters"
    if len(password) > MAX_PASSWORD_CHARS:
        return f"the password must have at most {MAX_PASSWORD_CHARS} characters"
    if password.strip() != password:
        return "the password must not start or end with spaces"
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant-time check; an unknown user (``password_hash`` None) is checked against a dummy hash."""
    if len(password) > MAX_PASSWORD_CHARS:
        return False
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)

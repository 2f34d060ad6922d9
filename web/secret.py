"""The key that signs session cookies: ``$SEDA_SECRET_KEY``, else a file beside the SQLite database (beside
the config file for other databases), created once with 0600 permissions and read by every server process."""

from __future__ import annotations

import logging
import os
import secrets
import stat
from pathlib import Path

from sqlalchemy import make_url

from seda.config import Config
from seda.errors import ConfigError

logger = logging.getLogger(__name__)

ENV_SECRET = "SEDA_SECRET_KEY"
FILE_NAME = ".seda-secret-key"
# Shorter keys from the environment are refused: the key must not be guessable offline from a cookie.
MIN_KEY_CHARS = 32


def secret_path(config: Config) -> Path:
    url = make_url(config.database.url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database).resolve().parent / FILE_NAME
    if config.path is not None:
        return config.path.resolve().parent / FILE_NAME
    raise ConfigError(f"no place for the session key: set {ENV_SECRET}")


def load_secret_key(config: Config, env: dict[str, str] | None = None, create: bool = True) -> str:
    env = dict(os.environ) if env is None else env
    key = env.get(ENV_SECRET, "").strip()
    if key:
        if len(key) < MIN_KEY_CHARS:
            raise ConfigError(f"{ENV_SECRET} must have at least {MIN_KEY_CHARS} characters")
        return key
    path = secret_path(config)
    if create and not path.exists():
        _create(path)
    try:
        mode = path.stat().st_mode
        key = path.read_text(encoding="ascii").strip()
    except OSError as exc:
        raise ConfigError(f"cannot read the session key {path}: {exc.strerror}") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        logger.warning("%s is readable by other users; chmod 600 it", path)
    if len(key) < MIN_KEY_CHARS:
        raise ConfigError(f"the session key in {path} is too short; delete the file to make a new one")
    return key


def _create(path: Path) -> None:
    """Write a new key to a private temporary file, then link it into place: readers never see a half-written
    key, and of two processes starting together one key wins."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_urlsafe(48) + "\n")
        try:
            os.link(tmp, path)
            logger.info("created the session key %s", path)
        except FileExistsError:
            pass
    finally:
        tmp.unlink(missing_ok=True)

"""The digest as a MIME message: multipart/alternative (plain text, then HTML), UTF-8 throughout.

Headers with Persian (the Subject) are RFC 2047 encoded by the ``email`` package; bodies are base64 so
the message is 7-bit clean for servers without 8BITMIME.
"""

from __future__ import annotations

import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from digest.collect import WeekDigest
from digest.render import render_html, render_text
from seda.config import Config, DigestConfig
from seda.dates import TEHRAN
from seda.errors import ConfigError


def address(value: str, key: str) -> str:
    """The bare address of ``value`` (``صدا <seda@example.org>`` → ``seda@example.org``); ConfigError if none."""
    _, addr = parseaddr(value)
    if "@" not in addr or any(c.isspace() for c in addr) or addr.startswith("@") or addr.endswith("@"):
        raise ConfigError(f"{key}: {value!r} is not an email address")
    return addr


def check_addresses(cfg: DigestConfig, *, need_recipients: bool) -> tuple[str, list[str]]:
    """The sender's and the recipients' bare addresses, validated."""
    sender = address(cfg.sender, "digest.sender")
    recipients = [address(r, "digest.recipients") for r in cfg.recipients]
    if need_recipients and not recipients:
        raise ConfigError("digest.recipients: no recipients configured; list at least one email address")
    return sender, recipients


def subject(cfg: DigestConfig, digest: WeekDigest) -> str:
    return f"{cfg.subject} | {digest.week.label}"


def build_message(config: Config, digest: WeekDigest, *, now: datetime.datetime | None = None) -> EmailMessage:
    """The email for ``digest`` with From/To/Subject from ``config.digest``, Date and a fresh Message-ID."""
    cfg = config.digest
    sender, recipients = check_addresses(cfg, need_recipients=False)
    title = cfg.subject
    msg = EmailMessage(policy=policy.SMTP)
    msg["Subject"] = subject(cfg, digest)
    msg["From"] = cfg.sender
    if recipients:
        msg["To"] = ", ".join(cfg.recipients)
    msg["Date"] = format_datetime((now or datetime.datetime.now(TEHRAN)).astimezone(TEHRAN))
    msg["Message-ID"] = make_msgid(idstring=f"seda-digest-{digest.week.start.isoformat()}",
                                   domain=sender.rsplit("@", 1)[1])
    # RFC 3834: a machine wrote it; vacation responders stay quiet.
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Seda-Week"] = digest.week.start.isoformat()
    msg.set_content(render_text(digest, title), subtype="plain", charset="utf-8", cte="base64")
    msg.add_alternative(render_html(digest, title), subtype="html", charset="utf-8", cte="base64")
    # After the parts: set_content/add_alternative move Content-* headers into the parts.
    msg["Content-Language"] = "fa"
    return msg


def to_bytes(msg: EmailMessage) -> bytes:
    """The message as an ``.eml`` file (CRLF line ends, as on the wire)."""
    return msg.as_bytes(policy=policy.SMTP)

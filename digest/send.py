"""Sending the weekly digest once per week: SMTP with retries, every outcome recorded in ``DigestRecord``.

A week whose digest was sent is not sent again unless forced. A failed send is retried a few times with a
growing pause, then recorded as ``failed`` with the server's answer, so the scheduler's next run or the
operator (``seda digest --send``) can send it later; nothing is lost silently.
"""

from __future__ import annotations

import datetime
import logging
import os
import smtplib
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from digest.collect import collect_week
from digest.errors import DigestError
from digest.message import build_message, check_addresses
from digest.week import Week
from seda.config import Config, SmtpConfig
from seda.dates import TEHRAN
from seda.errors import ConfigError
from seda.registry import Registry
from store.db import transaction
from store.models import DigestRecord

logger = logging.getLogger(__name__)

# Three attempts 10 s and 20 s apart ride out a server restart or a greylisting pause without holding the
# scheduler for long; a longer outage is left to the next scheduled run or to the operator.
SEND_ATTEMPTS = 3
BACKOFF_SECONDS = 10.0

SENT, FAILED, PENDING, ALREADY_SENT = "sent", "failed", "pending", "already_sent"


@dataclass
class SendResult:
    """What happened to one week's digest (mirrors the ``DigestRecord`` row)."""

    week_start: datetime.date
    status: str  # sent | failed | already_sent
    attempts: int  # SMTP attempts made by this call
    total_attempts: int  # attempts recorded for the week so far
    recipients: list[str] = field(default_factory=list)
    message_id: str | None = None
    error: str | None = None
    sent_at: datetime.datetime | None = None
    # Recipients the server refused while accepting the others: address -> reply.
    refused: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status in (SENT, ALREADY_SENT)

    @property
    def week(self) -> Week:
        return Week(self.week_start)


def smtp_password(smtp: SmtpConfig, env: dict[str, str] | None = None) -> str | None:
    """The password from the environment variable named by ``password_env`` (never from the file)."""
    if not smtp.username:
        return None
    password = (os.environ if env is None else env).get(smtp.password_env, "")
    if not password:
        raise ConfigError(f"digest.smtp.username is set but the environment variable {smtp.password_env} "
                          "(digest.smtp.password_env) holding the password is empty or unset")
    return password


def _text(value: bytes | str) -> str:
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    return " ".join(text.split())


def describe(exc: BaseException, smtp: SmtpConfig) -> str:
    """One line for a failed attempt, naming the server's answer where there is one."""
    where = f"{smtp.host}:{smtp.port}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "all recipients refused: " + "; ".join(
            f"{rcpt}: {code} {_text(msg)}" for rcpt, (code, msg) in exc.recipients.items())
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{where} answered {exc.smtp_code} {_text(exc.smtp_error)}"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return f"{where} closed the connection ({_text(str(exc)) or 'no reason given'})"
    if isinstance(exc, ssl.SSLError):
        return f"{where}: TLS failed: {_text(exc.reason or str(exc))}"
    if isinstance(exc, TimeoutError):
        return f"{where} did not answer within {smtp.timeout_seconds:g} s"
    if isinstance(exc, ConnectionRefusedError):
        return f"{where} refused the connection"
    if isinstance(exc, OSError):
        return f"{where}: {_text(exc.strerror or str(exc))}"
    return f"{where}: {type(exc).__name__}: {_text(str(exc))}"


def deliver(smtp: SmtpConfig, msg: EmailMessage, sender: str, recipients: list[str],
            password: str | None) -> dict[str, str]:
    """One SMTP transaction. Returns the recipients refused while others were accepted; raises otherwise."""
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if smtp.security == "ssl":
        client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout_seconds, context=context)
    else:
        client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_seconds)
    with client:
        client.ehlo()
        if smtp.security == "starttls":
            client.starttls(context=context)
            client.ehlo()
        if smtp.username:
            client.login(smtp.username, password or "")
        refused = client.send_message(msg, from_addr=sender, to_addrs=recipients)
    return {rcpt: f"{code} {_text(reply)}" for rcpt, (code, reply) in refused.items()}


def deliver_with_retry(smtp: SmtpConfig, msg: EmailMessage, sender: str, recipients: list[str],
                       password: str | None, *, attempts: int = SEND_ATTEMPTS, backoff: float = BACKOFF_SECONDS,
                       sleep: Callable[[float], None] = time.sleep) -> tuple[int, dict[str, str] | None, str | None]:
    """Up to ``attempts`` tries, ``backoff`` seconds apart, doubling. Returns ``(tries, refused, error)``:
    ``refused`` is None and ``error`` the last failure when every try failed."""
    error = None
    for attempt in range(1, attempts + 1):
        try:
            return attempt, deliver(smtp, msg, sender, recipients, password), None
        except (smtplib.SMTPException, OSError) as exc:
            error = describe(exc, smtp)
            logger.info("digest: attempt %s of %s failed: %s", attempt, attempts, error)
            if attempt < attempts:
                sleep(backoff * 2 ** (attempt - 1))
    return attempts, None, error


def _record(session: Session, week: Week) -> DigestRecord | None:
    return session.scalars(select(DigestRecord).where(DigestRecord.week_start == week.start)).first()


def week_message(config: Config, factory: sessionmaker[Session], registry: Registry, week: Week | datetime.date,
                 *, now: datetime.datetime | None = None) -> EmailMessage:
    """Collect the week from the store and build its email (what ``seda digest --out`` writes)."""
    week = week if isinstance(week, Week) else Week.of(week)
    with transaction(factory) as session:
        digest = collect_week(session, registry, week, source_ids=[s.id for s in config.sources if s.enabled],
                              now=now)
    return build_message(config, digest, now=now)


def send_week(config: Config, factory: sessionmaker[Session], registry: Registry, week_start: datetime.date, *,
              force: bool = False, message: EmailMessage | None = None, attempts: int | None = None,
              backoff: float | None = None, now: datetime.datetime | None = None) -> SendResult:
    """Build and send the digest of the week holding ``week_start``, once.

    A week already sent returns ``status="already_sent"`` without sending (``force`` sends again). Every
    other outcome is recorded in the week's ``DigestRecord``: ``sent`` with the Message-ID, or ``failed``
    with the last error after ``attempts`` tries; the caller reports a failure (``result.ok`` is False).
    Configuration mistakes (no recipients, no password) raise
    ``ConfigError`` before anything is recorded. ``message`` sends a message already built (the CLI writes
    the same one to ``--out``)."""
    week = Week.of(week_start)
    cfg = config.digest
    sender, recipients = check_addresses(cfg, need_recipients=True)
    password = smtp_password(cfg.smtp)
    attempts = SEND_ATTEMPTS if attempts is None else max(1, attempts)
    backoff = BACKOFF_SECONDS if backoff is None else backoff

    with transaction(factory) as session:
        rec = _record(session, week)
        if rec is not None and rec.status == SENT and not force:
            logger.info("digest: week %s was already sent on %s", week, rec.sent_at)
            return SendResult(week.start, ALREADY_SENT, 0, rec.attempts, list(rec.recipients or []),
                              rec.message_id, rec.error, rec.sent_at)
    if message is None:
        message = week_message(config, factory, registry, week, now=now)
    message_id = str(message["Message-ID"])
    try:
        with transaction(factory) as session:
            rec = _record(session, week)
            if rec is None:
                rec = DigestRecord(week_start=week.start, attempts=0)
                session.add(rec)
            rec.status, rec.error, rec.recipients, rec.message_id = PENDING, None, recipients, message_id
    except IntegrityError:
        raise DigestError(f"the digest of the week {week} is being recorded by another process; "
                          "try again in a minute") from None

    logger.info("digest: sending week %s to %s recipient(s) via %s:%s", week, len(recipients), cfg.smtp.host,
                cfg.smtp.port)
    tries, refused, error = deliver_with_retry(cfg.smtp, message, sender, recipients, password,
                                               attempts=attempts, backoff=backoff)
    status = SENT if refused is not None else FAILED
    if refused:
        error = "refused recipients: " + "; ".join(f"{r}: {why}" for r, why in refused.items())
    with transaction(factory) as session:
        rec = _record(session, week)
        assert rec is not None
        rec.attempts = (rec.attempts or 0) + tries
        rec.status, rec.error = status, error
        if status == SENT:
            rec.sent_at = datetime.datetime.now(TEHRAN)
        total, sent_at = rec.attempts, rec.sent_at
    if status == SENT:
        logger.info("digest: week %s sent (%s)", week, message_id)
    else:  # the caller reports it (the CLI as its one error line and exit 1, the scheduler in its log)
        logger.info("digest: week %s not sent after %s attempts: %s", week, tries, error)
    return SendResult(week.start, status, tries, total, recipients, message_id, error,
                      sent_at if status == SENT else None, dict(refused or {}))

"""``seda digest``: the weekly digest email, written to a file, sent, or previewed on the terminal."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from seda.cli import app, common, date_option
from seda.errors import UsageError


@click.command(name="digest")
@date_option("--week", "Any day of the week to report (weeks run Saturday to Friday, Tehran time); "
                       "default: the last complete week.")
@click.option("--out", "out_path", metavar="FILE.eml", default=None,
              help="Write the email (MIME, .eml) to this file; nothing is sent unless --send is given too.")
@click.option("--send", is_flag=True, help="Send it by SMTP to digest.recipients (retried; recorded so that a "
                                           "week is sent only once).")
@click.option("--force", is_flag=True, help="With --send: send even if the week was already sent or has not "
                                            "ended yet.")
@common
def digest(week: datetime.date | None, out_path: str | None, send: bool, force: bool) -> None:
    """The weekly digest: ranking of agencies, scorecard, top stories and crawl health, in Persian.

    Without --out or --send the plain-text part is printed, to look at it before sending. Exit status 1
    when the email could not be sent (the failure is recorded and the next --send tries again).
    """
    from digest import DigestSendError, Week, send_week, to_bytes, week_message
    from digest.message import check_addresses
    from digest.send import smtp_password
    from seda.dates import TEHRAN

    a = app()
    config = a.config
    target = Week.of(week) if week else Week.last_complete()
    if force and not send:
        raise UsageError("--force only makes sense with --send")
    if send:
        check_addresses(config.digest, need_recipients=True)
        smtp_password(config.digest.smtp)
        if not target.has_ended() and not force:
            raise UsageError(f"the week {target} has not ended yet; sending it now would mark it as sent "
                             "(pass --force to send it anyway)")
    message = week_message(config, a.store, a.registry, target)
    if out_path:
        path = Path(out_path)
        try:
            path.write_bytes(to_bytes(message))
        except OSError as exc:
            raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
        click.echo(f"digest of the week {target} written to {path}")
    if send:
        result = send_week(config, a.store, a.registry, target.start, force=force, message=message)
        if result.status == "already_sent":
            sent = (result.sent_at.astimezone(TEHRAN).strftime("on %Y-%m-%d %H:%M Tehran time") if result.sent_at
                    else "earlier")
            click.echo(f"the digest of the week {target} was already sent ({sent}, {result.message_id}); "
                       "not sending it again (use --force to resend)")
            return
        if not result.ok:
            raise DigestSendError(f"the digest of the week {target} was not sent after {result.attempts} "
                                  f"attempt(s): {result.error} (recorded as failed; --send retries it)")
        note = f"; refused: {result.error}" if result.refused else ""
        click.echo(f"digest of the week {target} sent to {len(result.recipients)} recipient(s) "
                   f"({result.message_id}, attempt {result.attempts}){note}")
    if not out_path and not send:
        part = message.get_body(preferencelist=("plain",))
        text = part.get_content() if part is not None else ""
        click.echo(text.replace("\r\n", "\n"), nl=False)  # the part keeps the wire's CRLF

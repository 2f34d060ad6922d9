"""Sending through real SMTP servers on 127.0.0.1 (aiosmtpd): once per week, retried, recorded."""

from __future__ import annotations

import datetime
import email
import ipaddress
import ssl
from collections.abc import Iterator
from email import policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.smtp import AuthResult
from digest_fixtures import WEEK, DroppingServer, Recorder, free_port, record, serve, write_config

from digest import send_week
from digest.send import FAILED, SENT
from seda.errors import ConfigError

FAST = {"backoff": 0.0}


@pytest.fixture
def smtp() -> Iterator[tuple[Recorder, int]]:
    with serve(Recorder()) as running:
        yield running


def received(envelope: Any) -> email.message.EmailMessage:
    return email.message_from_bytes(envelope.original_content, policy=policy.default)  # type: ignore[return-value]


def test_send_through_a_real_server(stored_week, registry, smtp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url, factory = stored_week
    handler, port = smtp
    config = write_config(tmp_path, url, port=port)
    result = send_week(config, factory, registry, datetime.date(2025, 11, 26), **FAST)
    assert result.ok and result.status == SENT and result.attempts == 1 and result.week_start == WEEK
    assert len(handler.envelopes) == 1
    env = handler.envelopes[0]
    assert env.mail_from == "seda@lorestan.example"
    assert env.rcpt_tos == ["pr-council@lorestan.example", "deputy@lorestan.example"]
    msg = received(env)
    assert msg["Subject"] == "صدا | گزارش هفتگی | هفته ۱ تا ۷ آذر ۱۴۰۴"
    assert msg["Message-ID"] == result.message_id
    assert msg.get_content_type() == "multipart/alternative"
    html = msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert '<html lang="fa" dir="rtl">' in html and "شرکت آب و فاضلاب استان لرستان" in html
    rec = record(factory)
    assert rec is not None
    assert (rec.status, rec.attempts, rec.error, rec.message_id) == (SENT, 1, None, result.message_id)
    assert rec.recipients == ["pr-council@lorestan.example", "deputy@lorestan.example"]
    assert rec.sent_at is not None


def test_a_week_is_not_sent_twice(stored_week, registry, smtp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url, factory = stored_week
    handler, port = smtp
    config = write_config(tmp_path, url, port=port)
    first = send_week(config, factory, registry, WEEK, **FAST)
    again = send_week(config, factory, registry, WEEK + datetime.timedelta(days=6), **FAST)
    assert again.status == "already_sent" and again.ok and again.attempts == 0
    assert again.message_id == first.message_id
    assert len(handler.envelopes) == 1
    forced = send_week(config, factory, registry, WEEK, force=True, **FAST)
    assert forced.status == SENT and forced.message_id != first.message_id
    assert len(handler.envelopes) == 2
    rec = record(factory)
    assert rec is not None and (rec.status, rec.attempts, rec.message_id) == (SENT, 2, forced.message_id)


def test_refusing_server_is_retried_and_recorded(stored_week, registry, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url, factory = stored_week
    with serve(Recorder(refuse_data="554 5.7.1 Message rejected as spam")) as (handler, port):
        config = write_config(tmp_path, url, port=port)
        result = send_week(config, factory, registry, WEEK, attempts=3, **FAST)
        assert not result.ok and result.status == FAILED and result.attempts == 3
        assert handler.data_calls == 3
        assert "554" in (result.error or "") and "rejected as spam" in (result.error or "")
    rec = record(factory)
    assert rec is not None and (rec.status, rec.attempts) == (FAILED, 3) and "554" in (rec.error or "")
    assert rec.sent_at is None


def test_dropped_connection_is_retried_then_sent_later(stored_week, registry, smtp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url, factory = stored_week
    with DroppingServer() as dropping:
        config = write_config(tmp_path, url, port=dropping.port)
        result = send_week(config, factory, registry, WEEK, attempts=3, **FAST)
    assert result.status == FAILED and dropping.connections == 3
    assert "closed the connection" in (result.error or "")
    # a failed week is not lost: the next send delivers it and the record keeps every attempt
    handler, port = smtp
    later = send_week(write_config(tmp_path, url, port=port), factory, registry, WEEK, **FAST)
    assert later.status == SENT and len(handler.envelopes) == 1
    rec = record(factory)
    assert rec is not None and (rec.status, rec.attempts, rec.error) == (SENT, 4, None)


def test_no_server_listening(stored_week, registry, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url, factory = stored_week
    config = write_config(tmp_path, url, port=free_port())
    slept: list[float] = []
    import digest.send as send_module

    tries, refused, error = send_module.deliver_with_retry(
        config.digest.smtp, send_module.week_message(config, factory, registry, WEEK), "seda@lorestan.example",
        ["a@b.example"], None, attempts=3, backoff=2.0, sleep=slept.append)
    assert (tries, refused) == (3, None) and "refused the connection" in (error or "")
    assert slept == [2.0, 4.0]  # the pause doubles


def test_some_recipients_refused(stored_week, registry, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url, factory = stored_week
    with serve(Recorder(refuse_rcpt={"deputy@lorestan.example": "550 5.1.1 No such user"})) as (handler, port):
        config = write_config(tmp_path, url, port=port)
        result = send_week(config, factory, registry, WEEK, **FAST)
        assert result.status == SENT and len(handler.envelopes) == 1
        assert handler.envelopes[0].rcpt_tos == ["pr-council@lorestan.example"]
    assert list(result.refused) == ["deputy@lorestan.example"]
    rec = record(factory)
    assert rec is not None and rec.status == SENT and "No such user" in (rec.error or "")


def test_configuration_mistakes_are_one_clear_error(stored_week, registry, smtp, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    url, factory = stored_week
    _, port = smtp
    with pytest.raises(ConfigError, match="no recipients"):
        send_week(write_config(tmp_path, url, port=port, recipients=[]), factory, registry, WEEK)
    with pytest.raises(ConfigError, match="not an email address"):
        send_week(write_config(tmp_path, url, port=port, recipients=["council"]), factory, registry, WEEK)
    monkeypatch.delenv("SEDA_TEST_SMTP_PW", raising=False)
    with pytest.raises(ConfigError, match="SEDA_TEST_SMTP_PW"):
        send_week(write_config(tmp_path, url, port=port, username="seda", password_env="SEDA_TEST_SMTP_PW"),
                  factory, registry, WEEK)
    assert record(factory) is None  # nothing was recorded for a configuration mistake


# --- TLS: a self-signed certificate for 127.0.0.1, trusted by the client through SSL_CERT_FILE --------------

@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    pytest.importorskip("cryptography", reason="the TLS tests make their certificate with the cryptography package")
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=False,
                                         content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, encipher_only=False,
                                         decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    folder = tmp_path_factory.mktemp("tls")
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def server_context(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(*certificate)
    return ctx


def test_starttls_with_login(stored_week, registry, certificate, tmp_path: Path,  # type: ignore[no-untyped-def]
                             monkeypatch: pytest.MonkeyPatch) -> None:
    url, factory = stored_week
    logins: list[tuple[bytes, bytes]] = []

    def authenticator(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        logins.append((auth_data.login, auth_data.password))
        ok = (auth_data.login, auth_data.password) == (b"seda", b"s3cret-from-env")
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself

    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    monkeypatch.setenv("SEDA_TEST_SMTP_PW", "s3cret-from-env")
    with serve(Recorder(), tls_context=server_context(certificate), require_starttls=True,
               authenticator=authenticator, auth_require_tls=True) as (handler, port):
        config = write_config(tmp_path, url, port=port, security="starttls", username="seda",
                              password_env="SEDA_TEST_SMTP_PW")
        result = send_week(config, factory, registry, WEEK, **FAST)
        assert result.status == SENT, result.error
        assert logins == [(b"seda", b"s3cret-from-env")] and len(handler.envelopes) == 1
        # a wrong password is an SMTP failure like any other: retried, then recorded
        monkeypatch.setenv("SEDA_TEST_SMTP_PW", "wrong")
        failed = send_week(config, factory, registry, WEEK, force=True, attempts=2, **FAST)
        assert failed.status == FAILED and "535" in (failed.error or "")


def test_implicit_tls(stored_week, registry, certificate, tmp_path: Path,  # type: ignore[no-untyped-def]
                      monkeypatch: pytest.MonkeyPatch) -> None:
    url, factory = stored_week
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    with serve(Recorder(), ssl_context=server_context(certificate)) as (handler, port):
        config = write_config(tmp_path, url, port=port, security="ssl")
        result = send_week(config, factory, registry, WEEK, **FAST)
        assert result.status == SENT, result.error
        assert received(handler.envelopes[0])["X-Seda-Week"] == "2025-11-22"


def test_untrusted_certificate_fails(stored_week, registry, certificate, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url, factory = stored_week
    with serve(Recorder(), tls_context=server_context(certificate), require_starttls=True) as (_, port):
        config = write_config(tmp_path, url, port=port, security="starttls")
        result = send_week(config, factory, registry, WEEK, attempts=1, **FAST)
    assert result.status == FAILED and "TLS failed" in (result.error or "")

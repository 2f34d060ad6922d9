"""CSRF, login rate limiting, cookies and headers, redirects, and hostile input in filters and search."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select
from starlette.testclient import TestClient
from web_fixtures import PASSWORDS, csrf_of, login

from store.db import transaction
from store.models import Correction, LoginAttempt
from web import ratelimit


def test_post_without_or_with_a_wrong_csrf_token_is_403(client_as, ids, factory) -> None:  # type: ignore[no-untyped-def]
    analyst = client_as("ali")
    good = csrf_of(analyst.get(f"/article/{ids['a1']}").text)
    data = {"field": "kind", "value": "report"}
    for token in (None, "", "x" * 43, good[:-1] + ("A" if good[-1] != "A" else "B")):
        form = dict(data) if token is None else {**data, "csrf": token}
        response = analyst.post(f"/article/{ids['a1']}/correct", data=form)
        assert response.status_code == 403, token
        assert "فرم منقضی" in response.text
    with transaction(factory) as s:
        assert s.scalars(select(Correction)).all() == []
    assert analyst.post(f"/article/{ids['a1']}/correct", data={**data, "csrf": good}).status_code == 303


def test_csrf_token_of_another_session_is_refused(client_as, ids) -> None:  # type: ignore[no-untyped-def]
    mallory, analyst = client_as("ada"), client_as("ali")
    foreign = csrf_of(mallory.get("/").text)
    response = analyst.post(f"/article/{ids['a1']}/correct", data={"field": "kind", "value": "report", "csrf": foreign})
    assert response.status_code == 403


def test_login_and_logout_need_the_csrf_token(anon) -> None:  # type: ignore[no-untyped-def]
    anon.get("/login")
    response = anon.post("/login", data={"username": "ali", "password": PASSWORDS["ali"]})
    assert response.status_code == 403
    assert anon.get("/").status_code == 303  # not logged in
    assert login(anon, "ali").status_code == 303
    assert anon.post("/logout", data={}).status_code == 403
    assert anon.get("/").status_code == 200  # still logged in


def _fail(client: TestClient, username: str) -> int:
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"username": username, "password": "wrong-password!", "csrf": token}).status_code


def test_five_failures_per_user_name_then_429(anon, factory) -> None:  # type: ignore[no-untyped-def]
    for _ in range(ratelimit.MAX_FAILURES):
        assert _fail(anon, "ali") == 200
    assert _fail(anon, "ali") == 429
    blocked = login(anon, "ali")  # even the right password is not checked now
    assert blocked.status_code == 429
    assert "پانزده دقیقه" in blocked.text and 'lang="fa"' in blocked.text
    with transaction(factory) as s:
        rows = s.scalars(select(LoginAttempt).where(LoginAttempt.key == "user:ali")).all()
        assert len(rows) == ratelimit.MAX_FAILURES and not any(r.success for r in rows)


def test_failures_from_one_address_across_names_then_429(anon) -> None:  # type: ignore[no-untyped-def]
    for name in ("u1", "u2", "u3", "u4", "u5"):
        assert _fail(anon, name) == 200
    assert login(anon, "vera").status_code == 429


def test_the_window_slides(anon, factory) -> None:  # type: ignore[no-untyped-def]
    for _ in range(ratelimit.MAX_FAILURES):
        _fail(anon, "ali")
    with transaction(factory) as s:  # the failures happened 16 minutes ago
        for row in s.scalars(select(LoginAttempt)):
            row.at = row.at - ratelimit.WINDOW - ratelimit.WINDOW / 15
    assert login(anon, "ali").status_code == 303


def test_a_success_clears_the_user_count(app) -> None:  # type: ignore[no-untyped-def]
    with TestClient(app, follow_redirects=False) as client:
        for _ in range(ratelimit.MAX_FAILURES - 1):
            _fail(client, "ali")
        assert login(client, "ali").status_code == 303
    with TestClient(app, follow_redirects=False, client=("10.9.8.7", 5000)) as other:
        assert _fail(other, "ali") == 200  # one failure since the success: not blocked


def test_session_cookie_flags(anon) -> None:  # type: ignore[no-untyped-def]
    anon.get("/login")
    response = login(anon, "vera")
    cookie = response.headers["set-cookie"].lower()
    assert "seda_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie


def test_secure_cookie_and_hsts_when_behind_https(factory, registry) -> None:  # type: ignore[no-untyped-def]
    from web.app import create_app

    app = create_app(factory, registry, "k" * 40, https_only=True)
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        response = client.get("/login")
        assert "secure" in response.headers["set-cookie"].lower()
        assert response.headers["strict-transport-security"].startswith("max-age=")


def test_security_headers(client_as) -> None:  # type: ignore[no-untyped-def]
    response = client_as("vera").get("/")
    h = response.headers
    assert "default-src 'self'" in h["content-security-policy"] and "frame-ancestors 'none'" in h["content-security-policy"]
    assert h["x-content-type-options"] == "nosniff" and h["x-frame-options"] == "DENY"
    assert h["cache-control"] == "no-store"


def test_a_forged_session_cookie_is_ignored(anon) -> None:  # type: ignore[no-untyped-def]
    import base64
    import json

    forged = base64.b64encode(json.dumps({"uid": 1, "stamp": "x"}).encode()).decode() + ".fake.sig"
    anon.cookies.set("seda_session", forged)
    assert anon.get("/").status_code == 303


@pytest.mark.parametrize("target", ["//evil.test/", "https://evil.test/", "/\\evil.test", "javascript:alert(1)"])
def test_login_does_not_redirect_off_site(anon, target: str) -> None:  # type: ignore[no-untyped-def]
    token = csrf_of(anon.get("/login").text)
    response = anon.post("/login", data={"username": "vera", "password": PASSWORDS["vera"], "csrf": token,
                                         "next": target})
    assert response.status_code == 303 and response.headers["location"] == "/"


HOSTILE = ["' OR 1=1 --", "\"; DROP TABLE articles; --", "%", "_", "\\", "%' UNION SELECT password_hash FROM users --",
           "<script>alert(1)</script>", "\x00", "ك' OR 'ي'='ي"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_filters_and_search_are_harmless(client_as, factory, value: str) -> None:  # type: ignore[no-untyped-def]
    client = client_as("vera")
    for key in ("q", "agency", "source", "level", "kind", "relevance", "from", "to", "page"):
        response = client.get("/articles", params={key: value})
        assert response.status_code == 200, (key, response.text[:300])
        assert "<script>alert(1)</script>" not in response.text
        assert "$argon2" not in response.text
    for path, key in (("/", "week"), ("/agency/abfa", "from"), ("/review", "page")):
        assert client.get(path, params={key: value}).status_code == 200
    with transaction(factory) as s:  # nothing was dropped
        assert s.scalars(select(Correction)).all() == []
    assert client.get("/articles").text.count('href="/article/') >= 10


def test_wildcards_in_search_match_themselves(client_as) -> None:  # type: ignore[no-untyped-def]
    client = client_as("vera")
    total = client.get("/articles").text
    for q in ("%", "_", "%%"):
        page = client.get("/articles", params={"q": q}).text
        assert "<strong>۰</strong> خبر" in page, q
    assert "<strong>۰</strong> خبر" not in total


def test_script_in_search_is_escaped(client_as) -> None:  # type: ignore[no-untyped-def]
    page = client_as("vera").get("/articles", params={"q": "<script>alert(1)</script>"}).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_stored_markup_is_escaped(client_as, ids) -> None:  # type: ignore[no-untyped-def]
    client = client_as("vera")
    for path in ("/articles", f"/article/{ids['a9']}"):
        text = client.get(path).text
        assert "<script>alert(" not in text
        assert "&lt;script&gt;alert(" in text


def test_export_defuses_formulas(client_as) -> None:  # type: ignore[no-untyped-def]
    body = client_as("vera").get("/articles/export.csv", params={"relevance": "none"}).content.decode("utf-8-sig")
    titles = [row["title"] for row in csv.DictReader(io.StringIO(body))]
    evil = [t for t in titles if "HYPERLINK" in t]
    assert evil == ["'=HYPERLINK(\"http://evil.test\") فرمول در عنوان"]


def test_unknown_paths_and_methods(client_as) -> None:  # type: ignore[no-untyped-def]
    client = client_as("vera")
    assert client.get("/no/such/page").status_code == 404
    assert client.get("/articles/export.pdf").status_code == 404
    assert client.get("/article/not-a-number").status_code == 404
    assert client.delete("/articles").status_code == 405


def test_a_stored_javascript_url_is_not_a_link(client_as, factory) -> None:  # type: ignore[no-untyped-def]
    from store.articles import ArticleData, upsert_article

    with transaction(factory) as s:
        article_id, _ = upsert_article(s, ArticleData(url="javascript:alert(document.cookie)", source_id="payam",
                                                      title="نشانی خطرناک", text="متن"))
    page = client_as("vera").get(f"/article/{article_id}").text
    assert "javascript:" not in page

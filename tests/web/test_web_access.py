"""Who may do what: anonymous visitors are sent to the login page, viewers read, analysts correct, admins
also see the users page. Corrections carry their author and time."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from web_fixtures import csrf_of, login

from store.db import transaction
from store.models import Correction, User
from web.users import set_password

PAGES = ["/", "/articles", "/article/{a1}", "/agency/abfa", "/crawl", "/review"]


def _path(template: str, ids: dict[str, int]) -> str:
    return template.format(**ids)


@pytest.mark.parametrize("page", [*PAGES, "/users", "/articles/export.csv", "/articles/export.xlsx"])
def test_anonymous_is_sent_to_login(anon, ids, page: str) -> None:  # type: ignore[no-untyped-def]
    response = anon.get(_path(page, ids))
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")
    login_page = anon.get(response.headers["location"])
    assert login_page.status_code == 200 and 'id="username"' in login_page.text


def test_login_returns_to_the_page_asked_for(anon, ids) -> None:  # type: ignore[no-untyped-def]
    first = anon.get(f"/article/{ids['a1']}")
    page = anon.get(first.headers["location"])
    response = anon.post("/login", data={"username": "vera", "password": "viewer-pass-1234",
                                         "csrf": csrf_of(page.text), "next": f"/article/{ids['a1']}"})
    assert response.status_code == 303 and response.headers["location"] == f"/article/{ids['a1']}"


def test_anonymous_post_is_sent_to_login(anon, ids) -> None:  # type: ignore[no-untyped-def]
    response = anon.post(f"/article/{ids['a1']}/correct", data={"field": "kind", "value": "report"})
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


@pytest.mark.parametrize("user", ["vera", "ali", "ada"])
@pytest.mark.parametrize("page", PAGES)
def test_every_role_reads_every_page(client_as, ids, user: str, page: str) -> None:  # type: ignore[no-untyped-def]
    response = client_as(user).get(_path(page, ids))
    assert response.status_code == 200, response.text[:500]
    assert user in response.text  # the header names who is logged in


def test_viewer_sees_no_forms_and_cannot_correct(client_as, ids, factory) -> None:  # type: ignore[no-untyped-def]
    viewer = client_as("vera")
    page = viewer.get(f"/article/{ids['a4']}")
    assert "/correct" not in page.text and "/confirm" not in page.text
    assert "نمی‌توانید اصلاح کنید" in page.text
    token = csrf_of(page.text)  # the logout form's token: a valid token for this session
    for path, data in ((f"/article/{ids['a4']}/correct", {"field": "agency", "value": "tozi_bargh"}),
                       (f"/article/{ids['a4']}/confirm", {})):
        response = viewer.post(path, data={**data, "csrf": token})
        assert response.status_code == 403
        assert 'lang="fa"' in response.text
    with transaction(factory) as s:
        assert s.scalars(select(Correction)).all() == []


def test_analyst_corrects_with_author_and_time(client_as, ids, factory) -> None:  # type: ignore[no-untyped-def]
    analyst = client_as("ali")
    page = analyst.get(f"/article/{ids['a4']}")
    assert 'action="/article/%d/correct"' % ids["a4"] in page.text
    response = analyst.post(f"/article/{ids['a4']}/correct",
                            data={"field": "agency", "value": "tozi_bargh", "note": "سهو مدل", "csrf": csrf_of(page.text)})
    assert response.status_code == 303
    with transaction(factory) as s:
        (c,) = s.scalars(select(Correction)).all()
        assert (c.article_id, c.field, c.value, c.author, c.note) == (ids["a4"], "agency", "tozi_bargh", "ali", "سهو مدل")
        assert c.created_at is not None
    after = analyst.get(response.headers["location"].split("#")[0])
    assert "اصلاح ثبت شد" in after.text  # the flash message
    corrections = after.text.split('id="corrections"', 1)[1].split("</section>", 1)[0]
    assert "ali" in corrections and "سهو مدل" in corrections and "شرکت توزیع نیروی برق" in corrections
    assert "۱۴" in corrections  # the Jalali time, in Persian digits


def test_analyst_sets_agency_to_none_and_kind(client_as, ids, factory) -> None:  # type: ignore[no-untyped-def]
    analyst = client_as("ali")
    token = csrf_of(analyst.get(f"/article/{ids['a3']}").text)
    for field, value in (("agency", "-"), ("kind", "report"), ("relevance", "mention")):
        assert analyst.post(f"/article/{ids['a3']}/correct",
                            data={"field": field, "value": value, "csrf": token}).status_code == 303
    with transaction(factory) as s:
        got = {(c.field, c.value) for c in s.scalars(select(Correction))}
    assert got == {("agency", None), ("kind", "report"), ("relevance", "mention")}


@pytest.mark.parametrize("field,value", [("agency", "no_such_agency"), ("kind", "poem"), ("relevance", "maybe"),
                                         ("score", "1"), ("agency", "'; DROP TABLE corrections; --")])
def test_invalid_corrections_are_refused(client_as, ids, factory, field: str, value: str) -> None:  # type: ignore[no-untyped-def]
    analyst = client_as("ali")
    token = csrf_of(analyst.get(f"/article/{ids['a1']}").text)
    response = analyst.post(f"/article/{ids['a1']}/correct", data={"field": field, "value": value, "csrf": token})
    assert response.status_code == 400
    with transaction(factory) as s:
        assert s.scalars(select(Correction)).all() == []


def test_correcting_a_missing_article_is_404(client_as) -> None:  # type: ignore[no-untyped-def]
    analyst = client_as("ali")
    token = csrf_of(analyst.get("/").text)
    assert analyst.post("/article/999999/correct", data={"field": "kind", "value": "news", "csrf": token}
                        ).status_code == 404
    assert analyst.get("/article/999999").status_code == 404


def test_confirm_takes_the_article_out_of_the_review_queue(client_as, ids, factory) -> None:  # type: ignore[no-untyped-def]
    analyst = client_as("ali")
    queue = analyst.get("/review").text
    assert f"/article/{ids['a4']}" in queue and f"/article/{ids['a6']}" in queue
    token = csrf_of(queue)
    response = analyst.post(f"/article/{ids['a4']}/confirm", data={"csrf": token, "next": "/review"})
    assert response.status_code == 303 and response.headers["location"] == "/review"
    queue = analyst.get("/review").text
    assert f"/article/{ids['a4']}" not in queue and f"/article/{ids['a6']}" in queue
    with transaction(factory) as s:
        got = {(c.field, c.value, c.author) for c in s.scalars(select(Correction))}
    assert got == {("relevance", "about", "ali"), ("agency", "gas", "ali")}


def test_admin_sees_users_page_others_do_not(client_as) -> None:  # type: ignore[no-untyped-def]
    page = client_as("ada").get("/users")
    assert page.status_code == 200 and "vera" in page.text and "مدیر" in page.text
    assert 'href="/users"' in page.text
    for user in ("vera", "ali"):
        client = client_as(user)
        assert client.get("/users").status_code == 403
        assert 'href="/users"' not in client.get("/").text


def test_admin_corrects_too(client_as, ids, factory) -> None:  # type: ignore[no-untyped-def]
    admin = client_as("ada")
    token = csrf_of(admin.get(f"/article/{ids['a1']}").text)
    assert admin.post(f"/article/{ids['a1']}/correct",
                      data={"field": "kind", "value": "report", "csrf": token}).status_code == 303
    with transaction(factory) as s:
        assert [c.author for c in s.scalars(select(Correction))] == ["ada"]


def test_logout_ends_the_session(client_as) -> None:  # type: ignore[no-untyped-def]
    client = client_as("vera")
    token = csrf_of(client.get("/").text)
    assert client.post("/logout", data={"csrf": token}).status_code == 303
    assert client.get("/").status_code == 303


def test_password_change_and_removal_end_sessions(client_as, factory) -> None:  # type: ignore[no-untyped-def]
    client = client_as("vera")
    assert client.get("/").status_code == 200
    with transaction(factory) as s:
        set_password(s, "vera", "a-brand-new-password")
    assert client.get("/").status_code == 303
    other = client_as("ali")
    with transaction(factory) as s:
        s.delete(s.scalars(select(User).where(User.username == "ali")).one())
    assert other.get("/").status_code == 303


def test_inactive_user_cannot_log_in(anon, factory) -> None:  # type: ignore[no-untyped-def]
    with transaction(factory) as s:
        s.scalars(select(User).where(User.username == "vera")).one().active = False
    response = login(anon, "vera")
    assert response.status_code == 200 and "نادرست" in response.text


def test_last_login_is_recorded(client_as, factory) -> None:  # type: ignore[no-untyped-def]
    client_as("ali")
    with transaction(factory) as s:
        assert s.scalars(select(User).where(User.username == "ali")).one().last_login is not None

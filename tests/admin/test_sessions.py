"""Logins kept on the server: a replayed cookie after logout, disable or reset opens nothing."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask

from admin_web import create_app
from lobby.store.models import UserSession
from lobby.store.sessions import hash_session_id
from tests.admin.helpers import PASSWORD, Browser

COOKIE = "lobby_admin_session"
NEW_PASSWORD = "Một-mật-khẩu-mới-rất-dài-7"


def _cookie(browser: Browser) -> str:
    return browser.client.get_cookie(COOKIE).value


def _cookie_data(app: Flask, value: str) -> dict:
    return app.session_interface.get_signing_serializer(app).loads(value)


def _sent_to_login(response) -> bool:
    return response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/login"


def test_replaying_the_cookie_after_logout_gives_the_login_page(app, staff, store):
    assert staff.get("/").status_code == 200
    assert staff.get("/results/export.csv").status_code == 200
    stolen, token = _cookie(staff), staff.token("/sign")
    assert staff.post("/logout").status_code == 302
    assert store.count_sessions() == 0

    replay = Browser(app.test_client())
    replay.client.set_cookie(COOKIE, stolen)
    assert _sent_to_login(replay.get("/"))
    replay.client.set_cookie(COOKIE, stolen)
    assert _sent_to_login(replay.get("/results/export.csv"))
    replay.client.set_cookie(COOKIE, stolen)
    added = replay.client.post(
        "/sign/add", data={"text": "Xin mời vào", "enabled": "y", "csrf_token": token}
    )
    assert _sent_to_login(added)
    assert store.list_sign_messages() == []


def test_the_cookie_carries_a_random_session_id_kept_hashed_on_the_server(app, staff, store, admin):
    data = _cookie_data(app, _cookie(staff))
    session_id = data["_user_id"]
    user_id = store.get_user_by_name(admin).id
    assert session_id != str(user_id) and len(session_id) >= 40
    assert set(data) <= {"_user_id", "_permanent"}  # the CSRF token and the rest stay on the server
    with store.session() as s:
        kept = s.query(UserSession).one()
        assert kept.id_hash == hash_session_id(session_id) != session_id
        assert kept.user_id == user_id
        assert kept.expires_at > kept.created_at


def test_disabling_a_user_ends_their_sessions_at_once(app, staff, store, password_hash):
    user_id = store.create_user("bientap", password_hash, role="editor")
    editor = Browser(app.test_client())
    assert editor.login("bientap").status_code == 302
    assert editor.get("/sign").status_code == 200
    assert staff.post(f"/users/{user_id}/disable").status_code == 302
    assert store.count_sessions(user_id) == 0
    assert _sent_to_login(editor.get("/sign"))
    assert editor.login("bientap").status_code == 401  # and cannot log in again
    assert staff.post(f"/users/{user_id}/enable").status_code == 302
    assert editor.login("bientap").status_code == 302


def test_resetting_a_password_ends_that_users_sessions(app, staff, store, password_hash):
    user_id = store.create_user("lanhdao", password_hash, role="leader")
    leader = Browser(app.test_client())
    assert leader.login("lanhdao").status_code == 302
    response = staff.post(
        f"/users/{user_id}/password",
        {"password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert _sent_to_login(leader.get("/results"))
    assert leader.login("lanhdao").status_code == 401
    assert leader.login("lanhdao", NEW_PASSWORD).status_code == 302


def test_changing_ones_own_password_keeps_this_login_and_ends_the_others(app, staff, admin):
    other = Browser(app.test_client())
    assert other.login(admin).status_code == 302
    response = staff.post(
        "/account/password",
        {"current": PASSWORD, "password": NEW_PASSWORD, "password_confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert staff.get("/").status_code == 200
    assert _sent_to_login(other.get("/"))


def test_sessions_of_two_apps_on_one_store_are_the_same_sessions(settings, store, staff, app):
    # A second admin process (or a restart) sees the same logins: they live in the store.
    second = create_app(settings, store, test_config={"TESTING": True})
    client, cookie = second.test_client(), _cookie(staff)
    client.set_cookie(COOKIE, cookie)
    assert client.get("/").status_code == 200
    staff.post("/logout")
    client.set_cookie(COOKIE, cookie)
    assert _sent_to_login(client.get("/"))


def test_a_stale_cookie_on_the_login_page_still_lets_one_log_in(app, staff, store, admin):
    stale = _cookie(staff)
    store.end_user_sessions(store.get_user_by_name(admin).id)
    visitor = Browser(app.test_client())
    visitor.client.set_cookie(COOKIE, stale)
    assert visitor.get("/login").status_code == 200
    assert visitor.login(admin).status_code == 302
    assert visitor.get("/").status_code == 200

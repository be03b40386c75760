"""The one-time setup link expires after [admin] setup_link_hours; the next start prints a new
one that works."""

from __future__ import annotations

from urllib.parse import urlsplit

from admin_web import create_app, setup_link_message, setup_url
from lobby.settings import load_settings
from tests.admin.helpers import PASSWORD, Browser
from tests.helpers_wait import wait_for


def _fill(browser: Browser, path: str, token_page: str):
    return browser.client.post(
        path,
        data={
            "csrf_token": browser.token(token_page),
            "username": "giamdoc",
            "password": PASSWORD,
            "password_confirm": PASSWORD,
        },
    )


def test_an_expired_setup_link_is_refused_and_the_next_start_prints_a_new_one(settings, store):
    app = create_app(settings, store, {"TESTING": True, "SETUP_LINK_SECONDS": 1.5})
    browser = Browser(app.test_client())
    old_path = urlsplit(setup_url(app)).path
    assert browser.get(old_path).status_code == 200
    wait_for(lambda: browser.get(old_path).status_code == 404, 10, "the link to expire")
    assert _fill(browser, old_path, "/login").status_code == 404
    assert store.count_users() == 0

    restarted = create_app(settings, store, {"TESTING": True})
    message = setup_link_message(restarted)
    assert message is not None and "trong 24 giờ" in message
    new_path = urlsplit(setup_url(restarted)).path
    assert new_path != old_path
    fresh = Browser(restarted.test_client())
    assert fresh.get(old_path).status_code == 404
    assert _fill(fresh, new_path, new_path).status_code == 302
    assert store.get_user_by_name("giamdoc").role == "admin"


def test_the_lifetime_comes_from_the_config(write_config, store):
    settings = load_settings(write_config("[admin]\nsetup_link_hours = 0.5\n"))
    app = create_app(settings, store, {"TESTING": True})
    assert "trong 0.5 giờ" in setup_link_message(app)
    assert app.extensions["lobby_admin"].setup.lifetime_seconds == 1800

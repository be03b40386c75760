"""First start: the one-time setup link creates the first administrator, once."""

from __future__ import annotations

from urllib.parse import urlsplit

from admin_web import create_app, setup_link_message, setup_url
from tests.admin.helpers import PASSWORD


def _setup_path(app) -> str:
    return urlsplit(setup_url(app)).path


def _fill(browser, path: str, username: str, password: str, confirm: str):
    return browser.client.post(
        path,
        data={
            "csrf_token": browser.token(path),
            "username": username,
            "password": password,
            "password_confirm": confirm,
        },
    )


def test_with_no_admin_the_console_message_carries_a_setup_link(app, settings):
    message = setup_link_message(app)
    assert message is not None
    url = setup_url(app)
    assert url in message
    assert url.startswith(f"http://127.0.0.1:{settings.admin.port}/setup/")
    assert len(urlsplit(url).path.rsplit("/", 1)[1]) >= 40  # ~256 random bits


def test_the_setup_link_creates_the_first_admin_once(app, browser, store):
    path = _setup_path(app)
    assert browser.get(path).status_code == 200
    response = _fill(browser, path, "giamdoc", PASSWORD, PASSWORD)
    assert response.status_code == 302
    user = store.get_user_by_name("giamdoc")
    assert user.role == "admin"
    assert user.password_hash.startswith("$argon2")
    assert browser.get("/").status_code == 200  # logged in straight away

    assert browser.get(path).status_code == 404
    assert _fill(browser, path, "keothu", PASSWORD, PASSWORD).status_code in (403, 404)
    assert store.count_users() == 1
    assert setup_link_message(app) is None


def test_the_setup_form_refuses_mismatched_passwords_and_keeps_the_link(app, browser, store):
    path = _setup_path(app)
    response = _fill(browser, path, "giamdoc", PASSWORD, PASSWORD + "x")
    assert response.status_code == 422
    assert "không khớp" in response.get_data(as_text=True)
    assert store.count_users() == 0
    assert browser.get(path).status_code == 200


def test_the_setup_form_refuses_a_short_password(app, browser, store):
    response = _fill(browser, _setup_path(app), "giamdoc", "ngan", "ngan")
    assert "ít nhất 12 ký tự" in response.get_data(as_text=True)
    assert store.count_users() == 0


def test_an_invalid_setup_token_is_not_found(app, browser):
    assert browser.get("/setup/khong-dung-ma").status_code == 404


def test_the_setup_page_does_nothing_once_an_admin_exists(app, browser, store, password_hash):
    path = _setup_path(app)
    store.create_user("quantri", password_hash)  # e.g. made with create-admin meanwhile
    response = browser.get(path)
    assert response.status_code == 403
    assert "Đã có tài khoản quản trị" in response.get_data(as_text=True)
    assert browser.get(path).status_code == 404
    assert setup_link_message(app) is None


def test_with_an_admin_no_setup_link_is_offered(settings, store, admin):
    assert setup_link_message(create_app(settings, store)) is None

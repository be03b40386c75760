"""Logging in and out, CSRF on every form, session cookies and their expiry, the signing key."""

from __future__ import annotations

import os
import sys
import unicodedata
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from flask import Flask

from admin_web import create_app
from admin_web.throttle import MAX_KEYS, LoginThrottle
from lobby import clock
from lobby.settings import ConfigError
from lobby.store.models import UserSession
from tests.admin.helpers import PASSWORD, Browser

LOGIN_FAILED = "Tên đăng nhập hoặc mật khẩu không đúng."


def test_login_with_the_right_password_opens_the_home_page(browser, admin):
    response = browser.login(admin)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = browser.get("/")
    assert page.status_code == 200
    assert admin in page.get_data(as_text=True)


def test_login_cookie_is_http_only_same_site_lax_and_expires(browser, admin):
    cookie = browser.login(admin).headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Expires=" in cookie


@pytest.mark.parametrize(
    "username, password", [("quantri", "sai-mat-khau-roi"), ("khongco", PASSWORD)]
)
def test_login_failure_gives_one_generic_vietnamese_message(browser, admin, username, password):
    response = browser.login(username, password)
    assert response.status_code == 401
    assert LOGIN_FAILED in response.get_data(as_text=True)
    assert browser.get("/").status_code == 302


@pytest.mark.parametrize(
    "next_url, expected",
    [
        ("/results?from=2025-01-01", "/results?from=2025-01-01"),
        ("https://evil.example/", "/"),
        ("//evil.example/x", "/"),
        ("/\\evil.example", "/"),
    ],
)
def test_login_goes_to_next_only_if_it_is_a_local_path(browser, admin, next_url, expected):
    response = browser.login(admin, next_url=next_url)
    assert response.headers["Location"] == expected


def test_a_page_asked_for_before_login_is_opened_after_login(browser, admin):
    login_page = browser.get("/sign", follow_redirects=True).get_data(as_text=True)
    assert 'name="next" type="hidden" value="/sign"' in login_page
    assert browser.login(admin, next_url="/sign").headers["Location"] == "/sign"


def test_logout_needs_a_post(staff):
    assert staff.get("/logout").status_code == 405
    assert staff.get("/").status_code == 200


def test_logout_without_csrf_token_is_rejected_and_keeps_the_session(staff):
    assert staff.client.post("/logout").status_code == 400
    assert staff.get("/").status_code == 200


def test_logout_with_csrf_token_ends_the_session(staff):
    response = staff.post("/logout", follow_redirects=True)
    assert "Bạn đã đăng xuất." in response.get_data(as_text=True)
    assert staff.get("/").status_code == 302


def test_a_post_without_csrf_token_is_rejected_and_changes_nothing(staff, store):
    response = staff.client.post("/sign/add", data={"text": "Biết lắng nghe", "enabled": "y"})
    assert response.status_code == 400
    assert "Biểu mẫu đã hết hạn hoặc không hợp lệ" in response.get_data(as_text=True)
    assert store.list_sign_messages() == []


def test_login_without_csrf_token_is_rejected(browser, admin):
    response = browser.client.post("/login", data={"username": admin, "password": PASSWORD})
    assert response.status_code == 400
    assert browser.get("/").status_code == 302


def _age_sessions(store, **changes) -> None:
    with store.session() as s:
        for row in s.query(UserSession):
            for name, value in changes.items():
                setattr(row, name, value)


def test_a_login_expires_after_session_hours(staff, store):
    assert staff.get("/sign").status_code == 200
    _age_sessions(store, expires_at=clock.utcnow() - timedelta(seconds=1))
    response = staff.get("/sign")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert "Phiên đăng nhập đã hết hạn" in staff.get("/login").get_data(as_text=True)
    assert staff.get("/").status_code == 302
    assert store.count_sessions() == 0


def test_a_login_ends_after_idle_minutes(staff, store, settings):
    idle = timedelta(minutes=settings.admin.idle_minutes)
    _age_sessions(store, last_seen_at=clock.utcnow() - idle + timedelta(minutes=1))
    assert staff.get("/").status_code == 200  # still inside the idle window: seen again now
    _age_sessions(store, last_seen_at=clock.utcnow() - idle - timedelta(seconds=1))
    assert staff.get("/").status_code == 302


def test_a_weak_old_hash_is_replaced_at_login(store, browser):
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    user_id = store.create_user("cu", weak)
    assert browser.login("cu").status_code == 302
    new_hash = store.get_user(user_id).password_hash
    assert new_hash != weak and new_hash.startswith("$argon2id$")


def test_secret_key_is_generated_once_in_a_private_file(settings, store):
    key_file = settings.path(settings.admin.secret_key_file)
    assert not key_file.exists()
    first = create_app(settings, store)
    assert key_file.exists()
    if sys.platform != "win32":
        assert os.stat(key_file).st_mode & 0o777 == 0o600
    assert len(first.secret_key) == 64
    assert create_app(settings, store).secret_key == first.secret_key


def test_an_unusable_secret_key_file_stops_start_up_naming_the_key(settings, store):
    key_file = settings.path(settings.admin.secret_key_file)
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key_file.write_text("short", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[admin\] secret_key_file"):
        create_app(settings, store)


def test_too_many_failed_logins_make_that_name_wait(settings, store, password_hash):
    store.create_user("quantri", password_hash)
    app = create_app(settings, store, {"TESTING": True, "LOGIN_MAX_FAILURES": 2})
    browser = Browser(app.test_client())
    for _ in range(2):
        assert browser.login("quantri", "doan-sai-mat-khau").status_code == 401
    refused = browser.login("quantri")  # even the right password waits now
    assert refused.status_code == 429
    assert "sai quá nhiều lần" in refused.get_data(as_text=True)
    assert browser.get("/").status_code == 302


def _app(settings, store, **config) -> Flask:
    return create_app(settings, store, {"TESTING": True, **config})


def test_an_overlong_name_or_password_gets_a_clear_message_and_no_processing(
    settings, store, password_hash
):
    store.create_user("quantri", password_hash)
    app = _app(settings, store)
    browser = Browser(app.test_client())
    throttle = app.extensions["lobby_admin"].throttle
    for username, password in (("n" * 250_000, PASSWORD), ("quantri", "p" * 257)):
        response = browser.login(username, password)
        assert response.status_code == 400
        page = response.get_data(as_text=True)
        assert "tối đa 64 ký tự" in page and "tối đa 256 ký tự" in page
        assert "n" * 100 not in page
    assert throttle.size() == 0
    assert browser.login("quantri").status_code == 302


def test_three_spellings_of_one_name_count_as_one(settings, store, password_hash):
    composed = unicodedata.normalize("NFC", "Nguyễn")
    decomposed = unicodedata.normalize("NFD", "Nguyễn")
    # e + circumflex composed, then the tilde combining: a third byte sequence of the same name.
    mixed = "Nguy\u00ea\u0303n"
    assert len({composed.encode(), decomposed.encode(), mixed.encode()}) == 3
    store.create_user(composed, password_hash)
    app = _app(settings, store, LOGIN_MAX_FAILURES=3)
    browser = Browser(app.test_client())
    for spelling in (composed, decomposed, mixed):
        assert browser.login(spelling, "sai-mat-khau-nhe").status_code == 401
    assert browser.login(decomposed).status_code == 429
    # One (address, name), one address, one name.
    assert app.extensions["lobby_admin"].throttle.size() == 3


def test_an_account_failing_from_everywhere_stops_the_addresses_that_failed(
    settings, store, password_hash
):
    store.create_user("quantri", password_hash)
    app = _app(settings, store, LOGIN_MAX_FAILURES=5, LOGIN_MAX_ACCOUNT_FAILURES=3)

    def login_from(address: str, password: str = PASSWORD) -> int:
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = address
        return Browser(client).login("quantri", password).status_code

    for n in range(3):
        assert login_from(f"10.0.0.{n + 1}", "doan-sai-mat-khau") == 401
    assert login_from("10.0.0.1") == 429  # an address that failed waits, even if right now
    assert login_from("10.0.0.99") == 302  # the owner at a PC that never failed gets in


def test_many_long_failed_names_keep_the_failure_table_bounded(settings, store):
    app = _app(settings, store, LOGIN_MAX_KEYS=4)
    browser = Browser(app.test_client())
    for n in range(9):
        assert browser.login(f"{n:02d}" + "x" * 62, "sai-mat-khau-nhe").status_code == 401
    assert app.extensions["lobby_admin"].throttle.size() <= 3 * 4


def test_the_default_failure_table_holds_at_most_ten_thousand_names_each():
    throttle = LoginThrottle(max_failures=1, max_address_failures=10 * MAX_KEYS)
    for n in range(MAX_KEYS + 2_000):
        throttle.failed("192.0.2.1", f"{n:06d}" + "ằ" * 58)
    assert throttle.size() == 2 * MAX_KEYS + 1  # and the one address
    assert not throttle.blocked("192.0.2.1", "000000" + "ằ" * 58)  # the oldest are forgotten
    assert throttle.blocked("192.0.2.1", f"{MAX_KEYS + 1_999:06d}" + "ằ" * 58)

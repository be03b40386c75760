"""New passwords are judged by a strength estimate (zxcvbn) that knows the user's name, the
office's names and the words every Vietnamese office tries first; the setup page asks the
server's minimum length."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from admin_web import setup_url
from admin_web.passwords import MIN_PASSWORD_LENGTH

WEAK = [
    ("123456789012", "mật khẩu phổ biến"),
    ("aaaaaaaaaaaa", "lặp lại ký tự"),
    ("matkhau123456", "quen thuộc ở công sở"),
    ("Admin@123456", "phím liền nhau"),
    ("nguyenvanan1990", "tên đăng nhập"),  # the user's own name
    ("Sonoivu2026!!", "quen thuộc ở công sở"),  # the office's name, without its marks
]


@pytest.mark.parametrize("password, reason", WEAK)
def test_a_long_but_guessable_password_is_refused_with_the_reason(staff, store, password, reason):
    response = staff.post(
        "/users",
        {
            "username": "nguyenvanan1990",
            "role": "editor",
            "password": password,
            "password_confirm": password,
        },
    )
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "Mật khẩu quá dễ đoán" in text and reason in text
    assert store.get_user_by_name("nguyenvanan1990") is None


def test_a_long_unrelated_phrase_is_accepted(staff, store):
    phrase = "mèo-vàng-ăn-phở-lúc-9-giờ"
    response = staff.post(
        "/users",
        {"username": "bientap", "role": "editor", "password": phrase, "password_confirm": phrase},
    )
    assert response.status_code == 302
    assert store.get_user_by_name("bientap") is not None


def test_a_reset_password_is_judged_against_that_account_s_name(staff, store, password_hash):
    user_id = store.create_user("tranthibinh", password_hash, role="editor")
    weak = "tranthibinh2025"
    response = staff.post(
        f"/users/{user_id}/password", {"password": weak, "password_confirm": weak}
    )
    assert response.status_code == 422
    assert "tên đăng nhập" in response.get_data(as_text=True)


def test_the_setup_page_asks_the_server_s_minimum_length_and_refuses_a_weak_password(
    store, browser
):
    app = browser.client.application
    path = urlsplit(setup_url(app)).path
    page = browser.get(path).get_data(as_text=True)
    lengths = re.findall(r'minlength="(\d+)"', page)
    assert lengths == [str(MIN_PASSWORD_LENGTH)] * 2
    token = browser.token(path)
    weak = "quantri123456"
    response = browser.client.post(
        path,
        data={
            "csrf_token": token,
            "username": "giamdoc",
            "password": weak,
            "password_confirm": weak,
        },
    )
    assert response.status_code == 422
    assert "Mật khẩu quá dễ đoán" in response.get_data(as_text=True)
    assert store.count_users() == 0

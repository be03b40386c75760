"""Account pages: list, create with a role, disable/enable, reset; the password rules."""

from __future__ import annotations

import unicodedata

import pytest

from admin_web.passwords import common_passwords, password_problem
from tests.admin.helpers import PASSWORD, Browser

NEW = "Một-mật-khẩu-mới-rất-dài-7"


def _create(staff: Browser, username: str, role: str = "editor", password: str = NEW):
    return staff.post(
        "/users",
        {"username": username, "role": role, "password": password, "password_confirm": password},
    )


def test_an_admin_creates_an_account_with_a_role_that_can_log_in(app, staff, store):
    assert _create(staff, "lanhdao", "leader").status_code == 302
    row = store.get_user_by_name("lanhdao")
    assert row.role == "leader" and row.active
    page = staff.get("/users").get_data(as_text=True)
    assert "lanhdao" in page and "Lãnh đạo" in page
    assert "Đặt lại mật khẩu: lanhdao" in page and "Khoá: lanhdao" in page
    leader = Browser(app.test_client())
    assert leader.login("lanhdao", NEW).headers["Location"] == "/"
    assert leader.get("/results").status_code == 200
    assert leader.get("/users").status_code == 403


@pytest.mark.parametrize(
    "password, message",
    [
        ("ngắn-quá-1", "ít nhất 12 ký tự"),
        (" " * 14, "chỉ gồm dấu cách"),
        ("\u3000" * 13, "chỉ gồm dấu cách"),
        ("password1234", "quá phổ biến"),
        ("QWERTY123456", "quá phổ biến"),
        ("x" * 257, "quá dài"),
    ],
)
def test_a_weak_password_is_refused_with_a_reason_and_nothing_is_created(
    staff, store, password, message
):
    response = _create(staff, "yeu", password=password)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert store.get_user_by_name("yeu") is None
    assert "yeu" in response.get_data(as_text=True)  # what was typed is kept


def test_password_length_is_counted_after_nfc():
    decomposed = unicodedata.normalize("NFD", "Hồ-Gươm-ơi")  # 10 letters, more code points
    assert len(decomposed) >= 12
    assert "ít nhất 12" in password_problem(decomposed, decomposed)
    composed = unicodedata.normalize("NFC", "Hồ-Gươm-ơi-2026")
    assert password_problem(composed, unicodedata.normalize("NFD", composed)) is None


def test_the_common_password_list_is_shipped_with_its_source():
    words = common_passwords()
    assert 2_000 <= len(words) <= 10_000
    assert {"123456", "password", "qwerty123456"} <= words
    from admin_web.passwords import COMMON_PASSWORDS_FILE

    header = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()[:8]
    assert any("zxcvbn" in line for line in header)


def test_a_taken_name_and_an_unknown_role_are_refused(staff, store, admin):
    taken = _create(staff, admin)
    assert taken.status_code == 422 and "đã có" in taken.get_data(as_text=True)
    unknown = _create(staff, "khach", role="boss")
    assert unknown.status_code == 422 and "không tồn tại" in unknown.get_data(as_text=True)
    assert store.get_user_by_name("khach") is None


def test_the_last_admin_and_oneself_cannot_be_disabled(staff, store, admin, password_hash):
    me = store.get_user_by_name(admin)
    response = staff.post(f"/users/{me.id}/disable", follow_redirects=True)
    assert "Không thể tự khoá" in response.get_data(as_text=True)
    assert store.get_user(me.id).active
    other = store.create_user("quantri2", password_hash, role="admin")
    assert staff.post(f"/users/{other}/disable").status_code == 302
    assert not store.get_user(other).active


def test_a_missing_account_gives_404(staff):
    assert staff.post("/users/999/disable").status_code == 404
    assert staff.get("/users/999/password").status_code == 404


def test_own_password_needs_the_current_one(staff, store, admin):
    response = staff.post(
        "/account/password", {"current": "không-phải", "password": NEW, "password_confirm": NEW}
    )
    assert response.status_code == 422
    assert "Mật khẩu hiện tại không đúng" in response.get_data(as_text=True)
    old_hash = store.get_user_by_name(admin).password_hash
    ok = staff.post(
        "/account/password", {"current": PASSWORD, "password": NEW, "password_confirm": NEW}
    )
    assert ok.status_code == 302
    assert store.get_user_by_name(admin).password_hash != old_hash


def test_every_role_may_change_its_own_password(app, store, password_hash):
    for role in ("editor", "leader"):
        store.create_user(f"u-{role}", password_hash, role=role)
        browser = Browser(app.test_client())
        assert browser.login(f"u-{role}").status_code == 302
        assert browser.get("/account/password").status_code == 200

"""The central server's sites page (/sites), on a real PostgreSQL: a province administrator
creates a site and sees its token once, issues a new one, revokes it (the site's pushes are then
refused), each change audited; sites silent too long or with a clock off are flagged, here and
on the front page. Other servers and other accounts do not have the page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from admin_web import create_app
from lobby import clock
from lobby.settings import load_settings
from lobby.store import Store
from lobby.store.models import Site
from tests.admin.helpers import Browser, csrf_from
from tests.admin.helpers_sites import central_config_text, login_scoped

TOKEN = re.compile(r'<p class="token" id="token">(lobby_[^<]+)</p>')


@pytest.fixture
def central(write_config, postgres_server):
    """The admin of a central server on a fresh PostgreSQL database, and its store."""
    url = postgres_server.new_database()
    settings = load_settings(write_config(central_config_text(url)))
    store = Store.open(url)
    yield create_app(settings, store, test_config={"TESTING": True}), store
    store.close()


@pytest.fixture
def province_admin(central, password_hash) -> Browser:
    app, store = central
    return login_scoped(store, app, password_hash, "tinh", "admin", None)


def _create(browser: Browser, code: str, name: str):
    token = csrf_from(browser.get("/sites").get_data(as_text=True))
    return browser.client.post("/sites", data={"code": code, "name": name, "csrf_token": token})


def _button(browser: Browser, url: str):
    token = csrf_from(browser.get("/sites").get_data(as_text=True))
    return browser.client.post(url, data={"csrf_token": token})


def test_creating_a_site_shows_its_token_once_and_audits_it(central, province_admin):
    _app, store = central
    response = _create(province_admin, "xa-tan-phu", "UBND xã Tân Phú")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    (token,) = TOKEN.findall(html)
    assert "chỉ hiện một lần" in html
    site = store.site_for_token(token)
    assert site is not None and site.code == "xa-tan-phu"
    listing = province_admin.get("/sites").get_data(as_text=True)
    assert "UBND xã Tân Phú" in listing and token not in listing
    (entry,) = store.audit_entries(action="site.create")
    assert entry.username == "tinh" and entry.target == "site:xa-tan-phu"
    assert token not in f"{entry.before} {entry.after}"


def test_revoking_a_token_refuses_the_site_and_a_new_token_replaces_it(central, province_admin):
    _app, store = central
    (first,) = TOKEN.findall(_create(province_admin, "so-tu-phap", "Sở Tư pháp").get_data(True))
    renewed = _button(province_admin, "/sites/so-tu-phap/token")
    assert renewed.status_code == 200
    (second,) = TOKEN.findall(renewed.get_data(as_text=True))
    assert second != first
    assert store.site_for_token(first) is None
    assert store.site_for_token(second).code == "so-tu-phap"
    revoked = _button(province_admin, "/sites/so-tu-phap/token/revoke")
    assert revoked.status_code == 302
    assert store.site_for_token(second) is None
    assert "Chưa cấp hoặc đã thu hồi" in province_admin.get("/sites").get_data(as_text=True)
    actions = [e.action for e in store.audit_entries(username="tinh")]
    assert actions.count("site.token_issue") == 1 and actions.count("site.token_revoke") == 1
    # Nothing left to revoke: said so, and nothing more is audited.
    again = _button(province_admin, "/sites/so-tu-phap/token/revoke")
    assert again.status_code == 302
    assert [e.action for e in store.audit_entries(username="tinh")].count("site.token_revoke") == 1


@pytest.mark.parametrize(
    ("code", "name", "message"),
    [
        ("local", "Trùng mã", "đã có"),
        ("xã tân phú", "UBND xã Tân Phú", "Mã cơ quan chỉ gồm"),
        ("xa-moi", "", "không được để trống"),
    ],
)
def test_a_bad_or_taken_code_is_refused_and_nothing_is_added(
    central, province_admin, code, name, message
):
    _app, store = central
    response = _create(province_admin, code, name)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert [s.code for s in store.site_list()] == ["local"]
    assert store.audit_entries(action="site.create") == []


def test_a_post_without_its_csrf_token_changes_nothing(central, province_admin):
    _app, store = central
    response = province_admin.client.post("/sites", data={"code": "xa-a", "name": "Xã A"})
    assert response.status_code == 400
    assert store.site_by_code("xa-a") is None


def test_silent_sites_and_skewed_clocks_are_flagged_here_and_on_the_front_page(
    central, province_admin
):
    _app, store = central
    for code, name in (("xa-im", "Xã Im Lặng"), ("xa-lech", "Xã Lệch Giờ"), ("xa-tot", "Xã Tốt")):
        store.create_site(code, name, "tinh")
    quiet, skewed, fine = (store.site_by_code(c).id for c in ("xa-im", "xa-lech", "xa-tot"))
    store.mark_site_push(quiet, 2.0)
    with store.session() as s:
        s.get(Site, quiet).last_push_at = clock.utcnow() - timedelta(hours=30)
    store.mark_site_push(skewed, -300.0)
    store.mark_site_push(fine, 30.0)
    page = province_admin.get("/sites").get_data(as_text=True)
    rows = {
        code: re.search(rf'<tr id="site-{code}">(.*?)</tr>', page, re.S).group(1)
        for code in ("xa-im", "xa-lech", "xa-tot")
    }
    assert "Không gửi quá 24 giờ" in rows["xa-im"] and "Đồng hồ lệch" not in rows["xa-im"]
    assert (
        "Đồng hồ lệch quá 120 giây" in rows["xa-lech"] and "chậm 5 phút 0 giây" in rows["xa-lech"]
    )
    assert "Không gửi" not in rows["xa-tot"] and "Đồng hồ lệch" not in rows["xa-tot"]
    front = province_admin.get("/").get_data(as_text=True)
    warning = re.search(
        r'<div class="error" role="alert" id="site-warning">(.*?)</div>', front, re.S
    )
    assert warning, "no site warning on the front page"
    text = warning.group(1)
    assert "Xã Im Lặng" in text and "Xã Lệch Giờ" in text and "Xã Tốt" not in text
    assert "Cơ quan không gửi số liệu quá 24 giờ" in text


def test_only_province_administrators_have_the_page(central, password_hash):
    app, store = central
    store.create_site("xa-a", "Xã A", "tinh")
    site_a = store.site_by_code("xa-a").id
    leader = login_scoped(store, app, password_hash, "lanhdao-tinh", "leader", None)
    assert leader.get("/sites").status_code == 403
    scoped = login_scoped(store, app, password_hash, "quantri-xa", "admin", site_a)
    assert scoped.get("/sites").status_code == 403
    assert 'href="/sites"' not in scoped.get("/users").get_data(as_text=True)
    province = login_scoped(store, app, password_hash, "quantri-tinh", "admin", None)
    assert '<a href="/sites">Các cơ quan</a>' in province.get("/users").get_data(as_text=True)


def test_a_site_server_has_no_sites_page(staff):
    assert staff.get("/sites").status_code == 404
    assert 'href="/sites"' not in staff.get("/users").get_data(as_text=True)

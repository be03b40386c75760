"""Who owns what once a site forwards to the central server ([central] url set): the survey,
units, counters and officials, the sign's messages and notices and public information are the
centre's. Walking the URL map: every POST to those pages is refused with 409 and the notice,
the store unchanged; their pages say so. Without a url the same POSTs change the store. The other
way round, the central server shows what each site owns (paper entries, cases, letters,
devices) read-only."""

from __future__ import annotations

import pytest
from flask import url_for
from sqlalchemy import select

from admin_web import create_app
from admin_web.roles import (
    CENTRE_OWNED_NOTICE,
    CENTRE_OWNED_READ_POSTS,
    SITE_OWNED_NOTICE,
    centre_owned,
    site_owned,
)
from lobby.settings import load_settings
from lobby.store import OfficialFields, Store
from lobby.store.models import Base
from tests.admin.helpers import Browser
from tests.admin.helpers_sites import CENTRAL, login_scoped, site_objects

FORWARDING = '[central]\nurl = "https://trung-tam.example.vn"\ntoken = "lobby_ma-cua-co-quan"\n'
# A POST to each kind of page, with what a user would type: refused on a forwarding site.
CHANGES = {
    "/units": {"name": "Phòng Mới"},
    "/counters": {"name": "Quầy Mới"},
    "/officials/new": {"code": "CB-MOI", "name": "Trần Thị Mới"},
    "/sign/add": {
        "text": "Xin chao quy khach",
        "enabled": "y",
        "weekdays": [str(day) for day in range(7)],
        "mode": "rotate",
    },
}


def _app(write_config, text: str, password_hash):
    settings = load_settings(write_config(text))
    store = Store.open(settings.store_url)
    store.create_user("quantri", password_hash, role="admin")
    store.add_unit("Phòng Một")
    store.add_counter("Quầy Một", None)
    store.add_official("CB-1", OfficialFields("Nguyễn Văn Một", "", None, None))
    store.add_sign_message("Xin chào", True, {}, by="quantri")
    app = create_app(settings, store, test_config={"TESTING": True})
    browser = Browser(app.test_client())
    assert browser.login("quantri").status_code == 302
    return app, store, browser


@pytest.fixture
def forwarding_site(write_config, password_hash):
    """A site whose config names its central server, with an administrator logged in."""
    app, store, browser = _app(write_config, FORWARDING, password_hash)
    yield app, store, browser
    store.close()


@pytest.fixture
def lone_site(write_config, password_hash):
    """A site forwarding nowhere ([central] url empty)."""
    app, store, browser = _app(write_config, "", password_hash)
    yield app, store, browser
    store.close()


def _snapshot(store) -> dict[str, list]:
    """Every row of every table, to prove a refused request changed nothing."""
    with store.session() as s:
        return {
            table.name: sorted(map(repr, s.execute(select(table)).all()))
            for table in Base.metadata.sorted_tables
            if table.name not in ("user_sessions", "meta")
        }


def _posts(app, owned, values=None) -> list[tuple[str, str]]:
    """Return the POST endpoints ``owned`` says are another server's, with a URL each."""
    posts = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if owned(rule.endpoint) and "POST" in rule.methods:
                args = {name: (values or {}).get(name, 1) for name in rule.arguments}
                posts.append((rule.endpoint, url_for(rule.endpoint, **args)))
    return posts


def test_every_post_to_a_centre_owned_page_is_refused_and_changes_nothing(forwarding_site):
    app, store, browser = forwarding_site
    posts = _posts(app, centre_owned)
    endpoints = {endpoint for endpoint, _url in posts}
    assert {"survey.edit", "people.units", "people.official_edit", "sign.add"} <= endpoints
    assert {"public.add", "people.officials_import", "sign.end_notice"} <= endpoints
    before = _snapshot(store)
    token = browser.token()
    refused = 0
    for endpoint, url in posts:
        data = {"csrf_token": token, **CHANGES.get(url, {})}
        response = browser.client.post(url, data=data)
        if endpoint in CENTRE_OWNED_READ_POSTS:
            assert response.status_code != 409, url  # a preview changes nothing
            continue
        assert response.status_code == 409, (url, response.status_code)
        assert CENTRE_OWNED_NOTICE in response.get_data(as_text=True), url
        refused += 1
    assert refused >= 30
    assert _snapshot(store) == before


def test_centre_owned_pages_say_who_owns_them(forwarding_site):
    _app, _store, browser = forwarding_site
    for url in ("/survey", "/units", "/counters", "/officials", "/sign", "/public"):
        response = browser.get(url)
        assert response.status_code == 200, url
        assert CENTRE_OWNED_NOTICE in response.get_data(as_text=True), url
    # What the site owns is its own to change, and says nothing of the centre.
    for url in ("/cases", "/letters", "/paper/entry", "/devices", "/users"):
        assert CENTRE_OWNED_NOTICE not in browser.get(url).get_data(as_text=True), url


def test_what_the_site_owns_is_still_changed_on_a_forwarding_site(forwarding_site):
    _app, store, browser = forwarding_site
    data = {
        "username": "lanhdao",
        "role": "leader",
        "password": "Mật-khẩu-lãnh-đạo-2025",
        "password_confirm": "Mật-khẩu-lãnh-đạo-2025",
    }
    assert browser.post("/users", data).status_code == 302
    assert store.get_user_by_name("lanhdao") is not None


def test_without_a_url_the_site_changes_them_itself(lone_site):
    _app, store, browser = lone_site
    for url, data in CHANGES.items():
        response = browser.post(url, data)
        assert response.status_code == 302, (url, response.status_code)
    assert "Phòng Mới" in {u.name for u in store.list_units()}
    assert "Quầy Mới" in {c.name for c in store.list_counters()}
    assert "CB-MOI" in {o.code for o in store.official_infos()}
    assert "Xin chao quy khach" in {m.text for m in store.list_sign_messages()}
    assert CENTRE_OWNED_NOTICE not in browser.get("/units").get_data(as_text=True)


def test_the_central_server_shows_what_sites_own_read_only(write_config, password_hash):
    settings = load_settings(write_config(CENTRAL))
    store = Store.open(settings.store_url)
    try:
        site = store.create_site("xa-a", "Xã A", "tinh")[0].id
        objects = site_objects(store, site, "A")
        app = create_app(settings, store, test_config={"TESTING": True})
        browser = login_scoped(store, app, password_hash, "quantri-tinh", "admin", None)
        device = {"kind": "kiosk", "id": objects["device"]}
        posts = _posts(app, site_owned, objects)
        assert {"paper.entry", "cases.note", "letters.issue", "devices.place"} <= {
            endpoint for endpoint, _url in posts
        }
        before = _snapshot(store)
        token = browser.token()
        for endpoint, url in posts:
            data = {"csrf_token": token, "text": "Đã gọi lại", "name": "Kiosk sảnh"}
            query = device if endpoint.startswith("devices.") else None
            response = browser.client.post(url, data=data, query_string=query)
            assert response.status_code == 409, (url, response.status_code)
            assert SITE_OWNED_NOTICE in response.get_data(as_text=True), url
        assert _snapshot(store) == before
        case_page = browser.get(f"/cases/{objects['case_id']}").get_data(as_text=True)
        assert SITE_OWNED_NOTICE in case_page
        # Letter templates are the centre's own: not refused.
        assert not site_owned("letters.template_edit")
        assert SITE_OWNED_NOTICE not in browser.get("/letters/templates").get_data(as_text=True)
    finally:
        store.close()

"""Roles scoped to a site, on a central server: walking the whole URL map as an administrator,
editor and leader of site A, every page naming an object of site B (by the id in its URL, a
device, a case to answer) or the filter ``?site=`` of site B answers 403, while their own
site's objects and filter open; province-wide administrators and leaders reach every site."""

from __future__ import annotations

import pytest
from flask import url_for

from admin_web import create_app
from admin_web.roles import (
    PUBLIC_ENDPOINTS,
    ROLES,
    SITE_OWNED_NOTICE,
    central_refuses,
    role_allows,
    user_allows,
)
from admin_web.site_scope import SCOPED_URL_ARGS
from lobby.settings import load_settings
from lobby.store import Store
from tests.admin.helpers_sites import CENTRAL, central_config_text, login_scoped, site_objects

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
# The device the devices pages act on is named in the query (?kind=kiosk&id=...).
DEVICE_ENDPOINTS = {"devices.edit", "devices.issue_token", "devices.revoke_token", "devices.place"}
# Reached by a site's token only (the push and pull of the forwarder), never as a page.
TOKEN_ONLY_BLUEPRINTS = {"central_api"}


class Scoped:
    """What the user of a walk is: its role and site (None: province-wide)."""

    def __init__(self, role: str, site_id: int | None) -> None:
        self.role, self.site_id = role, site_id


def _central(settings, password_hash):
    """Yield a central server with sites A and B, each with its own objects and staff."""
    store = Store.open(settings.store_url)
    site_a = store.create_site("xa-a", "Xã A", "tinh")[0].id
    site_b = store.create_site("xa-b", "Xã B", "tinh")[0].id
    objects = {site_a: site_objects(store, site_a, "A"), site_b: site_objects(store, site_b, "B")}
    for site_id, tag in ((site_a, "A"), (site_b, "B")):
        user_id = store.create_user(f"nhanvien-{tag}", password_hash, role="leader")
        store.set_user_access(user_id, "leader", site_id)
        objects[site_id]["user_id"] = user_id
    app = create_app(settings, store, test_config={"TESTING": True})
    yield app, store, site_a, site_b, objects
    store.close()


@pytest.fixture
def central(write_config, password_hash):
    """A central server on SQLite with sites A and B, each with its own objects and staff."""
    yield from _central(load_settings(write_config(CENTRAL)), password_hash)


@pytest.fixture
def central_pg(write_config, password_hash, postgres_server):
    """The same central server on a real PostgreSQL, the central server's own engine."""
    text = central_config_text(postgres_server.new_database())
    yield from _central(load_settings(write_config(text)), password_hash)


def _rules(app):
    return [
        rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in PUBLIC_ENDPOINTS
        and rule.endpoint.partition(".")[0] not in TOKEN_ONLY_BLUEPRINTS
    ]


def _names_object(rule) -> bool:
    """Return True if the page acts on one object of a site (named in its URL or query)."""
    return bool(set(rule.arguments) & set(SCOPED_URL_ARGS)) or rule.endpoint in (
        DEVICE_ENDPOINTS | {"letters.new"}
    )


def _url(app, rule, objects: dict, site_code: str | None) -> str:
    values = {name: objects.get(name, 1) for name in rule.arguments}
    if rule.endpoint in DEVICE_ENDPOINTS:
        values |= {"kind": "kiosk", "id": objects["device"]}
    if rule.endpoint == "letters.new":
        values["case"] = objects["case_id"]
    if site_code:
        values["site"] = site_code
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def _walk(app, browser, objects, site_code, refused) -> set[tuple[str, str, bool]]:
    """Open every page; refused ones must answer 403, allowed GETs anything but 401/403/500,
    allowed changes (sent without their CSRF token) 400: past every guard, nothing changed;
    a change to what a site owns, 409 (the central server shows it read-only)."""
    checked = set()
    for rule in _rules(app):
        url = _url(app, rule, objects, site_code)
        no = refused(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            changes = method in STATE_CHANGING
            data = {"csrf_token": browser.token()} if changes and no else None
            response = browser.client.open(url, method=method, data=data)
            if no:
                assert response.status_code == 403, (method, url, response.status_code)
            elif changes:
                expected = 409 if central_refuses(rule.endpoint, method) else 400
                assert response.status_code == expected, (method, url, response.status_code)
            else:
                assert response.status_code not in (401, 403, 500), (method, url)
            checked.add((method, rule.endpoint, no))
    return checked


@pytest.mark.parametrize("role", ROLES)
def test_a_site_user_is_refused_every_object_of_another_site(central, password_hash, role):
    app, store, site_a, site_b, objects = central
    user = Scoped(role, site_a)
    browser = login_scoped(store, app, password_hash, f"{role}-xa-a", role, site_a)
    checked = _walk(
        app,
        browser,
        objects[site_b],
        None,
        lambda rule: not user_allows(user, rule.endpoint) or _names_object(rule),
    )
    refused = {endpoint for _m, endpoint, no in checked if no}
    if role_allows(role, "cases.case"):
        assert {"cases.case", "cases.note", "letters.view", "letters.new"} <= refused
    if role == "admin":
        assert {"people.official_edit", "people.unit_edit", "devices.edit", "users.disable"} <= (
            refused
        )
    # The province's own pages are closed to a site's user whatever its role.
    assert {"sites.index", "audit.index", "survey.edit", "sign.index"} <= refused


@pytest.mark.parametrize("role", ROLES)
def test_a_site_user_reaches_its_own_site_and_its_own_filter(central, password_hash, role):
    app, store, site_a, _site_b, objects = central
    user = Scoped(role, site_a)
    browser = login_scoped(store, app, password_hash, f"{role}-xa-a", role, site_a)
    checked = _walk(
        app, browser, objects[site_a], "xa-a", lambda rule: not user_allows(user, rule.endpoint)
    )
    opened = {endpoint for _m, endpoint, no in checked if not no}
    if role == "admin":
        assert {"people.official_edit", "devices.edit", "users.reset_password"} <= opened
    if role_allows(role, "cases.case"):
        assert {"cases.case", "letters.view", "letters.new", "visit_lookup.index"} <= opened
    assert "users.own_password" in opened


@pytest.mark.parametrize("role", ROLES)
def test_another_sites_filter_is_refused_on_every_page(central, password_hash, role):
    app, store, site_a, _site_b, objects = central
    browser = login_scoped(store, app, password_hash, f"{role}-xa-a", role, site_a)
    checked = _walk(app, browser, objects[site_a], "xa-b", lambda rule: True)
    assert {"main.index", "users.own_password", "cases.index"} <= {e for _m, e, _n in checked}


@pytest.mark.parametrize("role", ["admin", "leader"])
@pytest.mark.parametrize("site_filter", [None, "xa-b"])
def test_province_users_reach_every_site(central, password_hash, role, site_filter):
    app, store, _site_a, site_b, objects = central
    browser = login_scoped(store, app, password_hash, f"{role}-tinh", role, None)
    checked = _walk(
        app,
        browser,
        objects[site_b],
        site_filter,
        lambda rule: not role_allows(role, rule.endpoint),
    )
    opened = {endpoint for _m, endpoint, no in checked if not no}
    assert {"cases.case", "letters.view", "letters.new"} <= opened
    if role == "admin":
        assert {"sites.index", "people.official_edit", "devices.edit", "users.access"} <= opened


def test_lists_show_only_the_site_users_own_rows(central, password_hash):
    app, store, site_a, _site_b, _objects = central
    scoped = login_scoped(store, app, password_hash, "quantri-xa-a", "admin", site_a)
    pages = {
        "/officials": ("Nguyễn Văn A", "Nguyễn Văn B"),
        "/units": ("Phòng A", "Phòng B"),
        "/counters": ("Quầy A", "Quầy B"),
        "/cases": ("Chờ lâu quá A", "Chờ lâu quá B"),
        "/letters": ("Bà A", "Bà B"),
        "/devices": ("kiosk-A", "kiosk-B"),
        "/users": ("nhanvien-A", "nhanvien-B"),
    }
    for url, (own, other) in pages.items():
        html = scoped.get(url).get_data(as_text=True)
        assert own in html and other not in html, url
    province = login_scoped(store, app, password_hash, "quantri-tinh", "admin", None)
    for url, (own, other) in pages.items():
        html = province.get(url).get_data(as_text=True)
        assert own in html and other in html, url
        filtered = province.get(f"{url}?site=xa-b").get_data(as_text=True)
        if url != "/users":
            assert other in filtered and own not in filtered, url


def test_a_site_administrator_cannot_make_province_users(central, password_hash):
    app, store, site_a, site_b, objects = central
    scoped = login_scoped(store, app, password_hash, "quantri-xa-a", "admin", site_a)
    page = scoped.get("/users").get_data(as_text=True)
    assert "Toàn tỉnh" not in page
    # Asking for the province, or for site B, still makes an account of site A.
    for name, site in (("moi-1", ""), ("moi-2", "xa-b")):
        data = {
            "username": name,
            "role": "admin",
            "site": site,
            "password": "Mật-khẩu-mới-đủ-dài-2025",
            "password_confirm": "Mật-khẩu-mới-đủ-dài-2025",
        }
        assert scoped.post("/users", data).status_code == 302
        assert store.get_user_by_name(name).site_id == site_a
    own = objects[site_a]["user_id"]
    response = scoped.post(f"/users/{own}/access", {"role": "admin", "site": ""})
    assert response.status_code == 302
    assert (store.get_user(own).role, store.get_user(own).site_id) == ("admin", site_a)
    other = objects[site_b]["user_id"]
    assert scoped.post(f"/users/{other}/access", {"role": "admin"}).status_code == 403
    assert store.get_user(other).role == "leader"


def test_a_province_administrator_sets_a_users_site_and_role_audited(central, password_hash):
    app, store, site_a, site_b, objects = central
    province = login_scoped(store, app, password_hash, "quantri-tinh", "admin", None)
    user_id = objects[site_a]["user_id"]
    response = province.post(f"/users/{user_id}/access", {"role": "admin", "site": "xa-b"})
    assert response.status_code == 302
    assert (store.get_user(user_id).role, store.get_user(user_id).site_id) == ("admin", site_b)
    (entry,) = store.audit_entries(action="user.access")
    assert "Xã A" in entry.before and "Xã B" in entry.after
    province.post(f"/users/{user_id}/access", {"role": "leader", "site": ""})
    assert store.get_user(user_id).site_id is None
    # No one changes their own access (a province's last administrator stays one).
    me = store.get_user_by_name("quantri-tinh").id
    province.post(f"/users/{me}/access", {"role": "admin", "site": "xa-a"})
    assert store.get_user(me).site_id is None


def test_a_site_administrator_cannot_tie_its_rows_to_another_sites(central, password_hash):
    app, store, site_a, site_b, objects = central
    scoped = login_scoped(store, app, password_hash, "quantri-xa-a", "admin", site_a)
    own, other = objects[site_a], objects[site_b]
    response = scoped.post(
        f"/officials/{own['official_id']}",
        {"name": "Nguyễn Văn A", "title": "", "unit_id": str(other["unit_id"]), "counter_id": ""},
    )
    assert response.status_code == 422
    assert "Đơn vị đã chọn không còn" in response.get_data(as_text=True)
    assert store.get_official_info(own["official_id"]).unit_id is None
    # A kiosk's place is its site's to set: the central server shows it read-only.
    place = f"/devices/place?kind=kiosk&id={own['device']}"
    refused = scoped.post(place, {"place": f"counter:{own['counter_id']}"})
    assert refused.status_code == 409
    assert SITE_OWNED_NOTICE in refused.get_data(as_text=True)
    assert store.device_placement(own["device"]) is None


def test_on_postgresql_a_site_administrator_is_refused_another_sites_objects(
    central_pg, password_hash
):
    app, store, site_a, site_b, objects = central_pg
    user = Scoped("admin", site_a)
    browser = login_scoped(store, app, password_hash, "admin-xa-a", "admin", site_a)
    checked = _walk(
        app,
        browser,
        objects[site_b],
        None,
        lambda rule: not user_allows(user, rule.endpoint) or _names_object(rule),
    )
    refused = {endpoint for _m, endpoint, no in checked if no}
    assert {"cases.case", "letters.view", "people.official_edit", "devices.edit"} <= refused
    own = _walk(app, browser, objects[site_a], "xa-a", lambda r: not user_allows(user, r.endpoint))
    assert {"cases.case", "people.official_edit"} <= {e for _m, e, no in own if not no}


def test_a_visit_code_finds_only_the_site_users_own_visits(central, password_hash):
    app, store, site_a, _site_b, objects = central
    scoped = login_scoped(store, app, password_hash, "lanhdao-xa-a", "leader", site_a)
    province = login_scoped(store, app, password_hash, "lanhdao-tinh", "leader", None)
    found = '<table id="visits">'
    for tag, visit_id in (("A", objects[site_a]["visit"]), ("B", objects[_site_b]["visit"])):
        url = f"/tra-ma?ma={visit_id[:6].upper()}"
        assert (found in scoped.get(url).get_data(as_text=True)) == (tag == "A"), tag
        assert found in province.get(url).get_data(as_text=True), tag

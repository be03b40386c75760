"""Who may reach what: every page needs a login, each role its areas only (walking the URL map)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from flask import Blueprint, url_for

from admin_web import create_app
from admin_web.roles import PUBLIC_ENDPOINTS, ROLES, role_allows
from tests.admin.helpers import Browser

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def _protected_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint not in PUBLIC_ENDPOINTS]


def _url(app, rule) -> str:
    with app.test_request_context():
        return url_for(rule.endpoint, **{name: 1 for name in rule.arguments})


def test_public_endpoints_are_only_login_setup_static_and_the_public_page():
    public_page = {"public_site.index", "public_site.download", "public_site.poster"}
    assert set(PUBLIC_ENDPOINTS) == {"auth.login", "auth.setup", "static"} | public_page


def test_every_page_sends_anonymous_visitors_to_login(app, browser):
    checked = set()
    for rule in _protected_rules(app):
        url = _url(app, rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            # A valid CSRF token: the refusal must come from the missing login, not from CSRF.
            data = {"csrf_token": browser.token()} if method in STATE_CHANGING else None
            response = browser.client.open(url, method=method, data=data)
            assert response.status_code in (302, 401), (method, url, response.status_code)
            if response.status_code == 302:
                assert urlsplit(response.headers["Location"]).path == "/login", (method, url)
            checked.add((method, rule.endpoint))
    assert ("POST", "auth.logout") in checked
    assert ("POST", "sign.add") in checked
    assert ("GET", "results.export_csv") in checked
    assert ("GET", "sign.board_json") in checked


def test_board_json_answers_401_to_an_anonymous_poll(browser):
    response = browser.get("/sign/board.json")
    assert response.status_code == 401
    assert "đăng nhập" in response.get_json()["error"]


def _login_as(store, browser, password_hash, role: str) -> Browser:
    store.create_user(f"nguoi-{role}", password_hash, role=role)
    assert browser.login(f"nguoi-{role}").status_code == 302
    return browser


def _walk(app, browser, expect_allowed) -> set[tuple[str, str]]:
    """Open every protected endpoint; refused ones must answer 403, allowed GETs anything else."""
    checked = set()
    for rule in _protected_rules(app):
        url = _url(app, rule)
        allowed = expect_allowed(rule.endpoint)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            changes = method in STATE_CHANGING
            # An allowed change is sent without its CSRF token: it must pass the role guard and
            # stop at the CSRF check (400), changing nothing.
            data = {"csrf_token": browser.token()} if changes and not allowed else None
            response = browser.client.open(url, method=method, data=data)
            if allowed and changes:
                assert response.status_code == 400, (method, url, response.status_code)
            elif allowed:
                assert response.status_code not in (401, 403, 500), (method, url)
            else:
                assert response.status_code == 403, (method, url, response.status_code)
            checked.add((method, rule.endpoint, allowed))
    return checked


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_its_areas_only(app, store, browser, password_hash, role):
    staff = _login_as(store, browser, password_hash, role)
    checked = _walk(app, staff, lambda endpoint: role_allows(role, endpoint))
    endpoints = {endpoint for _m, endpoint, _a in checked}
    assert {"main.index", "sign.add", "results.export_csv", "users.index"} <= endpoints
    refused = {endpoint for _m, endpoint, allowed in checked if not allowed}
    assert (role == "admin") == (not refused)


def test_roles_have_the_areas_of_the_issue():
    expected = {
        "admin": {"main.index", "sign.add", "results.export_csv", "users.index", "audit.index"},
        "editor": {"sign.index", "sign.add", "sign.board_json", "users.own_password"},
        "leader": {"main.index", "results.index", "results.export_csv", "users.own_password"},
    }
    refused = {
        "editor": {
            "main.index",
            "results.index",
            "results.export_csv",
            "users.index",
            "audit.index",
        },
        "leader": {"sign.index", "sign.add", "users.index", "users.disable", "audit.export_csv"},
    }
    for role, endpoints in expected.items():
        assert all(role_allows(role, e) for e in endpoints), role
    for role, endpoints in refused.items():
        assert not any(role_allows(role, e) for e in endpoints), role
    assert all(role_allows(role, "auth.logout") for role in ROLES)


def test_a_blueprint_with_no_declared_area_is_admin_only(settings, store, password_hash, tmp_path):
    app = create_app(settings, store, test_config={"TESTING": True})
    extra = Blueprint("rooms_not_declared", __name__)
    extra.add_url_rule("/rooms-not-declared", "index", lambda: "secret rooms")
    app.register_blueprint(extra)
    for role, status in (("editor", 403), ("leader", 403), ("admin", 200)):
        browser = _login_as(store, Browser(app.test_client()), password_hash, role)
        assert browser.get("/rooms-not-declared").status_code == status, role


def test_an_editor_lands_on_the_sign_after_login(store, browser, password_hash):
    store.create_user("bientap", password_hash, role="editor")
    assert browser.login("bientap").headers["Location"] == "/sign"
    nav = browser.get("/sign").get_data(as_text=True)
    assert "Bảng LED" in nav and "Kết quả đánh giá" not in nav and "Tài khoản" not in nav


def test_a_user_with_an_unknown_role_is_refused(store, browser, password_hash):
    store.create_user("xemthoi", password_hash, role="viewer")
    assert browser.login("xemthoi").status_code == 302
    for url in ("/", "/sign", "/results", "/results/export.csv", "/sign/board.json", "/users"):
        response = browser.get(url)
        assert response.status_code == 403, url
    assert "không có quyền" in browser.get("/sign").get_data(as_text=True)


def test_a_huge_id_in_any_url_gives_404(app, staff):
    huge = 10**30
    checked = 0
    for rule in app.url_map.iter_rules():
        ints = [name for name, conv in rule._converters.items() if conv.regex == r"\d+"]
        if not ints:
            continue
        with app.test_request_context():
            url = url_for(rule.endpoint, **{name: huge for name in rule.arguments})
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            data = {"csrf_token": staff.token()} if method in STATE_CHANGING else None
            response = staff.client.open(url, method=method, data=data)
            assert response.status_code == 404, (method, url, response.status_code)
            checked += 1
    assert checked >= 5


def test_pages_carry_security_headers(staff):
    for url in ("/login", "/", "/sign", "/static/admin.css"):
        headers = staff.get(url).headers
        assert headers["Content-Security-Policy"].startswith("default-src 'self'")
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
    assert staff.get("/sign").headers["Cache-Control"] == "no-store"


def test_pages_load_nothing_from_the_internet(staff):
    for url in ("/login", "/", "/sign", "/sign/board", "/results"):
        html = staff.get(url).get_data(as_text=True)
        assert "http://" not in html and "https://" not in html, url
        assert "//cdn" not in html


def test_static_files_need_no_login(browser):
    assert browser.get("/static/admin.css").status_code == 200
    assert browser.get("/static/board.js").status_code == 200

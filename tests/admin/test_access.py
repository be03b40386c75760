"""Who may reach what: every page needs a login, roles are checked, security headers are sent."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import url_for

from admin_web.roles import PUBLIC_ENDPOINTS

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


def _protected_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint not in PUBLIC_ENDPOINTS]


def _url(app, rule) -> str:
    with app.test_request_context():
        return url_for(rule.endpoint, **{name: 1 for name in rule.arguments})


def test_public_endpoints_are_only_login_setup_and_static():
    assert set(PUBLIC_ENDPOINTS) == {"auth.login", "auth.setup", "static"}


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


def test_every_protected_view_declares_the_roles_allowed(app):
    for rule in _protected_rules(app):
        if rule.endpoint == "auth.logout":
            continue  # anyone logged in may log out
        view = app.view_functions[rule.endpoint]
        assert getattr(view, "required_roles", None), rule.endpoint


def test_a_user_without_the_admin_role_is_refused(store, browser, password_hash):
    store.create_user("xemthoi", password_hash, role="viewer")
    assert browser.login("xemthoi").status_code == 302
    for url in ("/", "/sign", "/results", "/results/export.csv", "/sign/board.json"):
        response = browser.get(url)
        assert response.status_code == 403, url
    assert "không có quyền" in browser.get("/sign").get_data(as_text=True)


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

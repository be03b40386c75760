"""In a real headless Chromium, one account per role logs in: each lands on a page of its own
areas, its menu offers only those areas, and a page outside them says it is not allowed."""

from __future__ import annotations

import pytest

from admin_web import create_app
from admin_web.accounts import create_account
from admin_web.nav import NAV_ITEMS
from admin_web.roles import CENTRAL_BLUEPRINTS, role_allows
from admin_web.server import AdminServer
from lobby.store import Store

PASSWORD = "mat-khau-rat-dai"
ROLES = ("admin", "editor", "leader")


@pytest.fixture
def product(settings):
    """The admin web with one account per role."""
    store = Store.open(settings.store_url)
    for role in ROLES:
        create_account(store, f"tk-{role}", PASSWORD, PASSWORD, role=role)
    app = create_app(settings=settings, store=store)
    server = AdminServer(app, "127.0.0.1", 0).start()
    yield server.url.rstrip("/"), app
    server.stop()
    store.close()


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_only_its_areas(browser, product, role):
    from playwright.sync_api import expect

    url, app = product
    # This is an office's own server: the central server's pages (its sites) are not offered.
    registered = [
        (i.endpoint, i.label)
        for i in NAV_ITEMS
        if i.endpoint in app.view_functions
        and i.endpoint.rpartition(".")[0] not in CENTRAL_BLUEPRINTS
    ]
    page = browser.new_page()
    page.goto(f"{url}/login")
    page.fill("input[name=username]", f"tk-{role}")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator(".top .who")).to_have_text(f"tk-{role}")
    menu = page.locator("nav.areas a")
    # Each entry's full name (a short label in the bar keeps it as its accessible name), also of
    # the entries under a closed "Khác".
    shown = [
        menu.nth(i).get_attribute("aria-label") or menu.nth(i).text_content().strip()
        for i in range(menu.count())
    ]
    assert shown == [label for e, label in registered if role_allows(role, e)]
    with app.test_request_context():
        from flask import url_for

        closed = [url_for(e) for e, _ in registered if not role_allows(role, e)]
    if role == "admin":
        assert closed == []
    for path in closed:
        response = page.goto(f"{url}{path}")
        assert response.status == 403, path
        expect(page.locator("h1")).to_have_text("Không có quyền")

"""Fixtures of the admin web tests: the app on a real store, a browser-like client, an admin."""

from __future__ import annotations

import pytest

from admin_web import create_app
from admin_web.context import admin_state
from admin_web.passwords import hash_password
from tests.admin.helpers import PASSWORD, Browser


@pytest.fixture(scope="session")
def password_hash() -> str:
    """One argon2 hash of the test password, made once for the whole run (hashing is slow)."""
    return hash_password(PASSWORD)


@pytest.fixture
def app(settings, store):
    """The admin web on the test's settings and store, with CSRF protection left on."""
    return create_app(settings, store, test_config={"TESTING": True})


@pytest.fixture
def browser(app) -> Browser:
    """A not-logged-in visitor."""
    return Browser(app.test_client())


@pytest.fixture
def admin(store, password_hash) -> str:
    """An administrator account; returns its user name."""
    store.create_user("quantri", password_hash, role="admin")
    return "quantri"


@pytest.fixture
def staff(browser, admin) -> Browser:
    """A visitor logged in as the administrator."""
    response = browser.login(admin)
    assert response.status_code == 302
    return browser


@pytest.fixture
def leader(store, browser, password_hash) -> Browser:
    """A visitor logged in as a leader."""
    store.create_user("lanhdao", password_hash, role="leader")
    assert browser.login("lanhdao").status_code == 302
    return browser


@pytest.fixture
def editor(store, browser, password_hash) -> Browser:
    """A visitor logged in as an editor (who has the public area, not results or users)."""
    store.create_user("bientap", password_hash, role="editor")
    assert browser.login("bientap").status_code == 302
    return browser


@pytest.fixture
def current(app):
    """The survey the admin edits and its version."""
    with app.app_context():
        return admin_state(app).survey_with_version()

"""Every role is offered only what it may open: following every link of every page a role
reaches (same site, GET, a few of each kind of page) never meets a 403."""

from __future__ import annotations

import re
from collections import deque
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest

from admin_web.roles import PUBLIC_ENDPOINTS, ROLES, role_allows
from lobby.demo_data import write_demo_data
from tests.admin.helpers import ROOT, Browser

_HREF = re.compile(r'<a\s[^>]*href="([^"]+)"')
# Several pages of the same kind (/officials/12, /officials/13, …) are opened a few at most.
SAME_KIND = 3
MOST_PAGES = 400
# Files (reports, exports) are not generated: whether the role may open them is read from the
# URL map instead, the same rule the server applies before running the view.
FILE = re.compile(r"\.(csv|docx|xlsx|pdf|zip|png|jpg|svg)$|/download|/export")


def _kind(url: str) -> str:
    parts = urlsplit(url)
    keys = sorted(k.split("=")[0] for k in parts.query.split("&") if k)
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


def _links(page: str, base: str) -> list[str]:
    found = []
    for raw in _HREF.findall(page):
        url = urljoin(base, unescape(raw))
        parts = urlsplit(url)
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "localhost"):
            continue
        if parts.path.startswith("/static/"):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def _crawl(
    browser: Browser, role: str, start: str = "/"
) -> tuple[dict[str, int], list[tuple[str, str]]]:
    """Return the status of every page reached, and (page, link) for every 403."""
    urls = browser.client.application.url_map.bind("localhost")
    statuses: dict[str, int] = {}
    kinds: dict[str, int] = {}
    refused: list[tuple[str, str]] = []
    queue = deque([("(start)", start)])
    while queue and len(statuses) < MOST_PAGES:
        source, url = queue.popleft()
        if url in statuses:
            continue
        kind = _kind(url)
        if kinds.get(kind, 0) >= SAME_KIND:
            continue
        kinds[kind] = kinds.get(kind, 0) + 1
        if FILE.search(urlsplit(url).path):
            endpoint, _ = urls.match(urlsplit(url).path, method="GET")
            allowed = endpoint in PUBLIC_ENDPOINTS or role_allows(role, endpoint)
            statuses[url] = 200 if allowed else 403
            if statuses[url] == 403:
                refused.append((source, url))
            continue
        response = browser.get(url, follow_redirects=True)
        statuses[url] = response.status_code
        if response.status_code == 403:
            refused.append((source, url))
        if response.mimetype != "text/html":
            continue
        for link in _links(response.get_data(as_text=True), "http://localhost" + url):
            if link not in statuses:
                queue.append((url, link))
    return statuses, refused


@pytest.fixture
def office(store):
    """A store with the demo office: units, counters, officials, visits, cases."""
    base = (ROOT / "assets" / "survey.toml").read_text(encoding="utf-8")
    full = (ROOT / "assets" / "survey-full.toml").read_text(encoding="utf-8")
    write_demo_data(store, base, full, 400, seed=3)
    return store


@pytest.mark.parametrize("role", ROLES)
def test_no_link_a_role_is_shown_answers_403(app, office, password_hash, role):
    office.create_user(f"nguoi-{role}", password_hash, role=role)
    browser = Browser(app.test_client())
    landing = browser.login(f"nguoi-{role}")
    assert landing.status_code == 302
    statuses, refused = _crawl(browser, role, urlsplit(landing.headers["Location"]).path)
    assert refused == []
    # The walk went somewhere: a role's pages link to more than its menu.
    assert len(statuses) > {"admin": 60, "leader": 30, "editor": 5}[role], sorted(statuses)
    assert all(code < 500 for code in statuses.values()), {
        u: c for u, c in statuses.items() if c >= 500
    }


def test_a_leaders_home_offers_no_sign_management(app, office, password_hash):
    office.create_user("lanhdao", password_hash, role="leader")
    browser = Browser(app.test_client())
    browser.login("lanhdao")
    home = browser.get("/").get_data(as_text=True)
    assert "Quản lý bảng LED" not in home and 'href="/sign' not in home
    assert 'id="overdue"' in home and 'id="trend"' in home

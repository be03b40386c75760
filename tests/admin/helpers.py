"""Helpers for driving the admin web like a browser: CSRF tokens come from the rendered pages."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

PASSWORD = "Mật-khẩu-đủ-dài-2025"


def csrf_from(html: str) -> str:
    """Return the CSRF token of the first form in a page."""
    match = _CSRF.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


class Browser:
    """A test client that submits forms the way a browser does, with the page's CSRF token."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def get(self, url: str, **kwargs):
        """GET a page."""
        return self.client.get(url, **kwargs)

    def token(self, page: str = "/") -> str:
        """Open a page (following a redirect to the login page) and return its CSRF token."""
        return csrf_from(self.client.get(page, follow_redirects=True).get_data(as_text=True))

    def post(self, url: str, data: dict | None = None, **kwargs):
        """POST a form with a valid CSRF token taken from a rendered page."""
        return self.client.post(url, data={**(data or {}), "csrf_token": self.token()}, **kwargs)

    def login(self, username: str, password: str = PASSWORD, next_url: str | None = None):
        """Fill in and submit the login form."""
        data = {"username": username, "password": password}
        if next_url is not None:
            data["next"] = next_url
        return self.post("/login", data)


def table_row(html: str, heading: str) -> list[str]:
    """Return the cell texts of the results table row whose heading is ``heading``."""
    match = re.search(rf'<th scope="row">{re.escape(heading)}</th>(.*?)</tr>', html, re.S)
    assert match, f"no row {heading!r}"
    return re.findall(r"<td[^>]*>([^<]*)</td>", match.group(1))

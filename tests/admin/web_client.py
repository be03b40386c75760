"""A small HTTP client for tests against a real waitress server: cookies, the page's CSRF token,
extra headers (X-Forwarded-For), and redirects answered, not followed."""

from __future__ import annotations

import contextlib
import http.cookiejar
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

from admin_web import make_server
from tests.admin.helpers import csrf_from


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class WebClient:
    """One browser: its own cookies; every request may carry extra headers."""

    def __init__(self, base_url: str, headers: dict[str, str] | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.headers = dict(headers or {})
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, dict, str]:
        """Send a GET (or a form POST when ``data``, with the Referer a browser's form sends);
        return (status, headers, body text)."""
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = dict(self.headers)
        if data is not None:
            headers.setdefault("Referer", self.base_url + path)
        request = urllib.request.Request(self.base_url + path, data=body, headers=headers)
        try:
            with self._opener.open(request, timeout=60) as reply:
                return reply.status, dict(reply.headers), reply.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode("utf-8", "replace")

    def login(self, username: str, password: str) -> int:
        """Open the login page, then post the name and password with its CSRF token."""
        _status, _headers, page = self.request("/login")
        form = {"csrf_token": csrf_from(page), "username": username, "password": password}
        return self.request("/login", form)[0]


@contextlib.contextmanager
def served(app) -> Iterator[str]:
    """Serve ``app`` with waitress on a free port of 127.0.0.1; yield its base URL."""
    server = make_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.close()
        thread.join(timeout=10)

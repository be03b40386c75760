"""First start: a one-time, unguessable link that lets the first administrator be created."""

from __future__ import annotations

import ipaddress
import secrets
import threading
import time

from flask import Flask

from admin_web.context import admin_state
from lobby.settings import Settings


class SetupToken:
    """Holds the setup link's token in memory until it is used, an admin exists, or
    ``lifetime_seconds`` pass; after that a new one is made when asked for (the next start)."""

    def __init__(self, lifetime_seconds: float = 24 * 3600) -> None:
        self._token: str | None = None
        self._issued = 0.0
        self.lifetime_seconds = lifetime_seconds
        self.lock = threading.Lock()

    def _expired(self) -> bool:
        return time.monotonic() - self._issued >= self.lifetime_seconds

    def issue(self) -> str:
        """Return the live token, making a new one if there is none or it has expired."""
        if self._token is None or self._expired():
            self._token = secrets.token_urlsafe(32)
            self._issued = time.monotonic()
        return self._token

    def matches(self, candidate: str) -> bool:
        """Return True if ``candidate`` is the live, unexpired token (compared in constant time)."""
        token = self._token
        return (
            token is not None
            and not self._expired()
            and secrets.compare_digest(token.encode("utf-8"), candidate.encode("utf-8"))
        )

    def revoke(self) -> None:
        """Make the token unusable."""
        self._token = None


def display_host(host: str) -> str:
    """Return ``host`` as written in a URL; a wildcard address becomes this PC's loopback."""
    if host in ("0.0.0.0", ""):  # noqa: S104 - only mapping a wildcard to a reachable address
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def setup_url(app: Flask, host: str | None = None, port: int | None = None) -> str | None:
    """Return the one-time setup link if no administrator exists yet, else None."""
    state = admin_state(app)
    if state.store.count_users(role="admin") > 0:
        state.setup.revoke()
        return None
    admin = state.settings.admin
    host = admin.host if host is None else host
    port = admin.port if port is None else port
    return f"http://{display_host(host)}:{port}/setup/{state.setup.issue()}"


def setup_link_message(app: Flask, host: str | None = None, port: int | None = None) -> str | None:
    """Return the console message with the one-time setup link, or None if an admin exists."""
    url = setup_url(app, host, port)
    if url is None:
        return None
    hours = admin_state(app).setup.lifetime_seconds / 3600
    return (
        "Chưa có tài khoản quản trị. Mở liên kết sau trên trình duyệt để tạo tài khoản đầu tiên"
        f" (chỉ dùng được một lần, trong {hours:g} giờ; quá hạn thì khởi động lại trang quản trị"
        f" để có liên kết mới):\n    {url}"
    )


def is_loopback(host: str) -> bool:
    """Return True if ``host`` is reachable from this PC only."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def tls_notice(settings: Settings) -> str | None:
    """Return the start-up warning that the admin needs a TLS reverse proxy, or None on loopback."""
    admin = settings.admin
    if is_loopback(admin.host):
        return None
    behind = admin.public_url.startswith("https://")
    lines = [
        f"CẢNH BÁO: trang quản trị đang mở cho mạng ([admin] host = {admin.host}) nhưng tự nó chỉ"
        " nói HTTP, không mã hoá: mật khẩu và phiên đăng nhập có thể bị nghe lén.",
        "Hãy đặt nó sau một reverse proxy có TLS (HTTPS), ví dụ Caddy hoặc nginx:"
        " xem docs/admin-behind-proxy.md.",
    ]
    if behind:
        lines.append(f"Địa chỉ công khai: {admin.public_url} (cookie đăng nhập chỉ gửi qua HTTPS).")
    else:
        lines.append(
            'Sau khi có proxy, đặt [admin] public_url = "https://..." để cookie chỉ gửi qua HTTPS.'
        )
    return "\n".join(lines)

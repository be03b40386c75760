"""Serving with waitress in a thread, the way run_kiosk.py does, and stopping cleanly."""

from __future__ import annotations

import logging
import os
import sys
import threading
import urllib.request

from admin_web import AdminServer, close_app, create_app, make_server
from admin_web.setup import tls_notice
from lobby.settings import load_settings
from lobby.store import Store
from tests.admin.helpers import Browser


def test_server_runs_in_a_thread_and_stops_on_close(app):
    server = make_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/login", timeout=10) as reply:
            assert reply.status == 200
            assert reply.headers["X-Frame-Options"] == "DENY"
            assert "Đăng nhập" in reply.read().decode("utf-8")
    finally:
        server.close()
    thread.join(timeout=10)
    assert not thread.is_alive()


def test_a_server_closed_before_it_runs_returns_at_once(app):
    server = make_server(app, "127.0.0.1", 0)
    server.close()
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    thread.join(timeout=10)
    assert not thread.is_alive()


def test_as_a_supervised_service_it_starts_reports_alive_and_stops(settings):
    app = create_app(settings)  # opens and owns its store, as run_kiosk.py does
    server = AdminServer(app, "127.0.0.1", 0).start()
    try:
        assert server.is_alive()
        assert server.url == f"http://127.0.0.1:{server.port}/"
        with urllib.request.urlopen(server.url + "login", timeout=10) as reply:
            assert reply.status == 200
    finally:
        server.stop()
    assert not server.is_alive()


def test_on_the_office_network_it_says_a_tls_proxy_is_needed(write_config):
    settings = load_settings(write_config('[admin]\nhost = "0.0.0.0"\n'))
    notice = tls_notice(settings)
    assert notice and "reverse proxy" in notice and "docs/admin-behind-proxy.md" in notice
    assert tls_notice(load_settings(write_config('[admin]\nhost = "127.0.0.1"\n'))) is None
    assert tls_notice(load_settings(write_config('[admin]\nhost = "::1"\n'))) is None


def test_an_https_public_url_makes_the_login_cookie_secure(write_config, store, password_hash):
    store.create_user("quantri", password_hash)
    for public_url, secure in (("https://quantri.example.vn", True), ("", False)):
        settings = load_settings(write_config(f'[admin]\npublic_url = "{public_url}"\n'))
        app = create_app(settings, store, {"TESTING": True})
        cookie = Browser(app.test_client()).login("quantri").headers["Set-Cookie"]
        assert ("; Secure" in cookie) is secure, public_url


def test_start_leaves_the_modes_of_an_existing_store_and_var_and_warns(settings, tmp_path, caplog):
    if sys.platform == "win32":
        return
    Store.open(settings.store_url).close()
    var = tmp_path / "var"
    var.chmod(0o755)
    for path in var.glob("lobby.db*"):
        path.chmod(0o644)
    with caplog.at_level(logging.WARNING, logger="lobby.file_modes"):
        app = create_app(settings)
        close_app(app)
    assert os.stat(var).st_mode & 0o777 == 0o755
    for path in var.glob("lobby.db*"):
        assert os.stat(path).st_mode & 0o777 == 0o644, path
    warned = " ".join(r.getMessage() for r in caplog.records)
    assert str(var) in warned and "chmod 600" in warned

"""Serving with waitress in a thread, the way run_kiosk.py does, and stopping cleanly."""

from __future__ import annotations

import threading
import urllib.request

from admin_web import AdminServer, create_app, make_server


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

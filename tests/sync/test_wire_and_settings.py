"""The wire's bodies and the [central] keys: what a site sends is read back exactly, a body
that would inflate past its limit is refused, a silent server ends in a time-out, and a config
that cannot forward is refused with the key named."""

from __future__ import annotations

import gzip
import http.server
import json
import socket
import threading
from datetime import date

import pytest

from lobby.settings import ConfigError, load_settings
from lobby.sync.client import CentralClient, ServerFailed, Unreachable
from lobby.sync.forwarder import backoff_seconds
from lobby.sync.wire import (
    SITE_FIELDS,
    WireError,
    decode_body,
    encode_body,
    visit_from_wire,
    visit_to_wire,
)
from tests.sync.helpers import make_visit


def test_a_visit_travels_as_its_journal_line_plus_what_the_site_decided():
    visit = make_visit(4, comment="Cán bộ hướng dẫn tận tình")
    wire = decode_body(encode_body([visit_to_wire(visit, date(2026, 11, 30), True, False)]), "gzip")
    journal_line = {k: v for k, v in wire[0].items() if k not in SITE_FIELDS}
    assert journal_line == json.loads(visit.to_json())
    record, fields = visit_from_wire(wire[0])
    assert record == visit
    assert fields == {"local_day": date(2026, 11, 30), "is_repeat": True, "dossier_repeat": False}
    with pytest.raises(WireError):
        visit_from_wire({**wire[0], "created_at": "2026-11-30T01:00:00"})  # no time zone
    with pytest.raises(WireError):
        visit_from_wire({k: v for k, v in wire[0].items() if k != "local_day"})


def test_a_body_that_inflates_past_its_limit_is_refused():
    bomb = gzip.compress(b"[" + b" " * 5_000_000 + b"]")
    with pytest.raises(WireError, match="larger than"):
        decode_body(bomb, "gzip", limit=1_000_000)
    assert decode_body(bomb, "gzip", limit=6_000_000) == []
    with pytest.raises(WireError):
        decode_body(b"not gzip", "gzip")
    with pytest.raises(WireError):
        decode_body(b"{}", "br")


def test_back_off_doubles_up_to_its_cap_with_jitter():
    assert [backoff_seconds(n, 300, rand=lambda: 1.0) for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert backoff_seconds(20, 300, rand=lambda: 1.0) == 300
    assert backoff_seconds(20, 300, rand=lambda: 0.0) == 150


def test_a_server_that_accepts_and_never_answers_ends_in_a_time_out():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held = []
    threading.Thread(target=lambda: held.append(listener.accept()), daemon=True).start()
    client = CentralClient(f"http://127.0.0.1:{listener.getsockname()[1]}", "lobby_x", timeout=1)
    try:
        with pytest.raises(Unreachable, match="không trả lời trong 1 giây"):
            client.pull()
    finally:
        for connection, _address in held:
            connection.close()
        listener.close()


def test_a_page_that_is_not_the_api_is_a_server_failure():
    class Portal(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the handler's name)
            body = "<html>Đăng nhập Wi-Fi</html>".encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Portal)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        client = CentralClient(f"http://127.0.0.1:{server.server_address[1]}", "lobby_x")
        with pytest.raises(ServerFailed, match="không phải dữ liệu JSON"):
            client.pull()
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('role = "tinh"', "[central] role"),
        ('url = "ftp://trungtam"', "[central] url"),
        ('url = "https://trungtam.example.vn"', "[central] token"),
        ("batch_size = 0", "[central] batch_size"),
    ],
)
def test_a_config_that_cannot_forward_names_the_key(write_config, text, named):
    path = write_config(f"[central]\n{text}\n")
    with pytest.raises(ConfigError) as refused:
        load_settings(path)
    assert named in str(refused.value) and str(path) in str(refused.value)


def test_the_central_keys_read_as_a_section(write_config):
    settings = load_settings(
        write_config('[central]\nurl = "https://tt.example.vn"\ntoken = "lobby_abc"\n')
    )
    assert settings.central.role == "site" and settings.central.batch_size == 500
    assert settings.central.url == "https://tt.example.vn"

"""A sign that cannot be reached: status in the store, one log line, back-off, and recovery."""

from __future__ import annotations

import logging
import os
import socket
import time
from datetime import UTC, datetime

import pytest

from lobby.settings import load_settings
from signage.service import SignService
from signage.simulator import BoardSimulator
from tests.helpers_wait import eventually


def warnings_from_service(caplog):
    return [
        r for r in caplog.records if r.name == "signage.service" and r.levelno == logging.WARNING
    ]


ALWAYS_OPEN = 'office_hours = "00:00-24:00"\noffice_days = "1-7"\n'


@pytest.fixture
def settings(write_config):
    """Settings with the office open all the time, so the schedule always shows the messages."""
    return load_settings(write_config(f"[sign]\n{ALWAYS_OPEN}"))


def test_missing_port_is_reported_logged_once_and_recovers_when_it_appears(
    store, settings, board, tmp_path, caplog
):
    # A udev symlink that is missing while the USB adapter is unplugged.
    link = tmp_path / "ttySIGN"
    service = SignService(store, settings, port=str(link))
    store.add_sign_message("Xin chào")

    with caplog.at_level(logging.INFO, logger="signage"):
        delays = [service.step() for _ in range(4)]
        status = store.get_sign_status(str(link))
        assert not status.connected
        assert status.port == str(link)
        assert "No such file or directory" in status.last_error
        assert len(warnings_from_service(caplog)) == 1
        assert delays == [1.0, 2.0, 2.0, 2.0]  # never longer: a replug is seen within 2 s

        os.symlink(board.port, link)
        assert service.step() == settings.sign.poll_seconds
        assert store.get_sign_status(str(link)).connected
    service.stop()
    assert not store.get_sign_status(str(link)).connected  # nothing drives it any more

    assert board.wait_until(lambda b: b.showing() == ["Xin chao"], timeout=2)
    assert len(warnings_from_service(caplog)) == 1
    assert [r.getMessage() for r in caplog.records if "reachable again" in r.getMessage()]


def test_back_off_stops_growing_at_retry_max_seconds(store, write_config):
    settings = load_settings(
        write_config('[sign]\nport = "/dev/does-not-exist-sign"\nretry_max_seconds = 1.5\n')
    )
    service = SignService(store, settings)
    assert [service.step() for _ in range(4)] == [1.0, 1.5, 1.5, 1.5]


def test_back_off_never_exceeds_the_reconnect_ceiling_whatever_retry_max_seconds_says(
    store, write_config
):
    settings = load_settings(
        write_config('[sign]\nport = "/dev/does-not-exist-sign"\nretry_max_seconds = 60\n')
    )
    service = SignService(store, settings)
    assert [service.step() for _ in range(4)] == [1.0, 2.0, 2.0, 2.0]


def closed_localhost_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_sign_over_tcp_is_not_connected_until_the_converter_listens(store, settings, caplog):
    port = closed_localhost_port()
    url = f"socket://127.0.0.1:{port}"
    service = SignService(store, settings, port=url)
    store.add_sign_message("Biết nghe dân nói")

    with caplog.at_level(logging.WARNING, logger="signage"):
        service.step()
        service.step()
    status = store.get_sign_status()
    assert (status.connected, status.port) == (False, url)
    assert "refused" in status.last_error
    assert len(warnings_from_service(caplog)) == 1

    with socket.create_server(("127.0.0.1", port)) as server:
        server.settimeout(5)
        service.step()
        connection, _ = server.accept()
        with connection:
            connection.settimeout(5)
            board = BoardSimulator()
            while board.showing() != ["Biet nghe dan noi"]:
                data = connection.recv(4096)
                assert data, "the driver closed the connection before the message arrived"
                board.feed(data)
            assert store.get_sign_status(url).connected
        service.stop()


def test_a_running_service_keeps_going_on_a_dead_port_and_stops_promptly(store, settings):
    service = SignService(store, settings, port="/dev/does-not-exist-sign").start()
    try:
        assert eventually(lambda: store.get_sign_status().last_error, 2)
        assert service.running
    finally:
        began = time.monotonic()
        service.stop()
    assert time.monotonic() - began < 1
    assert not service.running


def test_a_service_backing_off_still_reports_it_is_alive(store, write_config):
    settings = load_settings(write_config('[sign]\nport = "/dev/does-not-exist-sign"\n'))
    service = SignService(store, settings).start()
    try:
        # Back-off waits 1, 2, then 4 s; the heartbeat keeps coming every 2 s meanwhile.
        deadline = time.monotonic() + 7
        seen = set()
        while len(seen - {None}) < 4:  # three attempts, then a heartbeat inside the 4 s wait
            assert time.monotonic() < deadline, seen
            status = store.get_sign_status("/dev/does-not-exist-sign")
            seen.add(status.heartbeat_at)
            time.sleep(0.05)
        assert status.service_alive(datetime.now(UTC), 2.5)
        assert not status.connected and service.running
    finally:
        service.stop()

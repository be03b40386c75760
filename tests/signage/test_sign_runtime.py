"""Starting the sign side the way run_kiosk.py does: a simulated board when no port is set."""

from __future__ import annotations

import logging
import time

from lobby.settings import load_settings
from signage.runtime import start_sign


def eventually(predicate, timeout: float = 2.0) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_without_a_port_the_simulated_board_shows_messages_and_the_store_records_it(
    store, settings, caplog
):
    assert settings.sign.port == ""
    store.add_sign_message("Biết nghe dân nói")
    with caplog.at_level(logging.INFO, logger="signage"):
        runtime = start_sign(settings, store)
        try:
            assert runtime.simulated
            assert runtime.is_alive()
            assert runtime.port.startswith("/dev/")
            assert eventually(lambda: store.get_board_view().texts == ["Biet nghe dan noi"])
            assert eventually(lambda: store.get_sign_status().connected)
            assert store.get_sign_status().port == runtime.port
        finally:
            runtime.stop()
    assert not runtime.is_alive()
    shown = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Simulated board")]
    assert "Simulated board shows: Biet nghe dan noi" in shown
    view = store.get_board_view()
    assert view.frames_ok >= 1
    assert view.frames_bad == 0


def test_with_a_port_no_simulator_is_started(store, write_config):
    settings = load_settings(write_config('[sign]\nport = "/dev/does-not-exist-sign"\n'))
    runtime = start_sign(settings, store)
    try:
        assert not runtime.simulated
        assert runtime.port == "/dev/does-not-exist-sign"
        assert eventually(lambda: store.get_sign_status().last_error is not None)
    finally:
        runtime.stop()

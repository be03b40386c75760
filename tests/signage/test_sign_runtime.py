"""Starting the sign side the way run_kiosk.py does: a simulated board when no port is set."""

from __future__ import annotations

import logging

from lobby.settings import load_settings
from signage.runtime import start_sign
from tests.helpers_wait import eventually


def test_without_a_port_the_simulated_board_shows_messages_and_the_store_records_it(
    store, write_config, caplog
):
    settings = load_settings(
        write_config(
            '[sign]\noffice_hours = "00:00-24:00"\noffice_days = "1-7"\n'
            'simulated_board = "configured"\n'
        )
    )
    assert settings.sign.port == ""
    store.add_sign_message("Biết nghe dân nói")
    with caplog.at_level(logging.INFO, logger="signage"):
        runtime = start_sign(settings, store)
        try:
            assert runtime.simulated
            assert runtime.is_alive()
            assert runtime.port.startswith("/dev/")
            assert eventually(lambda: store.get_board_view().texts == ["Biet nghe dan noi"])
            assert eventually(lambda: store.get_sign_status("simulated").connected)
            assert store.get_sign_status("simulated").port == runtime.port
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


def test_a_p10_board_is_simulated_and_acknowledges_what_the_service_sends(store, write_config):
    settings = load_settings(
        write_config(
            '[sign]\nprotocol = "p10"\nrows = 16\ncolumns = 96\ntext_mode = "bitmap"\n'
            'bytesize = 8\nparity = "N"\npoll_seconds = 0.1\n'
        )
    )
    store.add_sign_message("Biết nghe dân nói")
    runtime = start_sign(settings, store)
    try:
        assert runtime.simulated
        assert eventually(lambda: store.get_sign_status("simulated").connected, 5)
        snapshot = runtime.board.snapshot()
        assert (snapshot.rows, snapshot.columns) == (16, 96)
        (item,) = snapshot.items
        assert len(item.pixels) == 16 and any("1" in row for row in item.pixels)
        assert store.get_board_view().texts == snapshot.texts
    finally:
        runtime.stop()

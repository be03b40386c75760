"""The link, honest: a serial server behind socket:// that breaks, and a board that lost power.

A real TCP server (the simulated board behind it, like a serial-to-Ethernet converter) and a real
pseudo-terminal; waits poll with deadlines.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from admin_web.sign_preview import SignView
from lobby.settings import load_settings
from signage.protocols import alpha
from signage.service import SignService
from signage.simulator import TcpBoard
from tests.helpers_wait import eventually

ALWAYS_OPEN = 'office_hours = "00:00-24:00"\noffice_days = "1-7"\n'


def shows(texts):
    return lambda board: board.showing() == texts


def test_twelve_link_breaks_lose_no_update_and_the_status_says_not_connected(store, write_config):
    board = TcpBoard(poll_seconds=0.05).start()
    url = board.port
    tcp_port = int(url.rsplit(":", 1)[1])
    settings = load_settings(
        write_config(
            f'[sign]\nport = "{url}"\npoll_seconds = 0.1\nretry_max_seconds = 1\n{ALWAYS_OPEN}'
        )
    )
    admin_view = SignView(settings, store)
    message = store.add_sign_message("Lần 0")
    service = SignService(store, settings).start()
    try:
        assert board.wait_until(shows(["Lan 0"]), timeout=5)
        assert eventually(lambda: admin_view.status().connected, 2)
        for n in range(1, 13):
            if n % 2:
                # The serial server restarts: nothing listens for a while, then a blank board.
                board.stop()
                store.update_sign_message(message, text=f"Lần {n}")
                assert eventually(lambda: not admin_view.status().connected, 5), n
                assert not admin_view.status().connected
                board = TcpBoard(poll_seconds=0.05, tcp_port=tcp_port).start()
            else:
                # The connection drops while the server stays: a write would "succeed".
                board.drop_connection()
                store.update_sign_message(message, text=f"Lần {n}")
            assert board.wait_until(shows([f"Lan {n}"]), timeout=5), (n, board.showing())
            assert eventually(lambda: admin_view.status().connected, 2), n
    finally:
        service.stop()
        board.stop()
    status = store.get_sign_status(url)
    assert status.sent_text == "Lan 12"
    assert status.connected is False and status.last_error  # stopped: no longer driven


def test_a_board_that_lost_its_text_or_its_memory_comes_back(store, write_config, board):
    settings = load_settings(
        write_config(
            f'[sign]\nport = "{board.port}"\npoll_seconds = 0.1\nrefresh_minutes = 1\n'
            + ALWAYS_OPEN
        )
    )
    tz = ZoneInfo("Asia/Ho_Chi_Minh")
    moment = [datetime(2026, 12, 2, 9, 0, tzinfo=tz).astimezone(UTC)]
    store.add_sign_message("Biết nghe dân nói")
    service = SignService(store, settings, now=lambda: moment[0]).start()

    def wipe(command: bytes) -> None:
        fd = os.open(board.port, os.O_WRONLY | os.O_NOCTTY)
        os.write(fd, alpha.encode_frame(command))
        os.close(fd)

    try:
        assert board.wait_until(shows(["Biet nghe dan noi"]), timeout=2)
        configurations = board.simulator.configurations
        # The board loses its text but keeps its files: the next refresh brings the text back,
        # without a memory configuration (which would blank the board).
        wipe(alpha.WRITE_TEXT + b"A")
        assert board.wait_until(shows([]), timeout=2)
        moment[0] += timedelta(seconds=30)  # nothing changed, no refresh due yet
        assert not board.wait_until(shows(["Biet nghe dan noi"]), timeout=0.5)
        moment[0] += timedelta(seconds=31)
        assert board.wait_until(shows(["Biet nghe dan noi"]), timeout=3)
        assert board.simulator.configurations == configurations
        # The board loses power and its whole memory (files included): the text alone cannot
        # come back; the memory configuration goes again with the clock at local midnight.
        wipe(alpha.WRITE_SPECIAL + alpha.CLEAR_MEMORY)
        assert board.wait_until(shows([]), timeout=2)
        moment[0] = datetime(2026, 12, 3, 0, 0, 5, tzinfo=tz).astimezone(UTC)
        assert board.wait_until(shows(["Biet nghe dan noi"]), timeout=3)
        assert board.simulator.configurations == configurations + 2  # the wipe, then ours
        assert board.frames_bad == 0
    finally:
        service.stop()

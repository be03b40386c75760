"""A USB adapter pulled and plugged back: a new pseudo-terminal under the same by-id style path."""

from __future__ import annotations

import os
import time

from lobby.settings import load_settings
from signage.service import SignService
from signage.simulator import PtyBoard
from tests.helpers_wait import eventually


def shows(texts):
    return lambda board: board.showing() == texts


def plug(board: PtyBoard, link) -> None:
    """Point the configured path at the board's pty, atomically, as udev does."""
    fresh = link.with_name(link.name + ".new")
    os.symlink(board.port, fresh)
    os.replace(fresh, link)


def test_the_board_is_right_again_within_five_seconds_after_each_of_ten_replugs(
    store, write_config, tmp_path
):
    link = tmp_path / "usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0"
    board = PtyBoard(poll_seconds=0.05).start()
    plug(board, link)
    settings = load_settings(
        write_config(
            "[sign]\npoll_seconds = 0.1\nretry_max_seconds = 1\n"
            'office_hours = "00:00-24:00"\noffice_days = "1-7"\n'
        )
    )
    store.add_sign_message("Biết nghe dân nói")
    # The settings check accepts /dev/... paths only; the test's by-id link lives in tmp_path.
    service = SignService(store, settings, port=str(link)).start()
    try:
        assert board.wait_until(shows(["Biet nghe dan noi"]), timeout=5)
        assert eventually(lambda: store.get_sign_status(str(link)).connected, 5)
        for attempt in range(10):
            board.stop()  # pulled: the pty's other side is gone
            os.unlink(link)
            board = PtyBoard(poll_seconds=0.05).start()  # plugged back in: a new tty
            plug(board, link)
            began = time.monotonic()
            assert board.wait_until(shows(["Biet nghe dan noi"]), timeout=5), attempt
            # The service finishes its write (and says so) before the adapter is pulled again.
            assert eventually(lambda: store.get_sign_status(str(link)).connected, 5), attempt
            assert time.monotonic() - began < 5, attempt
            assert board.frames_bad == 0
    finally:
        service.stop()
        board.stop()
    assert "Biet nghe dan noi" == store.get_sign_status(str(link)).sent_text

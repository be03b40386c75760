"""The sign service writes to a real pseudo-terminal; the simulated board decodes the other side."""

from __future__ import annotations

import os
import sqlite3
import time

import pytest

from lobby.settings import load_settings
from signage.protocols import alpha
from signage.service import SignService


def shows(texts):
    return lambda board: board.showing() == texts


@pytest.fixture
def service(store, sign_settings):
    started = SignService(store, sign_settings)
    yield started
    started.stop()


def test_enabled_message_reaches_the_board_within_two_seconds(store, service, board):
    service.start()
    message = store.add_sign_message("Biết nghe dân nói")
    assert board.wait_until(shows(["Biet nghe dan noi"]), timeout=2)

    store.update_sign_message(message, text="Biết xin lỗi và sửa lỗi")
    assert board.wait_until(shows(["Biet xin loi va sua loi"]), timeout=2)

    store.update_sign_message(message, enabled=False)
    assert board.wait_until(shows([]), timeout=2)


def test_messages_show_in_display_order_and_deleted_ones_leave(store, service, board):
    first = store.add_sign_message("Một")
    store.add_sign_message("Hai")
    service.step()
    assert board.wait_until(shows(["Mot", "Hai"]), timeout=2)
    store.delete_sign_message(first)
    service.step()
    assert board.wait_until(shows(["Hai"]), timeout=2)


def test_disabled_message_leaves_the_wire(store, service, board):
    store.add_sign_message("Giữ lại")
    dropped = store.add_sign_message("Tắt đi")
    service.step()
    assert board.wait_until(shows(["Giu lai", "Tat di"]), timeout=2)
    store.update_sign_message(dropped, enabled=False)
    service.step()
    assert board.wait_until(shows(["Giu lai"]), timeout=2)


def test_nothing_is_resent_while_nothing_changes(store, service, board):
    store.add_sign_message("Xin chào")
    service.step()
    assert board.wait_until(shows(["Xin chao"]), timeout=2)
    frames = board.frames_ok
    for _ in range(5):
        service.step()
    assert not board.wait_until(lambda b: b.frames_ok > frames, timeout=0.3)

    store.add_sign_message("Mới")
    service.step()
    assert board.wait_until(lambda b: b.frames_ok == frames + 1, timeout=2)
    assert board.frames_bad == 0


def test_first_write_clears_a_forgotten_priority_file(store, service, board):
    fd = os.open(board.port, os.O_WRONLY | os.O_NOCTTY)
    os.write(fd, alpha.encode_text_file(["OLD NOTICE"], label="0"))
    os.close(fd)
    assert board.wait_until(shows(["OLD NOTICE"]), timeout=2)
    store.add_sign_message("Hôm nay")
    service.step()
    assert board.wait_until(shows(["Hom nay"]), timeout=2)


def test_success_is_reported_in_the_store_with_what_was_sent(store, service, board):
    store.add_sign_message("Dân biết")
    store.add_sign_message("Dân kiểm tra")
    service.step()
    status = store.get_sign_status()
    assert status.connected
    assert status.port == board.port
    assert status.sent_text == "Dan biet | Dan kiem tra"


def test_a_store_error_does_not_stop_the_service(store, service, board, caplog, sqlite_url):
    store.add_sign_message("Trước")
    service.step()
    path = sqlite_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE sign_messages RENAME TO sign_messages_away")
    with caplog.at_level("WARNING", logger="signage"):
        assert service.step() == service.poll_seconds
        service.step()
    assert len([r for r in caplog.records if r.levelname == "WARNING"]) == 1
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE sign_messages_away RENAME TO sign_messages")
    store.add_sign_message("Sau")
    service.step()
    assert board.wait_until(shows(["Truoc", "Sau"]), timeout=2)


def test_stop_is_prompt_even_between_polls(store, write_config, board):
    settings = load_settings(write_config(f'[sign]\nport = "{board.port}"\npoll_seconds = 2\n'))
    running = SignService(store, settings).start()
    assert board.wait_until(lambda b: b.frames_ok >= 1, timeout=2)
    began = time.monotonic()
    running.stop()
    assert time.monotonic() - began < 1

"""The sign service writes to a real pseudo-terminal; the simulated board decodes the other side.

Time-based behaviour uses an injected clock; waits poll with a deadline.
"""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from lobby.settings import load_settings
from lobby.store.sign import MessageFields
from signage.items import BoardProfile, SignItem
from signage.protocols import alpha
from signage.service import STALE_SECONDS, SignService
from tests.helpers_wait import wait_for

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
ALWAYS_OPEN = 'office_hours = "00:00-24:00"\noffice_days = "1-7"\n'


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def set_local(self, day: int, hour: int, minute: int = 0, second: int = 0) -> None:
        self.moment = datetime(2026, 12, day, hour, minute, second, tzinfo=TZ).astimezone(UTC)


def shows(texts):
    return lambda board: board.showing() == texts


@pytest.fixture
def open_settings(write_config, board):
    """Settings on the simulated board's pty, with the office open all the time."""
    return load_settings(
        write_config(f'[sign]\nport = "{board.port}"\npoll_seconds = 0.1\n{ALWAYS_OPEN}')
    )


@pytest.fixture
def service(store, open_settings):
    started = SignService(store, open_settings)
    yield started
    started.stop()


def test_changes_reach_the_board_and_disabled_or_deleted_messages_leave_within_two_seconds(
    store, service, board
):
    service.start()
    message = store.add_sign_message("Biết nghe dân nói")
    assert board.wait_until(shows(["Biet nghe dan noi"]), timeout=2)
    store.update_sign_message(message, text="Biết xin lỗi và sửa lỗi")
    assert board.wait_until(shows(["Biet xin loi va sua loi"]), timeout=2)
    store.update_sign_message(message, enabled=False)
    assert board.wait_until(shows([]), timeout=2)
    store.update_sign_message(message, enabled=True)
    other = store.add_sign_message("Hai")
    assert board.wait_until(shows(["Biet xin loi va sua loi", "Hai"]), timeout=5), board.showing()
    store.delete_sign_message(message)
    assert board.wait_until(shows(["Hai"]), timeout=2)
    assert other


def test_time_windows_change_the_board_within_two_seconds_of_their_minute(
    store, write_config, board
):
    settings = load_settings(
        write_config(
            f'[sign]\nport = "{board.port}"\npoll_seconds = 0.1\n'
            'office_hours = "07:00-17:00"\noffice_days = "1-5"\n'
            'after_hours = "default"\nafter_hours_text = "Ngoài giờ làm việc"\n'
        )
    )
    clock = Clock(datetime.now(UTC))
    clock.set_local(1, 8, 59, 59)  # Tuesday
    store.add_sign_message("Chào buổi sáng", fields=MessageFields(window_start=540, window_end=600))
    store.add_sign_message("Cả ngày")
    service = SignService(store, settings, now=clock).start()
    try:
        assert board.wait_until(shows(["Ca ngay"]), timeout=2)
        clock.set_local(1, 9, 0, 0)
        assert board.wait_until(shows(["Chao buoi sang", "Ca ngay"]), timeout=2)
        clock.set_local(1, 10, 0, 0)
        assert board.wait_until(shows(["Ca ngay"]), timeout=2)
        clock.set_local(1, 17, 0, 0)
        assert board.wait_until(shows(["Ngoai gio lam viec"]), timeout=2)
        clock.set_local(5, 9, 30)  # Saturday
        assert not board.wait_until(lambda b: "Ca ngay" in b.showing(), timeout=0.5)
    finally:
        service.stop()


def test_an_urgent_notice_overrides_until_it_expires(store, open_settings, board):
    clock = Clock(datetime(2026, 12, 1, 3, 0, tzinfo=UTC))
    store.add_sign_message("Chào mừng")
    service = SignService(store, open_settings, now=clock).start()
    try:
        assert board.wait_until(shows(["Chao mung"]), timeout=2)
        expires = datetime.now(UTC) + timedelta(hours=1)
        notice = store.add_urgent_notice("Mất điện 14:00", expires)
        clock.moment = store.list_urgent_notices()[0].starts_at
        assert board.wait_until(shows(["Mat dien 14:00"]), timeout=2)
        snapshot = board.snapshot()
        assert [item.urgent for item in snapshot.items] == [True]
        clock.moment = expires  # expired
        assert board.wait_until(shows(["Chao mung"]), timeout=2)
        assert notice
    finally:
        service.stop()


def test_nothing_is_resent_while_nothing_changes_and_config_only_when_its_key_changes(
    store, service, board
):
    message = store.add_sign_message("Xin chào")
    service.step()
    assert board.wait_until(shows(["Xin chao"]), timeout=2)
    frames, configurations = board.frames_ok, board.simulator.configurations
    for _ in range(5):
        service.step()
    assert not board.wait_until(lambda b: b.frames_ok > frames, timeout=0.3)

    before = store.get_sign_status().bytes_sent
    store.update_sign_message(message, text="Xin chào quý khách")  # same memory layout
    service.step()
    assert board.wait_until(shows(["Xin chao quy khach"]), timeout=2)
    plan = alpha.encode([SignItem("Xin chào quý khách")], BoardProfile())
    # Only the rewritten TEXT file goes: the run sequence and the priority clear are unchanged.
    old = alpha.encode([SignItem("Xin chào")], BoardProfile()).frames
    changed = [frame for frame in plan.frames if frame not in old]
    assert len(changed) == 1 and len(plan.frames) == 3
    assert store.get_sign_status().bytes_sent - before == len(changed[0])
    assert board.simulator.configurations == configurations

    other = store.add_sign_message("Mới")  # one more file of the pool: no configuration
    service.step()
    assert board.wait_until(shows(["Xin chao quy khach", "Moi"]), timeout=2)
    store.update_sign_message(other, enabled=False)  # a disabled one: none either
    service.step()
    assert board.wait_until(shows(["Xin chao quy khach"]), timeout=2)
    assert board.simulator.configurations == configurations

    store.update_sign_message(message, text="dài " * 80)  # outgrows the files: a new layout
    service.step()
    assert board.wait_until(lambda b: b.showing() == [("dai " * 80).strip()], timeout=2)
    assert board.simulator.configurations == configurations + 1
    assert board.frames_bad == 0


def test_first_write_clears_a_forgotten_priority_file(store, service, board):
    fd = os.open(board.port, os.O_WRONLY | os.O_NOCTTY)
    os.write(fd, alpha.encode_text_file(["OLD NOTICE"], label="0"))
    os.close(fd)
    assert board.wait_until(shows(["OLD NOTICE"]), timeout=2)
    store.add_sign_message("Hôm nay")
    service.step()
    assert board.wait_until(shows(["Hom nay"]), timeout=2)


def test_status_tells_what_was_sent_exactly(store, service, board):
    store.add_sign_message("Dân biết")
    store.add_sign_message("Dân kiểm tra")
    service.step()
    status = store.get_sign_status(service.sign_id)
    assert status.connected and status.port == board.port
    assert status.sent_text == "Dan biet | Dan kiem tra"
    plan = alpha.encode([SignItem("Dân biết"), SignItem("Dân kiểm tra")], BoardProfile())
    assert status.sent_frames == plan.all_frames()
    assert status.config_key == plan.config_key
    assert status.bytes_sent >= sum(len(f) for f in plan.all_frames())
    assert status.service_alive(datetime.now(UTC), STALE_SECONDS)


def test_content_too_large_is_reported_not_sent(store, service, board):
    store.add_sign_message("Trước")
    service.step()
    assert board.wait_until(shows(["Truoc"]), timeout=2)
    for index in range(70):  # more messages than an Alpha board has files
        store.add_sign_message(f"Thông điệp số {index}")
    service.step()
    status = store.get_sign_status(service.sign_id)
    assert "Quá nhiều thông điệp" in status.last_error
    assert status.sent_text == "Truoc"
    assert not board.wait_until(lambda b: b.showing() != ["Truoc"], timeout=0.3)


def test_a_failing_service_says_so_and_a_dead_one_is_not_connected(store, open_settings, board):
    store.add_sign_message("Trước")
    service = SignService(store, open_settings).start()
    try:
        assert board.wait_until(shows(["Truoc"]), timeout=2)
        # A message the protocol cannot encode (an unknown mode) makes every step fail.
        store.add_sign_message("Hỏng", fields=MessageFields(mode="no-such-mode"))
        wait_for(
            lambda: store.get_sign_status(service.sign_id).service_error,
            3,
            "the service's failure to be reported",
        )
        status = store.get_sign_status(service.sign_id)
        assert not status.connected
        assert "no-such-mode" in status.service_error
    finally:
        service.stop()
    status = store.get_sign_status(service.sign_id)
    assert not status.connected and status.heartbeat_at is None


def test_a_service_that_stops_reporting_is_not_connected(store, service, board):
    store.add_sign_message("Xin chào")
    service.step()
    status = store.get_sign_status(service.sign_id)
    assert status.live_connected(datetime.now(UTC), STALE_SECONDS)
    later = datetime.now(UTC) + timedelta(seconds=STALE_SECONDS + 1)
    assert not status.live_connected(later, STALE_SECONDS)


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
    settings = load_settings(
        write_config(f'[sign]\nport = "{board.port}"\npoll_seconds = 2\n{ALWAYS_OPEN}')
    )
    running = SignService(store, settings).start()
    assert board.wait_until(lambda b: b.frames_ok >= 1, timeout=2)
    began = time.monotonic()
    running.stop()
    assert time.monotonic() - began < 1


def test_the_boards_clock_is_set_at_connect_and_each_day(store, open_settings, board):
    clock = Clock(datetime.now(UTC))
    clock.set_local(1, 23, 59, 40)
    store.add_sign_message("Xin chào")
    service = SignService(store, open_settings, now=clock).start()
    try:
        assert board.wait_until(lambda b: b.clock.get("date") == "120126", timeout=2)
        assert board.simulator.clock["time"] == "2359"
        frames = board.frames_ok
        clock.set_local(2, 0, 0, 5)  # a new day in Hà Nội
        assert board.wait_until(lambda b: b.clock.get("date") == "120226", timeout=2)
        assert board.simulator.clock["time"] == "0000"
        assert board.wait_until(lambda b: b.frames_ok > frames, timeout=2)
        # The daily memory configuration goes with the midnight clock, then the text again.
        assert board.wait_until(lambda b: b.configurations == 2, timeout=3)
        assert board.wait_until(shows(["Xin chao"]), timeout=3)
    finally:
        service.stop()

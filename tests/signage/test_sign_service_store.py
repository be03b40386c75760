"""What the sign service keeps in the store: migration 0003 carries messages over, schedules and
notices are checked, status is per sign."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from lobby.store import Store
from lobby.store import db as store_db
from lobby.store.sign import ALL_DAYS, MessageFields


def test_migration_0003_keeps_existing_messages_and_the_old_status(sqlite_url):
    engine = store_db.make_engine(sqlite_url)
    store_db.upgrade(engine, "0002")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO sign_messages (text, enabled, position, created_at, updated_at)"
                " VALUES ('Biết nghe dân nói', 1, 1, '2026-11-01 01:00:00', '2026-11-01 01:00:00'),"
                " ('Tạm tắt', 0, 2, '2026-11-01 01:00:00', '2026-11-01 01:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO sign_status (id, port, connected, last_ok_at, sent_text)"
                " VALUES (1, '/dev/ttyUSB0', 1, '2026-11-01 02:00:00', 'Biet nghe dan noi')"
            )
        )
    engine.dispose()
    store = Store.open(sqlite_url)
    try:
        messages = store.list_sign_messages()
        assert [(m.text, m.enabled) for m in messages] == [
            ("Biết nghe dân nói", True),
            ("Tạm tắt", False),
        ]
        first = messages[0]
        assert (first.weekdays, first.mode, first.window_start, first.starts_at) == (
            ALL_DAYS,
            "rotate",
            None,
            None,
        )
        status = store.get_sign_status("/dev/ttyUSB0")
        assert status.sent_text == "Biet nghe dan noi"
        assert status.last_ok_at == datetime(2026, 11, 1, 2, 0, tzinfo=UTC)
        assert not status.connected  # until the service says so again
    finally:
        store.close()


@pytest.mark.parametrize(
    "fields, message",
    [
        (MessageFields(weekdays=0), "ít nhất một ngày"),
        (MessageFields(window_start=600), "cả giờ bắt đầu và giờ kết thúc"),
        (MessageFields(window_start=600, window_end=600), "trùng nhau"),
        (MessageFields(speed=9), "Tốc độ"),
        (
            MessageFields(
                starts_at=datetime(2026, 12, 2, tzinfo=UTC),
                ends_at=datetime(2026, 12, 1, tzinfo=UTC),
            ),
            "sau thời điểm bắt đầu",
        ),
    ],
)
def test_unusable_schedules_are_refused_and_nothing_changes(store, fields, message):
    kept = store.add_sign_message("Giữ nguyên")
    with pytest.raises(ValueError, match=message):
        store.add_sign_message("Mới", fields=fields)
    with pytest.raises(ValueError, match=message):
        store.update_sign_message(kept, fields=fields)
    assert [m.text for m in store.list_sign_messages()] == ["Giữ nguyên"]
    assert store.get_sign_message(kept).fields == MessageFields()


def test_notices_are_listed_until_they_expire_or_end(store):
    now = datetime.now(UTC)
    later = store.add_urgent_notice("Khẩn", now + timedelta(hours=1), by="lan")
    soon = store.add_urgent_notice(
        "Sắp tới", now + timedelta(hours=3), starts_at=now + timedelta(hours=2)
    )
    now = datetime.now(UTC)
    assert [n.id for n in store.list_urgent_notices(now)] == [later, soon]
    assert [n.active(now) for n in store.list_urgent_notices(now)] == [True, False]
    assert [n.id for n in store.list_urgent_notices(now + timedelta(hours=1))] == [soon]
    store.end_urgent_notice(soon)
    assert store.list_urgent_notices(now + timedelta(hours=1)) == []
    with pytest.raises(ValueError, match="đã qua"):
        store.add_urgent_notice("Cũ", now - timedelta(minutes=1))


def test_status_is_kept_per_sign(store):
    store.report_sign_ok("/dev/ttyUSB0", "Mot", frames=[b"\x01ab"], bytes_written=3, config_key="k")
    store.report_sign_error("socket://10.0.0.5:10001", "refused")
    usb = store.get_sign_status("/dev/ttyUSB0")
    tcp = store.get_sign_status("socket://10.0.0.5:10001")
    assert (usb.connected, usb.sent_frames, usb.bytes_sent, usb.config_key) == (
        True,
        [b"\x01ab"],
        3,
        "k",
    )
    assert (tcp.connected, tcp.last_error) == (False, "refused")
    assert {s.sign_id for s in store.list_sign_statuses()} == {
        "/dev/ttyUSB0",
        "socket://10.0.0.5:10001",
    }
    store.report_sign_heartbeat("/dev/ttyUSB0", "/dev/ttyUSB0", service_error="boom")
    assert store.get_sign_status("/dev/ttyUSB0").connected is False
    assert store.get_sign_status("/dev/ttyUSB0").service_error == "boom"
    store.report_sign_heartbeat("/dev/ttyUSB0", "/dev/ttyUSB0")
    assert store.get_sign_status("/dev/ttyUSB0").service_error is None

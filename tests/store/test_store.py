"""The store behaves the same on SQLite and PostgreSQL: durable votes, UTC times, office days."""

from __future__ import annotations

import unicodedata
import uuid
from datetime import UTC, date, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from lobby.clock import utcnow
from lobby.store import NotFound, Store
from lobby.store.models import Base
from lobby.visit_record import AnswerRecord, VisitRecord


def vote(store: Store, key: str = "hai_long", index: int = 1, **extra) -> str:
    visit = VisitRecord(
        id=VisitRecord.new_id(),
        device_id=extra.pop("device_id", "kiosk-sanh-1"),
        channel="kiosk",
        created_at=extra.pop("at", None) or utcnow(),
        survey_key="hai-long-chung",
        survey_version=1,
        answers=(AnswerRecord("overall", "?", key, key, index, key.endswith("hai_long")),),
    )
    assert store.record_visit(visit, repeat_interval_seconds=0)
    return visit.id


def test_recorded_vote_is_visible_to_a_new_connection(any_store, store_url):
    visit_id = vote(any_store)
    other = Store.open(store_url, migrate=False)
    try:
        assert [v.id for v in other.iter_visits(date(2000, 1, 1), date(2100, 1, 1))] == [visit_id]
    finally:
        other.close()


def test_visits_get_uuids_and_carry_the_device_id(any_store):
    first = vote(any_store, device_id="kiosk-sanh-1")
    second = vote(any_store, device_id="kiosk-quay-2")
    assert uuid.UUID(first) != uuid.UUID(second)
    rows = {v.id: v for v in any_store.iter_visits(date(2000, 1, 1), date(2100, 1, 1))}
    assert rows[first].device_id == "kiosk-sanh-1"
    assert rows[second].device_id == "kiosk-quay-2"


def test_times_are_stored_in_utc_and_grouped_by_the_vietnamese_day(any_store):
    # 23:30 UTC on 31/03 is 06:30 on 01/04 in Ho Chi Minh City.
    late = datetime(2026, 3, 31, 23, 30, tzinfo=UTC)
    vote(any_store, at=late)
    vote(any_store, "rat_hai_long", 0, at=datetime(2026, 3, 31, 10, 0, tzinfo=UTC))
    counts = any_store.daily_level_counts(date(2026, 3, 1), date(2026, 4, 30))
    assert [(c.day, c.level_key, c.count) for c in counts] == [
        (date(2026, 3, 31), "rat_hai_long", 1),
        (date(2026, 4, 1), "hai_long", 1),
    ]
    (row,) = any_store.iter_visits(date(2026, 4, 1), date(2026, 4, 1))
    assert row.created_at == late and row.created_at.tzinfo is not None


def test_daily_counts_add_up_per_level(any_store):
    day = datetime(2026, 5, 4, 3, 0, tzinfo=UTC)
    for key, index, times in (("rat_hai_long", 0, 3), ("khong_hai_long", 3, 2)):
        for _ in range(times):
            vote(any_store, key, index, at=day)
    counts = {c.level_key: c.count for c in any_store.daily_level_counts(day.date(), day.date())}
    assert counts == {"rat_hai_long": 3, "khong_hai_long": 2}
    assert any_store.count_visits() == 5


def test_sign_messages_keep_their_order_and_store_nfc(any_store):
    decomposed = unicodedata.normalize("NFD", "Biết nghe dân nói")
    first = any_store.add_sign_message(decomposed)
    second = any_store.add_sign_message("Biết nói dân hiểu", enabled=False)
    assert any_store.list_sign_messages()[0].text == "Biết nghe dân nói"
    any_store.move_sign_message(second, -1)
    assert [m.id for m in any_store.list_sign_messages()] == [second, first]
    assert any_store.enabled_sign_texts() == ["Biết nghe dân nói"]
    any_store.update_sign_message(second, enabled=True, text="Biết làm dân tin")
    assert any_store.enabled_sign_texts() == ["Biết làm dân tin", "Biết nghe dân nói"]
    any_store.delete_sign_message(first)
    with pytest.raises(NotFound):
        any_store.delete_sign_message(first)


def test_unusable_sign_text_is_refused_and_keeps_what_was_stored(any_store):
    kept = any_store.add_sign_message("Biết cảm ơn")
    for bad in ("   ", "a\x1bZ00", "x" * 501):
        with pytest.raises(ValueError):
            any_store.add_sign_message(bad)
        with pytest.raises(ValueError):
            any_store.update_sign_message(kept, text=bad)
    assert [m.text for m in any_store.list_sign_messages()] == ["Biết cảm ơn"]


def test_sign_status_keeps_last_success_and_last_error(any_store):
    assert any_store.get_sign_status().connected is False
    any_store.report_sign_ok("/dev/ttyUSB0", "Biet cam on")
    any_store.report_sign_error("/dev/ttyUSB0", "cổng đã bị rút")
    status = any_store.get_sign_status()
    assert not status.connected and status.last_ok_at and status.last_error == "cổng đã bị rút"


def test_user_names_are_unique(any_store):
    any_store.create_user("lan", "$argon2id$x")
    with pytest.raises(ValueError):
        any_store.create_user("lan", "$argon2id$y")
    assert any_store.count_users("admin") == 1


def test_migrations_build_exactly_the_models(any_store):
    with any_store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_sqlite_store_uses_wal_and_synchronous_commits(store):
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL

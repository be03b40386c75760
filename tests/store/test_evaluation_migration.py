"""Migration 0002 keeps every response of the first schema as a visit with one answer."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import inspect, text

from lobby.store import Store, db

LEVELS = [  # key, index, label, satisfied (as the shipped default survey says)
    ("rat_hai_long", 0, "Rất hài lòng", True),
    ("hai_long", 1, "Hài lòng", True),
    ("binh_thuong", 2, "Bình thường", False),
    ("khong_hai_long", 3, "Không hài lòng", False),
    ("rat_khong_hai_long", 4, "Rất không hài lòng", False),  # a level since retired
]


def first_schema_store(url: str) -> list[dict]:
    """Build a store at revision 0001 and fill ``responses``; return the rows inserted."""
    engine = db.make_engine(url)
    db.upgrade(engine, "0001")
    start = datetime(2026, 3, 31, 16, 59, 30)  # naive UTC, as 0001 stored it
    rows = []
    for n in range(23):
        key, index, label, _ = LEVELS[n % len(LEVELS)]
        moment = start + timedelta(seconds=17 * n)
        rows.append(
            {
                "id": str(uuid.uuid4()),
                "device_id": f"kiosk-{n % 3}",
                "survey_id": "hai-long-chung",
                "level_key": key,
                "level_index": index,
                "level_label": label,
                "channel": ("touch", "keypad", "mouse")[n % 3],
                "created_at": moment,
                "local_day": (moment + timedelta(hours=7)).date(),
            }
        )
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO responses (id, device_id, survey_id, level_key, level_index,"
                " level_label, channel, created_at, local_day) VALUES (:id, :device_id,"
                " :survey_id, :level_key, :level_index, :level_label, :channel, :created_at,"
                " :local_day)"
            ),
            rows,
        )
    engine.dispose()
    return rows


def test_every_response_becomes_a_visit_with_one_overall_answer(store_url):
    rows = first_schema_store(store_url)
    store = Store.open(store_url)  # upgrades to head
    try:
        assert "responses" not in inspect(store.engine).get_table_names()
        assert store.count_visits() == len(rows)
        satisfied = {key: sat for key, _, _, sat in LEVELS}
        for old in rows:
            visit = store.visit_by_id(old["id"])
            assert visit is not None, old["id"]
            assert visit.device_id == old["device_id"]
            assert visit.created_at == old["created_at"].replace(tzinfo=UTC)
            assert visit.local_day == old["local_day"]
            assert (visit.channel, visit.input_channel) == ("kiosk", old["channel"])
            assert (visit.survey_key, visit.survey_version) == ("hai-long-chung", 1)
            assert not visit.is_repeat and not visit.dossier_repeat
            (answer,) = visit.answers
            assert answer.question_key == "overall"
            assert (answer.level_key, answer.level_index, answer.level_label) == (
                old["level_key"],
                old["level_index"],
                old["level_label"],
            )
            assert answer.satisfied is satisfied[old["level_key"]]
        assert {d.id for d in store.list_devices()} == {"kiosk-0", "kiosk-1", "kiosk-2"}
        # 16:59:30 UTC is 23:59:30 on 31/03 in Hà Nội; 17:00 UTC starts 01/04.
        days = {c.day for c in store.daily_level_counts(date(2026, 3, 31), date(2026, 4, 1))}
        assert days == {date(2026, 3, 31), date(2026, 4, 1)}
    finally:
        store.close()


def test_an_empty_first_schema_store_upgrades_cleanly(store_url):
    engine = db.make_engine(store_url)
    db.upgrade(engine, "0001")
    engine.dispose()
    store = Store.open(store_url)
    try:
        assert store.count_visits() == 0
        assert store.list_devices() == []
    finally:
        store.close()

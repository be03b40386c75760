"""Migration 0015 puts every row of a single-office store into site 1, losing nothing, and its
downgrade gives the store back exactly as it was, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa

from lobby.store import LOCAL_SITE_ID, Store, db
from lobby.store.tallies import rebuild
from lobby.visit_record import AnswerRecord, VisitRecord
from tests.store.table_rows import contents, projected

AT = datetime(2026, 11, 3, 2, 15)  # naive UTC, as stored
SCOPED = (
    "units",
    "counters",
    "officials",
    "devices",
    "visits",
    "cases",
    "letters",
    "result_tallies",
    "watchlist_acks",
    "watchlist_actions",
)
VISITS = ("0a1b2c3d-0000-4000-8000-000000000001", "0a1b2c3d-0000-4000-8000-000000000002")


def office_rows() -> dict[str, list[dict]]:
    """A small office as a 0014 store holds it: people, a kiosk, visits with answers and
    reasons, a case with a note and an assignee who is logged in, a letter, watchlist marks."""
    visit = {
        "device_id": "kiosk-1",
        "channel": "kiosk",
        "created_at": AT,
        "local_day": date(2026, 11, 3),
        "survey_key": "hai-long-chung",
        "survey_version": 1,
        "official_code": "CB01",
        "counter_code": "mot-cua.quay-1",
        "unit_code": "mot-cua",
        "official_id": 1,
        "counter_id": 1,
        "unit_id": 1,
        "dossier_code": None,
        "comment": "Chờ lâu",
        "callback_phone": None,
        "callback_consent": False,
        "input_channel": "touch",
        "is_repeat": False,
        "dossier_repeat": False,
    }
    answer = {
        "question_key": "overall",
        "position": 0,
        "question_text": "Ông/Bà hài lòng?",
        "level_index": 3,
        "level_label": "Không hài lòng",
        "level_key": "khong_hai_long",
        "satisfied": False,
    }
    return {
        "units": [
            {"id": 1, "code": "mot-cua", "name": "Bộ phận Một cửa", "active": True},
            {"id": 2, "code": "tu-phap", "name": "Tư pháp", "active": False},
        ],
        "counters": [
            {"id": 1, "code": "mot-cua.quay-1", "name": "Quầy 1", "unit_id": 1, "active": True}
        ],
        "officials": [
            {
                "id": 1,
                "code": "CB01",
                "full_name": "Nguyễn Văn An",
                "title": "Chuyên viên",
                "unit_id": 1,
                "counter_id": 1,
                "photo": None,
                "photo_mime": None,
                "active": True,
                "created_at": AT,
                "updated_at": AT,
                "search_text": "nguyen van an cb01 chuyen vien",
                "sort_key": "an",
            }
        ],
        "devices": [
            {
                "id": "kiosk-1",
                "kind": "kiosk",
                "name": "Kiosk sảnh",
                "place": "Sảnh",
                "last_seen_at": AT,
                "counter_id": 1,
                "unit_id": None,
            }
        ],
        "users": [
            {
                "id": 1,
                "username": "lan",
                "password_hash": "$argon2id$x",
                "role": "admin",
                "active": True,
                "created_at": AT,
            }
        ],
        "user_sessions": [
            {
                "id_hash": "a" * 64,
                "user_id": 1,
                "created_at": AT,
                "last_seen_at": AT,
                "expires_at": AT,
                "ip": "127.0.0.1",
                "user_agent": "test",
                "data_json": None,
            }
        ],
        "visits": [{**visit, "id": VISITS[0]}, {**visit, "id": VISITS[1], "comment": None}],
        "answers": [{**answer, "visit_id": v} for v in VISITS],
        "visit_reasons": [{"visit_id": VISITS[0], "reason_key": "cho_lau"}],
        "cases": [
            {
                "id": 1,
                "visit_id": VISITS[0],
                "wants_callback": False,
                "visit_at": AT,
                "status": "open",
                "assignee_id": 1,
                "created_at": AT,
                "updated_at": AT,
                "phone_erased_at": None,
                "call_outcome": None,
            }
        ],
        "case_notes": [
            {
                "id": 1,
                "case_id": 1,
                "at": AT,
                "author": "lan",
                "text": "Đã gọi",
                "call_outcome": None,
            }
        ],
        "letter_templates": [
            {
                "id": 1,
                "kind": "apology",
                "version": 1,
                "title": "Thư xin lỗi",
                "summary": "",
                "greeting": "Kính gửi",
                "body": "Nội dung",
                "recipients": "",
                "created_at": AT,
                "created_by": "",
            }
        ],
        "letters": [
            {
                "id": 1,
                "kind": "apology",
                "status": "issued",
                "template_id": 1,
                "fields_json": "{}",
                "citizen": "Ông A",
                "dossier_code": None,
                "case_id": 1,
                "visit_id": VISITS[0],
                "created_at": AT,
                "created_by": "lan",
                "updated_at": AT,
                "approved_at": AT,
                "approved_by": "lan",
                "issued_at": AT,
                "issued_by": "lan",
                "year": 2026,
                "number": 1,
                "number_text": "01/TXL",
                "docx": b"PK\x03\x04 docx",
            }
        ],
        "watchlist_acks": [
            {
                "id": 1,
                "subject_kind": "official",
                "subject_code": "CB01",
                "period_code": "2026-Q4",
                "acknowledged_at": AT,
                "acknowledged_by": "lan",
            }
        ],
        "watchlist_actions": [
            {
                "id": 1,
                "subject_kind": "official",
                "subject_code": "CB01",
                "period_code": "2026-Q4",
                "kind": "reminder",
                "note": "Nhắc nhở",
                "created_at": AT,
                "created_by": "lan",
            }
        ],
    }


def store_at_0014(url: str) -> sa.Engine:
    """Build a store at revision 0014 holding ``office_rows`` and the tallies of its visits."""
    engine = db.make_engine(url)
    db.upgrade(engine, "0014")
    metadata = sa.MetaData()
    metadata.reflect(engine)
    rows = office_rows()
    with engine.begin() as connection:
        for table in metadata.sorted_tables:
            if table.name in rows:
                connection.execute(table.insert(), rows[table.name])
        assert rebuild(connection, by_site=False) == len(VISITS)
    return engine


def test_every_row_of_an_office_goes_to_site_1_and_comes_back_on_downgrade(store_url):
    engine = store_at_0014(store_url)
    try:
        before = contents(engine)
        assert all(before[table] for table in SCOPED)
        assert len(before["result_tallies"]) > 10

        db.upgrade(engine)
        after = contents(engine)
        assert [(s["id"], s["code"], s["name"]) for s in after["sites"]] == [
            (LOCAL_SITE_ID, "local", "Cơ quan")
        ]
        for table, rows in before.items():
            columns = sorted(rows[0]) if rows else []  # an empty table: only the count
            assert projected(after[table], columns) == projected(rows, columns), table
        for table in SCOPED:
            assert {row["site_id"] for row in after[table]} == {LOCAL_SITE_ID}, table
        assert [u["site_id"] for u in after["users"]] == [None]
        assert {(v["received_at"], v["forwarded_at"]) for v in after["visits"]} == {(None, None)}
        assert [c["forwarded_at"] for c in after["cases"]] == [None]
        assert [x["forwarded_at"] for x in after["letters"]] == [None]

        db.downgrade(engine, "0014")
        assert contents(engine) == before
    finally:
        engine.dispose()


def test_a_migrated_office_keeps_working_in_its_site(store_url):
    store_at_0014(store_url).dispose()
    store = Store.open(store_url)
    try:
        answer = AnswerRecord("overall", "Ông/Bà hài lòng?", "hai_long", "Hài lòng", 1, True)
        visit = VisitRecord(
            id=VisitRecord.new_id(),
            device_id="kiosk-1",
            channel="kiosk",
            created_at=datetime(2026, 11, 4, 2, 0, tzinfo=UTC),
            survey_key="hai-long-chung",
            survey_version=1,
            answers=(answer,),
            official_code="CB01",
        )
        assert store.record_visit(visit)
        row = store.visit_by_id(visit.id)
        assert (row.official_name, row.counter_code, row.unit_code) == (
            "Nguyễn Văn An",
            "mot-cua.quay-1",
            "mot-cua",
        )
        site, token = store.create_site("xa-moi", "Xã Mới", "lan")
        assert site.id == LOCAL_SITE_ID + 1 and store.site_for_token(token) == site
        assert store.upsert_officials([]) == (0, 0)
        assert store.count_visits() == len(VISITS) + 1
    finally:
        store.close()

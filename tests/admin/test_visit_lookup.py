"""The short visit code the kiosk's thank-you screen shows is found in the admin: the visit's
time, counter, official and rating, for the roles that may see results; on SQLite and PostgreSQL
the store finds it by a range on the visit ids."""

from __future__ import annotations

from datetime import UTC, datetime

from kiosk.visit_to_record import visit_code
from lobby.store import OfficialInput
from lobby.survey import load_survey
from lobby.visit_record import AnswerRecord, VisitRecord
from tests.admin.helpers import ROOT

SURVEY = load_survey(ROOT / "assets" / "survey.toml")
WHEN = datetime(2026, 3, 2, 2, 30, tzinfo=UTC)  # 09:30 in Hà Nội


def visit(visit_id: str, level: int = 0, **fields) -> VisitRecord:
    """Return a kiosk visit with this id rating the overall question at ``level``."""
    lv = SURVEY.levels[level]
    answer = AnswerRecord(
        SURVEY.overall.key, SURVEY.question, lv.key, lv.label, level, lv.satisfied
    )
    return VisitRecord(
        id=visit_id,
        device_id="kiosk-1",
        channel="kiosk",
        created_at=fields.pop("created_at", WHEN),
        survey_key=SURVEY.id,
        survey_version=1,
        answers=(answer,),
        **fields,
    )


def test_the_store_finds_visits_by_short_code(any_store):
    store = any_store
    ids = [
        "3fa9c1d2-0000-4000-8000-000000000001",
        "3fa9c1e7-0000-4000-8000-000000000002",  # the same short code: both are listed
        "3fa9c2d2-0000-4000-8000-000000000003",
        "3fa9c0ff-0000-4000-8000-000000000004",
    ]
    for n, visit_id in enumerate(ids):
        store.record_visit(visit(visit_id, created_at=WHEN.replace(minute=n)))
    assert visit_code(ids[0]) == "3FA9C1"
    found = store.visits_by_code("3FA9C1")
    assert [v.id for v in found] == [ids[1], ids[0]], "newest first, only that code"
    assert [v.id for v in store.visits_by_code(" 3fa9 c2 ")] == [ids[2]]
    assert store.visits_by_code("3FA9C3") == []
    for bad in ("", "3FA9C", "3FA9C1D", "3FA9G1", "%", "3fa9c%"):
        assert store.visits_by_code(bad) == [], bad


def test_staff_who_see_results_find_the_visit_of_a_code(leader, store):
    store.upsert_officials(
        [OfficialInput("CB01", "Trần Thị Lan", "Chuyên viên", "Bộ phận Một cửa", "Quầy 2")]
    )
    record = visit(
        VisitRecord.new_id(),
        level=3,
        official_code="CB01",
        dossier_code="H12.07-240105-0042",
    )
    store.record_visit(record)
    code = visit_code(record.id)
    home = leader.get("/").get_data(as_text=True)
    assert 'id="visit-code-form"' in home and "Tra mã lượt đánh giá" in home
    page = leader.get(f"/tra-ma?ma={code.lower()}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f"Lượt đánh giá có mã {code}" in html
    assert "02/03/2026 09:30" in html
    assert "Quầy 2" in html and "Trần Thị Lan" in html
    assert SURVEY.levels[3].label in html
    assert "H12.07-240105-0042" in html
    other = "0" * 6 if not code.startswith("0") else "F" * 6
    missing = leader.get(f"/tra-ma?ma={other}").get_data(as_text=True)
    assert (
        f"Không có lượt đánh giá nào mang mã {other}" in missing and "Trần Thị Lan" not in missing
    )


def test_a_malformed_code_is_told_in_vietnamese(leader):
    response = leader.get("/tra-ma?ma=XYZ")
    assert response.status_code == 422
    assert "Mã “XYZ” không đúng dạng" in response.get_data(as_text=True)
    assert leader.get("/tra-ma").status_code == 200  # the form alone


def test_an_editor_may_not_look_up_visits(editor, store):
    store.record_visit(visit("3fa9c1d2-0000-4000-8000-000000000001"))
    assert editor.get("/tra-ma?ma=3FA9C1").status_code == 403

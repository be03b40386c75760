"""The store's unit of work: store calls made inside it are one transaction, on each backend."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from lobby.store import FieldError, StoreError
from lobby.visit_record import AnswerRecord, VisitRecord
from tests.store.refusals import refuse


def _visit() -> VisitRecord:
    return VisitRecord(
        id=VisitRecord.new_id(),
        device_id="kiosk-1",
        channel="kiosk",
        created_at=datetime.now(UTC),
        survey_key="default",
        survey_version=1,
        answers=(AnswerRecord("overall", "Hài lòng?", "hai_long", "Hài lòng", 1, True),),
    )


def test_every_call_in_a_unit_is_committed_together(any_store):
    visit = _visit()
    with any_store.unit_of_work():
        unit_id = any_store.add_unit("Phòng Một cửa")
        assert any_store.record_visit(visit)
        any_store.audit("quantri", "unit.create", f"unit:{unit_id}")
        # Calls inside the unit see what the unit wrote so far.
        assert any_store.get_unit(unit_id).name == "Phòng Một cửa"
    assert [u.name for u in any_store.list_units()] == ["Phòng Một cửa"]
    assert any_store.visit_by_id(visit.id) is not None
    assert [e.action for e in any_store.audit_entries()] == ["unit.create"]


def test_a_unit_left_by_an_error_stores_nothing(any_store):
    visit = _visit()
    with pytest.raises(RuntimeError), any_store.unit_of_work():
        any_store.add_unit("Phòng Một cửa")
        any_store.record_visit(visit)
        any_store.audit("quantri", "unit.create", "unit:1")
        raise RuntimeError("the view failed after its writes")
    assert any_store.list_units() == []
    assert any_store.count_visits() == 0
    assert any_store.audit_entries() == []
    # The tallies of the visit went with it: results count nothing.
    today = datetime.now(UTC).date()
    assert any_store.daily_level_counts(today.replace(year=2000), today.replace(year=2100)) == []


def test_a_failed_call_undoes_only_its_own_writes_and_the_unit_goes_on(any_store):
    refuse(any_store, "audit_log")
    with any_store.unit_of_work():
        any_store.add_unit("Phòng A")
        with pytest.raises(StoreError):
            any_store.audit("quantri", "unit.create", "unit:1")  # refused by the database
        # Even on PostgreSQL, whose transaction an error would abort, the unit goes on.
        any_store.add_unit("Phòng B")
    assert sorted(u.name for u in any_store.list_units()) == ["Phòng A", "Phòng B"]
    assert any_store.audit_entries() == []


def test_a_call_raising_in_a_unit_undoes_its_own_writes(any_store):
    any_store.add_unit("Phòng A")
    with any_store.unit_of_work():
        kept = any_store.add_unit("Phòng B")
        with pytest.raises(FieldError):
            any_store.add_unit("Phòng A")
        any_store.audit("quantri", "unit.create", f"unit:{kept}")
    assert sorted(u.name for u in any_store.list_units()) == ["Phòng A", "Phòng B"]
    assert len(any_store.audit_entries()) == 1


def test_a_unit_opened_inside_another_joins_it(any_store):
    with pytest.raises(StoreError), any_store.unit_of_work():
        any_store.add_unit("Phòng A")
        with any_store.unit_of_work():
            any_store.add_unit("Phòng B")
        raise StoreError("the outer unit fails after the inner one ended")
    assert any_store.list_units() == []


def test_a_visit_written_twice_in_units_is_stored_once(any_store):
    visit = _visit()
    with any_store.unit_of_work():
        assert any_store.record_visit(visit)
    with any_store.unit_of_work():
        assert not any_store.record_visit(visit)
    assert any_store.count_visits() == 1
    (day,) = any_store.daily_level_counts(visit.created_at.date(), visit.created_at.date())
    assert day.count == 1

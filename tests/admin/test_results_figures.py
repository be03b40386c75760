"""Report figures from known visits, on SQLite and on PostgreSQL: rate, index, repeats, groups."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.admin.reports_data import fill

# Both backends, as in the store's tests (``any_store`` from tests/conftest.py): a SQLite file
# and a real PostgreSQL server.
FIRST, LAST = date(2026, 11, 1), date(2026, 11, 30)


def _by(store, by, **kw):
    return {
        f.key: (f.label, f.answers, f.satisfied, f.rate, f.index)
        for f in store.report_figures(FIRST, LAST, by, **kw)
    }


def test_overall_figures_leave_repeated_presses_out_by_default(any_store):
    fill(any_store)
    (total,) = any_store.report_figures(FIRST, LAST)
    assert (total.answers, total.satisfied) == (3, 2)
    assert (total.rate, total.index) == (Decimal("66.7"), Decimal("55.6"))
    (total,) = any_store.report_figures(FIRST, LAST, include_repeats=True)
    assert (total.answers, total.satisfied) == (4, 2)
    assert (total.rate, total.index) == (Decimal("50.0"), Decimal("41.7"))


def test_an_empty_period_has_no_rate_and_no_index(any_store):
    fill(any_store)
    (total,) = any_store.report_figures(date(2026, 12, 1), date(2026, 12, 31))
    assert (total.answers, total.rate, total.index) == (0, None, None)
    assert any_store.report_figures(date(2026, 12, 1), date(2026, 12, 31), "official") == []


def test_figures_by_official_unit_counter_and_channel(any_store):
    fill(any_store)
    assert _by(any_store, "official") == {
        "cb-a": ("Nguyễn Văn An", 2, 2, Decimal("100.0"), Decimal("83.3")),
        "cb-b": ("Trần Thị Bình", 1, 0, Decimal("0.0"), Decimal("0.0")),
    }
    assert _by(any_store, "official", include_repeats=True)["cb-b"][1] == 2
    units = _by(any_store, "unit")
    assert units["phong-mot-cua"][:3] == ("Phòng Một cửa", 2, 2)
    assert units["phong-tu-phap"][:3] == ("Phòng Tư pháp", 1, 0)
    assert {label for label, *_ in _by(any_store, "counter").values()} == {"Quầy 1", "Quầy 2"}
    assert {k: v[1] for k, v in _by(any_store, "channel").items()} == {"kiosk": 2, "paper": 1}


def test_figures_by_criterion_count_every_question_with_its_own_number_of_levels(any_store):
    fill(any_store)
    questions = _by(any_store, "question")
    assert questions["overall"][1:] == (3, 2, Decimal("66.7"), Decimal("55.6"))
    # Three levels: "Tốt" = 100, "Kém" = 0.
    assert questions["thai_do"] == ("Thái độ cán bộ?", 2, 1, Decimal("50.0"), Decimal("50.0"))


def test_figures_by_hour_and_weekday_are_in_office_time(any_store):
    fill(any_store)
    # 02:00 and 02:30 UTC are 09:00 and 09:30 in Hà Nội; 07:00 UTC is 14:00.
    assert {k: v[1] for k, v in _by(any_store, "hour").items()} == {"9": 2, "14": 1}
    # Monday is 1, Tuesday 2 (Sunday 0).
    assert {k: v[1] for k, v in _by(any_store, "weekday").items()} == {"1": 2, "2": 1}


def test_without_its_survey_version_the_number_of_levels_is_the_highest_level_seen(any_store):
    from datetime import UTC, datetime

    from lobby.visit_record import AnswerRecord, VisitRecord

    for index in (0, 2):
        answer = AnswerRecord("overall", "?", f"muc{index}", f"Mức {index}", index, index == 0)
        any_store.record_visit(
            VisitRecord(
                id=VisitRecord.new_id(),
                device_id=f"k{index}",
                channel="kiosk",
                created_at=datetime(2026, 11, 5, 2, tzinfo=UTC),
                survey_key="khong-luu",
                survey_version=99,
                answers=(answer,),
            )
        )
    (total,) = any_store.report_figures(FIRST, LAST)
    assert (total.answers, total.rate, total.index) == (2, Decimal("50.0"), Decimal("50.0"))

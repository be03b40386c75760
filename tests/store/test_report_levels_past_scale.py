"""Report figures when a stored answer's level index is past its question's worst level: it
counts as the worst level (index 0), on SQLite and on PostgreSQL, alone or beside others."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from lobby.visit_record import AnswerRecord, VisitRecord
from tests.admin.reports_data import SURVEY_KEY, SURVEY_TOML

DAY = date(2026, 11, 5)


def _vote(store, version: int, index: int, minute: int) -> None:
    answer = AnswerRecord("overall", "?", f"muc{index}", f"Mức {index}", index, index == 0)
    store.record_visit(
        VisitRecord(
            id=VisitRecord.new_id(),
            device_id=f"k{minute}",  # a kiosk each: no repeated press
            channel="kiosk",
            created_at=datetime(2026, 11, 5, 2, minute, tzinfo=UTC),
            survey_key=SURVEY_KEY,
            survey_version=version,
            answers=(answer,),
        )
    )


def test_an_index_past_the_worst_level_counts_as_the_worst(any_store):
    version = any_store.ensure_survey_version(SURVEY_KEY, SURVEY_TOML)  # overall: 4 levels
    for minute, index in enumerate((0, 1, 6)):
        _vote(any_store, version, index, minute)
    (total,) = any_store.report_figures(DAY, DAY)
    # (100 + 66.67 + 0) / 3: the answer at index 6 scores as the worst level, not below it.
    assert (total.answers, total.satisfied, total.index) == (3, 1, Decimal("55.6"))
    assert total.rate == Decimal("33.3")
    (hour,) = any_store.report_figures(DAY, DAY, "hour")
    assert (hour.key, hour.answers, hour.index) == ("9", 3, Decimal("55.6"))


def test_answers_within_the_scale_are_summed_without_reading_each_level(any_store):
    version = any_store.ensure_survey_version(SURVEY_KEY, SURVEY_TOML)
    for minute, index in enumerate((0, 0, 2, 3)):
        _vote(any_store, version, index, minute)
    (total,) = any_store.report_figures(DAY, DAY)
    # (100 + 100 + 33.33 + 0) / 4 = 58.33
    assert (total.answers, total.satisfied, total.rate, total.index) == (
        4,
        2,
        Decimal("50.0"),
        Decimal("58.3"),
    )

"""What the periodic report reads besides the ratings, counted in SQL on both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from lobby.store import OfficialInput
from lobby.store.report_context import (
    ReportNotes,
    case_counts,
    comment_sample,
    reason_counts,
    report_notes,
    save_report_notes,
)
from lobby.visit_record import AnswerRecord, VisitRecord

T0 = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # 09:00 on 02/11 in Hà Nội
GOOD = AnswerRecord("overall", "Hài lòng?", "hai_long", "Hài lòng", 1, True)
BAD = AnswerRecord("overall", "Hài lòng?", "khong_hai_long", "Không hài lòng", 3, False)


def visit(at: datetime, answer: AnswerRecord, **extra) -> VisitRecord:
    return VisitRecord(
        id=VisitRecord.new_id(),
        device_id=extra.pop("device_id", "k1"),
        channel="kiosk",
        created_at=at,
        survey_key="s",
        survey_version=1,
        answers=(answer,),
        **extra,
    )


def test_reasons_comments_and_cases_of_a_period(any_store):
    any_store.upsert_officials([OfficialInput("cb-a", "Nguyễn Văn An", unit="Phòng Một cửa")])
    any_store.record_visit(visit(T0, BAD, reasons=("cho_lau", "thai_do"), comment="Chờ lâu"))
    any_store.record_visit(
        visit(T0 + timedelta(hours=1), BAD, reasons=("cho_lau",), comment="Ồn", device_id="k2")
    )
    any_store.record_visit(
        visit(T0 + timedelta(hours=2), GOOD, comment="Tốt lắm", official_code="cb-a")
    )
    any_store.record_visit(visit(T0 + timedelta(days=40), BAD, reasons=("thai_do",), comment="x"))
    any_store.sync_cases()
    first, last = date(2026, 11, 1), date(2026, 11, 30)
    assert reason_counts(any_store, first, last) == [("cho_lau", 2), ("thai_do", 1)]
    comments = comment_sample(any_store, first, last, limit=2)
    # the lowest-rated first, newest first among them
    assert [(c.text, c.level) for c in comments] == [
        ("Ồn", "Không hài lòng"),
        ("Chờ lâu", "Không hài lòng"),
    ]
    (praise,) = [c for c in comment_sample(any_store, first, last) if c.text == "Tốt lắm"]
    assert praise.about == "Nguyễn Văn An" and praise.day == date(2026, 11, 2)
    # two low ratings with a comment made cases; both open, one visit before the due moment
    counts = case_counts(any_store, first, last, due_before=T0 + timedelta(minutes=30))
    assert (counts.received, counts.handled, counts.overdue) == (2, 0, 1)


def test_the_leaders_sections_are_kept_per_report(any_store):
    assert report_notes(any_store, "2026-Q4") == ReportNotes()
    save_report_notes(any_store, "2026-Q4", ReportNotes("Chờ lâu.", "Thêm quầy.", "lan", "x"))
    assert report_notes(any_store, "2026-Q4").proposals == "Thêm quầy."
    assert report_notes(any_store, "2026") == ReportNotes()

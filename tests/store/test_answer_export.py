"""The answer export formats and streams its rows in the database, the same on both backends."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

from lobby.store.answer_export import fixed_offset
from lobby.visit_record import AnswerRecord, VisitRecord

T0 = datetime(2026, 4, 1, 17, 30, 5, tzinfo=UTC)  # 00:30:05 on 02/04 in Hà Nội
OVERALL = AnswerRecord("overall", "Ông/Bà hài lòng?", "hai_long", "Hài lòng", 1, True)
ATTITUDE = AnswerRecord("thai_do", "Thái độ <cán bộ> & quầy?", "kem", "=1+1", 2, False)


def visit(at: datetime, channel: str = "kiosk", **extra) -> VisitRecord:
    return VisitRecord(
        id=VisitRecord.new_id(),
        device_id=extra.pop("device_id", "kiosk-1"),
        channel=channel,
        created_at=at,
        survey_key="hai-long-chung",
        survey_version=1,
        answers=extra.pop("answers", (OVERALL,)),
        **extra,
    )


def csv_rows(store, first: date, last: date) -> list[list[str]]:
    text = b"".join(store.answers_csv(first, last)).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def test_the_csv_has_local_times_vietnamese_channels_and_no_formulas(any_store):
    first = visit(T0, answers=(OVERALL, ATTITUDE), dossier_code="+SUM(A1)")
    later = visit(T0 + timedelta(hours=1), channel="paper", device_id="@evil")
    web = visit(T0 + timedelta(hours=2), channel="web")
    for v in (web, first, later):
        any_store.record_visit(v)
    rows = csv_rows(any_store, date(2026, 4, 2), date(2026, 4, 2))
    assert [row[0] for row in rows] == [first.id, first.id, later.id, web.id]
    assert rows[0] == [
        first.id,
        "02/04/2026 00:30:05",
        "02/04/2026",
        "kiosk-1",
        "Máy đánh giá",
        "",
        "",
        "",
        "",
        "'+SUM(A1)",
        "overall",
        "Ông/Bà hài lòng?",
        "Hài lòng",
        "Có",
        "Không",
    ]
    assert rows[1][10:] == ["thai_do", "Thái độ <cán bộ> & quầy?", "'=1+1", "Không", "Không"]
    assert (rows[2][3], rows[2][4]) == ("'@evil", "Phiếu giấy")
    assert rows[3][4] == "Trang web"


def test_the_csv_keeps_to_the_office_days_asked_for(any_store):
    any_store.record_visit(visit(T0 - timedelta(hours=1)))  # 23:30 on 01/04 local
    inside = visit(T0)
    any_store.record_visit(inside)
    any_store.record_visit(visit(T0 + timedelta(days=1)))
    rows = csv_rows(any_store, date(2026, 4, 2), date(2026, 4, 2))
    assert [row[0] for row in rows] == [inside.id]
    assert csv_rows(any_store, date(2026, 5, 1), date(2026, 5, 31)) == []


def test_sheet_rows_hold_serial_dates_escaped_codes_and_a_control_flag(any_store):
    v = visit(T0, answers=(OVERALL, ATTITUDE), dossier_code="+<b>&")
    odd = visit(T0 + timedelta(minutes=1), dossier_code="HS\x01-1")
    any_store.record_visit(v)
    any_store.record_visit(odd)
    batches = list(any_store.answers_for_sheet(date(2026, 4, 2), date(2026, 4, 2)))
    rows = [row for batch in batches for row in batch]
    assert len(rows) == 3
    moment, day = float(rows[0][1]), int(rows[0][2])
    # Excel's serial numbers count days from 30/12/1899, local time
    local = datetime(1899, 12, 30) + timedelta(days=moment)
    assert abs(local - datetime(2026, 4, 2, 0, 30, 5)) < timedelta(milliseconds=1)
    assert datetime(1899, 12, 30) + timedelta(days=day) == datetime(2026, 4, 2)
    # the dossier code typed at the kiosk is written inline: escaped and neutralised here
    assert rows[0][9] == "'+&lt;b&gt;&amp;"
    # repeated texts are left as stored, for the sheet's shared strings
    assert rows[1][11:13] == ("Thái độ <cán bộ> & quầy?", "=1+1")
    assert rows[0][4] == "Máy đánh giá" and rows[0][13:15] == ("Có", "Không")
    assert [row[15] for row in rows] == [0, 0, 1]  # a control character XML cannot hold


def test_a_zone_that_changes_its_clocks_has_no_fixed_offset():
    assert fixed_offset("Asia/Ho_Chi_Minh", date(2026, 1, 1), date(2026, 12, 31)) == 7 * 3600
    assert fixed_offset("Europe/Paris", date(2026, 1, 1), date(2026, 12, 31)) is None
    assert fixed_offset("Europe/Paris", date(2026, 6, 1), date(2026, 6, 30)) == 2 * 3600

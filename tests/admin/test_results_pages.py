"""Results: counts per level per office day, satisfaction rate, CSV export for Excel, bad dates."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest

from admin_web.csv_export import neutralise
from lobby.clock import to_local, utcnow
from lobby.visit_record import AnswerRecord, VisitRecord
from tests.admin.helpers import table_row

SURVEY = "hai-long-chung"
HEADER = (
    "Mã lượt,Thời gian,Ngày,Thiết bị,Kênh,Mã cán bộ,Cán bộ,Đơn vị,Quầy,Mã hồ sơ,Mã câu hỏi,"
    "Câu hỏi,Mức đánh giá,Hài lòng,Bấm lặp"
)
LEVELS = {  # key: (index, label, satisfied) as in assets/survey.toml
    "rat_hai_long": (0, "Rất hài lòng", True),
    "hai_long": (1, "Hài lòng", True),
    "binh_thuong": (2, "Bình thường", False),
    "khong_hai_long": (3, "Không hài lòng", False),
    "rat_khong_hai_long": (4, "Rất không hài lòng", False),  # no longer in the survey
}


def vote(
    store,
    key: str,
    at: datetime,
    *,
    level_label: str | None = None,
    satisfied: bool | None = None,
    device_id: str = "kiosk-1",
    **extra,
) -> str:
    """Record one visit answering the overall question with a level at a given moment."""
    index, label, was_satisfied = LEVELS[key]
    answer = AnswerRecord(
        "overall",
        "Ông/Bà hài lòng?",
        key,
        label if level_label is None else level_label,
        index,
        was_satisfied if satisfied is None else satisfied,
    )
    visit = VisitRecord(
        id=VisitRecord.new_id(),
        device_id=device_id,
        channel="kiosk",
        created_at=at,
        survey_key=SURVEY,
        survey_version=1,
        answers=(answer,),
        **extra,
    )
    assert store.record_visit(visit, repeat_interval_seconds=0)
    return visit.id


def test_counts_per_level_per_day_with_total_and_satisfaction_rate(staff, store):
    morning = datetime(2025, 3, 10, 2, 0, tzinfo=UTC)  # 09:00 in Hà Nội
    for key in ("rat_hai_long", "rat_hai_long", "hai_long", "khong_hai_long"):
        vote(store, key, morning)
    vote(store, "binh_thuong", morning + timedelta(days=1))
    vote(store, "hai_long", morning + timedelta(days=1))
    vote(store, "khong_hai_long", morning + timedelta(days=1))

    response = staff.get("/results?from=2025-03-09&to=2025-03-11")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    headings = [
        "Rất hài lòng",
        "Hài lòng",
        "Bình thường",
        "Không hài lòng",
        "Tổng",
        "Tỷ lệ hài lòng",
    ]
    daily = page[page.index("Số lượt đánh giá theo từng ngày") :]
    positions = [daily.index(f">{heading}</th>") for heading in headings]
    assert positions == sorted(positions)  # columns follow the survey's order
    assert table_row(page, "09/03/2025") == ["0", "0", "0", "0", "0", "–"]
    assert table_row(page, "10/03/2025") == ["2", "1", "0", "1", "4", "75,0%"]
    assert table_row(page, "11/03/2025") == ["0", "1", "1", "1", "3", "33,3%"]
    assert table_row(page, "Cả khoảng") == ["2", "2", "1", "2", "7", "57,1%"]


def test_a_vote_late_in_the_utc_evening_counts_for_the_next_vietnamese_day(staff, store):
    vote(store, "hai_long", datetime(2025, 3, 9, 23, 30, tzinfo=UTC))  # 06:30 on 10/03 in Hà Nội
    vote(store, "hai_long", datetime(2025, 3, 9, 16, 59, tzinfo=UTC))  # 23:59 on 09/03 in Hà Nội
    page = staff.get("/results?from=2025-03-09&to=2025-03-10").get_data(as_text=True)
    assert table_row(page, "09/03/2025")[1] == "1"
    assert table_row(page, "10/03/2025")[1] == "1"


def test_results_default_to_this_month_in_office_time(staff, store):
    today = to_local(utcnow()).date()
    vote(store, "rat_hai_long", utcnow())
    vote(store, "rat_hai_long", utcnow() - timedelta(days=45))
    page = staff.get("/results").get_data(as_text=True)
    assert f"Tháng {today.month}/{today.year}" in page
    assert table_row(page, today.strftime("%d/%m/%Y"))[0] == "1"
    assert table_row(page, today.replace(day=1).strftime("%d/%m/%Y"))
    before = today.replace(day=1) - timedelta(days=1)
    assert f'<th scope="row">{before.strftime("%d/%m/%Y")}</th>' not in page
    assert table_row(page, "Cả khoảng")[0] == "1"


def test_votes_for_a_level_no_longer_in_the_survey_still_count(staff, store):
    vote(store, "rat_khong_hai_long", datetime(2025, 3, 10, 2, tzinfo=UTC))
    page = staff.get("/results?from=2025-03-10&to=2025-03-10").get_data(as_text=True)
    assert "rat_khong_hai_long*" in page
    assert table_row(page, "10/03/2025") == ["0", "0", "0", "0", "1", "1", "0,0%"]


def test_the_rate_counts_what_was_satisfied_when_the_vote_was_given(staff, store):
    # Given under a survey version where "Bình thường" counted as satisfied: it still does.
    at = datetime(2025, 3, 10, 2, tzinfo=UTC)
    vote(store, "binh_thuong", at, satisfied=True)
    vote(store, "binh_thuong", at)
    page = staff.get("/results?from=2025-03-10&to=2025-03-10").get_data(as_text=True)
    assert table_row(page, "10/03/2025") == ["0", "0", "2", "0", "2", "50,0%"]


def test_repeated_presses_are_left_out_of_the_results_and_said_so(staff, store):
    at = datetime(2025, 3, 10, 2, tzinfo=UTC)
    for seconds in (0, 2, 4):
        visit = VisitRecord(
            id=VisitRecord.new_id(),
            device_id="kiosk-1",
            channel="kiosk",
            created_at=at + timedelta(seconds=seconds),
            survey_key=SURVEY,
            survey_version=1,
            answers=(AnswerRecord("overall", "?", "khong_hai_long", "Không hài lòng", 3, False),),
        )
        store.record_visit(visit, repeat_interval_seconds=5)
    page = staff.get("/results?from=2025-03-10&to=2025-03-10").get_data(as_text=True)
    assert table_row(page, "10/03/2025")[3:5] == ["1", "1"]
    assert "Không tính 2 lượt bấm lặp lại" in page
    _, rows = export(staff, "from=2025-03-10&to=2025-03-10")
    assert [row[14] for row in rows[1:]] == ["Không", "Có", "Có"]  # kept and flagged in the export


@pytest.mark.parametrize(
    "query, message",
    [
        ("from=2025-02-30&to=2025-03-01", "Ngày bắt đầu không hợp lệ"),
        ("from=2025-03-01&to=hom-nay", "Ngày kết thúc không hợp lệ"),
        ("from=2025-03-10&to=2025-03-01", "đang sau ngày kết thúc"),
        ("from=2020-01-01&to=2025-01-01", "tối đa 366 ngày"),
    ],
)
def test_bad_dates_on_the_page_give_a_vietnamese_message(staff, query, message):
    response = staff.get(f"/results?{query}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert '<form class="card range"' in page  # the form is still there to correct the dates


def test_dates_typed_as_dd_mm_yyyy_are_understood(staff, store):
    vote(store, "hai_long", datetime(2025, 3, 10, 2, tzinfo=UTC))
    page = staff.get("/results?from=10/03/2025&to=10/03/2025").get_data(as_text=True)
    assert table_row(page, "10/03/2025")[1] == "1"


def export(staff, query: str) -> tuple[bytes, list[list[str]]]:
    """Download the CSV export; return its bytes and its parsed rows."""
    response = staff.get(f"/results/export.csv?{query}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.is_streamed
    body = response.get_data()
    return body, list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_export_has_a_bom_and_one_row_per_response_in_office_time(staff, store):
    first = vote(store, "rat_hai_long", datetime(2025, 3, 9, 23, 30, 5, tzinfo=UTC))
    vote(store, "khong_hai_long", datetime(2025, 3, 10, 3, 0, tzinfo=UTC), input_channel="keypad")
    vote(store, "hai_long", datetime(2025, 3, 12, 3, 0, tzinfo=UTC))  # outside the range
    body, rows = export(staff, "from=2025-03-10&to=2025-03-10")
    assert body.startswith(b"\xef\xbb\xbf")
    header, *data = rows
    assert header == HEADER.split(",")
    assert len(data) == 2
    assert data[0] == [
        first,
        "10/03/2025 06:30:05",
        "10/03/2025",
        "kiosk-1",
        "Máy đánh giá",
        "",
        "",
        "",
        "",
        "",
        "overall",
        "Ông/Bà hài lòng?",
        "Rất hài lòng",
        "Có",
        "Không",
    ]
    assert data[1][12:] == ["Không hài lòng", "Không", "Không"]


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(staff, store):
    at = datetime(2025, 3, 10, 2, tzinfo=UTC)
    vote(store, "hai_long", at, level_label='=HYPERLINK("http://x","bấm")')
    vote(store, "hai_long", at, device_id="+cmd|' /C calc'!A0")
    vote(store, "hai_long", at, device_id="-2+3", level_label="@SUM(A1:A9)")
    _, rows = export(staff, "from=2025-03-10&to=2025-03-10")
    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://x","bấm")' in cells
    assert "'+cmd|' /C calc'!A0" in cells
    assert "'-2+3" in cells and "'@SUM(A1:A9)" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_neutralise_prefixes_formula_starts_with_a_quote(cell):
    assert neutralise(cell) == "'" + cell


def test_neutralise_leaves_ordinary_text_alone():
    assert neutralise("Rất hài lòng") == "Rất hài lòng"
    assert neutralise("10/03/2025 06:30:05") == "10/03/2025 06:30:05"


@pytest.mark.parametrize(
    "query", ["from=2025-13-01&to=2025-12-31", "from=2025-03-10&to=2025-03-01", "to=x"]
)
def test_csv_export_with_bad_dates_answers_400_in_vietnamese(staff, query):
    response = staff.get(f"/results/export.csv?{query}")
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    assert "Ngày" in response.get_data(as_text=True)


def test_csv_export_of_an_empty_range_is_just_the_header(staff):
    body, rows = export(staff, f"from={date(2025, 1, 1)}&to={date(2025, 1, 31)}")
    assert body.startswith(b"\xef\xbb\xbf")
    assert len(rows) == 1


def test_the_results_page_offers_the_periods_the_documents_name_and_shows_the_one_picked(staff):
    today = to_local(utcnow()).date()
    page = staff.get("/results").get_data(as_text=True)
    assert f'<option value="{today.year}-H1">6 tháng đầu năm {today.year}' in page
    assert f'<option value="{today.year - 1}-Q4">Quý IV/{today.year - 1}' in page
    picked = staff.get(f"/results?period={today.year - 1}-Q3").get_data(as_text=True)
    assert f"Quý III/{today.year - 1}" in picked
    assert f'<option value="{today.year - 1}-Q3" selected>' in picked

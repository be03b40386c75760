"""Periodic reports: /reports lists the periods, the DOCX (NĐ 30 layout) and XLSX agree with the
results page and with a rate recomputed from /results/export.csv, strict period names, roles,
formula neutralisation, and the background job with its progress."""

from __future__ import annotations

import csv
import io
import re
import time
from datetime import date
from types import SimpleNamespace

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import load_workbook

from admin_web.periods import parse_period
from admin_web.report_data import gather, report_period
from admin_web.report_docx import build_docx
from lobby.store import OfficialInput
from tests.admin.reports_data import fill

DATE_LINE = re.compile(r"[Nn]gày (\d{2}) tháng (0[12]|[3-9]|1[0-2]) năm \d{4}")


@pytest.fixture
def leader(browser, store, password_hash):
    """A visitor logged in as a leader, with the known visits of November 2026 stored."""
    store.create_user("lanhdao", password_hash, role="leader")
    assert browser.login("lanhdao").status_code == 302
    fill(store)
    return browser


def _docx(response) -> Document:
    assert response.status_code == 200, response.status_code
    return Document(io.BytesIO(response.data))


def _text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _table_row(doc, first_cell_text: str) -> list[str]:
    for table in doc.tables:
        for row in table.rows:
            cells = [cell.text for cell in row.cells]
            if first_cell_text in cells[:2]:
                return cells
    raise AssertionError(f"no row {first_cell_text!r}")


def _csv_rate(staff, code: str) -> tuple[int, str]:
    """Recompute the overall question's answers and rate from the CSV export, repeats left out."""
    text = staff.get(f"/results/export.csv?period={code}").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    overall = [r for r in rows if r["Mã câu hỏi"] == "overall" and r["Bấm lặp"] == "Không"]
    satisfied = sum(r["Hài lòng"] == "Có" for r in overall)
    rate = f"{satisfied * 100 / len(overall):.1f}".replace(".", ",") + "%"
    return len(overall), rate


def _page_figures(staff, code: str) -> tuple[str, str, str]:
    page = staff.get(f"/results?period={code}").get_data(as_text=True)
    return tuple(
        re.search(rf'id="fig-{n}">([^<]*)<', page).group(1) for n in ("visits", "rate", "index")
    )


def test_the_page_lists_the_quarters_halves_and_year_with_both_files(leader):
    page = leader.get("/reports").get_data(as_text=True)
    assert "<h1>Báo cáo định kỳ</h1>" in page
    for code in ("2026-Q4", "2026-H2", "2026"):
        assert f'href="/reports/{code}.docx"' in page and f'href="/reports/{code}.xlsx"' in page
    assert "Quý IV/2026" in page and "6 tháng cuối năm 2026" in page and "Năm 2026" in page
    assert 'aria-label="Word: Quý IV/2026">Word</a>' in page
    assert '<div class="table-wrap">' in page
    assert 'aria-label="Báo cáo định kỳ"' in page  # the menu entry


def test_an_empty_store_has_nothing_to_report(browser, store, password_hash):
    store.create_user("lanhdao", password_hash, role="leader")
    browser.login("lanhdao")
    page = browser.get("/reports").get_data(as_text=True)
    assert "Chưa có lượt đánh giá nào" in page and ".docx" not in page


BAD_NAMES = [
    "2026-Q5.docx",
    "2026-q4.docx",
    "2026-H3.xlsx",
    "2026-11.docx",
    "2026-W45.xlsx",
    "2026-11-02.docx",
    "2026-Q4.pdf",
    "2026-Q4.DOCX",
    "%202026-Q4.docx",
    "99999999999999999999-Q1.docx",
    "0000.docx",
    "x" * 2000 + ".docx",
]


def test_a_bad_period_name_is_not_found(leader):
    for name in BAD_NAMES:
        assert leader.get(f"/reports/{name}").status_code == 404, name


def test_report_periods_are_quarters_halves_and_years_only():
    assert report_period("2026-Q3") == parse_period("2026-Q3")
    assert report_period("2026-H1").last == date(2026, 6, 30)
    assert report_period("2026").first == date(2026, 1, 1)
    assert report_period("2026-11") is None and report_period("2026-q3") is None


def test_the_docx_agrees_with_the_results_page_and_the_csv(leader):
    visits, rate, index = _page_figures(leader, "2026-Q4")
    assert (visits, rate, index) == ("3", "66,7%", "55,6")
    assert _csv_rate(leader, "2026-Q4") == (3, rate)

    response = leader.get("/reports/2026-Q4.docx")
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=bao-cao-hai-long_2026-Q4.docx"
    )
    doc = _docx(response)
    text = _text(doc)
    assert f"Tỷ lệ hài lòng: {rate}." in text and f"(thang 0–100): {index}." in text
    assert "nhận được 3 lượt" in text
    assert "100 × (n − 1 − vị trí mức) ÷ (n − 1)" in text  # the index's formula
    assert "“Rất hài lòng” và “Hài lòng”" in text  # the rate's rule, from the survey
    # 2 visits is under the default minimum (20): the official is in the appendix, not the body
    assert _table_row(doc, "Nguyễn Văn An")[2:] == ["2", "100,0%"]
    assert "PHỤ LỤC 2. CÁN BỘ CÓ DƯỚI 20 LƯỢT ĐÁNH GIÁ" in text
    assert _table_row(doc, "Phòng Tư pháp")[2:5] == ["1", "0,0%", "0,0"]
    assert _table_row(doc, "Thái độ cán bộ?")[2:5] == ["2", "50,0%", "50,0"]
    assert _table_row(doc, "Tỷ lệ hài lòng")[2:5] == [rate, "–", "–"]  # vs Quý III: no data
    assert len(doc.inline_shapes) == 1  # the chart
    assert "Danh sách cần lưu ý và biện pháp đã thực hiện" in text


def test_the_docx_is_laid_out_per_decree_30(leader):
    doc = _docx(leader.get("/reports/2026-Q4.docx"))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    top, bottom, left, right = (
        round(m.mm, 1)
        for m in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    )
    assert 20 <= top <= 25 and 20 <= bottom <= 25 and 30 <= left <= 35 and 15 <= right <= 20
    normal = doc.styles["Normal"].font
    assert normal.name == "Times New Roman" and Pt(13) <= normal.size <= Pt(14)
    for paragraph in doc.paragraphs:
        for run in paragraph.runs:
            assert run.font.name in (None, "Times New Roman"), run.text
    header = doc.tables[0]
    left, right = (cell.text for cell in header.rows[0].cells)
    assert left.split("\n")[:2] == ["UBND TỈNH", "SỞ NỘI VỤ"]
    assert right.split("\n")[:2] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    number, place_date = (cell.text for cell in header.rows[1].cells)
    assert number.startswith("Số:") and number.endswith("/BC-SNV")
    assert DATE_LINE.search(place_date)
    titles = [p.text for p in doc.paragraphs if p.text.strip()][:2]
    assert titles[0] == "BÁO CÁO"
    assert titles[1].startswith("Kết quả khảo sát sự hài lòng") and titles[1].endswith(
        "Quý IV năm 2026"
    )
    assert "Nơi nhận:" in _text(doc) and "GIÁM ĐỐC" in _text(doc)


def test_the_date_line_has_the_leading_zeros_of_the_decree(settings, store):
    fill(store)
    data = gather(store, settings, parse_period("2026-Q4"), date(2026, 1, 5))
    doc = build_docx(data, place="Đà Nẵng")
    assert doc.tables[0].rows[1].cells[1].text == "Đà Nẵng, ngày 05 tháng 01 năm 2026"
    data.today = date(2026, 6, 29)
    assert build_docx(data, place="Đà Nẵng").tables[0].rows[1].cells[1].text == (
        "Đà Nẵng, ngày 29 tháng 6 năm 2026"
    )


def test_the_xlsx_agrees_with_the_results_page_and_has_the_csv_rows(leader):
    response = leader.get("/reports/2026-Q4.xlsx")
    assert response.status_code == 200
    assert "bao-cao-hai-long_2026-Q4.xlsx" in response.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == [
        "Tổng hợp",
        "Theo đơn vị",
        "Theo cán bộ",
        "Theo tiêu chí",
        "Dữ liệu thô",
    ]
    summary = {row[0]: row[1:] for row in book["Tổng hợp"].iter_rows(values_only=True) if row}
    assert summary["Số lượt đánh giá (câu hỏi chung)"][:3] == (3, 0, 3)
    assert summary["Tỷ lệ hài lòng"][0] == pytest.approx(0.667)
    assert summary["Chỉ số hài lòng (0–100)"][0] == 55.6
    summary_cells = {row[0].value: row for row in book["Tổng hợp"].iter_rows() if row[0].value}
    assert summary_cells["Tỷ lệ hài lòng"][1].number_format == "0.0%"
    assert summary_cells["Số lượt đánh giá (câu hỏi chung)"][3].number_format == "+#,##0;-#,##0;0"
    assert summary_cells["Số lượt đánh giá (câu hỏi chung)"][1].number_format == "#,##0"
    # the titles are merged across the table, one line each, so none spills over the next row
    assert {"A1:D1", "A2:D2", "A3:D3"} <= {str(r) for r in book["Tổng hợp"].merged_cells.ranges}
    assert not book["Tổng hợp"]["A2"].alignment.wrap_text
    officials = {r[0]: r[1:] for r in book["Theo cán bộ"].iter_rows(min_row=2, values_only=True)}
    assert officials["Nguyễn Văn An"][:3] == ("cb-a", 2, 2)
    assert officials["Nguyễn Văn An"][3:5] == (1.0, 83.3)
    assert book["Theo cán bộ"].freeze_panes == "A2"
    assert book["Theo cán bộ"].auto_filter.ref.startswith("A1:J")
    criteria = {r[1]: r for r in book["Theo tiêu chí"].iter_rows(min_row=2, values_only=True)}
    assert criteria["thai_do"][2:6] == (2, 1, 0.5, 50.0)

    exported = leader.get("/results/export.csv?period=2026-Q4").get_data(as_text=True)
    csv_rows = list(csv.reader(io.StringIO(exported.lstrip("\ufeff"))))
    sheet = book["Dữ liệu thô"]
    raw = [[c if c is not None else "" for c in r] for r in sheet.iter_rows(values_only=True)]
    assert raw[0] == csv_rows[0] and len(raw) == len(csv_rows)
    for got, expected in zip(raw[1:], csv_rows[1:], strict=True):
        # the same answers, the time and day as real dates in the office's time zone
        assert got[0] == expected[0] and got[3:] == expected[3:]
        assert got[1].strftime("%d/%m/%Y %H:%M:%S") == expected[1]
        assert got[2].strftime("%d/%m/%Y") == expected[2]
    assert sheet["B2"].number_format == "dd/mm/yyyy hh:mm" and sheet["C2"].is_date
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:O{len(raw)}"
    assert ["'=1+1"] == [c for r in raw for c in r if isinstance(c, str) and "1+1" in c][:1]


def test_text_that_looks_like_a_formula_stays_text_in_the_xlsx(leader, store):
    from lobby.store import OfficialInput

    store.upsert_officials([OfficialInput("cb-a", '=HYPERLINK("http://x")', unit="+Phòng")])
    book = load_workbook(io.BytesIO(leader.get("/reports/2026-Q4.xlsx").data))
    cells = [c for row in book["Theo cán bộ"].iter_rows() for c in row if c.value]
    cells += [c for row in book["Dữ liệu thô"].iter_rows() for c in row if c.value]
    assert all(c.data_type != "f" for c in cells)
    names = {c.value for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value}
    assert names == {'\'=HYPERLINK("http://x")'}


def test_the_watchlist_section_names_who_is_under_the_thresholds_and_what_was_done(settings, store):
    fill(store)
    store.record_watchlist_action("official", "cb-b", "2026-11", "training", "Học lại", "lan")
    store.record_watchlist_action("official", "cb-b", "2026-Q2", "reminder", "Cũ", "lan")
    limits = SimpleNamespace(rate_threshold=70.0, index_threshold=60.0, min_visits=1)
    strict = SimpleNamespace(office=settings.office, watchlist=limits)
    data = gather(store, strict, parse_period("2026-Q4"), date(2026, 12, 1))
    assert data.watch_source == "watchlist"
    assert [(e.kind, e.label) for e in data.watch] == [
        ("official", "Trần Thị Bình"),
        ("unit", "Phòng Tư pháp"),
    ]
    assert data.watch[0].reasons == "tỷ lệ hài lòng 0,0% < 70,0%; chỉ số 0,0 < 60,0"
    assert len(data.watch[0].actions) == 1  # the action about Quý II is not this report's
    assert (
        data.watch[0].actions[0].startswith("Bồi dưỡng (") and "Học lại" in data.watch[0].actions[0]
    )
    text = _text(build_docx(data))
    assert "Cán bộ: Trần Thị Bình" in text and "từ 1 lượt đánh giá trở lên" in text
    assert "Bồi dưỡng (" in text and "Chưa ghi nhận" in text  # the unit has no action yet
    # With the default minimum (20 visits) two votes flag no one.
    assert gather(store, settings, parse_period("2026-Q4"), date(2026, 12, 1)).watch == []


def test_an_editor_may_not_open_reports(browser, store, password_hash):
    store.create_user("bientap", password_hash, role="editor")
    browser.login("bientap")
    assert browser.get("/reports").status_code == 403
    assert browser.get("/reports/2026-Q4.docx").status_code == 403


def test_a_background_job_reports_progress_then_downloads_once(leader, app):
    response = leader.post("/reports/jobs/2026-Q4.xlsx")
    assert response.status_code == 202
    status_url = response.get_json()["status"]
    deadline = time.monotonic() + 20
    while (status := leader.get(status_url).get_json())["state"] == "running":
        assert 0 <= status["percent"] <= 100
        assert time.monotonic() < deadline, "the job did not finish"
        time.sleep(0.05)
    assert status["state"] == "done" and status["percent"] == 100
    download = leader.get(status["download"])
    assert "bao-cao-hai-long_2026-Q4.xlsx" in download.headers["Content-Disposition"]
    assert "Dữ liệu thô" in load_workbook(io.BytesIO(download.data)).sheetnames
    download.close()
    assert leader.get(status["download"]).status_code == 404  # handed out once
    assert leader.get(status_url).status_code == 404


def test_a_job_needs_the_csrf_token_and_a_good_name(leader):
    assert leader.client.post("/reports/jobs/2026-Q4.docx").status_code == 400
    assert leader.post("/reports/jobs/2026-Q9.docx").status_code == 404
    assert leader.get("/reports/jobs/" + "f" * 32).status_code == 404


def test_raw_answers_continue_on_a_new_sheet_when_one_is_full(settings, store, tmp_path):
    from admin_web.csv_export import HEADER
    from admin_web.report_data import period_counts
    from admin_web.report_xlsx import write_xlsx

    fill(store)
    store.upsert_officials([OfficialInput("cb-a", "A <b> & \x01 “x”", unit="Phòng Một cửa")])
    period = parse_period("2026-Q4")
    data = gather(store, settings, period, date(2026, 12, 1))
    visits, answers = period_counts(store, period)
    assert (visits, answers) == (4, 6)  # the repeat too, as in the CSV
    done = []
    path = tmp_path / "r.xlsx"
    rows = store.answers_for_sheet(period.first, period.last)
    write_xlsx(data, rows, path, answers=answers, progress=done.append, sheet_rows=3)
    book = load_workbook(path)
    raw = [name for name in book.sheetnames if name.startswith("Dữ liệu thô")]
    assert raw == ["Dữ liệu thô", "Dữ liệu thô (2)", "Dữ liệu thô (3)"]
    found = []
    for name in raw:
        sheet_rows = list(book[name].iter_rows(values_only=True))
        assert list(sheet_rows[0]) == list(HEADER) and len(sheet_rows) <= 3
        assert book[name]["A1"].font.bold
        found += sheet_rows[1:]
    assert len(found) == 6 and done[-1] == 6
    assert found[0][6] == "A <b> &  “x”"  # escaped for XML, control character dropped


def test_the_docx_uses_the_offices_document_profile(leader, store):
    store.set_letter_profile(
        {
            "place": "Đà Nẵng",
            "signer": "Nguyễn Văn Minh",
            "authority": "KT. GIÁM ĐỐC",
            "position": "PHÓ GIÁM ĐỐC",
            "abbreviation": "SNV-DN",
            "name_text": "Sở Nội vụ",
        }
    )
    doc = _docx(leader.get("/reports/2026-Q4.docx"))
    assert doc.tables[0].rows[1].cells[1].text.startswith("Đà Nẵng, ngày ")
    assert doc.tables[0].rows[1].cells[0].text.endswith("/BC-SNV-DN")
    text = _text(doc)
    assert "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC" in text and "Nguyễn Văn Minh" in text
    assert "của Sở Nội vụ./." in text


def test_one_report_at_a_time_per_user(leader, app, store):
    import threading

    from admin_web.blueprints.reports import JOBS_KEY, Job

    user = str(store.get_user_by_name("lanhdao").id)
    jobs, _lock = app.extensions.setdefault(JOBS_KEY, ({}, threading.Lock()))
    jobs["busy"] = Job("busy", user, parse_period("2026"), "xlsx")  # a job still running
    again = leader.post("/reports/jobs/2026.xlsx")
    assert again.status_code == 202 and again.get_json()["status"] == "/reports/jobs/busy"
    other = leader.post("/reports/jobs/2026-Q4.docx")
    assert other.status_code == 429 and "hãy chờ" in other.get_json()["message"]
    assert leader.get("/reports/jobs/busy").get_json() == {
        "state": "running",
        "percent": 0,
        "message": "",
    }


def test_reports_are_made_on_both_databases(any_store, settings, tmp_path):
    from admin_web.report_data import period_counts, report_years
    from admin_web.report_xlsx import write_xlsx

    fill(any_store)
    period = parse_period("2026-Q4")
    assert report_years(any_store) == [2026]
    assert period_counts(any_store, period) == (4, 6)
    data = gather(any_store, settings, period, date(2026, 12, 1))
    assert (data.totals.answers, str(data.totals.rate), data.repeats) == (3, "66.7", 1)
    assert "Tỷ lệ hài lòng: 66,7%." in _text(build_docx(data))
    rows = any_store.answers_for_sheet(period.first, period.last)
    write_xlsx(data, rows, tmp_path / "r.xlsx", answers=6)
    assert load_workbook(tmp_path / "r.xlsx")["Dữ liệu thô"].max_row == 7


def _low_visit(store, comment: str, reasons: tuple[str, ...]) -> None:
    from datetime import UTC, datetime

    from lobby.visit_record import AnswerRecord, VisitRecord
    from tests.admin.reports_data import SURVEY_KEY

    version = store.ensure_survey_version(SURVEY_KEY, "")
    low = AnswerRecord("overall", "Ông/Bà hài lòng?", "khong_hai_long", "Không hài lòng", 3, False)
    visit = VisitRecord(
        id=VisitRecord.new_id(),
        device_id="k3",
        channel="kiosk",
        created_at=datetime(2026, 11, 4, 2, 0, tzinfo=UTC),
        survey_key=SURVEY_KEY,
        survey_version=version,
        answers=(low,),
        official_code="cb-b",
        reasons=reasons,
        comment=comment,
    )
    assert store.record_visit(visit)


def test_the_first_page_says_what_to_act_on_and_comments_are_anonymised(settings, store):
    fill(store)
    _low_visit(
        store, "Chờ lâu quá, gọi 0912 345 678 hoặc +84912345678 nhé " + "x " * 200, ("cho_lau",)
    )
    store.sync_cases()
    data = gather(
        store,
        settings,
        parse_period("2026-Q4"),
        date(2026, 12, 1),
        reason_labels={"cho_lau": "Phải chờ lâu"},
    )
    doc = build_docx(data)
    text = _text(doc)
    assert _table_row(doc, "Số lượt đánh giá")[2:] == ["4", "0", "+4"]
    assert _table_row(doc, "Phản ánh cần xử lý đã tiếp nhận")[2] == "1"
    assert _table_row(doc, "Phản ánh đã xử lý xong")[2] == "0"
    assert _table_row(doc, "Thư đã gửi người dân")[2] == "0"
    assert _table_row(doc, "Phải chờ lâu")[2] == "1"  # the reason by its label, with its count
    assert "cho_lau" not in text
    (quoted,) = [p.text for p in doc.paragraphs if p.text.startswith("“Chờ lâu quá")]
    assert "0912" not in quoted and "84912" not in quoted and "[số điện thoại]" in quoted
    assert len(quoted) < 260 and "…”" in quoted  # shortened at a word
    # every data table repeats its header row on each page
    data_tables = [t for t in doc.tables if t.rows[0].cells[0].text == "STT"]
    assert len(data_tables) >= 5
    for table in data_tables:
        first = table.rows[0]._tr
        assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
    assert "(Lãnh đạo chưa nhập nội dung phần này.)" in text


def test_the_leader_writes_the_shortcomings_and_proposals_kept_with_the_report(leader, store):
    page = leader.get("/reports").get_data(as_text=True)
    assert 'href="/reports/2026-Q4/nhan-xet"' in page and "chưa viết" in page
    saved = leader.post(
        "/reports/2026-Q4/nhan-xet",
        data={"shortcomings": "Quầy 2 chờ lâu.\r\nThiếu ghế chờ.", "proposals": "Thêm cán bộ."},
    )
    assert saved.status_code == 302
    form = leader.get("/reports/2026-Q4/nhan-xet").get_data(as_text=True)
    assert "Thiếu ghế chờ.</textarea>" in form and "lanhdao" in form
    text = _text(_docx(leader.get("/reports/2026-Q4.docx")))
    shortcomings = text.index("VI. TỒN TẠI, HẠN CHẾ")
    proposals = text.index("VII. KIẾN NGHỊ, ĐỀ XUẤT")
    assert shortcomings < text.index("Quầy 2 chờ lâu.\nThiếu ghế chờ.") < proposals
    assert proposals < text.index("Thêm cán bộ.")
    assert "đã viết" in leader.get("/reports").get_data(as_text=True)
    # the notes of one report are not another's
    assert "Thêm cán bộ." not in _text(_docx(leader.get("/reports/2026-H2.docx")))
    too_long = leader.post("/reports/2026-Q4/nhan-xet", data={"shortcomings": "x" * 6001})
    assert too_long.status_code == 400 and "tối đa 6.000 ký tự" in too_long.get_data(as_text=True)
    assert leader.post("/reports/2026-Q9/nhan-xet", data={}).status_code == 404

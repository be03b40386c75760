"""The periodic report as LibreOffice prints it: table headers repeated on every page, nothing
past the margins, the workbook's titles one line each above the table."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest

from admin_web.periods import parse_period
from admin_web.report_data import gather, period_counts
from admin_web.report_docx import build_docx
from admin_web.report_xlsx import write_xlsx
from lobby.store import OfficialInput, Store
from lobby.visit_record import VisitRecord
from tests.admin.reports_data import SURVEY_KEY, SURVEY_TOML, _answers
from tests.documents import read_layout, render_pdfs

OFFICIALS = 70


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """The Quý IV report of 70 officials with one visit each, as DOCX and XLSX, in PDF."""
    folder = tmp_path_factory.mktemp("report-render")
    store = Store.open(f"sqlite:///{folder / 'store.db'}")
    version = store.ensure_survey_version(SURVEY_KEY, SURVEY_TOML)
    store.upsert_officials(
        [
            OfficialInput(f"cb-{n:03}", f"Cán bộ số {n}", unit=f"Phòng {n % 7}")
            for n in range(OFFICIALS)
        ]
    )
    start = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
    for n in range(OFFICIALS):
        store.record_visit(
            VisitRecord(
                id=VisitRecord.new_id(),
                device_id="k1",
                channel="kiosk",
                created_at=start + timedelta(minutes=n),
                survey_key=SURVEY_KEY,
                survey_version=version,
                answers=_answers(n % 4, n % 3),
                official_code=f"cb-{n:03}",
            )
        )
    office = SimpleNamespace(parent="UBND TỈNH HÀ NAM", name="SỞ NỘI VỤ")
    limits = SimpleNamespace(rate_threshold=70.0, index_threshold=60.0, min_visits=1)
    settings = SimpleNamespace(office=office, watchlist=limits)
    period = parse_period("2026-Q4")
    data = gather(store, settings, period, date(2026, 12, 1))
    docx = io.BytesIO()
    build_docx(data, place="Hà Nam").save(docx)
    xlsx = io.BytesIO()
    _visits, answers = period_counts(store, period)
    write_xlsx(data, store.answers_for_sheet(period.first, period.last), xlsx, answers=answers)
    store.close()
    files = {"bao-cao.docx": docx.getvalue(), "so-lieu.xlsx": xlsx.getvalue()}
    pdfs = render_pdfs(files, folder)
    return read_layout(pdfs["bao-cao.docx"]), read_layout(pdfs["so-lieu.xlsx"])


def test_a_table_running_onto_the_next_page_repeats_its_header_row(rendered):
    doc, _book = rendered
    officials = doc.lines_with("Cán bộ số 69")
    assert officials, "the last official is printed"
    last_page = doc.pages_with("Cán bộ số 69")[0]
    first_page = doc.pages_with("Cán bộ số 0")[0]
    assert last_page > first_page  # the officials' table runs over a page break
    page = doc.pages[last_page]
    body = sorted(
        (line for line in page.lines if not line.text.strip().isdigit()),  # no page number
        key=lambda line: line.y0,
    )
    assert body[0].text.startswith("STT"), body[0].text  # the header row comes first again


def test_nothing_is_printed_past_the_margins(rendered):
    doc, _book = rendered
    outside = [
        (page, line.text)
        for page, line in doc.outside(left_mm=29, right_mm=14, top_mm=19, bottom_mm=19)
        if not line.text.strip().isdigit()  # the page number sits in the header area
    ]
    assert outside == []
    assert len(doc.lines_with("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")) == 1


def test_the_workbook_titles_are_one_line_each_above_the_table(rendered):
    _doc, book = rendered
    first = book.pages[0]
    title = [line for line in first.lines if "Kết quả khảo sát sự hài lòng" in line.text]
    assert len(title) == 1 and title[0].text.endswith("Quý IV năm 2026")
    period = [line for line in first.lines if line.text.startswith("Từ 01/10/2026")]
    header = [line for line in first.lines if line.text.startswith("Chỉ tiêu")]
    assert len(period) == 1 and len(header) == 1
    assert title[0].y1 <= period[0].y0 and period[0].y1 <= header[0].y0  # no overlap

"""The results page for a period: figures beside the previous period, groups with SVG charts and
tables, the repeats toggle, and the CSV export with one row per answer."""

from __future__ import annotations

import csv
import io
import re

from tests.admin.helpers import table_row
from tests.admin.reports_data import fill


def figure(page: str, name: str) -> str:
    """Return the big number shown for one figure (visits, rate or index)."""
    match = re.search(rf'id="fig-{name}">([^<]*)<', page)
    assert match, name
    return match.group(1)


def group_row(page: str, by: str, label: str) -> list[str]:
    """Return the cells of one row of a group's table."""
    section = page[page.index(f'id="t-{by}"') :]
    return table_row(section[: section.index("</table>")], label)


def test_a_month_shows_figures_groups_and_the_previous_month(staff, store):
    fill(store)
    page = staff.get("/results?period=2026-11").get_data(as_text=True)
    assert "Tháng 11/2026" in page and "kỳ trước: Tháng 10/2026" in page
    assert (figure(page, "visits"), figure(page, "rate"), figure(page, "index")) == (
        "3",
        "66,7%",
        "55,6",
    )
    assert "Kỳ trước: 0" in page
    assert group_row(page, "official", "Nguyễn Văn An") == ["2", "100,0%", "83,3"]
    assert group_row(page, "unit", "Phòng Tư pháp") == ["1", "0,0%", "0,0"]
    assert group_row(page, "question", "Thái độ cán bộ?") == ["2", "50,0%", "50,0"]
    assert group_row(page, "hour", "9 giờ")[0] == "2"
    assert group_row(page, "weekday", "Thứ Ba")[0] == "1"
    assert group_row(page, "channel", "Phiếu giấy")[0] == "1"
    assert page.count('<figure class="chart"') == 7
    assert "Bảng bên cạnh" not in page and "Bảng dưới đây có cùng số liệu" in page
    assert 'aria-label="Theo cán bộ: tỷ lệ hài lòng"' in page
    # each bar says its count; two visits are too few to compare: grey, and said so
    assert '100,0% · 2 lượt<small class="bar-note">ít lượt, chưa so sánh</small>' in page
    assert '<li class="bar-row muted"><span class="bar-label">Nguyễn Văn An</span>' in page
    assert "100 × (n − 1 − vị trí mức) ÷ (n − 1)" in page  # the formula is written on the page
    assert "Không tính 1 lượt bấm lặp lại" in page


def test_the_previous_period_is_shown_beside_the_current_one(staff, store):
    fill(store)
    page = staff.get("/results?period=2026-12").get_data(as_text=True)
    assert figure(page, "visits") == "0" and figure(page, "rate") == "–"
    assert "Kỳ trước: 3" in page and "Kỳ trước: 66,7%" in page and "Kỳ trước: 55,6" in page


def test_the_toggle_counts_repeated_presses(staff, store):
    fill(store)
    page = staff.get("/results?period=2026-11&repeats=1").get_data(as_text=True)
    assert (figure(page, "visits"), figure(page, "rate"), figure(page, "index")) == (
        "4",
        "50,0%",
        "41,7",
    )
    assert "Đang tính cả lượt bấm lặp lại" in page
    assert 'name="repeats" value="1" checked' in page


def test_text_from_the_kiosk_is_escaped_in_charts_and_tables(staff, store):
    from lobby.store import OfficialInput

    fill(store)
    store.upsert_officials([OfficialInput("cb-a", "<script>x</script>", unit="Phòng Một cửa")])
    page = staff.get("/results?period=2026-11").get_data(as_text=True)
    assert "<script>x" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


def test_a_bad_period_keeps_what_was_typed_and_says_why(staff):
    response = staff.get("/results?from=31/02/2026&to=10/03/2026")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Ngày bắt đầu không hợp lệ: “31/02/2026”" in page
    assert 'value="31/02/2026"' in page and 'value="10/03/2026"' in page
    assert 'type="date"' not in page


def test_csv_has_one_row_per_answer_with_names_flags_and_neutralised_cells(staff, store):
    ids = fill(store)
    response = staff.get("/results/export.csv?period=2026-11")
    assert response.status_code == 200
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    header, *rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert ",".join(header) == (
        "Mã lượt,Thời gian,Ngày,Thiết bị,Kênh,Mã cán bộ,Cán bộ,Đơn vị,Quầy,Mã hồ sơ,"
        "Mã câu hỏi,Câu hỏi,Mức đánh giá,Hài lòng,Bấm lặp"
    )
    assert len(rows) == 6  # 2 + 2 answers, then 1 + 1 (the repeat is kept and flagged)
    assert rows[0] == [
        ids[0],
        "02/11/2026 09:00:00",
        "02/11/2026",
        "k1",
        "Máy đánh giá",
        "cb-a",
        "Nguyễn Văn An",
        "Phòng Một cửa",
        "Quầy 1",
        "HS-01",
        "overall",
        "Ông/Bà hài lòng?",
        "Rất hài lòng",
        "Có",
        "Không",
    ]
    assert rows[1][10:] == ["thai_do", "Thái độ cán bộ?", "Tốt", "Có", "Không"]
    assert rows[2][9] == "'=1+1"  # a dossier code that a spreadsheet would run
    assert rows[3][12:] == ["Kém", "Không", "Không"]
    assert [row[14] for row in rows[4:]] == ["Không", "Có"]
    assert rows[5][0] == ids[3] and rows[5][4] == "Máy đánh giá"


def test_officials_of_one_name_are_told_apart_by_code_in_charts_tables_and_the_report(
    staff, store, settings
):
    from datetime import UTC, date, datetime

    from admin_web.periods import parse_period
    from admin_web.report_data import gather
    from lobby.store import OfficialInput
    from lobby.visit_record import VisitRecord
    from tests.admin.reports_data import SURVEY_KEY, _answers

    fill(store)
    store.upsert_officials([OfficialInput("cb-c", "Nguyễn Văn An", unit="Phòng Tư pháp")])
    version = store.ensure_survey_version(SURVEY_KEY, "")
    store.record_visit(
        VisitRecord(
            id=VisitRecord.new_id(),
            device_id="k9",
            channel="kiosk",
            created_at=datetime(2026, 11, 5, 2, 0, tzinfo=UTC),
            survey_key=SURVEY_KEY,
            survey_version=version,
            answers=_answers(3, None),
            official_code="cb-c",
        )
    )
    page = staff.get("/results?period=2026-11").get_data(as_text=True)
    assert group_row(page, "official", "Nguyễn Văn An (cb-a)")[0] == "2"
    assert group_row(page, "official", "Nguyễn Văn An (cb-c)")[0] == "1"
    assert '<span class="bar-label">Nguyễn Văn An (cb-c)</span>' in page
    data = gather(store, settings, parse_period("2026-Q4"), date(2026, 12, 1))
    labels = [row.label for row in data.groups["official"]]
    assert "Nguyễn Văn An (cb-a)" in labels and "Nguyễn Văn An (cb-c)" in labels
    assert "Trần Thị Bình" in labels  # a name of its own stays as it is


def test_rate_bars_are_sorted_with_counts_and_the_few_visits_greyed_last():
    from decimal import Decimal

    from admin_web.charts import group_bar, sorted_bars
    from lobby.store import Figures

    def figures(key: str, answers: int, rate: str | None) -> Figures:
        value = None if rate is None else Decimal(rate)
        return Figures(key, key, answers, 0, value, value)

    bars = sorted_bars(
        [
            group_bar("A", figures("a", 40, "72.0"), 20),
            group_bar("B", figures("b", 1, "100.0"), 20),
            group_bar("C", figures("c", 25, "91.5"), 20),
            group_bar("D", figures("d", 0, None), 20),
        ]
    )
    assert [b.label for b in bars] == ["C", "A", "B", "D"]
    assert bars[0].text == "91,5% · 25 lượt" and not bars[0].muted
    assert bars[2].muted and bars[2].note == "ít lượt, chưa so sánh"
    assert bars[2].text == "100,0% · 1 lượt"  # one vote is never shown as a bare 100%

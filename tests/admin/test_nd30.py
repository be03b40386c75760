"""The NĐ 30/2020 layout module: the date rule, the page and the header as Word reads them."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from admin_web import nd30


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (date(2026, 6, 29), "ngày 29 tháng 6 năm 2026"),
        (date(2026, 2, 9), "ngày 09 tháng 02 năm 2026"),
        (date(2026, 3, 1), "ngày 01 tháng 3 năm 2026"),
        (date(2026, 12, 10), "ngày 10 tháng 12 năm 2026"),
        (date(2026, 10, 31), "ngày 31 tháng 10 năm 2026"),
        (date(2025, 9, 2), "ngày 02 tháng 9 năm 2025"),
    ],
)
def test_date_words_leading_zero_rule(day, expected):
    assert nd30.date_words(day) == expected


def test_place_date_line_and_datetime():
    assert nd30.place_date_line("Đà Nẵng", date(2026, 1, 5)) == "Đà Nẵng, ngày 05 tháng 01 năm 2026"
    assert nd30.place_date_line("Hà Nam", datetime(2026, 6, 29, 8, 0)) == (
        "Hà Nam, ngày 29 tháng 6 năm 2026"
    )


def test_number_line_leading_zero():
    assert nd30.number_line(5, "TXL-SNV") == "Số: 05/TXL-SNV"
    assert nd30.number_line(123, "TCO-SNV") == "Số: 123/TCO-SNV"


def _roundtrip(doc):
    buffer = io.BytesIO()
    doc.save(buffer)
    return Document(io.BytesIO(buffer.getvalue()))


def test_document_page_fonts_and_header():
    doc = nd30.new_document()
    agency = nd30.Agency("UBND THÀNH PHỐ ĐÀ NẴNG", "Sở Nội vụ", "Đà Nẵng")
    nd30.add_header(
        doc,
        agency,
        nd30.number_line(7, "TXL-SNV"),
        nd30.place_date_line(agency.place, date(2026, 2, 3)),
    )
    nd30.add_title(doc, "Thư xin lỗi")
    nd30.add_body_paragraph(doc, "Nội dung <thư> {x}")
    nd30.add_signature_block(doc, ["GIÁM ĐỐC"], "Nguyễn Văn An", ["Ông Lê Văn B", "Lưu: VT"])
    back = _roundtrip(doc)
    section = back.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5)
    assert abs(section.page_height - Mm(297)) < Mm(0.5)
    assert Mm(20) - Mm(0.1) <= section.top_margin <= Mm(25) + Mm(0.1)
    assert Mm(20) - Mm(0.1) <= section.bottom_margin <= Mm(25) + Mm(0.1)
    assert Mm(30) - Mm(0.1) <= section.left_margin <= Mm(35) + Mm(0.1)
    assert Mm(15) - Mm(0.1) <= section.right_margin <= Mm(20) + Mm(0.1)
    fonts = back.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Times New Roman"
    header = back.tables[0]
    left = [p.text for p in header.rows[0].cells[0].paragraphs if p.text]
    right = [p.text for p in header.rows[0].cells[1].paragraphs if p.text]
    assert left == ["UBND THÀNH PHỐ ĐÀ NẴNG", "SỞ NỘI VỤ"]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert header.rows[1].cells[0].paragraphs[0].text == "Số: 07/TXL-SNV"
    date_par = header.rows[1].cells[1].paragraphs[0]
    assert date_par.text == "Đà Nẵng, ngày 03 tháng 02 năm 2026"
    assert date_par.runs[0].italic
    agency_run = header.rows[0].cells[0].paragraphs[1].runs[0]
    assert agency_run.bold and agency_run.font.size.pt == 13
    assert agency_run.font.name == "Times New Roman"
    texts = [p.text for p in back.paragraphs]
    assert "THƯ XIN LỖI" in texts
    assert "Nội dung <thư> {x}" in texts
    signature = back.tables[1]
    left = [p.text for p in signature.rows[0].cells[0].paragraphs if p.text]
    assert left == ["Nơi nhận:", "- Ông Lê Văn B;", "- Lưu: VT."]
    right = [p.text for p in signature.rows[0].cells[1].paragraphs if p.text]
    assert right == ["GIÁM ĐỐC", "Nguyễn Văn An"]
    # Page number: only from page 2 (different first page).
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml

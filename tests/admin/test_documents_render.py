"""Letters, the Mẫu 04 slip, the paper form and the poster as LibreOffice prints them.

Every document is rendered once, in one LibreOffice call for the module (tests/documents.py), and
the tests read where the text fell: the national title on one line, a letter on one page, the
signer's block in order, nothing past the margins, a table's header on every page, the paper form
on one page, the poster filling its sheet.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from docx import Document

from admin_web import letter_docx, nd30, paper_form_docx, poster
from admin_web.letter_templates import TEMPLATES, load_defaults
from lobby.slogans import FIVE_KNOWS, THREE_SHOWS
from lobby.store.letters import LetterTemplateRow
from lobby.survey import load_survey
from tests.admin.helpers import ROOT
from tests.documents import PT_PER_MM, read_layout, render_pdfs

NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
DAY = date(2026, 3, 5)
PROFILE = {
    "parent": "UBND THÀNH PHỐ ĐÀ NẴNG",
    "name": "SỞ NỘI VỤ",
    "name_text": "Sở Nội vụ",
    "abbreviation": "SNV",
    "place": "Hà Nam",
    "authority": "KT. GIÁM ĐỐC",
    "position": "PHÓ GIÁM ĐỐC",
    "signer": "Trần Thị Bình",
    "hotline": "0226 3852 000",
    "email": "sonoivu@hanam.gov.vn",
    "address": "Số 1 đường Trần Phú, phường Phủ Lý, tỉnh Hà Nam",
}
# Every field filled, the long ones as long as a leader plausibly writes them.
FIELDS = {
    "xung_ho": "Ông",
    "ho_ten": "Nguyễn Văn An",
    "ma_ho_so": "000.00.12.H34-260304-0001",
    "thu_tuc": "Thủ tục thẩm định hồ sơ đề nghị thành lập hội có phạm vi hoạt động trong tỉnh",
    "can_bo": "Lê Thị Hoa",
    "ngay_nhan": "02/03/2026",
    "han_giai_quyet": "09/03/2026",
    "ngay_hen": "05/04/2026",
    "ngay_danh_gia": "04/03/2026",
    "noi_dung_sai": "phải chờ lâu, thái độ chưa tốt, hướng dẫn khó hiểu",
    "da_xu_ly": (
        "Đã kiểm điểm, nhắc nhở cán bộ liên quan; bố trí thêm một cán bộ tiếp nhận vào giờ cao "
        "điểm buổi sáng và niêm yết lại hướng dẫn thành phần hồ sơ tại quầy."
    ),
    "y_kien": "Cán bộ tiếp dân chưa nhiệt tình, phải chờ gần hai tiếng mới được gọi.",
    "giu_y_kien": "1",
}
TABLE_HEADING = "Cán bộ, công chức"


# What a leader writes when a lot went wrong: the body is set smaller to stay on one page.
LONG_FIELDS = {
    **FIELDS,
    # At 14 pt this body runs onto a second page.
    "da_xu_ly": " ".join([FIELDS["da_xu_ly"]] * 5),
    "y_kien": " ".join([FIELDS["y_kien"]] * 5),
}


def _letter(key: str, fields: dict[str, str] = FIELDS) -> bytes:
    parts = load_defaults()[key]
    template = LetterTemplateRow(1, key, 1, created_at=datetime.now(UTC), created_by="", **parts)
    return letter_docx.build_letter(template, fields, PROFILE, "01/TXL-SNV", DAY)


def _long_table() -> bytes:
    """An NĐ 30 page with a table long enough for three pages, its header marked to repeat."""
    doc = nd30.new_document()
    agency = nd30.Agency("UBND TỈNH HÀ NAM", "SỞ NỘI VỤ", "Hà Nam")
    nd30.add_header(doc, agency, "Số: 07/BC-SNV", nd30.place_date_line("Hà Nam", DAY))
    nd30.add_title(doc, "BÁO CÁO", "Kết quả đánh giá quý I năm 2026")
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("STT", TABLE_HEADING, "Tỷ lệ"), strict=True):
        cell.text = text
    for number in range(1, 91):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = str(number), f"Cán bộ {number}", "90%"
    nd30.repeat_header_rows(table)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _poster(size: str) -> bytes:
    buffer = io.BytesIO()
    poster.poster_docx("UBND TỈNH HÀ NAM", "SỞ NỘI VỤ", size).save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Every document of this module as LibreOffice lays it out: file name -> Layout."""
    documents = {f"letter-{key}.docx": _letter(key) for key in TEMPLATES}
    documents["letter-long.docx"] = _letter("xin_loi_tre_hen", LONG_FIELDS)
    documents["slip.docx"] = letter_docx.build_slip(FIELDS, PROFILE, DAY)
    for name in ("survey.toml", "survey-full.toml"):
        survey = load_survey(ROOT / "assets" / name)
        data = paper_form_docx.build_docx(survey, "UBND TỈNH HÀ NAM", "SỞ NỘI VỤ", 3)
        documents[f"paper-{name.removesuffix('.toml')}.docx"] = data
    documents["poster-A4.docx"] = _poster("A4")
    documents["poster-A3.docx"] = _poster("A3")
    documents["table.docx"] = _long_table()
    pdfs = render_pdfs(documents, tmp_path_factory.mktemp("render"))
    return {name: read_layout(pdf) for name, pdf in pdfs.items()}


def _letters(rendered):
    return {name: layout for name, layout in rendered.items() if name.startswith("letter-")}


def test_the_national_title_is_one_line_in_every_letter_and_the_slip(rendered):
    for name in [*_letters(rendered), "slip.docx", "table.docx"]:
        layout = rendered[name]
        assert [line.text for line in layout.lines_with("CỘNG HÒA")] == [NATIONAL], name
        motto = layout.lines_with("Độc lập - Tự do - Hạnh phúc")
        assert len(motto) == 1, name
        national = layout.lines_with(NATIONAL)[0]
        assert motto[0].y0 > national.y0, name


def test_every_letter_is_one_page_with_place_date_and_the_signer_in_order(rendered):
    letters = _letters(rendered)
    assert len(letters) == len(TEMPLATES) + 1
    for name, layout in letters.items():
        assert len(layout.pages) == 1, name
        text = layout.text
        assert "Hà Nam, ngày 05 tháng 3 năm 2026" in text, name
        assert "Số: 01/TXL-SNV" in text, name
        assert "cho_lau" not in text and "{" not in text and "……" not in text, name
        authority = layout.lines_with("KT. GIÁM ĐỐC")
        position = layout.lines_with("PHÓ GIÁM ĐỐC")
        signer = layout.lines_with("Trần Thị Bình")
        assert len(authority) == len(position) == len(signer) == 1, name
        assert authority[0].y0 < position[0].y0 < signer[0].y0, name
        # Room for the signature and the seal between the title and the name.
        assert signer[0].y0 - position[0].y1 > 15 * PT_PER_MM, name
        # The citizen's words are quoted as theirs.
        assert "“Cán bộ tiếp dân chưa nhiệt tình" in text, name


def test_a_long_letter_is_set_smaller_and_a_usual_one_at_14_pt():
    def body_sizes(data: bytes) -> set[float]:
        doc = Document(io.BytesIO(data))
        body = [p for p in doc.paragraphs if p.paragraph_format.first_line_indent]
        return {run.font.size.pt for p in body for run in p.runs}

    assert body_sizes(_letter("xin_loi_tre_hen")) == {14}
    long_letter = Document(io.BytesIO(_letter("xin_loi_tre_hen", LONG_FIELDS)))
    body = [p for p in long_letter.paragraphs if p.paragraph_format.first_line_indent]
    assert {run.font.size.pt for p in body for run in p.runs} == {13}
    assert {p.paragraph_format.line_spacing for p in body} == {1.0}


def test_the_procedure_name_is_not_doubled(rendered):
    text = rendered["letter-xin_loi_tre_hen.docx"].text
    assert "về thủ tục thẩm định hồ sơ" in " ".join(text.split())
    assert "thủ tục Thủ tục" not in text


def test_nothing_is_past_the_margins(rendered):
    footer = f"{PROFILE['address']}; ĐT: {PROFILE['hotline']}; Email: {PROFILE['email']}"
    for name in [*_letters(rendered), "slip.docx", "table.docx"]:
        layout = rendered[name]
        assert layout.outside(left_mm=30, right_mm=15, top_mm=0, bottom_mm=0) == [], name
        outside = layout.outside(left_mm=30, right_mm=15, top_mm=20, bottom_mm=20)
        # Only the page furniture sits in the top and bottom margins: the agency's address
        # under the last line of page 1, page numbers at the top of the others.
        stray = [
            (page, line.text)
            for page, line in outside
            if line.text not in footer and not line.text.isdigit()
        ]
        assert stray == [], name
    for name in ("paper-survey.docx", "paper-survey-full.docx"):
        margins = paper_form_docx.MARGIN_MM
        outside = rendered[name].outside(
            margins["left"], margins["right"], margins["top"], margins["bottom"]
        )
        assert [line.text for _page, line in outside] == ["Mẫu phiếu khảo sát, phiên bản 3"]


def test_a_long_table_repeats_its_header_on_every_page(rendered):
    layout = rendered["table.docx"]
    assert len(layout.pages) >= 2
    assert layout.pages_with(TABLE_HEADING) == list(range(len(layout.pages)))
    # Page numbers from page 2, centred in the top margin.
    second = layout.pages[1]
    top = min(second.lines, key=lambda line: line.y0)
    assert top.text == "2" and top.y1 < 20 * PT_PER_MM


def test_the_paper_form_is_one_page_with_a_date_line_and_no_internal_keys(rendered):
    for name, survey_file in (
        ("paper-survey.docx", "survey.toml"),
        ("paper-survey-full.docx", "survey-full.toml"),
    ):
        layout = rendered[name]
        survey = load_survey(ROOT / "assets" / survey_file)
        assert len(layout.pages) == 1, name
        text = layout.text
        assert "Ngày ....... tháng ....... năm 20" in text
        assert survey.id not in text
        for question in survey.questions:
            assert question.text in " ".join(text.split()), question.text
            for level in question.levels:
                assert level.key not in text or level.key in level.label.lower(), level.key


@pytest.mark.parametrize("size", ["A4", "A3"])
def test_the_poster_fills_its_sheet(rendered, size):
    layout = rendered[f"poster-{size}.docx"]
    assert len(layout.pages) == 1
    page = layout.pages[0]
    for line in (*FIVE_KNOWS, *THREE_SHOWS):
        assert line in " ".join(page.text.split()), line
    top = min(line.y0 for line in page.lines)
    bottom = max(line.y1 for line in page.lines)
    margin = poster.MARGIN_MM * poster.SCALE[size] * PT_PER_MM
    assert top < margin + 10 * PT_PER_MM
    assert bottom > page.height - margin - 0.12 * page.height  # text down to the last eighth


@pytest.mark.parametrize("size", ["A4", "A3"])
def test_the_slogans_are_set_large_enough_for_three_metres(size):
    doc = Document(io.BytesIO(_poster(size)))
    slogans = set(FIVE_KNOWS) | set(THREE_SHOWS)
    sizes = [p.runs[0].font.size.pt for p in doc.paragraphs if p.text in slogans]
    assert len(sizes) == len(slogans)
    # A capital 9 mm tall or more: Times New Roman capitals are 0.662 of the type size.
    assert min(poster.cap_height_mm(pt) for pt in sizes) >= 9.0

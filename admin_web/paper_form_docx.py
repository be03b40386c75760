"""The printable paper form ("Phiếu khảo sát"): one A4 page of DOCX made from the current survey.

Levels are numbered 1..n in the order the kiosk shows them: the fast entry page types the same
digits (admin_web/blueprints/paper.py). Nothing internal is printed (no survey key, no level keys).
"""

from __future__ import annotations

import io

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.shared import Mm, Pt

from admin_web import nd30
from lobby.survey import Survey
from lobby.vntext import nfc

BOX = "☐"
MARGIN_MM = {"top": 12, "bottom": 12, "left": 18, "right": 15}
WIDTH_MM = nd30.PAGE_WIDTH_MM - MARGIN_MM["left"] - MARGIN_MM["right"]
SIZE_SMALL = 10.5
CONSENT_NOTE = (
    "Số điện thoại chỉ dùng để cơ quan gọi lại về ý kiến này, chỉ được lưu khi Ông/Bà đánh dấu "
    "đồng ý, và được xoá sau thời hạn lưu giữ."
)
COMMENT_LINES = 5
DATE_LINE = "Ngày ....... tháng ....... năm 20......"


def text_size(survey: Survey) -> float:
    """Return the body size (pt) that keeps the form on one A4 page: 13 pt for a usual survey,
    smaller for a long one."""
    rows = 2 * len(survey.questions) + (len(survey.followup.reasons) + 1) // 2
    return 13 if rows <= 14 else 12 if rows <= 18 else 11 if rows <= 22 else 10


class _Form:
    """The document being written and its body size."""

    def __init__(self, doc, size: float) -> None:
        self.doc = doc
        self.size = size

    def paragraph(self, text="", size=None, bold=False, italic=False, after=2, container=None):
        """Add a paragraph of one run (none when ``text`` is empty)."""
        paragraph = (container or self.doc).add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(after)
        fmt.line_spacing = 1.0
        if text:
            run = paragraph.add_run(nfc(text))
            nd30.set_run_font(run, size=size or self.size, bold=bold, italic=italic)
        return paragraph

    def dotted(self, label: str, width_mm: float = WIDTH_MM, after=4):
        """Add "label: ......" with the dots running to the right edge (a dotted tab leader)."""
        paragraph = self.paragraph(label + " " if label else "", after=after)
        paragraph.paragraph_format.tab_stops.add_tab_stop(
            Mm(width_mm - 1), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
        nd30.set_run_font(paragraph.add_run("\t"), size=self.size)
        return paragraph

    def header(self, office_parent: str, office_name: str) -> None:
        """Agency (left) and the date line to fill in (right)."""
        left_mm = 80
        table = nd30.borderless_table(self.doc, 1, [left_mm, WIDTH_MM - left_mm])
        left, right = table.rows[0].cells
        size = min(self.size, 12)
        if office_parent.strip():
            nd30.cell_line(left, nfc(office_parent).upper(), size, first=True)
            nd30.cell_line(left, nfc(office_name).upper(), size, bold=True)
        else:
            nd30.cell_line(left, nfc(office_name).upper(), size, bold=True, first=True)
        right.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        nd30.cell_line(right, DATE_LINE, self.size, italic=True, first=True)

    def reasons(self, labels: list[str]) -> None:
        """The reasons as tick boxes in two columns (read down the first, then the second)."""
        rows = (len(labels) + 1) // 2
        indent = 5
        half = (WIDTH_MM - indent) / 2
        table = nd30.borderless_table(self.doc, rows, [indent, half, half])
        for index, label in enumerate(labels):
            cell = table.rows[index % rows].cells[1 + index // rows]
            line = nd30.cell_line(
                cell,
                f"{BOX} {index + 1}. {label}",
                self.size,
                align=WD_ALIGN_PARAGRAPH.LEFT,
                first=True,
            )
            line.paragraph_format.space_after = Pt(3)


def build_docx(survey: Survey, office_parent: str, office_name: str, version: int | None) -> bytes:
    """Return the paper form of ``survey`` as DOCX bytes: one A4 page, a box for every level."""
    doc = nd30.new_document()
    for section in doc.sections:
        for side, mm in MARGIN_MM.items():
            setattr(section, f"{side}_margin", Mm(mm))
        section.footer_distance = Mm(6)
    form = _Form(doc, text_size(survey))
    doc.styles["Normal"].font.size = Pt(form.size)
    form.header(office_parent, office_name)

    title = form.paragraph("PHIẾU KHẢO SÁT MỨC ĐỘ HÀI LÒNG", size=16, bold=True, after=2)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(10)
    note = form.paragraph(
        "Xin Ông/Bà đánh dấu X vào một ô ☐ cho mỗi câu hỏi. "
        "Ý kiến của Ông/Bà giúp cơ quan phục vụ tốt hơn.",
        size=SIZE_SMALL + 0.5,
        italic=True,
        after=10,
    )
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER

    form.dotted("Cán bộ đã phục vụ (họ và tên, hoặc mã số trên bảng tên):", after=6)
    form.dotted("Mã hồ sơ (trên giấy biên nhận, nếu có):", after=10)

    for number, question in enumerate(survey.questions, start=1):
        form.paragraph(f"Câu {number}. {question.text}", bold=True, after=2)
        choices = form.paragraph(after=9)
        choices.paragraph_format.left_indent = Mm(5)
        text = "      ".join(
            f"{BOX} {index}. {level.label}" for index, level in enumerate(question.levels, 1)
        )
        nd30.set_run_font(choices.add_run(nfc(text)), size=form.size)

    follow = survey.followup
    if follow.reasons:
        low = [lv.label for lv in survey.overall.levels if lv.key in follow.low_levels]
        where = f" (nếu ở câu 1 Ông/Bà chọn: {', '.join(low)})" if low else ""
        form.paragraph(f"Lý do Ông/Bà chưa hài lòng{where}; có thể chọn nhiều ô:", bold=True)
        form.reasons([reason.label for reason in follow.reasons])

    heading = form.paragraph("Ý kiến góp ý khác (nếu có):", bold=True, after=4)
    heading.paragraph_format.space_before = Pt(10)
    for _ in range(COMMENT_LINES):
        form.dotted("", after=6)

    callback = form.paragraph("Đề nghị cơ quan gọi lại (không bắt buộc):", bold=True, after=4)
    callback.paragraph_format.space_before = Pt(8)
    form.dotted("Số điện thoại:", width_mm=100, after=4)
    form.paragraph(f"{BOX} Tôi đồng ý để cơ quan lưu số điện thoại này để gọi lại.", after=2)
    form.paragraph(CONSENT_NOTE, size=SIZE_SMALL, italic=True, after=12)

    thanks = form.paragraph("Trân trọng cảm ơn Ông/Bà!", bold=True, after=0)
    thanks.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = doc.sections[0].first_page_footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    shown = "Mẫu phiếu khảo sát" + (f", phiên bản {version}" if version else "")
    nd30.set_run_font(footer.add_run(shown), size=9, italic=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

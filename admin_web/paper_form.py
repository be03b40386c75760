"""The printable paper form ("Phiếu khảo sát"), A4 DOCX, generated from the current survey.

Levels are numbered 1..n in the order the kiosk shows them: the fast entry page types the same
digits (admin_web/blueprints/paper.py).
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from lobby.survey import Survey

BOX = "☐"
A4 = (Mm(210), Mm(297))
CONSENT_NOTE = (
    "Số điện thoại chỉ dùng để cơ quan gọi lại về ý kiến này, chỉ được lưu khi Ông/Bà đánh dấu "
    "đồng ý, và được xoá sau thời hạn lưu giữ."
)


def _line(doc, label: str, dots: int = 60) -> None:
    doc.add_paragraph(f"{label}: " + "." * dots)


def _heading(doc, text: str, size: int = 12) -> None:
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(size)


def build_docx(survey: Survey, office_parent: str, office_name: str, version: int | None) -> bytes:
    """Return the paper form of ``survey`` as DOCX bytes (A4, tick boxes for every level)."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = A4
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)

    header = doc.add_paragraph()
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.add_run(office_parent.upper() + "\n").bold = True
    header.add_run(office_name.upper()).bold = True
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("PHIẾU KHẢO SÁT MỨC ĐỘ HÀI LÒNG")
    run.bold = True
    run.font.size = Pt(16)
    note = doc.add_paragraph(
        "Xin Ông/Bà đánh dấu X vào một ô ☐ cho mỗi câu hỏi. Ý kiến của Ông/Bà giúp cơ quan "
        "phục vụ tốt hơn."
    )
    note.alignment = WD_ALIGN_PARAGRAPH.CENTER

    _line(doc, "Cán bộ đã phục vụ (họ tên)", 50)
    _line(doc, "Mã cán bộ (nếu biết)", 30)
    _line(doc, "Mã hồ sơ (trên giấy biên nhận)", 30)

    for number, question in enumerate(survey.questions, start=1):
        _heading(doc, f"Câu {number}. {question.text}")
        choices = doc.add_paragraph()
        for index, level in enumerate(question.levels, start=1):
            choices.add_run(f"{BOX} {index}. {level.label}")
            if index < len(question.levels):
                choices.add_run("     ")

    follow = survey.followup
    if follow.reasons:
        low = [lv.label for lv in survey.overall.levels if lv.key in follow.low_levels]
        where = f" (nếu ở câu 1 Ông/Bà chọn: {', '.join(low)})" if low else ""
        _heading(doc, f"Lý do Ông/Bà chưa hài lòng{where}; có thể chọn nhiều ô:")
        for index, reason in enumerate(follow.reasons, start=1):
            doc.add_paragraph(f"{BOX} {index}. {reason.label}")

    _heading(doc, "Ý kiến góp ý khác (nếu có):")
    for _ in range(4):
        doc.add_paragraph("." * 95)

    _heading(doc, "Đề nghị cơ quan gọi lại (không bắt buộc):")
    _line(doc, "Số điện thoại", 40)
    doc.add_paragraph(f"{BOX} Tôi đồng ý để cơ quan lưu số điện thoại này để gọi lại.")
    consent = doc.add_paragraph(CONSENT_NOTE)
    consent.runs[0].italic = True

    doc.add_paragraph()
    thanks = doc.add_paragraph("Trân trọng cảm ơn Ông/Bà!")
    thanks.alignment = WD_ALIGN_PARAGRAPH.CENTER
    thanks.runs[0].bold = True
    footer = section.footer.paragraphs[0]
    footer.text = f"Mẫu phiếu khảo sát “{survey.id}”" + (
        f", phiên bản {version}" if version else ""
    )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

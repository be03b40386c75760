"""The periodic evaluation report as a Word document laid out per NĐ 30/2020 (admin_web/nd30.py):
header, "BÁO CÁO Kết quả khảo sát sự hài lòng … Quý III năm 2026", summary with the rules, tables
by unit, official and criterion, comparison with the previous period, the watchlist and the actions
taken, a chart, the signature block and "Nơi nhận". A central server's report of every site adds
the table of sites; a report of one site names it in the title."""

from __future__ import annotations

import copy
import io
import unicodedata
from collections.abc import Sequence
from typing import BinaryIO

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from admin_web import nd30
from admin_web.charts import group_bar, sorted_bars
from admin_web.report_chart import bar_chart_png
from admin_web.report_data import (
    LETTER_KINDS,
    ReportData,
    Row,
    change_text,
    index_text,
    period_title,
    rate_text,
    xml_text,
)
from lobby.clock import format_date

SIZE_TABLE = 12
TABLE_STYLE = "Bảng số liệu"
REPORT_CODE = "BC"
SUBJECT = (
    "Kết quả khảo sát sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính"
)
DEFAULT_RECIPIENTS = (
    "Cơ quan cấp trên (để báo cáo)",
    "Lãnh đạo cơ quan",
    "Các phòng, đơn vị",
    "Lưu: VT",
)
WATCH_KINDS = {"unit": "Đơn vị", "official": "Cán bộ"}


def agency_code(name: str) -> str:
    """Return the agency's short code from its name ("SỞ NỘI VỤ" → "SNV")."""
    letters = []
    for word in unicodedata.normalize("NFC", name).split():
        first = unicodedata.normalize("NFD", word[0])[0].upper()
        letters.append("D" if first in "Đđ" else first)
    return "".join(ch for ch in letters if ch.isalnum())


def count_text(number: int) -> str:
    """Return a count the Vietnamese way, thousands separated by dots ("12.345")."""
    return f"{number:,}".replace(",", ".")


def _delta(number: int) -> str:
    return ("+" if number > 0 else "−" if number < 0 else "±") + count_text(abs(number))


def _in_sentence(title: str) -> str:
    """Return a period's title inside a sentence ("quý III năm 2026")."""
    return title[:1].lower() + title[1:]


def _heading(doc, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(12)
    paragraph.paragraph_format.space_after = Pt(6)
    paragraph.paragraph_format.keep_with_next = True
    nd30.set_run_font(paragraph.add_run(text), size=nd30.SIZE_BODY, bold=True)


def _table_style(doc):
    """Return the paragraph style of table text (Times New Roman from Normal, SIZE_TABLE pt)."""
    try:
        return doc.styles[TABLE_STYLE]
    except KeyError:
        style = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.font.size = Pt(SIZE_TABLE)
        return style


def _table(doc, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]):
    """Add a bordered table, header row bold, numbers right-aligned, in SIZE_TABLE points.

    Fonts come from a style and data rows are XML copies of one laid-out row: python-docx's
    row access, style setter and per-run fonts take seconds on a few hundred officials."""
    style = _table_style(doc).style_id  # set on the XML: python-docx's setter is slow
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    for c, (cell, text) in enumerate(zip(table.rows[0].cells, header, strict=True)):
        cell.width = Mm(widths[c])
        paragraph = cell.paragraphs[0]
        paragraph._p.style = style
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = True
    _repeat_header(table.rows[0])
    # One row laid out by python-docx, then copied as XML for every row: fast on many rows.
    template = table.add_row()
    for c, cell in enumerate(template.cells):
        paragraph = cell.paragraphs[0]
        paragraph._p.style = style
        if c == 0:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif c > 1:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.add_run("-")  # a w:t to fill in
    body = template._tr
    for cells in rows:
        row = copy.deepcopy(body)
        for node, text in zip(row.iter(qn("w:t")), cells, strict=True):
            node.text = unicodedata.normalize("NFC", xml_text(str(text)))
        body.addprevious(row)
    body.getparent().remove(body)
    return table


def _repeat_header(row) -> None:
    """Mark a table's first row as its header: Word and LibreOffice repeat it on every page,
    and it is never split across pages."""
    properties = row._tr.get_or_add_trPr()
    for tag in ("w:cantSplit", "w:tblHeader"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        properties.append(element)


def _group_rows(rows: Sequence[Row]) -> list[list[str]]:
    return [
        [
            str(number),
            row.label,
            count_text(row.now.answers),
            rate_text(row.now.rate),
            index_text(row.now.index),
            rate_text(row.before.rate if row.before else None),
        ]
        for number, row in enumerate(rows, start=1)
    ]


def _group_table(doc, data: ReportData, by: str, column: str) -> None:
    rows = data.groups[by]
    if not rows:
        nd30.add_body_paragraph(doc, "Không có lượt đánh giá nào trong kỳ.")
        return
    header = ["STT", column, "Lượt", "Tỷ lệ hài lòng", "Chỉ số", "Tỷ lệ kỳ trước"]
    _table(doc, header, _group_rows(rows), [12, 62, 20, 26, 20, 25])


def _summary(doc, data: ReportData) -> None:
    """Page one: the period's figures against the previous period, cases, letters, the sites
    (a province's report), the watchlist."""
    t, b = data.totals, data.before
    first, last = format_date(data.period.first), format_date(data.period.last)
    _heading(doc, "I. KẾT QUẢ CHUNG VÀ VIỆC CẦN LÀM")
    nd30.add_body_paragraph(
        doc,
        f"Từ ngày {first} đến ngày {last}, cơ quan nhận được {count_text(t.answers)} lượt"
        f" đánh giá của người dân, tổ chức (câu hỏi chung), trong đó {count_text(t.satisfied)} lượt"
        f" hài lòng; không tính {count_text(data.repeats)} lượt bấm lặp lại ngay sau một lượt"
        f" khác. Tỷ lệ hài lòng: {rate_text(t.rate)}. Chỉ số hài lòng (thang 0–100):"
        f" {index_text(t.index)}. Kỳ trước: {period_title(data.previous)} (từ"
        f" {format_date(data.previous.first)} đến {format_date(data.previous.last)}); cách tính"
        " ở Phụ lục 1.",
    )
    rows = [
        ["1", "Số lượt đánh giá", count_text(t.answers), count_text(b.answers)]
        + [_delta(t.answers - b.answers)],
        ["2", "Tỷ lệ hài lòng", rate_text(t.rate), rate_text(b.rate)]
        + [change_text(t.rate, b.rate, " điểm %")],
        ["3", "Chỉ số hài lòng", index_text(t.index), index_text(b.index)]
        + [change_text(t.index, b.index)],
    ]
    cases = data.cases
    if cases is not None:
        rows += [
            ["4", "Phản ánh cần xử lý đã tiếp nhận", count_text(cases.received), "", ""],
            ["5", "Phản ánh đã xử lý xong", count_text(cases.handled), "", ""],
            ["6", "Phản ánh quá hạn chưa xử lý", count_text(cases.overdue), "", ""],
        ]
    sent = sum(data.letters.values())
    kinds = ", ".join(
        f"{LETTER_KINDS.get(kind, kind).lower()}: {count_text(n)}"
        for kind, n in data.letters.items()
    )
    rows.append(
        [str(len(rows) + 1), "Thư đã gửi người dân" + (f" ({kinds})" if kinds else "")]
        + [count_text(sent), "", ""]
    )
    _table(doc, ["STT", "Chỉ tiêu", "Kỳ này", "Kỳ trước", "Thay đổi"], rows, [12, 64, 26, 26, 37])
    _sites(doc, data)
    _watchlist(doc, data)


def site_table_rows(data: ReportData) -> list[list[str]]:
    """Return the province's table of sites as text: number, site, visits, rate, index, change
    of the rate, open cases, letters sent (in the order of ``data.sites``, best rate first)."""
    return [
        [
            str(number),
            site.name,
            count_text(site.figures.answers),
            rate_text(site.figures.rate),
            index_text(site.figures.index),
            change_text(site.figures.rate, site.before.rate if site.before else None),
            count_text(site.cases_open),
            count_text(site.letters_sent),
        ]
        for number, site in enumerate(data.sites, start=1)
    ]


def _sites(doc, data: ReportData) -> None:
    """The province's report: every site's figures, best satisfaction rate first."""
    if not data.sites:
        return
    _heading(doc, "Kết quả theo cơ quan (tỷ lệ hài lòng cao trước)")
    header = ["STT", "Cơ quan", "Lượt", "Tỷ lệ", "Chỉ số", "Thay đổi tỷ lệ (điểm %)"]
    header += ["Phản ánh chưa xử lý", "Thư đã gửi"]
    _table(doc, header, site_table_rows(data), [10, 45, 18, 18, 15, 22, 20, 17])


def _reasons(doc, data: ReportData) -> None:
    _heading(doc, "II. LÝ DO CHƯA HÀI LÒNG VÀ Ý KIẾN CỦA NGƯỜI DÂN")
    if data.reasons:
        rows = [
            [str(number), label, count_text(n)]
            for number, (label, n) in enumerate(data.reasons, start=1)
        ]
        _table(doc, ["STT", "Lý do người dân chọn", "Số lượt"], rows, [12, 121, 32])
    else:
        nd30.add_body_paragraph(doc, "Trong kỳ không có lượt nào chọn lý do chưa hài lòng.")
    if not data.comments:
        return
    nd30.add_body_paragraph(
        doc,
        f"Một số ý kiến người dân ghi lại ({len(data.comments)} ý kiến, mức đánh giá thấp"
        " trước; đã che số điện thoại):",
    )
    for comment in data.comments:
        paragraph = nd30.add_body_paragraph(doc, "")
        run = paragraph.add_run(f"“{comment.text}”")
        nd30.set_run_font(run, size=nd30.SIZE_BODY, italic=True)
        detail = f" ({format_date(comment.day)}; {comment.level})" if comment.level else ""
        nd30.set_run_font(paragraph.add_run(detail), size=nd30.SIZE_BODY)


def _officials(doc, data: ReportData) -> None:
    least = data.thresholds[2]
    enough = [row for row in data.groups["official"] if row.now.answers >= least]
    fewer = len(data.groups["official"]) - len(enough)
    _heading(doc, f"V. KẾT QUẢ THEO CÁN BỘ (TỪ {least} LƯỢT ĐÁNH GIÁ TRỞ LÊN)")
    if enough:
        header = ["STT", "Cán bộ", "Lượt", "Tỷ lệ hài lòng", "Chỉ số", "Tỷ lệ kỳ trước"]
        _table(doc, header, _group_rows(enough), [12, 62, 20, 26, 20, 25])
    else:
        nd30.add_body_paragraph(doc, f"Không có cán bộ nào có từ {least} lượt đánh giá trở lên.")
    if fewer:
        nd30.add_body_paragraph(
            doc,
            f"{count_text(fewer)} cán bộ có dưới {least} lượt đánh giá: số lượt quá ít để so sánh"
            " tỷ lệ, xem Phụ lục 2.",
        )


def _leader_sections(doc, data: ReportData) -> None:
    """The sections the leader writes in the admin before issuing the report."""
    for title, text in (
        ("VI. TỒN TẠI, HẠN CHẾ", data.notes.shortcomings),
        ("VII. KIẾN NGHỊ, ĐỀ XUẤT", data.notes.proposals),
    ):
        _heading(doc, title)
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        for line in lines or ["(Lãnh đạo chưa nhập nội dung phần này.)"]:
            nd30.add_body_paragraph(doc, xml_text(line))


def _chart(doc, data: ReportData) -> None:
    rows = data.groups["unit"]
    if not rows:
        return
    least = data.thresholds[2]
    bars = [group_bar(r.label, r.now, least) for r in rows]
    png = bar_chart_png("Tỷ lệ hài lòng theo đơn vị", sorted_bars(bars), maximum=100)
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(160))
    caption = doc.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.keep_with_next = True
    run = caption.add_run(
        f"Biểu đồ: Tỷ lệ hài lòng theo đơn vị, {_in_sentence(data.title)}"
        f" (màu xám: dưới {least} lượt đánh giá; số liệu ở bảng dưới đây)"
    )
    nd30.set_run_font(run, size=SIZE_TABLE, italic=True)


def _watchlist(doc, data: ReportData) -> None:
    rate, index, least = data.thresholds
    _heading(doc, "Danh sách cần lưu ý và biện pháp đã thực hiện")
    nd30.add_body_paragraph(
        doc,
        "Đơn vị, cán bộ có từ "
        f"{least} lượt đánh giá trở lên mà tỷ lệ hài lòng dưới "
        f"{f'{rate:g}'.replace('.', ',')}% hoặc chỉ số dưới {f'{index:g}'.replace('.', ',')}.",
    )
    if not data.watch:
        nd30.add_body_paragraph(doc, "Trong kỳ không có đơn vị, cán bộ nào dưới ngưỡng.")
        return
    rows = [
        [
            str(number),
            f"{WATCH_KINDS[entry.kind]}: {entry.label}",
            count_text(entry.figures.answers),
            rate_text(entry.figures.rate),
            index_text(entry.figures.index),
            "; ".join(entry.actions) or "Chưa ghi nhận",
        ]
        for number, entry in enumerate(data.watch, start=1)
    ]
    header = ["STT", "Đơn vị/cán bộ", "Lượt", "Tỷ lệ", "Chỉ số", "Biện pháp đã thực hiện"]
    _table(doc, header, rows, [12, 55, 16, 22, 18, 42])


def _appendices(doc, data: ReportData) -> None:
    """After the signature: how the figures are computed, and the officials with few visits."""
    doc.add_page_break()
    levels = " và ".join(f"“{label}”" for label in data.satisfied_levels) or "mức hài lòng"
    _heading(doc, "PHỤ LỤC 1. CÁCH TÍNH CÁC CHỈ SỐ")
    nd30.add_body_paragraph(
        doc,
        "Tỷ lệ hài lòng = số câu trả lời câu hỏi chung được tính là hài lòng lúc đánh giá"
        f" ({levels}) chia cho tổng số câu trả lời câu hỏi chung, nhân 100%.",
    )
    nd30.add_body_paragraph(
        doc,
        "Chỉ số hài lòng (thang 0–100) = trung bình điểm của từng câu trả lời; điểm = 100 × (n − 1"
        " − vị trí mức) ÷ (n − 1), trong đó n là số mức của câu hỏi và vị trí mức tính từ 0 (mức"
        " đầu, tốt nhất, được 100 điểm; mức cuối được 0 điểm).",
    )
    nd30.add_body_paragraph(
        doc,
        "Lượt bấm lặp lại (cùng máy, ngay sau một lượt khác) không được tính. Thay đổi so với kỳ"
        " trước của tỷ lệ tính bằng điểm phần trăm.",
    )
    least = data.thresholds[2]
    fewer = [row for row in data.groups["official"] if row.now.answers < least]
    if fewer:
        _heading(doc, f"PHỤ LỤC 2. CÁN BỘ CÓ DƯỚI {least} LƯỢT ĐÁNH GIÁ")
        rows = [
            [str(n), row.label, count_text(row.now.answers), rate_text(row.now.rate)]
            for n, row in enumerate(fewer, start=1)
        ]
        _table(doc, ["STT", "Cán bộ", "Lượt", "Tỷ lệ hài lòng"], rows, [12, 100, 25, 28])


def build_docx(
    data: ReportData,
    *,
    place: str = "",
    profile: dict[str, str] | None = None,
    recipients: Sequence[str] | None = None,
):
    """Return the report of ``data`` as a python-docx Document. ``profile`` is the office's
    document profile (the letters' one: parent, name, name_text, abbreviation, place, authority,
    position, signer, address, hotline, email); missing entries come from ``data``."""
    profile = {k: v for k, v in (profile or {}).items() if v}
    name = profile.get("name", data.office)
    place = profile.get("place", place)
    agency = nd30.Agency(
        profile.get("parent", data.parent),
        name,
        place,
        profile.get("address", ""),
        profile.get("hotline", ""),
        profile.get("email", ""),
    )
    doc = nd30.new_document()
    code = profile.get("abbreviation") or agency_code(name)
    number = f"Số:       /{REPORT_CODE}-{code}"
    nd30.add_header(doc, agency, number, nd30.place_date_line(place, data.today))
    nd30.add_title(doc, "BÁO CÁO", f"{SUBJECT} {data.about}")
    _summary(doc, data)
    _reasons(doc, data)
    _heading(doc, "III. KẾT QUẢ THEO ĐƠN VỊ")
    _chart(doc, data)
    _group_table(doc, data, "unit", "Đơn vị")
    _heading(doc, "IV. KẾT QUẢ THEO TIÊU CHÍ")
    _group_table(doc, data, "question", "Tiêu chí (câu hỏi)")
    _officials(doc, data)
    _leader_sections(doc, data)
    nd30.add_body_paragraph(
        doc,
        f"Trên đây là báo cáo kết quả khảo sát sự hài lòng {_in_sentence(data.title)}"
        f" của {profile.get('name_text', name)}./.",
    )
    authority = [profile.get("authority", "GIÁM ĐỐC")] + [profile.get("position", "")]
    nd30.add_signature_block(
        doc,
        [line for line in authority if line],
        profile.get("signer", ""),
        recipients=list(recipients or DEFAULT_RECIPIENTS),
    )
    nd30.add_agency_footer(doc, agency)
    _appendices(doc, data)
    return doc


def write_docx(data: ReportData, out: BinaryIO | str, **options) -> None:
    """Write the report of ``data`` to ``out`` (a path or a binary file)."""
    build_docx(data, **options).save(out)

"""Layout of an administrative document per NĐ 30/2020/NĐ-CP (Phụ lục I), over python-docx.

Pure functions: each takes a Document (or builds one) and adds one part of the layout. Used by the
letters (Thư xin lỗi, Thư cảm ơn, Mẫu số 04 slip) and the periodic reports.

Typical use::

    doc = new_document()
    add_header(doc, Agency("UBND THÀNH PHỐ ĐÀ NẴNG", "SỞ NỘI VỤ", "Đà Nẵng"),
               number="Số: 12/TXL-SNV", place_date=place_date_line("Đà Nẵng", day))
    add_title(doc, "THƯ XIN LỖI", "Về việc trả kết quả hồ sơ trễ hẹn")
    add_body_paragraph(doc, "...")
    add_signature_block(doc, ["GIÁM ĐỐC"], "Nguyễn Văn A", recipients=["Ông/Bà ...", "Lưu: VT"])
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT_NAME = "Times New Roman"

# Page: A4 portrait; margins within Phụ lục I (top/bottom 20-25, left 30-35, right 15-20 mm).
PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 20
MARGIN_BOTTOM_MM = 20
MARGIN_LEFT_MM = 30
MARGIN_RIGHT_MM = 15
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM

# Header columns: agency (left) and national name + motto (right). The national name in 12 pt
# bold is 88 mm wide: the right column holds it on one line with room to spare.
HEADER_LEFT_MM = 70
HEADER_RIGHT_MM = TEXT_WIDTH_MM - HEADER_LEFT_MM
# Left and right padding inside every cell of the layout tables.
CELL_PADDING_MM = 1

# Sizes (pt).
SIZE_BODY = 14
SIZE_NATIONAL = 12
SIZE_MOTTO = 13
SIZE_AGENCY = 13
SIZE_NUMBER = 13
SIZE_PLACE_DATE = 14
SIZE_TITLE = 14
SIZE_RECIPIENTS_LABEL = 12
SIZE_RECIPIENTS = 11
SIZE_SIGNATURE = 14
SIZE_FOOTER = 11

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True)
class Agency:
    """The issuing agency as printed in the header and the place-and-date line."""

    parent: str  # "UBND THÀNH PHỐ ĐÀ NẴNG" (upper case, not bold); may be empty
    name: str  # "SỞ NỘI VỤ" (upper case, bold)
    place: str  # "Đà Nẵng" (place name in the date line)
    address: str = ""  # printed under a full-width line at the foot of page 1 when given
    phone: str = ""
    email: str = ""


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def date_words(day: date | datetime) -> str:
    """Return "ngày 05 tháng 01 năm 2026": days < 10 and months 1-2 get a leading zero."""
    if isinstance(day, datetime):
        day = day.date()
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def place_date_line(place: str, day: date | datetime) -> str:
    """Return the place-and-date line: "Đà Nẵng, ngày 05 tháng 01 năm 2026"."""
    place = _nfc(place).strip()
    words = date_words(day)
    return f"{place}, {words}" if place else words.capitalize()


def number_line(number: int, code: str) -> str:
    """Return the số/ký hiệu line: "Số: 05/TXL-SNV" (numbers under 10 with a leading zero)."""
    return f"Số: {number:02d}/{_nfc(code)}"


def set_run_font(
    run,
    size: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    underline: bool | None = None,
) -> None:
    """Set Times New Roman on a run (all four script slots, so Word uses it) and its size/style."""
    run.font.name = FONT_NAME
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT_NAME)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if italic is not None:
        run.font.italic = italic
    if underline is not None:
        run.font.underline = underline


def setup_page(doc) -> None:
    """Make every section A4 portrait with the NĐ 30 margins."""
    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = Mm(PAGE_WIDTH_MM)
        section.page_height = Mm(PAGE_HEIGHT_MM)
        section.top_margin = Mm(MARGIN_TOP_MM)
        section.bottom_margin = Mm(MARGIN_BOTTOM_MM)
        section.left_margin = Mm(MARGIN_LEFT_MM)
        section.right_margin = Mm(MARGIN_RIGHT_MM)
        section.header_distance = Mm(10)
        section.footer_distance = Mm(10)


def setup_styles(doc) -> None:
    """Make the Normal style Times New Roman 14 pt (East Asian slot too), single spacing."""
    style = doc.styles["Normal"]
    style.font.name = FONT_NAME
    style.font.size = Pt(SIZE_BODY)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT_NAME)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    fmt = style.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0


def new_document():
    """Return an empty Document set up per NĐ 30: A4, margins, Times New Roman, page numbers."""
    doc = Document()
    setup_page(doc)
    setup_styles(doc)
    add_page_numbers(doc)
    return doc


def _add_field(paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    set_run_font(run, size=SIZE_BODY)
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = "2"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, separate, shown, end):
        run._element.append(element)


def add_page_numbers(doc) -> None:
    """Put the page number centred in the top margin of every page but the first."""
    for section in doc.sections:
        section.different_first_page_header_footer = True
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add_field(paragraph, "PAGE")


# pPr children that come after pBdr in the schema (Word refuses other orders).
_PPR_AFTER_BORDER = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _border(paragraph, edge: str, size_eighths: int = 6) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        # Word wants pPr's children in schema order: pBdr comes before these.
        ppr.insert_element_before(borders, *_PPR_AFTER_BORDER)
    line = OxmlElement(f"w:{edge}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size_eighths))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), "000000")
    borders.append(line)


# Advance widths of Times New Roman (and its metric twin Liberation Serif) for " " to "~", in
# thousandths of an em. Vietnamese letters take their base letter's width (marks do not add any).
_ADVANCE = {
    False: (
        "250 333 408 500 500 833 778 180 333 333 500 564 250 333 250 278 500 500 500 500 500 500 "
        "500 500 500 500 278 278 564 564 564 444 921 722 667 667 722 611 556 722 722 333 389 722 "
        "611 889 722 722 556 722 667 556 611 722 722 944 722 722 611 333 278 333 469 500 333 444 "
        "500 444 500 444 333 500 500 278 278 500 278 778 500 500 500 500 333 389 278 500 500 722 "
        "500 500 444 480 200 480 541"
    ),
    True: (
        "250 333 555 500 500 1000 833 278 333 333 500 570 250 333 250 278 500 500 500 500 500 "
        "500 500 500 500 500 333 333 570 570 570 500 930 722 667 722 722 667 611 778 778 389 500 "
        "778 667 944 722 778 611 778 722 556 667 722 722 1000 722 722 667 333 278 333 581 500 "
        "333 500 556 444 556 444 333 500 556 278 333 556 278 833 556 500 556 556 444 389 333 556 "
        "500 722 500 500 444 394 220 394 520"
    ),
}
_WIDTHS = {bold: [int(w) for w in table.split()] for bold, table in _ADVANCE.items()}


def text_width_mm(text: str, size_pt: float, bold: bool = False) -> float:
    """Return the printed width of one line of Times New Roman ``text`` in millimetres."""
    widths = _WIDTHS[bold]
    total = 0
    for ch in unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D")):
        if unicodedata.combining(ch):
            continue
        code = ord(ch)
        total += widths[code - 32] if 32 <= code < 127 else 500
    return total / 1000 * size_pt * 25.4 / 72


def wrapped_lines(
    text: str, size_pt: float, width_mm: float = TEXT_WIDTH_MM, first_indent_mm: float = 0.0
) -> int:
    """Return how many lines ``text`` takes when wrapped word by word in a column ``width_mm``
    wide, its first line indented by ``first_indent_mm`` (regular Times New Roman)."""
    lines, line, room = 1, "", width_mm - first_indent_mm
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if line and text_width_mm(trial, size_pt) > room:
            lines, line, room = lines + 1, word, width_mm
        else:
            line = trial
    return lines


def add_short_line(cell_or_doc, width_mm: float, column_mm: float, before_pt: float = 0) -> object:
    """Add an empty paragraph drawing a centred solid line ``width_mm`` long in a column."""
    paragraph = cell_or_doc.add_paragraph()
    side = max(0.0, (column_mm - width_mm) / 2)
    fmt = paragraph.paragraph_format
    fmt.left_indent = Mm(side)
    fmt.right_indent = Mm(side)
    fmt.space_before = Pt(before_pt)
    fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(2)
    _border(paragraph, "top")
    return paragraph


def _no_table_borders(table) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tblpr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"
    )
    # Narrow, explicit cell padding: Word's and LibreOffice's defaults differ (1.9 mm each side).
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(round(CELL_PADDING_MM * 1440 / 25.4)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tblpr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")


def _fixed_columns(table, widths_mm: list[float]) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)


def borderless_table(doc, rows: int, widths_mm: list[float]):
    """Add a borderless table of fixed column widths (the header and signature layout)."""
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    _no_table_borders(table)
    _fixed_columns(table, widths_mm)
    return table


def repeat_header_rows(table, rows: int = 1) -> None:
    """Mark the first ``rows`` rows of ``table`` as its header, printed again on every page the
    table runs onto, and never split a row across two pages."""
    for index, row in enumerate(table.rows):
        trpr = row._tr.get_or_add_trPr()
        if trpr.find(qn("w:cantSplit")) is None:
            trpr.append(OxmlElement("w:cantSplit"))
        if index < rows and trpr.find(qn("w:tblHeader")) is None:
            trpr.append(OxmlElement("w:tblHeader"))


def cell_line(
    cell,
    text: str,
    size: float,
    bold: bool = False,
    italic: bool = False,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    first: bool = False,
):
    """Write one centred line in a table cell (reusing the cell's empty first paragraph)."""
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(_nfc(text))
    set_run_font(run, size=size, bold=bold, italic=italic)
    return paragraph


def add_header(doc, agency: Agency, number: str, place_date: str, summary: str = ""):
    """Add the two-column header: agency and số/ký hiệu (left), national name, motto, date (right).

    ``summary`` is the trích yếu of a công văn, printed under the number; letters leave it empty.
    """
    table = borderless_table(doc, 2, [HEADER_LEFT_MM, HEADER_RIGHT_MM])
    left, right = table.rows[0].cells
    parent = _nfc(agency.parent).strip().upper()
    name = _nfc(agency.name).strip().upper()
    if parent:
        cell_line(left, parent, SIZE_AGENCY, first=True)
        cell_line(left, name, SIZE_AGENCY, bold=True)
    else:
        cell_line(left, name, SIZE_AGENCY, bold=True, first=True)
    left_inner = HEADER_LEFT_MM - 2 * CELL_PADDING_MM
    right_inner = HEADER_RIGHT_MM - 2 * CELL_PADDING_MM
    name_width = text_width_mm(name, SIZE_AGENCY, True)
    add_short_line(left, min(left_inner, name_width) * 0.4, left_inner)
    cell_line(right, NATIONAL_NAME, SIZE_NATIONAL, bold=True, first=True)
    cell_line(right, MOTTO, SIZE_MOTTO, bold=True)
    add_short_line(right, text_width_mm(MOTTO, SIZE_MOTTO, True), right_inner)
    number_cell, date_cell = table.rows[1].cells
    cell_line(number_cell, number, SIZE_NUMBER, first=True)
    if summary:
        cell_line(number_cell, summary, 12)
    cell_line(date_cell, place_date, SIZE_PLACE_DATE, italic=True, first=True)
    for cell in (number_cell, date_cell):
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)
    return table


def add_title(doc, title: str, summary: str = "", space_before_pt: float = 18):
    """Add the centred title (tên loại, upper case bold) and its trích yếu under it."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(space_before_pt)
    run = paragraph.add_run(_nfc(title).upper())
    set_run_font(run, size=SIZE_TITLE, bold=True)
    if summary:
        sub = doc.add_paragraph()
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = sub.add_run(_nfc(summary))
        set_run_font(run, size=SIZE_TITLE, bold=True)
        paragraph = sub
    paragraph.paragraph_format.space_after = Pt(12)
    return paragraph


def add_centered_line(doc, text: str, size: float = SIZE_BODY, bold=False, italic=False):
    """Add a centred line, e.g. "Kính gửi: Ông/Bà ..." in a letter."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(6)
    run = paragraph.add_run(_nfc(text))
    set_run_font(run, size=size, bold=bold, italic=italic)
    return paragraph


def add_body_paragraph(
    doc, text: str, size: float = SIZE_BODY, indent_mm: float = 12.7, spacing: float = 1.15
):
    """Add a justified body paragraph: first-line indent 1.27 cm, 6 pt after, line spacing
    ``spacing`` (NĐ 30 allows 1 to 1.5)."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Mm(indent_mm)
    fmt.space_after = Pt(6)
    fmt.line_spacing = spacing
    run = paragraph.add_run(_nfc(text))
    set_run_font(run, size=size)
    return paragraph


def add_signature_block(
    doc,
    authority: list[str],
    signer: str,
    recipients: list[str] | None = None,
):
    """Add "Nơi nhận" (left) level with the signature block (right): authority lines, then the name.

    ``authority`` is e.g. ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"] or ["GIÁM ĐỐC"]; printed upper case bold.
    ``recipients`` are the lines after "Nơi nhận:"; each gets "- " and ";" (the last one "."),
    unless already written that way.
    """
    widths = [TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2]
    table = borderless_table(doc, 1, widths)
    left, right = table.rows[0].cells
    left.paragraphs[0].paragraph_format.space_before = Pt(12)
    if recipients:
        label = cell_line(
            left,
            "Nơi nhận:",
            SIZE_RECIPIENTS_LABEL,
            bold=True,
            italic=True,
            align=WD_ALIGN_PARAGRAPH.LEFT,
            first=True,
        )
        label.paragraph_format.space_before = Pt(12)
        lines = [_nfc(line).strip() for line in recipients if line.strip()]
        for index, line in enumerate(lines):
            text = line if line.startswith("-") else f"- {line}"
            if not text.endswith((";", ".")):
                text += "." if index == len(lines) - 1 else ";"
            cell_line(left, text, SIZE_RECIPIENTS, align=WD_ALIGN_PARAGRAPH.LEFT)
    first = True
    for line in authority:
        paragraph = cell_line(right, _nfc(line).upper(), SIZE_SIGNATURE, bold=True, first=first)
        if first:
            paragraph.paragraph_format.space_before = Pt(12)
        first = False
    # Room for the signature and the seal.
    for _ in range(4):
        cell_line(right, "", SIZE_SIGNATURE)
    cell_line(right, signer, SIZE_SIGNATURE, bold=True, first=first)
    return table


def add_agency_footer(doc, agency: Agency) -> None:
    """Add the agency's address, phone and email under a full-width line (page 1 only)."""
    parts = [
        p
        for p in (
            agency.address,
            agency.phone and f"ĐT: {agency.phone}",
            agency.email and f"Email: {agency.email}",
        )
        if p
    ]
    if not parts:
        return
    footer = doc.sections[0].first_page_footer
    paragraph = footer.paragraphs[0]
    _border(paragraph, "top")
    run = paragraph.add_run(_nfc("; ".join(parts)))
    set_run_font(run, size=SIZE_FOOTER)

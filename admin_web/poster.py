"""The slogan poster: "5 biết" and "3 thể hiện" filling one A4 or A3 page (DOCX, python-docx).

Read from three metres: a capital letter should stand at least 9 mm tall there, and a Times New
Roman capital is 0.662 of the type size, so the slogans are set at 40 pt or more on A4 (9.3 mm
capitals) and at 56 pt on A3. The blocks are measured (nd30.text_width_mm) and the space left on
the page is shared between them, so the text fills the sheet top to bottom.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from admin_web.nd30 import text_width_mm
from lobby.slogans import FIVE_KNOWS, FIVE_KNOWS_TITLE, MODEL, THREE_SHOWS, THREE_SHOWS_TITLE
from lobby.vntext import nfc

POSTER_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Paper (width, height) in mm, portrait; type grows with the paper (A3 is A4 times √2).
SIZES = {"A4": (210, 297), "A3": (297, 420)}
SCALE = {"A4": 1.0, "A3": 1.41}
MARGIN_MM = 14
FONT = "Times New Roman"
RED = RGBColor(0xA5, 0x1C, 0x1C)
INK = RGBColor(0x1A, 0x1A, 0x1A)
CAP_HEIGHT_EM = 0.662
# Type sizes (pt) on A4; A3 multiplies them by SCALE.
SIZE_PARENT = 16
SIZE_OFFICE = 20
SIZE_MODEL = 24
SIZE_HEADING = 60
SIZE_SLOGAN = 40
# Height of a line of single-spaced Times New Roman, in ems (ascent + descent + leading).
LINE_EM = 1.15
# Share of the page kept free of the estimate, for the renderer's own rounding.
SAFETY = 0.05


@dataclass(frozen=True)
class Block:
    """One paragraph of the poster and the least space it wants before it (pt)."""

    text: str
    size: float
    bold: bool
    colour: RGBColor
    before: float
    grows: bool  # takes a share of the page's spare height


def cap_height_mm(size_pt: float) -> float:
    """Return how tall a capital letter prints at ``size_pt`` (Times New Roman)."""
    return size_pt * CAP_HEIGHT_EM * 25.4 / 72


def _lines(text: str, size: float, bold: bool, width_mm: float) -> int:
    """Return how many lines ``text`` takes in a column ``width_mm`` wide (greedy wrap)."""
    count, line = 1, ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and text_width_mm(trial, size, bold) > width_mm:
            count, line = count + 1, word
        else:
            line = trial
    return count


def _one_line_size(text: str, size: float, bold: bool, width_mm: float) -> float:
    """Return ``size`` or, if ``text`` would wrap at it, the size that keeps it on one line."""
    wide = text_width_mm(text, size, bold)
    return size if wide <= width_mm else size * width_mm / wide


def _blocks(parent: str, office: str, k: float, column_mm: float) -> list[Block]:
    def heading(text: str, size: float, bold: bool) -> float:
        return _one_line_size(text, size * k, bold, column_mm * 0.97)

    blocks = []
    if parent:
        blocks.append(
            Block(parent.upper(), heading(parent.upper(), SIZE_PARENT, False), False, INK, 0, False)
        )
    blocks.append(
        Block(office.upper(), heading(office.upper(), SIZE_OFFICE, True), True, RED, 0, False)
    )
    model = MODEL.upper()
    blocks.append(Block(model, heading(model, SIZE_MODEL, True), True, INK, 8 * k, True))
    for title, lines in ((FIVE_KNOWS_TITLE, FIVE_KNOWS), (THREE_SHOWS_TITLE, THREE_SHOWS)):
        blocks.append(Block(title, SIZE_HEADING * k, True, RED, 12 * k, True))
        for text in lines:
            blocks.append(Block(text, SIZE_SLOGAN * k, True, INK, 4 * k, True))
    return blocks


def _font(run, size: float, bold: bool, colour: RGBColor) -> None:
    run.font.name = FONT
    # Every script slot, so Word never swaps in another font for the Vietnamese letters.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    run.font.size = Pt(round(size * 2) / 2)
    run.font.bold = bold
    run.font.color.rgb = colour


def _page_border(section, k: float) -> None:
    """Frame the page with a red double line (a printed poster's edge)."""
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "page")
    for edge in ("top", "left", "bottom", "right"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "double")
        line.set(qn("w:sz"), str(round(12 * k)))
        line.set(qn("w:space"), str(round(20 * k)))
        line.set(qn("w:color"), "A51C1C")
        borders.append(line)
    sect = section._sectPr
    sect.insert_element_before(
        borders,
        "w:lnNumType",
        "w:pgNumType",
        "w:cols",
        "w:formProt",
        "w:vAlign",
        "w:noEndnote",
        "w:titlePg",
        "w:textDirection",
        "w:bidi",
        "w:rtlGutter",
        "w:docGrid",
        "w:printerSettings",
        "w:sectPrChange",
    )


def poster_docx(parent: str, office: str, size: str = "A4"):
    """Return the poster for ``office`` (under ``parent``) on ``size`` paper as a Document."""
    if size not in SIZES:
        raise ValueError(f"poster size must be one of {', '.join(SIZES)}, not {size!r}")
    k = SCALE[size]
    width_mm, height_mm = SIZES[size]
    margin = MARGIN_MM * k
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(width_mm), Mm(height_mm)
    section.top_margin = section.bottom_margin = Mm(margin)
    section.left_margin = section.right_margin = Mm(margin)
    section.header_distance = section.footer_distance = Mm(margin / 2)
    _page_border(section, k)
    properties = document.core_properties
    properties.title = nfc(f"{FIVE_KNOWS_TITLE}, {THREE_SHOWS_TITLE} – {office}")
    properties.author = nfc(office)

    column = width_mm - 2 * margin
    blocks = _blocks(nfc(parent), nfc(office), k, column)
    used_pt = sum(
        _lines(b.text, b.size, b.bold, column) * b.size * LINE_EM + b.before for b in blocks
    )
    room_pt = (height_mm - 2 * margin) * 72 / 25.4 * (1 - SAFETY)
    growing = [b for b in blocks if b.grows]
    extra = max(0.0, room_pt - used_pt) / len(growing)
    for block in blocks:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt = paragraph.paragraph_format
        fmt.space_before = Pt(block.before + (extra if block.grows else 0))
        fmt.space_after = Pt(0)
        fmt.line_spacing = 1.0
        fmt.keep_together = True
        _font(paragraph.add_run(block.text), block.size, block.bold, block.colour)
    return document

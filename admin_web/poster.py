"""The slogan poster: "5 biết" and "3 thể hiện" on one A4 or A3 page (DOCX, python-docx)."""

from __future__ import annotations

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from lobby.slogans import FIVE_KNOWS, FIVE_KNOWS_TITLE, MODEL, THREE_SHOWS, THREE_SHOWS_TITLE
from lobby.vntext import nfc

POSTER_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Paper (width, height) in mm, portrait; text grows with the paper (A3 is A4 times √2).
SIZES = {"A4": (210, 297), "A3": (297, 420)}
SCALE = {"A4": 1.0, "A3": 1.41}
FONT = "Times New Roman"
RED = RGBColor(0xA5, 0x1C, 0x1C)
INK = RGBColor(0x1A, 0x1A, 0x1A)


def _font(run, size: float, bold: bool = False, colour: RGBColor = INK) -> None:
    run.font.name = FONT
    # Every script slot, so Word never swaps in another font for the Vietnamese letters.
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    run.font.size = Pt(round(size))
    run.font.bold = bold
    run.font.color.rgb = colour


def _line(document, text: str, size: float, *, bold=False, colour=INK, after=4.0, align=None):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if align is None else align
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.line_spacing = 1.1
    _font(paragraph.add_run(nfc(text)), size, bold, colour)
    return paragraph


def poster_docx(parent: str, office: str, size: str = "A4"):
    """Return the poster for ``office`` (under ``parent``) on ``size`` paper as a Document."""
    if size not in SIZES:
        raise ValueError(f"poster size must be one of {', '.join(SIZES)}, not {size!r}")
    k = SCALE[size]
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = (Mm(v) for v in SIZES[size])
    margin = Mm(round(18 * k))
    section.top_margin = section.bottom_margin = margin
    section.left_margin = section.right_margin = margin
    properties = document.core_properties
    properties.title = nfc(f"{FIVE_KNOWS_TITLE}, {THREE_SHOWS_TITLE} – {office}")
    properties.author = nfc(office)
    if parent:
        _line(document, parent.upper(), 15 * k, bold=True, after=0)
    _line(document, office.upper(), 18 * k, bold=True, colour=RED, after=10 * k)
    _line(document, MODEL.upper(), 22 * k, bold=True, after=14 * k)
    for title, lines in ((FIVE_KNOWS_TITLE, FIVE_KNOWS), (THREE_SHOWS_TITLE, THREE_SHOWS)):
        _line(document, title, 40 * k, bold=True, colour=RED, after=6 * k)
        for text in lines:
            _line(document, text, 24 * k, after=5 * k)
        document.paragraphs[-1].paragraph_format.space_after = Pt(16 * k)
    return document

"""The periodic report as an Excel workbook meant to be worked with: a summary sheet, (a central
server's report of every site) a sheet of the sites, sheets by unit, by official and by criterion,
and the raw answers.

Every figure is a number with a number format (counts "#,##0", rates "0.0%", changes signed),
every time a date cell in the office's time zone; tables have a frozen header row and a filter;
titles are merged across the table, one line high, never wrapped over the next row.

The raw sheets hold the columns of /results/export.csv. A year can hold millions of answers, far
too many for openpyxl's cell objects, so openpyxl lays out the workbook with empty raw sheets and
their XML is then streamed straight into the zip from the store's rows (which the database has
already formatted, escaped for XML and neutralised against formulas; memory stays flat). A sheet
holds at most 1,048,576 rows, so a longer period continues on "Dữ liệu thô (2)" and so on.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from admin_web.csv_export import HEADER, neutralise
from admin_web.report_data import ReportData, index_text, rate_text, xml_text
from lobby.clock import format_date

MAX_ROWS = 1_048_576
COUNT_FORMAT = "#,##0"
COUNT_CHANGE_FORMAT = "+#,##0;-#,##0;0"
RATE_FORMAT = "0.0%"
RATE_CHANGE_FORMAT = '+0.0" điểm %";-0.0" điểm %";0.0" điểm %"'
INDEX_FORMAT = "0.0"
INDEX_CHANGE_FORMAT = "+0.0;-0.0;0.0"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
DATE_FORMAT = "dd/mm/yyyy"
GROUP_SHEETS = (
    ("unit", "Theo đơn vị", "Đơn vị"),
    ("official", "Theo cán bộ", "Cán bộ"),
    ("question", "Theo tiêu chí", "Tiêu chí (câu hỏi)"),
)
RAW_TITLE = "Dữ liệu thô"
ZIP64_ROWS = 500_000  # above this a raw sheet is written as Zip64 (its XML may pass 2 GiB)
RAW_WIDTHS = (38, 17, 12, 14, 14, 11, 24, 28, 12, 18, 14, 44, 18, 9, 9)
SHARED_STRINGS = "xl/sharedStrings.xml"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
HEADER_ALIGN = Alignment(wrap_text=True, vertical="center", horizontal="center")
Progress = Callable[[int], None]


def _text(value: object) -> object:
    return neutralise(xml_text(value)) if isinstance(value, str) else value


def _ratio(rate: Decimal | None) -> float | None:
    """A rate in percent (72.5) as the fraction a "0.0%" cell holds (0.725)."""
    return None if rate is None else float(rate) / 100


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _change(now: Decimal | None, before: Decimal | None) -> float | None:
    return None if now is None or before is None else float(now - before)


def _widths(sheet, widths) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _title(sheet, row: int, text: str, columns: int, font=BOLD, height: float = 20) -> None:
    """Write a title merged across ``columns`` columns, one line high, not wrapped."""
    cell = sheet.cell(row, 1, _text(text))
    cell.font = font
    cell.alignment = Alignment(vertical="center", wrap_text=False)
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    sheet.row_dimensions[row].height = height


def _header(sheet, row: int, names: Iterable[str]) -> None:
    for column, name in enumerate(names, start=1):
        cell = sheet.cell(row, column, name)
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, HEADER_ALIGN
    sheet.row_dimensions[row].height = 32


def _values(sheet, row: int, values: Iterable, formats: dict[int, str]) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row, column, _text(value))
        if column in formats:
            cell.number_format = formats[column]


def _printable(sheet, landscape: bool = False) -> None:
    """Print the sheet one page wide (as many pages long as needed), its header row repeated."""
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    if landscape:
        sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE


def _summary(book: Workbook, data: ReportData) -> None:
    sheet = book.active
    sheet.title = "Tổng hợp"
    _widths(sheet, (44, 16, 16, 18))
    t, b = data.totals, data.before
    _title(sheet, 1, f"{data.parent} – {data.office}", 4)
    _title(sheet, 2, f"Kết quả khảo sát sự hài lòng của người dân – {data.about}", 4, TITLE, 24)
    period = (
        f"Từ {format_date(data.period.first)} đến {format_date(data.period.last)};"
        f" kỳ trước: {format_date(data.previous.first)} – {format_date(data.previous.last)}"
    )
    _title(sheet, 3, period, 4, Font(italic=True))
    _header(sheet, 5, ["Chỉ tiêu", "Kỳ này", "Kỳ trước", "Thay đổi"])
    counts = {2: COUNT_FORMAT, 3: COUNT_FORMAT, 4: COUNT_CHANGE_FORMAT}
    rows = [
        (["Số lượt đánh giá (câu hỏi chung)", t.answers, b.answers, t.answers - b.answers], counts),
        (["Số lượt hài lòng", t.satisfied, b.satisfied, t.satisfied - b.satisfied], counts),
        (
            ["Tỷ lệ hài lòng", _ratio(t.rate), _ratio(b.rate), _change(t.rate, b.rate)],
            {2: RATE_FORMAT, 3: RATE_FORMAT, 4: RATE_CHANGE_FORMAT},
        ),
        (
            ["Chỉ số hài lòng (0–100)", _number(t.index), _number(b.index)]
            + [_change(t.index, b.index)],
            {2: INDEX_FORMAT, 3: INDEX_FORMAT, 4: INDEX_CHANGE_FORMAT},
        ),
        (["Lượt bấm lặp lại (không tính)", data.repeats], {2: COUNT_FORMAT}),
    ]
    for offset, (values, formats) in enumerate(rows):
        _values(sheet, 6 + offset, values, formats)
    levels = " và ".join(f"“{label}”" for label in data.satisfied_levels) or "các mức hài lòng"
    notes = [
        "Tỷ lệ hài lòng = số câu trả lời câu hỏi chung được tính là hài lòng lúc đánh giá"
        f" ({levels}) ÷ tổng số câu trả lời câu hỏi chung × 100%.",
        "Chỉ số (0–100) = trung bình điểm từng câu trả lời; điểm = 100 × (n − 1 − vị trí mức)"
        " ÷ (n − 1), n là số mức của câu hỏi (mức đầu = 100, mức cuối = 0).",
        f"Kỳ này: tỷ lệ {rate_text(t.rate)}, chỉ số {index_text(t.index)}.",
    ]
    for offset, note in enumerate(notes):
        row = 12 + offset
        cell = sheet.cell(row, 1, _text(note))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        sheet.row_dimensions[row].height = 15 * (1 + len(note) // 80)  # lines of the merged cell
    _printable(sheet)


def _group_sheet(book: Workbook, data: ReportData, by: str, title: str, column: str) -> None:
    sheet = book.create_sheet(title)
    _widths(sheet, (36, 12, 10, 10, 12, 10, 12, 12, 10, 14))
    header = [column, "Mã", "Lượt", "Hài lòng", "Tỷ lệ hài lòng", "Chỉ số"]
    header += ["Lượt kỳ trước", "Tỷ lệ kỳ trước", "Chỉ số kỳ trước", "Thay đổi tỷ lệ"]
    _header(sheet, 1, header)
    formats = {
        3: COUNT_FORMAT,
        4: COUNT_FORMAT,
        5: RATE_FORMAT,
        6: INDEX_FORMAT,
        7: COUNT_FORMAT,
        8: RATE_FORMAT,
        9: INDEX_FORMAT,
        10: RATE_CHANGE_FORMAT,
    }
    row_number = 1
    for row_number, row in enumerate(data.groups[by], start=2):
        now, before = row.now, row.before
        values = [row.label, now.key or "", now.answers, now.satisfied]
        values += [_ratio(now.rate), _number(now.index), before.answers if before else 0]
        values += [_ratio(before and before.rate), _number(before and before.index)]
        values.append(_change(now.rate, before.rate if before else None))
        _values(sheet, row_number, values, formats)
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    _printable(sheet, landscape=True)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(row_number, 2)}"


SITES_TITLE = "Theo cơ quan"


def _sites_sheet(book: Workbook, data: ReportData) -> None:
    """The province's table of sites, best satisfaction rate first (as ``data.sites``)."""
    sheet = book.create_sheet(SITES_TITLE)
    _widths(sheet, (36, 12, 10, 10, 12, 10, 12, 12, 12, 12))
    header = ["Cơ quan", "Mã", "Lượt", "Hài lòng", "Tỷ lệ hài lòng", "Chỉ số"]
    header += ["Tỷ lệ kỳ trước", "Thay đổi tỷ lệ", "Phản ánh chưa xử lý", "Thư đã gửi"]
    _header(sheet, 1, header)
    formats = {
        3: COUNT_FORMAT,
        4: COUNT_FORMAT,
        5: RATE_FORMAT,
        6: INDEX_FORMAT,
        7: RATE_FORMAT,
        8: RATE_CHANGE_FORMAT,
        9: COUNT_FORMAT,
        10: COUNT_FORMAT,
    }
    row_number = 1
    for row_number, site in enumerate(data.sites, start=2):
        now, before = site.figures, site.before
        values = [site.name, site.code, now.answers, now.satisfied]
        values += [_ratio(now.rate), _number(now.index), _ratio(before and before.rate)]
        values += [_change(now.rate, before.rate if before else None)]
        values += [site.cases_open, site.letters_sent]
        _values(sheet, row_number, values, formats)
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    _printable(sheet, landscape=True)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(row_number, 2)}"


def raw_sheet_count(rows: int, sheet_rows: int = MAX_ROWS) -> int:
    """Return how many raw sheets ``rows`` answers need (each has a header row)."""
    return max(1, -(-rows // (sheet_rows - 1)))


@dataclass(frozen=True)
class _Styles:
    """The cell styles (indexes into the workbook's cellXfs) the streamed raw sheets use."""

    header: int
    moment: int
    day: int


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_TABLE = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"}
_INLINE = '<c t="inlineStr"><is><t>%s</t></is></c>'
_SHARED = '<c t="s"><v>%d</v></c>'


class SharedStrings(dict):
    """The texts of the raw sheets that repeat (names, questions, levels…), each stored once
    in xl/sharedStrings.xml after the layout workbook's own; a cell refers to its index.
    Escaped for XML and neutralised once per distinct text, not once per cell."""

    def __init__(self, first_index: int) -> None:
        super().__init__()
        self.first_index = first_index
        self.items: list[str] = []

    def __missing__(self, text: str | None) -> int:
        clean = _NOT_XML.sub("", neutralise(text or "")).translate(_XML_TABLE)
        index = self.first_index + len(self.items)
        self.items.append(f'<si><t xml:space="preserve">{clean}</t></si>')
        self[text] = index
        return index


def _row_template(styles: _Styles) -> str:
    """The XML of one raw row: the 15 cells of HEADER (time and day as numbers, the visit id
    and dossier code inline, the other texts shared)."""
    moment = f'<c s="{styles.moment}"><v>%r</v></c>'
    day = f'<c s="{styles.day}"><v>%d</v></c>'
    return "<row>" + _INLINE + moment + day + _SHARED * 6 + _INLINE + _SHARED * 5 + "</row>"


def _sheet_start(styles: _Styles) -> str:
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
        for i, w in enumerate(RAW_WIDTHS, start=1)
    )
    header = "".join(
        f'<c s="{styles.header}" t="inlineStr"><is><t>{name}</t></is></c>' for name in HEADER
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2"'
        ' activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
        f'<row r="1" ht="30" customHeight="1">{header}</row>'
    )


def _sheet_end(last_row: int) -> str:
    last = get_column_letter(len(HEADER))
    return f'</sheetData><autoFilter ref="A1:{last}{max(last_row, 2)}"/></worksheet>'


def _rows_xml(batch: list[tuple], template: str, shared: SharedStrings) -> str:
    """Return a batch of answers as the XML of their rows."""
    s = shared
    parts = [
        template
        % (
            r[0],
            r[1],
            r[2],
            s[r[3]],
            s[r[4]],
            s[r[5]],
            s[r[6]],
            s[r[7]],
            s[r[8]],
            r[9],
            s[r[10]],
            s[r[11]],
            s[r[12]],
            s[r[13]],
            s[r[14]],
        )  # fmt: skip
        for r in batch
    ]
    if any(r[15] for r in batch):  # rare: a character XML cannot hold, typed at the kiosk
        parts = [_NOT_XML.sub("", part) for part in parts]
    return "".join(parts)


def _write_raw(
    target: zipfile.ZipFile,
    names: list[str],
    batches: Iterator[list[tuple]],
    answers: int,
    styles: _Styles,
    sheet_rows: int,
    shared: SharedStrings,
    progress: Progress | None,
) -> None:
    """Stream the raw rows into the sheets ``names``, ``sheet_rows`` rows each (header included);
    rows beyond the last sheet (answers stored while the report was being made) are left out.
    A sheet of many rows may pass 2 GiB of XML, so it is written as Zip64; small ones are not."""
    template, done, pending = _row_template(styles), 0, []
    for index, name in enumerate(names):
        planned = min(answers - index * (sheet_rows - 1), sheet_rows)
        with target.open(name, "w", force_zip64=planned > ZIP64_ROWS) as raw:
            raw.write(_sheet_start(styles).encode("utf-8"))
            room = sheet_rows - 1
            while room > 0:
                batch = pending or next(batches, None)
                if batch is None:
                    break
                batch, pending = batch[:room], batch[room:]
                raw.write(_rows_xml(batch, template, shared).encode("utf-8"))
                room -= len(batch)
                done += len(batch)
                if progress is not None:
                    progress(done)
            raw.write(_sheet_end(sheet_rows - room).encode("utf-8"))
    if progress is not None:
        progress(done)


_DECLARE = ("[Content_Types].xml", "xl/_rels/workbook.xml.rels")


def _declare_shared_strings(name: str, data: bytes) -> bytes:
    """Add the shared-strings part to the package's content types or the workbook's relations
    (openpyxl writes none when its own cells hold no shared text)."""
    if name == "[Content_Types].xml":
        entry = (
            f'<Override PartName="/{SHARED_STRINGS}" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
        )
        return data.replace(b"</Types>", entry.encode())
    entry = (
        '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/sharedStrings" Target="sharedStrings.xml" Id="rIdShared"/>'
        "</Relationships>"
    )
    return data.replace(b"</Relationships>", entry.encode())


def _shared_strings_xml(layout: str, shared: SharedStrings) -> str:
    """Return the layout workbook's shared strings followed by the raw sheets' ones."""
    body = re.search(r"<sst\b[^>]*>(.*)</sst>", layout, re.S)
    own = body.group(1) if body else ""
    count = shared.first_index + len(shared.items)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        f' count="{count}" uniqueCount="{count}">{own}{"".join(shared.items)}</sst>'
    )


def write_xlsx(
    data: ReportData,
    batches: Iterable[list[tuple]],
    out: BinaryIO | str,
    *,
    answers: int = 0,
    progress: Progress | None = None,
    sheet_rows: int = MAX_ROWS,
) -> None:
    """Write the workbook of ``data`` to ``out``. ``batches`` are the period's answers as
    ``store.answers_for_sheet`` yields them (repeats included like the CSV export), ``answers``
    how many there are (to plan the raw sheets); ``progress`` gets the number of answers written;
    ``sheet_rows`` is a sheet's row limit (Excel's by default)."""
    book = Workbook()
    _summary(book, data)
    if data.sites:
        _sites_sheet(book, data)
    for by, title, column in GROUP_SHEETS:
        _group_sheet(book, data, by, title, column)
    count = raw_sheet_count(answers, sheet_rows)
    first_raw = len(book.sheetnames) + 1
    for number in range(1, count + 1):
        sheet = book.create_sheet(RAW_TITLE if number == 1 else f"{RAW_TITLE} ({number})")
        # Registers the styles the streamed XML refers to; these cells are replaced below.
        sheet["A1"].font, sheet["A1"].fill, sheet["A1"].alignment = BOLD, HEADER_FILL, HEADER_ALIGN
        sheet["B2"].number_format = DATETIME_FORMAT
        sheet["C2"].number_format = DATE_FORMAT
        styles = _Styles(sheet["A1"].style_id, sheet["B2"].style_id, sheet["C2"].style_id)
    layout = io.BytesIO()
    book.save(layout)
    names = [f"xl/worksheets/sheet{first_raw + i}.xml" for i in range(count)]
    with (
        zipfile.ZipFile(layout) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        listed = source.namelist()
        strings = source.read(SHARED_STRINGS).decode("utf-8") if SHARED_STRINGS in listed else ""
        found = re.search(r'uniqueCount="(\d+)"', strings)
        shared = SharedStrings(int(found.group(1)) if found else strings.count("<si>"))
        for item in source.infolist():
            if item.filename in names or item.filename == SHARED_STRINGS:
                continue
            data = source.read(item)
            if not strings and item.filename in _DECLARE:
                data = _declare_shared_strings(item.filename, data)
            target.writestr(item.filename, data)
        batches = iter(batches)
        _write_raw(target, names, batches, answers, styles, sheet_rows, shared, progress)
        for _left_out in batches:  # answers stored after the count: the walk ends cleanly
            pass
        target.writestr(SHARED_STRINGS, _shared_strings_xml(strings, shared))

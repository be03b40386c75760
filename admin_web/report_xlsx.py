"""The periodic report as an Excel workbook: a summary sheet, sheets by unit, by official and by
criterion (openpyxl), and the raw answers.

The raw sheets have the columns of /results/export.csv (the same code makes the rows). A year
can hold millions of answers, far too many for openpyxl's cell objects, so openpyxl lays out the
workbook with empty raw sheets and their XML is then streamed straight into the zip, row by row
(inline strings; memory stays flat). A sheet holds at most 1,048,576 rows, so a longer period
continues on "Dữ liệu thô (2)" and so on. Text typed by people is neutralised so a spreadsheet
never reads it as a formula.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from admin_web.csv_export import HEADER, answer_rows, neutralise
from admin_web.report_data import ReportData, change_text, index_text, rate_text, xml_text
from lobby.clock import format_date

MAX_ROWS = 1_048_576
RATE_FORMAT = '0.0"%"'
INDEX_FORMAT = "0.0"
GROUP_SHEETS = (
    ("unit", "Theo đơn vị", "Đơn vị"),
    ("official", "Theo cán bộ", "Cán bộ"),
    ("question", "Theo tiêu chí", "Tiêu chí (câu hỏi)"),
)
RAW_TITLE = "Dữ liệu thô"
ZIP64_ROWS = 500_000  # above this a raw sheet is written as Zip64 (its XML may pass 2 GiB)
RAW_WIDTHS = (28, 20, 12) + (16,) * 12
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
Progress = Callable[[int], None]


def _text(value: object) -> object:
    return neutralise(xml_text(value)) if isinstance(value, str) else value


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _row(sheet, values, formats=None, bold: bool = False) -> None:
    """Append a row of values (text neutralised), with number formats by column index."""
    sheet.append([_text(v) for v in values])
    row = sheet.max_row
    for column, number_format in (formats or {}).items():
        sheet.cell(row, column).number_format = number_format
    if bold:
        for cell in sheet[row]:
            cell.font = BOLD
            cell.alignment = WRAP


def _widths(sheet, widths) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _summary(book: Workbook, data: ReportData) -> None:
    sheet = book.active
    sheet.title = "Tổng hợp"
    _widths(sheet, (44, 18, 18, 18))
    t, b = data.totals, data.before
    _row(sheet, [f"{data.parent} – {data.office}"], bold=True)
    _row(sheet, [f"Kết quả khảo sát sự hài lòng của người dân – {data.title}"], bold=True)
    _row(
        sheet,
        [
            f"Từ {format_date(data.period.first)} đến {format_date(data.period.last)};"
            f" kỳ trước: {format_date(data.previous.first)} – {format_date(data.previous.last)}"
        ],
    )
    sheet.append([])
    _row(sheet, ["Chỉ tiêu", "Kỳ này", "Kỳ trước", "Thay đổi"], bold=True)
    sheet.append(["Số lượt đánh giá (câu hỏi chung)", t.answers, b.answers, t.answers - b.answers])
    sheet.append(["Số lượt hài lòng", t.satisfied, b.satisfied, t.satisfied - b.satisfied])
    values = [_number(t.rate), _number(b.rate), change_text(t.rate, b.rate, " điểm %")]
    _row(sheet, ["Tỷ lệ hài lòng (%)", *values], {2: RATE_FORMAT, 3: RATE_FORMAT})
    values = [_number(t.index), _number(b.index), change_text(t.index, b.index)]
    _row(sheet, ["Chỉ số hài lòng (0–100)", *values], {2: INDEX_FORMAT, 3: INDEX_FORMAT})
    sheet.append(["Lượt bấm lặp lại (không tính)", data.repeats])
    sheet.append([])
    levels = " và ".join(f"“{label}”" for label in data.satisfied_levels) or "các mức hài lòng"
    sheet.append(
        [
            "Tỷ lệ hài lòng = số câu trả lời câu hỏi chung được tính là hài lòng lúc đánh giá"
            f" ({levels}) ÷ tổng số câu trả lời câu hỏi chung × 100%."
        ]
    )
    sheet.append(
        [
            "Chỉ số (0–100) = trung bình điểm từng câu trả lời; điểm = 100 × (n − 1 − vị trí mức)"
            " ÷ (n − 1), n là số mức của câu hỏi (mức đầu = 100, mức cuối = 0)."
        ]
    )
    sheet.append([f"Kỳ này: tỷ lệ {rate_text(t.rate)}, chỉ số {index_text(t.index)}."])


def _group_sheet(book: Workbook, data: ReportData, by: str, title: str, column: str) -> None:
    sheet = book.create_sheet(title)
    _widths(sheet, (36, 14, 10, 12, 14, 10, 12, 14, 10))
    header = [column, "Mã", "Lượt", "Hài lòng", "Tỷ lệ hài lòng (%)", "Chỉ số"]
    _row(sheet, header + ["Lượt kỳ trước", "Tỷ lệ kỳ trước (%)", "Chỉ số kỳ trước"], bold=True)
    formats = {5: RATE_FORMAT, 6: INDEX_FORMAT, 8: RATE_FORMAT, 9: INDEX_FORMAT}
    for row in data.groups[by]:
        now, before = row.now, row.before
        values = [row.label, now.key or "", now.answers, now.satisfied]
        values += [_number(now.rate), _number(now.index), before.answers if before else 0]
        values += [_number(before and before.rate), _number(before and before.index)]
        _row(sheet, values, formats)
    sheet.freeze_panes = "A2"


def raw_sheet_count(rows: int, sheet_rows: int = MAX_ROWS) -> int:
    """Return how many raw sheets ``rows`` answers need (each has a header row)."""
    return max(1, -(-rows // (sheet_rows - 1)))


# One pass per cell: escape XML's special characters, drop the ones XML cannot hold.
_XML_TABLE = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"}
_XML_TABLE.update(dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]))
_XML_TABLE.update(dict.fromkeys([0xFFFE, 0xFFFF]))
_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_OPEN, _CLOSE = '<c t="inlineStr"><is><t xml:space="preserve">', "</t></is></c>"
_BETWEEN = _CLOSE + _OPEN


def _cell(text: str) -> str:
    return _OPEN + text.translate(_XML_TABLE) + _CLOSE


def _cells(cells: list[str]) -> str:
    """Return a row's cells as inline-string XML, text neutralised against formulas."""
    cells = [neutralise(c) for c in cells]
    if _SPECIAL.search("".join(cells)):  # rare: escape cell by cell
        cells = [c.translate(_XML_TABLE) for c in cells]
    return _OPEN + _BETWEEN.join(cells) + _CLOSE


def _sheet_start(header_style: int) -> str:
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
        for i, w in enumerate(RAW_WIDTHS, start=1)
    )
    header = "".join(_cell(name).replace("<c ", f'<c s="{header_style}" ', 1) for name in HEADER)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2"'
        ' activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>'
        f'<row r="1">{header}</row>'
    )


_SHEET_END = "</sheetData></worksheet>"


def _raw_rows(visits: Iterable, tz_name: str, progress: Progress | None):
    """Yield each answer's cells as XML, after the CSV export's rows; report visits done."""
    done = 0
    for visit in visits:
        for cells in answer_rows(visit, tz_name):
            yield _cells(cells)
        done += 1
        if progress is not None and done % 2000 == 0:
            progress(done)
    if progress is not None:
        progress(done)


def _write_raw(
    target: zipfile.ZipFile,
    names: list[str],
    rows,
    answers: int,
    header_style: int,
    sheet_rows: int,
) -> None:
    """Stream the raw rows into the sheets ``names``, ``sheet_rows`` rows each (header included);
    rows beyond the last sheet (answers stored while the report was being made) are left out.
    A sheet of many rows may pass 2 GiB of XML, so it is written as Zip64; small ones are not."""
    for index, name in enumerate(names):
        planned = min(answers - index * (sheet_rows - 1), sheet_rows)
        with target.open(name, "w", force_zip64=planned > ZIP64_ROWS) as raw:
            out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            out.write(_sheet_start(header_style))
            number = 1
            for xml in rows:
                number += 1
                out.write(f'<row r="{number}">{xml}</row>')
                if number == sheet_rows:
                    break
            out.write(_SHEET_END)
            out.flush()
            out.detach()
    for _left_out in rows:  # finish the walk so the last progress is reported
        pass


def write_xlsx(
    data: ReportData,
    visits: Iterable,
    tz_name: str,
    out: BinaryIO | str,
    *,
    answers: int = 0,
    progress: Progress | None = None,
    sheet_rows: int = MAX_ROWS,
) -> None:
    """Write the workbook of ``data`` to ``out``. ``visits`` are the period's VisitRows (as
    store.iter_visits yields them, repeats included like the CSV export) for the raw sheets,
    ``answers`` how many answers they hold (to plan the raw sheets); ``progress`` gets the
    number of visits written; ``sheet_rows`` is a sheet's row limit (Excel's by default)."""
    book = Workbook()
    _summary(book, data)
    for by, title, column in GROUP_SHEETS:
        _group_sheet(book, data, by, title, column)
    count = raw_sheet_count(answers, sheet_rows)
    first_raw = len(book.sheetnames) + 1
    for number in range(1, count + 1):
        sheet = book.create_sheet(RAW_TITLE if number == 1 else f"{RAW_TITLE} ({number})")
        sheet["A1"].font = BOLD  # registers the header's style; the XML is written below
        header_style = sheet["A1"].style_id
    layout = io.BytesIO()
    book.save(layout)
    names = [f"xl/worksheets/sheet{first_raw + i}.xml" for i in range(count)]
    rows = _raw_rows(visits, tz_name, progress)
    with (
        zipfile.ZipFile(layout) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target,
    ):
        for item in source.infolist():
            if item.filename in names:
                continue
            with source.open(item) as src, target.open(item.filename, "w") as dst:
                shutil.copyfileobj(src, dst)
        _write_raw(target, names, rows, answers, header_style, sheet_rows)

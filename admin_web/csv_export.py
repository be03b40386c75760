"""CSV export of visits for Excel: UTF-8 with a BOM, one row per visit, no formulas.

The columns are the first schema's (one row per visit, its overall answer) plus the two flags;
issue 6 redesigns the export.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from lobby.clock import format_date, format_datetime
from lobby.store import VisitRow

BOM = "\ufeff"
HEADER = (
    "Mã phiếu",
    "Thời gian",
    "Ngày",
    "Mã thiết bị",
    "Mã khảo sát",
    "Mã mức",
    "Mức đánh giá",
    "Kênh",
    "Bấm lặp lại",
    "Hồ sơ đã đánh giá trước",
)
# A spreadsheet treats a cell starting with one of these as a formula (OWASP CSV injection);
# the full-width forms are included because some spreadsheets normalise them.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutralise(cell: str) -> str:
    """Return ``cell`` with a leading single quote if a spreadsheet could read it as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _yes(flag: bool) -> str:
    return "có" if flag else ""


def visit_cells(row: VisitRow, tz_name: str) -> list[str]:
    """Return the cells of one visit (its overall answer), times in the office's time zone."""
    overall = row.overall
    return [
        row.id,
        format_datetime(row.created_at, tz_name),
        format_date(row.local_day),
        row.device_id,
        row.survey_key,
        overall.level_key if overall else "",
        overall.level_label if overall else "",
        row.input_channel,
        _yes(row.is_repeat),
        _yes(row.dossier_repeat),
    ]


def csv_chunks(rows: Iterable[VisitRow], tz_name: str) -> Iterator[str]:
    """Yield the CSV text piece by piece: BOM and header first, then one line per visit."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: Iterable[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([neutralise(cell) for cell in cells])
        return buffer.getvalue()

    yield BOM + line(HEADER)
    for row in rows:
        yield line(visit_cells(row, tz_name))

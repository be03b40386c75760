"""CSV export of responses for Excel: UTF-8 with a BOM, one row per response, no formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from lobby.clock import format_date, format_datetime
from lobby.store import ResponseRow

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
)
# A spreadsheet treats a cell starting with one of these as a formula (OWASP CSV injection);
# the full-width forms are included because some spreadsheets normalise them.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutralise(cell: str) -> str:
    """Return ``cell`` with a leading single quote if a spreadsheet could read it as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def response_cells(row: ResponseRow, tz_name: str) -> list[str]:
    """Return the cells of one response, times in the office's time zone."""
    return [
        row.id,
        format_datetime(row.created_at, tz_name),
        format_date(row.local_day),
        row.device_id,
        row.survey_id,
        row.level_key,
        row.level_label,
        row.channel,
    ]


def csv_chunks(rows: Iterable[ResponseRow], tz_name: str) -> Iterator[str]:
    """Yield the CSV text piece by piece: BOM and header first, then one line per response."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: Iterable[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([neutralise(cell) for cell in cells])
        return buffer.getvalue()

    yield BOM + line(HEADER)
    for row in rows:
        yield line(response_cells(row, tz_name))

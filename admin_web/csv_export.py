"""CSV export of answers for Excel: UTF-8 with a BOM, one row per answer, no formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from lobby.clock import format_date, format_datetime
from lobby.store import VisitRow

BOM = "\ufeff"
HEADER = (
    "Mã lượt",
    "Thời gian",
    "Ngày",
    "Thiết bị",
    "Kênh",
    "Mã cán bộ",
    "Cán bộ",
    "Đơn vị",
    "Quầy",
    "Mã hồ sơ",
    "Mã câu hỏi",
    "Câu hỏi",
    "Mức đánh giá",
    "Hài lòng",
    "Bấm lặp",
)
# A spreadsheet treats a cell starting with one of these as a formula (OWASP CSV injection);
# the full-width forms are included because some spreadsheets normalise them.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutralise(cell: str) -> str:
    """Return ``cell`` with a leading single quote if a spreadsheet could read it as a formula."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _yes(flag: bool) -> str:
    return "Có" if flag else "Không"


def answer_rows(row: VisitRow, tz_name: str) -> list[list[str]]:
    """Return the rows of one visit, one per answer, times in the office's time zone."""
    visit = [
        row.id,
        format_datetime(row.created_at, tz_name),
        format_date(row.local_day),
        row.device_id,
        row.channel,
        row.official_code or "",
        row.official_name or "",
        row.unit_name or row.unit_code or "",
        row.counter_name or row.counter_code or "",
        row.dossier_code or "",
    ]
    return [
        visit
        + [
            answer.question_key,
            answer.question_text,
            answer.level_label,
            _yes(answer.satisfied),
            _yes(row.is_repeat),
        ]
        for answer in row.answers
    ]


def csv_chunks(rows: Iterable[VisitRow], tz_name: str) -> Iterator[str]:
    """Yield the CSV text piece by piece: BOM and header first, then one line per answer."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: Iterable[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([neutralise(cell) for cell in cells])
        return buffer.getvalue()

    yield BOM + line(HEADER)
    for row in rows:
        yield "".join(line(cells) for cells in answer_rows(row, tz_name))

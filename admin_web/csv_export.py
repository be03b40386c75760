"""CSV export of answers for Excel: UTF-8 with a BOM, one row per answer, no formulas.

``export_chunks`` is the download: the store formats and streams the rows itself
(lobby/store/answer_export.py). ``answer_rows`` makes the same cells from one VisitRow in Python.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from lobby.clock import format_date, format_datetime
from lobby.store import VisitRow
from lobby.store.answer_export import CHANNEL_LABELS, FORMULA_STARTS, HEADER

BOM = "\ufeff"
_FORMULA_STARTS = tuple(FORMULA_STARTS)


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
        CHANNEL_LABELS.get(row.channel, row.channel),
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


def header_bytes() -> bytes:
    """Return the BOM and the header line as UTF-8 (the lines that follow end with LF)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(HEADER)
    return (BOM + buffer.getvalue()).encode("utf-8")


def export_chunks(store, first, last, site_id: int | None = None) -> Iterator[bytes]:
    """Yield the CSV download of the office days ``first``..``last`` (of one site, or of every
    site): BOM and header, then every answer as the store streams it."""
    yield header_bytes()
    yield from store.answers_csv(first, last, site_id)

"""Reading the officials list from CSV, the way offices keep it: code,name,title,unit,counter,photo
(or the same with semicolons, as Excel saves it under Vietnamese regional settings).

Every problem stops the whole import with a Vietnamese message naming the row and the column, so
nothing is imported from a file that is partly wrong.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from lobby.store.officials import OfficialInput
from lobby.store.photos import MAX_PHOTO_BYTES, photo_mime
from lobby.vntext import nfc

COLUMNS = ("code", "name", "title", "unit", "counter", "photo")
REQUIRED = ("code", "name")
_LIMITS = {"code": 64, "name": 200, "title": 200, "unit": 200, "counter": 200}


class OfficialsCsvError(ValueError):
    """The CSV cannot be imported; the message (Vietnamese) names the row and the column."""


def _fail(row: int, column: str | None, message: str) -> OfficialsCsvError:
    where = f"Dòng {row}" + (f", cột “{column}”" if column else "")
    return OfficialsCsvError(f"{where}: {message}")


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _fail(line, None, "tệp không phải UTF-8; hãy lưu lại tệp dạng “CSV UTF-8”") from None


def _header(cells: list[str]) -> tuple[str, ...]:
    names = tuple(nfc(c).strip().lower() for c in cells)
    for name in names:
        if name not in COLUMNS:
            raise _fail(1, name, f"cột không được biết; tiêu đề phải là {','.join(COLUMNS)}")
    if names not in (COLUMNS, COLUMNS[:-1]):
        raise _fail(1, None, f"tiêu đề phải đúng là {','.join(COLUMNS)} (cột photo có thể bỏ)")
    return names


def _photo(folder: Path, row: int, value: str) -> bytes | None:
    if not value:
        return None
    path = folder / value
    try:
        if path.stat().st_size > MAX_PHOTO_BYTES:
            raise _fail(row, "photo", f"ảnh “{value}” lớn hơn 2 MB")
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(row, "photo", f"không đọc được tệp ảnh “{value}” ({exc.strerror})") from None
    try:
        photo_mime(data)
    except ValueError as exc:
        raise _fail(row, "photo", f"tệp “{value}”: {exc}") from None
    return data


def parse_officials_csv(data: bytes, folder: Path) -> list[OfficialInput]:
    """Parse the CSV bytes (UTF-8, with or without BOM); photos are read relative to ``folder``."""
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    # Excel with Vietnamese regional settings saves "CSV" with semicolons: accept those too.
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if header is None:
            raise _fail(1, None, "tệp trống, thiếu dòng tiêu đề")
        names = _header(header)
        officials: list[OfficialInput] = []
        first_row_of: dict[str, int] = {}
        for row_number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue  # blank lines, as spreadsheets leave at the end
            if len(cells) != len(names):
                raise _fail(
                    row_number, None, f"có {len(cells)} ô, cần đúng {len(names)} ô như tiêu đề"
                )
            values = dict(zip(names, (nfc(c).strip() for c in cells), strict=True))
            for column in REQUIRED:
                if not values[column]:
                    raise _fail(row_number, column, "không được để trống")
            for column, most in _LIMITS.items():
                if len(values[column]) > most:
                    raise _fail(row_number, column, f"dài quá {most} ký tự")
            code = values["code"]
            if code in first_row_of:
                raise _fail(row_number, "code", f"mã “{code}” trùng với dòng {first_row_of[code]}")
            first_row_of[code] = row_number
            officials.append(
                OfficialInput(
                    code=code,
                    name=values["name"],
                    title=values["title"],
                    unit=values["unit"],
                    counter=values["counter"],
                    photo=_photo(folder, row_number, values.get("photo", "")),
                )
            )
    except csv.Error as exc:
        raise _fail(reader.line_num, None, f"tệp CSV không hợp lệ ({exc})") from None
    return officials


def read_officials_csv(path: str | Path) -> list[OfficialInput]:
    """Read and check an officials CSV file (OfficialsCsvError with a Vietnamese message)."""
    source = Path(path)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise OfficialsCsvError(f"Không đọc được tệp “{source}”: {exc.strerror}") from None
    return parse_officials_csv(data, source.parent)

"""Reading the officials list from CSV, the way offices keep it: code,name,title,unit,counter,photo
(or the same with semicolons, as Excel saves it under Vietnamese regional settings).

Every problem stops the whole import with a Vietnamese message naming the row and the column, so
nothing is imported from a file that is partly wrong.
"""

from __future__ import annotations

import csv
import errno
import io
import posixpath
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from lobby.store.officials import OfficialInput
from lobby.store.photos import MAX_PHOTO_BYTES, prepare_photo
from lobby.vntext import nfc

COLUMNS = ("code", "name", "title", "unit", "counter", "photo")
REQUIRED = ("code", "name")
_LIMITS = {"code": 64, "name": 200, "title": 200, "unit": 200, "counter": 200}
MAX_CSV_BYTES = 5 * 1024 * 1024
MAX_ZIP_MEMBERS = 5000
# A ZIP's files together, uncompressed (as its directory declares them): a small ZIP must not
# inflate to gigabytes.
MAX_ZIP_UNCOMPRESSED_BYTES = 256 * 1024 * 1024

# Reads a photo named in the CSV: at most MAX_PHOTO_BYTES + 1 bytes; OSError when it cannot.
PhotoReader = Callable[[str], bytes]


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


def folder_photos(folder: Path) -> PhotoReader:
    """Return a reader of photos named relative to ``folder`` (the CSV's folder)."""

    def read(name: str) -> bytes:
        with (folder / name).open("rb") as file:
            return file.read(MAX_PHOTO_BYTES + 1)

    return read


def no_photos(reason: str) -> PhotoReader:
    """Return a reader that has no photos at all; ``reason`` (Vietnamese) says why."""

    def read(_name: str) -> bytes:
        raise OSError(errno.ENOENT, reason)

    return read


def _photo(read: PhotoReader, row: int, value: str, prepared: dict[str, bytes]) -> bytes | None:
    """Return the stored form of the photo named ``value``: each file is read and re-encoded
    once however many rows name it (``prepared`` keeps what was done)."""
    if not value:
        return None
    if value in prepared:
        return prepared[value]
    try:
        data = read(value)
    except OSError as exc:
        raise _fail(row, "photo", f"không đọc được tệp ảnh “{value}” ({exc.strerror})") from None
    if len(data) > MAX_PHOTO_BYTES:
        raise _fail(row, "photo", f"ảnh “{value}” lớn hơn 2 MB")
    try:
        prepared[value] = prepare_photo(data)
    except ValueError as exc:
        raise _fail(row, "photo", f"tệp “{value}”: {exc}") from None
    return prepared[value]


def parse_officials_csv(data: bytes, photos: Path | PhotoReader) -> list[OfficialInput]:
    """Parse the CSV bytes (UTF-8, with or without BOM); photos are read relative to a folder,
    or by a reader (``folder_photos``, ``no_photos``, or the ZIP's)."""
    read = folder_photos(photos) if isinstance(photos, Path) else photos
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
        prepared: dict[str, bytes] = {}
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
                    photo=_photo(read, row_number, values.get("photo", ""), prepared),
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


def _zip_photos(archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo], folder: str):
    def read(name: str) -> bytes:
        path = posixpath.normpath(posixpath.join(folder, nfc(name).replace("\\", "/")))
        info = members.get(path)
        if info is None:
            raise OSError(errno.ENOENT, "không có trong tệp ZIP")
        if info.file_size > MAX_PHOTO_BYTES:
            return b"\0" * (MAX_PHOTO_BYTES + 1)  # said too big without inflating it
        try:
            with archive.open(info) as file:
                return file.read(MAX_PHOTO_BYTES + 1)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, zlib.error) as exc:
            raise OSError(errno.EIO, f"tệp trong ZIP bị hỏng hoặc được mã hoá: {exc}") from None

    return read


def parse_officials_zip(data: bytes) -> list[OfficialInput]:
    """Parse a ZIP holding one officials CSV and the photos it names (paths relative to it)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise OfficialsCsvError("Tệp ZIP bị hỏng hoặc không phải tệp ZIP.") from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise OfficialsCsvError(f"Tệp ZIP có hơn {MAX_ZIP_MEMBERS} tệp.")
    if sum(i.file_size for i in infos) > MAX_ZIP_UNCOMPRESSED_BYTES:
        most = MAX_ZIP_UNCOMPRESSED_BYTES // (1024 * 1024)
        raise OfficialsCsvError(
            f"Tệp ZIP khi giải nén lớn hơn {most} MB; hãy chia danh sách thành nhiều tệp nhỏ hơn."
        )
    members = {
        posixpath.normpath(nfc(i.filename)): i
        for i in infos
        if not i.is_dir() and not i.filename.startswith("__MACOSX/")
    }
    tables = [
        name
        for name in members
        if name.lower().endswith(".csv") and not posixpath.basename(name).startswith("._")
    ]
    if len(tables) != 1:
        found = "không có tệp .csv nào" if not tables else f"có {len(tables)} tệp .csv"
        raise OfficialsCsvError(f"Tệp ZIP phải có đúng một tệp .csv (danh sách cán bộ); {found}.")
    (table,) = tables
    if members[table].file_size > MAX_CSV_BYTES:
        raise OfficialsCsvError(f"Tệp “{table}” lớn hơn 5 MB.")
    try:
        with archive.open(members[table]) as file:
            text = file.read(MAX_CSV_BYTES + 1)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, zlib.error):
        raise OfficialsCsvError(f"Không đọc được “{table}” trong tệp ZIP.") from None
    if len(text) > MAX_CSV_BYTES:
        raise OfficialsCsvError(f"Tệp “{table}” lớn hơn 5 MB.")
    return parse_officials_csv(text, _zip_photos(archive, members, posixpath.dirname(table)))

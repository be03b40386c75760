"""Public information (niêm yết công khai) read from a TOML file: rules, procedures, contacts."""

from __future__ import annotations

import io
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from werkzeug.utils import secure_filename

from lobby.attachments import opens_as
from lobby.settings import ConfigError
from lobby.vntext import nfc, to_ascii

KINDS = ("rule", "procedure", "contact", "hotline")
# What each kind is called on the admin's editor and the public page.
KIND_LABELS = {
    "rule": "Nội quy, quy định",
    "procedure": "Thủ tục hành chính",
    "contact": "Điện thoại, thư điện tử của lãnh đạo",
    "hotline": "Đường dây nóng, hòm thư góp ý",
}
# The shipped sample: a new store starts with it (lobby/store/seed.py).
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "assets" / "public_info.toml"
_TEXT_FIELDS = ("body", "code", "url", "phone", "email", "time_limit", "fee")
# Forms attached to public items: at most this many bytes each, of these types only.
MAX_FILE_BYTES = 10 * 1024 * 1024
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class PublicFile:
    """A form attached to a public item (without its bytes): what the lists show."""

    id: int
    item_id: int
    title: str
    filename: str
    mime: str
    size: int


@dataclass(frozen=True)
class PublicItem:
    """One piece of public information, in the order it is shown within its kind."""

    kind: str
    title: str
    body: str = ""
    code: str | None = None
    url: str | None = None
    phone: str | None = None
    email: str | None = None
    position: int = 0
    published: bool = True
    time_limit: str | None = None
    fee: str | None = None
    id: int | None = None
    attachments: tuple[PublicFile, ...] = ()


def anchor(item_id: int | None) -> str:
    """Return the id of an item's block on the public page (/cong-khai#muc-12)."""
    return f"muc-{item_id}"


def public_page_url(public_url: str, item_id: int | None = None) -> str:
    """Return the public page's address under ``public_url`` (with the item's anchor when given)."""
    page = public_url.rstrip("/") + "/cong-khai"
    return f"{page}#{anchor(item_id)}" if item_id is not None else page


def document_type(data: bytes) -> str | None:
    """Return the extension of a PDF, DOCX, DOC, XLSX or ODT judged by its content and opened
    by a real parser (lobby/attachments.py), else None."""
    kind = _claimed_type(data)
    return kind if kind is not None and opens_as(kind, data) else None


def _claimed_type(data: bytes) -> str | None:
    """Return the type a file's first bytes and parts claim, before a parser checks it."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(_OLE):
        # An OLE compound file is a Word document when it holds a "WordDocument" stream.
        return "doc" if "WordDocument".encode("utf-16-le") in data else None
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names:
                mimetype = archive.read("mimetype").strip()
                return "odt" if mimetype == DOCUMENT_TYPES["odt"].encode() else None
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    return None


def safe_filename(original: str, extension: str) -> str:
    """Return an ASCII file name for downloads: the original's stem without accents, the type's
    extension (never the one that came with the upload)."""
    stem = PurePosixPath(nfc(original).replace("\\", "/")).name.rsplit(".", 1)[0]
    safe = secure_filename(to_ascii(stem).replace(" ", "-"))[:80].strip("._-")
    return f"{safe or 'bieu-mau'}.{extension}"


def display_title(original: str) -> str:
    """Return the readable title of an uploaded file: its name without folders or extension."""
    name = PurePosixPath(nfc(original).replace("\\", "/")).name
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return " ".join(stem.replace("_", " ").split())[:300] or "Biểu mẫu"


def load_public_info(path: str | Path) -> list[PublicItem]:
    """Read ``[[items]]`` from a TOML file; ConfigError naming the file, item and field."""
    source = Path(path)
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{source}: public information file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{source}: cannot read: {exc}") from None
    tables = data.get("items", [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ConfigError(f"{source}: items: expected a list of [[items]] tables")
    items = []
    for number, table in enumerate(tables, start=1):
        where = f"{source}: items #{number}"
        kind = table.get("kind")
        if kind not in KINDS:
            raise ConfigError(f"{where} kind: expected one of {', '.join(KINDS)}, got {kind!r}")
        title = table.get("title")
        if not isinstance(title, str) or not title.strip():
            raise ConfigError(f"{where} title: expected non-empty text, got {title!r}")
        fields = {}
        for name in _TEXT_FIELDS:
            value = table.get(name)
            if value is not None and not isinstance(value, str):
                raise ConfigError(f"{where} {name}: expected text, got {value!r}")
            fields[name] = nfc(value.strip()) if value and value.strip() else None
        published = table.get("published", True)
        if not isinstance(published, bool):
            raise ConfigError(f"{where} published: expected true or false, got {published!r}")
        items.append(
            PublicItem(
                kind=kind,
                title=nfc(title.strip()),
                body=fields.pop("body") or "",
                position=number,
                published=published,
                **fields,
            )
        )
    return items

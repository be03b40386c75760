"""Opening an uploaded form with a real parser before it is accepted: a file whose first bytes
look like a PDF, a Word or Excel document but whose rest is something else (HTML, a program) is
refused, so a download is what its type says."""

from __future__ import annotations

import io
import logging
import xml.etree.ElementTree as ET
import zipfile

# A document's parts together, uncompressed: a small upload must not inflate without bound.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_ODF_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
# The first two bytes of a Word document's WordDocument stream (its FIB): Word 97 and later,
# and Word 6/95.
_WORD_IDENTS = (0xA5EC, 0xA5DC)


def _pdf_opens(data: bytes) -> bool:
    from pypdf import PdfReader

    # pypdf warns on its logger about every repair it makes; a refused file is reason enough.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(io.BytesIO(data), strict=False)
    return len(reader.pages) >= 1 and reader.pages[0].mediabox.width > 0


def _zip_members(data: bytes) -> dict[str, zipfile.ZipInfo] | None:
    archive = zipfile.ZipFile(io.BytesIO(data))
    infos = archive.infolist()
    if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        return None
    if archive.testzip() is not None:  # every member's CRC: no member is cut or altered
        return None
    return {i.filename: i for i in infos}


def _docx_opens(data: bytes) -> bool:
    from docx import Document

    members = _zip_members(data)
    if members is None or not {"[Content_Types].xml", "word/document.xml"} <= members.keys():
        return False
    document = Document(io.BytesIO(data))
    return document.element.body is not None


def _xlsx_opens(data: bytes) -> bool:
    from openpyxl import load_workbook

    members = _zip_members(data)
    if members is None or not {"[Content_Types].xml", "xl/workbook.xml"} <= members.keys():
        return False
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return len(workbook.sheetnames) >= 1
    finally:
        workbook.close()


def _odt_opens(data: bytes) -> bool:
    members = _zip_members(data)
    if members is None or not {"mimetype", "content.xml"} <= members.keys():
        return False
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if archive.read("mimetype").strip() != _ODT_MIMETYPE:
            return False
        root = ET.fromstring(archive.read("content.xml"))  # noqa: S314 - size bounded above
    return (
        root.tag == f"{_ODF_OFFICE}document-content" and root.find(f"{_ODF_OFFICE}body") is not None
    )


def _doc_opens(data: bytes) -> bool:
    import olefile

    if not olefile.isOleFile(data):
        return False
    with olefile.OleFileIO(data) as ole:
        if not ole.exists("WordDocument") or ole.get_size("WordDocument") < 32:
            return False
        header = ole.openstream("WordDocument").read(2)
    return int.from_bytes(header, "little") in _WORD_IDENTS


_OPENERS = {
    "pdf": _pdf_opens,
    "docx": _docx_opens,
    "xlsx": _xlsx_opens,
    "odt": _odt_opens,
    "doc": _doc_opens,
}


def opens_as(kind: str, data: bytes) -> bool:
    """Return True if ``data`` opens as a ``kind`` document (pdf, docx, xlsx, odt, doc) in a
    real parser: pypdf, python-docx, openpyxl, the ODF content, olefile's WordDocument stream."""
    opener = _OPENERS.get(kind)
    if opener is None:
        return False
    try:
        return bool(opener(data))
    except Exception:  # noqa: BLE001 - a parser may raise anything on a hostile file: refuse it
        return False

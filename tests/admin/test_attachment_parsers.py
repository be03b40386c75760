"""A form attached to public information is opened by a real parser before it is accepted: a
file with only its first bytes right (an OLE header, "%PDF-", a ZIP's parts) then HTML is
refused. The DOC and ODT are made by LibreOffice from a real DOCX."""

from __future__ import annotations

import io
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook

from lobby.public_info import document_type
from tests.admin.helpers_public import add_procedure, upload
from tests.documents import require_renderer
from tests.helpers_documents import pdf_bytes

HTML = b"<html><body><script>alert('x')</script>Bieu mau</body></html>"
OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def docx_bytes() -> bytes:
    document = Document()
    document.add_paragraph("Tờ khai đăng ký khai sinh")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "Bảng kê hồ sơ"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _convert(source: Path, target: str, out: Path) -> Path:
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--norestore",
                "--nolockcheck",
                "--convert-to",
                target,
                "--outdir",
                str(out),
                str(source),
            ],
            capture_output=True,
            timeout=180,
            check=False,
        )
    made = out / f"{source.stem}.{target.split(':')[0]}"
    assert made.exists(), f"LibreOffice did not make {made.name}"
    return made


@pytest.fixture(scope="module")
def office_files(tmp_path_factory) -> dict[str, bytes]:
    """A real DOC (Word 97) and ODT, converted by LibreOffice from a real DOCX."""
    require_renderer()
    folder = tmp_path_factory.mktemp("office")
    source = folder / "to-khai.docx"
    source.write_bytes(docx_bytes())
    return {
        "doc": _convert(source, "doc:MS Word 97", folder).read_bytes(),
        "odt": _convert(source, "odt", folder).read_bytes(),
    }


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_real_documents_of_every_type_are_recognised(office_files):
    assert document_type(pdf_bytes()) == "pdf"
    assert document_type(docx_bytes()) == "docx"
    assert document_type(xlsx_bytes()) == "xlsx"
    assert document_type(office_files["doc"]) == "doc"
    assert document_type(office_files["odt"]) == "odt"


def test_files_with_only_their_first_bytes_right_are_refused(office_files):
    fakes = {
        # An OLE header, the stream's name somewhere, then a web page.
        "doc": OLE_HEADER + "WordDocument".encode("utf-16-le") + HTML,
        "pdf": b"%PDF-1.7\n" + HTML,
        "docx": _zip({"[Content_Types].xml": HTML, "word/document.xml": HTML}),
        "xlsx": _zip({"[Content_Types].xml": HTML, "xl/workbook.xml": HTML}),
        "odt": _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": HTML}),
        # A real Word file's first 4 kB, then a web page where the rest should be.
        "doc-cut": office_files["doc"][:4096] + HTML * 50,
        "pdf-cut": pdf_bytes()[:60] + HTML,
    }
    for name, data in fakes.items():
        assert document_type(data) is None, name


def test_an_upload_of_a_pdf_header_then_html_is_refused_on_the_page(editor, store, office_files):
    item_id = add_procedure(editor, "Thủ tục đăng ký khai sinh")
    response = upload(editor, item_id, "to-khai.pdf", b"%PDF-1.4\n" + HTML, title="Tờ khai")
    assert response.status_code == 422
    assert "không phải PDF, DOCX, DOC, XLSX hoặc ODT" in response.get_data(as_text=True)
    fake_doc = OLE_HEADER + "WordDocument".encode("utf-16-le") + HTML
    assert upload(editor, item_id, "to-khai.doc", fake_doc).status_code == 422
    assert store.get_public_item(item_id).attachments == ()
    assert upload(editor, item_id, "to-khai.doc", office_files["doc"]).status_code == 302
    (form,) = store.get_public_item(item_id).attachments
    assert form.filename == "to-khai.doc" and form.mime == "application/msword"

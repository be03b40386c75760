"""Public posting: an editor publishes procedures with forms; anyone reads them at /cong-khai."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from docx.shared import Mm

from lobby.slogans import FIVE_KNOWS, THREE_SHOWS
from tests.admin.helpers import Browser
from tests.admin.helpers_public import add_procedure, send, upload
from tests.helpers_documents import pdf_bytes

PDF = pdf_bytes()
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def test_editor_publishes_a_procedure_with_a_form_that_anyone_downloads(editor, app, store):
    item_id = add_procedure(editor, "Thủ tục thẩm định thành lập đơn vị sự nghiệp")
    response = upload(editor, item_id, "Mẫu tờ trình số 01.pdf", PDF)
    assert response.status_code == 302
    item = store.get_public_item(item_id)
    (form,) = item.attachments
    assert form.title == "Mẫu tờ trình số 01" and form.mime == "application/pdf"
    assert form.filename == "Mau-to-trinh-so-01.pdf"
    actions = {entry.action for entry in store.audit_entries()}
    assert {"public.add", "public.upload"} <= actions

    anonymous = Browser(app.test_client())
    page = anonymous.get("/cong-khai")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Thủ tục thẩm định thành lập đơn vị sự nghiệp" in html
    assert "1.004222" in html and "20 ngày làm việc" in html and "Mẫu tờ trình số 01" in html
    assert f'id="muc-{item_id}"' in html
    assert "bientap" not in html, "no staff names on the public page"
    link = re.search(r'href="(/cong-khai/tep/\d+/[^"]+)"', html).group(1)
    download = anonymous.get(link)
    assert download.status_code == 200 and download.data == PDF
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert "Mau-to-trinh-so-01.pdf" in download.headers["Content-Disposition"]


def test_a_renamed_program_is_refused_in_vietnamese_and_kept_out(editor, store):
    item_id = add_procedure(editor, "Thủ tục công nhận ban vận động thành lập hội")
    response = upload(editor, item_id, "mau-don.pdf", EXE, title="Mẫu đơn")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "không phải PDF, DOCX, DOC, XLSX hoặc ODT" in html
    assert 'value="Mẫu đơn"' in html, "what was typed is kept"
    assert store.get_public_item(item_id).attachments == ()


def test_word_and_excel_forms_are_recognised_by_content(editor, store):
    item_id = add_procedure(editor, "Thủ tục cấp giấy phép thành lập quỹ")
    buffer = io.BytesIO()
    Document().save(buffer)
    assert upload(editor, item_id, "don.pdf", buffer.getvalue()).status_code == 302
    (form,) = store.get_public_item(item_id).attachments
    assert form.filename == "don.docx", "the name follows the content, not the upload's suffix"
    assert form.mime.endswith("wordprocessingml.document")


def test_a_file_over_the_limit_is_refused(editor, store):
    item_id = add_procedure(editor, "Thủ tục thi tuyển công chức")
    # Just over 10 MB: read and refused by the store's check, on the edit page.
    response = upload(editor, item_id, "lon.pdf", PDF + b"0" * (10 * 1024 * 1024))
    assert response.status_code == 422
    assert "Tệp quá lớn: tối đa 10 MB." in response.get_data(as_text=True)
    # Far over: refused before it is read, with the same message after the redirect.
    response = upload(editor, item_id, "lon.pdf", PDF + b"0" * (12 * 1024 * 1024))
    assert response.status_code == 302
    assert "Tệp quá lớn: tối đa 10 MB." in editor.get(response.headers["Location"]).get_data(
        as_text=True
    )
    assert store.get_public_item(item_id).attachments == ()


def test_unpublished_items_and_their_forms_stay_hidden(editor, app, store):
    hidden = add_procedure(editor, "Thủ tục chưa công bố", published=False)
    assert upload(editor, hidden, "mau.pdf", PDF).status_code == 302
    (form,) = store.get_public_item(hidden).attachments
    anonymous = Browser(app.test_client())
    assert "Thủ tục chưa công bố" not in anonymous.get("/cong-khai").get_data(as_text=True)
    assert anonymous.get(f"/cong-khai/tep/{form.id}/{form.filename}").status_code == 404
    # Published, then unpublished again: gone from the page and the download.
    assert send(editor, f"/public/{hidden}/publish").status_code == 302
    assert "Thủ tục chưa công bố" in anonymous.get("/cong-khai").get_data(as_text=True)
    assert send(editor, f"/public/{hidden}/unpublish").status_code == 302
    assert "Thủ tục chưa công bố" not in anonymous.get("/cong-khai").get_data(as_text=True)
    assert anonymous.get(f"/cong-khai/tep/{form.id}/{form.filename}").status_code == 404


def test_the_public_page_escapes_text_and_drops_unsafe_links(editor, app, store):
    add_procedure(
        editor,
        "<script>alert(1)</script> Thủ tục",
        body='<img src=x onerror="alert(2)">',
        fee="<b>0</b>",
    )
    rule = store.add_public_item(
        {"kind": "rule", "title": "Nội quy", "url": "https://dichvucong.gov.vn/p"}
    )
    html = Browser(app.test_client()).get("/cong-khai").get_data(as_text=True)
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;b&gt;0&lt;/b&gt;" in html
    assert 'href="https://dichvucong.gov.vn/p"' in html
    refused = send(editor, "/public/add", {"kind": "rule", "title": "X", "url": "javascript:1"})
    assert refused.status_code == 422
    assert "Đường dẫn phải bắt đầu bằng https://" in refused.get_data(as_text=True)
    assert store.get_public_item(rule).published


def test_admin_pages_stay_closed_to_anonymous_visitors(app):
    anonymous = Browser(app.test_client())
    assert anonymous.get("/cong-khai").status_code == 200
    for url in ("/public", "/public/1/edit", "/public/files/1", "/results"):
        response = anonymous.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    assert anonymous.get("/cong-khai/tep/999/x.pdf").status_code == 404


def test_editor_reorders_edits_and_deletes_with_named_buttons(editor, store):
    first = add_procedure(editor, "Thủ tục A")
    second = add_procedure(editor, "Thủ tục B")
    html = editor.get("/public").get_data(as_text=True)
    assert "Sửa: Thủ tục A" in html and "Xuống: Thủ tục A" in html and "Lên: Thủ tục B" in html
    assert send(editor, f"/public/{second}/up").status_code == 302
    titles = [i.title for i in store.list_public_items("procedure", published_only=False)]
    assert titles.index("Thủ tục B") < titles.index("Thủ tục A")
    edited = send(
        editor,
        f"/public/{first}/edit",
        {"kind": "procedure", "title": "Thủ tục A (sửa)", "fee": "50.000 đồng", "published": "y"},
    )
    assert edited.status_code == 302
    assert store.get_public_item(first).fee == "50.000 đồng"
    assert send(editor, f"/public/{first}/delete").status_code == 302
    assert first not in [i.id for i in store.list_public_items(published_only=False)]
    assert editor.get(f"/public/{first}/edit").status_code == 404


@pytest.mark.parametrize("size, width", [("A4", 210), ("A3", 297)])
def test_the_slogan_poster_reads_back(app, settings, size, width):
    response = Browser(app.test_client()).get(f"/cong-khai/poster.docx?size={size}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    document = Document(io.BytesIO(response.data))
    section = document.sections[0]
    assert round(section.page_width / Mm(1)) == width
    assert section.page_height > section.page_width
    texts = [p.text for p in document.paragraphs]
    assert settings.office.name.upper() in texts
    assert "5 BIẾT" in texts and "3 THỂ HIỆN" in texts
    assert all(line in texts for line in (*FIVE_KNOWS, *THREE_SHOWS))
    fonts = {run.font.name for p in document.paragraphs for run in p.runs}
    assert fonts == {"Times New Roman"}


def test_items_and_forms_round_trip_on_both_backends(any_store):
    item_id = any_store.add_public_item(
        {"kind": "procedure", "title": "Thu\u0309 tu\u0323c", "time_limit": "5 ngày", "fee": ""}
    )
    stored = any_store.add_public_file(item_id, "Tờ khai.pdf", PDF)
    item = any_store.get_public_item(item_id)
    assert item.title == "Thủ tục", "stored in NFC"
    assert (item.time_limit, item.fee, item.attachments) == ("5 ngày", None, (stored,))
    assert any_store.get_public_file(stored.id) == (stored, PDF)
    any_store.delete_public_item(item_id)
    assert any_store.list_public_items(published_only=False) == []
    with pytest.raises(LookupError):
        any_store.get_public_file(stored.id, published_only=False)

"""Paper forms: the printable DOCX of the current survey, and fast entry as "paper" visits."""

from __future__ import annotations

import csv
import io

from docx import Document
from docx.shared import Mm

from admin_web.context import admin_state
from lobby import clock
from lobby.store import OfficialInput
from tests.admin.helpers import PASSWORD, Browser, csrf_from

PAPER_LABELS = {"paper", "Phiếu giấy", "Giấy"}


def test_the_form_is_an_a4_docx_with_every_question_and_level(staff, app):
    response = staff.get("/paper/form.docx")
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    doc = Document(io.BytesIO(response.data))
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1)
    assert abs(section.page_height - Mm(297)) < Mm(1)
    text = "\n".join(p.text for p in doc.paragraphs)
    with app.app_context():
        survey = admin_state(app).survey()
        office = admin_state(app).settings.office
    for question in survey.questions:
        assert question.text in text
        for number, level in enumerate(question.levels, start=1):
            assert f"☐ {number}. {level.label}" in text
    assert office.name.upper() in _all_text(doc)  # in the header table
    assert "Cán bộ đã phục vụ (họ và tên, hoặc mã số" in text and "Mã hồ sơ" in text
    assert "Ngày ....... tháng ....... năm 20" in _all_text(doc)
    assert survey.id not in _all_text(doc)  # no internal key on paper
    assert "đồng ý" in text and "Số điện thoại" in text


def _all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in doc.sections:
        parts.extend(p.text for p in section.first_page_footer.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


def _enter(staff: Browser, data: dict, count: int = 0):
    page = staff.get(f"/paper/entry?count={count}").get_data(as_text=True)
    form = {"csrf_token": csrf_from(page), "count": str(count), **data}
    return staff.client.post("/paper/entry", data=form)


def _rows(staff: Browser) -> list[list[str]]:
    response = staff.get("/results/export.csv")
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_two_forms_entered_become_paper_visits_in_the_export(staff, store, app):
    store.upsert_officials([OfficialInput(code="CB01", name="Nguyễn Văn An")])
    with app.app_context():
        survey = admin_state(app).survey()
    first = _enter(staff, {"official": "CB01", "q-0": "1", "dossier": "HS-0001"})
    assert first.status_code == 302
    assert "count=1" in first.headers["Location"]
    page = staff.get(first.headers["Location"]).get_data(as_text=True)
    assert "Đã nhập 1 phiếu trong lượt này." in page
    assert 'id="official" name="official" value=""' in page  # cleared for the next form
    second = _enter(staff, {"q-0": "4", "comment": "Chờ hơi lâu"}, count=1)
    assert "count=2" in second.headers["Location"]

    header, *rows = _rows(staff)
    assert header[4] == "Kênh"
    paper = [r for r in rows if r[4] in PAPER_LABELS]
    assert len(paper) == 2
    by_dossier = {r[9]: r for r in paper}
    one, two = by_dossier["HS-0001"], by_dossier[""]
    assert one[5] == "CB01" and one[6] == "Nguyễn Văn An"
    assert one[12] == survey.levels[0].label and one[13] == "Có"
    assert two[12] == survey.levels[3].label and two[13] == "Không"
    assert {r[3] for r in paper} == {"paper-quantri"}
    assert all(r[14] == "Không" for r in paper)  # two forms in a row are not repeated presses
    entries = [e for e in store.audit_entries() if e.action == "paper.entry"]
    assert len(entries) == 2 and all(e.username == "quantri" for e in entries)


def test_a_wrong_form_is_refused_with_what_was_typed_kept(staff, store):
    response = _enter(
        staff, {"official": "KHONG-CO", "q-0": "7", "dossier": "HS-9", "phone": "0912345678"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Cán bộ: không có cán bộ nào tên hoặc mã “KHONG-CO”" in page
    assert "Câu 1: “7” không hợp lệ; gõ số từ 1 đến 4." in page
    assert "Số điện thoại: chỉ được lưu khi phiếu có đánh dấu đồng ý." in page
    assert 'value="HS-9"' in page and 'value="KHONG-CO"' in page
    assert store.count_visits() == 0
    missing = _enter(staff, {"q-0": ""})
    assert "Câu 1: chưa chọn mức" in missing.get_data(as_text=True)
    future = _enter(staff, {"q-0": "2", "day": "01/01/2098"})
    assert "Ngày trên phiếu: không được sau hôm nay." in future.get_data(as_text=True)
    assert store.count_visits() == 0


def test_a_leader_may_enter_forms_and_an_editor_may_not(app, store, password_hash):
    for role in ("leader", "editor"):
        store.create_user(f"nguoi-{role}", password_hash, role=role)
        browser = Browser(app.test_client())
        assert browser.login(f"nguoi-{role}", PASSWORD).status_code == 302
        expected = 200 if role == "leader" else 403
        assert browser.get("/paper/entry").status_code == expected
        assert browser.get("/paper/form.docx").status_code == expected
        assert browser.get("/survey").status_code == 403


def test_the_official_is_found_by_code_by_name_or_from_the_list(staff, store):
    store.upsert_officials(
        [
            OfficialInput(code="CB01", name="Nguyễn Văn An", unit="Một cửa"),
            OfficialInput(code="CB02", name="Trần Thị Bình", unit="Tư pháp"),
            OfficialInput(code="CB03", name="Trần Thị Bình", unit="Một cửa"),
        ]
    )
    page = staff.get("/paper/entry").get_data(as_text=True)
    assert 'list="officials"' in page and '<datalist id="officials">' in page
    assert '<option value="Nguyễn Văn An (CB01)" label="Nguyen Van An – Một cửa">' in page
    assert '<script src="http' not in page  # no script from elsewhere
    for typed in ("CB01", "Nguyễn Văn An (CB01)", "nguyen  van AN", "Nguyễn Văn An"):
        assert _enter(staff, {"official": typed, "q-0": "1"}).status_code == 302, typed
    twins = _enter(staff, {"official": "Trần Thị Bình", "q-0": "1"})
    html = twins.get_data(as_text=True)
    assert twins.status_code == 422
    assert "có 2 người tên “Trần Thị Bình”" in html and "(CB02, Tư pháp)" in html
    assert _enter(staff, {"official": "Trần Thị Bình (CB03)", "q-0": "1"}).status_code == 302
    today = clock.local_day(clock.utcnow())
    codes = sorted(v.official_code for v in store.iter_visits(today, today))
    assert codes == ["CB01"] * 4 + ["CB03"]

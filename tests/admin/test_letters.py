"""Letters: template checks, draft → approve → issue with numbers, DOCX read back, Mẫu 04 slip."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from admin_web import create_app, nd30
from admin_web.context import admin_state
from admin_web.letter_templates import (
    TemplateError,
    check_template,
    fill,
    load_defaults,
    procedure_name,
    profile_problems,
    signature_lines,
)
from lobby import clock
from lobby.settings import load_settings
from lobby.store import LetterError
from lobby.visit_record import AnswerRecord, VisitRecord
from tests.admin.helpers import ROOT, Browser

COMMENT = "Cán bộ bảo <b>về</b> {ho_ten} rồi quay lại"


@pytest.fixture
def approver(app, store, password_hash) -> Browser:
    """A second leader, in a browser of their own: letters are approved by someone else."""
    store.create_user("phogiamdoc", password_hash, role="leader")
    other = Browser(app.test_client())
    assert other.login("phogiamdoc").status_code == 302
    return other


def _visit(store, satisfied: bool = False, comment: str | None = COMMENT) -> str:
    answer = AnswerRecord(
        "overall", "Ông/Bà hài lòng?", "khong_hai_long", "Không hài lòng", 2, satisfied
    )
    visit = VisitRecord(
        id=VisitRecord.new_id(),
        device_id="kiosk-1",
        channel="kiosk",
        created_at=datetime(2026, 3, 4, 3, 0, tzinfo=UTC),
        survey_key="default",
        survey_version=1,
        answers=(answer,),
        dossier_code="000.00.12.H34-260304-0001",
        comment=comment,
    )
    assert store.record_visit(visit, repeat_interval_seconds=0)
    return visit.id


def _profile(store):
    store.set_letter_profile(
        {
            "parent": "UBND THÀNH PHỐ ĐÀ NẴNG",
            "name": "SỞ NỘI VỤ",
            "name_text": "Sở Nội vụ",
            "abbreviation": "SNV",
            "place": "Đà Nẵng",
            "authority": "GIÁM ĐỐC",
            "position": "",
            "signer": "Trần Thị Bình",
            "hotline": "0236 3822 000",
            "email": "sonoivu@danang.gov.vn",
            "address": "",
        }
    )


LETTER = {
    "kind": "xin_loi",
    "xung_ho": "Ông",
    "ho_ten": "Nguyễn Văn An",
    "dia_chi": "12 Lê Lợi, Hải Châu",
    "dien_thoai": "0905123456",
    "ma_ho_so": "000.00.12.H34-260304-0001",
    "thu_tuc": "Cấp lại giấy phép lái xe",
    "can_bo": "Lê Thị Hoa",
    "ngay_nhan": "02/03/2026",
    "han_giai_quyet": "09/03/2026",
    "ngay_hen": "5/4/2026",
    "ngay_danh_gia": "04/03/2026",
    "noi_dung_sai": COMMENT,
    "da_xu_ly": "Đã bổ sung hồ sơ & nhắc nhở cán bộ",
    "action": "save",
}


def _new_letter(browser, **changes) -> int:
    response = browser.post("/letters/new", {**LETTER, **changes})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/letters/(\d+)$", response.headers["Location"]).group(1))


def _approve_issue(browser, letter_id: int):
    assert browser.post(f"/letters/{letter_id}/approve").status_code == 302
    assert browser.post(f"/letters/{letter_id}/issue").status_code == 302


LATE = {"kind": "xin_loi_tre_hen"}


def _docx(response) -> Document:
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    return Document(io.BytesIO(response.data))


def _all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)


# --- templates ---


def test_defaults_load_and_fill_values_literally():
    defaults = load_defaults()
    assert set(defaults) == {
        "xin_loi",
        "xin_loi_thai_do",
        "xin_loi_cho_lau",
        "xin_loi_huong_dan",
        "xin_loi_tre_hen",
        "cam_on",
    }
    assert "{noi_dung_sai}" in defaults["xin_loi"]["body"]
    assert "{ngay_hen}" in defaults["xin_loi_tre_hen"]["body"]
    text = fill("Kính gửi {ho_ten} {{x}}", {"ho_ten": "A {ma_ho_so} <b>"})
    assert text == "Kính gửi A {ma_ho_so} <b> {x}"


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("Xin chào {ten_sai}", "{ten_sai}"),
        ("Xin chào {ho_ten", "chưa đóng"),
        ("Xin chào ho_ten}", "thừa"),
        ("Xin chào {ho_ten.__class__}", "{ho_ten.__class__}"),
        ("Xin chào {ho_ten!r}", "{ho_ten!r}"),
        ("Xin chào {0}", "{0}"),
        ("Xin chào {}", "{}"),
    ],
)
def test_bad_placeholders_are_refused_by_name(body, named):
    with pytest.raises(TemplateError) as caught:
        check_template({"title": "Thư", "greeting": "Kính gửi", "body": body})
    assert named in str(caught.value)
    assert str(caught.value).startswith("Nội dung:")


def test_admin_saves_a_template_only_when_its_placeholders_are_known(staff, store):
    page = staff.get("/letters/templates/xin_loi")
    assert page.status_code == 200
    before = store.current_template("xin_loi")
    form = {
        "title": "Thư xin lỗi",
        "summary": "",
        "greeting": "Kính gửi: {xung_ho} {ho_ten}",
        "body": "Chúng tôi xin lỗi {ho_ten} về {loi_gi}.",
        "recipients": "Như trên\nLưu: VT",
    }
    refused = staff.post("/letters/templates/xin_loi", form)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "không có trường “{loi_gi}”" in html
    assert "về {loi_gi}." in html  # what was typed is kept
    assert store.current_template("xin_loi").version == before.version
    form["body"] = "Chúng tôi xin lỗi {ho_ten} về {noi_dung_sai}.\n\nTrân trọng./."
    assert staff.post("/letters/templates/xin_loi", form).status_code == 302
    saved = store.current_template("xin_loi")
    assert saved.version == before.version + 1 and saved.created_by == "quantri"
    entries = [e for e in store.audit_entries() if e.action == "letter_template.save"]
    assert entries and json.loads(entries[0].after)["version"] == saved.version


def test_a_leader_sees_templates_but_cannot_edit_them(leader):
    assert leader.get("/letters/templates").status_code == 200
    assert leader.get("/letters/templates/xin_loi").status_code == 403
    assert leader.get("/letters/profile").status_code == 403
    assert leader.get("/letters/templates/khong-co").status_code == 403


def test_unknown_kind_and_huge_ids_are_404(staff):
    assert staff.get("/letters/templates/khong-co").status_code == 404
    assert staff.get("/letters/99999999999999999999").status_code == 404
    assert staff.get("/letters/2147483647.docx").status_code == 404
    assert staff.get("/letters/new?visit=khong-co").status_code == 404
    assert staff.get("/letters/new?case=99999999999999").status_code == 404


# --- the approval flow and numbering ---


def test_draft_approve_issue_numbers_per_kind_and_year(leader, approver, store):
    _profile(store)
    first = _new_letter(leader)
    page = leader.get(f"/letters/{first}").get_data(as_text=True)
    assert "Bản nháp" in page and "Duyệt: Thư xin lỗi gửi Nguyễn Văn An" in page
    assert "&lt;b&gt;về&lt;/b&gt;" in page and "<b>về</b>" not in page
    # Issuing needs an approval first.
    approver.post(f"/letters/{first}/issue")
    assert store.letter_by_id(first).status == "draft"
    assert store.letter_by_id(first).number is None
    _approve_issue(approver, first)
    issued = store.letter_by_id(first)
    assert issued.status == "issued" and issued.approved_by == "phogiamdoc"
    assert issued.number_text == "01/TXL-SNV"
    assert issued.year == clock.local_day(issued.issued_at).year
    # Every apology template numbers in the one apology series.
    second = _new_letter(leader, ho_ten="Phạm Thị Cúc", kind="xin_loi_thai_do")
    thanks = _new_letter(leader, kind="cam_on", ho_ten="Võ Văn Dũng")
    _approve_issue(approver, second)
    _approve_issue(approver, thanks)
    assert store.letter_by_id(second).number_text == "02/TXL-SNV"
    assert store.letter_by_id(thanks).number_text == "01/TCO-SNV"
    listing = leader.get("/letters").get_data(as_text=True)
    for number in ("01/TXL-SNV", "02/TXL-SNV", "01/TCO-SNV"):
        assert f"Tải DOCX: {number}" in listing
    # An issued letter cannot change, and downloads are the kept bytes, every time.
    assert leader.get(f"/letters/{first}/edit").status_code == 302
    leader.post(f"/letters/{first}/edit", {**LETTER, "ho_ten": "Người khác"})
    assert store.letter_by_id(first).citizen == "Nguyễn Văn An"
    one, two = leader.get(f"/letters/{first}.docx"), leader.get(f"/letters/{first}.docx")
    assert one.data == two.data == store.letter_docx(first)
    assert "01-TXL-SNV" in one.headers["Content-Disposition"]
    actions = [e.action for e in store.audit_entries()]
    for action in ("letter.create", "letter.approve", "letter.issue"):
        assert action in actions


def test_editing_an_approved_letter_sends_it_back_to_draft(leader, approver, store):
    _profile(store)
    letter_id = _new_letter(leader)
    assert approver.post(f"/letters/{letter_id}/approve").status_code == 302
    assert store.letter_by_id(letter_id).status == "approved"
    response = leader.post(f"/letters/{letter_id}/edit", {**LETTER, "ho_ten": "Nguyễn Văn Ân"})
    assert response.status_code == 302
    row = store.letter_by_id(letter_id)
    assert row.status == "draft" and row.approved_by is None and row.citizen == "Nguyễn Văn Ân"


def test_bad_input_keeps_what_was_typed_and_saves_nothing(leader, store):
    response = leader.post("/letters/new", {**LETTER, "ngay_hen": "31/02/2026"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ngày hẹn trả kết quả mới không hợp lệ" in html
    assert 'value="Cấp lại giấy phép lái xe"' in html
    response = leader.post("/letters/new", {**LETTER, "ho_ten": "  "})
    assert response.status_code == 422 and "họ và tên" in response.get_data(as_text=True)
    assert store.list_letters() == []


def test_preview_shows_the_filled_letter_without_saving(leader, store):
    _profile(store)
    response = leader.post("/letters/new", {**LETTER, **LATE, "action": "preview"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "THƯ XIN LỖI" in html and "Kính gửi: Ông Nguyễn Văn An" in html
    assert "Sở Nội vụ" in html and "05/04/2026" in html
    signature = re.search(r'id="letter-signature">(.*?)</p>', html).group(1)
    assert "<strong>GIÁM ĐỐC</strong>" in signature and "Trần Thị Bình" in signature
    assert store.list_letters() == []


def test_empty_fields_print_dots_and_are_named(leader, store):
    form = {**LETTER, **LATE, "action": "preview"}
    response = leader.post("/letters/new", {**form, "ngay_nhan": ""})
    html = response.get_data(as_text=True)
    assert "Ngày ……, Sở Nội vụ đã tiếp nhận" in html
    assert "Chưa điền (in “……” để viết tay): Ngày tiếp nhận hồ sơ." in html
    assert "Chưa điền" not in leader.post("/letters/new", form).get_data(as_text=True)


def test_a_letter_from_a_visit_is_prefilled(leader, store):
    visit_id = _visit(store)
    html = leader.get(f"/letters/new?visit={visit_id}").get_data(as_text=True)
    assert 'value="000.00.12.H34-260304-0001"' in html
    assert 'value="04/03/2026"' in html
    assert "&lt;b&gt;về&lt;/b&gt; {ho_ten}" in html
    letter_id = _new_letter(leader, visit_id=visit_id)
    assert store.letter_by_id(letter_id).visit_id == visit_id


def test_a_letter_from_a_case_is_prefilled(leader, store):
    visit_id = _visit(store)
    assert store.sync_cases() == 1
    case = next(c for c in store.list_cases())
    html = leader.get(f"/letters/new?case={case.id}").get_data(as_text=True)
    assert f'name="case_id" type="hidden" value="{case.id}"' in html
    assert 'value="000.00.12.H34-260304-0001"' in html
    letter_id = _new_letter(leader, case_id=str(case.id), visit_id=visit_id)
    row = store.letter_by_id(letter_id)
    assert row.case_id == case.id and row.visit_id == visit_id
    view = leader.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert f'/{case.id}">Số {case.id}</a>' in view


# --- the DOCX read back ---


def test_issued_letter_docx_layout_and_text(leader, approver, store):
    _profile(store)
    letter_id = _new_letter(leader, **LATE)
    _approve_issue(approver, letter_id)
    doc = _docx(leader.get(f"/letters/{letter_id}.docx"))
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5)
    assert abs(section.page_height - Mm(297)) < Mm(0.5)
    for margin, low, high in (
        (section.top_margin, 20, 25),
        (section.bottom_margin, 20, 25),
        (section.left_margin, 30, 35),
        (section.right_margin, 15, 20),
    ):
        assert Mm(low) - Mm(0.1) <= margin <= Mm(high) + Mm(0.1)
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    assert normal.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Times New Roman"
    header = doc.tables[0]
    left = [p.text for p in header.rows[0].cells[0].paragraphs if p.text]
    right = [p.text for p in header.rows[0].cells[1].paragraphs if p.text]
    assert left == ["UBND THÀNH PHỐ ĐÀ NẴNG", "SỞ NỘI VỤ"]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    national = header.rows[0].cells[1].paragraphs[0].runs[0]
    assert national.bold and 12 <= national.font.size.pt <= 13
    assert header.rows[1].cells[0].paragraphs[0].text == "Số: 01/TXL-SNV"
    issued = store.letter_by_id(letter_id)
    expected_date = nd30.place_date_line("Đà Nẵng", clock.local_day(issued.issued_at))
    date_par = header.rows[1].cells[1].paragraphs[0]
    assert date_par.text == expected_date and date_par.runs[0].italic
    assert re.fullmatch(r"Đà Nẵng, ngày \d\d tháng (0[12]|[3-9]|1[0-2]) năm \d{4}", expected_date)
    texts = [p.text for p in doc.paragraphs]
    title = next(p for p in doc.paragraphs if p.text == "THƯ XIN LỖI")
    assert title.runs[0].bold and title.runs[0].font.size.pt == 14
    assert "Kính gửi: Ông Nguyễn Văn An" in texts
    body = "\n".join(texts)
    assert COMMENT in body  # "<" and "{" from the comment come through as written
    assert "Sở Nội vụ" in body and "05/04/2026" in body and "0236 3822 000" in body
    assert "Đã bổ sung hồ sơ & nhắc nhở cán bộ" in body
    assert not re.search(r"\{(?!ho_ten\})[a-z_]+\}", body)  # every placeholder filled
    for paragraph in doc.paragraphs:
        for run in paragraph.runs:
            assert run.font.name in (None, "Times New Roman")
    signature = _all_text(doc)
    assert "GIÁM ĐỐC" in signature and "Trần Thị Bình" in signature
    assert "Nơi nhận:" in signature and "- Lưu: VT." in signature


def test_thank_you_letter_fills_its_own_placeholders(leader, store):
    _profile(store)
    letter_id = _new_letter(leader, kind="cam_on", xung_ho="Bà", ho_ten="Lý Thị Mai")
    doc = _docx(leader.get(f"/letters/{letter_id}.docx"))
    text = _all_text(doc)
    assert "THƯ CẢM ƠN" in text and "Kính gửi: Bà Lý Thị Mai" in text
    assert "Lê Thị Hoa" in text and "04/03/2026" in text
    assert "Số:      /" in text  # a draft has no number yet


def test_slip_mau_04(leader, store):
    _profile(store)
    letter_id = _new_letter(leader)
    page = leader.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert "Mẫu 04" in page
    doc = _docx(leader.get(f"/letters/{letter_id}/phieu-04.docx"))
    text = _all_text(doc)
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert "Mã số hồ sơ: 000.00.12.H34-260304-0001" in text
    assert "Ngày 02/03/2026" in text and "theo quy định là: 09/03/2026" in text
    assert "vào ngày 05 tháng 4 năm 2026." in text
    assert "Lý do: " + COMMENT in text
    assert abs(doc.sections[0].page_width - Mm(210)) < Mm(0.5)
    # Without the dates the slip is refused with a message, not a broken file.
    other = _new_letter(leader, han_giai_quyet="")
    response = leader.get(f"/letters/{other}/phieu-04.docx")
    assert response.status_code == 302


def test_admin_edits_the_letter_profile(staff, store):
    form = {
        "parent": "UBND TỈNH HÀ NAM",
        "name": "SỞ TƯ PHÁP",
        "name_text": "Sở Tư pháp",
        "abbreviation": "STP",
        "place": "Hà Nam",
        "authority": "KT. GIÁM ĐỐC",
        "position": "PHÓ GIÁM ĐỐC",
        "signer": "Đỗ Văn Hùng",
        "hotline": "",
        "email": "",
        "address": "",
    }
    refused = staff.post("/letters/profile", {**form, "place": ""})
    assert refused.status_code == 422 and "Địa danh" in refused.get_data(as_text=True)
    acting = staff.post("/letters/profile", {**form, "position": ""})
    assert acting.status_code == 422
    assert "bắt buộc khi ký “KT.”" in acting.get_data(as_text=True)
    assert staff.post("/letters/profile", form).status_code == 302
    assert store.letter_profile()["signer"] == "Đỗ Văn Hùng"
    assert any(e.action == "letter.profile" for e in store.audit_entries())


def test_numbers_restart_each_year_and_are_unique_on_both_databases(any_store):
    any_store.ensure_letter_templates(load_defaults())
    template = any_store.current_template("xin_loi")
    issued = []
    for year in (2026, 2026, 2027):
        letter_id = any_store.create_letter(
            "xin_loi", template.id, {"ho_ten": "A"}, "A", None, "lanhdao"
        )
        any_store.approve_letter(letter_id, "lanhdao")
        row = any_store.issue_letter(
            letter_id, "lanhdao", year, lambda n, _at: (f"{n:02d}/TXL-SNV", b"docx %d" % n)
        )
        issued.append((row.year, row.number, row.number_text))
        assert any_store.letter_docx(letter_id) == b"docx %d" % row.number
    assert issued == [(2026, 1, "01/TXL-SNV"), (2026, 2, "02/TXL-SNV"), (2027, 1, "01/TXL-SNV")]
    with pytest.raises(LetterError):
        any_store.issue_letter(letter_id, "lanhdao", 2027, lambda n, _at: ("x", b""))


# --- what a letter says, and what stops it going out ---


def _survey_with_reasons(store, app) -> None:
    """Store a survey version whose reasons have labels (the visit below is given with it)."""
    with app.app_context():
        survey = admin_state(app).survey()
    source = (ROOT / "assets" / "survey-full.toml").read_text(encoding="utf-8")
    source = source.replace('id = "hai-long-day-du"', f'id = "{survey.id}"')
    store.ensure_survey_version(survey.id, source)


def _visit_with_reasons(store, app, reasons, comment="Cán bộ tiếp dân chưa nhiệt tình..") -> str:
    _survey_with_reasons(store, app)
    latest = store.latest_survey_version()
    answer = AnswerRecord(
        "overall", "Ông/Bà hài lòng?", "khong_hai_long", "Không hài lòng", 3, False
    )
    visit = VisitRecord(
        id=VisitRecord.new_id(),
        device_id="kiosk-1",
        channel="kiosk",
        created_at=datetime(2026, 3, 4, 3, 0, tzinfo=UTC),
        survey_key=latest.key,
        survey_version=latest.version,
        answers=(answer,),
        reasons=tuple(reasons),
        comment=comment,
    )
    assert store.record_visit(visit, repeat_interval_seconds=0)
    return visit.id


def test_a_letter_from_a_low_rating_names_reasons_in_words_and_keeps_the_comment_apart(
    leader, store, app
):
    visit_id = _visit_with_reasons(store, app, ["cho_lau", "thai_do"])
    page = leader.get(f"/letters/new?visit={visit_id}").get_data(as_text=True)
    # The template answering the first reason is chosen; reasons read as the survey's labels.
    assert '<option selected value="xin_loi_cho_lau">' in page
    assert "phải chờ lâu, thái độ chưa tốt" in page
    assert "cho_lau" not in page.replace('value="xin_loi_cho_lau"', "")
    # The citizen's words are in their own field, not ticked for printing.
    assert re.search(r'<textarea[^>]*name="y_kien"[^>]*>\s*Cán bộ tiếp dân chưa nhiệt tình', page)
    assert re.search(r'<input(?![^>]*checked)[^>]*name="giu_y_kien"', page)


def test_the_comment_is_printed_only_when_kept_and_then_quoted(leader, store):
    _profile(store)
    form = {**LETTER, "kind": "xin_loi_thai_do", "y_kien": "Mong cơ quan cái thiện.."}
    left_out = leader.post("/letters/new", {**form, "action": "preview"}).get_data(as_text=True)
    assert "cái thiện" not in left_out.split("letter-preview")[1]
    kept = leader.post("/letters/new", {**form, "giu_y_kien": "y", "action": "preview"})
    quoted = kept.get_data(as_text=True).split("letter-preview")[1]
    assert "ý kiến của Ông: “Mong cơ quan cái thiện..”" in quoted
    letter_id = _new_letter(leader, **{**form, "giu_y_kien": "y"})
    text = _all_text(_docx(leader.get(f"/letters/{letter_id}.docx")))
    assert "“Mong cơ quan cái thiện..”" in text
    assert "sai sót: Mong" not in text


def test_a_procedure_name_starting_with_thu_tuc_is_not_doubled(leader, store):
    _profile(store)
    response = leader.post(
        "/letters/new",
        {**LETTER, **LATE, "thu_tuc": "Thủ tục thẩm định hồ sơ", "action": "preview"},
    )
    html = response.get_data(as_text=True)
    assert "về thủ tục thẩm định hồ sơ" in html and "thủ tục Thủ tục" not in html


def test_nothing_is_approved_or_issued_while_the_profile_or_a_field_is_empty(
    leader, approver, store
):
    letter_id = _new_letter(leader, da_xu_ly="")
    page = approver.get(f"/letters/{letter_id}").get_data(as_text=True)
    for missing in ("Địa danh ghi ngày tháng", "Họ và tên người ký", "Đường dây nóng"):
        assert missing in page
    assert "Trường của thư: Việc đã làm để khắc phục" in page
    approver.post(f"/letters/{letter_id}/approve")
    assert store.letter_by_id(letter_id).status == "draft"
    flashed = approver.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert "Chưa duyệt hoặc ban hành được, vì còn thiếu" in flashed
    _profile(store)
    approver.post(f"/letters/{letter_id}/approve")
    assert store.letter_by_id(letter_id).status == "draft"  # the empty field still stops it
    leader.post(f"/letters/{letter_id}/edit", {**LETTER, "action": "save"})
    approver.post(f"/letters/{letter_id}/approve")
    assert store.letter_by_id(letter_id).status == "approved"
    # A profile emptied after the approval stops the issue too.
    store.set_letter_profile({**store.letter_profile(), "signer": ""})
    approver.post(f"/letters/{letter_id}/issue")
    assert store.letter_by_id(letter_id).status == "approved"


def test_a_signer_acting_for_the_director_needs_a_position(staff, store):
    _profile(store)
    store.set_letter_profile({**store.letter_profile(), "authority": "KT. GIÁM ĐỐC"})
    page = staff.get("/letters/templates").get_data(as_text=True)
    assert "Chức vụ người ký khi ký thay" in page and "bắt buộc khi ký “KT.”" in page


def test_the_author_cannot_approve_their_own_letter(leader, approver, store):
    _profile(store)
    letter_id = _new_letter(leader)
    page = leader.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert "Người duyệt phải là người khác người viết, người sửa thư" in page
    assert re.search(r"<button[^>]*disabled[^>]*>Duyệt:", page)
    leader.post(f"/letters/{letter_id}/approve")
    assert store.letter_by_id(letter_id).status == "draft"
    approver.post(f"/letters/{letter_id}/approve")
    assert store.letter_by_id(letter_id).approved_by == "phogiamdoc"
    # Whoever changes a letter becomes one of its writers: someone else approves it again.
    approver.post(f"/letters/{letter_id}/edit", {**LETTER, "da_xu_ly": "Đã gọi điện xin lỗi"})
    assert store.letter_by_id(letter_id).status == "draft"
    approver.post(f"/letters/{letter_id}/approve")
    assert store.letter_by_id(letter_id).status == "draft"
    leader.post(f"/letters/{letter_id}/approve")
    assert store.letter_by_id(letter_id).status == "draft"  # the author wrote it


def test_one_account_may_do_it_all_when_the_setting_is_off(write_config, store, password_hash):
    settings = load_settings(write_config("[letters]\nseparate_approver = false\n"))
    app = create_app(settings, store, test_config={"TESTING": True})
    store.create_user("lanhdao", password_hash, role="leader")
    alone = Browser(app.test_client())
    assert alone.login("lanhdao").status_code == 302
    _profile(store)
    letter_id = _new_letter(alone)
    _approve_issue(alone, letter_id)
    assert store.letter_by_id(letter_id).status == "issued"


def test_an_admin_is_warned_when_there_is_only_one_leader(staff, store, password_hash):
    store.create_user("lanhdao", password_hash, role="leader")
    page = staff.get("/letters").get_data(as_text=True)
    assert 'id="leader-warning"' in page and "một tài khoản lãnh đạo (lanhdao)" in page
    store.create_user("phogiamdoc", password_hash, role="leader")
    assert 'id="leader-warning"' not in staff.get("/letters").get_data(as_text=True)


def test_a_new_shipped_template_replaces_an_unedited_default_but_never_an_edited_one(any_store):
    defaults = load_defaults()
    old = {**defaults["xin_loi"], "body": "Chúng tôi đã để xảy ra sai sót: {noi_dung_sai}."}
    any_store.save_letter_template("xin_loi", user="", **old)
    any_store.save_letter_template("cam_on", user="quantri", **defaults["cam_on"])
    edited = {**defaults["cam_on"], "body": "Cảm ơn {xung_ho} {ho_ten}."}
    any_store.save_letter_template("cam_on", user="quantri", **edited)
    any_store.ensure_letter_templates(defaults)
    shipped = any_store.current_template("xin_loi")
    assert shipped.version == 2 and shipped.body == defaults["xin_loi"]["body"]
    assert any_store.current_template("cam_on").body == "Cảm ơn {xung_ho} {ho_ten}."
    assert any_store.current_template("xin_loi_thai_do").version == 1
    any_store.ensure_letter_templates(defaults)  # nothing changed: no new version
    assert any_store.current_template("xin_loi").version == 2


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("Thủ tục thẩm định hồ sơ", "thẩm định hồ sơ"),
        ("thủ tục hành chính: Đăng ký khai sinh", "đăng ký khai sinh"),
        ("THỦ TỤC  Cấp lại giấy phép", "cấp lại giấy phép"),
        ("Cấp lại giấy phép lái xe", "Cấp lại giấy phép lái xe"),
        ("Thủ tục UBND cấp xã", "UBND cấp xã"),
        ("Thủ tục", "Thủ tục"),
    ],
)
def test_procedure_names_read_after_thu_tuc(typed, printed):
    assert procedure_name(typed) == printed


def test_signature_lines_and_what_a_profile_lacks():
    acting = {"authority": "kt. giám đốc", "position": "Phó Giám đốc"}
    assert signature_lines(acting) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert signature_lines({"authority": "GIÁM ĐỐC", "position": "GIÁM ĐỐC"}) == ["GIÁM ĐỐC"]
    assert signature_lines({"authority": "Q. GIÁM ĐỐC"}) == ["Q. GIÁM ĐỐC"]
    lacking = profile_problems({"authority": "TM. ỦY BAN NHÂN DÂN", "name": "SỞ NỘI VỤ"})
    assert any("bắt buộc khi ký “TM.”" in problem for problem in lacking)
    assert any(problem.startswith("Họ và tên người ký") for problem in lacking)
    full = {
        "name": "SỞ NỘI VỤ",
        "place": "Hà Nam",
        "authority": "Q. GIÁM ĐỐC",
        "signer": "Trần Thị Bình",
        "hotline": "0226 3852 000",
        "email": "snv@hanam.gov.vn",
    }
    assert profile_problems(full) == []

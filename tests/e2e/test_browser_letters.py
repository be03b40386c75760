"""In a real headless Chromium: a leader writes a Thư xin lỗi from a follow-up case and previews
it, a second leader approves and issues it, and the numbered DOCX downloads; the pages fit a
390 px phone."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from docx import Document

from admin_web import create_app
from admin_web.accounts import create_account
from admin_web.server import AdminServer
from lobby.store import Store
from lobby.visit_record import AnswerRecord, VisitRecord

WIDEST = "() => document.documentElement.scrollWidth"
PASSWORD = "mat-khau-rat-dai"


@pytest.fixture
def product(settings):
    """The admin web on a real SQLite store with two leaders, the office's letter details and
    one follow-up case."""
    store = Store.open(settings.store_url)
    create_account(store, "binh", PASSWORD, PASSWORD, role="leader")
    create_account(store, "an", PASSWORD, PASSWORD, role="leader")
    store.set_letter_profile(
        {
            "parent": "UBND TỈNH HÀ NAM",
            "name": "SỞ NỘI VỤ",
            "name_text": "Sở Nội vụ",
            "abbreviation": "SNV",
            "place": "Hà Nam",
            "authority": "GIÁM ĐỐC",
            "signer": "Nguyễn Văn Hùng",
            "hotline": "0226 3852 000",
            "email": "sonoivu@hanam.gov.vn",
        }
    )
    answer = AnswerRecord("overall", "Hài lòng?", "khong_hai_long", "Không hài lòng", 2, False)
    visit = VisitRecord(
        id=VisitRecord.new_id(),
        device_id="kiosk-1",
        channel="kiosk",
        created_at=datetime(2026, 3, 4, 3, 0, tzinfo=UTC),
        survey_key="default",
        survey_version=1,
        answers=(answer,),
        dossier_code="H34-0001",
        comment="Phải đi lại 3 lần <vì> thiếu {giấy}",
    )
    assert store.record_visit(visit, repeat_interval_seconds=0)
    store.sync_cases()
    case_id = store.list_cases()[0].id
    server = AdminServer(create_app(settings=settings, store=store), "127.0.0.1", 0).start()
    yield server.url.rstrip("/"), store, case_id
    server.stop()
    store.close()


def _logged_in(browser, url: str, username: str):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    return page


def test_leader_writes_approves_issues_and_downloads_a_letter(browser, product, tmp_path):
    from playwright.sync_api import expect

    url, store, case_id = product
    page = _logged_in(browser, url, "binh")
    page.goto(f"{url}/letters/new?case={case_id}")
    expect(page.locator("#ma_ho_so")).to_have_value("H34-0001")
    # The citizen's words wait in their own field; the letter quotes them only when ticked.
    expect(page.locator("#y_kien")).to_have_value("Phải đi lại 3 lần <vì> thiếu {giấy}")
    page.check("#giu_y_kien")
    page.select_option("#xung_ho", "Bà")
    page.fill("#ho_ten", "Trần Thị Lan")
    page.fill("#noi_dung_sai", "phải đi lại nhiều lần")
    page.fill("#da_xu_ly", "Đã hướng dẫn lại đầy đủ thành phần hồ sơ")
    page.click("button[value=preview]")
    expect(page.locator(".letter-preview .letter-greeting")).to_have_text(
        "Kính gửi: Bà Trần Thị Lan"
    )
    assert page.evaluate(WIDEST) <= 390
    page.click("button[value=save]")
    expect(page.locator("#letter-status")).to_have_text("Bản nháp")
    # The author may not approve it; the second leader does.
    expect(page.get_by_role("button", name="Duyệt: Thư xin lỗi gửi Trần Thị Lan")).to_be_disabled()
    letter_url = page.url
    page = _logged_in(browser, url, "an")
    page.goto(letter_url)
    page.get_by_role("button", name="Duyệt: Thư xin lỗi gửi Trần Thị Lan").click()
    expect(page.locator("#letter-status")).to_have_text("Đã duyệt")
    page.get_by_role("button", name="Ban hành (cấp số): Thư xin lỗi gửi Trần Thị Lan").click()
    expect(page.locator("#letter-status")).to_have_text("Đã ban hành")
    expect(page.locator("#letter-number")).to_have_text("01/TXL-SNV")
    assert page.evaluate(WIDEST) <= 390

    with page.expect_download() as caught:
        page.get_by_role("link", name="Tải DOCX: 01/TXL-SNV").click()
    saved = Path(tmp_path / "letter.docx")
    caught.value.save_as(saved)
    doc = Document(str(saved))
    header = doc.tables[0]
    assert header.rows[1].cells[0].paragraphs[0].text == "Số: 01/TXL-SNV"
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Kính gửi: Bà Trần Thị Lan" in text
    assert "“Phải đi lại 3 lần <vì> thiếu {giấy}”" in text
    assert saved.read_bytes() == store.letter_docx(store.list_letters()[0].id)
    page.goto(f"{url}/letters")
    expect(page.get_by_role("link", name="Tải DOCX: 01/TXL-SNV")).to_be_visible()
    assert page.evaluate(WIDEST) <= 390

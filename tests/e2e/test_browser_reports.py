"""In a real headless Chromium: a leader opens /reports, downloads the quarterly DOCX and XLSX
(the page shows the job's progress, then the file arrives with its name), and both open."""

from __future__ import annotations

import pytest
from docx import Document
from openpyxl import load_workbook

from admin_web import create_app
from admin_web.passwords import hash_password
from admin_web.server import AdminServer
from lobby.store import Store
from tests.admin.reports_data import fill

PASSWORD = "mat-khau-rat-dai-lanh-dao"


@pytest.fixture
def product(settings):
    """The admin web on a real SQLite store with the known visits of November 2026 and a leader."""
    store = Store.open(settings.store_url)
    store.create_user("lanhdao", hash_password(PASSWORD), role="leader")
    fill(store)
    server = AdminServer(create_app(settings=settings, store=store), "127.0.0.1", 0).start()
    yield server.url.rstrip("/")
    server.stop()
    store.close()


def test_a_leader_downloads_the_quarterly_docx_and_xlsx(browser, product, tmp_path):
    from playwright.sync_api import expect

    context = browser.new_context(accept_downloads=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{product}/reports")
    page.fill("input[name=username]", "lanhdao")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{product}/reports")
    expect(page.locator("h1")).to_have_text("Báo cáo định kỳ")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390

    row = page.locator("#p-2026-Q4")
    with page.expect_download() as word:
        row.get_by_role("link", name="Word: Quý IV/2026").click()
    assert word.value.suggested_filename == "bao-cao-hai-long_2026-Q4.docx"
    expect(page.locator("#report-progress")).to_be_visible()  # the job's progress was shown
    expect(page.locator("#report-progress-bar")).to_have_attribute("value", "100")
    docx_path = tmp_path / word.value.suggested_filename
    word.value.save_as(docx_path)
    text = "\n".join(p.text for p in Document(str(docx_path)).paragraphs)
    assert "BÁO CÁO" in text and "Tỷ lệ hài lòng: 66,7%." in text

    with page.expect_download() as excel:
        row.get_by_role("link", name="Excel: Quý IV/2026").click()
    assert excel.value.suggested_filename == "bao-cao-hai-long_2026-Q4.xlsx"
    xlsx_path = tmp_path / excel.value.suggested_filename
    excel.value.save_as(xlsx_path)
    book = load_workbook(xlsx_path)
    assert book.sheetnames[0] == "Tổng hợp" and "Dữ liệu thô" in book.sheetnames
    context.close()

"""Follow-up cases through the test client: made from visits, worked by leaders, phone numbers
kept off lists, CSV, audit and API, and erased after the retention period."""

from __future__ import annotations

import re
from datetime import timedelta

from admin_web.server import JOBS_EXTENSION
from lobby import clock
from tests.admin.watchlist_data import PHONE, case_ids, case_visits, officials, vote
from tests.helpers_wait import wait_for


def test_cases_are_made_once_from_callbacks_and_low_ratings_with_a_comment(store, leader):
    callback, comment = case_visits(store)
    assert store.sync_cases() == 2
    assert store.sync_cases() == 0  # idempotent
    page = leader.get("/cases").get_data(as_text=True)
    assert len(case_ids(page)) == 2
    assert "Chờ quá lâu" in page and "Rất tốt" not in page
    assert PHONE not in page  # never in the list
    by_visit = {store.case_by_id(i).visit_id: i for i in case_ids(page)}
    assert set(by_visit) == {callback, comment}
    case = store.case_by_id(by_visit[callback])
    assert case.status == "new" and case.wants_callback and case.notes == ()


def test_a_leader_works_a_case_and_sees_the_phone_on_its_page(store, leader):
    callback, _ = case_visits(store)
    store.sync_cases()
    case_id = next(i for i in range(1, 5) if store.case_by_id(i).visit_id == callback)
    page = leader.get(f"/cases/{case_id}").get_data(as_text=True)
    assert f'href="tel:{PHONE}"' in page
    shown = clock.to_local(store.visit_by_id(callback).created_at).strftime("%d/%m/%Y %H:%M")
    assert f'<dd id="visit-time">{shown}</dd>' in page
    assert "Nguyễn Văn An" in page and "Không hài lòng" in page and "thai_do" in page
    if "letters.new" in leader.client.application.view_functions:
        assert f"/letters/new?case={case_id}" in page
    else:
        assert "Viết thư xin lỗi" not in page

    assert leader.post(f"/cases/{case_id}/take").status_code == 302
    refused = leader.post(f"/cases/{case_id}/note", {"text": "   "})
    assert refused.status_code == 422 and "Hãy viết nội dung" in refused.get_data(as_text=True)
    leader.post(f"/cases/{case_id}/note", {"text": "Đã gọi, hẹn gặp lại thứ Hai"})
    me = str(store.get_user_by_name("lanhdao").id)
    assert (
        leader.post(f"/cases/{case_id}/update", {"status": "resolved", "assignee": me}).status_code
        == 302
    )
    case = store.case_by_id(case_id)
    assert case.status == "resolved" and case.assignee == "lanhdao"
    assert [(n.author, n.text) for n in case.notes] == [("lanhdao", "Đã gọi, hẹn gặp lại thứ Hai")]
    assert leader.post(f"/cases/{case_id}/update", {"status": "bogus"}).status_code == 422

    mine = leader.get("/cases?status=resolved&assignee=me").get_data(as_text=True)
    assert case_ids(mine) == [case_id]
    assert case_ids(leader.get("/cases?status=new").get_data(as_text=True)) != [case_id]
    assert case_ids(leader.get("/cases?assignee=none").get_data(as_text=True)) != [case_id]

    entries = store.audit_entries()
    assert {e.action for e in entries} >= {"case.assign", "case.note", "case.update"}
    assert not any(PHONE in (e.before or "") + (e.after or "") + e.target for e in entries)


def test_phone_is_never_in_the_csv_exports_or_the_api(store, leader):
    case_visits(store)
    store.sync_cases()
    cases_csv = leader.get("/cases/export.csv").get_data(as_text=True)
    assert cases_csv.startswith("\ufeffMã phản ánh,") and "Chờ quá lâu" in cases_csv
    assert "Có" in cases_csv and PHONE not in cases_csv
    today = clock.local_day(clock.utcnow())
    day = (today - timedelta(days=1)).strftime("%d/%m/%Y")
    results = leader.get(f"/results/export.csv?from={day}&to={today:%d/%m/%Y}")
    assert results.status_code == 200 and PHONE not in results.get_data(as_text=True)
    for url in ("/api/results", "/api/results?by=official"):
        api = leader.get(url)
        assert api.status_code == 200 and PHONE not in api.get_data(as_text=True)


def test_editor_gets_403_and_a_huge_or_unknown_id_404(store, staff, browser, password_hash):
    assert staff.get("/cases/999").status_code == 404
    assert staff.get("/cases/99999999999999999999999").status_code == 404
    assert staff.post("/cases/999/note", {"text": "x"}).status_code == 404
    staff.post("/logout")
    store.create_user("bientap", password_hash, role="editor")
    browser.login("bientap")
    for url in ("/cases", "/cases/1", "/cases/export.csv"):
        assert browser.get(url).status_code == 403


def test_phones_older_than_the_retention_are_erased_with_a_note(app, store, leader):
    now = clock.utcnow()
    old, _ = case_visits(store, when=now - timedelta(days=91))
    version = officials(store)
    recent = vote(
        store,
        version,
        "cb-a",
        3,
        now - timedelta(days=89),
        callback_phone="0987654321",
        callback_consent=True,
    )
    # Opening the list makes the cases but writes nothing else: the erasure is the hourly job's.
    page = leader.get("/cases").get_data(as_text=True)
    assert len(case_ids(page)) == 3
    assert store.visit_by_id(old).callback_phone == PHONE
    assert not [e for e in store.audit_entries() if e.action == "case.erase_phones"]
    for job in app.extensions[JOBS_EXTENSION]:  # the server's hourly jobs, run once
        job(app)
    assert store.visit_by_id(old).callback_phone is None
    assert store.visit_by_id(recent).callback_phone == "0987654321"
    erased = next(
        store.case_by_id(i) for i in case_ids(page) if store.case_by_id(i).visit_id == old
    )
    assert erased.phone_erased_at is not None
    assert [n.text for n in erased.notes] == ["Đã xoá số điện thoại theo thời hạn lưu."]
    detail = leader.get(f"/cases/{erased.id}").get_data(as_text=True)
    assert PHONE not in detail and "Đã xoá số điện thoại theo thời hạn lưu" in detail
    assert store.erase_expired_phones(90) == 0  # nothing left to erase, no second note
    (entry,) = [e for e in store.audit_entries() if e.action == "case.erase_phones"]
    assert '"erased": 1' in entry.after and PHONE not in entry.after
    assert len(store.case_by_id(erased.id).notes) == 1


def test_the_admin_server_runs_the_upkeep_at_start(store, settings):

    from admin_web import create_app
    from admin_web.server import AdminServer

    old, _ = case_visits(store, when=clock.utcnow() - timedelta(days=100))
    server = AdminServer(create_app(settings, store), "127.0.0.1", 0).start()
    try:
        wait_for(
            lambda: store.visit_by_id(old).callback_phone is None,
            10,
            "the phone to be erased at start",
            every=0.05,
        )
    finally:
        server.stop()
    assert store.count_cases() == 2


def test_sync_and_erase_work_on_both_databases(any_store):
    now = clock.utcnow()
    old, comment = case_visits(any_store, when=now - timedelta(days=200))
    assert any_store.sync_cases() == 2 and any_store.sync_cases() == 0
    assert any_store.erase_expired_phones(90, now=now) == 1
    assert any_store.visit_by_id(old).callback_phone is None
    listed = any_store.list_cases()
    assert [c.wants_callback for c in listed] == [False, True]  # newest visit first
    case = any_store.case_by_id(listed[1].id)
    assert case.visit_id == old and case.phone_erased_at is not None
    any_store.update_case(case.id, status="contacted")
    any_store.add_case_note(case.id, "lanhdao", "Đã gọi")
    assert [n.text for n in any_store.case_by_id(case.id).notes][-1] == "Đã gọi"
    assert any_store.list_cases(status="contacted")[0].id == case.id
    assert any_store.acknowledge_watchlist("official", "cb-a", "2026-Q3", "lanhdao")
    assert not any_store.acknowledge_watchlist("official", "cb-a", "2026-Q3", "lanhdao")


def test_front_page_counts_new_cases(store, leader):
    case_visits(store)

    def tile() -> str:
        page = leader.get("/").get_data(as_text=True)
        return re.search(r'id="cases-tile".*?big-number">(\d+)<', page, re.S).group(1)

    assert tile() == "2"  # the front page makes the cases itself
    leader.post("/cases/1/take")
    assert tile() == "1"

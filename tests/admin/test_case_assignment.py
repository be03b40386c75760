"""A case can be given only to an active account whose role may open cases, whatever the POST
says; opening the list writes nothing but new cases."""

from __future__ import annotations

from tests.admin.watchlist_data import case_ids, case_visits


def test_a_crafted_post_cannot_give_a_case_to_an_editor(store, staff, password_hash):
    case_visits(store)
    (case_id, *_rest) = case_ids(staff.get("/cases").get_data(as_text=True))
    editor = store.create_user("bientap", password_hash, role="editor")
    response = staff.post(f"/cases/{case_id}/update", {"status": "new", "assignee": str(editor)})
    assert response.status_code == 422
    assert "Chỉ giao được phản ánh cho tài khoản đang dùng có quyền mở trang phản ánh" in (
        response.get_data(as_text=True)
    )
    assert store.case_by_id(case_id).assignee is None
    assert not [e for e in store.audit_entries() if e.action == "case.update"]


def test_a_case_goes_to_an_active_leader_but_not_a_disabled_one(store, staff, password_hash):
    case_visits(store)
    (case_id, *_rest) = case_ids(staff.get("/cases").get_data(as_text=True))
    leader = store.create_user("lanhdao", password_hash, role="leader")
    away = store.create_user("nghiviec", password_hash, role="leader")
    store.set_user_active(away, False)
    response = staff.post(f"/cases/{case_id}/update", {"status": "new", "assignee": str(away)})
    assert response.status_code == 422
    response = staff.post(f"/cases/{case_id}/update", {"status": "new", "assignee": str(leader)})
    assert response.status_code == 302
    assert store.case_by_id(case_id).assignee == "lanhdao"

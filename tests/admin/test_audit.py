"""The audit log: who changed what, when, before and after; its page, filters and CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta

from lobby import clock
from lobby.store.models import AuditEntry
from tests.admin.helpers import Browser

NEW = "Một-mật-khẩu-mới-rất-dài-7"


def _entries(store, action=None):
    return [e for e in store.audit_entries() if action is None or e.action == action]


def test_logins_logouts_and_account_changes_are_recorded(app, staff, store, admin):
    staff.post(
        "/users",
        {"username": "bientap", "role": "editor", "password": NEW, "password_confirm": NEW},
    )
    user_id = store.get_user_by_name("bientap").id
    staff.post(f"/users/{user_id}/disable")
    staff.post(f"/users/{user_id}/password", {"password": NEW, "password_confirm": NEW})
    staff.post("/logout")
    actions = [e.action for e in reversed(store.audit_entries())]
    assert actions == [
        "login",
        "user.create",
        "user.disable",
        "user.reset_password",
        "logout",
    ]
    assert all(e.username == admin for e in store.audit_entries())
    disabled = _entries(store, "user.disable")[0]
    assert disabled.target == f"user:{user_id}"
    assert json.loads(disabled.before)["active"] is True
    assert json.loads(disabled.after)["active"] is False
    everything = " ".join(f"{e.before} {e.after}" for e in store.audit_entries())
    assert "argon2" not in everything and NEW not in everything


def test_sign_changes_are_recorded_with_before_and_after(staff, store):
    every_day = [str(d) for d in range(7)]
    sign_form = {"text": "Xin chào quý khách", "enabled": "y", "weekdays": every_day}
    assert staff.post("/sign/add", {**sign_form, "mode": "rotate"}).status_code == 302
    message = store.list_sign_messages()[0]
    staff.post(f"/sign/{message.id}/disable")
    staff.post(f"/sign/{message.id}/delete")
    actions = ("sign.add", "sign.disable", "sign.delete")
    added, disabled, deleted = (_entries(store, a)[0] for a in actions)
    assert json.loads(added.after)["text"] == "Xin chào quý khách"
    assert json.loads(disabled.before)["enabled"] is True
    assert json.loads(disabled.after)["enabled"] is False
    assert json.loads(deleted.before)["text"] == "Xin chào quý khách" and deleted.after is None
    page = staff.get("/audit").get_data(as_text=True)
    assert "sign.delete" in page and "Xin chào quý khách" in page


def _backdate(store, action: str, moment: datetime) -> None:
    with store.session() as s:
        for entry in s.query(AuditEntry).filter(AuditEntry.action == action):
            entry.at = moment


def test_the_page_filters_by_user_action_and_dates_typed_dd_mm_yyyy(staff, store, admin):
    store.audit("lanhdao", "watch.ack", "official:7", None, {"note": "đã nhắc"})
    store.audit("bientap", "sign.add", "sign_message", None, {"text": "Chào"})
    # 20/03/2026 00:30 in Hà Nội is still 19/03 in UTC: the filter must use the office's day.
    _backdate(store, "watch.ack", datetime(2026, 3, 19, 17, 30, tzinfo=clock.UTC))
    by_user = staff.get("/audit?user=lanhdao").get_data(as_text=True)
    assert "watch.ack" in by_user and "bientap" not in by_user
    by_action = staff.get("/audit?action=sign.add").get_data(as_text=True)
    assert "bientap" in by_action and "official:7" not in by_action
    one_day = staff.get("/audit?from=20/03/2026&to=20/03/2026").get_data(as_text=True)
    assert "official:7" in one_day and "sign_message" not in one_day
    before = staff.get("/audit?to=19/03/2026").get_data(as_text=True)
    assert "official:7" not in before


def test_a_bad_date_gets_a_clear_message(staff):
    response = staff.get("/audit?from=31/02/2026")
    assert response.status_code == 400
    assert "dd/mm/yyyy" in response.get_data(as_text=True)
    assert staff.get("/audit/export.csv?to=hôm-qua").status_code == 400


def test_the_csv_has_a_bom_and_no_formulas(staff, store):
    store.audit('=HYPERLINK("http://x")', "@SUM(A1)", "+1", {"a": 1}, None)
    response = staff.get("/audit/export.csv")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeffThời gian,Người làm,Thao tác,Đối tượng,Trước,Sau")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    row = next(r for r in rows if "SUM" in r[2])
    assert row[1].startswith("'=") and row[2] == "'@SUM(A1)" and row[3] == "'+1"
    assert json.loads(row[4]) == {"a": 1}
    assert len(rows) == 1 + len(store.audit_entries())


def test_only_admins_see_the_audit_log(app, store, password_hash):
    store.create_user("lanhdao", password_hash, role="leader")
    browser = Browser(app.test_client())
    browser.login("lanhdao")
    assert browser.get("/audit").status_code == 403
    assert browser.get("/audit/export.csv").status_code == 403
    assert store.audit_entries()[0].action == "login"
    assert store.audit_entries()[0].at > clock.utcnow() - timedelta(minutes=1)

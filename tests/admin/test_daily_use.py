"""What a clerk and a leader use every day: the audit log in words, cases with a due date and the
outcome of each call, device warnings in working hours only, periods named as the documents do."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from admin_web import create_app
from admin_web.audit_words import action_label, change_text, changes, target_label
from admin_web.periods import parse_period, period_choices
from lobby import clock
from lobby.office_hours import OfficeHours, parse_days, parse_hours
from lobby.settings import ConfigError, load_settings
from lobby.store.devices import upsert_device
from lobby.store.models import Device
from tests.admin.helpers import Browser
from tests.admin.watchlist_data import case_ids, case_visits

# --- the audit log in words


def test_every_action_the_admin_records_has_vietnamese_words():
    from admin_web.audit_words import ACTION_LABELS

    for action, label in ACTION_LABELS.items():
        assert label and not re.search(r"[a-z]+\.[a-z_]+", label), action
    assert action_label("official.create") == "Thêm cán bộ"
    assert action_label("sign.add") == "Thêm thông điệp bảng LED"
    # An action added later without words still reads in Vietnamese, by its area.
    assert action_label("official.something_new") == "Cán bộ: thay đổi khác"
    assert action_label("zzz") == "Thay đổi khác"


def test_details_are_lines_of_what_changed_not_json():
    before = '{"active": true, "name": "Nguyễn Văn An", "role": "leader", "code": "cb-a"}'
    after = '{"active": false, "name": "Nguyễn Văn An", "role": "admin", "code": "cb-a"}'
    lines = [change_text(c) for c in changes(before, after, "Asia/Ho_Chi_Minh")]
    assert lines == ["Đang dùng: Có → Không", "Vai trò: Lãnh đạo → Quản trị"]
    added = [change_text(c) for c in changes(None, '{"text": "Chào", "id": 4}', "UTC")]
    assert added == ["Nội dung: Chào"]
    removed = [change_text(c) for c in changes('{"text": "Chào"}', None, "UTC")]
    assert removed == ["Nội dung: Chào (đã bỏ)"]
    moment = changes(None, '{"starts_at": "2026-03-20T01:30:00+00:00"}', "Asia/Ho_Chi_Minh")
    assert change_text(moment[0]) == "Bắt đầu: 20/03/2026 08:30"
    assert target_label("official:CB0001") == "Cán bộ CB0001"
    assert target_label("case:12") == "Phản ánh #12"
    assert target_label("device:kiosk:k1") == "Kiosk “k1”"


def test_the_audit_page_shows_words_and_pages(staff, store):
    for n in range(60):
        store.audit("quantri", "unit.update", f"unit:u{n}", {"name": f"Tổ {n}"}, {"name": "Tổ mới"})
    page = staff.get("/audit").get_data(as_text=True)
    shown = page[page.index("<tbody>") :]
    assert "Sửa đơn vị" in shown and "Tên: Tổ 59 → Tổ mới" in shown
    assert "unit.update" not in re.sub(r'data-[a-z]+="[^"]*"', "", shown)
    assert "{" not in shown and "&#34;" not in shown
    assert "trang 1/2" in page and 'href="/audit?trang=2"' in page
    second = staff.get("/audit?trang=2").get_data(as_text=True)
    assert "Tên: Tổ 0 → Tổ mới" in second and "Tổ 59 →" not in second
    # The action filter offers words, keeping the code as the value.
    assert '<option value="unit.update">Sửa đơn vị</option>' in page


# --- cases: due date, overdue, the outcome of each call


def test_a_case_is_due_after_working_days_and_overdue_after(store, leader):
    old = clock.utcnow() - timedelta(days=30)
    case_visits(store, when=old)
    new_visits = case_visits(store, when=clock.utcnow() - timedelta(minutes=5))
    page = leader.get("/cases").get_data(as_text=True)
    ids = case_ids(page)
    assert len(ids) == 4
    overdue = leader.get("/cases?qua_han=1").get_data(as_text=True)
    late = case_ids(overdue)
    assert len(late) == 2 and "Quá hạn" in overdue
    assert "Quá hạn: 2" in page
    newest = store.list_cases(limit=1)[0]
    assert newest.id not in late and new_visits
    one = leader.get(f"/cases/{late[0]}").get_data(as_text=True)
    assert 'id="due"' in one and "Quá hạn" in one


def test_the_due_date_counts_working_days_only():
    hours = OfficeHours(7 * 60, 17 * 60, parse_days("1-5"), "Asia/Ho_Chi_Minh")
    friday = date(2026, 12, 4)
    assert hours.add_working_days(friday, 5) == date(2026, 12, 11)
    assert hours.add_working_days(friday, 1) == date(2026, 12, 7)
    # On Monday 14/12, visits up to Friday 04/12 are late (due Friday 11/12).
    assert hours.latest_day_due_before(date(2026, 12, 14), 5) == date(2026, 12, 6)


def test_each_call_is_recorded_with_its_outcome(store, leader):
    case_visits(store)
    case_id = case_ids(leader.get("/cases").get_data(as_text=True))[0]
    response = leader.post(f"/cases/{case_id}/note", {"text": "", "call_outcome": "not_reached"})
    assert response.status_code == 302
    leader.post(f"/cases/{case_id}/note", {"text": "Đã xin lỗi", "call_outcome": "reached"})
    page = leader.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Gọi lại: Không liên lạc được" in page and "Gọi lại: Đã liên lạc được" in page
    assert "Kết quả cuộc gọi gần nhất: <strong>Đã liên lạc được</strong>" in page
    listed = leader.get("/cases").get_data(as_text=True)
    assert "lần gọi gần nhất: Đã liên lạc được" in listed
    bad = leader.post(f"/cases/{case_id}/note", {"text": "x", "call_outcome": "hacked"})
    assert bad.status_code == 422
    notes = store.case_by_id(case_id).notes
    assert [n.call_outcome for n in notes] == ["not_reached", "reached"]


def test_cases_are_found_by_number_name_or_comment(store, leader):
    case_visits(store)
    by_name = case_ids(leader.get("/cases?q=binh").get_data(as_text=True))
    by_comment = case_ids(leader.get("/cases?q=l%C3%A2u").get_data(as_text=True))
    assert len(by_name) == 1 and by_name == by_comment
    assert case_ids(leader.get(f"/cases?q={by_name[0]}").get_data(as_text=True)) == by_name


# --- device warnings: working hours, reporting devices, names


def _home(write_config, store, password_hash, config: str) -> str:
    app = create_app(load_settings(write_config(config)), store, test_config={"TESTING": True})
    browser = Browser(app.test_client())
    store.create_user("quantri", password_hash, role="admin")
    browser.login("quantri")
    return browser.get("/").get_data(as_text=True)


def _warning(html: str) -> str:
    found = re.search(r'id="device-warning">(.*?)</div>', html, re.S)
    return found.group(1) if found else ""


def test_devices_are_reported_only_on_working_days(write_config, store, password_hash):
    with store.session() as s:
        upsert_device(s, "k-sanh", seen_at=clock.utcnow() - timedelta(hours=3))
    today = clock.to_local(clock.utcnow()).isoweekday()
    others = ",".join(str(d) for d in range(1, 8) if d != today)
    closed = f'[office]\nworking_hours = "00:00-24:00"\nworking_days = "{others}"\n'
    assert "k-sanh" not in _home(write_config, store, password_hash, closed)
    app = create_app(
        load_settings(
            write_config('[office]\nworking_hours = "00:00-24:00"\nworking_days = "1-7"\n')
        ),
        store,
        test_config={"TESTING": True},
    )
    browser = Browser(app.test_client())
    browser.login("quantri")
    assert "k-sanh" in _warning(browser.get("/").get_data(as_text=True))


def test_only_kiosks_and_signs_are_reported_and_unnamed_ones_say_so(
    write_config, store, password_hash
):
    from tests.admin.watchlist_data import officials, vote

    version = officials(store)
    long_ago = clock.utcnow() - timedelta(hours=3)
    # Visits typed from paper forms are written under a device id of their own.
    vote(store, version, "cb-a", 0, long_ago)
    from lobby.visit_record import AnswerRecord, VisitRecord

    paper = VisitRecord(
        id=VisitRecord.new_id(),
        device_id="paper-quantri",
        channel="paper",
        created_at=long_ago,
        survey_key="s",
        survey_version=version,
        answers=(AnswerRecord("overall", "?", "hai_long", "Hài lòng", 0, True),),
    )
    assert store.record_visit(paper, repeat_interval_seconds=0)
    with store.session() as s:  # both last heard from three hours ago
        for device in s.scalars(select(Device)):
            device.last_seen_at = long_ago
    always = '[office]\nworking_hours = "00:00-24:00"\nworking_days = "1-7"\n'
    text = _warning(_home(write_config, store, password_hash, always))
    assert "k1" in text and "chưa đặt tên" in text and "Đặt tên" in text
    assert "paper-quantri" not in text
    store.set_device_label("kiosk", "k1", "Kiosk sảnh tầng 1", "Sảnh chính")
    browser = Browser(
        create_app(
            load_settings(write_config(always)), store, test_config={"TESTING": True}
        ).test_client()
    )
    browser.login("quantri")
    named = _warning(browser.get("/").get_data(as_text=True))
    assert "Kiosk “Kiosk sảnh tầng 1” (Sảnh chính)" in named and "chưa đặt tên" not in named


def test_office_hours_open_and_close():
    hours = OfficeHours(*parse_hours("07:00-17:00"), parse_days("1-5"), "Asia/Ho_Chi_Minh")
    monday_0650 = datetime(2026, 12, 6, 23, 50, tzinfo=UTC)  # 06:50 in Hà Nội
    assert hours.minutes_open(monday_0650) is None
    assert hours.minutes_open(monday_0650 + timedelta(minutes=40)) == 30
    assert hours.minutes_open(datetime(2026, 12, 5, 3, 0, tzinfo=UTC)) is None  # Saturday
    always = OfficeHours(*parse_hours("00:00-24:00"), parse_days("1-7"), "Asia/Ho_Chi_Minh")
    assert always.minutes_open(monday_0650) > 24 * 60  # no opening at midnight


@pytest.mark.parametrize(
    "line", ['working_hours = "17:00-07:00"', 'working_hours = "7h"', 'working_days = "0-5"']
)
def test_bad_working_hours_name_the_key(write_config, line):
    with pytest.raises(ConfigError) as raised:
        load_settings(write_config(f"[office]\n{line}\n"))
    assert "[office] " + line.split(" ")[0] in str(raised.value)


# --- periods named as the documents name them


def test_quarters_are_named_in_roman_numerals():
    assert parse_period("2026-Q3").label == "Quý III/2026"
    assert parse_period("2026-Q4").label == "Quý IV/2026"
    assert parse_period("2026-H1").label == "6 tháng đầu năm 2026"
    groups = dict(period_choices(date(2026, 8, 10)))
    labels = [p.label for p in groups["Quý"]]
    assert labels[:3] == ["Quý III/2026", "Quý II/2026", "Quý I/2026"]
    assert "Quý IV/2026" not in labels  # not begun yet
    assert [p.label for p in groups["6 tháng"]][:2] == [
        "6 tháng cuối năm 2026",
        "6 tháng đầu năm 2026",
    ]
    assert groups["Tháng"][0].label == "Tháng 8/2026"


def test_the_home_page_offers_the_period_picker_and_keeps_the_choice(store, leader):
    page = leader.get("/?period=2026-Q3").get_data(as_text=True)
    assert "Kết quả Quý III/2026" in page
    assert '<option value="2026-Q3" selected>Quý III/2026</option>' in page
    bad = leader.get("/?period=2026-Q9").get_data(as_text=True)
    assert "Kỳ báo cáo không hợp lệ" in bad


# --- the watchlist says who is under a threshold with too few visits


def test_the_watchlist_names_those_under_the_threshold_with_too_few_visits(store, leader):
    from tests.admin.watchlist_data import Q3_DAY, officials, votes

    version = officials(store)
    votes(store, version, "cb-a", [3, 3, 3, 2, 0])  # 20% satisfied, five visits
    votes(store, version, "cb-b", [0] * 25, start=Q3_DAY + timedelta(days=1))  # all satisfied
    page = leader.get("/watchlist?period=2026-Q3").get_data(as_text=True)
    assert 'id="empty"' in page and "chưa đủ lượt" in page
    few = page[page.index('id="few"') :]
    assert "Nguyễn Văn An" in few and "5 / 20" in few and "Trần Thị Bình" not in few
    assert "Phòng Một cửa" in few  # its unit too: five visits as well
    # The same official with enough visits is on the watchlist itself, not among the few.
    votes(store, version, "cb-a", [3] * 20, start=Q3_DAY + timedelta(days=2))
    page = leader.get("/watchlist?period=2026-Q3").get_data(as_text=True)
    assert 'id="watchlist"' in page and "Nguyễn Văn An" not in page[page.find('id="few"') :]

"""The sign pages: messages with schedules, urgent notices, status per sign, and the preview."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from admin_web import create_app
from lobby.clock import format_datetime
from lobby.settings import load_settings
from lobby.store.sign import ALL_DAYS, SIMULATED_SIGN_ID
from signage.items import BoardProfile, SignItem
from signage.protocols import alpha
from tests.admin.helpers import Browser

EVERY_DAY = [str(d) for d in range(7)]
# A simulated board of the configured profile (7 x 80, the board's own ASCII font), not the
# 16-row preview board simulated by default.
ASCII_BOARD = '[sign]\nsimulated_board = "configured"\n'


def form(text: str, **extra) -> dict:
    """The message form as a browser posts it with the defaults (every day ticked)."""
    return {"text": text, "enabled": "y", "weekdays": EVERY_DAY, "mode": "rotate", **extra}


def texts(store) -> list[str]:
    """Return the stored messages' texts in display order."""
    return [m.text for m in store.list_sign_messages()]


def test_adding_a_message_stores_it_enabled_at_the_end(staff, store):
    store.add_sign_message("Biết nghe dân nói")
    response = staff.post("/sign/add", form("Biết  nói\ndân hiểu"))
    assert response.status_code == 302
    assert texts(store) == ["Biết nghe dân nói", "Biết nói dân hiểu"]
    added = store.list_sign_messages()[-1]
    assert added.enabled and added.weekdays == ALL_DAYS and added.updated_by == "quantri"
    page = staff.get("/sign").get_data(as_text=True)
    assert "Biết nói dân hiểu" in page
    assert "Mọi ngày, cả ngày" in page


def test_a_message_added_unticked_is_stored_disabled(staff, store):
    data = form("Biết cảm ơn")
    del data["enabled"]
    staff.post("/sign/add", data)
    assert [m.enabled for m in store.list_sign_messages()] == [False]


def test_schedule_and_style_typed_as_text_are_stored_in_utc(staff, store):
    response = staff.post(
        "/sign/add",
        form(
            "Tuần lễ cải cách hành chính",
            start_date="02/12/2026",
            start_time="07:30",
            end_date="04/12/2026",
            weekdays=["0", "1", "2", "3", "4"],
            window_start="07:00",
            window_end="11:30",
            mode="hold",
            colour="green",
            speed="4",
        ),
    )
    assert response.status_code == 302
    (message,) = store.list_sign_messages()
    assert message.starts_at == datetime(2026, 12, 2, 0, 30, tzinfo=UTC)  # 07:30 in Hà Nội
    assert message.ends_at == datetime(2026, 12, 4, 17, 0, tzinfo=UTC)  # end of 04/12 local
    assert (message.weekdays, message.window_start, message.window_end) == (31, 420, 690)
    assert (message.mode, message.colour, message.speed) == ("hold", "green", 4)
    page = staff.get(f"/sign/{message.id}/edit").get_data(as_text=True)
    for typed in ('value="02/12/2026"', 'value="07:30"', 'value="07:00"', 'value="11:30"'):
        assert typed in page
    list_page = staff.get("/sign").get_data(as_text=True)
    assert "T2, T3, T4, T5, T6, 07:00–11:30" in list_page


@pytest.mark.parametrize(
    "extra, message",
    [
        ({"start_date": "31/02/2026"}, "Ngày bắt đầu không hợp lệ: “31/02/2026”"),
        ({"start_date": "2026-12-02"}, "dd/mm/yyyy"),
        ({"end_time": "08:00"}, "chưa nhập ngày kết thúc"),
        ({"window_start": "25:00", "window_end": "26:00"}, "Giờ bắt đầu trong ngày không hợp lệ"),
        ({"window_start": "07:00"}, "cần cả giờ bắt đầu và giờ kết thúc"),
        ({"weekdays": []}, "ít nhất một ngày"),
        ({"start_date": "05/12/2026", "end_date": "01/12/2026"}, "kết thúc phải sau"),
    ],
)
def test_bad_schedules_are_refused_in_vietnamese_and_what_was_typed_stays(
    staff, store, extra, message
):
    response = staff.post("/sign/add", form("Lịch sai", **extra))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert "Lịch sai</textarea>" in page
    assert texts(store) == []


@pytest.mark.parametrize(
    "bad_text, message",
    [
        ("   ", "Nội dung thông điệp không được để trống."),
        ("Xin chào\x07 quý khách", "ký tự điều khiển"),
    ],
)
def test_unusable_text_is_refused_in_vietnamese_and_nothing_is_lost(
    staff, store, bad_text, message
):
    store.add_sign_message("Biết xin lỗi và sửa lỗi")
    response = staff.post("/sign/add", form(bad_text))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert "Biết xin lỗi và sửa lỗi" in page  # the list is still shown
    assert texts(store) == ["Biết xin lỗi và sửa lỗi"]


def test_characters_the_board_cannot_draw_are_warned_about_before_saving(
    store, password_hash, write_config
):
    staff = logged_in(store, password_hash, write_config, ASCII_BOARD)
    response = staff.post("/sign/add", form("Chào ☺ quý khách"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "sẽ hiện thành “?”" in page and "<code>☺</code>" in page
    assert texts(store) == []
    # Saving again once warned keeps the text as typed.
    response = staff.post("/sign/add", form("Chào ☺ quý khách", confirm_unsupported="1"))
    assert response.status_code == 302
    assert texts(store) == ["Chào ☺ quý khách"]
    # Vietnamese and the usual punctuation are drawable: no warning.
    assert staff.post("/sign/add", form("Giá 5.000₫ – “tốt”…")).status_code == 302


def test_editing_a_message_changes_its_text_and_enabled_flag(staff, store):
    message_id = store.add_sign_message("Biết làm dân tin")
    assert "Biết làm dân tin" in staff.get(f"/sign/{message_id}/edit").get_data(as_text=True)
    data = form("Biết làm dân tin tưởng")
    del data["enabled"]
    response = staff.post(f"/sign/{message_id}/edit", data)
    assert response.status_code == 302
    edited = store.get_sign_message(message_id)
    assert (edited.text, edited.enabled) == ("Biết làm dân tin tưởng", False)


def test_editing_with_empty_text_keeps_the_stored_message(staff, store):
    message_id = store.add_sign_message("Biết làm dân tin")
    response = staff.post(f"/sign/{message_id}/edit", form(""))
    assert response.status_code == 422
    assert "không được để trống" in response.get_data(as_text=True)
    assert store.get_sign_message(message_id).text == "Biết làm dân tin"


def test_disable_and_enable_buttons_switch_the_message(staff, store):
    message_id = store.add_sign_message("Tôn trọng, lịch sự, thân thiện")
    staff.post(f"/sign/{message_id}/disable")
    assert not store.get_sign_message(message_id).enabled
    staff.post(f"/sign/{message_id}/enable")
    assert store.get_sign_message(message_id).enabled


def test_up_and_down_buttons_reorder_the_messages(staff, store):
    ids = [store.add_sign_message(text) for text in ("Một", "Hai", "Ba")]
    staff.post(f"/sign/{ids[2]}/up")
    assert texts(store) == ["Một", "Ba", "Hai"]
    staff.post(f"/sign/{ids[0]}/down")
    assert texts(store) == ["Ba", "Một", "Hai"]
    staff.post(f"/sign/{ids[2]}/up")  # already first: stays first
    assert texts(store) == ["Ba", "Một", "Hai"]


def test_delete_asks_first_then_removes_the_message(staff, store):
    keep = store.add_sign_message("Giữ lại")
    gone = store.add_sign_message("Xoá đi")
    confirm = staff.get(f"/sign/{gone}/delete")
    assert "Xoá đi" in confirm.get_data(as_text=True)
    assert texts(store) == ["Giữ lại", "Xoá đi"]
    response = staff.post(f"/sign/{gone}/delete", follow_redirects=True)
    assert "Đã xoá thông điệp." in response.get_data(as_text=True)
    assert [m.id for m in store.list_sign_messages()] == [keep]


def test_acting_on_a_message_deleted_meanwhile_explains_and_returns_to_the_list(staff, store):
    message_id = store.add_sign_message("Sắp bị xoá")
    store.delete_sign_message(message_id)
    for url in (f"/sign/{message_id}/disable", f"/sign/{message_id}/up"):
        response = staff.post(url, follow_redirects=True)
        assert response.status_code == 200
        assert "không còn" in response.get_data(as_text=True)
    assert staff.get(f"/sign/{message_id}/edit").status_code == 302


def test_an_urgent_notice_is_posted_with_its_expiry_and_can_be_ended(staff, store):
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).astimezone().strftime("%d/%m/%Y")
    response = staff.post(
        "/sign/notices/add",
        {"text": "Mất điện từ 14:00", "end_date": tomorrow, "end_time": "17:00"},
    )
    assert response.status_code == 302
    (notice,) = store.list_urgent_notices()
    assert (notice.text, notice.created_by) == ("Mất điện từ 14:00", "quantri")
    assert notice.expires_at > datetime.now(UTC)
    page = staff.get("/sign").get_data(as_text=True)
    assert "Mất điện từ 14:00" in page and "(đang hiển thị)" in page
    staff.post(f"/sign/notices/{notice.id}/end")
    assert store.list_urgent_notices() == []


@pytest.mark.parametrize(
    "data, message",
    [
        ({"text": "Khẩn"}, "Hãy nhập ngày hết hạn"),
        ({"text": "Khẩn", "end_date": "01/01/2020"}, "đã qua"),
        ({"text": "Khẩn", "end_date": "1/13/2030"}, "Ngày hết hạn không hợp lệ"),
    ],
)
def test_bad_notice_expiry_is_refused_in_vietnamese(staff, store, data, message):
    response = staff.post("/sign/notices/add", data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert store.list_urgent_notices() == []


def test_preview_of_an_unsaved_message_is_drawn_from_the_encoders_bytes(
    store, password_hash, write_config
):
    staff = logged_in(store, password_hash, write_config, ASCII_BOARD)
    response = staff.post("/sign/preview", form("Xin chào", mode="flash", speed="2"))
    assert response.status_code == 200
    data = response.get_json()
    snapshot = data["snapshot"]
    assert (snapshot["rows"], snapshot["columns"]) == (7, 80)
    (item,) = snapshot["items"]
    assert (item["text"], item["mode"], item["speed"]) == ("Xin chao", "flash", 2)
    assert len(item["pixels"]) == 7 and any("1" in row for row in item["pixels"])
    assert data["unsupported"] == []
    assert store.list_sign_messages() == []  # nothing saved
    bad = staff.post("/sign/preview", form("x", start_date="hôm qua"))
    assert bad.status_code == 422 and "dd/mm/yyyy" in bad.get_json()["error"]


def test_preview_needs_the_csrf_token(staff):
    response = staff.client.post("/sign/preview", data=form("Xin chào"))
    assert response.status_code in (400, 403)


def test_status_box_shows_port_last_success_last_error_and_bytes(staff, store):
    assert "Chưa có báo cáo" in staff.get("/sign").get_data(as_text=True)
    store.report_sign_ok("simulated", "Biết nghe dân nói", bytes_written=1234)
    store.report_sign_error("simulated", "Không mở được cổng /dev/ttyUSB0")
    page = staff.get("/sign").get_data(as_text=True)
    status = store.get_sign_status(SIMULATED_SIGN_ID)
    assert "Mất kết nối" in page
    assert "Không mở được cổng /dev/ttyUSB0" in page
    assert format_datetime(status.last_error_at) in page
    assert format_datetime(status.last_ok_at) in page
    assert "1.234 byte" in page


def test_a_connected_sign_whose_service_fell_silent_is_not_shown_connected(staff, store):
    store.report_sign_ok("simulated", "Xin chao")
    assert "Đang kết nối" in staff.get("/sign").get_data(as_text=True)
    store.report_sign_stopped("simulated", "simulated")
    page = staff.get("/sign").get_data(as_text=True)
    assert "Đang kết nối" not in page
    assert "dịch vụ bảng LED không chạy" in page


def test_front_page_warns_when_the_sign_is_unreachable_too_long(staff, store, monkeypatch):
    store.report_sign_ok("simulated", "Xin chao")
    assert 'id="sign-warning"' not in staff.get("/").get_data(as_text=True)
    store.report_sign_error("simulated", "cổng đã bị rút")
    assert 'id="sign-warning"' not in staff.get("/").get_data(as_text=True)  # just now
    later = datetime.now(UTC) + timedelta(minutes=6)  # [sign] warn_after_minutes = 5
    monkeypatch.setattr("lobby.clock.utcnow", lambda: later)
    store.report_sign_error("simulated", "cổng đã bị rút")  # the service retries: still down
    page = staff.get("/").get_data(as_text=True)
    assert 'id="sign-warning"' in page
    assert "Không gửi được tới bảng LED" in page and "cổng đã bị rút" in page


def test_front_page_warns_about_a_sign_never_reached_despite_retries(staff, store, monkeypatch):
    store.report_sign_error("simulated", "Không mở được cổng")
    for minutes in (2, 4, 6):  # the service keeps retrying; each retry fails again
        later = datetime.now(UTC) + timedelta(minutes=minutes)
        monkeypatch.setattr("lobby.clock.utcnow", lambda later=later: later)
        store.report_sign_error("simulated", "Không mở được cổng")
    page = staff.get("/").get_data(as_text=True)
    assert 'id="sign-warning"' in page and "từ 6 phút nay" in page


def test_board_json_gives_the_playlist_and_the_last_sent_bytes_as_pixels(
    store, password_hash, write_config
):
    staff = logged_in(store, password_hash, write_config, ASCII_BOARD)
    store.add_sign_message("Biết nghe dân nói")
    off = store.add_sign_message("Tạm tắt")
    store.update_sign_message(off, enabled=False)
    plan = alpha.encode([SignItem("Biết nghe dân nói")], BoardProfile())
    store.report_sign_ok("simulated", "Biet nghe dan noi", frames=plan.all_frames())
    store.set_board_view(["Biet nghe dan noi"], frames_ok=7, frames_bad=1)
    data = staff.get("/sign/board.json").get_json()
    assert data["simulated"] is True
    assert data["texts"] == ["Biet nghe dan noi"]
    assert (data["rows"], data["columns"]) == (7, 80)
    assert data["frames_ok"] == 7 and data["frames_bad"] == 1
    assert data["updated_at_text"]
    # Outside office hours the playlist may be empty; the last sent bytes are what they are.
    (sent,) = data["sent"]["items"]
    assert sent["text"] == "Biet nghe dan noi" and len(sent["pixels"]) == 7
    assert data["matches"] == (data["expected_display"] == ["Biet nghe dan noi"])


def logged_in(store, password_hash, write_config, config: str) -> Browser:
    """An administrator's browser on an admin web with its own config."""
    settings = load_settings(write_config(config))
    browser = Browser(create_app(settings, store, test_config={"TESTING": True}).test_client())
    store.create_user("lan", password_hash, role="admin")
    assert browser.login("lan").status_code == 302
    return browser


def test_board_page_with_a_real_port_says_it_shows_what_was_last_sent(
    store, password_hash, write_config
):
    browser = logged_in(store, password_hash, write_config, '[sign]\nport = "/dev/ttyUSB0"\n')
    plan = alpha.encode([SignItem("Chào")], BoardProfile())
    store.report_sign_ok("/dev/ttyUSB0", "Chao", frames=plan.all_frames())
    page = browser.get("/sign/board").get_data(as_text=True)
    assert "không nhìn thấy được bảng thật" in page
    assert "nội dung đã gửi lần cuối" in page
    assert '<li class="empty">(bảng trống)</li>' not in page
    assert "chưa hiển thị đúng" not in page
    assert '<script src="/static/board.js" defer></script>' in page
    data = browser.get("/sign/board.json").get_json()
    assert data["simulated"] is False and data["matches"] is None
    assert [item["text"] for item in data["sent"]["items"]] == ["Chao"]


def test_a_bitmap_board_previews_vietnamese_with_its_marks_at_its_size(
    store, password_hash, write_config
):
    config = '[sign]\nprotocol = "p10"\nrows = 16\ncolumns = 96\ntext_mode = "bitmap"\n'
    browser = logged_in(store, password_hash, write_config, config)
    data = browser.post("/sign/preview", form("Biết nghe dân nói", mode="hold")).get_json()
    assert data["unsupported"] == []  # the PC draws every Vietnamese letter
    snapshot = data["snapshot"]
    assert (snapshot["rows"], snapshot["columns"]) == (16, 96)
    (item,) = snapshot["items"]
    assert item["mode"] == "hold"  # the board holds pixels only, drawn on the PC
    assert len(item["pixels"]) == 16 and any("1" in row for row in item["pixels"])
    options = browser.get("/sign").get_data(as_text=True)
    assert 'value="scroll"' in options and 'value="blue"' in options


def test_stored_markup_is_shown_as_text_everywhere(staff, store):
    attack = "<script>alert(1)</script>"
    staff.post("/sign/add", form(attack))
    message_id = store.list_sign_messages()[0].id
    store.set_board_view([attack], 1, 0)
    store.report_sign_error("simulated", attack)
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    store.add_urgent_notice(attack, tomorrow)
    for url in ("/sign", f"/sign/{message_id}/edit", f"/sign/{message_id}/delete", "/sign/board"):
        page = staff.get(url).get_data(as_text=True)
        assert attack not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url


def test_every_sign_in_the_store_is_shown_and_any_unreachable_one_warns(staff, store, monkeypatch):
    store.report_sign_ok("simulated", "Xin chao", bytes_written=120)
    store.report_sign_ok("/dev/ttyUSB1", "Tang 2", bytes_written=3456)
    store.report_sign_error("/dev/ttyUSB1", "cổng tầng 2 đã bị rút")
    page = staff.get("/sign").get_data(as_text=True)
    table = page[page.index('id="all-signs"') :]
    assert "/dev/ttyUSB1" in table and "cổng tầng 2 đã bị rút" in table
    assert "3.456 byte" in table and "120 byte" in table
    assert table.count("Đang kết nối") == 1 and "Mất kết nối" in table
    later = datetime.now(UTC) + timedelta(minutes=6)  # [sign] warn_after_minutes = 5
    monkeypatch.setattr("lobby.clock.utcnow", lambda: later)
    store.report_sign_heartbeat("simulated", "simulated")  # the configured sign stays fine
    store.report_sign_error("/dev/ttyUSB1", "cổng tầng 2 đã bị rút")
    home = staff.get("/").get_data(as_text=True)
    assert 'id="sign-warning"' in home
    assert "/dev/ttyUSB1" in home and "cổng tầng 2 đã bị rút" in home

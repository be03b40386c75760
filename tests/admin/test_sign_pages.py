"""The sign pages: changes land in the store, bad text is refused in Vietnamese, status shown."""

from __future__ import annotations

import pytest

from lobby.clock import format_datetime


def texts(store) -> list[str]:
    """Return the stored messages' texts in display order."""
    return [m.text for m in store.list_sign_messages()]


def test_adding_a_message_stores_it_enabled_at_the_end(staff, store):
    store.add_sign_message("Biết nghe dân nói")
    response = staff.post("/sign/add", {"text": "Biết  nói\ndân hiểu", "enabled": "y"})
    assert response.status_code == 302
    assert texts(store) == ["Biết nghe dân nói", "Biết nói dân hiểu"]
    assert store.list_sign_messages()[-1].enabled
    page = staff.get("/sign").get_data(as_text=True)
    assert "Biết nói dân hiểu" in page


def test_a_message_added_unticked_is_stored_disabled(staff, store):
    staff.post("/sign/add", {"text": "Biết cảm ơn"})
    assert [m.enabled for m in store.list_sign_messages()] == [False]


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
    response = staff.post("/sign/add", {"text": bad_text, "enabled": "y"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert "Biết xin lỗi và sửa lỗi" in page  # the list is still shown
    assert texts(store) == ["Biết xin lỗi và sửa lỗi"]


def test_typed_text_is_kept_in_the_form_after_an_error(staff):
    response = staff.post("/sign/add", {"text": "Dòng có lỗi\x07 nhưng dài", "enabled": "y"})
    assert "Dòng có lỗi\x07 nhưng dài</textarea>" in response.get_data(as_text=True)


def test_editing_a_message_changes_its_text_and_enabled_flag(staff, store):
    message_id = store.add_sign_message("Biết làm dân tin")
    assert "Biết làm dân tin" in staff.get(f"/sign/{message_id}/edit").get_data(as_text=True)
    response = staff.post(f"/sign/{message_id}/edit", {"text": "Biết làm dân tin tưởng"})
    assert response.status_code == 302
    edited = store.get_sign_message(message_id)
    assert (edited.text, edited.enabled) == ("Biết làm dân tin tưởng", False)


def test_editing_with_empty_text_keeps_the_stored_message(staff, store):
    message_id = store.add_sign_message("Biết làm dân tin")
    response = staff.post(f"/sign/{message_id}/edit", {"text": "", "enabled": "y"})
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


def test_status_box_shows_port_last_success_and_last_error(staff, store):
    assert "Chưa có báo cáo" in staff.get("/sign").get_data(as_text=True)
    store.report_sign_ok("/dev/ttyUSB0", "Biết nghe dân nói")
    store.report_sign_error("/dev/ttyUSB0", "Không mở được cổng /dev/ttyUSB0")
    page = staff.get("/sign").get_data(as_text=True)
    status = store.get_sign_status()
    assert "Mất kết nối" in page
    assert "/dev/ttyUSB0" in page
    assert "Không mở được cổng /dev/ttyUSB0" in page
    assert format_datetime(status.last_error_at) in page
    assert format_datetime(status.last_ok_at) in page


def test_board_json_returns_what_the_board_shows_and_what_it_should(staff, store):
    store.add_sign_message("Biết nghe dân nói")
    off = store.add_sign_message("Tạm tắt")
    store.update_sign_message(off, enabled=False)
    # An Alpha board draws the transliteration; that is what it should be seen to show.
    store.set_board_view(["Biet nghe dan noi"], frames_ok=7, frames_bad=1)
    data = staff.get("/sign/board.json").get_json()
    assert data["texts"] == ["Biet nghe dan noi"]
    assert data["expected"] == ["Biết nghe dân nói"]
    assert data["expected_display"] == ["Biet nghe dan noi"]
    assert (data["frames_ok"], data["frames_bad"], data["matches"]) == (7, 1, True)
    assert data["updated_at_text"]
    store.set_board_view(["Tam tat"], frames_ok=8, frames_bad=1)
    assert staff.get("/sign/board.json").get_json()["matches"] is False


def test_board_page_shows_both_lists_without_javascript(staff, store):
    store.add_sign_message("Hướng dẫn tận tình, chu đáo")
    store.set_board_view(["Nội dung cũ"], frames_ok=3, frames_bad=0)
    page = staff.get("/sign/board").get_data(as_text=True)
    assert "Huong dan tan tinh, chu dao" in page  # what a 7-row Alpha board can draw
    assert "Nội dung cũ" in page
    assert "chưa hiển thị đúng" in page
    assert '<script src="/static/board.js" defer></script>' in page


def test_stored_markup_is_shown_as_text_everywhere(staff, store):
    attack = "<script>alert(1)</script>"
    staff.post("/sign/add", {"text": attack, "enabled": "y"})
    message_id = store.list_sign_messages()[0].id
    store.set_board_view([attack], 1, 0)
    store.report_sign_error("COM3", attack)
    for url in ("/sign", f"/sign/{message_id}/edit", f"/sign/{message_id}/delete", "/sign/board"):
        page = staff.get(url).get_data(as_text=True)
        assert attack not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url

"""Every sentence the kiosk shows to citizens, in Vietnamese (NFC), in one place to review."""

from __future__ import annotations

from lobby.vntext import nfc

MODEL = nfc("Công sở thân thiện vì Nhân dân phục vụ")

FIVE_KNOWS_TITLE = nfc("5 BIẾT")
FIVE_KNOWS = tuple(
    nfc(line)
    for line in (
        "Biết nghe dân nói",
        "Biết nói dân hiểu",
        "Biết làm dân tin",
        "Biết xin lỗi và sửa lỗi",
        "Biết cảm ơn",
    )
)

THREE_SHOWS_TITLE = nfc("3 THỂ HIỆN")
THREE_SHOWS = tuple(
    nfc(line)
    for line in (
        "Tôn trọng, lịch sự, thân thiện",
        "Hướng dẫn tận tình, chu đáo",
        "Giải quyết công việc đúng quy định, nhanh, đúng hẹn",
    )
)

INVITATION = nfc("Chạm vào màn hình để đánh giá")
INVITATION_SUB = nfc("Ý kiến của Ông/Bà giúp chúng tôi phục vụ tốt hơn")

THANKS = nfc("Trân trọng cảm ơn Ông/Bà!")
THANKS_SUB = nfc("Đánh giá của Ông/Bà đã được ghi nhận.")

ERROR = nfc("Xin lỗi, hệ thống chưa ghi nhận được đánh giá của Ông/Bà.")
ERROR_SUB = nfc("Vui lòng thử lại hoặc báo cán bộ.")
ERROR_HINT = nfc("Chạm vào màn hình để thử lại")

WINDOW_TITLE = nfc("Đánh giá mức độ hài lòng")


def rating_hint(count: int) -> str:
    """Return the footer hint of the rating screen for ``count`` buttons."""
    return nfc(f"Chạm vào ô phù hợp, hoặc bấm phím số 1–{count}")


def idle_warning(seconds: int) -> str:
    """Return the idle warning with the seconds left before the kiosk goes back to the start."""
    return nfc(f"Màn hình sẽ trở về trang đầu sau {seconds} giây. Chạm vào màn hình để tiếp tục.")

"""Every sentence the kiosk shows to citizens, in Vietnamese (NFC), in one place to review."""

from __future__ import annotations

# The slogans are shared with the sign and the printed poster (lobby/slogans.py).
from lobby.slogans import (  # noqa: F401
    FIVE_KNOWS,
    FIVE_KNOWS_TITLE,
    MODEL,
    THREE_SHOWS,
    THREE_SHOWS_TITLE,
)
from lobby.vntext import nfc

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


BACK = nfc("Quay lại")
REPEAT = nfc("Nghe lại")
SKIP = nfc("Bỏ qua")
SKIP_FORGOT = nfc("Bỏ qua / không nhớ")
GO_ON = nfc("Tiếp tục")
PREVIOUS_PAGE = nfc("Trang trước")
NEXT_PAGE = nfc("Trang sau")
PUBLIC_INFO = nfc("Thông tin công khai")
PUBLIC_INFO_EMPTY = nfc("Chưa có thông tin công khai.")
PROCEDURE_CODE = nfc("Mã thủ tục")
PROCEDURE_TIME_LIMIT = nfc("Thời hạn giải quyết")
PROCEDURE_FEE = nfc("Phí, lệ phí")
PROCEDURE_FORMS = nfc("Biểu mẫu")

COUNTER_TITLE = nfc("Ông/Bà được phục vụ tại quầy nào?")
OFFICIAL_TITLE = nfc("Cán bộ nào đã phục vụ Ông/Bà?")
REASONS_TITLE = nfc("Ông/Bà chưa hài lòng vì điều gì? (có thể chọn nhiều ý)")
APOLOGY_TITLE = nfc("Biết xin lỗi và sửa lỗi")
PHONE_TITLE = nfc("Ông/Bà có muốn cơ quan gọi lại không? Xin nhập số điện thoại.")
PHONE_INVALID = nfc("Số điện thoại chưa đúng: cần 10 hoặc 11 chữ số, bắt đầu bằng số 0.")
CONSENT_TITLE = nfc("Ông/Bà có đồng ý để cơ quan lưu số điện thoại này không?")
CONSENT_YES = nfc("Tôi đồng ý để cơ quan lưu số điện thoại này để gọi lại")
CONSENT_NO = nfc("Không đồng ý, không cần gọi lại")
COMMENT_TITLE = nfc("Ông/Bà có góp ý gì thêm không? (không bắt buộc)")
DOSSIER_TITLE = nfc("Mã hồ sơ của Ông/Bà (nếu có, in trên giấy hẹn)")
SAVING = nfc("Đang ghi nhận đánh giá…")
TOUCH_HINT = nfc("Chạm vào ô phù hợp")
INFO_HINT = nfc("Chạm “Trang sau” để xem tiếp, “Quay lại” để về trang đầu")
INFO_KEYS_HINT = nfc("Phím mũi tên: lật trang · Enter: trang sau · Esc: quay lại")
KEYPAD_TOUCH_HINT = nfc("Chạm vào các số để nhập")
TELEX_TOUCH_HINT = nfc("Gõ kiểu Telex: aa = â, dd = đ; s f r x j: dấu sắc, huyền, hỏi, ngã, nặng")
KEYS_HINT = nfc("Phím số chọn ô tương ứng · Enter: tiếp tục · Esc: quay lại")
KEYPAD_HINT = nfc("Bấm số trên bàn phím · Backspace: xoá · Enter: tiếp tục · Esc: quay lại")
DELETE = nfc("Xoá")
TELEX_HINT = nfc("Telex: aa = â, dd = đ, s f r x j: dấu · Enter: tiếp tục · Esc: quay lại")
SPACE = nfc("Dấu cách")


def page_of(page: int, pages: int) -> str:
    """Return "Trang 2/5" for the pager."""
    return nfc(f"Trang {page}/{pages}")

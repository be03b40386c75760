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


def thanks_detail(called_back: bool, days: int, code: str) -> str:
    """Return what the thank-you screen says happens next, and the visit's code to quote."""
    words = [f"Cơ quan sẽ gọi lại trong {days} ngày làm việc." if called_back else THANKS_SUB]
    if code:
        words.append(f"Mã đánh giá: {code}")
    return nfc(" ".join(words))


ERROR = nfc("Xin lỗi, hệ thống chưa ghi nhận được đánh giá của Ông/Bà.")
ERROR_SUB = nfc("Vui lòng thử lại hoặc báo cán bộ.")
ERROR_HINT = nfc("Chạm vào màn hình để thử lại")

WINDOW_TITLE = nfc("Đánh giá mức độ hài lòng")


def rating_hint(count: int, keys: bool = False) -> str:
    """Return the footer hint of the rating screen for ``count`` buttons; the keys are named
    only where a keypad is attached (``keys``)."""
    if not keys:
        return TOUCH_HINT
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
# The kinds of public information on the kiosk's menu: the admin's labels, the contacts' shortened.
INFO_KINDS = {
    "rule": nfc("Nội quy, quy định"),
    "procedure": nfc("Thủ tục hành chính"),
    "contact": nfc("Liên hệ lãnh đạo"),
    "hotline": nfc("Đường dây nóng, hòm thư góp ý"),
}
PROCEDURE_CODE = nfc("Mã thủ tục")
PROCEDURE_TIME_LIMIT = nfc("Thời hạn giải quyết")
PROCEDURE_FEE = nfc("Phí, lệ phí")
PROCEDURE_FORMS = nfc("Biểu mẫu")

COUNTER_TITLE = nfc("Ông/Bà được phục vụ tại quầy nào?")
OFFICIAL_TITLE = nfc("Cán bộ nào đã phục vụ Ông/Bà?")
INDEX_TITLE = nfc("Tên của cán bộ bắt đầu bằng chữ nào?")


def index_range_title(label: str) -> str:
    """Return the title over the ranges of given names under one index button."""
    return nfc(f"Tên cán bộ (chữ {label}) ở nhóm nào?")


REASONS_TITLE = nfc("Vì sao Ông/Bà chưa hài lòng? (chọn được nhiều ý)")
APOLOGY_TITLE = nfc("Lời xin lỗi của cơ quan")
APOLOGY_TOUCH_HINT = nfc("Chạm “Tiếp tục” để đi tiếp")
APOLOGY_KEYS_HINT = nfc("Enter: tiếp tục · Esc: quay lại")
PHONE_TITLE = nfc("Ông/Bà có muốn cơ quan gọi lại không? Xin nhập số điện thoại.")
PHONE_INVALID = nfc("Số điện thoại chưa đúng: cần 10 hoặc 11 chữ số, bắt đầu bằng số 0.")
CONSENT_TITLE = nfc("Ông/Bà có đồng ý để cơ quan lưu số điện thoại này không?")
CONSENT_YES = nfc("Tôi đồng ý để cơ quan lưu số điện thoại này để gọi lại")
CONSENT_NO = nfc("Không đồng ý, không cần gọi lại")
COMMENT_TITLE = nfc("Ông/Bà có góp ý gì thêm không? (không bắt buộc)")
# The comment screen's toggle between the keyboard and the whole comment, read page by page.
REVIEW = nfc("Xem lại")
TYPE_ON = nfc("Gõ tiếp")
REVIEW_HINT = nfc("Đọc lại góp ý; chạm “Gõ tiếp” để viết thêm hoặc sửa")
DOSSIER_TITLE = nfc("Mã hồ sơ của Ông/Bà (nếu có, in trên giấy hẹn)")
SAVING = nfc("Đang ghi nhận đánh giá…")
TOUCH_HINT = nfc("Chạm vào ô phù hợp")
INFO_HINT = nfc("Chạm “Trang sau” để xem tiếp, “Quay lại” để về danh sách")
INFO_KEYS_HINT = nfc("Phím mũi tên: lật trang · Enter: trang sau · Esc: quay lại")
INFO_LAST_PAGE_HINT = nfc("Chạm “Quay lại” để về danh sách")
INFO_EMPTY_HINT = nfc("Chạm “Quay lại” để về trang đầu")
INFO_KINDS_HINT = nfc("Chạm vào loại thông tin Ông/Bà muốn xem")
INFO_LIST_HINT = nfc("Chạm vào tên mục để xem, “Quay lại” để về danh mục")
INFO_MENU_KEYS_HINT = nfc("Phím số chọn mục tương ứng · Phím mũi tên: lật trang · Esc: quay lại")
KEYPAD_TOUCH_HINT = nfc("Chạm vào các số để nhập")
DOSSIER_TOUCH_HINT = nfc("Chạm các phím để nhập mã; phím chữ cái (A–N…) mở thêm các chữ")
DOSSIER_KEYS_HINT = nfc("Gõ mã trên bàn phím · Backspace: xoá · Enter: tiếp tục · Esc: quay lại")
TELEX_TOUCH_HINT = nfc("Gõ kiểu Telex: aa = â, dd = đ; s f r x j: dấu sắc, huyền, hỏi, ngã, nặng")
KEYS_HINT = nfc("Phím số chọn ô tương ứng · Enter: tiếp tục · Esc: quay lại")
KEYPAD_HINT = nfc("Bấm số trên bàn phím · Backspace: xoá · Enter: tiếp tục · Esc: quay lại")
DELETE = nfc("Xoá")
NOT_APPLICABLE = nfc("Không áp dụng")
TELEX_HINT = nfc("Telex: aa = â, dd = đ, s f r x j: dấu · Enter: tiếp tục · Esc: quay lại")
SPACE = nfc("Dấu cách")


def step_of(step: int, steps: int) -> str:
    """Return "Bước 3/6": where the visitor is in the visit."""
    return nfc(f"Bước {step}/{steps}")


def page_of(page: int, pages: int) -> str:
    """Return "Trang 2/5" for the pager."""
    return nfc(f"Trang {page}/{pages}")


def item_of(number: int, count: int) -> str:
    """Return "Mục 2/5": which of a kind's items of public information is shown."""
    return nfc(f"Mục {number}/{count}")


def items_count(count: int) -> str:
    """Return "3 mục": how many items of public information a kind holds."""
    return nfc(f"{count} mục")


DOSSIER_INVALID = nfc("Mã hồ sơ chưa đúng mẫu của cơ quan. Xin kiểm tra lại mã in trên giấy hẹn.")


def scan_taken(code: str) -> str:
    """Return the confirmation of a scanned dossier code."""
    return nfc(f"Đã nhận mã hồ sơ {code}.")


def scan_refused(code: str) -> str:
    """Return the message refusing a scanned code that is not a dossier code of this office."""
    return nfc(f"Mã “{code}” không phải mã hồ sơ của cơ quan; xin quét lại mã trên giấy hẹn.")


def notice_text(state) -> str | None:
    """Return the banner a visitor screen shows for the flow's notice about a scanned code."""
    if state.notice == "scanned":
        return scan_taken(state.scan)
    if state.notice == "scan_refused":
        return scan_refused(state.scan)
    return None

"""What a sign error means, in Vietnamese words a clerk understands.

The sign service stores its errors in the technicians' English (they go to the log too); the
admin shows each with an explanation of what to check, and keeps the technical text beside it.
"""

from __future__ import annotations

import re

# (pattern in the technical text, explanation); the first match wins.
_EXPLANATIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), text)
    for pattern, text in (
        (
            r"no such file|could not open port|cannot find the file",
            "Không thấy cổng nối bảng LED. Hãy kiểm tra cáp USB/COM đã cắm chặt, bảng đã bật"
            " nguồn, và tên cổng trong cấu hình.",
        ),
        (
            r"permission denied|access is denied",
            "Máy tính không được phép mở cổng nối bảng LED. Hãy nhờ bộ phận kỹ thuật cấp quyền"
            " (trên Linux: thêm tài khoản chạy phần mềm vào nhóm dialout).",
        ),
        (
            r"busy|in use",
            "Cổng nối bảng LED đang bị một phần mềm khác dùng. Hãy tắt phần mềm đó rồi chờ"
            " vài giây.",
        ),
        (
            r"connection refused",
            "Bộ chuyển mạng của bảng LED từ chối kết nối. Hãy kiểm tra địa chỉ và cổng mạng trong"
            " cấu hình, và bộ chuyển đã bật.",
        ),
        (
            r"no route|unreachable|name or service not known|timed out connecting",
            "Không tới được bảng LED qua mạng. Hãy kiểm tra cáp mạng và địa chỉ của bảng.",
        ),
        (
            r"did not acknowledge|no reply",
            "Bảng LED không trả lời. Hãy kiểm tra bảng đã bật nguồn, cáp tín hiệu, và loại bảng"
            " (giao thức) trong cấu hình.",
        ),
        (
            r"refused \(nak\)",
            "Bảng LED từ chối dữ liệu. Hãy kiểm tra loại bảng (giao thức) và kích thước bảng"
            " trong cấu hình.",
        ),
        (
            r"timed out writing",
            "Bảng LED không nhận dữ liệu kịp. Hãy kiểm tra cáp tín hiệu và tốc độ cổng (baudrate).",
        ),
        (
            r"is dead|was lost|input/output error|broken pipe|reset by peer",
            "Mất kết nối với bảng LED (cáp bị rút hoặc bảng mất điện). Phần mềm sẽ tự nối lại"
            " khi bảng có điện và cáp được cắm lại.",
        ),
        (
            r"no sign port configured",
            "Chưa cấu hình cổng nối bảng LED; đang dùng bảng mô phỏng.",
        ),
    )
)
_FALLBACK = "Không gửi được tới bảng LED. Hãy báo bộ phận kỹ thuật kèm chi tiết bên dưới."
# Texts that are already written for a clerk (the service's own Vietnamese messages).
_VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịỉĩọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)


def explain_sign_error(technical: str | None) -> str | None:
    """Return what a stored sign error means for a clerk, or None when there is no error."""
    if not technical:
        return None
    if _VIETNAMESE.search(technical):
        return technical
    for pattern, text in _EXPLANATIONS:
        if pattern.search(technical):
            return text
    return _FALLBACK

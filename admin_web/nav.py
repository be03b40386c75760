"""The admin's menu: one entry per area page, shown to the roles that may open it."""

from __future__ import annotations

# (endpoint, label) in menu order; base.html shows the ones the user's role may open.
NAV_ITEMS: list[tuple[str, str]] = [
    ("main.index", "Trang chủ"),
    ("sign.index", "Bảng LED"),
    ("results.index", "Kết quả đánh giá"),
    ("reports.index", "Báo cáo định kỳ"),
    ("users.index", "Tài khoản"),
    ("audit.index", "Nhật ký"),
    ("survey.edit", "Khảo sát"),
    ("paper.entry", "Phiếu giấy"),
    ("watchlist.index", "Theo dõi"),
    ("cases.index", "Phản ánh"),
    ("letters.index", "Thư"),
    ("public.index", "Thông tin công khai"),
    ("people.officials", "Cán bộ"),
    ("devices.index", "Thiết bị"),
]


def nav_items(endpoints) -> list[tuple[str, str]]:
    """Return the menu entries whose endpoint is registered in the app."""
    return [(endpoint, label) for endpoint, label in NAV_ITEMS if endpoint in endpoints]

"""The admin's menu: one entry per area page, shown to the roles that may open it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# A bar of more entries than this no longer fits one row at 1280 px: the entries set up now and
# then go under "Khác".
MOST_IN_BAR = 8


@dataclass(frozen=True)
class NavItem:
    """One menu entry: ``label`` is its full name, ``short`` (if any) the text shown in the bar;
    ``more`` ones are set up now and then and may go under "Khác"."""

    endpoint: str
    label: str
    more: bool = False
    short: str = ""


# In menu order: the daily work first, then what is set up now and then.
NAV_ITEMS: list[NavItem] = [
    NavItem("main.index", "Trang chủ"),
    NavItem("results.index", "Kết quả đánh giá", short="Kết quả"),
    NavItem("reports.index", "Báo cáo định kỳ", short="Báo cáo"),
    NavItem("watchlist.index", "Theo dõi"),
    NavItem("cases.index", "Phản ánh"),
    NavItem("letters.index", "Thư"),
    NavItem("paper.entry", "Phiếu giấy"),
    NavItem("sign.index", "Bảng LED", more=True),
    NavItem("public.index", "Thông tin công khai", more=True),
    NavItem("people.officials", "Cán bộ", more=True),
    NavItem("devices.index", "Thiết bị", more=True),
    NavItem("survey.edit", "Khảo sát", more=True),
    NavItem("sites.index", "Các cơ quan", more=True),
    NavItem("users.index", "Tài khoản", more=True),
    NavItem("audit.index", "Nhật ký", more=True),
]


class Menu(tuple):
    """The menu entries registered in the app, in menu order."""

    def groups(self, can_open: Callable[[str], bool]) -> tuple[list[NavItem], list[NavItem]]:
        """Return the entries the user may open: those in the bar and those under "Khác" (none
        when all fit in the bar)."""
        allowed = [item for item in self if can_open(item.endpoint)]
        if len(allowed) <= MOST_IN_BAR:
            return allowed, []
        return [i for i in allowed if not i.more], [i for i in allowed if i.more]


def nav_items(endpoints) -> Menu:
    """Return the menu entries whose endpoint is registered in the app."""
    return Menu(item for item in NAV_ITEMS if item.endpoint in endpoints)

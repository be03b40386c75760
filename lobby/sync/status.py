"""What a site's admin says about its forwarding: the last round's outcome (kept in the store's
meta by the forwarder) and what is still to be acknowledged by the central server."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lobby.clock import format_datetime
from lobby.sync.forwarder import LAST_ERROR_AT_KEY, LAST_ERROR_KEY, LAST_OK_KEY
from lobby.sync.wire import WireError, optional_moment


@dataclass(frozen=True)
class ForwardingStatus:
    """The forwarder's last success and failure, and the visits, cases and letters pending."""

    last_ok_at: datetime | None
    last_error: str
    last_error_at: datetime | None
    pending: dict[str, int]

    @property
    def failing(self) -> bool:
        """Return True if the last round failed (no success since its error)."""
        if not self.last_error or self.last_error_at is None:
            return False
        return self.last_ok_at is None or self.last_error_at >= self.last_ok_at

    def message(self, tz_name: str) -> str:
        """Return one sentence for staff (Vietnamese) about the forwarding."""
        waiting = self.pending.get("visits", 0)
        left = f" Còn {waiting} lượt đánh giá chờ gửi." if waiting else ""
        if self.failing:
            when = format_datetime(self.last_error_at, tz_name)
            failed = f"Chưa chuyển được dữ liệu lên máy chủ trung tâm (lần thử {when})"
            return f"{failed}: {self.last_error}{left}"
        if self.last_ok_at is None:
            return f"Chưa chuyển dữ liệu lên máy chủ trung tâm lần nào.{left}"
        when = format_datetime(self.last_ok_at, tz_name)
        return f"Đã chuyển dữ liệu lên máy chủ trung tâm lúc {when}.{left}"


def _moment(text: str | None) -> datetime | None:
    try:
        return optional_moment(text)
    except WireError:
        return None


def forwarding_status(store) -> ForwardingStatus:
    """Return the site's forwarding status as the forwarder last recorded it."""
    return ForwardingStatus(
        last_ok_at=_moment(store.get_meta(LAST_OK_KEY)),
        last_error=store.get_meta(LAST_ERROR_KEY) or "",
        last_error_at=_moment(store.get_meta(LAST_ERROR_AT_KEY)),
        pending=store.count_unforwarded(),
    )

"""What the sign pages show: every sign's status, schedules in words, and previews
rendered from the exact bytes the encoder sends (through the protocol's own board simulator)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from admin_web.sign_errors import explain_sign_error
from lobby import clock
from lobby.store.sign import ALL_DAYS, SIMULATED_SIGN_ID, SignMessageRow, SignStatusRow
from lobby.vntext import clean_sign_text
from signage import preview as board_preview
from signage.items import SignItem
from signage.protocols import base, get_protocol, protocol_options
from signage.schedule import OfficeHours, format_time, items_at, message_shows
from signage.service import STALE_SECONDS, board_profile
from signage.simulator import simulated_profile

DAY_NAMES = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")


@dataclass(frozen=True)
class StatusView:
    """The configured sign's status as the admin tells it."""

    row: SignStatusRow
    simulated: bool
    service_alive: bool
    connected: bool
    # Minutes the sign has been unreachable (None when it is reachable or never reported).
    unreachable_minutes: float | None

    def __getattr__(self, name: str):
        return getattr(self.row, name)


def snapshot_json(snapshot) -> dict:
    """Return a board snapshot as JSON for board.js."""
    return {
        "rows": snapshot.rows,
        "columns": snapshot.columns,
        "items": [
            {
                "text": item.text,
                "pixels": item.pixels,
                "mode": item.mode,
                "colour": item.colour,
                "speed": item.speed,
                "urgent": item.urgent,
            }
            for item in snapshot.items
        ],
    }


class SignView:
    """The sign as configured in ``settings``, read from ``store``."""

    def __init__(self, settings, store) -> None:
        self.settings = settings
        self.store = store
        sign = settings.sign
        self.tz = clock.office_tz(settings.office.timezone)
        self.protocol = get_protocol(sign.protocol)
        self.options = protocol_options(settings, sign.protocol)
        self.simulated = not sign.port
        self.board = simulated_profile(settings) if self.simulated else board_profile(settings)
        self.hours = OfficeHours.from_settings(settings)
        self.sign_id = sign.port or SIMULATED_SIGN_ID

    @property
    def modes(self) -> tuple[str, ...]:
        """Return the display modes this protocol knows."""
        return tuple(getattr(self.protocol, "MODE_CODES", None) or base.MODES)

    @property
    def colours(self) -> tuple[str, ...]:
        """Return the colours this protocol knows (none on a one-colour board)."""
        if self.board.colours <= 1:
            return ()
        known = getattr(self.protocol, "COLOUR_CODES", None) or base.COLOURS
        return tuple(colour for colour in known if colour)

    def clean(self, text: str) -> str:
        """Return the text as stored (NFC, one line); ValueError in Vietnamese if unusable."""
        return clean_sign_text(text)

    def unsupported(self, text: str) -> list[str]:
        """Return the characters of ``text`` this board would show as '?'."""
        try:
            text = clean_sign_text(text)
        except ValueError:
            return []
        return list(self.protocol.unsupported_chars(text, self.board))

    def preview_items(self, items: list[SignItem]) -> dict:
        """Encode ``items`` as the service would and return what the board would show."""
        plan = self.protocol.encode(items, self.board, **self.options)
        return self.preview_frames(plan.all_frames())

    def preview_frames(self, frames: list[bytes]) -> dict:
        """Return what a board shows after receiving exactly ``frames``."""
        return snapshot_json(
            board_preview.preview(frames, self.protocol.NAME, self.board, **self.options)
        )

    def scheduled(self, now: datetime) -> list[SignItem]:
        """Return the items the schedule puts on the board at ``now``."""
        return items_at(
            self.store.enabled_sign_messages(),
            self.store.list_urgent_notices(now),
            self.hours,
            now,
            self.tz,
        )

    def showing_ids(self, now: datetime) -> set[int]:
        """Return the ids of the messages whose schedule includes ``now`` (inside office hours)."""
        if not self.hours.open_at(now.astimezone(self.tz)):
            return set()
        return {m.id for m in self.store.enabled_sign_messages() if message_shows(m, now, self.tz)}

    def describe_schedule(self, message: SignMessageRow) -> str:
        """Return a message's schedule in words ('Mọi ngày, cả ngày' when unrestricted)."""
        parts = []
        if message.weekdays == ALL_DAYS:
            parts.append("Mọi ngày")
        else:
            parts.append(", ".join(d for i, d in enumerate(DAY_NAMES) if message.weekdays >> i & 1))
        if message.window_start is not None and message.window_end is not None:
            parts.append(f"{format_time(message.window_start)}–{format_time(message.window_end)}")
        else:
            parts.append("cả ngày")
        tz_name = self.tz.key
        if message.starts_at:
            parts.append("từ " + clock.format_datetime(message.starts_at, tz_name)[:16])
        if message.ends_at:
            parts.append("đến " + clock.format_datetime(message.ends_at, tz_name)[:16])
        return ", ".join(parts)

    def status(self, now: datetime | None = None) -> StatusView:
        """Return the configured sign's status, with the service's liveness checked."""
        return self._view(self.store.get_sign_status(self.sign_id), now or clock.utcnow())

    def statuses(self, now: datetime | None = None) -> list[StatusView]:
        """Return every sign the store knows (the configured one first, even if never reported)."""
        now = now or clock.utcnow()
        rows = {row.sign_id: row for row in self.store.list_sign_statuses()}
        first = rows.pop(self.sign_id, None) or self.store.get_sign_status(self.sign_id)
        return [self._view(row, now) for row in [first, *rows.values()]]

    def _view(self, row: SignStatusRow, now: datetime) -> StatusView:
        alive = row.service_alive(now, STALE_SECONDS)
        connected = row.connected and alive
        unreachable = None
        if row.updated_at is not None and not connected:
            # Reported connected but the service fell silent: unreachable since its last word.
            since = row.down_since or row.heartbeat_at or row.updated_at
            unreachable = max(0.0, (now - since) / timedelta(minutes=1))
        simulated = row.sign_id == SIMULATED_SIGN_ID or (not row.port and self.simulated)
        return StatusView(row, simulated, alive, connected, unreachable)

    def warning(self, now: datetime | None = None) -> str | None:
        """Return the front page's warning for every sign unreachable longer than the setting."""
        if not self.settings.sign.enabled:
            return None
        limit = self.settings.sign.warn_after_minutes
        late = [
            status
            for status in self.statuses(now)
            if status.unreachable_minutes is not None and status.unreachable_minutes >= limit
        ]
        return " ".join(self._warning(status) for status in late) or None

    @staticmethod
    def _warning(status: StatusView) -> str:
        minutes = int(status.unreachable_minutes)
        if not status.service_alive:
            return (
                f"Dịch vụ bảng LED ({status.port or status.sign_id}) không chạy từ {minutes} phút"
                " nay: bảng không được cập nhật."
                + (f" {explain_sign_error(status.service_error)}" if status.service_error else "")
            )
        return f"Không gửi được tới bảng LED ({status.port}) từ {minutes} phút nay." + (
            f" {explain_sign_error(status.last_error)}" if status.last_error else ""
        )

    def board_data(self, now: datetime) -> dict:
        """Return the board page's data: the playlist's preview, what was last sent, and,
        with a simulated board, what it decoded."""
        items = self.scheduled(now)
        error = None
        try:
            playlist = self.preview_items(items)
        except ValueError as exc:
            blank = base.BoardSnapshot(self.board.rows, self.board.columns)
            playlist, error = snapshot_json(blank), str(exc)
        status = self.status(now)
        sent = self.preview_frames(status.sent_frames) if status.sent_frames else None
        view = self.store.get_board_view(self.sign_id) if self.simulated else None
        texts = view.texts if view else []
        shown = [item["text"] for item in playlist["items"] if item["text"]]
        return {
            "simulated": self.simulated,
            "rows": self.board.rows,
            "columns": self.board.columns,
            "playlist": playlist,
            "playlist_error": error,
            "sent": sent,
            "texts": texts,
            "expected": [item.text for item in items],
            "expected_display": shown,
            "frames_ok": view.frames_ok if view else 0,
            "frames_bad": view.frames_bad if view else 0,
            "updated_at_moment": view.updated_at if view else status.last_ok_at,
            "matches": texts == shown if self.simulated else None,
            "connected": status.connected,
            "service_alive": status.service_alive,
        }

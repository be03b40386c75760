"""Sign messages with their schedule and style, urgent notices, and each sign's status."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import datetime

from sqlalchemy import func, select

from lobby import clock
from lobby.store.models import Sign, SignMessage, SignNotice
from lobby.vntext import clean_sign_text

ALL_DAYS = 0b1111111  # bit 0 = Monday ... bit 6 = Sunday
SIMULATED_SIGN_ID = "simulated"
MAX_SPEED = 5


class NotFound(LookupError):
    """The row asked for does not exist (any more)."""


@dataclass(frozen=True)
class MessageFields:
    """When a message shows (UTC dates, weekday mask, local daily window) and how it looks."""

    starts_at: datetime | None = None
    ends_at: datetime | None = None
    weekdays: int = ALL_DAYS
    # Minutes after local midnight; a window whose end is before its start crosses midnight.
    window_start: int | None = None
    window_end: int | None = None
    mode: str = "rotate"
    colour: str | None = None
    speed: int | None = None

    def checked(self) -> MessageFields:
        """Return self if usable, else raise ValueError saying why in Vietnamese."""
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValueError("Thời điểm kết thúc phải sau thời điểm bắt đầu.")
        if not 0 < self.weekdays <= ALL_DAYS:
            raise ValueError("Hãy chọn ít nhất một ngày trong tuần.")
        if (self.window_start is None) != (self.window_end is None):
            raise ValueError("Khung giờ trong ngày cần cả giờ bắt đầu và giờ kết thúc.")
        for minute in (self.window_start, self.window_end):
            if minute is not None and not 0 <= minute < 24 * 60:
                raise ValueError("Giờ trong ngày phải từ 00:00 đến 23:59.")
        if self.window_start is not None and self.window_start == self.window_end:
            raise ValueError("Giờ bắt đầu và giờ kết thúc của khung giờ trùng nhau.")
        if self.speed is not None and not 1 <= self.speed <= MAX_SPEED:
            raise ValueError(f"Tốc độ phải từ 1 đến {MAX_SPEED}.")
        if not self.mode:
            raise ValueError("Hãy chọn kiểu hiển thị.")
        return self


_FIELD_NAMES = tuple(f.name for f in fields(MessageFields))


@dataclass(frozen=True)
class SignMessageRow:
    """A sign message as read back, with its schedule and style."""

    id: int
    text: str
    enabled: bool
    position: int
    updated_at: datetime
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    weekdays: int = ALL_DAYS
    window_start: int | None = None
    window_end: int | None = None
    mode: str = "rotate"
    colour: str | None = None
    speed: int | None = None
    updated_by: str | None = None

    @property
    def fields(self) -> MessageFields:
        """Return the schedule and style of this message."""
        return MessageFields(**{name: getattr(self, name) for name in _FIELD_NAMES})


@dataclass(frozen=True)
class NoticeRow:
    """An urgent notice as read back."""

    id: int
    text: str
    starts_at: datetime
    expires_at: datetime
    created_by: str | None
    created_at: datetime
    ended_at: datetime | None

    def active(self, now: datetime) -> bool:
        """Tell whether the notice overrides the sign at ``now``."""
        return self.ended_at is None and self.starts_at <= now < self.expires_at


@dataclass(frozen=True)
class SignStatusRow:
    """One sign's last reported health and what was last sent to it."""

    port: str
    connected: bool
    last_ok_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    sent_text: str | None
    updated_at: datetime | None
    sign_id: str = ""
    bytes_sent: int = 0
    sent_frames: list[bytes] = field(default_factory=list)
    config_key: str | None = None
    heartbeat_at: datetime | None = None
    service_error: str | None = None
    service_error_at: datetime | None = None
    down_since: datetime | None = None

    def service_alive(self, now: datetime, stale_seconds: float) -> bool:
        """Tell whether the service reported a heartbeat within ``stale_seconds`` of ``now``."""
        return self.heartbeat_at is not None and (
            (now - self.heartbeat_at).total_seconds() <= stale_seconds
        )

    def live_connected(self, now: datetime, stale_seconds: float) -> bool:
        """Connected as reported AND the service is alive (a dead service is never connected)."""
        return self.connected and self.service_alive(now, stale_seconds)


@dataclass(frozen=True)
class BoardViewRow:
    """What a simulated board shows: its texts in display order and frame counters."""

    texts: list[str]
    frames_ok: int
    frames_bad: int
    updated_at: datetime | None


def _row(m: SignMessage) -> SignMessageRow:
    return SignMessageRow(
        m.id,
        m.text,
        m.enabled,
        m.position,
        m.updated_at,
        m.starts_at,
        m.ends_at,
        m.weekdays if m.weekdays is not None else ALL_DAYS,
        m.window_start,
        m.window_end,
        m.mode or "rotate",
        m.colour,
        m.speed,
        m.updated_by,
    )


def _notice(n: SignNotice) -> NoticeRow:
    return NoticeRow(
        n.id, n.text, n.starts_at, n.expires_at, n.created_by, n.created_at, n.ended_at
    )


def _status(row: Sign) -> SignStatusRow:
    frames = [bytes.fromhex(h) for h in json.loads(row.sent_frames_json or "[]")]
    return SignStatusRow(
        row.port,
        row.connected,
        row.last_ok_at,
        row.last_error,
        row.last_error_at,
        row.sent_text,
        row.updated_at,
        row.sign_id,
        row.bytes_sent or 0,
        frames,
        row.config_key,
        row.heartbeat_at,
        row.service_error,
        row.service_error_at,
        row.down_since,
    )


def _sign_row(s, sign_id: str, port: str) -> Sign:
    row = s.get(Sign, sign_id)
    if row is None:
        row = Sign(
            sign_id=sign_id,
            port=port,
            connected=False,
            bytes_sent=0,
            board_frames_ok=0,
            board_frames_bad=0,
        )
        s.add(row)
    return row


class SignMixin:
    """Storing what the sign shows, when, and how each sign's link is doing."""

    # Messages

    def list_sign_messages(self) -> list[SignMessageRow]:
        """Return every sign message in display order."""
        with self.session() as s:
            rows = s.scalars(select(SignMessage).order_by(SignMessage.position, SignMessage.id))
            return [_row(m) for m in rows]

    def enabled_sign_messages(self) -> list[SignMessageRow]:
        """Return the enabled messages in display order (the schedule decides which show now)."""
        query = (
            select(SignMessage)
            .where(SignMessage.enabled.is_(True))
            .order_by(SignMessage.position, SignMessage.id)
        )
        with self.session() as s:
            return [_row(m) for m in s.scalars(query)]

    def enabled_sign_texts(self) -> list[str]:
        """Return the texts of the enabled messages in display order."""
        return [m.text for m in self.enabled_sign_messages()]

    def get_sign_message(self, message_id: int) -> SignMessageRow:
        """Return one message (NotFound if it does not exist)."""
        with self.session() as s:
            message = s.get(SignMessage, message_id)
            if message is None:
                raise NotFound(message_id)
            return _row(message)

    def add_sign_message(
        self,
        text: str,
        enabled: bool = True,
        fields: MessageFields | None = None,
        *,
        by: str | None = None,
    ) -> int:
        """Add a message at the end of the list; ValueError (Vietnamese) if it is unusable."""
        text = clean_sign_text(text)
        chosen = (fields or MessageFields()).checked()
        now = clock.utcnow()
        with self.session() as s:
            last = s.scalar(select(func.max(SignMessage.position))) or 0
            message = SignMessage(
                text=text,
                enabled=enabled,
                position=last + 1,
                created_at=now,
                updated_at=now,
                updated_by=by,
                **{name: getattr(chosen, name) for name in _FIELD_NAMES},
            )
            s.add(message)
            s.flush()
            return message.id

    def update_sign_message(
        self,
        message_id: int,
        *,
        text: str | None = None,
        enabled: bool | None = None,
        fields: MessageFields | None = None,
        by: str | None = None,
    ) -> None:
        """Change a message's text, enabled flag and/or schedule (NotFound, or ValueError)."""
        if text is not None:
            text = clean_sign_text(text)
        if fields is not None:
            fields.checked()
        with self.session() as s:
            message = s.get(SignMessage, message_id)
            if message is None:
                raise NotFound(message_id)
            if text is not None:
                message.text = text
            if enabled is not None:
                message.enabled = enabled
            if fields is not None:
                for name in _FIELD_NAMES:
                    setattr(message, name, getattr(fields, name))
            message.updated_at = clock.utcnow()
            if by is not None:
                message.updated_by = by

    def move_sign_message(self, message_id: int, offset: int) -> None:
        """Move a message ``offset`` places earlier (negative) or later (positive) in the order."""
        with self.session() as s:
            ordered = list(
                s.scalars(select(SignMessage).order_by(SignMessage.position, SignMessage.id))
            )
            index = next((i for i, m in enumerate(ordered) if m.id == message_id), None)
            if index is None:
                raise NotFound(message_id)
            target = max(0, min(len(ordered) - 1, index + offset))
            ordered.insert(target, ordered.pop(index))
            now = clock.utcnow()
            for position, message in enumerate(ordered, start=1):
                if message.position != position:
                    message.position = position
                    message.updated_at = now

    def delete_sign_message(self, message_id: int) -> None:
        """Delete a message (NotFound if it does not exist)."""
        with self.session() as s:
            message = s.get(SignMessage, message_id)
            if message is None:
                raise NotFound(message_id)
            s.delete(message)

    # Urgent notices

    def add_urgent_notice(
        self,
        text: str,
        expires_at: datetime,
        *,
        starts_at: datetime | None = None,
        by: str | None = None,
    ) -> int:
        """Add an urgent notice shown from ``starts_at`` (default now) until ``expires_at``."""
        text = clean_sign_text(text)
        now = clock.utcnow()
        starts_at = starts_at or now
        if expires_at <= now:
            raise ValueError("Thời điểm hết hạn đã qua; hãy chọn một thời điểm trong tương lai.")
        if expires_at <= starts_at:
            raise ValueError("Thời điểm hết hạn phải sau thời điểm bắt đầu.")
        with self.session() as s:
            notice = SignNotice(
                text=text, starts_at=starts_at, expires_at=expires_at, created_by=by, created_at=now
            )
            s.add(notice)
            s.flush()
            return notice.id

    def list_urgent_notices(self, now: datetime | None = None) -> list[NoticeRow]:
        """Return the notices not yet expired or ended at ``now`` (default: now), soonest first."""
        now = now or clock.utcnow()
        query = (
            select(SignNotice)
            .where(SignNotice.expires_at > now, SignNotice.ended_at.is_(None))
            .order_by(SignNotice.starts_at, SignNotice.id)
        )
        with self.session() as s:
            return [_notice(n) for n in s.scalars(query)]

    def end_urgent_notice(self, notice_id: int) -> None:
        """End a notice now, before it expires (NotFound if it does not exist)."""
        with self.session() as s:
            notice = s.get(SignNotice, notice_id)
            if notice is None:
                raise NotFound(notice_id)
            if notice.ended_at is None:
                notice.ended_at = clock.utcnow()

    # Status of each sign

    def get_sign_status(self, sign_id: str | None = None) -> SignStatusRow:
        """Return a sign's status (None: the last reported one; not connected if none)."""
        with self.session() as s:
            if sign_id is None:
                row = s.scalars(
                    select(Sign).order_by(Sign.updated_at.desc().nulls_last()).limit(1)
                ).first()
            else:
                row = s.get(Sign, sign_id)
            if row is None:
                name = sign_id or ""
                return SignStatusRow("", False, None, None, None, None, None, name)
            return _status(row)

    def list_sign_statuses(self) -> list[SignStatusRow]:
        """Return every sign's status, by sign id."""
        with self.session() as s:
            return [_status(row) for row in s.scalars(select(Sign).order_by(Sign.sign_id))]

    def report_sign_ok(
        self,
        port: str,
        sent_text: str | None = None,
        *,
        sign_id: str | None = None,
        frames: list[bytes] | None = None,
        bytes_written: int = 0,
        config_key: str | None = None,
    ) -> None:
        """Record a successful (flushed, acknowledged) write and, when given, what was sent."""
        now = clock.utcnow()
        with self.session() as s:
            row = _sign_row(s, sign_id or port, port)
            row.port, row.connected, row.last_ok_at, row.updated_at = port, True, now, now
            row.heartbeat_at, row.down_since = now, None
            row.bytes_sent = (row.bytes_sent or 0) + bytes_written
            if sent_text is not None:
                row.sent_text = sent_text
            if frames is not None:
                row.sent_frames_json = json.dumps([f.hex() for f in frames])
            if config_key is not None:
                row.config_key = config_key

    def report_sign_error(
        self, port: str, error: str, *, sign_id: str | None = None, link_down: bool = True
    ) -> None:
        """Record that the sign could not be opened, written, did not acknowledge (link_down),
        or that its content could not be sent (``link_down=False``: the link is not in doubt)."""
        now = clock.utcnow()
        with self.session() as s:
            row = _sign_row(s, sign_id or port, port)
            row.port, row.last_error, row.last_error_at = port, error, now
            if link_down:
                row.connected = False
                row.down_since = row.down_since or now
            row.updated_at = row.heartbeat_at = now

    def report_sign_heartbeat(
        self, sign_id: str, port: str, *, service_error: str | None = None
    ) -> None:
        """Record that the service is alive; a ``service_error`` says it is failing inside."""
        now = clock.utcnow()
        with self.session() as s:
            row = _sign_row(s, sign_id, port)
            row.port, row.heartbeat_at = port, now
            if service_error is not None:
                row.service_error, row.service_error_at = service_error, now
                row.connected = False
                row.down_since = row.down_since or now
                row.updated_at = now
            elif row.service_error is not None:
                row.service_error = None

    def report_sign_service_failing(self, sign_id: str, port: str, error: str) -> None:
        """Record, from outside the service, why it keeps stopping (its supervisor's words); the
        service clears it with its first heartbeat once it runs again."""
        now = clock.utcnow()
        with self.session() as s:
            row = _sign_row(s, sign_id, port)
            row.service_error, row.service_error_at = error, now
            row.connected, row.heartbeat_at, row.updated_at = False, None, now
            row.down_since = row.down_since or now

    def report_sign_stopped(self, sign_id: str, port: str) -> None:
        """Record that the service stopped: the sign is no longer driven (not connected)."""
        with self.session() as s:
            row = _sign_row(s, sign_id, port)
            now = clock.utcnow()
            row.connected, row.heartbeat_at, row.updated_at = False, None, now
            row.down_since = row.down_since or now

    def set_sign_config_key(self, sign_id: str, port: str, key: str | None) -> None:
        """Remember the memory configuration applied to a sign (None: must be sent again)."""
        with self.session() as s:
            _sign_row(s, sign_id, port).config_key = key

    # What a simulated board shows

    def get_board_view(self, sign_id: str = SIMULATED_SIGN_ID) -> BoardViewRow:
        """Return what the simulated board shows now (empty if no simulator ever ran)."""
        with self.session() as s:
            row = s.get(Sign, sign_id)
            if row is None or row.board_texts_json is None:
                return BoardViewRow([], 0, 0, None)
            return BoardViewRow(
                json.loads(row.board_texts_json),
                row.board_frames_ok,
                row.board_frames_bad,
                row.board_updated_at,
            )

    def set_board_view(
        self, texts: list[str], frames_ok: int, frames_bad: int, sign_id: str = SIMULATED_SIGN_ID
    ) -> None:
        """Record what the simulated board shows now, with its frame counters."""
        with self.session() as s:
            row = _sign_row(s, sign_id, "")
            row.board_texts_json = json.dumps(texts, ensure_ascii=False)
            row.board_frames_ok, row.board_frames_bad = frames_ok, frames_bad
            row.board_updated_at = clock.utcnow()


__all__ = [
    "ALL_DAYS",
    "SIMULATED_SIGN_ID",
    "BoardViewRow",
    "MessageFields",
    "NoticeRow",
    "NotFound",
    "SignMessageRow",
    "SignMixin",
    "SignStatusRow",
]

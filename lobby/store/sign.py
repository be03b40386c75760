"""Sign messages, the sign link's status and the simulated board's view."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from lobby import clock
from lobby.store.models import BoardView, SignMessage, SignStatus
from lobby.vntext import clean_sign_text


class NotFound(LookupError):
    """The row asked for does not exist (any more)."""


@dataclass(frozen=True)
class SignMessageRow:
    """A sign message as read back."""

    id: int
    text: str
    enabled: bool
    position: int
    updated_at: datetime


@dataclass(frozen=True)
class SignStatusRow:
    """The sign link's last reported health."""

    port: str
    connected: bool
    last_ok_at: datetime | None
    last_error: str | None
    last_error_at: datetime | None
    sent_text: str | None
    updated_at: datetime | None


@dataclass(frozen=True)
class BoardViewRow:
    """What the simulated board shows: its texts in display order and frame counters."""

    texts: list[str]
    frames_ok: int
    frames_bad: int
    updated_at: datetime | None


def _row(m: SignMessage) -> SignMessageRow:
    return SignMessageRow(m.id, m.text, m.enabled, m.position, m.updated_at)


class SignMixin:
    """Storing what the sign shows and how the link is doing."""

    def list_sign_messages(self) -> list[SignMessageRow]:
        """Return every sign message in display order."""
        with self.session() as s:
            rows = s.scalars(select(SignMessage).order_by(SignMessage.position, SignMessage.id))
            return [_row(m) for m in rows]

    def enabled_sign_texts(self) -> list[str]:
        """Return the texts of the enabled messages in display order."""
        query = (
            select(SignMessage.text)
            .where(SignMessage.enabled.is_(True))
            .order_by(SignMessage.position, SignMessage.id)
        )
        with self.session() as s:
            return list(s.scalars(query))

    def get_sign_message(self, message_id: int) -> SignMessageRow:
        """Return one message (NotFound if it does not exist)."""
        with self.session() as s:
            message = s.get(SignMessage, message_id)
            if message is None:
                raise NotFound(message_id)
            return _row(message)

    def add_sign_message(self, text: str, enabled: bool = True) -> int:
        """Add a message at the end of the list; ValueError (Vietnamese) if the text is unusable."""
        text = clean_sign_text(text)
        now = clock.utcnow()
        with self.session() as s:
            last = s.scalar(select(func.max(SignMessage.position))) or 0
            message = SignMessage(
                text=text, enabled=enabled, position=last + 1, created_at=now, updated_at=now
            )
            s.add(message)
            s.flush()
            return message.id

    def update_sign_message(
        self, message_id: int, *, text: str | None = None, enabled: bool | None = None
    ) -> None:
        """Change a message's text and/or enabled flag (NotFound, or ValueError for bad text)."""
        if text is not None:
            text = clean_sign_text(text)
        with self.session() as s:
            message = s.get(SignMessage, message_id)
            if message is None:
                raise NotFound(message_id)
            if text is not None:
                message.text = text
            if enabled is not None:
                message.enabled = enabled
            message.updated_at = clock.utcnow()

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

    def get_sign_status(self) -> SignStatusRow:
        """Return the sign link's last reported status (not connected if never reported)."""
        with self.session() as s:
            row = s.get(SignStatus, 1)
            if row is None:
                return SignStatusRow("", False, None, None, None, None, None)
            return SignStatusRow(
                row.port,
                row.connected,
                row.last_ok_at,
                row.last_error,
                row.last_error_at,
                row.sent_text,
                row.updated_at,
            )

    def report_sign_ok(self, port: str, sent_text: str | None = None) -> None:
        """Record a successful write to the sign (and what was sent, when given)."""
        now = clock.utcnow()
        with self.session() as s:
            row = s.get(SignStatus, 1) or SignStatus(id=1, port=port, connected=False)
            row.port, row.connected, row.last_ok_at, row.updated_at = port, True, now, now
            if sent_text is not None:
                row.sent_text = sent_text
            s.merge(row)

    def report_sign_error(self, port: str, error: str) -> None:
        """Record that the sign could not be opened or written."""
        now = clock.utcnow()
        with self.session() as s:
            row = s.get(SignStatus, 1) or SignStatus(id=1, port=port, connected=False)
            row.port, row.connected, row.last_error, row.last_error_at = port, False, error, now
            row.updated_at = now
            s.merge(row)

    def get_board_view(self) -> BoardViewRow:
        """Return what the simulated board shows now (empty if no simulator ever ran)."""
        with self.session() as s:
            row = s.get(BoardView, 1)
            if row is None:
                return BoardViewRow([], 0, 0, None)
            return BoardViewRow(
                json.loads(row.texts_json), row.frames_ok, row.frames_bad, row.updated_at
            )

    def set_board_view(self, texts: list[str], frames_ok: int, frames_bad: int) -> None:
        """Record what the simulated board shows now, with its frame counters."""
        with self.session() as s:
            s.merge(
                BoardView(
                    id=1,
                    texts_json=json.dumps(texts, ensure_ascii=False),
                    frames_ok=frames_ok,
                    frames_bad=frames_bad,
                    updated_at=clock.utcnow(),
                )
            )

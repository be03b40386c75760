"""SQLAlchemy models of the store. Every schema change also gets an Alembic migration."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Boolean, Date, DateTime, Integer, String, Text, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UTCDateTime(TypeDecorator):
    """A moment stored as naive UTC on every database and returned as an aware UTC datetime."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        """Convert an aware datetime to naive UTC before it is stored."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; use lobby.clock.utcnow()")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):
        """Mark a stored naive UTC datetime as UTC."""
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Base class of every model."""


class Response(Base):
    """One rating given on a kiosk: anonymous, identified by a UUID so offices can merge stores."""

    __tablename__ = "responses"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(64), index=True)
    survey_id: Mapped[str] = mapped_column(String(64))
    level_key: Mapped[str] = mapped_column(String(40))
    level_index: Mapped[int] = mapped_column(Integer)
    level_label: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # The office's calendar day of the vote, so reports group by day in SQL on any database.
    local_day: Mapped[date] = mapped_column(Date, index=True)


class SignMessage(Base):
    """A text the LED sign shows, in the order of ``position`` when enabled."""

    __tablename__ = "sign_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    text: Mapped[str] = mapped_column(Text)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SignStatus(Base):
    """The sign link's health as last reported by the sign service (a single row, id 1)."""

    __tablename__ = "sign_status"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    port: Mapped[str] = mapped_column(String(300), default="")
    connected: Mapped[bool] = mapped_column(Boolean, default=False)
    last_ok_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    sent_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class BoardView(Base):
    """What the simulated board decoded from the wire and shows now (a single row, id 1)."""

    __tablename__ = "board_view"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    texts_json: Mapped[str] = mapped_column(Text, default="[]")
    frames_ok: Mapped[int] = mapped_column(Integer, default=0)
    frames_bad: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class User(Base):
    """A member of staff who may use the admin web. Passwords are stored only as argon2 hashes."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="admin")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Meta(Base):
    """Small facts about this store, such as the kiosk's device id."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)

"""SQLAlchemy models of the store. Every schema change also gets an Alembic migration."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, validates

from lobby.name_index import name_sort_key, search_text
from lobby.store.photos import photo_mime


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


class Site(Base):
    """An office (a Sở, a district's one-stop centre, a commune) whose kiosks feed a store.

    A site's own store has exactly one site, id 1 ("local"); the central server has one per
    office that pushes to it.
    """

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Server time of the last push accepted, and the site's clock minus the server's then.
    last_push_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    clock_skew_seconds: Mapped[float | None] = mapped_column(Float, nullable=True)


def site_column() -> Mapped[int]:
    """Return the ``site_id`` column of a table whose rows belong to one site (1 by default)."""
    return mapped_column(ForeignKey("sites.id"), index=True, default=1, server_default="1")


class Unit(Base):
    """A unit of the office (phòng, trung tâm) officials belong to."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("site_id", "code", name="uq_units_site_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    site_id: Mapped[int] = site_column()
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Counter(Base):
    """A counter (quầy) where citizens are served, optionally inside a unit."""

    __tablename__ = "counters"
    __table_args__ = (UniqueConstraint("site_id", "code", name="uq_counters_site_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    site_id: Mapped[int] = site_column()
    code: Mapped[str] = mapped_column(String(130))
    name: Mapped[str] = mapped_column(String(200))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True, index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Official(Base):
    """An official (công chức) citizens may rate. Never deleted: history keeps pointing at it."""

    __tablename__ = "officials"
    __table_args__ = (UniqueConstraint("site_id", "code", name="uq_officials_site_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    site_id: Mapped[int] = site_column()
    code: Mapped[str] = mapped_column(String(64))
    full_name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200), default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True, index=True)
    counter_id: Mapped[int | None] = mapped_column(
        ForeignKey("counters.id"), nullable=True, index=True
    )
    # A PNG or JPEG of at most 2 MB; assigning a photo checks it and sets photo_mime.
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    photo_mime: Mapped[str | None] = mapped_column(String(20), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Kept by the validators below: name, code and title without marks (the admin's search),
    # and the Vietnamese order by given name as digits (the admin's paged list).
    search_text: Mapped[str] = mapped_column(String(600), default="", server_default="")
    sort_key: Mapped[str] = mapped_column(String(600), default="", server_default="", index=True)

    @validates("photo")
    def _check_photo(self, _key: str, value: bytes | None) -> bytes | None:
        self.photo_mime = None if value is None else photo_mime(value)
        return value

    @validates("full_name", "code", "title")
    def _index_name(self, key: str, value: str) -> str:
        parts = {"full_name": self.full_name, "code": self.code, "title": self.title, key: value}
        self.search_text = search_text(parts["full_name"], parts["code"], parts["title"])
        self.sort_key = name_sort_key(parts["full_name"] or "")
        return value


class Device(Base):
    """A kiosk or a sign that writes to this store, and when it was last heard from."""

    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    site_id: Mapped[int] = site_column()
    kind: Mapped[str] = mapped_column(String(10), default="kiosk")
    name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    place: Mapped[str | None] = mapped_column(String(200), nullable=True)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # A kiosk tied to a counter (or a whole unit) shows only its officials, with no counter step.
    counter_id: Mapped[int | None] = mapped_column(
        ForeignKey("counters.id", name="fk_devices_counter_id"), nullable=True
    )
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", name="fk_devices_unit_id"), nullable=True
    )


class SurveyVersion(Base):
    """One version of a survey definition (its TOML text); visits name the version they used."""

    __tablename__ = "survey_versions"
    __table_args__ = (UniqueConstraint("survey_key", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    survey_key: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Visit(Base):
    """One citizen's visit (lượt đánh giá): its context, flags and, in Answer, what was rated."""

    __tablename__ = "visits"
    __table_args__ = (Index("ix_visits_device_created", "device_id", "created_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    site_id: Mapped[int] = site_column()
    device_id: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    # The office's calendar day of the visit, so reports group by day in SQL on any database.
    local_day: Mapped[date] = mapped_column(Date, index=True)
    survey_key: Mapped[str] = mapped_column(String(64))
    survey_version: Mapped[int] = mapped_column(Integer)
    # The codes as the kiosk sent them (kept even when the store does not know them yet) and the
    # rows they resolved to when the visit was written.
    official_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    counter_code: Mapped[str | None] = mapped_column(String(130), nullable=True)
    unit_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    official_id: Mapped[int | None] = mapped_column(
        ForeignKey("officials.id"), nullable=True, index=True
    )
    counter_id: Mapped[int | None] = mapped_column(
        ForeignKey("counters.id"), nullable=True, index=True
    )
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), nullable=True, index=True)
    dossier_code: Mapped[str | None] = mapped_column(String(100), nullable=True, index=True)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    callback_phone: Mapped[str | None] = mapped_column(String(30), nullable=True)
    callback_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    input_channel: Mapped[str] = mapped_column(String(20), default="touch")
    # Inside the device's response interval after another visit (kept, left out of results).
    is_repeat: Mapped[bool] = mapped_column(Boolean, default=False)
    # The dossier code had already been rated in an earlier visit.
    dossier_repeat: Mapped[bool] = mapped_column(Boolean, default=False)
    # Central server: when it accepted the visit (the visit keeps the site's own time too).
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Site: when the central server acknowledged the visit; None while it is still to be sent.
    forwarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class VisitReason(Base):
    """A follow-up reason chosen in a visit after a low rating."""

    __tablename__ = "visit_reasons"

    visit_id: Mapped[str] = mapped_column(
        ForeignKey("visits.id", ondelete="CASCADE"), primary_key=True
    )
    reason_key: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class Answer(Base):
    """One question answered in a visit, as the survey was at that moment."""

    __tablename__ = "answers"
    __table_args__ = (Index("ix_answers_question_level", "question_key", "level_key"),)

    visit_id: Mapped[str] = mapped_column(
        ForeignKey("visits.id", ondelete="CASCADE"), primary_key=True
    )
    question_key: Mapped[str] = mapped_column(String(40), primary_key=True)
    # Order in the visit; 0 is the overall question (the survey's first), which results count.
    position: Mapped[int] = mapped_column(Integer, default=0)
    question_text: Mapped[str] = mapped_column(Text)
    level_key: Mapped[str] = mapped_column(String(40))
    level_label: Mapped[str] = mapped_column(String(200))
    level_index: Mapped[int] = mapped_column(Integer)
    satisfied: Mapped[bool] = mapped_column(Boolean)


class PublicItemModel(Base):
    """Public information shown on the kiosk: a rule, a procedure, a contact or a hotline."""

    __tablename__ = "public_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    code: Mapped[str | None] = mapped_column(String(60), nullable=True)
    url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    email: Mapped[str | None] = mapped_column(String(200), nullable=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    # Procedures only: thời hạn giải quyết and phí, lệ phí, as the office writes them.
    time_limit: Mapped[str | None] = mapped_column(String(300), nullable=True)
    fee: Mapped[str | None] = mapped_column(String(300), nullable=True)


class SignMessage(Base):
    """A text the LED sign shows, in the order of ``position``, when enabled and scheduled."""

    __tablename__ = "sign_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    text: Mapped[str] = mapped_column(Text)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, index=True)
    # Schedule: shown from starts_at (UTC) until ends_at, on the weekdays of the mask (bit 0 =
    # Monday), between window_start and window_end (minutes after local midnight; may wrap).
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    weekdays: Mapped[int] = mapped_column(Integer, default=127, server_default="127")
    window_start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    window_end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Style: None = the board's default.
    mode: Mapped[str] = mapped_column(String(20), default="rotate", server_default="rotate")
    colour: Mapped[str | None] = mapped_column(String(20), nullable=True)
    speed: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[str | None] = mapped_column(String(64), nullable=True)


class SignNotice(Base):
    """An urgent notice: overrides every message on the sign from starts_at until expires_at."""

    __tablename__ = "sign_notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    text: Mapped[str] = mapped_column(Text)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    created_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Set when someone ends the notice before it expires.
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Sign(Base):
    """One sign's link health, what was last sent to it and, when simulated, what it shows."""

    __tablename__ = "signs"

    sign_id: Mapped[str] = mapped_column(String(300), primary_key=True)
    port: Mapped[str] = mapped_column(String(300), default="")
    connected: Mapped[bool] = mapped_column(Boolean, default=False)
    last_ok_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # When the sign last stopped being reachable (None while it is).
    down_since: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    bytes_sent: Mapped[int] = mapped_column(BigInteger, default=0)
    sent_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    # The exact frames of the last successful write, as a JSON list of hex strings.
    sent_frames_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    config_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # The service writes a heartbeat every poll; a stale one means the service is not running.
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    service_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    service_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # What a simulated board decoded from the wire (texts as JSON) and its frame counters.
    board_texts_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    board_frames_ok: Mapped[int] = mapped_column(Integer, default=0)
    board_frames_bad: Mapped[int] = mapped_column(Integer, default=0)
    board_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class User(Base):
    """A member of staff who may use the admin web. Passwords are stored only as argon2 hashes."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="admin")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # None: a province-wide account (every site); else the one site the account works for.
    site_id: Mapped[int | None] = mapped_column(
        ForeignKey("sites.id", name="fk_users_site_id"), nullable=True
    )


class UserSession(Base):
    """A login kept on the server; the cookie carries only its random id, stored here hashed."""

    __tablename__ = "user_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ip: Mapped[str] = mapped_column(String(64), default="")
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    # The rest of the login's session (CSRF token, messages to show), kept off the cookie.
    data_json: Mapped[str | None] = mapped_column(Text, nullable=True)


class AuditEntry(Base):
    """One change made through the admin: who, when, what, and the state before and after (JSON)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    target: Mapped[str] = mapped_column(String(300), default="")
    before_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    after_json: Mapped[str | None] = mapped_column(Text, nullable=True)


class Meta(Base):
    """Small facts about this store, such as the kiosk's device id."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


# --- public posting ---
class PublicAttachment(Base):
    """A form (biểu mẫu) attached to a public item: the checked file, kept in the store."""

    __tablename__ = "public_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("public_items.id", ondelete="CASCADE"), index=True
    )
    # What people see (Vietnamese kept) and the safe ASCII name used for downloads.
    title: Mapped[str] = mapped_column(String(300))
    filename: Mapped[str] = mapped_column(String(200))
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


# --- watchlist and follow-up cases ---

# Visits that may need a follow-up (a call-back or a comment): a small partial index, covering
# what finding new cases and erasing old phone numbers read, so neither touches the visits table.
Index(
    "ix_visits_followup",
    Visit.created_at,
    Visit.id,
    Visit.callback_phone,
    sqlite_where=Visit.callback_phone.isnot(None) | Visit.comment.isnot(None),
    postgresql_where=Visit.callback_phone.isnot(None) | Visit.comment.isnot(None),
)


class WatchlistAck(Base):
    """A watchlist entry (an official or a unit in one period) someone has acknowledged."""

    __tablename__ = "watchlist_acks"
    __table_args__ = (
        UniqueConstraint(
            "site_id",
            "subject_kind",
            "subject_code",
            "period_code",
            name="uq_watchlist_acks_site_subject_period",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    site_id: Mapped[int] = site_column()
    subject_kind: Mapped[str] = mapped_column(String(10))  # "official" or "unit"
    subject_code: Mapped[str] = mapped_column(String(64))
    period_code: Mapped[str] = mapped_column(String(30), index=True)
    acknowledged_at: Mapped[datetime] = mapped_column(UTCDateTime)
    acknowledged_by: Mapped[str] = mapped_column(String(64))


class WatchlistAction(Base):
    """What was done about a watchlist entry: a reminder, training, reassignment or other."""

    __tablename__ = "watchlist_actions"
    __table_args__ = (Index("ix_watchlist_actions_subject", "subject_kind", "subject_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    site_id: Mapped[int] = site_column()
    subject_kind: Mapped[str] = mapped_column(String(10))
    subject_code: Mapped[str] = mapped_column(String(64))
    period_code: Mapped[str] = mapped_column(String(30))
    kind: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(64))


class FollowupCase(Base):
    """A follow-up case made from one visit (a call-back request or a low rating with a comment).

    The phone number is never copied here: the case page reads it from the visit.
    """

    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_status_visit_at", "status", "visit_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    site_id: Mapped[int] = site_column()
    visit_id: Mapped[str] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), unique=True)
    wants_callback: Mapped[bool] = mapped_column(Boolean, default=False)
    # When the visit was made (copied from it, so lists sort without reading the visits).
    visit_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    status: Mapped[str] = mapped_column(String(20), default="new")
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    phone_erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The outcome of the latest call recorded on the case (as on its note), None before any.
    call_outcome: Mapped[str | None] = mapped_column(String(20), nullable=True)
    # Site: when the central server last acknowledged the case (due again once updated after).
    forwarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class CaseNote(Base):
    """A note on a case (append-only): who wrote it and when; an empty author is the system."""

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    author: Mapped[str] = mapped_column(String(64), default="")
    text: Mapped[str] = mapped_column(Text)
    # The outcome of the call this note records (reached, not_reached, wrong_number, resolved).
    call_outcome: Mapped[str | None] = mapped_column(String(20), nullable=True)


# --- results speed ---


class ResultTally(Base):
    """How many answers (or, for dimension ``visits``, visits) fell in one group: an exact
    rollup of visits and answers, kept in the same transaction as every visit written.

    ``span`` is "d" (``day`` = the office day) or "m" (``day`` = the first day of the month);
    ``dimension`` is total, visits, unit, counter, official, question, channel, weekday or
    utc_slot (the UTC quarter-hour of the day, turned into the office's hour when read).
    Empty strings and 0 stand for "none" so the key can be a primary key on every database.
    ``site_id`` leads the key, so sites writing the same day never touch the same rows.
    """

    __tablename__ = "result_tallies"

    site_id: Mapped[int] = mapped_column(
        ForeignKey("sites.id"), primary_key=True, default=1, server_default="1"
    )
    dimension: Mapped[str] = mapped_column(String(10), primary_key=True)
    span: Mapped[str] = mapped_column(String(1), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    group_key: Mapped[str] = mapped_column(String(130), primary_key=True)
    ref_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    survey_version: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_key: Mapped[str] = mapped_column(String(40), primary_key=True)
    level_key: Mapped[str] = mapped_column(String(40), primary_key=True)
    level_index: Mapped[int] = mapped_column(Integer, primary_key=True)
    satisfied: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    is_repeat: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    label: Mapped[str] = mapped_column(Text, default="")
    n: Mapped[int] = mapped_column(BigInteger, default=0)


# Exports read visits page by page in this order.
Index("ix_visits_created_id", Visit.created_at, Visit.id)

# The forwarder reads the visits still to be sent, oldest first: a partial index, so on a site
# it holds only those and stays small however many visits the store keeps.
Index(
    "ix_visits_unforwarded",
    Visit.created_at,
    Visit.id,
    sqlite_where=Visit.forwarded_at.is_(None),
    postgresql_where=Visit.forwarded_at.is_(None),
)


# --- devices and API tokens ---


class SignLabel(Base):
    """The name and place an administrator gave a sign (signs are keyed by their port)."""

    __tablename__ = "sign_labels"

    sign_id: Mapped[str] = mapped_column(String(300), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    place: Mapped[str | None] = mapped_column(String(200), nullable=True)


class DeviceToken(Base):
    """A device's API token, stored only as its SHA-256; revoked ones are kept for the record."""

    __tablename__ = "device_tokens"
    __table_args__ = (Index("ix_device_tokens_device", "device_kind", "device_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device_kind: Mapped[str] = mapped_column(String(10))
    device_id: Mapped[str] = mapped_column(String(300))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


# --- letters ---


class LetterTemplate(Base):
    """One saved version of a letter template (Thư xin lỗi, Thư cảm ơn); the newest is in use."""

    __tablename__ = "letter_templates"
    __table_args__ = (UniqueConstraint("kind", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(300), default="")
    greeting: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    recipients: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(64), default="")


class Letter(Base):
    """A letter: draft, approved, then issued with its number and the exact DOCX handed out."""

    __tablename__ = "letters"
    __table_args__ = (
        UniqueConstraint("site_id", "kind", "year", "number", name="uq_letters_site_number"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    site_id: Mapped[int] = site_column()
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10), index=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("letter_templates.id"))
    # The fields the leader filled in (JSON), as used to fill the template.
    fields_json: Mapped[str] = mapped_column(Text)
    citizen: Mapped[str] = mapped_column(String(200), default="")
    dossier_code: Mapped[str | None] = mapped_column(String(100), nullable=True)
    case_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    visit_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    approved_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    issued_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    number_text: Mapped[str | None] = mapped_column(String(60), nullable=True)
    docx: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    # Site: when the central server acknowledged the issued letter; None while still to send.
    forwarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

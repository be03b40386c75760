"""Visits: writing a completed visit exactly once; reading visits back for results and exports."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from lobby import clock
from lobby.store.base import StoreError
from lobby.store.devices import upsert_device
from lobby.store.models import Answer, Counter, Official, Unit, Visit, VisitReason
from lobby.store.tallies import ANSWER_FIELDS, VISIT_FIELDS, Tallies, period_rows
from lobby.store.tallies import TABLE as TALLY
from lobby.visit import AnswerRecord, VisitRecord
from lobby.vntext import nfc


@dataclass(frozen=True)
class VisitRow:
    """A stored visit with its answers (in the order asked) and reasons, as read back."""

    id: str
    device_id: str
    channel: str
    created_at: datetime
    local_day: date
    survey_key: str
    survey_version: int
    official_code: str | None
    official_name: str | None
    counter_code: str | None
    counter_name: str | None
    unit_code: str | None
    unit_name: str | None
    dossier_code: str | None
    comment: str | None
    reasons: tuple[str, ...]
    callback_phone: str | None
    callback_consent: bool
    input_channel: str
    is_repeat: bool
    dossier_repeat: bool
    answers: tuple[AnswerRecord, ...]

    @property
    def overall(self) -> AnswerRecord | None:
        """Return the answer to the overall question (asked first), or None."""
        return self.answers[0] if self.answers else None


@dataclass(frozen=True)
class DayLevelCount:
    """How many visits chose one level of the overall question on one office day.

    ``satisfied`` is what the level counted as when the visits were given (a level whose
    meaning changed between survey versions gives one count per meaning).
    """

    day: date
    level_key: str
    count: int
    satisfied: bool = False


def _text(value: str | None) -> str | None:
    """NFC and strip a text; empty becomes None."""
    if value is None:
        return None
    value = nfc(value).strip()
    return value or None


def _resolve(session: Session, visit: VisitRecord) -> dict:
    """Turn the visit's codes into row ids; an unknown code is kept as text only."""
    official = counter = unit = None
    codes = {
        "official_code": _text(visit.official_code),
        "counter_code": _text(visit.counter_code),
        "unit_code": _text(visit.unit_code),
    }
    if codes["official_code"]:
        official = session.scalar(select(Official).where(Official.code == codes["official_code"]))
    if codes["counter_code"]:
        counter = session.scalar(select(Counter).where(Counter.code == codes["counter_code"]))
    elif official is not None and official.counter_id is not None:
        counter = session.get(Counter, official.counter_id)
        codes["counter_code"] = counter.code
    if codes["unit_code"]:
        unit = session.scalar(select(Unit).where(Unit.code == codes["unit_code"]))
    else:
        # The unit follows from the official, else from the counter.
        unit_id = (official.unit_id if official else None) or (counter.unit_id if counter else None)
        if unit_id is not None:
            unit = session.get(Unit, unit_id)
            codes["unit_code"] = unit.code
    return {
        **codes,
        "official_id": official.id if official else None,
        "counter_id": counter.id if counter else None,
        "unit_id": unit.id if unit else None,
    }


def _insert_visit(session: Session, visit: VisitRecord, repeat_interval: float) -> bool:
    if session.get(Visit, visit.id) is not None:
        return False
    dossier = _text(visit.dossier_code)
    since = visit.created_at - timedelta(seconds=max(repeat_interval, 0.0))
    is_repeat = repeat_interval > 0 and bool(
        session.scalar(
            select(
                exists().where(
                    Visit.device_id == visit.device_id,
                    Visit.created_at >= since,
                    Visit.created_at <= visit.created_at,
                )
            )
        )
    )
    dossier_repeat = dossier is not None and bool(
        session.scalar(select(exists().where(Visit.dossier_code == dossier)))
    )
    row = Visit(
        id=visit.id,
        device_id=nfc(visit.device_id),
        channel=visit.channel,
        created_at=visit.created_at,
        local_day=clock.local_day(visit.created_at, session.info["tz_name"]),
        survey_key=nfc(visit.survey_key),
        survey_version=visit.survey_version,
        dossier_code=dossier,
        comment=_text(visit.comment),
        callback_phone=_text(visit.callback_phone) if visit.callback_consent else None,
        callback_consent=visit.callback_consent,
        input_channel=nfc(visit.input_channel),
        is_repeat=is_repeat,
        dossier_repeat=dossier_repeat,
        **_resolve(session, visit),
    )
    session.add(row)
    session.flush()
    answers = [
        Answer(
            visit_id=visit.id,
            question_key=nfc(a.question_key),
            position=position,
            question_text=nfc(a.question_text),
            level_key=nfc(a.level_key),
            level_label=nfc(a.level_label),
            level_index=a.level_index,
            satisfied=bool(a.satisfied),
        )
        for position, a in enumerate(visit.answers)
    ]
    session.add_all(answers)
    tallies = Tallies()
    tallies.add_visit(
        {name: getattr(row, name) for name in VISIT_FIELDS},
        [{name: getattr(a, name) for name in ANSWER_FIELDS} for a in answers],
    )
    tallies.flush(session)
    reasons = dict.fromkeys(nfc(r) for r in visit.reasons if r and r.strip())
    session.add_all(VisitReason(visit_id=visit.id, reason_key=r) for r in reasons)
    upsert_device(session, visit.device_id)
    return True


_VISIT_COLUMNS = (
    "id",
    "device_id",
    "channel",
    "created_at",
    "local_day",
    "survey_key",
    "survey_version",
    "official_code",
    "counter_code",
    "unit_code",
    "dossier_code",
    "comment",
    "callback_phone",
    "callback_consent",
    "input_channel",
    "is_repeat",
    "dossier_repeat",
)


def _visit_query():
    """Select a visit's columns with the current names of its official, counter and unit
    (plain columns, no ORM objects: exports read a million of them)."""
    official, counter, unit = aliased(Official), aliased(Counter), aliased(Unit)
    return (
        select(
            *(getattr(Visit, name) for name in _VISIT_COLUMNS),
            official.full_name.label("official_name"),
            counter.name.label("counter_name"),
            unit.name.label("unit_name"),
        )
        .outerjoin(official, Visit.official_id == official.id)
        .outerjoin(counter, Visit.counter_id == counter.id)
        .outerjoin(unit, Visit.unit_id == unit.id)
    )


_ANSWER_COLUMNS = (
    Answer.visit_id,
    Answer.question_key,
    Answer.question_text,
    Answer.level_key,
    Answer.level_label,
    Answer.level_index,
    Answer.satisfied,
)


def _rows(session: Session, found: list) -> list[VisitRow]:
    """Build VisitRows for rows of ``_visit_query``, with their answers and reasons."""
    ids = [v.id for v in found]
    answers: dict[str, list[AnswerRecord]] = {i: [] for i in ids}
    reasons: dict[str, list[str]] = {i: [] for i in ids}
    if ids:
        query = select(*_ANSWER_COLUMNS).where(Answer.visit_id.in_(ids)).order_by(Answer.position)
        for visit_id, *fields in session.execute(query):
            answers[visit_id].append(AnswerRecord(*fields))
        query = select(VisitReason.visit_id, VisitReason.reason_key)
        query = query.where(VisitReason.visit_id.in_(ids)).order_by(VisitReason.reason_key)
        for visit_id, reason in session.execute(query):
            reasons[visit_id].append(reason)
    return [
        VisitRow(
            v.id,
            v.device_id,
            v.channel,
            v.created_at,
            v.local_day,
            v.survey_key,
            v.survey_version,
            v.official_code,
            v.official_name,
            v.counter_code,
            v.counter_name,
            v.unit_code,
            v.unit_name,
            v.dossier_code,
            v.comment,
            tuple(reasons[v.id]),
            v.callback_phone,
            bool(v.callback_consent),
            v.input_channel,
            bool(v.is_repeat),
            bool(v.dossier_repeat),
            tuple(answers[v.id]),
        )
        for v in found
    ]


class VisitsMixin:
    """Recording visits and reading them back."""

    def record_visit(self, visit: VisitRecord, *, repeat_interval_seconds: float = 5.0) -> bool:
        """Write the visit and its answers durably in one transaction.

        Return True if it was written now, False if a visit with this id was already stored
        (idempotent, for journal replay; also under concurrent writers). StoreError on failure.
        """
        try:
            with self.session() as s:
                s.info["tz_name"] = self.tz_name
                return _insert_visit(s, visit, repeat_interval_seconds)
        except StoreError as exc:
            if isinstance(exc.__cause__, IntegrityError) and self.visit_by_id(visit.id):
                return False  # another writer stored the same visit between our check and insert
            raise

    def visit_by_id(self, visit_id: str) -> VisitRow | None:
        """Return one visit with its answers, or None."""
        with self.session() as s:
            found = list(s.execute(_visit_query().where(Visit.id == visit_id)))
            rows = _rows(s, found)
        return rows[0] if rows else None

    def count_visits(self, include_repeats: bool = True) -> int:
        """Return how many visits are stored (without repeated presses when told)."""
        query = select(func.count()).select_from(Visit)
        if not include_repeats:
            query = query.where(Visit.is_repeat.is_(False))
        with self.session() as s:
            return s.scalar(query) or 0

    def count_repeats(self, first: date, last: date) -> int:
        """Return how many visits of the office days ``first``..``last`` were repeated presses."""
        t = TALLY.c
        query = select(func.sum(t.n)).where(
            period_rows("visits", first, last, include_repeats=True), t.is_repeat.is_(True)
        )
        with self.session() as s:
            return int(s.scalar(query) or 0)

    def daily_level_counts(
        self, first: date, last: date, *, include_repeats: bool = False
    ) -> list[DayLevelCount]:
        """Count visits per office day and level of the overall question, between two days
        inclusive (from the exact day tallies); repeated presses are left out unless asked for."""
        t = TALLY.c
        query = (
            select(t.day, t.level_key, t.satisfied, func.sum(t.n))
            .where(period_rows("total", first, last, include_repeats=include_repeats, daily=True))
            .group_by(t.day, t.level_key, t.satisfied)
            .order_by(t.day, t.level_key, t.satisfied)
        )
        with self.session() as s:
            return [
                DayLevelCount(day, key, int(count), bool(satisfied))
                for day, key, satisfied, count in s.execute(query)
            ]

    def iter_visits(
        self, first: date, last: date, *, batch: int = 500, include_repeats: bool = True
    ) -> Iterator[VisitRow]:
        """Yield the visits of the office days ``first``..``last`` inclusive, oldest first,
        each with its answers; read page by page so no transaction stays open while exporting."""
        after: tuple[datetime, str] | None = None
        # The office days' moments, a day wider each side: lets the database walk the
        # (created_at, id) index instead of sorting the whole period for every page.
        tz = ZoneInfo(self.tz_name)
        start = datetime.combine(first - timedelta(days=1), time(0), tz)
        end = datetime.combine(last + timedelta(days=2), time(0), tz)
        while True:
            query = _visit_query().where(Visit.local_day >= first, Visit.local_day <= last)
            query = query.where(Visit.created_at >= start, Visit.created_at < end)
            if not include_repeats:
                query = query.where(Visit.is_repeat.is_(False))
            if after is not None:
                query = query.where(
                    Visit.created_at >= after[0],
                    or_(Visit.created_at > after[0], Visit.id > after[1]),
                )
            query = query.order_by(Visit.created_at, Visit.id).limit(batch)
            with self.session() as s:
                rows = _rows(s, list(s.execute(query)))
            yield from rows
            if len(rows) < batch:
                return
            after = (rows[-1].created_at, rows[-1].id)

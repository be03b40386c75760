"""Visits: writing a completed visit exactly once; reading visits back for results and exports."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, exists, func, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, aliased

from lobby import clock
from lobby.store import answer_export
from lobby.store.devices import upsert_device
from lobby.store.models import Answer, Counter, Official, Unit, Visit, VisitReason
from lobby.store.prepared import Prepared
from lobby.store.sites import LOCAL_SITE_ID
from lobby.store.tallies import TABLE as TALLY
from lobby.store.tallies import Tallies, period_rows
from lobby.store.upsert import conflict_insert
from lobby.visit_record import AnswerRecord, VisitRecord
from lobby.vntext import nfc

# A visit's short code: the first six hex digits of its id (kiosk.visit_to_record.visit_code).
_SHORT_CODE = re.compile(r"[0-9a-f]{6}")


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


# The vote path's statements, compiled once (see prepared.py). Codes are unique per site, so
# a visit's codes are looked up among its own site's rows.
_VISITS = Visit.__table__
_OFFICIAL = Official.__table__.c
_COUNTER = Counter.__table__.c
_UNIT = Unit.__table__.c
_OFFICIAL_BY_CODE = Prepared(
    select(_OFFICIAL.id, _OFFICIAL.counter_id, _OFFICIAL.unit_id).where(
        _OFFICIAL.site_id == bindparam("site_id"), _OFFICIAL.code == bindparam("code")
    )
)
_COUNTER_BY_CODE = Prepared(
    select(_COUNTER.id, _COUNTER.unit_id, _COUNTER.code).where(
        _COUNTER.site_id == bindparam("site_id"), _COUNTER.code == bindparam("code")
    )
)
_COUNTER_BY_ID = Prepared(
    select(_COUNTER.id, _COUNTER.unit_id, _COUNTER.code).where(_COUNTER.id == bindparam("id"))
)
_UNIT_BY_CODE = Prepared(
    select(_UNIT.id).where(_UNIT.site_id == bindparam("site_id"), _UNIT.code == bindparam("code"))
)
_UNIT_BY_ID = Prepared(select(_UNIT.code).where(_UNIT.id == bindparam("id")))
_DEVICE_VISIT_BETWEEN = Prepared(
    select(
        exists().where(
            _VISITS.c.device_id == bindparam("device_id"),
            _VISITS.c.site_id == bindparam("site_id"),
            _VISITS.c.created_at >= bindparam("since"),
            _VISITS.c.created_at <= bindparam("until"),
        )
    )
)
_DOSSIER_RATED = Prepared(
    select(
        exists().where(
            _VISITS.c.dossier_code == bindparam("dossier"),
            _VISITS.c.site_id == bindparam("site_id"),
        )
    )
)
# Does nothing when a visit with the id is stored, even one committed by another writer meanwhile.
_VISIT_INSERT = Prepared(
    lambda dialect: conflict_insert(_VISITS, dialect).on_conflict_do_nothing(index_elements=["id"])
)
_ANSWER_INSERT = Prepared(Answer.__table__.insert())
_REASON_INSERT = Prepared(VisitReason.__table__.insert())


def _resolve(connection: Connection, visit: VisitRecord, site_id: int = LOCAL_SITE_ID) -> dict:
    """Turn the visit's codes into row ids of its site; an unknown code is kept as text only."""
    official_id = counter_id = unit_id = None
    official_counter = official_unit = counter_unit = None
    codes = {
        "official_code": _text(visit.official_code),
        "counter_code": _text(visit.counter_code),
        "unit_code": _text(visit.unit_code),
    }
    if codes["official_code"]:
        found = _OFFICIAL_BY_CODE.first(
            connection, {"site_id": site_id, "code": codes["official_code"]}
        )
        if found is not None:
            official_id, official_counter, official_unit = found
    if codes["counter_code"]:
        found = _COUNTER_BY_CODE.first(
            connection, {"site_id": site_id, "code": codes["counter_code"]}
        )
        if found is not None:
            counter_id, counter_unit, _ = found
    elif official_counter is not None:
        counter_id, counter_unit, codes["counter_code"] = _COUNTER_BY_ID.first(
            connection, {"id": official_counter}
        )
    if codes["unit_code"]:
        found = _UNIT_BY_CODE.first(connection, {"site_id": site_id, "code": codes["unit_code"]})
        unit_id = found[0] if found else None
    else:
        # The unit follows from the official, else from the counter.
        unit_id = official_unit or counter_unit
        if unit_id is not None:
            codes["unit_code"] = _UNIT_BY_ID.first(connection, {"id": unit_id})[0]
    return {**codes, "official_id": official_id, "counter_id": counter_id, "unit_id": unit_id}


def answer_rows(visit: VisitRecord) -> list[dict]:
    """Return the ``answers`` rows of a visit, in the order they were answered (NFC text)."""
    return [
        {
            "visit_id": visit.id,
            "question_key": nfc(a.question_key),
            "position": position,
            "question_text": nfc(a.question_text),
            "level_key": nfc(a.level_key),
            "level_label": nfc(a.level_label),
            "level_index": a.level_index,
            "satisfied": bool(a.satisfied),
        }
        for position, a in enumerate(visit.answers)
    ]


def _insert_visit(
    connection: Connection,
    visit: VisitRecord,
    repeat_interval: float,
    tz_name: str,
    *,
    site_id: int = LOCAL_SITE_ID,
    received_at: datetime | None = None,
) -> bool:
    """Write the visit, its answers, reasons and tallies as ``site_id``'s (``received_at``: when
    the central server accepted it); False if its id was stored already."""
    dossier = _text(visit.dossier_code)
    since = visit.created_at - timedelta(seconds=max(repeat_interval, 0.0))
    is_repeat = repeat_interval > 0 and bool(
        _DEVICE_VISIT_BETWEEN.first(
            connection,
            {
                "device_id": visit.device_id,
                "site_id": site_id,
                "since": since,
                "until": visit.created_at,
            },
        )[0]
    )
    dossier_repeat = dossier is not None and bool(
        _DOSSIER_RATED.first(connection, {"dossier": dossier, "site_id": site_id})[0]
    )
    row = {
        "id": visit.id,
        "site_id": site_id,
        "received_at": received_at,
        "forwarded_at": None,
        "device_id": nfc(visit.device_id),
        "channel": visit.channel,
        "created_at": visit.created_at,
        "local_day": clock.local_day(visit.created_at, tz_name),
        "survey_key": nfc(visit.survey_key),
        "survey_version": visit.survey_version,
        "dossier_code": dossier,
        "comment": _text(visit.comment),
        "callback_phone": _text(visit.callback_phone) if visit.callback_consent else None,
        "callback_consent": visit.callback_consent,
        "input_channel": nfc(visit.input_channel),
        "is_repeat": is_repeat,
        "dossier_repeat": dossier_repeat,
        **_resolve(connection, visit, site_id),
    }
    if _VISIT_INSERT.run(connection, row) == 0:
        return False
    answers = answer_rows(visit)
    _ANSWER_INSERT.run_many(connection, answers)
    tallies = Tallies()
    tallies.add_visit(row, answers)
    tallies.flush(connection)
    reasons = dict.fromkeys(nfc(r) for r in visit.reasons if r and r.strip())
    _REASON_INSERT.run_many(connection, [{"visit_id": visit.id, "reason_key": r} for r in reasons])
    upsert_device(connection, visit.device_id, site_id=site_id)
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

    def record_visit(
        self,
        visit: VisitRecord,
        *,
        repeat_interval_seconds: float = 5.0,
        site_id: int = LOCAL_SITE_ID,
        received_at: datetime | None = None,
    ) -> bool:
        """Write the visit and its answers durably in one transaction, as ``site_id``'s
        (``received_at``: when the central server accepted it, None on a site).

        Return True if it was written now, False if a visit with this id was already stored
        (idempotent, for journal replay; also under concurrent writers). StoreError on failure.
        """
        with self.connection() as connection:
            return _insert_visit(
                connection,
                visit,
                repeat_interval_seconds,
                self.tz_name,
                site_id=site_id,
                received_at=received_at,
            )

    def visit_by_id(self, visit_id: str) -> VisitRow | None:
        """Return one visit with its answers, or None."""
        with self.session() as s:
            found = list(s.execute(_visit_query().where(Visit.id == visit_id)))
            rows = _rows(s, found)
        return rows[0] if rows else None

    def visits_by_code(
        self, code: str, limit: int = 20, site_id: int | None = None
    ) -> list[VisitRow]:
        """Return the visits whose short code is ``code`` (the first six characters of the id,
        as the kiosk's thank-you screen shows it; of one site when given), newest first; none
        for a malformed code."""
        prefix = "".join(code.split()).lower()
        if not _SHORT_CODE.fullmatch(prefix):
            return []
        # A range on the primary key: ids are lower-case hex UUIDs, so every id that starts
        # with the prefix sorts between it and the prefix followed by "g" (an index seek).
        query = (
            _visit_query()
            .where(Visit.id >= prefix, Visit.id < prefix + "g")
            .order_by(Visit.created_at.desc())
            .limit(limit)
        )
        if site_id is not None:
            query = query.where(Visit.site_id == site_id)
        with self.session() as s:
            return _rows(s, list(s.execute(query)))

    def count_visits(self, include_repeats: bool = True) -> int:
        """Return how many visits are stored (without repeated presses when told)."""
        query = select(func.count()).select_from(Visit)
        if not include_repeats:
            query = query.where(Visit.is_repeat.is_(False))
        with self.session() as s:
            return s.scalar(query) or 0

    def count_repeats(self, first: date, last: date, site_id: int | None = None) -> int:
        """Return how many visits of the office days ``first``..``last`` were repeated presses
        (of one site, or of every site)."""
        t = TALLY.c
        rows = period_rows("visits", first, last, include_repeats=True, site_id=site_id)
        query = select(func.sum(t.n)).where(rows, t.is_repeat.is_(True))
        with self.session() as s:
            return int(s.scalar(query) or 0)

    def daily_level_counts(
        self, first: date, last: date, *, include_repeats: bool = False, site_id: int | None = None
    ) -> list[DayLevelCount]:
        """Count visits per office day and level of the overall question, between two days
        inclusive (from the exact day tallies), of one site or of every site; repeated presses
        are left out unless asked for."""
        t = TALLY.c
        rows = period_rows(
            "total", first, last, include_repeats=include_repeats, daily=True, site_id=site_id
        )
        query = (
            select(t.day, t.level_key, t.satisfied, func.sum(t.n))
            .where(rows)
            .group_by(t.day, t.level_key, t.satisfied)
        )
        with self.session() as s:
            found = list(s.execute(query))
        # Ordered here: an ORDER BY would let PostgreSQL sort every site's day rows to group
        # them, when a hash of the few hundred groups is enough.
        return [
            DayLevelCount(day, key, int(count), bool(satisfied))
            for day, key, satisfied, count in sorted(found, key=lambda row: row[:3])
        ]

    def answers_csv(self, first: date, last: date, site_id: int | None = None) -> Iterator[bytes]:
        """Yield every answer of the office days ``first``..``last`` (of one site, or of every
        site) as CSV lines (UTF-8, no header, repeats included), formatted and streamed by the
        database (answer_export.py)."""
        return answer_export.csv_bytes(self.engine, self.tz_name, first, last, site_id)

    def answers_for_sheet(
        self, first: date, last: date, site_id: int | None = None
    ) -> Iterator[list[tuple]]:
        """Yield every answer of ``first``..``last`` (of one site, or of every site) in batches
        of cells for a spreadsheet: times and days as Excel serial numbers, visit id and dossier
        code escaped for XML (answer_export.xlsx_rows says the columns)."""
        return answer_export.xlsx_rows(self.engine, self.tz_name, first, last, site_id)

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

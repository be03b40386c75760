"""The central server's side of forwarding: taking a site's pushed batch exactly once, and
giving the site what the centre manages (the pull).

A batch is written in one transaction. Visits are inserted with ON CONFLICT (id) DO NOTHING and
only the rows really inserted get answers, reasons and tallies, so a batch sent again (its answer
was lost) never counts twice; a visit is acknowledged once it is stored under the pushing site.
Codes are resolved to the site's own units, counters and officials. Cases are upserted by their
visit (their notes replaced), issued letters by (site, kind, year, number).
"""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, cast, delete, func, insert, literal, select, update
from sqlalchemy.engine import Connection

from lobby import clock
from lobby.store.central_rows import (
    ATTACHMENT_COLUMNS,
    COUNTER_COLUMNS,
    OFFICIAL_COLUMNS,
    PUBLIC_ITEM_COLUMNS,
    SIGN_MESSAGE_COLUMNS,
    SIGN_NOTICE_COLUMNS,
    SURVEY_COLUMNS,
    UNIT_COLUMNS,
    to_wire,
)
from lobby.store.models import (
    Answer,
    CaseNote,
    Counter,
    Device,
    FollowupCase,
    Letter,
    LetterTemplate,
    Official,
    PublicAttachment,
    PublicItemModel,
    SignMessage,
    SignNotice,
    SurveyVersion,
    Unit,
    Visit,
    VisitReason,
)
from lobby.store.prepared import Prepared
from lobby.store.tallies import Tallies
from lobby.store.upsert import conflict_insert
from lobby.store.visits import answer_rows
from lobby.sync.wire import WireError, letter_key, optional_moment, parse_moment
from lobby.sync.wire import visit_from_wire as decode_visit
from lobby.visit_record import VisitRecord
from lobby.vntext import nfc

_VISITS = Visit.__table__
# ON CONFLICT DO NOTHING as well: a visit the site of another push stored meanwhile is skipped.
_VISIT_INSERT = Prepared(
    lambda dialect: conflict_insert(_VISITS, dialect).on_conflict_do_nothing(index_elements=["id"])
)
_ANSWER_INSERT = Prepared(Answer.__table__.insert())
_REASON_INSERT = Prepared(VisitReason.__table__.insert())
# The class of the advisory locks taking one site's pushes one at a time (PostgreSQL).
_PUSH_LOCK = 0x15_0000_0000
_CASES = FollowupCase.__table__
_LETTERS = Letter.__table__


def _text(value: str | None, most: int | None = None) -> str | None:
    """NFC and strip a text; empty becomes None; cut to ``most`` characters."""
    if value is None:
        return None
    value = nfc(str(value)).strip()
    return (value[:most] if most else value) or None


class _Places:
    """A site's units, counters and officials by code, to resolve a batch's codes at once."""

    def __init__(self, connection: Connection, site_id: int) -> None:
        o, c, u = Official.__table__.c, Counter.__table__.c, Unit.__table__.c
        self.officials = {
            row.code: (row.id, row.counter_id, row.unit_id)
            for row in connection.execute(
                select(o.code, o.id, o.counter_id, o.unit_id).where(o.site_id == site_id)
            )
        }
        counters = list(
            connection.execute(select(c.code, c.id, c.unit_id).where(c.site_id == site_id))
        )
        self.counters = {row.code: (row.id, row.unit_id) for row in counters}
        self.counter_by_id = {row.id: (row.code, row.unit_id) for row in counters}
        units = list(connection.execute(select(u.code, u.id).where(u.site_id == site_id)))
        self.units = {row.code: row.id for row in units}
        self.unit_by_id = {row.id: row.code for row in units}

    def resolve(self, visit: VisitRecord) -> dict[str, Any]:
        """Turn the visit's codes into the site's row ids, as the site's own store does
        (visits._resolve); an unknown code is kept as text only."""
        official_id = counter_id = unit_id = None
        official_counter = official_unit = counter_unit = None
        codes = {
            "official_code": _text(visit.official_code),
            "counter_code": _text(visit.counter_code),
            "unit_code": _text(visit.unit_code),
        }
        if codes["official_code"] in self.officials:
            official_id, official_counter, official_unit = self.officials[codes["official_code"]]
        if codes["counter_code"]:
            if codes["counter_code"] in self.counters:
                counter_id, counter_unit = self.counters[codes["counter_code"]]
        elif official_counter is not None and official_counter in self.counter_by_id:
            counter_id = official_counter
            codes["counter_code"], counter_unit = self.counter_by_id[official_counter]
        if codes["unit_code"]:
            unit_id = self.units.get(codes["unit_code"])
        else:
            unit_id = official_unit or counter_unit
            if unit_id is not None:
                codes["unit_code"] = self.unit_by_id.get(unit_id)
        return {**codes, "official_id": official_id, "counter_id": counter_id, "unit_id": unit_id}


def _visit_row(site_id: int, visit: VisitRecord, fields: dict, places: _Places, now) -> dict:
    return {
        "id": visit.id,
        "site_id": site_id,
        "device_id": nfc(visit.device_id),
        "channel": visit.channel,
        "created_at": visit.created_at,
        "local_day": fields["local_day"],
        "survey_key": nfc(visit.survey_key),
        "survey_version": visit.survey_version,
        "dossier_code": _text(visit.dossier_code),
        "comment": _text(visit.comment),
        "callback_phone": _text(visit.callback_phone) if visit.callback_consent else None,
        "callback_consent": visit.callback_consent,
        "input_channel": nfc(visit.input_channel),
        "is_repeat": fields["is_repeat"],
        "dossier_repeat": fields["dossier_repeat"],
        "received_at": now,
        "forwarded_at": None,
        **places.resolve(visit),
    }


def _ingest_visits(connection: Connection, site_id: int, batch: list, now) -> list[str]:
    """Insert the visits not stored yet (with answers, reasons, tallies); return the ids of the
    batch now stored under this site."""
    decoded: dict[str, tuple[VisitRecord, dict]] = {}
    for data in batch:
        record, fields = decode_visit(data)
        decoded.setdefault(record.id, (record, fields))
    if not decoded:
        return []
    # The site's pushes are taken one at a time (see _lock_site): the visits not stored now are
    # exactly those this transaction inserts, and only they are counted.
    v = _VISITS.c
    ids = list(decoded)
    stored = {
        row[0]: row[1] for row in connection.execute(select(v.id, v.site_id).where(v.id.in_(ids)))
    }
    places = _Places(connection, site_id)
    rows = {
        vid: _visit_row(site_id, *pair, places, now)
        for vid, pair in decoded.items()
        if vid not in stored
    }
    _VISIT_INSERT.run_many(connection, rows.values())
    inserted = list(rows)
    if inserted:
        answers, reasons, tallies, devices = [], [], Tallies(), {}
        for visit_id in inserted:
            record, _fields = decoded[visit_id]
            visit_answers = answer_rows(record)
            answers.extend(visit_answers)
            tallies.add_visit(rows[visit_id], visit_answers)
            keys = dict.fromkeys(nfc(r) for r in record.reasons if r and r.strip())
            reasons.extend({"visit_id": visit_id, "reason_key": key} for key in keys)
            seen = devices.get(record.device_id)
            devices[record.device_id] = max(seen, record.created_at) if seen else record.created_at
        _ANSWER_INSERT.run_many(connection, answers)
        _REASON_INSERT.run_many(connection, reasons)
        tallies.flush(connection)
        _touch_devices(connection, site_id, devices)
    mine = [vid for vid in ids if stored.get(vid, site_id) == site_id]
    return sorted(mine)


def _touch_devices(connection: Connection, site_id: int, seen: dict[str, datetime]) -> None:
    """Note the site's kiosks heard from in a batch (their newest visit), never moving a
    device's last-seen time backwards."""
    table = Device.__table__
    for device_id, seen_at in sorted(seen.items()):
        statement = conflict_insert(table, connection.dialect.name).values(
            id=nfc(device_id), kind="kiosk", site_id=site_id, last_seen_at=seen_at
        )
        last = table.c.last_seen_at
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=["id"],
                set_={"last_seen_at": statement.excluded.last_seen_at},
                where=last.is_(None) | (last < statement.excluded.last_seen_at),
            )
        )


def _ingest_cases(connection: Connection, site_id: int, batch: list) -> list[str]:
    """Upsert the cases whose visit is stored under this site (notes replaced); return their
    visit ids."""
    wanted: dict[str, dict] = {}
    for data in batch:
        if not isinstance(data, dict) or not isinstance(data.get("visit_id"), str):
            raise WireError("a case must be an object with its visit_id")
        wanted[data["visit_id"]] = data
    if not wanted:
        return []
    v, c = _VISITS.c, _CASES.c
    visits = dict(
        connection.execute(
            select(v.id, v.created_at).where(v.id.in_(list(wanted)), v.site_id == site_id)
        ).all()
    )
    existing = dict(
        connection.execute(select(c.visit_id, c.id).where(c.visit_id.in_(list(visits)))).all()
    )
    acked = []
    for visit_id, data in wanted.items():
        if visit_id not in visits:
            continue  # not stored yet (or not this site's): the site sends it again later
        values = {
            "site_id": site_id,
            "status": str(data.get("status") or "new")[:20],
            "wants_callback": bool(data.get("wants_callback")),
            "call_outcome": _text(data.get("call_outcome"), 20),
            "created_at": parse_moment(data.get("created_at"), "case created_at"),
            "updated_at": parse_moment(data.get("updated_at"), "case updated_at"),
        }
        case_id = existing.get(visit_id)
        if case_id is None:
            values.update(visit_id=visit_id, visit_at=visits[visit_id])
            case_id = connection.execute(insert(_CASES).values(values).returning(c.id)).scalar_one()
            # A letter about the visit may have come first: it now points at its case.
            x = _LETTERS.c
            connection.execute(
                update(_LETTERS)
                .where(x.site_id == site_id, x.visit_id == visit_id, x.case_id.is_(None))
                .values(case_id=case_id)
            )
        else:
            connection.execute(update(_CASES).where(c.id == case_id).values(values))
            connection.execute(delete(CaseNote.__table__).where(CaseNote.case_id == case_id))
        notes = [
            {
                "case_id": case_id,
                "at": parse_moment(note.get("at"), "note at"),
                "author": (_text(note.get("author"), 64) or ""),
                "text": nfc(str(note.get("text") or "")),
                "call_outcome": _text(note.get("call_outcome"), 20),
            }
            for note in data.get("notes") or []
            if isinstance(note, dict)
        ]
        if notes:
            connection.execute(insert(CaseNote.__table__), notes)
        acked.append(visit_id)
    return acked


def _template_id(connection: Connection, kind: str, cache: dict[str, int]) -> int:
    """Return the newest template of ``kind`` (a letter points at one), made blank if none."""
    if kind in cache:
        return cache[kind]
    t = LetterTemplate.__table__.c
    found = connection.execute(
        select(t.id).where(t.kind == kind).order_by(t.version.desc()).limit(1)
    ).scalar()
    if found is None:
        # Created by nobody (""), so the shipped default still replaces it when the admin starts.
        found = connection.execute(
            insert(LetterTemplate.__table__)
            .values(
                kind=kind,
                version=1,
                title=kind,
                summary="",
                greeting="",
                body="",
                recipients="",
                created_at=clock.utcnow(),
                created_by="",
            )
            .returning(t.id)
        ).scalar_one()
    cache[kind] = found
    return found


def _ingest_letters(connection: Connection, site_id: int, batch: list) -> list[list]:
    """Upsert the site's issued letters by (kind, year, number); return their keys."""
    acked, templates = [], {}
    x = _LETTERS.c
    for data in batch:
        if not isinstance(data, dict):
            raise WireError("a letter must be a JSON object")
        kind, year, number = letter_key(data)
        kind = kind[:20]
        try:
            docx = base64.b64decode(data["docx_b64"]) if data.get("docx_b64") else None
        except (ValueError, TypeError) as exc:
            raise WireError(f"letter {kind} {number}/{year}: docx_b64: {exc}") from exc
        issued_at = parse_moment(data.get("issued_at"), "letter issued_at")
        issued_by = _text(data.get("issued_by"), 64) or ""
        visit_id = _text(data.get("visit_id"), 36)
        case_id = None
        if visit_id:
            case_id = connection.execute(
                select(FollowupCase.id).where(
                    FollowupCase.visit_id == visit_id, FollowupCase.site_id == site_id
                )
            ).scalar()
        values = {
            "status": "issued",
            "fields_json": str(data.get("fields_json") or "{}"),
            "citizen": (_text(data.get("citizen"), 200) or ""),
            "dossier_code": _text(data.get("dossier_code"), 100),
            "visit_id": visit_id,
            "case_id": case_id,
            "issued_at": issued_at,
            "issued_by": issued_by,
            "number_text": _text(data.get("number_text"), 60),
            "docx": docx,
            "updated_at": issued_at,
            "approved_at": optional_moment(data.get("approved_at"), "letter approved_at"),
            "approved_by": _text(data.get("approved_by"), 64),
        }
        key = (x.site_id == site_id, x.kind == kind, x.year == year, x.number == number)
        found = connection.execute(select(x.id).where(*key)).scalar()
        if found is None:
            created_at = optional_moment(data.get("created_at"), "letter created_at")
            values.update(
                site_id=site_id,
                kind=kind,
                year=year,
                number=number,
                template_id=_template_id(connection, kind, templates),
                created_at=created_at or issued_at,
                created_by=_text(data.get("created_by"), 64) or issued_by,
            )
            connection.execute(insert(_LETTERS).values(values))
        else:
            connection.execute(update(_LETTERS).where(x.id == found).values(values))
        acked.append([kind, year, number])
    return acked


def _hashes(connection: Connection, key, data, where) -> dict:
    """Return the SHA-256 (hex) of the ``data`` column of the rows ``where``, by ``key``; hashed
    by PostgreSQL itself when it is the database (no file leaves it for that)."""
    if connection.dialect.name == "postgresql":
        digest = func.encode(func.sha256(data), "hex")
        return dict(connection.execute(select(key, digest).where(where)).all())
    return {
        found: hashlib.sha256(content).hexdigest()
        for found, content in connection.execute(select(key, data).where(where))
    }


class _Digests:
    """The SHA-256 of stored files by (kind, row id, version), so a file is hashed once per
    change rather than on every site's every pull."""

    def __init__(self) -> None:
        self.known: dict[tuple, str] = {}

    def of(self, connection: Connection, kind: str, key, version: tuple, data, where) -> dict:
        """Return the SHA-256 of ``data`` by ``key`` for the rows ``where``; ``version`` are
        columns that change whenever the file does."""
        query = select(key, *version).where(where)
        versions = {row[0]: tuple(row[1:]) for row in connection.execute(query)}
        missing = [found for found, v in versions.items() if (kind, found, v) not in self.known]
        if missing:
            for found, digest in _hashes(connection, key, data, key.in_(missing)).items():
                self.known[(kind, found, versions[found])] = digest
        return {
            found: self.known[(kind, found, v)]
            for found, v in versions.items()
            if (kind, found, v) in self.known
        }


def _attachments(connection: Connection, digests: _Digests) -> dict[int, list[dict]]:
    """Return the public items' forms (without their bytes, with their SHA-256) by item id."""
    a = PublicAttachment.__table__.c
    hashes = _file_digests(connection, digests)
    found: dict[int, list[dict]] = {}
    query = select(a.id, a.item_id, *(a[name] for name in ATTACHMENT_COLUMNS))
    for row in connection.execute(query.order_by(a.item_id, a.position, a.id)):
        found.setdefault(row.item_id, []).append(
            {**to_wire(row._mapping, ATTACHMENT_COLUMNS), "sha256": hashes[row.id]}
        )
    return found


def _lock_site(connection: Connection, site_id: int) -> None:
    """Take the site's push lock until the transaction ends: two pushes of one site (a batch
    sent again while the first is still being written) never interleave; other sites' never
    wait. SQLite's write lock, taken at the first statement, does the same there."""
    if connection.dialect.name == "postgresql":
        key = cast(literal(_PUSH_LOCK + site_id), BigInteger)
        connection.execute(select(func.pg_advisory_xact_lock(key)))
    else:
        connection.exec_driver_sql("UPDATE meta SET key = key WHERE 0")


def _file_digests(connection: Connection, digests: _Digests) -> dict[int, str]:
    """Return the SHA-256 of every public item's form by its id (a form's bytes never change)."""
    a = PublicAttachment.__table__.c
    return digests.of(connection, "form", a.id, (a.size,), a.data, a.id.isnot(None))


class IngestMixin:
    """The central server's end of a site's push and pull."""

    def _digests(self) -> _Digests:
        found = self.__dict__.get("_file_digests")
        if found is None:
            found = self.__dict__["_file_digests"] = _Digests()
        return found

    def ingest_push(
        self, site_id: int, payload: dict[str, Any], received_at: datetime | None = None
    ) -> dict[str, list]:
        """Store a site's pushed batch in one transaction, exactly once; return what is
        acknowledged: visit ids, case visit ids and letter keys [kind, year, number].

        WireError when the batch is malformed (then nothing of it is stored).
        """
        now = received_at or clock.utcnow()
        lists = {}
        for kind in ("visits", "cases", "letters"):
            value = payload.get(kind) or []
            if not isinstance(value, list):
                raise WireError(f"{kind} must be a list")
            lists[kind] = value
        with self.connection() as connection:
            _lock_site(connection, site_id)
            return {
                "visits": _ingest_visits(connection, site_id, lists["visits"], now),
                "cases": _ingest_cases(connection, site_id, lists["cases"]),
                "letters": _ingest_letters(connection, site_id, lists["letters"]),
            }

    def pull_payload(self, site_id: int) -> dict[str, list]:
        """Return what the centre manages for a site: survey versions, the site's units,
        counters and officials (with their photos' SHA-256), sign messages, the notices not yet
        over, and the public items."""
        o, c, u = Official.__table__.c, Counter.__table__.c, Unit.__table__.c
        now = clock.utcnow()
        with self.connection() as connection:
            unit_codes = dict(
                connection.execute(select(u.id, u.code).where(u.site_id == site_id)).all()
            )
            counter_codes = dict(
                connection.execute(select(c.id, c.code).where(c.site_id == site_id)).all()
            )
            # A photo changes with its official's updated_at (and its length).
            photo_version = (o.updated_at, func.length(o.photo))
            by_id = self._digests().of(
                connection,
                "photo",
                o.id,
                photo_version,
                o.photo,
                (o.site_id == site_id) & o.photo.isnot(None),
            )
            files = _attachments(connection, self._digests())

            def rows(table, where=None, order=None):
                query = select(*(c for c in table.c if c.name not in ("photo", "data")))
                if where is not None:
                    query = query.where(where)
                if order is not None:
                    query = query.order_by(*order)
                return [row._mapping for row in connection.execute(query)]

            surveys = rows(
                SurveyVersion.__table__, order=(SurveyVersion.survey_key, SurveyVersion.version)
            )
            units = rows(Unit.__table__, u.site_id == site_id, (u.code,))
            counters = rows(Counter.__table__, c.site_id == site_id, (c.code,))
            officials = rows(Official.__table__, o.site_id == site_id, (o.code,))
            messages = rows(SignMessage.__table__, order=(SignMessage.position, SignMessage.id))
            notices = rows(
                SignNotice.__table__,
                SignNotice.ended_at.is_(None) & (SignNotice.expires_at > now),
                (SignNotice.starts_at, SignNotice.id),
            )
            items = rows(
                PublicItemModel.__table__, order=(PublicItemModel.kind, PublicItemModel.position)
            )
        return {
            "survey_versions": [to_wire(r, SURVEY_COLUMNS) for r in surveys],
            "units": [to_wire(r, UNIT_COLUMNS) for r in units],
            "counters": [
                {**to_wire(r, COUNTER_COLUMNS), "unit_code": unit_codes.get(r["unit_id"])}
                for r in counters
            ],
            "officials": [
                {
                    **to_wire(r, OFFICIAL_COLUMNS),
                    "unit_code": unit_codes.get(r["unit_id"]),
                    "counter_code": counter_codes.get(r["counter_id"]),
                    "photo_sha256": by_id.get(r["id"]),
                }
                for r in officials
            ],
            "sign_messages": [to_wire(r, SIGN_MESSAGE_COLUMNS) for r in messages],
            "sign_notices": [to_wire(r, SIGN_NOTICE_COLUMNS) for r in notices],
            "public_items": [
                {**to_wire(r, PUBLIC_ITEM_COLUMNS), "attachments": files.get(r["id"], [])}
                for r in items
            ],
        }

    def public_file_by_sha(self, sha256: str) -> tuple[bytes, str] | None:
        """Return (bytes, MIME type) of a public item's form whose SHA-256 is ``sha256``."""
        a = PublicAttachment.__table__.c
        with self.connection() as connection:
            ids = _file_digests(connection, self._digests())
            chosen = next((i for i, digest in ids.items() if digest == sha256), None)
            if chosen is None:
                return None
            data, mime = connection.execute(select(a.data, a.mime).where(a.id == chosen)).one()
        return bytes(data), mime

    def site_official_photo(self, site_id: int, code: str) -> tuple[bytes, str] | None:
        """Return (photo, its MIME type) of one of a site's officials, or None."""
        o = Official.__table__.c
        with self.connection() as connection:
            found = connection.execute(
                select(o.photo, o.photo_mime).where(o.site_id == site_id, o.code == code)
            ).first()
        if found is None or found.photo is None:
            return None
        return bytes(found.photo), found.photo_mime or "application/octet-stream"

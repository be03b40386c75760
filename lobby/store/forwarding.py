"""A site's side of forwarding: what is still to be sent to the central server, marking what it
acknowledged, and applying what the centre manages (the pull) over the site's copies.

Ownership: the centre owns survey versions, units, counters, officials, sign messages and
notices and public information; the pull overwrites those on the site (units, counters and
officials missing from the centre are deactivated, never deleted: visits point at them). The
site owns its visits, paper entries, cases, letters, devices and users; the pull never touches
them, and the push never changes what the centre owns.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, or_, select, update

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
    from_wire,
    to_wire,
)
from lobby.store.models import (
    CaseNote,
    Counter,
    FollowupCase,
    Letter,
    Meta,
    Official,
    PublicAttachment,
    PublicItemModel,
    SignMessage,
    SignNotice,
    SurveyVersion,
    Unit,
    Visit,
)
from lobby.store.visits import VisitRow, _rows, _visit_query
from lobby.sync.wire import WireError, iso, letter_key, parse_moment, visit_to_wire
from lobby.visit_record import VisitRecord

# The SHA-256 of each official's photo as last pulled from the centre, by official code.
PHOTO_HASHES_KEY = "sync_photo_hashes"
# The digest of the public items (with their forms' SHA-256) as last pulled, and those forms'
# SHA-256: the items are rewritten only when the digest changes, forms fetched only when new.
PUBLIC_DIGEST_KEY = "sync_public_digest"
PUBLIC_FILES_KEY = "sync_public_files"
# Ids marked in one UPDATE at most (SQLite's limit on bound values is far above).
_CHUNK = 500


def _record(row: VisitRow) -> VisitRecord:
    return VisitRecord(
        id=row.id,
        device_id=row.device_id,
        channel=row.channel,
        created_at=row.created_at,
        survey_key=row.survey_key,
        survey_version=row.survey_version,
        answers=row.answers,
        official_code=row.official_code,
        counter_code=row.counter_code,
        unit_code=row.unit_code,
        dossier_code=row.dossier_code,
        reasons=row.reasons,
        comment=row.comment,
        callback_phone=row.callback_phone,
        callback_consent=row.callback_consent,
        input_channel=row.input_channel,
    )


def _chunks(items: list) -> list[list]:
    return [items[i : i + _CHUNK] for i in range(0, len(items), _CHUNK)]


def _case_due():
    return or_(
        FollowupCase.forwarded_at.is_(None), FollowupCase.forwarded_at < FollowupCase.updated_at
    )


class ForwardingMixin:
    """The site's end of forwarding: what to push, what was acknowledged, applying a pull."""

    def unforwarded_visits(self, limit: int) -> list[dict[str, Any]]:
        """Return up to ``limit`` visits the central server has not acknowledged, oldest
        first, as a push carries them."""
        with self.session() as s:
            ids = list(
                s.scalars(
                    select(Visit.id)
                    .where(Visit.forwarded_at.is_(None))
                    .order_by(Visit.created_at, Visit.id)
                    .limit(limit)
                )
            )
            if not ids:
                return []
            query = _visit_query().where(Visit.id.in_(ids)).order_by(Visit.created_at, Visit.id)
            rows = _rows(s, list(s.execute(query)))
        return [visit_to_wire(_record(r), r.local_day, r.is_repeat, r.dossier_repeat) for r in rows]

    def unforwarded_cases(self, limit: int) -> list[dict[str, Any]]:
        """Return up to ``limit`` cases new or changed since the central server acknowledged
        them, whose visit it already has, as a push carries them (with every note)."""
        with self.session() as s:
            cases = list(
                s.scalars(
                    select(FollowupCase)
                    .join(Visit, Visit.id == FollowupCase.visit_id)
                    .where(_case_due(), Visit.forwarded_at.isnot(None))
                    .order_by(FollowupCase.updated_at, FollowupCase.id)
                    .limit(limit)
                )
            )
            notes: dict[int, list[dict]] = {case.id: [] for case in cases}
            if cases:
                found = s.scalars(
                    select(CaseNote)
                    .where(CaseNote.case_id.in_(list(notes)))
                    .order_by(CaseNote.at, CaseNote.id)
                )
                for note in found:
                    notes[note.case_id].append(
                        {
                            "at": iso(note.at),
                            "author": note.author,
                            "text": note.text,
                            "call_outcome": note.call_outcome,
                        }
                    )
            return [
                {
                    "visit_id": case.visit_id,
                    "status": case.status,
                    "wants_callback": bool(case.wants_callback),
                    "call_outcome": case.call_outcome,
                    "created_at": iso(case.created_at),
                    "updated_at": iso(case.updated_at),
                    "notes": notes[case.id],
                }
                for case in cases
            ]

    def unforwarded_letters(self, limit: int) -> list[dict[str, Any]]:
        """Return up to ``limit`` issued letters not acknowledged yet, with their DOCX."""
        with self.session() as s:
            letters = list(
                s.scalars(
                    select(Letter)
                    .where(Letter.status == "issued", Letter.forwarded_at.is_(None))
                    .order_by(Letter.issued_at, Letter.id)
                    .limit(limit)
                )
            )
            return [
                {
                    "kind": x.kind,
                    "year": x.year,
                    "number": x.number,
                    "number_text": x.number_text,
                    "citizen": x.citizen,
                    "dossier_code": x.dossier_code,
                    "visit_id": x.visit_id,
                    "issued_at": iso(x.issued_at),
                    "issued_by": x.issued_by,
                    "created_at": iso(x.created_at),
                    "created_by": x.created_by,
                    "approved_at": iso(x.approved_at),
                    "approved_by": x.approved_by,
                    "fields_json": x.fields_json,
                    "docx_b64": base64.b64encode(x.docx).decode("ascii") if x.docx else None,
                }
                for x in letters
            ]

    def count_unforwarded(self) -> dict[str, int]:
        """Return how many visits, cases and issued letters are still to be acknowledged."""
        with self.session() as s:
            visits = s.scalar(select(func.count()).where(Visit.forwarded_at.is_(None)))
            cases = s.scalar(select(func.count()).select_from(FollowupCase).where(_case_due()))
            letters = s.scalar(
                select(func.count()).where(Letter.status == "issued", Letter.forwarded_at.is_(None))
            )
        return {"visits": visits or 0, "cases": cases or 0, "letters": letters or 0}

    def mark_forwarded(
        self, acked: dict[str, Any], sent_cases: list[dict[str, Any]], at: datetime | None = None
    ) -> dict[str, int]:
        """Mark what the central server acknowledged (``acked`` as its answer has it): visits
        and letters at ``at`` (now), each case at the ``updated_at`` it was sent with, so a
        change made meanwhile is still due. Return how many of each were newly marked."""
        now = at or clock.utcnow()
        visit_ids = [str(i) for i in acked.get("visits") or []]
        case_ids = {str(i) for i in acked.get("cases") or []}
        stamps = {
            case["visit_id"]: parse_moment(case["updated_at"])
            for case in sent_cases
            if case["visit_id"] in case_ids
        }
        keys = [
            letter_key(dict(zip(("kind", "year", "number"), k, strict=False)))
            for k in acked.get("letters") or []
        ]
        counts = {"visits": 0, "cases": 0, "letters": 0}
        with self.session() as s:
            for chunk in _chunks(visit_ids):
                counts["visits"] += s.execute(
                    update(Visit)
                    .where(Visit.id.in_(chunk), Visit.forwarded_at.is_(None))
                    .values(forwarded_at=now)
                    .execution_options(synchronize_session=False)
                ).rowcount
            for visit_id, stamp in stamps.items():
                counts["cases"] += s.execute(
                    update(FollowupCase)
                    .where(FollowupCase.visit_id == visit_id)
                    .where(
                        or_(FollowupCase.forwarded_at.is_(None), FollowupCase.forwarded_at < stamp)
                    )
                    .values(forwarded_at=stamp)
                    .execution_options(synchronize_session=False)
                ).rowcount
            for kind, year, number in keys:
                counts["letters"] += s.execute(
                    update(Letter)
                    .where(Letter.kind == kind, Letter.year == year, Letter.number == number)
                    .where(Letter.forwarded_at.is_(None))
                    .values(forwarded_at=now)
                    .execution_options(synchronize_session=False)
                ).rowcount
        return counts

    def official_photo_hashes(self) -> dict[str, str]:
        """Return the SHA-256 of each official's photo as last pulled, by official code."""
        raw = self.get_meta(PHOTO_HASHES_KEY)
        return json.loads(raw) if raw else {}

    def public_file_hashes(self) -> set[str]:
        """Return the SHA-256 of the public items' forms as last pulled."""
        raw = self.get_meta(PUBLIC_FILES_KEY)
        return set(json.loads(raw)) if raw else set()

    def apply_pull(
        self,
        payload: dict[str, Any],
        photos: dict[str, bytes],
        files: dict[str, bytes] | None = None,
    ) -> None:
        """Apply what the centre manages over the site's copies, in one transaction.

        Survey versions are added (one the site numbered the same takes the centre's text).
        Once the centre lists any for this site, units, counters and officials are updated by
        code (those the centre no longer lists are deactivated) and an official's photo is
        replaced by ``photos[code]`` when given, removed when the centre has none. Once the
        centre has published any, sign messages and notices, and public items (with their
        forms: the bytes of new ones in ``files`` by SHA-256), are replaced when they differ.
        WireError if malformed (nothing applied then).
        """
        people = {kind: _list(payload, kind) for kind in ("units", "counters", "officials")}
        messages, notices = _list(payload, "sign_messages"), _list(payload, "sign_notices")
        public_items = _list(payload, "public_items")
        with self.session() as s:
            _add_surveys(s, _list(payload, "survey_versions"))
            # A kind the centre has published nothing of yet stays as the site has it, so a site
            # enrolled before the province loads its people (or its notices) loses nothing.
            if any(people.values()):
                _apply_people(s, people, photos, self.official_photo_hashes())
            if messages or notices:
                _replace_if_changed(s, SignMessage, messages, SIGN_MESSAGE_COLUMNS)
                _replace_if_changed(s, SignNotice, notices, SIGN_NOTICE_COLUMNS)
            if public_items:
                _replace_public_items(s, public_items, files or {})


def _apply_people(s, people: dict[str, list], photos: dict[str, bytes], hashes: dict) -> None:
    """Update the site's units, counters and officials (with photos) from the centre's lists."""
    units = _upsert_by_code(s, Unit, people["units"], UNIT_COLUMNS, {})
    unit_ids = {code: row.id for code, row in units.items()}
    counters = _upsert_by_code(
        s,
        Counter,
        people["counters"],
        COUNTER_COLUMNS,
        {"unit_id": lambda d: unit_ids.get(d.get("unit_code"))},
    )
    counter_ids = {code: row.id for code, row in counters.items()}
    officials = people["officials"]
    rows = _upsert_by_code(
        s,
        Official,
        officials,
        OFFICIAL_COLUMNS,
        {
            "unit_id": lambda d: unit_ids.get(d.get("unit_code")),
            "counter_id": lambda d: counter_ids.get(d.get("counter_code")),
        },
    )
    for data in officials:
        row, wanted = rows[data["code"]], data.get("photo_sha256")
        if data["code"] in photos:
            row.photo = photos[data["code"]]
            hashes[data["code"]] = wanted
        elif not wanted and row.photo is not None:
            row.photo = None
            hashes.pop(data["code"], None)
    s.merge(Meta(key=PHOTO_HASHES_KEY, value=json.dumps(hashes, sort_keys=True)))


def _list(payload: dict[str, Any], kind: str) -> list:
    value = payload.get(kind) or []
    if not isinstance(value, list):
        raise WireError(f"{kind} must be a list")
    return value


_KINDS = {
    SurveyVersion: "survey_versions",
    Unit: "units",
    Counter: "counters",
    Official: "officials",
    SignMessage: "sign_messages",
    SignNotice: "sign_notices",
    PublicItemModel: "public_items",
}


def _add_surveys(s, versions: list) -> None:
    """Add the centre's survey versions the site lacks; a version the site numbered the same
    takes the centre's text (visits keep their own copy of every label they showed)."""
    known = {(v.survey_key, v.version): v for v in s.scalars(select(SurveyVersion))}
    for data in versions:
        values = from_wire("survey_versions", data, SURVEY_COLUMNS)
        row = known.get((values["survey_key"], values["version"]))
        if row is None:
            row = SurveyVersion(**values)
            s.add(row)
            known[(row.survey_key, row.version)] = row
        elif row.source != values["source"]:
            row.source, row.created_at = values["source"], values["created_at"]


def _upsert_by_code(s, model, pulled: list, columns, derived: dict) -> dict:
    """Update or add the site's rows of ``model`` by code from the pulled list; deactivate the
    rest; return every row by code."""
    kind = _KINDS[model]
    existing = {row.code: row for row in s.scalars(select(model))}
    listed = set()
    now = clock.utcnow()
    for data in pulled:
        values = from_wire(kind, data, columns)
        if not values.get("code"):
            raise WireError(f"{kind}: a row without its code")
        values.update({name: make(data) for name, make in derived.items()})
        if model is Official:
            values["created_at"] = values.get("created_at") or now
            values["updated_at"] = values.get("updated_at") or now
        row = existing.get(values["code"])
        if row is None:
            row = model(**values)
            s.add(row)
            existing[row.code] = row
        else:
            for name, value in values.items():
                if getattr(row, name) != value:
                    setattr(row, name, value)
        listed.add(values["code"])
    for code, row in existing.items():
        if code not in listed and row.active:
            row.active = False
    s.flush()
    return existing


def _replace_if_changed(s, model, pulled: list, columns) -> None:
    """Replace every row of ``model`` by the pulled ones, unless they are the same already."""
    kind = _KINDS[model]
    wanted = [from_wire(kind, data, columns) for data in pulled]
    order = [model.id]
    current = [
        {name: getattr(row, name) for name in columns}
        for row in s.scalars(select(model).order_by(*order))
    ]
    if [to_wire(r, columns) for r in current] == [to_wire(r, columns) for r in wanted]:
        return
    s.execute(delete(model).execution_options(synchronize_session=False))
    s.add_all(model(**values) for values in wanted)


def _meta(s, key: str) -> str | None:
    row = s.get(Meta, key)
    return row.value if row else None


def _replace_public_items(s, pulled: list, files: dict[str, bytes]) -> None:
    """Replace the public items and their forms by the pulled ones, unless the same were pulled
    last time; a form's bytes come from ``files`` or from the form the site already holds."""
    digest = hashlib.sha256(
        json.dumps(pulled, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    if _meta(s, PUBLIC_DIGEST_KEY) == digest:
        return
    held = {
        hashlib.sha256(data).hexdigest(): data for data in s.scalars(select(PublicAttachment.data))
    }
    s.execute(delete(PublicItemModel).execution_options(synchronize_session=False))
    kept: set[str] = set()
    for data in pulled:
        item = PublicItemModel(**from_wire("public_items", data, PUBLIC_ITEM_COLUMNS))
        s.add(item)
        s.flush()
        for attachment in data.get("attachments") or []:
            sha = attachment.get("sha256")
            content = files.get(sha) if sha in files else held.get(sha)
            if content is None:
                raise WireError(f"public item form {sha!r}: its bytes were not fetched")
            values = from_wire("attachments", attachment, ATTACHMENT_COLUMNS)
            s.add(PublicAttachment(item_id=item.id, data=content, **values))
            kept.add(sha)
    s.merge(Meta(key=PUBLIC_DIGEST_KEY, value=digest))
    s.merge(Meta(key=PUBLIC_FILES_KEY, value=json.dumps(sorted(kept))))

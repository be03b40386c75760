"""Letters (Thư xin lỗi, Thư cảm ơn): versioned templates, drafts, approval, numbered issue.

A letter goes draft → approved → issued. Issuing gives it the next number of its kind for the
year (in the same transaction that stores the DOCX handed out), so an issued letter can be
downloaded again byte for byte. Templates are append-only versions; a letter points at the
version it was filled from.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, func, literal, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import defer
from sqlalchemy.sql.functions import FunctionElement

from lobby import clock
from lobby.name_index import fold
from lobby.store.base import StoreError
from lobby.store.models import AuditEntry, FollowupCase, Letter, LetterTemplate, Official, Visit
from lobby.store.sites import LOCAL_SITE_ID
from lobby.vntext import nfc, to_ascii, vietnamese_letters

STATUS_LABELS = {"draft": "Bản nháp", "approved": "Đã duyệt", "issued": "Đã ban hành"}
PROFILE_KEY = "letters.profile"
LIST_LIMIT = 500
LETTERS_PAGE = 30
_MAX_ID = 2**31

# The Vietnamese letters with marks (both cases) and, at the same places, their plain letters:
# a column folded in SQL with these compares with a search word folded by ``fold``.
_MARKED = "".join(ch for ch in vietnamese_letters() if to_ascii(ch) != ch)
_PLAIN = to_ascii(_MARKED)


class _folded(FunctionElement):  # noqa: N801 (used like a SQL function)
    """A text column without Vietnamese marks and in lower case, as ``fold`` gives a word."""

    type = String()
    inherit_cache = True
    name = "folded"


@compiles(_folded)
def _folded_translate(element, compiler, **kw) -> str:
    column = compiler.process(element.clauses, **kw)
    return f"lower(translate({column}, '{_MARKED}', '{_PLAIN}'))"


@compiles(_folded, "sqlite")
def _folded_sqlite(element, compiler, **kw) -> str:
    # SQLite has no translate() and its lower() knows only ASCII: ``fold`` itself, registered
    # on the connection by ``_fold_in_sqlite``.
    return f"{_SQLITE_FOLD}({compiler.process(element.clauses, **kw)})"


_SQLITE_FOLD = "lobby_fold"


def _fold_or_none(text: str | None) -> str | None:
    return None if text is None else fold(text)


def _fold_in_sqlite(session) -> None:
    """Give a SQLite connection the ``fold`` function the letters search compiles to."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        driver = connection.connection.driver_connection
        driver.create_function(_SQLITE_FOLD, 1, _fold_or_none, deterministic=True)


class _field_text(FunctionElement):  # noqa: N801 (used like a SQL function)
    """One field of a letter's ``fields_json``, as text."""

    type = String()
    inherit_cache = True
    name = "field_text"


@compiles(_field_text)
def _field_text_postgresql(element, compiler, **kw) -> str:
    column, key = list(element.clauses)
    key_text = compiler.process(key, literal_binds=True)
    return f"(CAST({compiler.process(column, **kw)} AS JSON) ->> {key_text})"


@compiles(_field_text, "sqlite")
def _field_text_sqlite(element, compiler, **kw) -> str:
    column, key = list(element.clauses)
    path = compiler.process(literal("$." + key.value), literal_binds=True)
    return f"json_extract({compiler.process(column, **kw)}, {path})"


class LetterError(ValueError):
    """A change to a letter that cannot be made; the message (Vietnamese) says why."""


@dataclass(frozen=True)
class LetterTemplateRow:
    """One version of a letter template."""

    id: int
    kind: str
    version: int
    title: str
    summary: str
    greeting: str
    body: str
    recipients: str
    created_at: datetime
    created_by: str


@dataclass(frozen=True)
class LetterRow:
    """A letter as read back (its DOCX bytes are read separately with ``letter_docx``)."""

    id: int
    kind: str
    status: str
    template_id: int
    fields: dict[str, str]
    citizen: str
    dossier_code: str | None
    case_id: int | None
    visit_id: str | None
    created_at: datetime
    created_by: str
    updated_at: datetime
    approved_at: datetime | None
    approved_by: str | None
    issued_at: datetime | None
    issued_by: str | None
    year: int | None
    number: int | None
    number_text: str | None

    @property
    def status_label(self) -> str:
        """Return the status in Vietnamese."""
        return STATUS_LABELS.get(self.status, self.status)


def _template_row(t: LetterTemplate) -> LetterTemplateRow:
    return LetterTemplateRow(
        t.id,
        t.kind,
        t.version,
        t.title,
        t.summary,
        t.greeting,
        t.body,
        t.recipients,
        t.created_at,
        t.created_by,
    )


def _letter_row(x: Letter) -> LetterRow:
    return LetterRow(
        x.id,
        x.kind,
        x.status,
        x.template_id,
        json.loads(x.fields_json),
        x.citizen,
        x.dossier_code,
        x.case_id,
        x.visit_id,
        x.created_at,
        x.created_by,
        x.updated_at,
        x.approved_at,
        x.approved_by,
        x.issued_at,
        x.issued_by,
        x.year,
        x.number,
        x.number_text,
    )


def _clean_fields(fields: dict[str, Any]) -> str:
    plain = {str(k): nfc(str(v)) for k, v in fields.items()}
    return json.dumps(plain, ensure_ascii=False, sort_keys=True)


def _answered_site(session, case_id: int | None, visit_id: str | None) -> int:
    """Return the site of the case (else of the visit) a letter answers, else the local site."""
    if case_id is not None:
        found = session.scalar(select(FollowupCase.site_id).where(FollowupCase.id == case_id))
        if found is not None:
            return found
    if visit_id is not None:
        found = session.scalar(select(Visit.site_id).where(Visit.id == visit_id))
        if found is not None:
            return found
    return LOCAL_SITE_ID


def _same_text(template: LetterTemplateRow, parts: dict[str, str]) -> bool:
    return all(getattr(template, part) == nfc(text) for part, text in parts.items())


# (number, issued_at) -> (number text, DOCX bytes)
IssueBuilder = Callable[[int, datetime], tuple[str, bytes]]


class LettersMixin:
    """Letter templates and letters."""

    # --- templates ---

    def current_template(self, kind: str) -> LetterTemplateRow | None:
        """Return the newest version of the template of ``kind``, or None."""
        with self.session() as s:
            found = s.scalars(
                select(LetterTemplate)
                .where(LetterTemplate.kind == kind)
                .order_by(LetterTemplate.version.desc())
                .limit(1)
            ).first()
            return _template_row(found) if found else None

    def template_by_id(self, template_id: int) -> LetterTemplateRow | None:
        """Return one template version by id, or None."""
        if not 0 < template_id < _MAX_ID:
            return None
        with self.session() as s:
            found = s.get(LetterTemplate, template_id)
            return _template_row(found) if found else None

    def save_letter_template(
        self,
        kind: str,
        title: str,
        summary: str,
        greeting: str,
        body: str,
        recipients: str,
        user: str,
    ) -> LetterTemplateRow:
        """Store a new version of the template of ``kind`` and return it."""
        for _attempt in range(3):
            try:
                with self.session() as s:
                    latest = s.scalar(
                        select(func.max(LetterTemplate.version)).where(LetterTemplate.kind == kind)
                    )
                    row = LetterTemplate(
                        kind=kind,
                        version=(latest or 0) + 1,
                        title=nfc(title),
                        summary=nfc(summary),
                        greeting=nfc(greeting),
                        body=nfc(body),
                        recipients=nfc(recipients),
                        created_at=clock.utcnow(),
                        created_by=nfc(user)[:64],
                    )
                    s.add(row)
                    s.flush()
                    return _template_row(row)
            except StoreError as exc:
                if not isinstance(exc.__cause__, IntegrityError):
                    raise
        raise StoreError("could not save the letter template: concurrent saves")

    def ensure_letter_templates(self, defaults: dict[str, dict[str, str]]) -> None:
        """Store the shipped default of every template that has none yet, and a changed shipped
        default over a template nobody edited (its newest version is the store's own, user "");
        a template an administrator saved is never replaced. Letters keep the version they were
        written from."""
        for kind, text in defaults.items():
            current = self.current_template(kind)
            if current is not None and (current.created_by or _same_text(current, text)):
                continue
            try:
                self.save_letter_template(kind, user="", **text)
            except StoreError:
                latest = self.current_template(kind)
                if latest is None or (current is not None and latest.version == current.version):
                    raise

    # --- office profile (printed on every letter) ---

    def letter_profile(self) -> dict[str, str]:
        """Return the office's letter profile (place, signer...) as saved, or {}."""
        raw = self.get_meta(PROFILE_KEY)
        return json.loads(raw) if raw else {}

    def set_letter_profile(self, profile: dict[str, str]) -> None:
        """Save the office's letter profile."""
        self.set_meta(PROFILE_KEY, _clean_fields(profile))

    # --- letters ---

    def create_letter(
        self,
        kind: str,
        template_id: int,
        fields: dict[str, Any],
        citizen: str,
        dossier_code: str | None,
        user: str,
        case_id: int | None = None,
        visit_id: str | None = None,
        site_id: int | None = None,
    ) -> int:
        """Save a new draft letter and return its id; it belongs to ``site_id``, by default to
        the site of the case or visit it answers, else to this store's own site."""
        now = clock.utcnow()
        with self.session() as s:
            if site_id is None:
                site_id = _answered_site(s, case_id, visit_id)
            row = Letter(
                site_id=site_id,
                kind=kind,
                status="draft",
                template_id=template_id,
                fields_json=_clean_fields(fields),
                citizen=nfc(citizen)[:200],
                dossier_code=nfc(dossier_code)[:100] if dossier_code else None,
                case_id=case_id,
                visit_id=visit_id,
                created_at=now,
                created_by=nfc(user)[:64],
                updated_at=now,
            )
            s.add(row)
            s.flush()
            return row.id

    def letter_by_id(self, letter_id: int) -> LetterRow | None:
        """Return one letter, or None (also for an id too large to exist)."""
        if not 0 < letter_id < _MAX_ID:
            return None
        with self.session() as s:
            found = s.get(Letter, letter_id)
            return _letter_row(found) if found else None

    def letter_writers(self, letter_id: int) -> set[str]:
        """Return the accounts that wrote or changed a letter: its author and everyone whose
        change to it is in the audit log (the admin audits a change in the same transaction)."""
        letter = self.letter_by_id(letter_id)
        if letter is None:
            return set()
        query = select(AuditEntry.username).where(
            AuditEntry.action.in_(("letter.create", "letter.update")),
            AuditEntry.target == f"letter:{letter_id}",
        )
        with self.session() as s:
            return {letter.created_by, *s.scalars(query.distinct())}

    def letter_docx(self, letter_id: int) -> bytes | None:
        """Return the DOCX kept when the letter was issued, or None."""
        if not 0 < letter_id < _MAX_ID:
            return None
        with self.session() as s:
            return s.scalar(select(Letter.docx).where(Letter.id == letter_id))

    def list_letters(
        self, status: str | None = None, limit: int = LIST_LIMIT, site_id: int | None = None
    ) -> list[LetterRow]:
        """Return letters, newest first, optionally only those of one status or site."""
        query = select(Letter).order_by(Letter.id.desc()).limit(limit)
        if status:
            query = query.where(Letter.status == status)
        if site_id is not None:
            query = query.where(Letter.site_id == site_id)
        with self.session() as s:
            return [_letter_row(x) for x in s.scalars(query)]

    def letter_page(
        self,
        query: str = "",
        status: str | None = None,
        offset: int = 0,
        limit: int = LETTERS_PAGE,
        site_id: int | None = None,
    ) -> tuple[list[LetterRow], int]:
        """Return one page of letters, newest first, and how many match: every word of ``query``
        is found, with or without marks, in the number, the recipient's name, the dossier code,
        the official's name (as written in the letter, or of the visit it answers) or the
        status's name; ``status`` keeps the letters of one status, ``site_id`` of one site."""
        visit_id = func.coalesce(Letter.visit_id, FollowupCase.visit_id)
        matching = (
            select(Letter.id)
            .outerjoin(FollowupCase, FollowupCase.id == Letter.case_id)
            .outerjoin(Visit, Visit.id == visit_id)
            .outerjoin(Official, Official.id == Visit.official_id)
        )
        if status:
            matching = matching.where(Letter.status == status)
        if site_id is not None:
            matching = matching.where(Letter.site_id == site_id)
        for word in fold(query).split()[:8]:
            statuses = [key for key, label in STATUS_LABELS.items() if word in fold(label)]
            matching = matching.where(
                or_(
                    _folded(Letter.number_text).contains(word, autoescape=True),
                    _folded(Letter.citizen).contains(word, autoescape=True),
                    _folded(Letter.dossier_code).contains(word, autoescape=True),
                    _folded(_field_text(Letter.fields_json, "can_bo")).contains(
                        word, autoescape=True
                    ),
                    Official.search_text.contains(word, autoescape=True),
                    Letter.status.in_(statuses),
                )
            )
        counted = select(func.count()).select_from(matching.subquery())
        page = (
            select(Letter)
            .options(defer(Letter.docx))
            .where(Letter.id.in_(matching.scalar_subquery()))
            .order_by(Letter.id.desc())
            .offset(max(offset, 0))
            .limit(max(limit, 1))
        )
        with self.session() as s:
            _fold_in_sqlite(s)
            total = s.scalar(counted) or 0
            return [_letter_row(x) for x in s.scalars(page)], total

    def update_letter(
        self,
        letter_id: int,
        template_id: int,
        fields: dict[str, Any],
        citizen: str,
        dossier_code: str | None,
    ) -> bool:
        """Change a letter not yet issued; it goes back to draft. Return True if it was approved."""
        with self.session() as s:
            row = s.get(Letter, letter_id)
            if row is None:
                raise LetterError("Không tìm thấy thư.")
            if row.status == "issued":
                raise LetterError("Thư đã ban hành, không sửa được.")
            was_approved = row.status == "approved"
            row.template_id = template_id
            row.fields_json = _clean_fields(fields)
            row.citizen = nfc(citizen)[:200]
            row.dossier_code = nfc(dossier_code)[:100] if dossier_code else None
            row.status = "draft"
            row.approved_at = None
            row.approved_by = None
            row.updated_at = clock.utcnow()
            return was_approved

    def approve_letter(self, letter_id: int, user: str) -> None:
        """Approve a draft letter, recording who approved it and when."""
        with self.session() as s:
            row = s.get(Letter, letter_id)
            if row is None:
                raise LetterError("Không tìm thấy thư.")
            if row.status != "draft":
                raise LetterError(f"Thư đang ở trạng thái “{STATUS_LABELS[row.status]}”.")
            now = clock.utcnow()
            row.status = "approved"
            row.approved_at = now
            row.approved_by = nfc(user)[:64]
            row.updated_at = now

    def issue_letter(self, letter_id: int, user: str, year: int, build: IssueBuilder) -> LetterRow:
        """Issue an approved letter: give it the next number of its kind for ``year`` and keep
        the DOCX ``build(number, issued_at)`` makes; return the issued letter."""
        for _attempt in range(5):
            try:
                with self.session() as s:
                    row = s.get(Letter, letter_id, with_for_update=True)
                    if row is None:
                        raise LetterError("Không tìm thấy thư.")
                    if row.status != "approved":
                        raise LetterError("Chỉ ban hành được thư đã được duyệt.")
                    # Each site numbers its own letters.
                    latest = s.scalar(
                        select(func.max(Letter.number)).where(
                            Letter.site_id == row.site_id,
                            Letter.kind == row.kind,
                            Letter.year == year,
                        )
                    )
                    number = (latest or 0) + 1
                    now = clock.utcnow()
                    number_text, data = build(number, now)
                    row.status = "issued"
                    row.year = year
                    row.number = number
                    row.number_text = number_text[:60]
                    row.docx = data
                    row.issued_at = now
                    row.issued_by = nfc(user)[:64]
                    row.updated_at = now
                    s.flush()
                    return _letter_row(row)
            except StoreError as exc:
                if not isinstance(exc.__cause__, IntegrityError):
                    raise
        raise StoreError("could not number the letter: concurrent issues")

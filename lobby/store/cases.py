"""Follow-up cases: made from visits that asked for a call-back or rated low with a comment.

Cases are made by ``sync_cases()``, an idempotent INSERT ... SELECT of the visits not yet in a
case (the kiosk's write path is left alone, so a vote never waits on or fails because of a case).
The admin runs it when the cases pages open and periodically. Phone numbers stay on the visit
only and are erased after a retention period by ``erase_expired_phones``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, exists, func, insert, literal, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from lobby import clock
from lobby.name_index import fold
from lobby.store.base import StoreError
from lobby.store.models import (
    Answer,
    CaseNote,
    FollowupCase,
    Official,
    Unit,
    User,
    Visit,
)
from lobby.store.report_context import reason_counts
from lobby.vntext import nfc

STATUSES = ("new", "in_progress", "contacted", "resolved")
STATUS_LABELS = {
    "new": "Mới",
    "in_progress": "Đang xử lý",
    "contacted": "Đã liên hệ",
    "resolved": "Đã giải quyết",
}
# The outcome of a call-back, recorded with the note that tells of it.
CALL_OUTCOMES = ("reached", "not_reached", "wrong_number", "resolved")
CALL_OUTCOME_LABELS = {
    "reached": "Đã liên lạc được",
    "not_reached": "Không liên lạc được",
    "wrong_number": "Sai số điện thoại",
    "resolved": "Đã giải quyết xong",
}
ERASED_NOTE = "Đã xoá số điện thoại theo thời hạn lưu."
MAX_NOTE = 4000
LIST_LIMIT = 300


@dataclass(frozen=True)
class CaseNoteRow:
    """One note on a case; ``author`` is empty for notes the system wrote."""

    at: datetime
    author: str
    text: str
    call_outcome: str | None = None

    @property
    def call_outcome_label(self) -> str | None:
        """Return the call's outcome in Vietnamese, or None for a note that records no call."""
        return CALL_OUTCOME_LABELS.get(self.call_outcome or "", self.call_outcome)


@dataclass(frozen=True)
class CaseRow:
    """A case with its notes, oldest first (no phone number: read it from the visit)."""

    id: int
    visit_id: str
    status: str
    wants_callback: bool
    assignee_id: int | None
    assignee: str | None
    created_at: datetime
    updated_at: datetime
    phone_erased_at: datetime | None
    notes: tuple[CaseNoteRow, ...]
    visit_at: datetime | None = None
    call_outcome: str | None = None

    @property
    def status_label(self) -> str:
        """Return the status in Vietnamese."""
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def call_outcome_label(self) -> str | None:
        """Return the latest call's outcome in Vietnamese, or None before any call."""
        return CALL_OUTCOME_LABELS.get(self.call_outcome or "", self.call_outcome)


@dataclass(frozen=True)
class CaseListRow:
    """A case as listed: its visit's time and context, never the phone number."""

    id: int
    status: str
    wants_callback: bool
    assignee: str | None
    visit_at: datetime
    official: str | None
    unit: str | None
    level: str | None
    comment: str | None
    call_outcome: str | None = None

    @property
    def status_label(self) -> str:
        """Return the status in Vietnamese."""
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def call_outcome_label(self) -> str | None:
        """Return the latest call's outcome in Vietnamese, or None before any call."""
        return CALL_OUTCOME_LABELS.get(self.call_outcome or "", self.call_outcome)


class CaseError(ValueError):
    """A change to a case that cannot be made; the message (Vietnamese) says why."""


def _followup():
    """The partial index's condition: written the same way so the databases use the index."""
    return or_(Visit.callback_phone.isnot(None), Visit.comment.isnot(None))


def _low_rated():
    return exists().where(Answer.visit_id == Visit.id, Answer.satisfied.is_(False))


class CasesMixin:
    """Follow-up cases and their notes."""

    def sync_cases(self) -> int:
        """Make a case for every visit with a call-back request, or a comment and a low rating,
        that has none yet, in the visit's site; return how many were made (idempotent: one case
        per visit)."""
        now = clock.utcnow()
        chosen = (
            select(
                Visit.site_id,
                Visit.id,
                Visit.callback_phone.isnot(None),
                Visit.created_at,
                literal("new"),
                literal(now, FollowupCase.created_at.type),
                literal(now, FollowupCase.updated_at.type),
            )
            .where(_followup())
            # Cheap first: most candidates already have their case.
            .where(~exists().where(FollowupCase.visit_id == Visit.id))
            .where(or_(Visit.callback_phone.isnot(None), _low_rated()))
        )
        statement = insert(FollowupCase).from_select(
            [
                "site_id",
                "visit_id",
                "wants_callback",
                "visit_at",
                "status",
                "created_at",
                "updated_at",
            ],
            chosen,
        )
        try:
            with self.session() as s:
                return len(s.execute(statement.returning(FollowupCase.id)).all())
        except StoreError as exc:
            if isinstance(exc.__cause__, IntegrityError):
                return 0  # another sync made the same cases at the same moment
            raise

    def erase_expired_phones(self, days: int, now: datetime | None = None) -> int:
        """Erase call-back numbers of visits older than ``days`` days, noting it on their cases
        (run ``sync_cases`` first so every such visit has one); return how many were erased."""
        now = now or clock.utcnow()
        cutoff = now - timedelta(days=days)
        old = and_(_followup(), Visit.callback_phone.isnot(None), Visit.created_at < cutoff)
        with self.session() as s:
            visit_ids = list(s.scalars(select(Visit.id).where(old)))
            if not visit_ids:
                return 0
            for start in range(0, len(visit_ids), 500):
                batch = visit_ids[start : start + 500]
                case_ids = list(
                    s.scalars(select(FollowupCase.id).where(FollowupCase.visit_id.in_(batch)))
                )
                s.add_all(
                    CaseNote(case_id=i, at=now, author="", text=ERASED_NOTE) for i in case_ids
                )
                s.execute(
                    update(FollowupCase)
                    .where(FollowupCase.id.in_(case_ids))
                    .values(phone_erased_at=now, updated_at=now)
                )
                s.execute(update(Visit).where(Visit.id.in_(batch)).values(callback_phone=None))
            return len(visit_ids)

    def case_by_id(self, case_id: int) -> CaseRow | None:
        """Return one case with its notes, or None (also for an id too large to exist)."""
        if not 0 < case_id < 2**31:
            return None
        with self.session() as s:
            found = s.execute(
                select(FollowupCase, User.username)
                .outerjoin(User, FollowupCase.assignee_id == User.id)
                .where(FollowupCase.id == case_id)
            ).first()
            if found is None:
                return None
            case, assignee = found
            notes = s.scalars(
                select(CaseNote).where(CaseNote.case_id == case_id).order_by(CaseNote.id)
            )
            return CaseRow(
                case.id,
                case.visit_id,
                case.status,
                case.wants_callback,
                case.assignee_id,
                assignee,
                case.created_at,
                case.updated_at,
                case.phone_erased_at,
                tuple(CaseNoteRow(n.at, n.author, n.text, n.call_outcome) for n in notes),
                case.visit_at,
                case.call_outcome,
            )

    def _case_list_query(self, status, assignee_id, unassigned, query, due_before, site_id=None):
        official, unit = aliased(Official), aliased(Unit)
        columns = (
            FollowupCase.id,
            FollowupCase.status,
            FollowupCase.wants_callback,
            User.username,
            FollowupCase.visit_at,
            func.coalesce(official.full_name, Visit.official_code),
            func.coalesce(unit.name, Visit.unit_code),
            Answer.level_label,
            Visit.comment,
            FollowupCase.call_outcome,
        )
        chosen = (
            select(*columns)
            .join(Visit, Visit.id == FollowupCase.visit_id)
            .outerjoin(User, User.id == FollowupCase.assignee_id)
            .outerjoin(official, official.id == Visit.official_id)
            .outerjoin(unit, unit.id == Visit.unit_id)
            .outerjoin(Answer, and_(Answer.visit_id == Visit.id, Answer.position == 0))
        )
        if status:
            chosen = chosen.where(FollowupCase.status == status)
        if site_id is not None:
            chosen = chosen.where(FollowupCase.site_id == site_id)
        if unassigned:
            chosen = chosen.where(FollowupCase.assignee_id.is_(None))
        elif assignee_id is not None:
            chosen = chosen.where(FollowupCase.assignee_id == assignee_id)
        if due_before is not None:
            chosen = chosen.where(
                FollowupCase.status != "resolved", FollowupCase.visit_at < due_before
            )
        text = nfc(query or "").strip()
        if text.isdigit() and len(text) < 10:
            chosen = chosen.where(FollowupCase.id == int(text))
        elif text:
            # Words of the official's name (without marks, as the officials list finds them)
            # or of the comment (as typed).
            for word in text.split()[:8]:
                escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                plain = fold(escaped)
                chosen = chosen.where(
                    or_(
                        official.search_text.like(f"%{plain}%", escape="\\"),
                        Visit.comment.like(f"%{escaped}%", escape="\\"),
                        Visit.official_code.like(f"%{escaped}%", escape="\\"),
                    )
                )
        return chosen

    def list_cases(
        self,
        status: str | None = None,
        assignee_id: int | None = None,
        unassigned: bool = False,
        limit: int | None = LIST_LIMIT,
        *,
        query: str = "",
        due_before: datetime | None = None,
        offset: int = 0,
        site_id: int | None = None,
    ) -> list[CaseListRow]:
        """Return cases, oldest visit first when asking for overdue ones (``due_before``: open
        cases whose visit came before that moment), else newest first; filtered by status,
        assignee (or unassigned) and ``query`` (a case number, or words of the official's name
        or the comment) and site (None: every site); ``limit`` None gives them all from
        ``offset``."""
        chosen = self._case_list_query(status, assignee_id, unassigned, query, due_before, site_id)
        if due_before is not None:
            chosen = chosen.order_by(FollowupCase.visit_at, FollowupCase.id)
        else:
            chosen = chosen.order_by(FollowupCase.visit_at.desc(), FollowupCase.id.desc())
        if offset:
            chosen = chosen.offset(offset)
        if limit is not None:
            chosen = chosen.limit(limit)
        with self.session() as s:
            return [CaseListRow(*row) for row in s.execute(chosen)]

    def count_listed_cases(
        self,
        status: str | None = None,
        assignee_id: int | None = None,
        unassigned: bool = False,
        *,
        query: str = "",
        due_before: datetime | None = None,
        site_id: int | None = None,
    ) -> int:
        """Return how many cases ``list_cases`` with the same filters lists in all."""
        chosen = self._case_list_query(status, assignee_id, unassigned, query, due_before, site_id)
        with self.session() as s:
            return s.scalar(select(func.count()).select_from(chosen.subquery())) or 0

    def top_reasons(
        self, first: date, last: date, limit: int = 5, site_id: int | None = None
    ) -> list[tuple[str, int]]:
        """Return the reasons chosen most often in visits between two office days (repeated
        presses left out; of one site when given), most chosen first, as (reason key, visits)."""
        return reason_counts(self, first, last, limit, site_id)

    def count_cases(self, status: str | None = None, site_id: int | None = None) -> int:
        """Return how many cases there are (with that status, of that site, when given)."""
        query = select(func.count()).select_from(FollowupCase)
        if status:
            query = query.where(FollowupCase.status == status)
        if site_id is not None:
            query = query.where(FollowupCase.site_id == site_id)
        with self.session() as s:
            return s.scalar(query) or 0

    def update_case(
        self, case_id: int, *, status: str | None = None, assignee_id: int | None | bool = False
    ) -> None:
        """Set a case's status and/or assignee (``assignee_id=None`` unassigns; False: keep)."""
        if status is not None and status not in STATUSES:
            raise CaseError("Trạng thái không hợp lệ.")
        with self.session() as s:
            case = s.get(FollowupCase, case_id)
            if case is None:
                raise CaseError("Không tìm thấy phản ánh này.")
            if assignee_id is not False and assignee_id is not None:
                user = s.get(User, assignee_id)
                if user is None or not user.active:
                    raise CaseError("Người được giao không tồn tại hoặc đã bị khoá.")
            if status is not None:
                case.status = status
            if assignee_id is not False:
                case.assignee_id = assignee_id
            case.updated_at = clock.utcnow()

    def add_case_note(
        self, case_id: int, author: str, text: str, call_outcome: str | None = None
    ) -> str:
        """Append a note to a case, with the outcome of the call it tells of when given (also
        kept on the case as its latest); return the text kept (NFC, stripped). CaseError if the
        note is empty (a call's outcome alone is a note) or the outcome unknown."""
        text = nfc(text or "").strip()
        if call_outcome is not None and call_outcome not in CALL_OUTCOMES:
            raise CaseError("Kết quả cuộc gọi không hợp lệ.")
        if not text and call_outcome is not None:
            text = f"Gọi lại: {CALL_OUTCOME_LABELS[call_outcome].lower()}."
        if not text:
            raise CaseError("Hãy viết nội dung ghi chú.")
        if len(text) > MAX_NOTE:
            raise CaseError(f"Ghi chú dài quá {MAX_NOTE} ký tự; hãy viết ngắn lại.")
        now = clock.utcnow()
        with self.session() as s:
            case = s.get(FollowupCase, case_id)
            if case is None:
                raise CaseError("Không tìm thấy phản ánh này.")
            s.add(
                CaseNote(
                    case_id=case_id,
                    at=now,
                    author=nfc(author)[:64],
                    text=text,
                    call_outcome=call_outcome,
                )
            )
            if call_outcome is not None:
                case.call_outcome = call_outcome
            case.updated_at = now
        return text

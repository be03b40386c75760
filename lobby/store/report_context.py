"""What a periodic report says besides the ratings: follow-up cases, letters issued, reasons,
a sample of comments, and the leader's own sections kept with the report. Counted in SQL, for one
site (``site_id``) or for every site of the store (None)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased

from lobby.store.models import Answer, FollowupCase, Letter, Official, Unit, Visit, VisitReason

NOTES_KEY = "report_notes:"


@dataclass(frozen=True)
class CaseCounts:
    """Follow-up cases made from the period's visits: all of them, resolved, and overdue."""

    received: int
    handled: int
    overdue: int


@dataclass(frozen=True)
class Comment:
    """A comment left with a rating: the office day, the overall level and who it was about."""

    day: date
    level: str
    about: str
    text: str


@dataclass(frozen=True)
class ReportNotes:
    """The sections the leader writes before issuing a report ("Tồn tại, hạn chế"…)."""

    shortcomings: str = ""
    proposals: str = ""
    updated_by: str = ""
    updated_at: str = ""


def _moments(store, first: date, last: date) -> tuple[datetime, datetime]:
    """The UTC moments bounding the office days ``first``..``last``."""
    tz = ZoneInfo(store.tz_name)
    start = datetime.combine(first, time(0), tz).astimezone(UTC)
    return start, datetime.combine(last + timedelta(days=1), time(0), tz).astimezone(UTC)


def case_counts(
    store, first: date, last: date, due_before: datetime, site_id: int | None = None
) -> CaseCounts:
    """Count the cases made from visits of ``first``..``last``: all, resolved, and open ones
    whose visit came before ``due_before`` (overdue)."""
    open_ = FollowupCase.status != "resolved"
    query = (
        select(
            func.count(),
            func.sum(case((FollowupCase.status == "resolved", 1), else_=0)),
            func.sum(case((and_(open_, FollowupCase.visit_at < due_before), 1), else_=0)),
        )
        .select_from(FollowupCase)
        .join(Visit, Visit.id == FollowupCase.visit_id)
        .where(Visit.local_day >= first, Visit.local_day <= last)
    )
    if site_id is not None:
        query = query.where(FollowupCase.site_id == site_id)
    with store.session() as s:
        received, handled, overdue = s.execute(query).one()
    return CaseCounts(int(received or 0), int(handled or 0), int(overdue or 0))


def letters_issued(store, first: date, last: date, site_id: int | None = None) -> dict[str, int]:
    """Count the letters issued during the office days ``first``..``last``, by kind."""
    start, end = _moments(store, first, last)
    query = (
        select(Letter.kind, func.count())
        .where(Letter.issued_at >= start, Letter.issued_at < end)
        .group_by(Letter.kind)
        .order_by(Letter.kind)
    )
    if site_id is not None:
        query = query.where(Letter.site_id == site_id)
    with store.session() as s:
        return {kind: int(n) for kind, n in s.execute(query)}


def reason_counts(
    store, first: date, last: date, limit: int | None = None, site_id: int | None = None
) -> list[tuple[str, int]]:
    """Return the reasons chosen in the period's visits (repeats left out), most chosen first, as
    (reason key, visits); every reason, or the first ``limit``."""
    count = func.count().label("n")
    query = (
        select(VisitReason.reason_key, count)
        .join(Visit, Visit.id == VisitReason.visit_id)
        .where(Visit.local_day >= first, Visit.local_day <= last, Visit.is_repeat.is_(False))
        .group_by(VisitReason.reason_key)
        .order_by(count.desc(), VisitReason.reason_key)
        .limit(limit)
    )
    if site_id is not None:
        query = query.where(Visit.site_id == site_id)
    with store.session() as s:
        return [(key, int(n)) for key, n in s.execute(query)]


def comment_sample(
    store, first: date, last: date, limit: int = 8, site_id: int | None = None
) -> list[Comment]:
    """Return up to ``limit`` comments of the period, the lowest-rated first, then newest."""
    official, unit = aliased(Official), aliased(Unit)
    query = (
        select(
            Visit.local_day,
            Answer.level_label,
            func.coalesce(official.full_name, unit.name, ""),
            Visit.comment,
        )
        .outerjoin(Answer, and_(Answer.visit_id == Visit.id, Answer.position == 0))
        .outerjoin(official, official.id == Visit.official_id)
        .outerjoin(unit, unit.id == Visit.unit_id)
        .where(
            Visit.local_day >= first,
            Visit.local_day <= last,
            Visit.is_repeat.is_(False),
            Visit.comment.is_not(None),
            Visit.comment != "",
        )
        .order_by(Answer.level_index.desc(), Visit.created_at.desc())
        .limit(limit)
    )
    if site_id is not None:
        query = query.where(Visit.site_id == site_id)
    with store.session() as s:
        return [
            Comment(day, level or "", about, text) for day, level, about, text in s.execute(query)
        ]


def _notes_key(code: str, site_id: int | None) -> str:
    """The meta key of a report's sections: one site's report keeps its own."""
    return NOTES_KEY + code + ("" if site_id is None else f"@{site_id}")


def report_notes(store, code: str, site_id: int | None = None) -> ReportNotes:
    """Return the leader's sections kept with the report ``code`` (empty when none yet)."""
    stored = store.get_meta(_notes_key(code, site_id))
    if not stored:
        return ReportNotes()
    fields = json.loads(stored)
    return ReportNotes(
        **{k: str(v) for k, v in fields.items() if k in ReportNotes.__dataclass_fields__}
    )


def save_report_notes(store, code: str, notes: ReportNotes, site_id: int | None = None) -> None:
    """Keep the leader's sections with the report ``code`` (of one site, or of every site)."""
    store.set_meta(_notes_key(code, site_id), json.dumps(notes.__dict__, ensure_ascii=False))

"""The audit log: every change made through the admin, with who, when, and before/after as JSON."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from lobby import clock
from lobby.store.models import AuditEntry
from lobby.vntext import nfc

PAGE_SIZE = 200


@dataclass(frozen=True)
class AuditRow:
    """One recorded change."""

    id: int
    at: datetime
    username: str
    action: str
    target: str
    before: str | None
    after: str | None


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return str(value)


def _json(value: Any) -> str | None:
    if value is None:
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_plain)


def _row(e: AuditEntry) -> AuditRow:
    return AuditRow(e.id, e.at, e.username, e.action, e.target, e.before_json, e.after_json)


class AuditMixin:
    """Recording and reading the audit log."""

    def audit(
        self, user: str | None, action: str, target: str = "", before: Any = None, after: Any = None
    ) -> None:
        """Record that ``user`` did ``action`` on ``target``; before/after are stored as JSON."""
        with self.session() as s:
            s.add(
                AuditEntry(
                    at=clock.utcnow(),
                    username=nfc(user or "")[:64],
                    action=action[:64],
                    target=nfc(str(target))[:300],
                    before_json=_json(before),
                    after_json=_json(after),
                )
            )

    def _audit_query(self, username, action, start, end):
        query = select(AuditEntry)
        if username:
            query = query.where(AuditEntry.username == nfc(username).strip())
        if action:
            query = query.where(AuditEntry.action == action)
        if start is not None:
            query = query.where(AuditEntry.at >= start)
        if end is not None:
            query = query.where(AuditEntry.at < end)
        return query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())

    def audit_entries(
        self,
        username: str | None = None,
        action: str | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
        limit: int = PAGE_SIZE,
        offset: int = 0,
    ) -> list[AuditRow]:
        """Return the newest entries matching the filters (start inclusive, end exclusive, UTC),
        ``limit`` of them after the first ``offset``."""
        with self.session() as s:
            query = self._audit_query(username, action, start, end).offset(offset).limit(limit)
            return [_row(e) for e in s.scalars(query)]

    def count_audit_entries(
        self,
        username: str | None = None,
        action: str | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
    ) -> int:
        """Return how many entries match the filters."""
        query = self._audit_query(username, action, start, end).order_by(None)
        with self.session() as s:
            return s.scalar(select(func.count()).select_from(query.subquery())) or 0

    def iter_audit_entries(
        self,
        username: str | None = None,
        action: str | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
    ) -> Iterator[AuditRow]:
        """Yield every matching entry, newest first, a batch at a time (for the CSV export)."""
        with self.session() as s:
            result = s.scalars(
                self._audit_query(username, action, start, end).execution_options(yield_per=500)
            )
            for entry in result:
                yield _row(entry)

    def audit_actions(self) -> list[str]:
        """Return every action name recorded so far, sorted (for the page's filter)."""
        with self.session() as s:
            return sorted(s.scalars(select(AuditEntry.action).distinct()))

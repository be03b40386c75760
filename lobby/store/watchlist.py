"""The watchlist's records: which entries were acknowledged and what was done about them.

Which officials and units are on the watchlist is computed from ``report_figures`` (the same
figures as the results pages); only people's acknowledgements and actions are stored, each with
the site of its official or unit (codes are unique within a site only). Readers take ``site_id``
(None: every site).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from lobby import clock
from lobby.store.base import StoreError
from lobby.store.models import Official, Unit, WatchlistAck, WatchlistAction
from lobby.store.sites import LOCAL_SITE_ID
from lobby.vntext import nfc

SUBJECT_KINDS = ("official", "unit")
ACTION_KINDS = ("reminder", "training", "reassignment", "other")
ACTION_LABELS = {
    "reminder": "Nhắc nhở",
    "training": "Bồi dưỡng",
    "reassignment": "Điều chuyển",
    "other": "Khác",
}
MAX_NOTE = 2000


@dataclass(frozen=True)
class WatchlistAckRow:
    """Who acknowledged an entry and when."""

    subject_kind: str
    subject_code: str
    period_code: str
    at: datetime
    by: str
    site_id: int = LOCAL_SITE_ID


@dataclass(frozen=True)
class WatchlistActionRow:
    """One action recorded about an official or a unit."""

    id: int
    subject_kind: str
    subject_code: str
    period_code: str
    kind: str
    note: str
    at: datetime
    by: str
    site_id: int = LOCAL_SITE_ID

    @property
    def kind_label(self) -> str:
        """Return the kind of action in Vietnamese."""
        return ACTION_LABELS.get(self.kind, self.kind)


class WatchlistError(ValueError):
    """An action that cannot be recorded; the message (Vietnamese) says why."""


class WatchlistMixin:
    """Acknowledging watchlist entries and recording actions, with their history."""

    def watchlist_subject_name(
        self, kind: str, code: str, site_id: int | None = None
    ) -> str | None:
        """Return the name of the official or unit with this code, or None if there is none."""
        found = self.watchlist_subject(kind, code, site_id)
        return found[1] if found else None

    def watchlist_subject(
        self, kind: str, code: str, site_id: int | None = None
    ) -> tuple[int, str] | None:
        """Return the site and name of the official or unit with this code (in ``site_id``, or
        in any site), or None if there is none, or several sites have one of this code."""
        model = {"official": Official, "unit": Unit}.get(kind)
        if model is None or not code or len(code) > 64:
            return None
        name = model.full_name if kind == "official" else model.name
        query = select(model.site_id, name).where(model.code == code).limit(2)
        if site_id is not None:
            query = query.where(model.site_id == site_id)
        with self.session() as s:
            found = list(s.execute(query))
        return (int(found[0][0]), found[0][1]) if len(found) == 1 else None

    def watchlist_acks(
        self, period_code: str, site_id: int | None = None
    ) -> dict[tuple[str, str], WatchlistAckRow]:
        """Return the acknowledgements of a period by (kind, code), of one site (or of every
        site: then ``watchlist_site_acks`` tells apart two sites' subjects of one code)."""
        return {
            (kind, code): row
            for (_site, kind, code), row in self.watchlist_site_acks(period_code, site_id).items()
        }

    def watchlist_site_acks(
        self, period_code: str, site_id: int | None = None
    ) -> dict[tuple[int, str, str], WatchlistAckRow]:
        """Return the acknowledgements of a period by (site, kind, code), of one site or all."""
        query = select(WatchlistAck).where(WatchlistAck.period_code == period_code)
        if site_id is not None:
            query = query.where(WatchlistAck.site_id == site_id)
        with self.session() as s:
            return {
                (a.site_id, a.subject_kind, a.subject_code): WatchlistAckRow(
                    a.subject_kind,
                    a.subject_code,
                    a.period_code,
                    a.acknowledged_at,
                    a.acknowledged_by,
                    a.site_id,
                )
                for a in s.scalars(query)
            }

    def acknowledge_watchlist(
        self, kind: str, code: str, period_code: str, user: str, site_id: int = LOCAL_SITE_ID
    ) -> bool:
        """Mark an entry (of the site ``site_id``) acknowledged; return False if it already was."""
        if kind not in SUBJECT_KINDS:
            raise WatchlistError("Loại đối tượng không hợp lệ.")
        try:
            with self.session() as s:
                found = s.scalar(
                    select(WatchlistAck.id).where(
                        WatchlistAck.site_id == site_id,
                        WatchlistAck.subject_kind == kind,
                        WatchlistAck.subject_code == code,
                        WatchlistAck.period_code == period_code,
                    )
                )
                if found is not None:
                    return False
                s.add(
                    WatchlistAck(
                        site_id=site_id,
                        subject_kind=kind,
                        subject_code=code,
                        period_code=period_code,
                        acknowledged_at=clock.utcnow(),
                        acknowledged_by=nfc(user)[:64],
                    )
                )
        except StoreError as exc:
            if isinstance(exc.__cause__, IntegrityError):
                return False  # acknowledged at the same moment by someone else
            raise
        return True

    def record_watchlist_action(
        self,
        kind: str,
        code: str,
        period_code: str,
        action: str,
        note: str,
        user: str,
        site_id: int = LOCAL_SITE_ID,
    ) -> WatchlistActionRow:
        """Record an action about an entry of the site ``site_id`` (acknowledging it too);
        return what was stored."""
        if kind not in SUBJECT_KINDS:
            raise WatchlistError("Loại đối tượng không hợp lệ.")
        if action not in ACTION_KINDS:
            raise WatchlistError("Hãy chọn biện pháp: nhắc nhở, bồi dưỡng, điều chuyển hoặc khác.")
        note = nfc(note or "").strip()
        if len(note) > MAX_NOTE:
            raise WatchlistError(f"Ghi chú dài quá {MAX_NOTE} ký tự; hãy viết ngắn lại.")
        if action == "other" and not note:
            raise WatchlistError("Biện pháp “Khác” cần ghi chú nói rõ đã làm gì.")
        now = clock.utcnow()
        row = WatchlistAction(
            site_id=site_id,
            subject_kind=kind,
            subject_code=code,
            period_code=period_code,
            kind=action,
            note=note,
            created_at=now,
            created_by=nfc(user)[:64],
        )
        with self.session() as s:
            s.add(row)
            s.flush()
            stored = WatchlistActionRow(
                row.id, kind, code, period_code, action, note, now, row.created_by, site_id
            )
        self.acknowledge_watchlist(kind, code, period_code, user, site_id)
        return stored

    def watchlist_history(
        self, kind: str, code: str, site_id: int | None = None
    ) -> list[WatchlistActionRow]:
        """Return every action recorded about an official or unit (of one site, or of any
        site), newest first."""
        query = (
            select(WatchlistAction)
            .where(WatchlistAction.subject_kind == kind, WatchlistAction.subject_code == code)
            .order_by(WatchlistAction.created_at.desc(), WatchlistAction.id.desc())
        )
        if site_id is not None:
            query = query.where(WatchlistAction.site_id == site_id)
        with self.session() as s:
            return [
                WatchlistActionRow(
                    a.id,
                    a.subject_kind,
                    a.subject_code,
                    a.period_code,
                    a.kind,
                    a.note,
                    a.created_at,
                    a.created_by,
                    a.site_id,
                )
                for a in s.scalars(query)
            ]

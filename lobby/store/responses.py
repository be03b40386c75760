"""Responses: recording a vote durably and reading them back for results and exports."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from lobby import clock
from lobby.store.models import Response
from lobby.vntext import nfc


@dataclass(frozen=True)
class ResponseRow:
    """A stored response, as read back."""

    id: str
    device_id: str
    survey_id: str
    level_key: str
    level_index: int
    level_label: str
    channel: str
    created_at: datetime
    local_day: date


@dataclass(frozen=True)
class DayLevelCount:
    """How many responses chose one level on one day (office time)."""

    day: date
    level_key: str
    count: int


class ResponsesMixin:
    """Recording and reading responses."""

    def record_response(
        self,
        *,
        survey_id: str,
        level_key: str,
        level_index: int,
        level_label: str,
        channel: str = "touch",
        device_id: str | None = None,
        at: datetime | None = None,
    ) -> str:
        """Store one vote committed to disk before returning its UUID (StoreError on failure)."""
        moment = at or clock.utcnow()
        row = Response(
            id=str(uuid.uuid4()),
            device_id=device_id or self.device_id(),
            survey_id=survey_id,
            level_key=level_key,
            level_index=level_index,
            level_label=nfc(level_label),
            channel=channel,
            created_at=moment,
            local_day=clock.local_day(moment, self.tz_name),
        )
        with self.session() as s:
            s.add(row)
        return row.id

    def count_responses(self) -> int:
        """Return how many responses are stored."""
        with self.session() as s:
            return s.scalar(select(func.count()).select_from(Response)) or 0

    def daily_level_counts(self, first: date, last: date) -> list[DayLevelCount]:
        """Count responses per office day and level between two days inclusive (GROUP BY in SQL)."""
        query = (
            select(Response.local_day, Response.level_key, func.count())
            .where(Response.local_day >= first, Response.local_day <= last)
            .group_by(Response.local_day, Response.level_key)
            .order_by(Response.local_day, Response.level_key)
        )
        with self.session() as s:
            return [DayLevelCount(day, key, count) for day, key, count in s.execute(query)]

    def iter_responses(self, first: date, last: date, batch: int = 1000) -> Iterator[ResponseRow]:
        """Yield the responses of the office days ``first``..``last`` inclusive, oldest first."""
        query = (
            select(Response)
            .where(Response.local_day >= first, Response.local_day <= last)
            .order_by(Response.created_at, Response.id)
            .execution_options(yield_per=batch)
        )
        with self.session() as s:
            for row in s.scalars(query):
                yield ResponseRow(
                    row.id,
                    row.device_id,
                    row.survey_id,
                    row.level_key,
                    row.level_index,
                    row.level_label,
                    row.channel,
                    row.created_at,
                    row.local_day,
                )

"""Visits for the watchlist and cases tests: officials rated in a known quarter.

Test-only, and a module rather than a fixture: the admin and end-to-end tests add these visits
to stores they make themselves, a few at a time."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from lobby import clock
from lobby.store import OfficialInput
from lobby.visit_record import AnswerRecord, VisitRecord
from tests.admin.reports_data import OVERALL, SURVEY_KEY, SURVEY_TOML

# Wednesday 15/07/2026, 09:00 in Hà Nội: inside the third quarter.
Q3_DAY = datetime(2026, 7, 15, 2, 0, tzinfo=UTC)


def officials(store) -> int:
    """Store the survey and three officials in two units; return the survey version."""
    version = store.ensure_survey_version(SURVEY_KEY, SURVEY_TOML)
    store.upsert_officials(
        [
            OfficialInput("cb-a", "Nguyễn Văn An", unit="Phòng Một cửa", counter="Quầy 1"),
            OfficialInput("cb-b", "Trần Thị Bình", unit="Phòng Tư pháp", counter="Quầy 2"),
            OfficialInput("cb-c", "Lê Văn Cường", unit="Phòng Tư pháp", counter="Quầy 3"),
        ]
    )
    return version


def vote(store, version: int, official: str, level: int, at: datetime, **extra) -> str:
    """Record one visit rating ``official`` with overall level ``level`` (0 best .. 3 worst)."""
    key, label, satisfied = OVERALL[level]
    visit = VisitRecord(
        id=VisitRecord.new_id(),
        device_id="k1",
        channel="kiosk",
        created_at=at,
        survey_key=SURVEY_KEY,
        survey_version=version,
        answers=(AnswerRecord("overall", "Ông/Bà hài lòng?", key, label, level, satisfied),),
        official_code=official,
        **extra,
    )
    assert store.record_visit(visit, repeat_interval_seconds=0)
    return visit.id


def votes(store, version: int, official: str, levels: list[int], start: datetime = Q3_DAY):
    """Record one visit per level, ten minutes apart from ``start``."""
    for n, level in enumerate(levels):
        vote(store, version, official, level, start + timedelta(minutes=10 * n))


# The call-back number of the cases tests' first visit.
PHONE = "0912345678"


def case_visits(store, when=None):
    """A call-back request, a low rating with a comment, a good rating with a comment, a plain
    low rating; return the ids of the first two (the ones that become cases)."""
    when = when or clock.utcnow() - timedelta(days=1)
    version = officials(store)
    callback = vote(
        store,
        version,
        "cb-a",
        3,
        when,
        callback_phone=PHONE,
        callback_consent=True,
        reasons=("thai_do",),
    )
    comment = vote(store, version, "cb-b", 2, when + timedelta(minutes=1), comment="Chờ quá lâu")
    vote(store, version, "cb-b", 0, when + timedelta(minutes=2), comment="Rất tốt, cảm ơn")
    vote(store, version, "cb-c", 3, when + timedelta(minutes=3))
    return callback, comment


def case_ids(html: str) -> list[int]:
    """Return the ids of the cases a page links to, in its order."""
    return [int(n) for n in re.findall(r"Xem: phản ánh #(\d+)", html)]

"""Known visits for the results tests: two officials, two questions, one repeated press.

Test-only, and a module rather than a fixture: the admin, end-to-end and store tests fill their
own stores (on either backend, at chosen moments) with the same visits and check the same
figures."""

from __future__ import annotations

from datetime import UTC, datetime

from lobby.store import OfficialInput
from lobby.visit_record import AnswerRecord, VisitRecord

SURVEY_KEY = "hai-long-chung"
_LEVEL = '[[questions.levels]]\nkey = "{k}"\nlabel = "{l}"\ncolour = "#1B6B36"\nface = "{f}"\n'
_LEVEL += "satisfied = {s}\n"


def _levels(items) -> str:
    return "".join(
        _LEVEL.format(k=k, l=label, f=f, s="true" if s else "false") for k, label, f, s in items
    )


SURVEY_TOML = (
    f'id = "{SURVEY_KEY}"\n[[questions]]\nkey = "overall"\ntext = "Ông/Bà hài lòng?"\n'
    + _levels(
        [
            ("rat_hai_long", "Rất hài lòng", "very_happy", True),
            ("hai_long", "Hài lòng", "happy", True),
            ("binh_thuong", "Bình thường", "neutral", False),
            ("khong_hai_long", "Không hài lòng", "unhappy", False),
        ]
    )
    + '[[questions]]\nkey = "thai_do"\ntext = "Thái độ cán bộ?"\n'
    + _levels(
        [
            ("tot", "Tốt", "happy", True),
            ("tb", "Trung bình", "neutral", False),
            ("kem", "Kém", "unhappy", False),
        ]
    )
)
OVERALL = [
    ("rat_hai_long", "Rất hài lòng", True),
    ("hai_long", "Hài lòng", True),
    ("binh_thuong", "Bình thường", False),
    ("khong_hai_long", "Không hài lòng", False),
]
THAI_DO = [("tot", "Tốt", True), ("tb", "Trung bình", False), ("kem", "Kém", False)]


def _answers(overall: int, thai_do: int | None) -> tuple[AnswerRecord, ...]:
    key, label, sat = OVERALL[overall]
    answers = [AnswerRecord("overall", "Ông/Bà hài lòng?", key, label, overall, sat)]
    if thai_do is not None:
        key, label, sat = THAI_DO[thai_do]
        answers.append(AnswerRecord("thai_do", "Thái độ cán bộ?", key, label, thai_do, sat))
    return tuple(answers)


def fill(store) -> list[str]:
    """Store the known visits of Monday 02/11/2026 and Tuesday 03/11/2026; return their ids.

    Without the repeat: overall 3 answers, 2 satisfied (66,7%), index (100 + 66,7 + 0) / 3 = 55,6;
    with it: 4 answers, 50,0%, index 41,7. Question thai_do: 2 answers, 50,0%, index 50,0.
    """
    version = store.ensure_survey_version(SURVEY_KEY, SURVEY_TOML)
    store.upsert_officials(
        [
            OfficialInput("cb-a", "Nguyễn Văn An", unit="Phòng Một cửa", counter="Quầy 1"),
            OfficialInput("cb-b", "Trần Thị Bình", unit="Phòng Tư pháp", counter="Quầy 2"),
        ]
    )
    plan = [  # (UTC moment, device, channel, official, overall index, thai_do index, dossier)
        (datetime(2026, 11, 2, 2, 0, tzinfo=UTC), "k1", "kiosk", "cb-a", 0, 0, "HS-01"),
        (datetime(2026, 11, 2, 2, 30, tzinfo=UTC), "k1", "kiosk", "cb-a", 1, 2, "=1+1"),
        (datetime(2026, 11, 3, 7, 0, tzinfo=UTC), "k2", "paper", "cb-b", 3, None, None),
        (datetime(2026, 11, 3, 7, 0, 2, tzinfo=UTC), "k2", "kiosk", "cb-b", 3, None, None),
    ]
    ids = []
    for at, device, channel, official, overall, thai_do, dossier in plan:
        visit = VisitRecord(
            id=VisitRecord.new_id(),
            device_id=device,
            channel=channel,
            created_at=at,
            survey_key=SURVEY_KEY,
            survey_version=version,
            answers=_answers(overall, thai_do),
            official_code=official,
            dossier_code=dossier,
        )
        assert store.record_visit(visit, repeat_interval_seconds=5)
        ids.append(visit.id)
    return ids

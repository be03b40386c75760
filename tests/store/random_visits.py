"""Random visits over two survey versions (and one the store does not hold), for the tests that
compare figures read from the tallies with a recount of the answers."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from lobby.store import OfficialInput
from lobby.survey import survey_from_text
from lobby.visit_record import AnswerRecord, VisitRecord
from tests.admin.reports_data import SURVEY_KEY, SURVEY_TOML

# Version 2: five overall levels, and "thai_do" with two.
SURVEY_V2 = SURVEY_TOML.replace(
    '[[questions]]\nkey = "thai_do"',
    '[[questions.levels]]\nkey = "rat_te"\nlabel = "Rất tệ"\ncolour = "#B3261E"\n'
    'face = "very_unhappy"\nsatisfied = false\n[[questions]]\nkey = "thai_do"',
).replace(
    '[[questions.levels]]\nkey = "tb"\nlabel = "Trung bình"\ncolour = "#1B6B36"\n'
    'face = "neutral"\nsatisfied = false\n',
    "",
)
PERIODS = [
    (date(2026, 11, 1), date(2026, 11, 30)),
    (date(2026, 10, 20), date(2026, 12, 5)),
    (date(2026, 11, 17), date(2026, 11, 17)),
    (date(2026, 10, 1), date(2026, 12, 31)),
    (date(2025, 12, 1), date(2026, 12, 31)),
]


def record_random_visits(store, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    v1 = store.ensure_survey_version(SURVEY_KEY, SURVEY_TOML)
    v2 = store.ensure_survey_version(SURVEY_KEY, SURVEY_V2)
    assert (v1, v2) == (1, 2)
    surveys = {v: survey_from_text(text) for v, text in ((1, SURVEY_TOML), (2, SURVEY_V2))}
    surveys[9] = surveys[2]  # a version the store does not hold: scale from the answers seen
    store.upsert_officials(
        [
            OfficialInput("cb-a", "Nguyễn Văn An", unit="Phòng Một cửa", counter="Quầy 1"),
            OfficialInput("cb-b", "Trần Thị Bình", unit="Phòng Tư pháp", counter="Quầy 2"),
            OfficialInput("cb-c", "Lê Thị Cúc", unit="Phòng Tư pháp"),
        ]
    )
    moment = datetime(2026, 10, 25, 0, 0, tzinfo=UTC)
    for _ in range(count):
        moment += timedelta(seconds=rng.choice((1, 2, 3, 4000, 20000, 30000)))
        version = rng.choice((1, 1, 2, 2, 9))
        survey = surveys[version]
        answers = []
        for question in survey.questions[: rng.choice((0, 1, 2, 2))]:
            index = rng.randrange(len(question.levels))
            level = question.levels[index]
            answers.append(
                AnswerRecord(
                    question.key, question.text, level.key, level.label, index, level.satisfied
                )
            )
        store.record_visit(
            VisitRecord(
                id=VisitRecord.new_id(),
                device_id=rng.choice(("k1", "k2")),
                channel=rng.choice(("kiosk", "kiosk", "paper", "web")),
                created_at=moment,
                survey_key=SURVEY_KEY,
                survey_version=version,
                answers=tuple(answers),
                official_code=rng.choice(("cb-a", "cb-b", "cb-c", "cb-unknown", None)),
                counter_code=rng.choice((None, None, None, "Quầy 2")),
            ),
            repeat_interval_seconds=5,
        )
    # Renamed afterwards: every figure shows the current name.
    store.upsert_officials([OfficialInput("cb-a", "Nguyễn Văn Ân", unit="Phòng Một cửa")])

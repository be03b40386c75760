"""Turn the flow's finished visit into the VisitRecord the recorder keeps (lobby/visit_record)."""

from __future__ import annotations

from kiosk.intents import CommitVisit
from kiosk.roster import Roster
from lobby import clock
from lobby.survey import NOT_APPLICABLE_KEY, NOT_APPLICABLE_LABEL
from lobby.visit_record import AnswerRecord, VisitRecord


def build_visit(
    visit: CommitVisit, survey, survey_version: int, device_id: str, roster: Roster
) -> VisitRecord:
    """Return a new VisitRecord (fresh UUID, now in UTC) with labels copied from ``survey``."""
    answers = []
    for question, index in zip(survey.questions, visit.answers, strict=False):
        if index < 0:  # "Không áp dụng": kept, and left out of every rate (lobby/store/tallies)
            answers.append(
                AnswerRecord(
                    question.key, question.text, NOT_APPLICABLE_KEY, NOT_APPLICABLE_LABEL, -1, False
                )
            )
            continue
        level = question.levels[index]
        answers.append(
            AnswerRecord(
                question.key, question.text, level.key, level.label, index, level.satisfied
            )
        )
    official = roster.official(visit.official)
    unit = official.unit if official is not None else None
    return VisitRecord(
        id=VisitRecord.new_id(),
        device_id=device_id,
        channel="kiosk",
        created_at=clock.utcnow(),
        survey_key=survey.id,
        survey_version=survey_version,
        answers=tuple(answers),
        official_code=visit.official,
        counter_code=visit.counter or (official.counter if official is not None else None),
        unit_code=unit,
        dossier_code=visit.dossier or None,
        reasons=visit.reasons,
        comment=visit.comment or None,
        callback_phone=visit.phone or None,
        callback_consent=visit.consent,
        input_channel=visit.channel,
    )


def visit_code(visit_id: str) -> str:
    """Return the short code of a visit a citizen can quote: the first six characters of its
    id in capitals (the admin finds the visit by them)."""
    return visit_id.replace("-", "")[:6].upper()

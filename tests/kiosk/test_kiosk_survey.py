"""The survey definition: opt-in steps, several questions, follow-up, the old format, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from lobby.settings import ConfigError
from lobby.survey import (
    OVERALL,
    load_survey,
    survey_from_dict,
    survey_from_text,
    survey_to_toml,
)

ROOT = Path(__file__).resolve().parents[2]
LEVELS = """
[[questions.levels]]
key = "tot"
label = "Tốt"
colour = "#1B6B36"
face = "happy"
satisfied = true

[[questions.levels]]
key = "chua_tot"
label = "Chưa tốt"
colour = "#B3261E"
face = "unhappy"
"""


def one_question(extra: str = "", followup: str = "") -> str:
    question = '[[questions]]\nkey = "overall"\ntext = "Hài lòng?"'
    return f'id = "thu"\n{extra}\n{question}\n{LEVELS}\n{followup}'


def test_the_shipped_survey_is_one_question_with_no_extra_steps():
    survey = load_survey(ROOT / "assets" / "survey.toml")
    assert [q.key for q in survey.questions] == [OVERALL]
    assert len(survey.levels) == 4
    assert not (survey.ask_official or survey.ask_counter or survey.ask_dossier)
    assert not survey.followup.enabled and not survey.is_low("khong_hai_long")


def test_the_full_example_turns_everything_on():
    survey = load_survey(ROOT / "assets" / "survey-full.toml")
    assert survey.ask_official and survey.ask_counter and survey.ask_dossier
    assert len(survey.questions) == 5
    assert all(2 <= len(q.levels) <= 5 for q in survey.questions)
    f = survey.followup
    assert f.enabled and f.callback and f.comment and len(f.reasons) == 6
    assert survey.is_low("binh_thuong") and not survey.is_low("hai_long")


def test_low_levels_default_to_the_levels_not_satisfied():
    survey = survey_from_text(one_question(followup="[followup]\nenabled = true\n"))
    assert survey.followup.low_levels == ("chua_tot",)
    assert survey.followup.apology.startswith("Chúng tôi thành thật xin lỗi")


def test_the_old_format_is_one_question_keyed_overall():
    survey = survey_from_dict(
        {
            "id": "cu",
            "question": "Ông/Bà hài lòng?",
            "levels": [
                {"key": "co", "label": "Có", "colour": "#1B6B36", "face": "happy"},
                {"key": "khong", "label": "Không", "colour": "#B3261E", "face": "unhappy"},
            ],
        }
    )
    assert survey.overall.key == "overall" and survey.question == "Ông/Bà hài lòng?"
    assert [level.key for level in survey.levels] == ["co", "khong"]


def test_a_survey_written_back_as_toml_reads_the_same():
    for name in ("survey.toml", "survey-full.toml"):
        survey = load_survey(ROOT / "assets" / name)
        assert survey_from_text(survey_to_toml(survey)) == survey


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (one_question('ask_official = "yes"'), "ask_official: expected true or false"),
        (one_question(followup="[followup]\nlow_levels = ['nope']"), "followup.low_levels"),
        (
            one_question(followup="[followup]\nreasons = [{ key = 'A B', label = 'x' }]"),
            "followup.reasons #1 key",
        ),
        (one_question(followup="[followup]\nreasons = [{ key = 'a' }]"), "reasons #1 label"),
        (one_question().replace('face = "happy"', 'face = "grin"'), "questions #1 levels #1 face"),
        (one_question().replace('"#1B6B36"', '"green"'), "questions #1 levels #1 colour"),
        ('id = "thu"\nquestions = []', "questions: expected at least one"),
        (one_question().replace('key = "overall"', 'key = ""'), "questions #1 key"),
        (one_question().replace('id = "thu"', 'id = "Thu Nghiem"'), "id: expected"),
        (one_question('question = "x"'), "use either [[questions]] or the old"),
    ],
)
def test_errors_name_the_file_and_the_field(text, named):
    with pytest.raises(ConfigError) as caught:
        survey_from_text(text, "assets/survey.toml")
    assert "assets/survey.toml" in str(caught.value)
    assert named in str(caught.value)


def test_more_than_five_levels_in_a_question_is_refused():
    six = one_question() + "".join(
        LEVELS.replace('"tot"', f'"t{i}"').replace('"chua_tot"', f'"c{i}"') for i in range(2)
    )
    with pytest.raises(ConfigError, match="questions #1 levels: expected 2 to 5"):
        survey_from_text(six, "s.toml")

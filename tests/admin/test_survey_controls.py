"""Control characters in a survey: the file loader and the admin's editor refuse them naming the
field (nothing is stored), a bad version already in the store is warned about once, and the
kiosk's text drawing never crashes on one."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from kiosk.loader import Loader
from lobby.settings import ConfigError
from lobby.survey import load_survey, survey_from_text, survey_to_toml
from tests.admin.helpers import editor_fields, post_editor

SURVEY_FILE = Path(__file__).resolve().parents[2] / "assets" / "survey.toml"


def with_label(label_toml: str) -> str:
    """Return the default survey's TOML with its first level's label replaced."""
    survey = load_survey(SURVEY_FILE)
    text = survey_to_toml(survey)
    first = survey.questions[0].levels[0].label
    return text.replace(f'label = "{first}"', f"label = {label_toml}", 1)


def test_the_loader_refuses_a_nul_in_a_label_naming_the_field():
    with pytest.raises(ConfigError) as raised:
        survey_from_text(with_label('"Rất\\u0000hài lòng"'), "survey.toml")
    message = str(raised.value)
    assert "survey.toml: questions #1 levels #1 label" in message
    assert "control characters" in message and "U+0000" in message


def test_the_loader_allows_line_breaks_only_in_texts_of_several_lines():
    lines = survey_to_toml(load_survey(SURVEY_FILE)).splitlines()
    apology = "\n".join(
        'apology = "Xin lỗi Ông/Bà.\\nChúng tôi sẽ sửa."' if line.startswith("apology =") else line
        for line in lines
    )
    assert survey_from_text(apology).followup.apology == "Xin lỗi Ông/Bà.\nChúng tôi sẽ sửa."
    with pytest.raises(ConfigError, match="levels #1 label.*U\\+000A"):
        survey_from_text(with_label('"Rất\\nhài lòng"'))
    with pytest.raises(ConfigError, match="U\\+0009"):
        survey_from_text(with_label('"Rất\\thài lòng"'))


def test_a_survey_with_a_control_character_is_written_as_toml_the_loader_can_refuse():
    survey = load_survey(SURVEY_FILE)
    question = survey.questions[0]
    bad = type(question)(question.key, "Ông/Bà\x07 hài lòng?", question.levels)
    broken = type(survey)(survey.id, (bad, *survey.questions[1:]))
    with pytest.raises(ConfigError, match="questions #1 text.*U\\+0007"):
        survey_from_text(survey_to_toml(broken))


def test_the_editor_refuses_a_nul_in_a_label_in_vietnamese_and_stores_nothing(
    staff, store, current
):
    survey, _version = current
    data = editor_fields(survey)
    data["q-0-l-1-label"] = "Hài\x00lòng"
    data["q-0-text"] = "Ông/Bà có\x1b hài lòng không?"
    data["r-0-key"], data["r-0-label"] = "cho_lau", "Chờ\x7f lâu"
    data["apology"] = "Xin lỗi Ông/Bà.\r\nChúng tôi sẽ sửa\x00."
    before = store.list_survey_versions(survey.id)
    response = post_editor(staff, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Câu hỏi 1, mức 2, nhãn: có ký tự điều khiển không hiển thị được (U+0000)" in page
    assert "Câu hỏi 1, nội dung: có ký tự điều khiển không hiển thị được (U+001B)" in page
    assert "Lý do 1: có ký tự điều khiển không hiển thị được (U+007F)" in page
    assert "Lời xin lỗi: có ký tự điều khiển không hiển thị được (U+0000)" in page
    assert "U+000D" not in page and "U+000A" not in page  # the textarea's line break is fine
    assert store.list_survey_versions(survey.id) == before


def test_the_kiosk_warns_once_about_a_stored_version_it_cannot_read(store, caplog):
    survey = load_survey(SURVEY_FILE)
    loader = Loader(store, survey, SURVEY_FILE)
    loader.load()
    bad = survey_to_toml(survey).replace("[[questions]]", "[[questions]]\nnot toml = ", 1)
    store.add_survey_version(survey.id, bad, "quantri")
    with caplog.at_level(logging.WARNING, logger="kiosk.loader"):
        for _ in range(3):
            assert loader.load().survey == survey
    refused = [r for r in caplog.records if "không hợp lệ" in r.getMessage()]
    assert len(refused) == 1

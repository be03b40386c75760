"""The kiosk font draws every Vietnamese letter; pygame's default font would not."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from kiosk import fonts, wording
from lobby.vntext import vietnamese_letters

KIOSK_WEIGHTS = ("medium", "semibold", "bold", "extrabold")


@pytest.mark.parametrize("weight", KIOSK_WEIGHTS)
def test_every_vietnamese_letter_has_a_glyph_in_the_kiosk_font(weight):
    letters = "".join(vietnamese_letters())
    assert len(letters) == 12 * 6 * 2 + 2  # 12 vowels x 6 tones, both cases, and đ Đ
    assert fonts.missing_glyphs(letters, fonts.font_file(weight)) == []


def test_the_glyph_check_catches_pygames_default_font_missing_vietnamese():
    default = Path(pygame.__file__).parent / pygame.font.get_default_font()
    missing = fonts.missing_glyphs("".join(vietnamese_letters()), default)
    assert "ạ" in missing and "ơ" in missing and "ư" in missing


def test_every_sentence_the_kiosk_shows_is_covered(survey, settings):
    shown = [
        wording.MODEL,
        wording.FIVE_KNOWS_TITLE,
        *wording.FIVE_KNOWS,
        wording.THREE_SHOWS_TITLE,
        *wording.THREE_SHOWS,
        wording.INVITATION,
        wording.INVITATION_SUB,
        wording.THANKS,
        wording.THANKS_SUB,
        wording.ERROR,
        wording.ERROR_SUB,
        wording.ERROR_HINT,
        wording.rating_hint(7),
        wording.idle_warning(10),
        survey.question,
        settings.office.name,
        settings.office.parent,
        *(level.label for level in survey.levels),
    ]
    for weight in KIOSK_WEIGHTS:
        assert fonts.missing_glyphs(" ".join(shown), fonts.font_file(weight)) == []


def test_fonts_are_cached_per_size_and_weight():
    assert fonts.font(40, "bold") is fonts.font(40, "bold")
    assert fonts.font(40, "bold") is not fonts.font(41, "bold")


def test_a_survey_label_the_font_cannot_draw_is_reported_at_start(make_app, caplog):
    from lobby.survey import survey_from_dict

    levels = [
        {"key": "tot", "label": "Tốt ☃", "colour": "#1B6B36", "face": "happy", "satisfied": True},
        {
            "key": "chua",
            "label": "Chưa tốt",
            "colour": "#B3261E",
            "face": "unhappy",
            "satisfied": False,
        },
    ]
    odd = survey_from_dict({"id": "thu", "question": "Ông/Bà thấy thế nào?", "levels": levels})
    with caplog.at_level("WARNING", logger="kiosk.app"):
        make_app(app_survey=odd)
    assert "☃" in caplog.text

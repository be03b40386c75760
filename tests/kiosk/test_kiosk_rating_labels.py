"""A scale's rating labels read as one row: one size and weight, all on a plate or none, all
starting at the same height, and one line each wherever a line fits the button (at 10.1" every
label of the default scale but "Không hài lòng", wider at 5 mm than a quarter of the screen)."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from kiosk import fonts, metrics, text_blocks, theme
from kiosk.screens.rating import RatingScreen
from kiosk.widgets import button_parts, label_room
from lobby.settings import settings_from_dict
from lobby.survey import load_survey

ROOT = Path(__file__).resolve().parents[2]
SURVEYS = [load_survey(ROOT / "assets" / name) for name in ("survey.toml", "survey-full.toml")]
SCREENS = [((1280, 800), 10.1), ((1920, 1080), 15.6), ((800, 1280), 10.1), ((800, 480), 7.0)]


def rating_screens(size, inches):
    """Yield (question's levels, screen, labels drawn) for every question of both surveys."""
    theme.configure(settings_from_dict({"kiosk": {"screen_diagonal_inches": inches}}).kiosk)
    pygame.display.set_mode(size)
    for survey in SURVEYS:
        for number, question in enumerate(survey.questions):
            with text_blocks.recording() as drawn:
                screen = RatingScreen(size, survey, number)
            labels = {lv.label.replace(" ", "") for lv in question.levels}
            shown = [d for d in drawn if d.text.replace(" ", "") in labels]
            yield question.levels, screen, shown


@pytest.mark.parametrize("size, inches", SCREENS)
def test_labels_of_a_scale_share_size_weight_plate_and_top(size, inches):
    for levels, screen, shown in rating_screens(size, inches):
        assert len(shown) == len(levels), [d.text for d in shown]
        assert len({(d.size, d.weight) for d in shown}) == 1, shown
        plates = [d.behind != tuple(lv.rgb) for d, lv in zip(shown, levels, strict=True)]
        assert all(plates) or not any(plates), f"chips differ: {plates}"
        if screen.layout.horizontal:  # a row: the labels' tops on one line
            assert len({b.label_box.top for b in screen.buttons}) == 1, "labels start unevenly"


@pytest.mark.parametrize("size, inches", SCREENS[:3])
def test_labels_keep_one_line_where_a_line_fits_the_button(size, inches):
    for _levels, screen, shown in rating_screens(size, inches):
        label_size = shown[0].size
        one_line = text_blocks.line_height(label_size, "bold") * 1.5
        font = fonts.font(label_size, "bold")
        for button in screen.buttons:
            room = button_parts(button.rect.size, label_room(screen.label_floor)).label.width
            if font.size(button.label)[0] + 2 * text_blocks.PAD <= room:
                assert button.label_box.height < one_line, f"{button.label!r} wraps at {size}"
            else:
                # Wider than the button's room at 5 mm: two lines, not a smaller size.
                assert label_size >= metrics.body_size(size, "bold") - 1
                assert button.label == "Không hài lòng" and size == (1280, 800)

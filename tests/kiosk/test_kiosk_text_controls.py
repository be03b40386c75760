"""The kiosk draws a text holding control characters (a NUL from a bad survey) as spaces,
never crashing the frame."""

from __future__ import annotations

import pygame
import pytest

from kiosk import text_blocks


@pytest.fixture(autouse=True)
def fonts_ready():
    pygame.font.init()
    yield


@pytest.mark.parametrize("label", ["Hài\x00lòng", "\x00", "Rất\x1b hài\x7f lòng\x9f", "a\tb"])
def test_a_label_with_control_characters_is_fitted_and_drawn_like_spaces(label):
    fitted = text_blocks.fit(label, (400, 200), size=40)
    assert all("\x00" not in line for line in fitted.lines)
    surface = text_blocks.render(fitted, (0, 0, 0))
    spaced = text_blocks.fit(text_blocks.shown(label), (400, 200), size=40)
    assert fitted.lines == spaced.lines and fitted.size == spaced.size
    drawn_spaced = text_blocks.render(spaced, (0, 0, 0))
    assert surface.get_size() == drawn_spaced.get_size()
    assert pygame.image.tobytes(surface, "RGBA") == pygame.image.tobytes(drawn_spaced, "RGBA")
    assert (
        text_blocks.line(label, (0, 0, 0), size=30).get_size()
        == text_blocks.line(text_blocks.shown(label), (0, 0, 0), size=30).get_size()
    )


def test_shown_keeps_line_breaks_and_turns_other_controls_into_spaces():
    assert text_blocks.shown("Xin lỗi\nÔng/Bà\x00\t.") == "Xin lỗi\nÔng/Bà  ."
    _size, lines = text_blocks.fit_list(["Hài\x00lòng", "Biết cảm ơn"], (400, 400), size=30)
    assert lines[0] == ["Hài lòng"]

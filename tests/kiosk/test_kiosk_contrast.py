"""Text reads at 7:1 or better: on any survey colour (with a plate if needed) and in every theme."""

from __future__ import annotations

import pygame
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.theme import (
    BLACK,
    MIN_TEXT_CONTRAST,
    THEMES,
    WHITE,
    contrast,
    readable,
    text_colour_on,
)
from kiosk.widgets import Button, RatingButton
from tests.kiosk.helpers_screens import AAA, dominant_behind_text

channel = st.integers(min_value=0, max_value=255)
BINH_THUONG = (0x9A, 0x6A, 0x00)
SURVEY_COLOURS = [(0x1B, 0x6B, 0x36), (0x3E, 0x8E, 0x2F), BINH_THUONG, (0xB3, 0x26, 0x1E)]

# Text colour / background pairs each theme draws text with.
TEXT_PAIRS = [
    ("text", "background"),
    ("accent_text", "accent"),
    ("highlight", "accent"),
    ("panel_title", "panel"),
    ("text", "panel"),
    ("thanks", "background"),
    ("error", "error_background"),
    ("text", "error_background"),
    ("warning_text", "warning_background"),
    ("field_text", "field"),
    ("emphasis", "background"),
    ("notice", "background"),
]


def test_contrast_ratio_matches_wcag_reference_values():
    assert round(contrast(WHITE, BLACK), 1) == 21.0
    assert round(contrast((118, 118, 118), WHITE), 2) == 4.54


def test_white_on_binh_thuong_alone_is_too_weak_so_a_plate_is_used():
    assert contrast(text_colour_on(BINH_THUONG), BINH_THUONG) < AAA
    look = readable(BINH_THUONG)
    assert look.plate is not None
    assert contrast(look.ink, look.plate) >= AAA


@settings(max_examples=300)
@given(st.tuples(channel, channel, channel))
def test_text_reaches_7_to_1_on_any_background(background):
    look = readable(background)
    assert contrast(look.ink, look.behind(background)) >= AAA


@given(st.tuples(channel, channel, channel))
def test_a_plate_appears_only_when_the_background_alone_is_not_enough(background):
    look = readable(background)
    enough = contrast(text_colour_on(background), background) >= MIN_TEXT_CONTRAST
    assert (look.plate is None) == enough


@pytest.mark.parametrize("name", sorted(THEMES))
def test_every_theme_colours_its_text_at_7_to_1(name):
    theme = THEMES[name]
    for fg, bg in TEXT_PAIRS:
        ratio = contrast(getattr(theme, fg), getattr(theme, bg))
        assert ratio >= AAA, f"{name}: {fg} on {bg} is {ratio:.2f}:1"


@pytest.mark.parametrize("colour", SURVEY_COLOURS + [(128, 128, 128), (200, 80, 200)])
def test_rating_button_labels_are_drawn_at_7_to_1(colour):
    rect = pygame.Rect(0, 0, 420, 300)
    button = RatingButton(rect, 0, "Bình thường", colour, "neutral", 40)
    screen = pygame.Surface(rect.size)
    screen.fill(WHITE)
    button.draw(screen)
    behind = dominant_behind_text(screen, button.label_box, button.text_colour)
    assert contrast(button.text_colour, behind) >= AAA
    assert rect.contains(button.label_box)


@pytest.mark.parametrize("colour", [BINH_THUONG, (120, 120, 120), (20, 60, 160)])
def test_choice_button_labels_are_drawn_at_7_to_1(colour):
    rect = pygame.Rect(0, 0, 500, 160)
    button = Button(rect, "Thái độ chưa lịch sự", None, colour, number=2)
    screen = pygame.Surface(rect.size)
    button.draw(screen)
    behind = dominant_behind_text(screen, button.label_box, button.text_colour)
    assert contrast(button.text_colour, behind) >= AAA

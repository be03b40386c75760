"""Label text reads at 4.5:1 or better on any button colour."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kiosk.flow import Phase
from kiosk.theme import BLACK, MIN_TEXT_CONTRAST, WHITE, contrast, text_colour_on

channel = st.integers(min_value=0, max_value=255)


def test_contrast_ratio_matches_wcag_reference_values():
    assert round(contrast(WHITE, BLACK), 1) == 21.0
    assert round(contrast((118, 118, 118), WHITE), 2) == 4.54


@given(st.tuples(channel, channel, channel))
def test_text_colour_reaches_aa_contrast_on_any_background(background):
    assert contrast(text_colour_on(background), background) >= MIN_TEXT_CONTRAST


def test_each_rating_button_label_reaches_aa_contrast(kiosk, survey):
    buttons = kiosk.app.screens[Phase.RATE].buttons
    for button, level in zip(buttons, survey.levels, strict=True):
        assert contrast(button.text_colour, level.rgb) >= MIN_TEXT_CONTRAST

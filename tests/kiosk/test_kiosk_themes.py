"""Themes as settings: standard, large text (about a third larger) and high contrast."""

from __future__ import annotations

import pytest

from kiosk import metrics, text_blocks, theme
from lobby.settings import ConfigError, settings_from_dict


@pytest.fixture(autouse=True)
def standard_afterwards():
    yield
    theme.configure(settings_from_dict({}).kiosk)


def kiosk_settings(**values):
    return settings_from_dict({"kiosk": values}).kiosk


def test_the_standard_theme_is_the_default():
    assert settings_from_dict({}).kiosk.theme == "standard"
    assert theme.configure(kiosk_settings()).name == "standard"
    assert theme.current() is theme.STANDARD


def test_an_unknown_theme_is_refused_with_the_choices():
    with pytest.raises(ConfigError, match="large_text"):
        kiosk_settings(theme="huge")
    with pytest.raises(ValueError, match="high_contrast"):
        theme.use("huge")


def test_large_text_makes_text_30_to_40_percent_larger():
    size = (1280, 800)
    box = (2000, 2000)
    theme.configure(kiosk_settings(screen_diagonal_inches=10.1))
    body, fitted = metrics.body_size(size), text_blocks.fit("Biết cảm ơn", box, size=50)
    theme.configure(kiosk_settings(screen_diagonal_inches=10.1, theme="large_text"))
    large_body, large_fitted = metrics.body_size(size), text_blocks.fit("Biết cảm ơn", box, size=50)
    assert 1.3 <= large_body / body <= 1.4
    assert 1.3 <= large_fitted.size / fitted.size <= 1.4


def test_large_text_still_fits_its_box():
    theme.configure(kiosk_settings(theme="large_text"))
    fitted = text_blocks.fit("Trân trọng cảm ơn Ông/Bà!", (600, 120), size=80, max_lines=1)
    width, height = fitted.extent()
    assert width <= 600 and height <= 120


def test_high_contrast_is_black_with_white_and_yellow_text_and_strong_outlines():
    chosen = theme.configure(kiosk_settings(theme="high_contrast"))
    assert chosen.background == theme.BLACK
    assert chosen.text == theme.WHITE
    assert chosen.highlight == theme.YELLOW and chosen.panel_title == theme.YELLOW
    assert chosen.outline >= 2 * theme.STANDARD.outline
    assert chosen.button_outline == theme.WHITE
    for colour in (chosen.text, chosen.highlight, chosen.accent_text, chosen.thanks):
        assert theme.contrast(colour, chosen.background) >= 15


def test_the_theme_sets_the_diagonal_too():
    theme.configure(kiosk_settings(screen_diagonal_inches=32.0))
    assert metrics.diagonal_inches() == 32.0


@pytest.mark.parametrize("name", ["standard", "high_contrast"])
def test_the_screens_are_drawn_in_the_chosen_theme(make_app, name):
    app = make_app(size=(1280, 800), kiosk_toml=f'theme = "{name}"')
    app.step([], 0.01)
    corner = app.surface.get_at((5, 795))[:3]  # below the invitation: plain background
    assert corner == theme.THEMES[name].background

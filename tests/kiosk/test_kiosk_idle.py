"""An idle rating screen warns, then resets to the attract screen and forgets the visitor."""

from __future__ import annotations

import pygame

from kiosk.flow import Phase
from tests.kiosk_driver import all_rows, finger, key


def test_idle_rating_screen_returns_to_attract_after_idle_seconds(kiosk, settings):
    kiosk.open_rating()
    kiosk.wait(settings.kiosk.idle_seconds - 1)
    assert kiosk.app.phase is Phase.RATE
    kiosk.wait(1.5)
    assert kiosk.app.phase is Phase.ATTRACT


def test_a_countdown_warning_shows_near_the_end(kiosk, settings):
    kiosk.open_rating()
    before = kiosk.app.surface.copy()
    kiosk.wait(settings.kiosk.idle_seconds - 5)
    assert kiosk.app.flow.warning_left(kiosk.app.state) == 5
    footer = kiosk.app.screens[Phase.RATE].layout.footer
    changed = before.subsurface(footer).get_at(
        (2, footer.height // 2)
    ) != kiosk.app.surface.subsurface(footer).get_at((2, footer.height // 2))
    assert changed, "the warning banner is drawn over the footer"


def test_a_touch_during_the_warning_keeps_the_visitor(kiosk, settings, store):
    kiosk.open_rating()
    kiosk.wait(settings.kiosk.idle_seconds - 3)
    kiosk.touch((5, 5))
    assert kiosk.app.flow.warning_left(kiosk.app.state) is None
    kiosk.wait(settings.kiosk.idle_seconds - 1)
    assert kiosk.app.phase is Phase.RATE
    kiosk.step(key(pygame.K_2))
    assert [r.level_key for r in all_rows(store)] == ["hai_long"]


def test_the_reset_forgets_a_press_left_by_the_previous_visitor(kiosk, settings, store):
    kiosk.open_rating()
    centre = kiosk.button_centre(0)
    kiosk.step(finger("down", centre, kiosk.size))
    kiosk.wait(settings.kiosk.idle_seconds + 1)
    assert kiosk.app.phase is Phase.ATTRACT
    assert kiosk.app.state == kiosk.app.flow.start()
    kiosk.open_rating()
    kiosk.step(finger("up", centre, kiosk.size))
    assert all_rows(store) == []
    assert kiosk.app.phase is Phase.RATE

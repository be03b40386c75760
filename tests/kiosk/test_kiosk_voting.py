"""A visitor votes by touch, mouse or keypad; one tap is one vote, stored before thanks."""

from __future__ import annotations

import pygame

from kiosk.flow import Phase
from tests.kiosk_driver import Driver, all_rows, finger, key, mouse


def test_touch_flow_stores_the_vote_thanks_and_returns_to_attract(kiosk, store, settings):
    kiosk.step()
    assert kiosk.app.phase is Phase.ATTRACT
    kiosk.open_rating()
    kiosk.touch(kiosk.button_centre(1))
    rows = all_rows(store)
    assert [(r.level_key, r.level_index, r.level_label, r.channel) for r in rows] == [
        ("hai_long", 1, "Hài lòng", "touch")
    ]
    assert rows[0].survey_id == "hai-long-chung"
    assert rows[0].device_id == kiosk.app.device_id
    assert kiosk.app.phase is Phase.THANKS
    kiosk.wait(settings.kiosk.thanks_seconds - 0.5)
    assert kiosk.app.phase is Phase.THANKS
    kiosk.wait(0.6)
    assert kiosk.app.phase is Phase.ATTRACT


def test_a_mouse_click_opens_the_rating_screen_and_votes(kiosk, store):
    kiosk.step(mouse("down", (10, 10)), mouse("up", (10, 10)))
    assert kiosk.app.phase is Phase.RATE
    kiosk.wait(0.5)
    centre = kiosk.button_centre(0)
    kiosk.step(mouse("down", centre), mouse("up", centre))
    assert [(r.level_key, r.channel) for r in all_rows(store)] == [("rat_hai_long", "mouse")]
    assert kiosk.app.phase is Phase.THANKS


def test_digit_3_on_the_rating_screen_stores_the_third_level(kiosk, store):
    kiosk.open_rating()
    kiosk.step(key(pygame.K_3))
    assert [(r.level_key, r.channel) for r in all_rows(store)] == [("binh_thuong", "key")]
    assert kiosk.app.phase is Phase.THANKS


def test_numeric_keypad_digits_choose_buttons_too(kiosk, store):
    kiosk.open_rating()
    kiosk.step(key(pygame.K_KP4))
    assert [r.level_key for r in all_rows(store)] == ["khong_hai_long"]


def test_digits_beyond_the_button_count_do_nothing(kiosk, store):
    kiosk.open_rating()
    kiosk.step(key(pygame.K_5), key(pygame.K_9), key(pygame.K_KP7))
    assert all_rows(store) == []
    assert kiosk.app.phase is Phase.RATE


def test_a_digit_on_the_attract_screen_opens_rating_without_voting(kiosk, store):
    kiosk.step(key(pygame.K_1))
    assert kiosk.app.phase is Phase.RATE
    assert all_rows(store) == []


def test_a_double_tap_on_a_button_stores_one_vote(kiosk, store):
    kiosk.open_rating()
    centre = kiosk.button_centre(2)
    kiosk.touch(centre)
    kiosk.touch(centre)
    kiosk.step(
        finger("down", centre, kiosk.size),
        finger("up", centre, kiosk.size),
        finger("down", centre, kiosk.size, finger_id=2),
        finger("up", centre, kiosk.size, finger_id=2),
    )
    assert len(all_rows(store)) == 1
    assert kiosk.app.phase is Phase.THANKS


def test_a_touch_and_its_synthesised_mouse_events_are_one_vote(kiosk, store):
    kiosk.open_rating()
    centre = kiosk.button_centre(0)
    kiosk.step(
        finger("down", centre, kiosk.size),
        mouse("down", centre, touch=True),
        finger("up", centre, kiosk.size),
        mouse("up", centre, touch=True),
    )
    assert [(r.level_key, r.channel) for r in all_rows(store)] == [("rat_hai_long", "touch")]


def test_a_double_tap_on_attract_does_not_vote_with_its_second_tap(kiosk, store):
    centre = kiosk.button_centre(1)
    kiosk.step(finger("down", centre, kiosk.size), finger("up", centre, kiosk.size), dt=0.1)
    kiosk.touch(centre, dt=0.1)
    assert all_rows(store) == []
    assert kiosk.app.phase is Phase.RATE


def test_a_press_slid_off_its_button_votes_nothing(kiosk, store):
    kiosk.open_rating()
    kiosk.step(finger("down", kiosk.button_centre(0), kiosk.size))
    kiosk.step(finger("up", kiosk.button_centre(3), kiosk.size))
    assert all_rows(store) == []
    assert kiosk.app.phase is Phase.RATE


def test_a_configured_device_id_is_stored_with_each_vote(make_app, store):
    kiosk_app = make_app(kiosk_toml='device_id = "quay-1"')

    driver = Driver(kiosk_app)
    driver.open_rating()
    driver.step(key(pygame.K_1))
    assert [r.device_id for r in all_rows(store)] == ["quay-1"]


def test_quit_and_the_staff_exit_stop_the_app_but_plain_keys_do_not(kiosk):
    kiosk.step(key(pygame.K_q), key(pygame.K_ESCAPE))
    assert kiosk.app.running
    kiosk.step(key(pygame.K_q, mod=pygame.KMOD_LCTRL | pygame.KMOD_LALT))
    assert not kiosk.app.running
    kiosk.app.running = True
    kiosk.step(pygame.event.Event(pygame.QUIT))
    assert not kiosk.app.running

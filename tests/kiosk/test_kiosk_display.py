"""Opening the display: windowed or full screen, and running with no screen at all."""

from __future__ import annotations

import threading

import pygame

import kiosk
from kiosk.display import Backdrop, needs_dummy_driver, open_display


def test_no_display_on_linux_needs_the_dummy_driver():
    assert needs_dummy_driver({}, "linux")
    assert not needs_dummy_driver({"DISPLAY": ":0"}, "linux")
    assert not needs_dummy_driver({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not needs_dummy_driver({"SDL_VIDEODRIVER": "kmsdrm"}, "linux")
    assert not needs_dummy_driver({}, "win32")


def test_windowed_display_uses_the_configured_size_and_a_vietnamese_title(settings):
    surface = open_display(settings, windowed=True)
    assert surface.get_size() == (settings.kiosk.width, settings.kiosk.height)
    assert pygame.display.get_caption()[0].startswith("Đánh giá mức độ hài lòng")


def test_without_a_display_the_kiosk_says_so_once_and_uses_the_dummy_driver(
    settings, monkeypatch, capsys
):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    pygame.display.quit()
    surface = open_display(settings, windowed=True)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and "dummy" in lines[0]
    assert pygame.display.get_driver() == "dummy"
    assert surface.get_size() == (settings.kiosk.width, settings.kiosk.height)


def test_main_runs_the_kiosk_until_quit_and_returns_zero(settings, store):
    pygame.display.init()
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    pygame.time.set_timer(pygame.QUIT, 200, loops=1)
    assert kiosk.main(settings, store, windowed=True) == 0


def test_main_stops_when_asked_from_outside_the_frame_loop(settings, store):
    stop = threading.Event()
    timer = threading.Timer(0.3, stop.set)  # as run_kiosk's SIGTERM handler does
    timer.start()
    try:
        assert kiosk.main(settings, store, windowed=True, stop=stop) == 0
    finally:
        timer.cancel()


def test_main_reports_a_broken_survey_with_the_config_exit_status(write_config, store, capsys):
    from lobby.settings import load_settings

    broken = write_config('[kiosk]\nsurvey = "missing-survey.toml"\n')
    assert kiosk.main(load_settings(broken), store, windowed=True) == 2
    assert "missing-survey.toml" in capsys.readouterr().err


def _picture(size=(320, 200)) -> pygame.Surface:
    picture = pygame.Surface(size)
    picture.fill((255, 250, 240))
    pygame.draw.rect(picture, (132, 14, 20), (0, 0, size[0], 40))
    pygame.draw.circle(picture, (20, 20, 20), (160, 120), 50)
    return picture


def test_a_backdrop_draws_exactly_the_background_it_was_made_from():
    original = _picture()
    expected = pygame.image.tobytes(original, "RGB")
    backdrop = Backdrop(_picture(), (255, 250, 240))
    target = pygame.Surface(original.get_size())
    target.fill((0, 0, 255))  # what the last screen left behind
    backdrop.draw(target)
    assert pygame.image.tobytes(target, "RGB") == expected


def test_a_backdrop_redraws_only_the_area_asked_for():
    backdrop = Backdrop(_picture(), (255, 250, 240))
    target = pygame.Surface((320, 200))
    target.fill((0, 0, 255))
    area = pygame.Rect(100, 60, 120, 120)
    backdrop.draw(target, area)
    assert target.get_at((5, 5)) == (0, 0, 255, 255)  # outside: untouched
    assert target.get_at((160, 120)) == (20, 20, 20, 255)  # inside: the picture
    assert target.get_at((105, 65)) == (255, 250, 240, 255)


def test_the_idle_attract_screen_redraws_only_its_pulse_and_looks_the_same(make_app):
    app = make_app(size=(800, 480))
    app.step([], 0.01)
    assert app.drew and app.dirty is None  # the first frame is drawn whole
    redrawn = []
    for _ in range(30):  # one second at 30 frames a second
        app.step([], 1 / 30)
        if app.drew:
            redrawn.append(app.dirty)
    assert 5 <= len(redrawn) <= 15  # the pulse moves ~10 times a second, not 30
    assert all(rect is not None and rect.height < 480 // 2 for rect in redrawn)
    partial = pygame.image.tobytes(app.surface, "RGB")
    app.screen.draw(app.surface)  # a full redraw of the same moment
    assert pygame.image.tobytes(app.surface, "RGB") == partial


def test_a_touch_on_the_idle_screen_is_drawn_at_once(make_app):
    from tests.kiosk_driver import key

    app = make_app(size=(800, 480))
    app.step([], 0.01)
    app.step([key(pygame.K_SPACE)], 0.001)
    assert app.drew and app.dirty is None

"""Opening the display: windowed or full screen, and running with no screen at all."""

from __future__ import annotations

import threading

import pygame

import kiosk
from kiosk.display import needs_dummy_driver, open_display


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

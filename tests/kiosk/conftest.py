"""Kiosk fixtures: a real KioskApp on the dummy display, driven by events posted through pygame."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from kiosk.app import KioskApp
from lobby.settings import load_settings
from lobby.store import OfficialInput
from lobby.survey import load_survey
from tests.kiosk.visit_fixtures import OFFICIALS, PUBLIC_INFO, portrait_png
from tests.kiosk_driver import Driver

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def pygame_display():
    """Make sure pygame's display (dummy driver) and fonts are up; a no-op when they already are."""
    pygame.display.init()
    pygame.font.init()


@pytest.fixture
def survey(settings):
    """The project's default survey (4 levels)."""
    return load_survey(settings.path(settings.kiosk.survey))


@pytest.fixture
def make_app(write_config, store, survey):
    """Build a KioskApp on a display surface of a given size, with optional [kiosk] settings."""

    made = []

    def make(
        size=(1280, 800), kiosk_toml: str = "", app_store=None, app_survey=None, survey_file=None
    ):
        survey_path = survey_file or ROOT / "assets" / "survey.toml"
        survey_line = f'survey = "{survey_path}"'
        config = write_config(f"[kiosk]\n{survey_line}\n{kiosk_toml}\n")
        app_settings = load_settings(config)
        surface = pygame.display.set_mode(size)
        chosen = app_survey or (load_survey(survey_path) if survey_file else survey)
        app = KioskApp(app_settings, app_store or store, chosen, surface)
        made.append(app)
        return app

    yield make
    for app in made:
        app.close()


@pytest.fixture
def kiosk(make_app) -> Driver:
    """A driver around a 1280x800 kiosk with the default survey and settings."""
    return Driver(make_app())


@pytest.fixture
def office_store(store, tmp_path):
    """The test store with two counters, five officials and three public items."""
    pygame.display.init()
    store.upsert_officials(
        OfficialInput(
            code,
            name,
            title,
            "Văn phòng",
            counter,
            portrait_png() if code == "CB02" else None,
        )
        for code, name, title, counter in OFFICIALS
    )
    info = tmp_path / "public_info.toml"
    info.write_text(PUBLIC_INFO, encoding="utf-8")
    store.seed_public_info(info)
    return store

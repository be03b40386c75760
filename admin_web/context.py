"""Per-application state of the admin web: settings, store and the one-time setup token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from flask import Flask, current_app

from lobby import clock
from lobby.settings import ConfigError, Settings
from lobby.store import Store, StoreError
from lobby.survey import Survey, load_survey, survey_from_text

if TYPE_CHECKING:
    from admin_web.setup import SetupToken
    from admin_web.throttle import LoginThrottle

EXTENSION = "lobby_admin"


@dataclass
class AdminState:
    """What every view needs: the office's settings, its store, the setup token, the throttle."""

    settings: Settings
    store: Store
    setup: SetupToken
    throttle: LoginThrottle
    owns_store: bool = False

    @property
    def tz_name(self) -> str:
        """Return the office's time zone name."""
        return self.settings.office.timezone

    def survey(self) -> Survey:
        """Return the survey the kiosk uses now: the store's latest version, else the file."""
        return self.survey_with_version()[0]

    def survey_with_version(self) -> tuple[Survey, int | None]:
        """Return the current survey and its stored version number (None: the file, not stored).

        The file gives the survey's key; the store's latest version of that key wins, as on the
        kiosk (kiosk/loader.py). The file is read each time, so an edited file shows at once.
        """
        from_file = load_survey(self.settings.path(self.settings.kiosk.survey))
        try:
            latest = self.store.latest_survey_version(from_file.id)
        except StoreError:
            return from_file, None
        if latest is None:
            return from_file, None
        try:
            where = f"{latest.key} v{latest.version}"
            return survey_from_text(latest.source, where), latest.version
        except ConfigError:
            return from_file, None

    def today(self) -> date:
        """Return today's date in the office's time zone."""
        return clock.to_local(clock.utcnow(), self.tz_name).date()


def admin_state(app: Flask | None = None) -> AdminState:
    """Return the admin state of ``app`` (or of the current application)."""
    return (app or current_app).extensions[EXTENSION]


def get_store() -> Store:
    """Return the store of the current application."""
    return admin_state().store

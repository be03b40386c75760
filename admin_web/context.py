"""Per-application state of the admin web: settings, store and the one-time setup token."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from flask import Flask, current_app

from lobby import clock
from lobby.settings import Settings
from lobby.store import Store
from lobby.survey import Survey, load_survey

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
        """Read the survey definition now (so an edited file shows without a restart)."""
        return load_survey(self.settings.path(self.settings.kiosk.survey))

    def today(self) -> date:
        """Return today's date in the office's time zone."""
        return clock.to_local(clock.utcnow(), self.tz_name).date()


def admin_state(app: Flask | None = None) -> AdminState:
    """Return the admin state of ``app`` (or of the current application)."""
    return (app or current_app).extensions[EXTENSION]


def get_store() -> Store:
    """Return the store of the current application."""
    return admin_state().store

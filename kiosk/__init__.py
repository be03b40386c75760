"""The rating kiosk: a pygame touchscreen app where citizens rate how their matter was handled.

``kiosk.main(settings, store, windowed=False)`` runs it; ``kiosk.app.KioskApp`` is the app.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

from lobby.settings import CONFIG_EXIT_STATUS, ConfigError

PUBLIC_INFO = Path(__file__).resolve().parents[1] / "assets" / "public_info.toml"
log = logging.getLogger(__name__)


def main(settings, store, windowed: bool = False, stop: threading.Event | None = None) -> int:
    """Load the survey, open the display and run the kiosk until closed or ``stop`` is set."""
    import pygame

    from kiosk import fonts
    from kiosk.app import KioskApp
    from kiosk.display import open_display
    from lobby.store import StoreError
    from lobby.survey import load_survey

    try:
        survey = load_survey(settings.path(settings.kiosk.survey))
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return CONFIG_EXIT_STATUS
    try:
        # Only fills an empty table: the office's own edits are kept.
        if PUBLIC_INFO.exists():
            store.seed_public_info(PUBLIC_INFO)
    except (StoreError, ConfigError) as exc:
        log.warning("chưa nạp được thông tin công khai: %s", exc)
    surface = open_display(settings, windowed)
    try:
        app = KioskApp(settings, store, survey, surface)
        app.run(stop)
    except StoreError as exc:
        print(f"kiosk: không dùng được kho dữ liệu: {exc}", file=sys.stderr)
        return 1
    finally:
        pygame.quit()
        fonts.forget()
    return 0

"""The rating kiosk: a pygame touchscreen app where citizens rate how their matter was handled.

``kiosk.main(settings, store, windowed=False)`` runs it (the attract screen first, the store
opened off the frame loop: kiosk/boot.py); ``kiosk.app.KioskApp`` is the app.
"""

from __future__ import annotations

import faulthandler
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from lobby.settings import CONFIG_EXIT_STATUS, ConfigError

PUBLIC_INFO = Path(__file__).resolve().parents[1] / "assets" / "public_info.toml"
READY = "kiosk sẵn sàng nhận đánh giá"  # logged once the kiosk takes visitors
log = logging.getLogger(__name__)


def main(
    settings,
    store,
    windowed: bool = False,
    stop: threading.Event | None = None,
    on_ready: Callable[[], None] | None = None,
) -> int:
    """Load the survey, open the display and run the kiosk until closed or ``stop`` is set.

    ``store`` is an open store, or a function that opens one: then the attract screen shows
    first while it opens in the background, and it is closed at the end. ``on_ready`` is
    called once the kiosk takes visitors (run_kiosk.py starts the other services then).
    """
    if not faulthandler.is_enabled():
        # A crash inside C code (SIGSEGV, or SIGBUS from a store file made immutable between
        # the recorder's check and SQLite's write) leaves every thread's Python stack in the log.
        faulthandler.enable()
    import pygame

    from kiosk import boot, fonts
    from kiosk.display import open_display
    from lobby.file_modes import check_file_setting
    from lobby.survey import load_survey

    try:
        survey = load_survey(settings.path(settings.kiosk.survey))
        check_file_setting(settings, "kiosk", "journal")
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return CONFIG_EXIT_STATUS
    surface = open_display(settings, windowed)
    opened: list = []  # the store, when this function opened it
    closing = threading.Event()
    job = None
    try:
        attract = boot.first_screen(settings, surface.get_size(), PUBLIC_INFO.exists())
        job = boot.Job(lambda: _prepare(settings, store, survey, surface, attract, opened, closing))
        if not boot.show_until_done(attract, surface, job, int(settings.kiosk.fps), stop):
            return 0
        app = job.result()
        if isinstance(app, str):
            print(app, file=sys.stderr)
            return 1
        from lobby.store import StoreError

        attract = None  # kept by the app when it fits; otherwise its memory goes now
        log.info(READY)
        if on_ready is not None:
            on_ready()
        try:
            app.run(stop)
        except StoreError as exc:
            print(f"kiosk: không dùng được kho dữ liệu: {exc}", file=sys.stderr)
            return 1
    finally:
        closing.set()
        if job is not None:
            # Closed while the data thread still builds screens: it renders text, so the
            # fonts stay until it is done (it closes what it made when it sees ``closing``).
            job.wait(10.0)
        pygame.quit()
        fonts.forget()
        for own in opened:
            own.close()
    return 0


def _prepare(settings, store, survey, surface, attract, opened: list, closing: threading.Event):
    """Off the frame loop: open the store if given its opener, keep the public information,
    read the kiosk's data and make the app with the screen a first touch leads to; return the
    app, or the message when the store cannot be used. The frame loop only shows ``attract``
    meanwhile and renders no text, so building screens here races with nothing."""
    from kiosk import boot
    from kiosk.app import KioskApp
    from kiosk.placement import PlacedLoader
    from lobby.store import StoreError
    from lobby.store.seed import seed_new_store

    reachable = True
    if callable(store):
        try:
            store = store()
        except StoreError as exc:
            store = boot.store_without_server(settings, exc)
            if store is None:
                return f"Không mở được kho dữ liệu ([store] url): {exc}"
            reachable = False  # the journal keeps the votes; the connector finds the server
            boot.StoreConnector(store, closing).start()
        opened.append(store)
    try:
        # A new store starts with the plan's sign messages and the sample public information.
        if reachable:
            seed_new_store(store)
    except StoreError as exc:
        log.warning("chưa nạp được dữ liệu ban đầu của kho mới: %s", exc)
    loader = PlacedLoader(store, survey, settings.path(settings.kiosk.survey))
    device_id = boot.kiosk_device_id(settings, store if reachable else None)
    # Known before the first read, so the first snapshot already has the kiosk's counter.
    loader.device_id = device_id
    try:
        if not reachable:  # no wait for a second connect time-out: the loader tries again soon
            raise StoreError(boot.NO_SERVER)
        loader.load()
    except StoreError as exc:
        loader.failing(exc)
        loader.use_file_survey()
        log.warning("chạy với khảo sát trong tệp cho đến khi đọc được kho")
    try:
        app = KioskApp(
            settings,
            store,
            survey,
            surface,
            loader=loader,
            first_screen=attract,
            device_id=device_id,
        )
    except StoreError as exc:
        return f"kiosk: không dùng được kho dữ liệu: {exc}"
    # Every screen is built here, off the frame loop: built cold (fonts loading at new sizes) one
    # could take longer than a frame may.
    while app.screens.build_next() and not closing.is_set():
        pass
    if closing.is_set():  # the kiosk was closed while this ran
        app.close()
        if opened:
            opened[0].close()
    return app

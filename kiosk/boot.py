"""Start-up: the attract screen is drawn first, while the store opens (imports, migrations, a
lock held by another process) and the kiosk's data is read in a background thread.

Touches before the kiosk is ready are ignored: no visit starts before its vote can be kept. A
database server that cannot be reached at start (the lobby PC booted before the server after a
power cut) does not stop the kiosk: it starts on its journal with a store that connects on first
use, and ``StoreConnector`` connects (and migrates) in the background once the server answers.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

import pygame

from kiosk import inputs, theme
from kiosk.screens.attract import AttractScreen

log = logging.getLogger(__name__)

FIRST_FRAME = "đã hiện màn hình chờ; đang mở kho dữ liệu"
NO_SERVER = "chưa kết nối được máy chủ dữ liệu"
CONNECTED = "đã kết nối máy chủ dữ liệu"
# Lock wait of the store used when the server was away at start (connect: twice, statement:
# five times this): the kiosk's reads are small, and it must not hang on a server that is not there.
SERVER_WAIT_SECONDS = 2.0


class Job:
    """Runs ``work()`` once in a daemon thread from ``start()``; ``done()`` tells when
    ``result()`` is ready."""

    def __init__(self, work: Callable[[], object], name: str = "kiosk-start") -> None:
        self._work = work
        self._result: object = None
        self._error: BaseException | None = None
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        """Start the work in its thread."""
        self._thread.start()

    def _run(self) -> None:
        try:
            self._result = self._work()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller by result()
            self._error = exc
        finally:
            self._done.set()

    def done(self) -> bool:
        """Tell whether the work has finished (returned or raised)."""
        return self._done.is_set()

    def wait(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for the work to finish (not at all if it never started);
        return whether it has finished."""
        if not self._thread.is_alive():
            return self._done.is_set()
        return self._done.wait(seconds)

    def result(self) -> object:
        """Wait for the work; return what it returned or raise what it raised."""
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._result


def first_screen(settings, size: tuple[int, int], info: bool) -> AttractScreen:
    """Apply the look settings and build the attract screen; ``info``: with the information
    button (the app builds it again if the store's public information says otherwise)."""
    theme.configure(settings.kiosk)
    office = settings.office
    return AttractScreen(size, office.parent, office.name, info=info)


def show_until_done(
    screen: AttractScreen,
    surface: pygame.Surface,
    job: Job,
    fps: int,
    stop: threading.Event | None = None,
) -> bool:
    """Draw ``screen`` now, then start ``job`` and keep the screen alive until it is done;
    return False if the kiosk was closed meanwhile (window closed, Ctrl+Alt+Q or ``stop``)."""
    screen.enter()
    screen.draw(surface)
    pygame.display.flip()
    log.info(FIRST_FRAME)
    job.start()  # only now: its imports would compete with the first frame for the one GIL
    clock = pygame.time.Clock()
    clock.tick(fps)
    while not job.done():
        dt = clock.tick(fps) / 1000
        for event in pygame.event.get():
            if event.type == pygame.QUIT or inputs.is_admin_exit(event):
                return False
        if stop is not None and stop.is_set():
            return False
        screen.update(dt)
        if screen.changed():
            pygame.display.update(screen.draw_moving(surface))
    return True


def store_without_server(settings, error: Exception):
    """Return a store that connects on first use when ``error`` (from opening the store) says a
    database server could not be reached; None when the kiosk cannot start without it (SQLite,
    whose failures to open do not pass by themselves, or an error other than reaching it)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError

    from lobby.store import Store, db

    if make_url(settings.store_url).get_backend_name() == "sqlite":
        return None
    if not isinstance(error.__cause__, OperationalError):
        return None
    reason = str(error.__cause__.orig or error.__cause__).strip().splitlines()[0]
    log.warning(
        "%s (%s); kiosk nhận đánh giá vào nhật ký cục bộ và thử kết nối lại", NO_SERVER, reason
    )
    # Short waits: while the server is away every read the kiosk tries fails within seconds.
    engine = db.make_engine(settings.store_url, wait_seconds=SERVER_WAIT_SECONDS)
    return Store(engine, settings.office.timezone)


class StoreConnector:
    """Connects a store whose server could not be reached at start, applying any pending
    migration, in a daemon thread that retries with a growing delay until it works or ``stop``
    is set; logs once when it connects."""

    def __init__(
        self,
        store,
        stop: threading.Event,
        first_delay: float = 1.0,
        max_delay: float = 30.0,
    ) -> None:
        self.store = store
        self._stop = stop
        self._first_delay, self._max_delay = first_delay, max_delay
        self.connected = threading.Event()
        self._thread = threading.Thread(target=self._run, name="store-connector", daemon=True)

    def start(self) -> None:
        """Start trying in the background."""
        self._thread.start()

    def _run(self) -> None:
        from sqlalchemy.exc import SQLAlchemyError

        from lobby.store import db

        delay = self._first_delay
        while not self._stop.wait(delay):
            try:
                db.upgrade(self.store.engine)
            except (SQLAlchemyError, OSError) as exc:
                log.debug("%s: %s", NO_SERVER, exc)
                delay = min(delay * 2, self._max_delay)
                continue
            log.info(CONNECTED)
            self.connected.set()
            return


def kiosk_device_id(settings, store) -> str:
    """Return this kiosk's id: from the config, else its own, kept in a file beside the journal
    with the fingerprint of the PC (see ``kiosk.identity``); ``store`` (None: known to be away)
    is asked only by a kiosk that has no id of its own yet."""
    if settings.kiosk.device_id:
        return settings.kiosk.device_id
    from kiosk import identity

    kept = Path(settings.path(settings.kiosk.journal)).with_name(identity.ID_FILE_NAME)
    fingerprint = identity.Fingerprint.read(settings.path(settings.kiosk.machine_root))
    return identity.own_device_id(kept, fingerprint, store)

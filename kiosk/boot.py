"""Start-up: the attract screen is drawn first, while the store opens (imports, migrations, a
lock held by another process) and the kiosk's data is read in a background thread.

Touches before the kiosk is ready are ignored: no visit starts before its vote can be kept.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import pygame

from kiosk import inputs, theme
from kiosk.screens.attract import AttractScreen

log = logging.getLogger(__name__)

FIRST_FRAME = "đã hiện màn hình chờ; đang mở kho dữ liệu"


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

"""Helpers that drive a KioskApp like a visitor, through pygame's real event objects."""

from __future__ import annotations

from datetime import date

import pygame

from kiosk.app import KioskApp
from kiosk.flow import Phase

TOUCH_ID = 7


def finger(action: str, pos: tuple[float, float], size: tuple[int, int], finger_id: int = 1):
    """Build a FINGERDOWN/FINGERUP event at a pixel position (pygame wants 0..1 coordinates)."""
    kind = pygame.FINGERDOWN if action == "down" else pygame.FINGERUP
    return pygame.event.Event(
        kind,
        touch_id=TOUCH_ID,
        finger_id=finger_id,
        x=pos[0] / size[0],
        y=pos[1] / size[1],
        dx=0.0,
        dy=0.0,
        pressure=1.0,
    )


def mouse(action: str, pos: tuple[float, float], *, touch: bool = False, button: int = 1):
    """Build a MOUSEBUTTONDOWN/UP event; ``touch=True`` marks one SDL synthesised from a finger."""
    kind = pygame.MOUSEBUTTONDOWN if action == "down" else pygame.MOUSEBUTTONUP
    return pygame.event.Event(kind, pos=(int(pos[0]), int(pos[1])), button=button, touch=touch)


def key(code: int, mod: int = 0):
    """Build a KEYDOWN event."""
    return pygame.event.Event(pygame.KEYDOWN, key=code, mod=mod, unicode="", scancode=0)


def all_rows(store):
    """Return every stored response."""
    return list(store.iter_responses(date(2000, 1, 1), date(2100, 1, 1)))


class Driver:
    """Drives a KioskApp like a visitor: posts real pygame events, advances time through dt."""

    def __init__(self, app: KioskApp) -> None:
        self.app = app
        self.size = app.surface.get_size()

    def step(self, *events, dt: float = 1 / 30) -> None:
        """Post ``events`` to pygame's queue and run one frame with what the queue returns."""
        pygame.event.clear()
        for event in events:
            pygame.event.post(event)
        self.app.step(pygame.event.get(), dt)

    def wait(self, seconds: float, frame: float = 0.25) -> None:
        """Let ``seconds`` pass in frames with no input."""
        left = seconds
        while left > 1e-9:
            dt = min(frame, left)
            self.app.step([], dt)
            left -= dt

    def button_centre(self, index: int) -> tuple[int, int]:
        """Return the centre of the rating button at ``index`` (0-based, display order)."""
        return self.app.screens[Phase.RATE].buttons[index].rect.center

    def touch(self, pos, finger_id: int = 1, dt: float = 1 / 30) -> None:
        """Tap with a finger at ``pos`` (down and up in one frame)."""
        self.step(
            finger("down", pos, self.size, finger_id),
            finger("up", pos, self.size, finger_id),
            dt=dt,
        )

    def open_rating(self) -> None:
        """Touch the attract screen and wait until the rating screen accepts choices."""
        assert self.app.phase is Phase.ATTRACT
        self.touch((self.size[0] // 2, self.size[1] // 2))
        assert self.app.phase is Phase.RATE
        self.wait(0.5)

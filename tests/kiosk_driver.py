"""Helpers that drive a KioskApp like a visitor, through pygame's real event objects.

Test-only, and a module rather than fixtures: the kiosk, admin and end-to-end tests build
drivers around apps they make themselves (several per test, at several sizes)."""

from __future__ import annotations

import time
from dataclasses import dataclass
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


@dataclass(frozen=True)
class VoteRow:
    """A stored visit seen through its overall answer, as the single-question kiosk records it."""

    id: str
    device_id: str
    survey_id: str
    level_key: str
    level_index: int
    level_label: str
    channel: str


def all_rows(store) -> list[VoteRow]:
    """Return every stored visit that answered the overall question, oldest first."""
    return [
        VoteRow(
            v.id,
            v.device_id,
            v.survey_key,
            v.overall.level_key,
            v.overall.level_index,
            v.overall.level_label,
            v.input_channel,
        )
        for v in store.iter_visits(date(2000, 1, 1), date(2100, 1, 1))
        if v.overall is not None
    ]


def all_visits(store) -> list:
    """Return every stored visit (VisitRow, with its answers), oldest first."""
    return list(store.iter_visits(date(2000, 1, 1), date(2100, 1, 1)))


class Driver:
    """Drives a KioskApp like a visitor: posts real pygame events, advances time through dt."""

    def __init__(self, app: KioskApp) -> None:
        self.app = app
        self.size = app.surface.get_size()

    def step(self, *events, dt: float = 1 / 30, settle: bool = True) -> None:
        """Post ``events`` to pygame's queue and run one frame with what the queue returns.

        When the frame starts saving a visit, keep stepping (no time passes) until the recorder
        reports its outcome, so the caller sees thanks or the error screen.
        """
        pygame.event.clear()
        for event in events:
            pygame.event.post(event)
        self.app.step(pygame.event.get(), dt)
        if settle:
            self.settle()

    def settle(self, timeout: float = 10.0) -> None:
        """Run frames of no time until the kiosk is no longer saving (or ``timeout`` passes)."""
        deadline = time.monotonic() + timeout
        while self.app.phase is Phase.SAVING and time.monotonic() < deadline:
            time.sleep(0.002)
            self.app.step([], 0.0)
        assert self.app.phase is not Phase.SAVING, "the recorder gave no outcome in time"

    def refresh(self) -> None:
        """Have the loader read the store now, then run frames of no time so the app builds
        the new screens and switches to them (it does both only on the attract screen)."""
        self.app.loader.load()
        for _ in range(60):
            self.app.step([], 0.0)
            if self.app._next is None:
                break

    def buttons(self):
        """Return the touch targets of the current screen."""
        return list(self.app.screen.targets)

    def button(self, label: str):
        """Return the target on the current screen whose label is ``label``."""
        found = [b for b in self.buttons() if b.label == label]
        assert found, f"no {label!r} on {self.app.phase}: {[b.label for b in self.buttons()]}"
        return found[0]

    def tap(self, label: str, dt: float = 1 / 30) -> None:
        """Touch the centre of the target labelled ``label`` on the current screen."""
        self.touch(self.button(label).rect.center, dt=dt)

    def press(self, *codes: int) -> None:
        """Press keys, one frame each."""
        for code in codes:
            self.step(key(code))

    def wait(self, seconds: float, frame: float = 0.25) -> None:
        """Let ``seconds`` pass in frames with no input."""
        left = seconds
        while left > 1e-9:
            dt = min(frame, left)
            self.app.step([], dt)
            left -= dt
        self.settle()

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

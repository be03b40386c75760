"""Kiosk screens: each handles events into intents, updates its own state and draws itself."""

from __future__ import annotations

from typing import Protocol

import pygame

from kiosk.intents import Intent


class Screen(Protocol):
    """What the app needs from a screen; ``draw`` changes nothing.

    Optional: ``sync(state)`` shows the flow's state (typed text, choices made),
    ``set_countdown(seconds)`` the idle warning, and ``targets`` lists the touch targets.
    """

    prompt: str  # the sentence speech says when the screen opens

    def enter(self) -> None:
        """Forget any per-visitor state: called each time the screen is shown."""

    def handle_event(self, event: pygame.event.Event) -> Intent | None:
        """Turn one input event into an intent, or None."""

    def update(self, dt: float) -> None:
        """Advance animations by ``dt`` seconds."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the screen onto ``surface``."""

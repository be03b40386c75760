"""Kiosk screens: each handles events into intents, updates its own state and draws itself."""

from __future__ import annotations

from typing import Protocol

import pygame

from kiosk.intents import Intent


class Screen(Protocol):
    """What the app needs from a screen; ``draw`` changes nothing.

    Optional: ``sync(state)`` shows the flow's state (typed text, choices made),
    ``set_countdown(seconds)`` the idle warning, and ``targets`` lists the touch targets.
    A screen that idles cheaply has ``changed() -> bool``, True when the last ``update`` changed
    its look (the app draws nothing otherwise, unless an event came or the screen was just
    shown), and may add ``draw_moving(surface) -> pygame.Rect``, which redraws only the part that
    moved over the last full frame and returns where it drew (the app updates that area of the
    display alone).
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

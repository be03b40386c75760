"""Input normalisation: touch and mouse become pointer presses; keypad digits become numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pygame

from kiosk.intents import Begin

_DIGIT_KEYS = {getattr(pygame, f"K_{n}"): n for n in range(1, 10)} | {
    getattr(pygame, f"K_KP{n}"): n for n in range(1, 10)
}
_CLICK_BUTTONS = (1, 2, 3)  # 4 and 5 are the wheel in pygame's legacy mouse events
ADMIN_EXIT_KEY = pygame.K_q
# "Say that again": F1 on a keyboard, the * key on a numeric keypad or big-button box.
REPEAT_KEYS = frozenset({pygame.K_F1, pygame.K_KP_MULTIPLY, pygame.K_ASTERISK})


@dataclass(frozen=True)
class Pointer:
    """A finger or mouse going down or up at a position in surface pixels."""

    action: Literal["down", "up"]
    pointer: tuple
    pos: tuple[float, float]
    channel: Literal["touch", "mouse"]


def pointer(event: pygame.event.Event, size: tuple[int, int]) -> Pointer | None:
    """Return the pointer press or release in ``event``, or None if it is not one.

    Mouse events that SDL synthesised from a touch (``event.touch``) are dropped, so one tap
    is one press however the platform reports it.
    """
    if event.type in (pygame.FINGERDOWN, pygame.FINGERUP):
        action = "down" if event.type == pygame.FINGERDOWN else "up"
        finger = ("finger", getattr(event, "touch_id", 0), getattr(event, "finger_id", 0))
        return Pointer(action, finger, (event.x * size[0], event.y * size[1]), "touch")
    if event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        if getattr(event, "touch", False) or event.button not in _CLICK_BUTTONS:
            return None
        action = "down" if event.type == pygame.MOUSEBUTTONDOWN else "up"
        return Pointer(action, ("mouse", event.button), tuple(event.pos), "mouse")
    return None


def keypad_digit(event: pygame.event.Event) -> int | None:
    """Return 1-9 for a digit key (top row or numeric keypad) pressed in ``event``, else None."""
    if event.type != pygame.KEYDOWN:
        return None
    return _DIGIT_KEYS.get(event.key)


def is_key_press(event: pygame.event.Event) -> bool:
    """Tell whether ``event`` is any key going down."""
    return event.type == pygame.KEYDOWN


def is_repeat_request(event: pygame.event.Event) -> bool:
    """Tell whether ``event`` asks the kiosk to say its last spoken prompt again."""
    return event.type == pygame.KEYDOWN and event.key in REPEAT_KEYS


def is_admin_exit(event: pygame.event.Event) -> bool:
    """Tell whether ``event`` is the hidden staff exit: Ctrl+Alt+Q."""
    if event.type != pygame.KEYDOWN or event.key != ADMIN_EXIT_KEY:
        return False
    mods = getattr(event, "mod", 0)
    return bool(mods & pygame.KMOD_CTRL) and bool(mods & pygame.KMOD_ALT)


def begin_on_press(event: pygame.event.Event, size: tuple[int, int]) -> Begin | None:
    """Return Begin for any press (touch, mouse) or key, as a "touch to start" screen reacts."""
    press = pointer(event, size)
    if press and press.action == "down":
        return Begin(press.channel)
    if is_key_press(event):
        return Begin("key")
    return None

"""A USB barcode or QR scanner is a keyboard that types a whole code in a few milliseconds and
ends it with Enter. ``ScanReader`` holds typed characters back while they come that fast and
turns a burst ending with Enter into one scanned code; characters a person types (slower, or
too few) go on to the screen as keys, only a frame or two later. No waiting: it runs on the
frame loop's clock."""

from __future__ import annotations

import pygame

# Characters closer than this (seconds of the frame loop's clock) belong to one burst; a person
# types more slowly, a scanner sends a character every few milliseconds.
BURST_GAP = 0.05
# A shorter burst is typing, not a code (a scanned dossier code is longer).
LEAST_CODE = 6
_ENTER = (pygame.K_RETURN, pygame.K_KP_ENTER)
_HELD_MODS = pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_META


def _typed(event: pygame.event.Event) -> str:
    """Return the character a key event types, or "" (a control key, a shortcut)."""
    if event.type != pygame.KEYDOWN or getattr(event, "mod", 0) & _HELD_MODS:
        return ""
    typed = getattr(event, "unicode", "")
    return typed if len(typed) == 1 and typed.isprintable() and not typed.isspace() else ""


class ScanReader:
    """Splits the frame's events into those for the screen and scanned codes."""

    def __init__(self, gap: float = BURST_GAP, least: int = LEAST_CODE) -> None:
        self.gap = gap
        self.least = least
        self._held: list[pygame.event.Event] = []
        self._last = 0.0

    def feed(self, events, now: float) -> tuple[list[pygame.event.Event], list[str]]:
        """Return (the events for the screen, the codes scanned) of one frame at ``now``."""
        passed: list[pygame.event.Event] = []
        codes: list[str] = []
        for event in events:
            if _typed(event):
                if self._held and now - self._last > self.gap:
                    passed += self._release()
                self._held.append(event)
                self._last = now
                continue
            if event.type == pygame.KEYDOWN and event.key in _ENTER and self._held:
                code = "".join(_typed(e) for e in self._held)
                if len(code) >= self.least and now - self._last <= self.gap:
                    self._held = []
                    codes.append(code)
                    continue
            passed += self._release()
            passed.append(event)
        if self._held and now - self._last > self.gap:
            passed += self._release()
        return passed, codes

    def _release(self) -> list[pygame.event.Event]:
        held, self._held = self._held, []
        return held

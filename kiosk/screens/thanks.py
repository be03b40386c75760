"""Thank-you screen: shown only after the vote is on disk."""

from __future__ import annotations

import pygame

from kiosk import theme, wording
from kiosk.intents import Intent
from kiosk.screens.message import MessageScreen
from kiosk.widgets import check_icon


class ThanksScreen(MessageScreen):
    """Thanks the visitor; ignores every touch so a second tap cannot vote again.

    It does not say which level was chosen: the official at the desk must not learn it.
    """

    def __init__(self, size: tuple[int, int], seconds: float, callback_days: int = 2) -> None:
        self.callback_days = callback_days
        self._said: tuple[bool, str] = (False, "")
        self._make(size, seconds, wording.THANKS_SUB)

    def _make(self, size: tuple[int, int], seconds: float, detail: str) -> None:
        look = theme.current()
        super().__init__(
            size, seconds, look.background, look.thanks, check_icon, wording.THANKS, detail
        )

    def sync(self, state) -> None:
        """Say what happens next: the call-back when the visitor asked for one, and the
        visit's short code to quote."""
        said = (bool(state.consent), state.visit_code)
        if said != self._said:
            self._said = said
            detail = wording.thanks_detail(said[0], self.callback_days, said[1])
            self._make(self.size, self.seconds, detail)

    def handle_event(self, event: pygame.event.Event) -> Intent | None:
        """Ignore input: the vote is already kept."""
        return None

"""Error screen: the vote was not kept, said honestly, with a way to try again."""

from __future__ import annotations

import pygame

from kiosk import inputs, theme, wording
from kiosk.intents import Intent
from kiosk.screens.message import MessageScreen
from kiosk.widgets import alert_icon


class ErrorScreen(MessageScreen):
    """Says the vote was not kept; a touch or key goes back to the rating screen to try again."""

    def __init__(self, size: tuple[int, int], seconds: float) -> None:
        detail = f"{wording.ERROR_SUB}\n{wording.ERROR_HINT}"
        look = theme.current()
        super().__init__(
            size, seconds, look.error_background, look.error, alert_icon, wording.ERROR, detail
        )

    def handle_event(self, event: pygame.event.Event) -> Intent | None:
        """A press or key lets the visitor try again."""
        return inputs.begin_on_press(event, self.size)

"""Thank-you screen: shown only after the vote is on disk."""

from __future__ import annotations

import pygame

from kiosk import texts, theme
from kiosk.intents import Intent
from kiosk.screens.message import MessageScreen
from kiosk.widgets import check_icon


class ThanksScreen(MessageScreen):
    """Thanks the visitor; ignores every touch so a second tap cannot vote again.

    It does not say which level was chosen: the official at the desk must not learn it.
    """

    def __init__(self, size: tuple[int, int], seconds: float) -> None:
        super().__init__(
            size,
            seconds,
            theme.current().background,
            theme.current().thanks,
            check_icon,
            texts.THANKS,
            texts.THANKS_SUB,
        )

    def handle_event(self, event: pygame.event.Event) -> Intent | None:
        """Ignore input: the vote is already kept."""
        return None

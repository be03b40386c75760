"""Follow-up reasons after a low rating: big toggle buttons, several may be chosen."""

from __future__ import annotations

from kiosk import texts, theme
from kiosk.intents import ToggleReason
from kiosk.screens.step import StepScreen, grid
from kiosk.widgets import Button


class ReasonsScreen(StepScreen):
    """One toggle per reason from the survey's [followup]; digit N toggles the N-th."""

    skip = texts.SKIP
    go_on = True

    def __init__(self, size: tuple[int, int], reasons) -> None:
        self.reasons = tuple(reasons)
        super().__init__(size, texts.REASONS_TITLE)

    def build(self) -> None:
        """Place the reasons two or three to a row."""
        count = len(self.reasons)
        columns = (3 if count > 6 else 2) if self.size[0] >= self.size[1] else 1 + (count > 5)
        cells = grid(self.layout.body, count, columns, self.layout.gap)
        self.buttons = [
            self._toggle(cell, reason, i + 1)
            for i, (cell, reason) in enumerate(zip(cells, self.reasons, strict=True))
        ]

    def _toggle(self, rect, reason, number):
        key = reason.key
        look = theme.current()
        return Button(
            rect,
            reason.label,
            lambda channel: ToggleReason(key),
            look.choice,
            number=number,
            on_colour=look.toggle_on,
        )

    def sync(self, state) -> None:
        """Show the reasons chosen so far as on."""
        for button, reason in zip(self.buttons, self.reasons, strict=True):
            button.on = reason.key in state.reasons

    def enter(self) -> None:
        """Forget presses; what is on comes from the flow's state."""
        super().enter()
        for button in self.buttons:
            button.on = False

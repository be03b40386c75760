"""Follow-up reasons after a low rating: big toggle buttons, several may be chosen.

On a small screen the reasons are paged like the counters (each toggle stays 20 mm).
"""

from __future__ import annotations

from kiosk import theme, wording
from kiosk.intents import ToggleReason
from kiosk.screens.choices import ChoiceListScreen
from kiosk.widgets import Button


class ReasonsScreen(ChoiceListScreen):
    """One toggle per reason from the survey's [followup]; digit N toggles the N-th shown."""

    skip = wording.SKIP
    go_on = True

    def __init__(self, size: tuple[int, int], reasons) -> None:
        self.reasons = tuple(reasons)
        self._chosen: frozenset[str] = frozenset()
        super().__init__(size, wording.REASONS_TITLE)

    def entries(self) -> list:
        """Return the reasons, in the survey's order."""
        return list(self.reasons)

    def shape(self, count: int) -> tuple[int, int]:
        """Two or three to a row (one or two in portrait)."""
        if self.size[0] >= self.size[1]:
            columns = 3 if count > 6 else 2
        else:
            columns = 1 + (count > 5)
        return columns, max(1, -(-count // columns))

    def card(self, rect, entry, number: int) -> Button:
        """Return the toggle for one reason."""
        key = entry.key
        look = theme.current()
        button = Button(
            rect,
            entry.label,
            lambda channel: ToggleReason(key),
            look.choice,
            number=number,
            on_colour=look.toggle_on,
            min_size=self.label_floor,
        )
        button.on = key in self._chosen
        return button

    def _show_page(self) -> None:
        super()._show_page()
        self._mark()

    def _mark(self) -> None:
        for page in self._pages.values():
            for button, reason in zip(page, self._reasons_of(page), strict=True):
                button.on = reason.key in self._chosen

    def _reasons_of(self, page: list[Button]) -> list:
        index = next(i for i, shown in self._pages.items() if shown is page)
        per = self.per_page()
        return list(self.reasons[index * per : index * per + len(page)])

    def sync(self, state) -> None:
        """Show the reasons chosen so far as on."""
        self._chosen = frozenset(state.reasons)
        self._mark()

    def enter(self) -> None:
        """Forget presses; what is on comes from the flow's state."""
        self._chosen = frozenset()
        super().enter()
        self._mark()

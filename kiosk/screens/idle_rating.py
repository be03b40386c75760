"""The idle screen of a survey with ``rate_on_idle``: the first question's rating buttons wait
on screen, so that a vote is one tap from idle, as on the feedback terminals citizens know."""

from __future__ import annotations

from kiosk.screens.rating import RatingScreen


class IdleRatingScreen(RatingScreen):
    """The first question as the attract screen: a tap on a button starts the visit and rates."""

    def __init__(self, size: tuple[int, int], survey) -> None:
        super().__init__(size, survey, 0, back=False)
        self._drawn = False

    def enter(self) -> None:
        """Forget presses; draw once more."""
        super().enter()
        self._drawn = False

    def changed(self) -> bool:
        """Tell whether the screen needs drawing: once after it shows, and while pressed."""
        return not self._drawn or bool(self._pressed)

    def draw(self, surface) -> None:
        """Draw the question and its buttons."""
        super().draw(surface)
        self._drawn = True

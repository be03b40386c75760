"""The kiosk's screens for one snapshot, built lazily: the one shown now at once, the others one
per frame afterwards (or at once when the flow reaches one first), so no frame builds them all."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator


class ScreenSet:
    """Screens by key (a phase, or a question number), each made by its maker on first need."""

    def __init__(self, makers: dict[Hashable, Callable[[], object]], aliases: dict) -> None:
        self._makers = makers
        self._aliases = aliases  # another key for the same screen (Phase.RATE: question 0)
        self._built: dict = {}

    def put(self, key: Hashable, screen) -> None:
        """Use an already built ``screen`` for ``key``."""
        self._built[key] = screen

    def __getitem__(self, key: Hashable):
        key = self._aliases.get(key, key)
        screen = self._built.get(key)
        if screen is None:
            screen = self._built[key] = self._makers[key]()
        return screen

    def __contains__(self, key: Hashable) -> bool:
        return self._aliases.get(key, key) in self._makers

    @property
    def pending(self) -> bool:
        """Tell whether some screen is not built yet."""
        return len(self._built) < len(self._makers)

    def build_next(self) -> bool:
        """Build one screen not built yet (in the makers' order); False when none was left."""
        for key in self._makers:
            if key not in self._built:
                self[key]
                return True
        return False

    def items(self) -> Iterator[tuple[Hashable, object]]:
        """Yield (key, screen) for every named key (aliases too, not question numbers),
        building what is not built yet."""
        for key in [*self._makers, *self._aliases]:
            if not isinstance(key, int):
                yield key, self[key]

    def numbered(self) -> list:
        """Return the numbered screens (one per question) in order, building them."""
        return [self[key] for key in sorted(k for k in self._makers if isinstance(k, int))]

"""The kiosk's screens for one snapshot, built lazily: the one shown now at once, the others one
per frame afterwards (or at once when the flow reaches one first), so no frame builds them all.
A screen too slow to make in one frame (the information screen's pages) comes with a maker that
builds it in steps: each frame then runs its steps for a short time only."""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Hashable, Iterator
from typing import Any

# How long (seconds) one build_next() call runs a stepwise screen's steps before it returns:
# the frame also takes the step that crosses it (a step plans one page, a few ms).
STEP_BUDGET = 0.010

Steps = Generator[None, None, Any]


def finish(steps: Steps) -> Any:
    """Run the build ``steps`` to their end; return what they return (the screen, the plan)."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


class Stepwise:
    """A screen's maker that can also build it a few steps at a time: ``steps()`` returns a
    generator that yields between steps and returns the screen; calling it builds at once."""

    def __init__(self, steps: Callable[[], Steps]) -> None:
        self.steps = steps

    def __call__(self) -> object:
        """Build the screen at once."""
        return finish(self.steps())


class ScreenSet:
    """Screens by key (a phase, or a question number), each made by its maker on first need."""

    def __init__(self, makers: dict[Hashable, Callable[[], object]], aliases: dict) -> None:
        self._makers = makers
        self._aliases = aliases  # another key for the same screen (Phase.RATE: question 0)
        self._built: dict = {}
        self._building: dict[Hashable, Steps] = {}  # stepwise screens begun, not done

    def put(self, key: Hashable, screen) -> None:
        """Use an already built ``screen`` for ``key``."""
        self._building.pop(key, None)
        self._built[key] = screen

    def __getitem__(self, key: Hashable):
        key = self._aliases.get(key, key)
        screen = self._built.get(key)
        if screen is None:
            begun = self._building.pop(key, None)  # needed now: its remaining steps at once
            made = finish(begun) if begun is not None else self._makers[key]()
            screen = self._built[key] = made
        return screen

    def __contains__(self, key: Hashable) -> bool:
        return self._aliases.get(key, key) in self._makers

    @property
    def pending(self) -> bool:
        """Tell whether some screen is not built yet."""
        return len(self._built) < len(self._makers)

    def built(self, key: Hashable) -> bool:
        """Tell whether the screen for ``key`` is built (not merely begun)."""
        return self._aliases.get(key, key) in self._built

    @property
    def building(self) -> Hashable | None:
        """Return the key of the screen being built in steps (begun, not done), else None."""
        return next(iter(self._building), None)

    def build_next(self, budget: float | None = None) -> bool:
        """Build one screen not built yet (in the makers' order), or run a stepwise one's steps
        for about ``budget`` seconds (STEP_BUDGET; at least one step); False when none was left."""
        for key, maker in self._makers.items():
            if key in self._built:
                continue
            steps = getattr(maker, "steps", None)
            if steps is None:
                self[key]
                return True
            work = self._building.get(key)
            if work is None:
                work = self._building[key] = steps()
            deadline = time.perf_counter() + (STEP_BUDGET if budget is None else budget)
            try:
                while True:
                    next(work)
                    if time.perf_counter() >= deadline:
                        return True
            except StopIteration as done:
                del self._building[key]
                self._built[key] = done.value
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

"""The visitor's path as a pure state machine: attract -> rate -> saving -> thanks/error -> attract.

No pygame, no store: the flow takes intents and elapsed time and returns a new state plus
effects (``CommitVote``) that the app carries out, reporting the outcome with ``vote_saved`` or
``vote_failed``. Only ``vote_saved`` leads to the thank-you screen.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from kiosk.intents import Activity, Begin, CommitVote, Intent, RatingChosen


class Phase(StrEnum):
    """Which screen the kiosk shows."""

    ATTRACT = "attract"
    RATE = "rate"
    SAVING = "saving"
    THANKS = "thanks"
    ERROR = "error"


@dataclass(frozen=True)
class Timing:
    """How long each phase lasts; all in seconds."""

    idle_seconds: float = 30.0
    thanks_seconds: float = 4.0
    error_seconds: float = 15.0
    warning_seconds: float = 10.0
    # A rating screen ignores choices for this long after it opens, so the second tap of a
    # double tap on the attract screen cannot cast a vote the visitor never saw.
    arm_seconds: float = 0.3

    @classmethod
    def from_settings(cls, kiosk) -> Timing:
        """Build the timing from ``settings.kiosk`` (idle and thanks seconds)."""
        idle = float(kiosk.idle_seconds)
        return cls(
            idle_seconds=idle,
            thanks_seconds=float(kiosk.thanks_seconds),
            warning_seconds=min(10.0, idle / 3),
        )


@dataclass(frozen=True)
class State:
    """Where the visitor is: phase, seconds since it began, seconds since the last input."""

    phase: Phase = Phase.ATTRACT
    age: float = 0.0
    idle: float = 0.0
    pending: CommitVote | None = None


ATTRACT = State()


class Flow:
    """Pure transitions of the kiosk for a survey with ``level_count`` buttons."""

    def __init__(self, level_count: int, timing: Timing | None = None) -> None:
        self.level_count = level_count
        self.timing = timing or Timing()

    def start(self) -> State:
        """Return the state the kiosk starts in (the attract screen, no visitor)."""
        return ATTRACT

    def handle(self, state: State, intent: Intent) -> tuple[State, tuple[CommitVote, ...]]:
        """Apply a visitor's intent; return the new state and the effects to carry out."""
        phase = state.phase
        if isinstance(intent, Begin) and phase in (Phase.ATTRACT, Phase.ERROR):
            return State(Phase.RATE), ()
        if phase is not Phase.RATE:
            return state, ()
        if isinstance(intent, Activity):
            return replace(state, idle=0.0), ()
        if isinstance(intent, RatingChosen):
            if state.age < self.timing.arm_seconds or not 0 <= intent.index < self.level_count:
                return replace(state, idle=0.0), ()
            vote = CommitVote(intent.index, intent.channel)
            return State(Phase.SAVING, pending=vote), (vote,)
        return state, ()

    def tick(self, state: State, dt: float) -> State:
        """Let ``dt`` seconds pass: time out the rating, thanks and error screens."""
        if state.phase in (Phase.ATTRACT, Phase.SAVING):
            return state
        aged = replace(state, age=state.age + dt, idle=state.idle + dt)
        limit = {
            Phase.RATE: (aged.idle, self.timing.idle_seconds),
            Phase.THANKS: (aged.age, self.timing.thanks_seconds),
            Phase.ERROR: (aged.age, self.timing.error_seconds),
        }[state.phase]
        return ATTRACT if limit[0] >= limit[1] else aged

    def vote_saved(self, state: State) -> State:
        """The pending vote is on disk: thank the visitor."""
        if state.phase is not Phase.SAVING:
            raise ValueError(f"no vote is being saved (phase {state.phase})")
        return State(Phase.THANKS)

    def vote_failed(self, state: State) -> State:
        """The pending vote could not be stored: say so, never thank."""
        if state.phase is not Phase.SAVING:
            raise ValueError(f"no vote is being saved (phase {state.phase})")
        return State(Phase.ERROR)

    def seconds_left(self, state: State) -> float | None:
        """Return the seconds before an idle rating screen resets, or None outside it."""
        if state.phase is not Phase.RATE:
            return None
        return max(0.0, self.timing.idle_seconds - state.idle)

    def warning_left(self, state: State) -> int | None:
        """Return the whole seconds of idle countdown to show, or None when no warning is due."""
        left = self.seconds_left(state)
        if left is None or left > self.timing.warning_seconds:
            return None
        return max(1, int(left + 0.999))

"""The visitor's path as a pure state machine.

attract -> [counter] -> [official] -> question 1..N -> [reasons -> apology -> phone -> consent ->
comment] (only after a low overall rating) -> [dossier] -> saving -> thanks / error -> attract,
and attract -> public information -> attract. Steps in brackets are opt-in in the survey.

No pygame, no store: the flow takes intents and elapsed time and returns a new state plus effects
(``CommitVisit``) that the app carries out, reporting the outcome with ``vote_saved`` or
``vote_failed``. Only ``vote_saved`` leads to the thank-you screen. Every per-visitor answer lives
in the state, so going back to the attract screen forgets the visitor completely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum

from kiosk.intents import (
    Back,
    Begin,
    CommitVisit,
    Confirm,
    Consent,
    Edited,
    Intent,
    NotApplicable,
    OpenInfo,
    Picked,
    RatingChosen,
    Scanned,
    Skip,
    ToggleReason,
)
from kiosk.roster import EMPTY, Roster
from lobby.visit_limits import COMMENT_MAX, DOSSIER_MAX, PHONE_DIGITS, valid_phone


class Phase(StrEnum):
    """Which screen the kiosk shows."""

    ATTRACT = "attract"
    INFO = "info"
    COUNTER = "counter"
    OFFICIAL = "official"
    RATE = "rate"
    REASONS = "reasons"
    APOLOGY = "apology"
    PHONE = "phone"
    CONSENT = "consent"
    COMMENT = "comment"
    DOSSIER = "dossier"
    SAVING = "saving"
    THANKS = "thanks"
    ERROR = "error"


# The steps of a visit in order; RATE stands for every question in turn.
STEPS = (
    Phase.COUNTER,
    Phase.OFFICIAL,
    Phase.RATE,
    Phase.REASONS,
    Phase.APOLOGY,
    Phase.PHONE,
    Phase.CONSENT,
    Phase.COMMENT,
    Phase.DOSSIER,
)
# The steps only a low overall rating opens.
FOLLOW_UP = frozenset({Phase.REASONS, Phase.APOLOGY, Phase.PHONE, Phase.CONSENT, Phase.COMMENT})
# Phases where a visitor is expected to act: the idle warning and reset apply.
VISITOR_PHASES = frozenset(STEPS) | {Phase.INFO}
# The answer index of "Không áp dụng" (a question that does not fit the visit).
NOT_APPLICABLE = -1
# Notices about a scanned code: they last until the visitor's next act.
SCAN_NOTICES = frozenset({"scanned", "scan_refused"})
# The dossier codes accepted when the office sets no pattern of its own.
DEFAULT_DOSSIER_PATTERN = r"[0-9A-Z]+(\.[0-9A-Z]+)*-[0-9]{6}-[0-9]{3,6}|[0-9]{4,30}"


@dataclass(frozen=True)
class Timing:
    """How long each phase lasts; all in seconds."""

    idle_seconds: float = 30.0
    thanks_seconds: float = 4.0
    error_seconds: float = 15.0
    warning_seconds: float = 10.0
    # A choice screen ignores choices for this long after it opens, so the second tap of a
    # double tap cannot choose something on a screen the visitor never saw.
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
    """Where the visitor is, how long they have been there, and everything they answered."""

    phase: Phase = Phase.ATTRACT
    age: float = 0.0
    idle: float = 0.0
    question: int = 0
    channel: str = "touch"
    counter: str | None = None
    official: str | None = None
    answers: tuple[int, ...] = ()
    reasons: tuple[str, ...] = ()
    phone: str = ""
    consent: bool = False
    comment: str = ""
    dossier: str = ""
    # The dossier code came from a scanner: the dossier step is not asked.
    scanned: bool = False
    # The last code a scanner typed (shown in the notice that took or refused it).
    scan: str = ""
    # The short code of the visit just kept, which the thank-you screen shows.
    visit_code: str = ""
    # A short problem to show on the current step (a phone number too short, a scanned code
    # refused) or a confirmation ("scanned"); None when there is nothing to say.
    notice: str | None = None
    pending: CommitVisit | None = None


ATTRACT = State()


class Flow:
    """Pure transitions of the kiosk for one survey and one roster of counters and officials."""

    def __init__(
        self,
        survey,
        timing: Timing | None = None,
        roster: Roster = EMPTY,
        dossier_pattern: str = DEFAULT_DOSSIER_PATTERN,
    ) -> None:
        self.survey = survey
        self.timing = timing or Timing()
        self.roster = roster
        self.dossier_pattern = re.compile(dossier_pattern)

    def dossier_ok(self, code: str) -> bool:
        """Tell whether ``code`` has the pattern of the office's dossier codes."""
        return self.dossier_pattern.fullmatch(code.strip().upper()) is not None

    def start(self) -> State:
        """Return the state the kiosk starts in (the attract screen, no visitor)."""
        return ATTRACT

    # -- which steps this visit has -------------------------------------------------------

    def is_low(self, state: State) -> bool:
        """Tell whether the overall answer opens the follow-up."""
        if not state.answers:
            return False
        return self.survey.is_low(self.survey.overall.levels[state.answers[0]].key)

    def may_show(self, phase: Phase) -> bool:
        """Tell whether the survey has the step ``phase`` at all: some visitor may reach it,
        whatever they answer, when counters and officials are listed."""
        s, follow = self.survey, self.survey.followup
        asked = {
            Phase.COUNTER: s.ask_counter,
            Phase.OFFICIAL: s.ask_official or s.ask_counter,
            Phase.RATE: True,
            Phase.REASONS: follow.enabled and bool(follow.reasons),
            Phase.APOLOGY: follow.enabled,
            Phase.PHONE: follow.enabled and follow.callback,
            Phase.CONSENT: follow.enabled and follow.callback,
            Phase.COMMENT: follow.enabled and follow.comment,
            Phase.DOSSIER: s.ask_dossier,
        }
        return bool(asked.get(phase, False))

    def _enabled(self, phase: Phase, state: State) -> bool:
        """Tell whether this visitor reaches the step ``phase``."""
        if not self.may_show(phase):
            return False
        if phase is Phase.COUNTER:
            # A kiosk standing at a counter (or a unit) knows where the visitor was served.
            return bool(self.roster.counters) and not self.roster.tied
        if phase is Phase.OFFICIAL:
            return bool(self.roster.officials_for(state.counter))
        if phase is Phase.CONSENT:
            return self.is_low(state) and bool(state.phone)
        if phase is Phase.DOSSIER:
            return not state.scanned
        if phase in FOLLOW_UP:
            return self.is_low(state)
        return True

    def _enter(self, state: State, phase: Phase, question: int = 0) -> State:
        return replace(state, phase=phase, question=question, age=0.0, idle=0.0, notice=None)

    def asked(self, state: State) -> int:
        """Return how many questions this visitor is asked: only the first when the survey asks
        the rest after a low first answer and the first was not low."""
        count = len(self.survey.questions)
        if self.survey.rest_after_low and state.answers and not self.is_low(state):
            return 1
        return count

    def progress(self, state: State) -> tuple[int, int] | None:
        """Return (this step's number, how many steps) for "Bước 3/6", counting each question
        and the steps this visitor reaches as far as the answers so far tell; None outside a
        visit's steps."""
        if state.phase not in STEPS:
            return None
        numbers: list[tuple[Phase, int]] = []
        for phase in STEPS:
            if phase is Phase.RATE:
                numbers += [(Phase.RATE, q) for q in range(self.asked(state))]
            elif self._enabled(phase, state) or phase is state.phase:
                numbers.append((phase, 0))
        here = (state.phase, state.question if state.phase is Phase.RATE else 0)
        return numbers.index(here) + 1, len(numbers)

    def _forward(self, state: State) -> tuple[State, tuple[CommitVisit, ...]]:
        """Go to the step after the current one, or commit the visit after the last."""
        if state.phase is Phase.RATE and state.question + 1 < self.asked(state):
            return self._enter(state, Phase.RATE, state.question + 1), ()
        start = STEPS.index(state.phase) + 1 if state.phase in STEPS else 0
        for phase in STEPS[start:]:
            if self._enabled(phase, state):
                return self._enter(state, phase), ()
        return self._commit(state)

    def _backward(self, state: State) -> State:
        """Go to the step before the current one, or to the attract screen from the first."""
        if state.phase is Phase.RATE and state.question > 0:
            return self._enter(state, Phase.RATE, state.question - 1)
        if state.phase not in STEPS:
            return ATTRACT
        for phase in reversed(STEPS[: STEPS.index(state.phase)]):
            if self._enabled(phase, state):
                last = self.asked(state) - 1 if phase is Phase.RATE else 0
                return self._enter(state, phase, last)
        return ATTRACT

    def _commit(self, state: State) -> tuple[State, tuple[CommitVisit, ...]]:
        low = self.is_low(state)
        keep_phone = low and state.consent and valid_phone(state.phone)
        visit = CommitVisit(
            answers=state.answers,
            channel=state.channel,
            counter=state.counter,
            official=state.official,
            reasons=state.reasons if low else (),
            comment=state.comment.strip() if low else "",
            phone=state.phone if keep_phone else "",
            consent=keep_phone,
            dossier=state.dossier,
        )
        return State(Phase.SAVING, pending=visit), (visit,)

    def _begin(self, channel: str) -> State:
        """Return a new visitor's state: at a tied kiosk, already at its counter."""
        place = self.roster.place if self.roster.tied else None
        return replace(ATTRACT, channel=channel, counter=place.counter if place else None)

    # -- intents --------------------------------------------------------------------------

    def handle(self, state: State, intent: Intent) -> tuple[State, tuple[CommitVisit, ...]]:
        """Apply a visitor's intent; return the new state and the effects to carry out."""
        phase = state.phase
        if phase in (Phase.ATTRACT, Phase.ERROR):
            if isinstance(intent, Begin):
                return self._forward(self._begin(intent.channel))
            if isinstance(intent, OpenInfo) and phase is Phase.ATTRACT:
                return self._enter(ATTRACT, Phase.INFO), ()
            rated = isinstance(intent, RatingChosen) and self.survey.rate_on_idle
            if rated and phase is Phase.ATTRACT:
                # The rating faces on the idle screen: one tap starts the visit and rates.
                begun, effects = self._forward(self._begin(intent.channel))
                if begun.phase is not Phase.RATE or effects:
                    return begun, effects
                ready = replace(begun, age=self.timing.arm_seconds)
                return self.handle(ready, intent)
            if isinstance(intent, Scanned):
                # A code scanned on the attract screen starts the visit with it.
                begun, effects = self._forward(self._begin("key"))
                return self._scanned(begun, intent.code), effects
            return state, ()
        if phase not in VISITOR_PHASES:
            return state, ()
        notice = None if state.notice in SCAN_NOTICES else state.notice
        awake = replace(state, idle=0.0, notice=notice)
        if isinstance(intent, Scanned):
            if phase is Phase.INFO:
                return awake, ()
            taken = self._scanned(awake, intent.code)
            if phase is Phase.DOSSIER and taken.scanned:
                return self._forward(taken)
            return taken, ()
        if isinstance(intent, Back):
            return self._backward(state), ()
        if phase is Phase.INFO:
            return awake, ()
        armed = state.age >= self.timing.arm_seconds
        if isinstance(intent, RatingChosen) and phase is Phase.RATE:
            levels = self.survey.questions[state.question].levels
            if not armed or not 0 <= intent.index < len(levels):
                return awake, ()
            answers = state.answers[: state.question] + (intent.index,)
            return self._forward(replace(awake, answers=answers, channel=intent.channel))
        if isinstance(intent, NotApplicable) and phase is Phase.RATE:
            if not armed or not self.survey.questions[state.question].not_applicable:
                return awake, ()
            answers = state.answers[: state.question] + (NOT_APPLICABLE,)
            return self._forward(replace(awake, answers=answers, channel=intent.channel))
        if isinstance(intent, Picked) and phase in (Phase.COUNTER, Phase.OFFICIAL):
            if not armed:
                return awake, ()
            if phase is Phase.COUNTER:
                known = {c.code for c in self.roster.counters}
                if intent.code is not None and intent.code not in known:
                    return awake, ()
                # A new counter means a new list of officials: forget an official picked before.
                return self._forward(replace(awake, counter=intent.code, official=None))
            known = {o.code for o in self.roster.officials_for(state.counter)}
            if intent.code is not None and intent.code not in known:
                return awake, ()
            return self._forward(replace(awake, official=intent.code))
        if isinstance(intent, ToggleReason) and phase is Phase.REASONS:
            keys = [r.key for r in self.survey.followup.reasons]
            if intent.key not in keys:
                return awake, ()
            chosen = set(state.reasons) ^ {intent.key}
            return replace(awake, reasons=tuple(k for k in keys if k in chosen)), ()
        if isinstance(intent, Edited):
            return self._edit(awake, intent.text), ()
        if isinstance(intent, Consent) and phase is Phase.CONSENT:
            if intent.given:
                return self._forward(replace(awake, consent=True))
            return self._forward(replace(awake, consent=False, phone=""))
        if isinstance(intent, Skip):
            return self._skip(awake)
        if isinstance(intent, Confirm):
            return self._confirm(awake)
        return awake, ()

    def _scanned(self, state: State, code: str) -> State:
        """Keep a scanned dossier code when it has the office's pattern (and say so), else
        refuse it; nothing else the visitor answered changes."""
        code = code.strip().upper()[:DOSSIER_MAX]
        if not self.dossier_ok(code):
            return replace(state, scan=code, notice="scan_refused")
        return replace(state, dossier=code, scanned=True, scan=code, notice="scanned")

    def _edit(self, state: State, text: str) -> State:
        if state.phase is Phase.PHONE:
            digits = "".join(ch for ch in text if "0" <= ch <= "9")[: PHONE_DIGITS[1]]
            return replace(state, phone=digits, consent=False, notice=None)
        if state.phase is Phase.DOSSIER:
            return replace(state, dossier=text.strip().upper()[:DOSSIER_MAX], notice=None)
        if state.phase is Phase.COMMENT:
            return replace(state, comment=text[:COMMENT_MAX], notice=None)
        return state

    def _skip(self, state: State) -> tuple[State, tuple[CommitVisit, ...]]:
        cleared = {
            Phase.COUNTER: {"counter": None, "official": None},
            Phase.OFFICIAL: {"official": None},
            Phase.REASONS: {"reasons": ()},
            Phase.PHONE: {"phone": "", "consent": False},
            Phase.CONSENT: {"phone": "", "consent": False},
            Phase.COMMENT: {"comment": ""},
            Phase.DOSSIER: {"dossier": "", "scanned": False},
        }.get(state.phase)
        if cleared is None:
            return state, ()
        return self._forward(replace(state, **cleared))

    def _confirm(self, state: State) -> tuple[State, tuple[CommitVisit, ...]]:
        phase = state.phase
        if phase in (Phase.RATE, Phase.COUNTER, Phase.OFFICIAL, Phase.CONSENT):
            return state, ()  # these steps go on only with a choice
        if phase is Phase.PHONE and state.phone and not valid_phone(state.phone):
            return replace(state, notice="phone"), ()
        if phase is Phase.DOSSIER and state.dossier and not self.dossier_ok(state.dossier):
            return replace(state, notice="dossier"), ()
        return self._forward(state)

    # -- time and outcome -----------------------------------------------------------------

    def tick(self, state: State, dt: float) -> State:
        """Let ``dt`` seconds pass: time out idle visitor screens, thanks and error."""
        if state.phase in (Phase.ATTRACT, Phase.SAVING):
            return state
        aged = replace(state, age=state.age + dt, idle=state.idle + dt)
        if state.phase is Phase.THANKS:
            return ATTRACT if aged.age >= self.timing.thanks_seconds else aged
        if state.phase is Phase.ERROR:
            return ATTRACT if aged.age >= self.timing.error_seconds else aged
        return ATTRACT if aged.idle >= self.timing.idle_seconds else aged

    def vote_saved(self, state: State, visit_code: str = "") -> State:
        """The pending visit is durable: thank the visitor, saying whether the office calls
        back (``consent``) and the visit's short code."""
        if state.phase is not Phase.SAVING:
            raise ValueError(f"no vote is being saved (phase {state.phase})")
        called = state.pending is not None and state.pending.consent
        return State(Phase.THANKS, consent=called, visit_code=visit_code)

    def vote_failed(self, state: State) -> State:
        """The pending visit could not be kept: say so, never thank."""
        if state.phase is not Phase.SAVING:
            raise ValueError(f"no vote is being saved (phase {state.phase})")
        return State(Phase.ERROR)

    def seconds_left(self, state: State) -> float | None:
        """Return the seconds before an idle visitor screen resets, or None outside one."""
        if state.phase not in VISITOR_PHASES:
            return None
        return max(0.0, self.timing.idle_seconds - state.idle)

    def warning_left(self, state: State) -> int | None:
        """Return the whole seconds of idle countdown to show, or None when no warning is due."""
        left = self.seconds_left(state)
        if left is None or left > self.timing.warning_seconds:
            return None
        return max(1, int(left + 0.999))

"""The kiosk application: routes events to the current screen, runs the flow, commits votes."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable

import pygame

from kiosk import fonts, inputs
from kiosk.flow import Flow, Phase, State, Timing
from kiosk.intents import CommitVote
from kiosk.screens.attract import AttractScreen
from kiosk.screens.error import ErrorScreen
from kiosk.screens.rating import RatingScreen
from kiosk.screens.thanks import ThanksScreen
from lobby.store import StoreError

log = logging.getLogger(__name__)

PhaseListener = Callable[[Phase, Phase], None]


class KioskApp:
    """One kiosk: a survey, a store and a surface to draw on.

    ``step(events, dt)`` runs one frame and is all tests and benchmarks need; ``run()`` is the
    real loop. Staff leave full screen with the hidden key Ctrl+Alt+Q (or a window's close box).
    """

    def __init__(self, settings, store, survey, surface: pygame.Surface) -> None:
        self.settings = settings
        self.store = store
        self.survey = survey
        self.surface = surface
        # Resolved once: the frame loop must not read the store except to commit a vote.
        self.device_id = settings.kiosk.device_id or store.device_id()
        self.flow = Flow(len(survey.levels), Timing.from_settings(settings.kiosk))
        self.state: State = self.flow.start()
        self.running = True
        self._listeners: list[PhaseListener] = []
        self._warn_missing_glyphs()
        self._build(surface.get_size())

    def _warn_missing_glyphs(self) -> None:
        office = self.settings.office
        shown = " ".join(
            [office.parent, office.name, self.survey.question]
            + [level.label for level in self.survey.levels]
        )
        missing = fonts.missing_glyphs(shown)
        if missing:
            log.warning(
                "phông chữ kiosk thiếu ký tự %s: chúng sẽ hiện thành ô trống", " ".join(missing)
            )

    def _build(self, size: tuple[int, int]) -> None:
        kiosk = self.settings.kiosk
        self.size = size
        self.screens = {
            Phase.ATTRACT: AttractScreen(
                size, self.settings.office.parent, self.settings.office.name
            ),
            Phase.RATE: RatingScreen(size, self.survey),
            Phase.THANKS: ThanksScreen(size, float(kiosk.thanks_seconds)),
            Phase.ERROR: ErrorScreen(size, self.flow.timing.error_seconds),
        }
        self.screens[Phase.SAVING] = self.screens[Phase.RATE]
        self.screen.enter()

    @property
    def phase(self) -> Phase:
        """Return the phase the kiosk is in (which screen shows)."""
        return self.state.phase

    @property
    def screen(self):
        """Return the screen currently shown."""
        return self.screens[self.state.phase]

    def add_phase_listener(self, listener: PhaseListener) -> None:
        """Call ``listener(old, new)`` on every phase change, before the new screen is drawn."""
        self._listeners.append(listener)

    def _set_state(self, state: State) -> None:
        old = self.state.phase
        self.state = state
        if state.phase is not old:
            if self.screens[state.phase] is not self.screens[old]:
                self.screen.enter()
            for listener in self._listeners:
                listener(old, state.phase)

    def _commit(self, vote: CommitVote) -> None:
        level = self.survey.levels[vote.level_index]
        try:
            self.store.record_response(
                survey_id=self.survey.id,
                level_key=level.key,
                level_index=vote.level_index,
                level_label=level.label,
                channel=vote.channel,
                device_id=self.device_id,
            )
        except StoreError:
            log.exception("chưa ghi được đánh giá %r; hiện màn hình báo lỗi", level.key)
            self._set_state(self.flow.vote_failed(self.state))
            return
        self._set_state(self.flow.vote_saved(self.state))

    def handle(self, event: pygame.event.Event) -> None:
        """Route one event: quitting, or the current screen's intent through the flow."""
        if event.type == pygame.QUIT or inputs.is_admin_exit(event):
            self.running = False
            return
        intent = self.screen.handle_event(event)
        if intent is None:
            return
        state, effects = self.flow.handle(self.state, intent)
        self._set_state(state)
        for effect in effects:
            self._commit(effect)

    def step(self, events: Iterable[pygame.event.Event], dt: float) -> None:
        """Run one frame: handle ``events``, let ``dt`` seconds pass, draw the current screen."""
        if self.surface.get_size() != self.size:
            self._build(self.surface.get_size())
        for event in events:
            self.handle(event)
        self._set_state(self.flow.tick(self.state, dt))
        if self.state.phase is Phase.RATE:
            self.screens[Phase.RATE].set_countdown(self.flow.warning_left(self.state))
        self.screen.update(dt)
        self.screen.draw(self.surface)

    def run(self, stop: threading.Event | None = None) -> None:
        """Run until QUIT, Ctrl+Alt+Q or ``stop`` is set, at ``settings.kiosk.fps`` per second."""
        clock = pygame.time.Clock()
        fps = int(self.settings.kiosk.fps)
        clock.tick(fps)
        while self.running and not (stop is not None and stop.is_set()):
            dt = clock.tick(fps) / 1000
            self.step(pygame.event.get(), dt)
            pygame.display.flip()

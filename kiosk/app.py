"""The kiosk application: routes events to the current screen, runs the flow, records visits.

The frame loop never waits on the store: visits go to the recorder (kiosk/recorder.py), which
makes them durable in a background thread, and the survey, officials and public information
come from the loader (kiosk/loader.py), taken only between visitors. Screens are built when
first needed or one per frame ahead of that (kiosk/screenset.py), never all in one frame;
kiosk/phase_screens.py says which screen shows each phase.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable

import pygame

from kiosk import fonts, inputs, theme
from kiosk.boot import kiosk_device_id
from kiosk.flow import VISITOR_PHASES, Flow, Phase, State, Timing
from kiosk.intents import CommitVisit, Repeat, Scanned
from kiosk.loader import Loader, Snapshot
from kiosk.memory import release_free_memory
from kiosk.phase_screens import ScreenSources, screen_set
from kiosk.placement import PlacedLoader
from kiosk.recorder import DURABLE, FAILED, VisitRecorder, recorder_store
from kiosk.scanner import ScanReader
from kiosk.screens import step
from kiosk.screens.attract import AttractScreen
from kiosk.screenset import ScreenSet
from kiosk.speech import Speaker
from kiosk.visit_to_record import build_visit, visit_code
from kiosk.wording import notice_text
from lobby.journal import Journal
from lobby.sd_notify import Notifier
from lobby.store import StoreError

log = logging.getLogger(__name__)

PhaseListener = Callable[[Phase, Phase], None]
# A frame that took longer (a stall) counts as this long: stalled time is nobody's screen time.
MAX_FRAME_SECONDS = 0.25


class KioskApp:
    """One kiosk: a survey, a store and a surface to draw on.

    ``step(events, dt)`` runs one frame and is all tests and benchmarks need; ``run()`` is the
    real loop. Staff leave full screen with the hidden key Ctrl+Alt+Q (or a window's close box).
    """

    def __init__(
        self,
        settings,
        store,
        survey,
        surface: pygame.Surface,
        *,
        recorder: VisitRecorder | None = None,
        loader: Loader | None = None,
        first_screen: AttractScreen | None = None,
        device_id: str | None = None,
    ) -> None:
        self.settings = settings
        self.store = store
        self.surface = surface
        # Resolved once: the frame loop must not read the store.
        self.device_id = device_id or kiosk_device_id(settings, store)
        self.timing = Timing.from_settings(settings.kiosk)
        self.loader = loader or PlacedLoader(store, survey, settings.path(settings.kiosk.survey))
        self.loader.device_id = self.device_id
        try:
            # A loader given already loaded (kiosk.main reads the store off the frame loop).
            snapshot = self.loader.take() or self.loader.load()
            self.loader.take()
        except StoreError:
            log.exception("chưa đọc được dữ liệu kiosk từ kho; chạy với khảo sát trong tệp")
            snapshot = Snapshot(survey, 0)
        self.snapshot = snapshot
        self.flow = self._flow(snapshot)
        self.scanner = ScanReader()
        self._clock = 0.0  # seconds of frames run: the scanner's clock
        self._own_recorder = recorder is None
        self.recorder = recorder or VisitRecorder(
            recorder_store(settings.store_url, settings.office.timezone),
            Journal(settings.path(settings.kiosk.journal)),
            repeat_interval_seconds=settings.kiosk.repeat_interval_seconds,
            save_timeout_seconds=settings.kiosk.save_timeout_seconds,
        )
        self.recorder.start()
        self.speaker = Speaker.from_settings(settings.kiosk)
        self._saving: str | None = None
        self._next: tuple | None = None
        self._built_since_trim = True
        self.state: State = self.flow.start()
        self.running = True
        self._listeners: list[PhaseListener] = []
        self._drawn = None  # the screen drawn last; ``drew``: whether the last step drew
        self.drew = False
        self.dirty: pygame.Rect | None = None  # set when only this part was redrawn
        self._warn_missing_glyphs()
        theme.configure(settings.kiosk)  # theme, text scale and the screen's size in mm
        step.show_keys(settings.kiosk.keypad)
        step.show_repeat(self.speaker.available)  # "Nghe lại" only where prompts are spoken
        self._build(surface.get_size(), first_screen)
        self.speaker.attach(self)

    def _flow(self, snapshot: Snapshot) -> Flow:
        """Return the flow of a snapshot's survey and roster with this office's settings."""
        pattern = self.settings.kiosk.dossier_pattern
        return Flow(snapshot.survey, self.timing, snapshot.roster, dossier_pattern=pattern)

    @property
    def survey(self):
        """Return the survey the current (or next) visitor answers."""
        return self.flow.survey

    def _warn_missing_glyphs(self) -> None:
        office = self.settings.office
        survey = self.survey
        shown = " ".join(
            [office.parent, office.name]
            + [q.text for q in survey.questions]
            + [level.label for q in survey.questions for level in q.levels]
            + [r.label for r in survey.followup.reasons]
        )
        missing = fonts.missing_glyphs(shown)
        if missing:
            log.warning(
                "phông chữ kiosk thiếu ký tự %s: chúng sẽ hiện thành ô trống", " ".join(missing)
            )

    def _screen_set(self, size: tuple[int, int], snap: Snapshot, flow: Flow) -> ScreenSet:
        """Return the screens of ``snap``, not built yet: the attract screen first, then the
        first question's (what a visitor reaches first), then the rest."""
        office = self.settings.office
        sources = ScreenSources(
            flow.survey,
            roster=snap.roster,
            photos=snap.photos,
            public_items=snap.public_items,
            # QR codes lead to the public page /cong-khai when the admin has a public address.
            public_url=self.settings.admin.public_url,
            office_parent=office.parent,
            office_name=office.name,
            thanks_seconds=float(self.settings.kiosk.thanks_seconds),
            callback_days=int(self.settings.kiosk.callback_days),
            error_seconds=flow.timing.error_seconds,
        )
        return screen_set(size, sources)

    def _install(self, made: ScreenSet, snap: Snapshot, flow: Flow, size: tuple[int, int]) -> None:
        self.size, self.snapshot, self.flow = size, snap, flow
        self.screens = made
        self.screen.enter()
        self._sync()

    @property
    def rating_screens(self) -> list:
        """Return the rating screens, one per question (building any not built yet)."""
        return self.screens.numbered()

    def _build(self, size: tuple[int, int], attract: AttractScreen | None = None) -> None:
        """Make the screens for ``size`` (at start and when the window changes size): the one
        shown now at once, the others one per frame in ``step``. ``attract``: an attract screen
        already drawn, kept when it fits."""
        self._next = None
        made = self._screen_set(size, self.snapshot, self.flow)
        if attract is not None and attract.size == size and not self.survey.rate_on_idle:
            if (attract.info_button is not None) == bool(self.snapshot.public_items):
                made.put(Phase.ATTRACT, attract)
                self._drawn = attract  # already on the display: no full redraw needed
        self._install(made, self.snapshot, self.flow, size)

    @property
    def phase(self) -> Phase:
        """Return the phase the kiosk is in (which screen shows)."""
        return self.state.phase

    def screen_for(self, state: State):
        """Return the screen that shows ``state`` (built now if it was not yet)."""
        if state.phase is Phase.RATE:
            return self.screens[state.question]
        return self.screens[state.phase]

    @property
    def screen(self):
        """Return the screen currently shown."""
        return self.screen_for(self.state)

    def add_phase_listener(self, listener: PhaseListener) -> None:
        """Call ``listener(old, new)`` on every phase change, before the new screen is drawn."""
        self._listeners.append(listener)

    def _sync(self) -> None:
        sync = getattr(self.screen, "sync", None)
        if sync is not None:
            sync(self.state)
        show = getattr(self.screen, "show_notice", None)
        if show is not None:
            show(notice_text(self.state))
        progress = getattr(self.screen, "set_progress", None)
        if progress is not None:
            progress(self.flow.progress(self.state))

    def _set_state(self, state: State) -> None:
        old_state, self.state = self.state, state
        old, new = old_state.phase, state.phase
        if self.screen_for(old_state) is not self.screen_for(state):
            self.screen.enter()
        self._sync()
        if new is not old:
            for listener in self._listeners:
                listener(old, new)

    def _take_snapshot(self) -> bool:
        """Build the screens of a newer snapshot, one screen (or a part of a stepwise one) per
        frame while no one is using the kiosk, then switch to them: a visitor keeps the survey
        and lists they started with. Return whether this frame had such work."""
        if self.state.phase is not Phase.ATTRACT:
            return False
        if self._next is None:
            snapshot = self.loader.take()
            if snapshot is None:
                return False
            flow = self._flow(snapshot)
            self._next = (snapshot, flow, self._screen_set(self.size, snapshot, flow))
        snapshot, flow, made = self._next
        if made.build_next():
            return True
        self._next = None
        if snapshot.survey != self.survey:
            log.info(
                "áp dụng khảo sát %s phiên bản %d", snapshot.survey.id, snapshot.survey_version
            )
        self._install(made, snapshot, flow, self.size)
        return True

    def _commit(self, visit: CommitVisit) -> None:
        record = build_visit(
            visit,
            self.survey,
            self.snapshot.survey_version,
            self.device_id,
            self.flow.roster,
        )
        self._saving = record.id
        self.recorder.submit(record)

    def _poll_outcome(self) -> None:
        if self.state.phase is not Phase.SAVING or self._saving is None:
            return
        outcome = self.recorder.outcome(self._saving)
        if outcome == DURABLE:
            code = visit_code(self._saving)
            self._saving = None
            self._set_state(self.flow.vote_saved(self.state, code))
        elif outcome == FAILED:
            log.error(
                "không ghi được lượt đánh giá %s ở đâu cả; hiện màn hình báo lỗi", self._saving
            )
            self._saving = None
            self._set_state(self.flow.vote_failed(self.state))

    def scanned(self, code: str) -> None:
        """A scanner typed ``code``: the flow keeps it as the dossier code or refuses it."""
        state, effects = self.flow.handle(self.state, Scanned(code))
        self._set_state(state)
        for effect in effects:
            self._commit(effect)

    def handle(self, event: pygame.event.Event) -> None:
        """Route one event: quitting, or the current screen's intent through the flow."""
        if event.type == pygame.QUIT or inputs.is_admin_exit(event):
            self.running = False
            return
        if inputs.is_repeat_request(event):
            self.speaker.repeat()
            return
        intent = self.screen.handle_event(event)
        if intent is None:
            return
        if isinstance(intent, Repeat):
            self.speaker.repeat()  # and the flow counts it as activity
        state, effects = self.flow.handle(self.state, intent)
        self._set_state(state)
        for effect in effects:
            self._commit(effect)

    def step(self, events: Iterable[pygame.event.Event], dt: float) -> None:
        """Run one frame: handle ``events``, let ``dt`` seconds pass, draw the current screen."""
        dt = min(max(0.0, dt), MAX_FRAME_SECONDS)
        if self.surface.get_size() != self.size:
            self._build(self.surface.get_size())
        if self._take_snapshot() or self.screens.build_next():  # one screen per frame
            self._built_since_trim = True
        elif self._built_since_trim:
            self._built_since_trim = False
            release_free_memory()  # what building freed goes back to the system
        shown = self.screen
        handled = 0
        self._clock += dt
        events, codes = self.scanner.feed(events, self._clock)
        for event in events:
            self.handle(event)
            handled += 1
        for code in codes:
            self.scanned(code)
            handled += 1
        self._poll_outcome()
        self._set_state(self.flow.tick(self.state, dt))
        if self.state.phase in VISITOR_PHASES:
            countdown = getattr(self.screen, "set_countdown", None)
            if countdown is not None:
                countdown(self.flow.warning_left(self.state))
        self.screen.update(dt)
        # A screen with changed() (the idle attract screen) is redrawn only when its look moved,
        # and only the moving part if it has draw_moving(): idling must cost next to no CPU.
        changed = getattr(self.screen, "changed", None)
        fresh = handled > 0 or shown is not self.screen or self._drawn is not self.screen
        self.dirty = None
        self.drew = fresh or changed is None or changed()
        moving = getattr(self.screen, "draw_moving", None)
        if self.drew and not fresh and moving is not None:
            self.dirty = moving(self.surface)
        elif self.drew:
            self.screen.draw(self.surface)
            self._drawn = self.screen

    def close(self) -> None:
        """Stop the background loader and (if this app made it) the recorder."""
        self.loader.stop()
        self.speaker.close()
        if self._own_recorder:
            self.recorder.stop()

    def run(self, stop: threading.Event | None = None) -> None:
        """Run until QUIT, Ctrl+Alt+Q or ``stop`` is set, at ``settings.kiosk.fps`` per second."""
        clock = pygame.time.Clock()
        fps = int(self.settings.kiosk.fps)
        clock.tick(fps)
        self.loader.start()
        # systemd (when it started us): READY=1 after the first frame, then WATCHDOG=1 from this
        # loop, so a hung frame loop is restarted, not only a dead process.
        notifier = Notifier.from_environment()
        try:
            while self.running and not (stop is not None and stop.is_set()):
                dt = clock.tick(fps) / 1000
                self.step(pygame.event.get(), dt)
                if self.dirty is not None:
                    pygame.display.update(self.dirty)
                elif self.drew:
                    pygame.display.flip()
                notifier.frame()
        finally:
            notifier.close()
            self.close()

"""Preview images of the kiosk's screens for a survey, drawn by the kiosk's own screen classes.

Rendering happens in the admin's process on plain ``pygame.Surface`` objects with only
``pygame.font`` initialised: no window is opened and ``pygame.display`` is never touched, so a
kiosk running in the same process (run_kiosk.py) is not disturbed. pygame's font state is
process-wide, so every render holds one lock; the theme set is the kiosk's own configured one.
"""

from __future__ import annotations

import io
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass

# No SDL_VIDEODRIVER here: a kiosk in this process may be about to open the real screen, and
# drawing on a plain Surface with pygame.font needs no video driver at all.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from lobby.survey import Survey  # noqa: E402

_LOCK = threading.Lock()
_CACHE: OrderedDict[tuple, bytes] = OrderedDict()
CACHE_SIZE = 64
MAX_SIDE = 4096


@dataclass(frozen=True)
class PreviewScreen:
    """One screen of a visit: its name in URLs and its Vietnamese title."""

    name: str
    title: str


def screens_of(survey: Survey) -> list[PreviewScreen]:
    """Return the screens a visitor of ``survey`` may see, in the order of a visit (the steps
    the kiosk's flow may show, then the thank-you screen)."""
    from kiosk.flow import STEPS, Flow, Phase
    from kiosk.phase_screens import SCREEN_NAMES

    flow = Flow(survey)
    found = []
    for phase in STEPS:
        if not flow.may_show(phase):
            continue
        if phase is Phase.RATE:
            for number, question in enumerate(survey.questions, start=1):
                title = f"{SCREEN_NAMES[phase]} {number}: {question.text}"
                found.append(PreviewScreen(f"rate-{number}", title))
        else:
            found.append(PreviewScreen(phase.value, SCREEN_NAMES[phase]))
    found.append(PreviewScreen(Phase.THANKS.value, SCREEN_NAMES[Phase.THANKS]))
    return found


def _roster(store):
    """Return the counters and active officials as the kiosk lists them (photos as initials)."""
    from kiosk.roster import Counter, Official, Roster

    counters = [Counter(c.code, c.name) for c in store.list_counters() if c.active]
    officials = [
        Official(o.code, o.name, o.title or "", o.counter_code, o.unit_code)
        for o in store.list_officials()
    ]
    return Roster.of(counters, officials)


def screen_and_state(name: str, size: tuple[int, int], survey: Survey, settings, roster=None):
    """Build the kiosk's screen called ``name`` (a phase, or rate-N) and the visit state it
    shows, by the kiosk's own phase to screen map."""
    from kiosk.flow import Phase, State
    from kiosk.phase_screens import ScreenSources, make_screen
    from kiosk.roster import EMPTY

    question = int(name[5:]) - 1 if name.startswith("rate-") else 0
    phase = Phase.RATE if name.startswith("rate-") else Phase(name)
    sources = ScreenSources(
        survey,
        roster=roster or EMPTY,
        thanks_seconds=float(settings.kiosk.thanks_seconds),
    )
    screen = make_screen(phase, size, sources, question)
    phone = "0912345678" if phase is Phase.CONSENT else ""
    return screen, State(phase, question=question, phone=phone)


def _draw(name: str, size: tuple[int, int], survey: Survey, settings, roster) -> bytes:
    if not pygame.font.get_init():
        pygame.font.init()
    from kiosk import theme

    theme.configure(settings.kiosk)  # the kiosk's own look (the same values it set itself)
    screen, state = screen_and_state(name, size, survey, settings, roster)
    screen.enter()
    sync = getattr(screen, "sync", None)
    if sync is not None:
        sync(state)
    surface = pygame.Surface(size)
    screen.draw(surface)
    out = io.BytesIO()
    pygame.image.save(surface, out, "preview.png")
    return out.getvalue()


def kiosk_size(settings) -> tuple[int, int]:
    """Return the kiosk's configured screen size (1280x800 when it has none)."""
    width = int(getattr(settings.kiosk, "width", 0) or 1280)
    height = int(getattr(settings.kiosk, "height", 0) or 800)
    return min(max(width, 320), MAX_SIDE), min(max(height, 240), MAX_SIDE)


def render_png(survey: Survey, name: str, settings, store, cache_key: tuple | None = None) -> bytes:
    """Return the PNG of screen ``name`` of ``survey`` (KeyError when it has no such screen)."""
    if name not in {s.name for s in screens_of(survey)}:
        raise KeyError(name)
    size = kiosk_size(settings)
    roster = _roster(store) if name in ("counter", "official") else None
    key = None
    if cache_key is not None and roster is None:
        key = (*cache_key, name, size, settings.kiosk.theme)
    with _LOCK:
        if key is not None and key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
        data = _draw(name, size, survey, settings, roster)
        if key is not None:
            _CACHE[key] = data
            while len(_CACHE) > CACHE_SIZE:
                _CACHE.popitem(last=False)
        return data

"""Benchmark: taps and seconds of kiosk time for a visit, walked by touch on SDL's dummy driver,
on a 10.1" 1280x800 and a 7" 800x480 screen, with the demo office's 300 officials.
Targets: rate only with the quick survey 1 tap from idle; an official at a tied counter at most
3 taps to the rating; every one of the 300 officials through the index at most 4 taps (each
walked from the start of a visit); the officials screen built in steps of at most 50 ms of CPU
(no frame waits for it; wall-clock time is printed too, and includes other processes' turns).
A low rating with reasons and a call-back, and a scanned dossier code, are reported.
Screenshots of the screens walked go to test-artefacts/kiosk/ (the deepest official's walk:
the index and the list it leads to).
Prints PASS or FAIL per target and exits with status 1 on a FAIL.

Run from the repository root: .venv/bin/python bench/bench_kiosk_taps.py
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import _context  # first: sets SDL's dummy drivers and sys.path before pygame loads
import pygame
from _context import machine_context
from _verdict import Verdicts

from kiosk.app import KioskApp
from kiosk.flow import Phase
from kiosk.official_index import Group, depth
from lobby.demo_data import build_plan
from lobby.settings import settings_from_dict
from lobby.store import Store
from lobby.survey import load_survey

SCREENS = (((1280, 800), 10.1, "10in"), ((800, 480), 7.0, "7in"))
ASSETS = _context.ROOT / "assets"
SHOTS = _context.ROOT / "test-artefacts" / "kiosk"
CODE = "H12.07-240105-0042"
READING = 0.6  # seconds a visitor looks at a screen before touching it
STEP_LIMIT_MS = 50.0  # house rule: no call in a frame blocks longer


class Walk:
    """A visitor at a kiosk: taps (touch events) and the kiosk time they take."""

    def __init__(self, app: KioskApp, name: str, shots: bool = True) -> None:
        self.app, self.name, self.saving = app, name, shots
        self.size = app.surface.get_size()
        self.taps, self.seconds, self.shots = 0, 0.0, 0
        if shots:  # a walk's screenshots from an earlier run would be taken for this one's
            for old in SHOTS.glob(f"{name}-*.png"):
                old.unlink()

    def frame(self, events=(), dt: float = 1 / 30) -> None:
        pygame.event.clear()
        for event in events:
            pygame.event.post(event)
        self.app.step(pygame.event.get(), dt)
        self.seconds += dt
        while self.app.phase is Phase.SAVING:  # the recorder's thread makes it durable
            self.app.step([], 0.0)

    def look(self, label: str) -> None:
        """Let the visitor read the screen; save what it shows."""
        if not self.saving:  # many walks: the same reading time in a few longer frames
            for _ in range(3):
                self.frame(dt=READING / 3)
            return
        for _ in range(round(READING * 30)):
            self.frame()
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.shots += 1
        path = SHOTS / f"{self.name}-{self.shots:02d}-{label}.png"
        pygame.image.save(self.app.surface, str(path))

    def touch(self, pos, label: str) -> None:
        """Read the screen, then tap ``pos`` (a finger down and up)."""
        self.look(label)
        x, y = pos[0] / self.size[0], pos[1] / self.size[1]
        down = pygame.event.Event(
            pygame.FINGERDOWN, touch_id=7, finger_id=1, x=x, y=y, dx=0.0, dy=0.0, pressure=1.0
        )  # noqa: E501
        up = pygame.event.Event(
            pygame.FINGERUP, touch_id=7, finger_id=1, x=x, y=y, dx=0.0, dy=0.0, pressure=1.0
        )  # noqa: E501
        self.frame([down, up])
        self.taps += 1

    def tap(self, label: str) -> None:
        """Tap the target with this label."""
        found = [b for b in self.app.screen.targets if b.label == label]
        if not found:
            raise LookupError(f"no {label!r} on {self.app.phase}")
        self.touch(found[0].rect.center, label)

    def scan(self, code: str) -> None:
        """A USB scanner types ``code`` and Enter in one burst."""
        self.look("before-scan")
        keys = [
            pygame.event.Event(pygame.KEYDOWN, key=0, mod=0, unicode=ch, scancode=0) for ch in code
        ]
        keys.append(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r"))
        self.frame(keys)
        self.look("scanned")


def make_app(
    folder: Path, size, inches: float, survey, store, device: str, steps: list | None = None
) -> KioskApp:
    """Return a kiosk on ``store`` for ``survey`` on a screen of ``size`` and ``inches``, its
    screens built; ``steps`` gets (wall-clock, CPU) seconds of each step that built the officials
    screen."""
    settings = settings_from_dict(
        {
            "store": {"url": f"sqlite:///{folder / 'lobby.db'}"},
            "kiosk": {
                "survey": str(ASSETS / "survey-full.toml"),
                "screen_diagonal_inches": inches,
                "device_id": device,
                "idle_seconds": 600.0,
                "thanks_seconds": 4.0,
                "journal": str(folder / f"{device}.journal"),
            },
        },
        base_dir=folder,
    )
    surface = pygame.display.set_mode(size)
    app = KioskApp(settings, store, survey, surface)
    screens = app.screens
    while True:
        had = screens.built(Phase.OFFICIAL)
        start, cpu = time.perf_counter(), time.thread_time()
        if not screens.build_next(budget=0.0):  # one step a call
            return app
        took = (time.perf_counter() - start, time.thread_time() - cpu)
        if steps is not None and not had:
            if screens.building is Phase.OFFICIAL or screens.built(Phase.OFFICIAL):
                steps.append(took)


def rate_only(walk: Walk) -> None:
    """The quick survey: a face on the idle screen."""
    walk.touch(walk.app.screen.buttons[0].rect.center, "idle-faces")


def low_with_call_back(walk: Walk) -> None:
    """The quick survey: a low face, two reasons, the apology, a phone number, consent."""
    app = walk.app
    walk.touch(app.screen.buttons[-1].rect.center, "idle-faces")
    walk.tap("Phải chờ lâu")
    walk.tap("Thái độ chưa tốt")
    walk.tap("Tiếp tục")
    walk.tap("Tiếp tục")  # the apology
    for digit in "0912345678":
        walk.tap(digit)
    walk.tap("Tiếp tục")
    walk.tap("Tôi đồng ý để cơ quan lưu số điện thoại này để gọi lại")
    walk.look("thanks")


def official_at_counter(walk: Walk) -> None:
    """A kiosk tied to a counter: touch, then the official's card."""
    app = walk.app
    walk.touch((walk.size[0] // 2, walk.size[1] // 2), "attract")
    walk.touch(app.screen.buttons[-1].rect.center, "counter-officials")


def official_by_index(walk: Walk, wanted) -> None:
    """Touch, then index buttons down to the official's card."""
    app = walk.app
    walk.touch((walk.size[0] // 2, walk.size[1] // 2), "attract")
    while app.phase is Phase.OFFICIAL:
        pairs = zip(app.screen.buttons, app.screen.entries(), strict=True)
        for button, entry in pairs:
            if (isinstance(entry, Group) and wanted in entry.members) or entry == wanted:
                label = "index" if isinstance(entry, Group) else "officials"
                walk.touch(button.rect.center, label)
                break
        else:
            raise LookupError(f"{wanted.name} is not on the official screen")


def every_official(verdicts: Verdicts, app: KioskApp, name: str) -> None:
    """Walk to each official from the start of a visit; print how many taps the walks took and
    their kiosk seconds; check the most taps against the target (4)."""
    officials = app.flow.roster.officials
    walks: list[tuple[int, float, object]] = []
    for official in officials:
        app._set_state(app.flow.start())
        walk = Walk(app, f"{name}-sanh-all", shots=False)
        official_by_index(walk, official)
        if app.phase is not Phase.RATE or app.state.official != official.code:
            verdicts.fail(f"any of {len(officials)} officials ({name})", f"{official.name}")
            return
        walks.append((walk.taps, walk.seconds, official))
    taps = Counter(t for t, _, _ in walks)
    spread = ", ".join(f"{n} walks of {t} taps" for t, n in sorted(taps.items()))
    seconds = [s for _, s, _ in walks]
    most = max(walks, key=lambda w: (w[0], w[1]))
    print(
        f"    each of {len(officials)} officials walked from the start: {spread}; "
        f"{min(seconds):.1f}-{max(seconds):.1f} s; most: {most[2].name}, {most[0]} taps"
    )
    verdicts.at_most(
        f"every one of {len(officials)} officials ({name}), most taps", most[0], 4, "", 0
    )


def scanned_code(walk: Walk) -> None:
    """The quick survey: the slip's code scanned at the idle screen, then a face."""
    walk.scan(CODE)
    walk.touch(walk.app.screen.buttons[0].rect.center, "rating-after-scan")


def gallery(app: KioskApp, name: str) -> None:
    """Save the new screens no walk above reaches: every page of the dossier keypad (with a
    code refused) and a question that allows "Không áp dụng"."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    flow = app.flow
    state = replace(flow._enter(flow.start(), Phase.DOSSIER), dossier="H12.07", notice="dossier")
    app._set_state(state)
    screen = app.screen
    for page in range(len(screen.pages_of_keys)):
        screen.key_page = page
        screen.build()
        screen.draw(app.surface)
        pygame.image.save(app.surface, str(SHOTS / f"{name}-dossier-keys-{page + 1}.png"))
    asked = [i for i, q in enumerate(app.survey.questions) if q.not_applicable]
    if asked:
        answers = (0,) * asked[0]
        app._set_state(replace(flow._enter(flow.start(), Phase.RATE, asked[0]), answers=answers))
        app.screen.draw(app.surface)
        pygame.image.save(app.surface, str(SHOTS / f"{name}-not-applicable.png"))
    app._set_state(flow.start())


def walked(verdicts: Verdicts, screen, label: str, survey, device: str, how, target=None) -> None:
    """Walk one visit with ``how`` on a new kiosk; print its taps and seconds, and check
    ``target`` (taps) when given; the visit must end thanked."""
    folder, size, inches, name, store = screen
    app = make_app(folder, size, inches, survey, store, device)
    walk = Walk(app, f"{name}-{device}")
    try:
        how(walk)
        if app.phase is not Phase.THANKS:
            verdicts.fail(f"{label} ({name})", f"ended on {app.phase}")
            return
        print(f"    {label}: {walk.taps} taps, {walk.seconds:.1f} s")
        if target is not None:
            verdicts.at_most(f"{label} ({name}), taps", walk.taps, target, "", 0)
    except Exception as exc:  # a walk that breaks misses its target
        verdicts.fail(f"{label} ({name})", f"raised {type(exc).__name__}: {exc}")
    finally:
        app.close()


def main() -> None:
    """Run the walks, print figures and verdicts; exit 1 if a target is missed."""
    verdicts = Verdicts()
    quick = load_survey(ASSETS / "survey-quick.toml")
    full = load_survey(ASSETS / "survey-full.toml")
    by_name = replace(full, ask_counter=False, ask_dossier=False)  # a lobby kiosk, no counter
    plan = build_plan(1)
    print("bench_kiosk_taps: taps and seconds of kiosk time per visit, walked by touch")
    for line in machine_context():
        print("  " + line)
    pygame.display.init()
    try:
        for size, inches, name in SCREENS:
            with tempfile.TemporaryDirectory(prefix="bench-taps-") as folder:
                store = Store.open(f"sqlite:///{Path(folder) / 'lobby.db'}")
                store.upsert_officials(plan.officials)
                print(f'  {inches:g}" {size[0]}x{size[1]}:')

                kiosk = (Path(folder), size, inches, name, store)
                walked(verdicts, kiosk, "rate only, quick survey", quick, "quick", rate_only, 1)
                store.touch_device("quay2")
                counter = next(c for c in store.list_counters() if c.name == "Quầy 2")
                store.set_device_placement("quay2", counter.id)
                probe = make_app(Path(folder), size, inches, full, store, "quay2")
                try:
                    walk = Walk(probe, f"{name}-quay2")
                    official_at_counter(walk)
                    print(f"    official at a tied counter: {walk.taps} taps, {walk.seconds:.1f} s")
                    if probe.phase is Phase.RATE:
                        verdicts.at_most(
                            f"official at a tied counter ({name}), taps to the rating",
                            walk.taps,
                            3,
                            "",
                            0,
                        )  # noqa: E501
                    else:
                        verdicts.fail(f"official at a tied counter ({name})", f"on {probe.phase}")
                finally:
                    probe.close()
                steps: list[tuple[float, float]] = []
                lobby = make_app(Path(folder), size, inches, by_name, store, "sanh", steps)
                try:
                    wall = max((w for w, _ in steps), default=0.0) * 1000
                    slowest = max((c for _, c in steps), default=0.0) * 1000
                    print(
                        f"    officials screen built in {len(steps)} steps, "
                        f"{sum(c for _, c in steps) * 1000:.0f} ms of CPU in all, slowest step "
                        f"{slowest:.1f} ms of CPU ({wall:.1f} ms wall-clock)"
                    )
                    verdicts.at_most(
                        f"officials screen ({name}), slowest build step (CPU)",
                        slowest,
                        STEP_LIMIT_MS,
                        "ms",
                        1,
                    )
                    screen = lobby.screens[Phase.OFFICIAL]
                    top = screen.top()
                    officials = lobby.flow.roster.officials
                    deepest = max(officials, key=lambda o: depth(top, o.code))
                    walk = Walk(lobby, f"{name}-sanh")
                    official_by_index(walk, deepest)
                    print(
                        f"    the deepest of {len(officials)} officials through the index: "
                        f"{walk.taps} taps, {walk.seconds:.1f} s"
                    )
                    if lobby.phase is not Phase.RATE or lobby.state.official != deepest.code:
                        verdicts.fail(f"the deepest official ({name})", f"on {lobby.phase}")
                    every_official(verdicts, lobby, name)
                finally:
                    lobby.close()
                counter_step = make_app(Path(folder), size, inches, full, store, "sanh2")
                try:
                    gallery(counter_step, name)
                    top = counter_step.screens[Phase.OFFICIAL].top()
                    most = max(depth(top, o.code) for o in counter_step.flow.roster.officials)
                    print(
                        f'    the same through the counter step ("Bỏ qua / không nhớ"): '
                        f"{most + 3} taps (figure only)"
                    )
                finally:
                    counter_step.close()
                walked(
                    verdicts,
                    kiosk,
                    "low rating, reasons, call-back",
                    quick,
                    "low",
                    low_with_call_back,
                )
                walked(
                    verdicts,
                    kiosk,
                    "scanned dossier code, quick survey",
                    quick,
                    "scan",
                    scanned_code,
                )
                store.close()
    finally:
        pygame.quit()
    print(f"  screenshots: {SHOTS.relative_to(_context.ROOT)}/")
    verdicts.finish()


if __name__ == "__main__":
    main()

"""Dossier codes as printed (letters, digits, "." and "-"): typed on the keypad's pages or read
by a USB barcode/QR scanner on any visit screen; a code without the office's pattern is refused
with a message and nothing else is lost."""

from __future__ import annotations

from pathlib import Path

import pygame

from kiosk.flow import Flow, Phase
from kiosk.intents import Begin, Confirm, Edited, RatingChosen, Scanned
from kiosk.scanner import ScanReader
from lobby.survey import load_survey
from tests.kiosk_driver import Driver, all_visits

ROOT = Path(__file__).resolve().parents[2]
FULL = ROOT / "assets" / "survey-full.toml"
CODE = "H12.07-240105-0042"


def typed(ch: str) -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=0, mod=0, unicode=ch, scancode=0)


def enter() -> pygame.event.Event:
    return pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r")


def test_a_fast_burst_ending_with_enter_is_a_code_and_slow_typing_stays_keys():
    reader = ScanReader()
    passed, codes = reader.feed([typed(c) for c in CODE] + [enter()], 1.0)
    assert (passed, codes) == ([], [CODE])
    # A person: one key a frame, 0.2 s apart; each goes on to the screen.
    for i, ch in enumerate("12"):
        passed, codes = reader.feed([typed(ch)], 2.0 + 0.2 * i)
        assert codes == []
    passed, _ = reader.feed([], 2.5)
    assert [e.unicode for e in passed] == ["2"]
    # Too short for a code: the keys and the Enter go on, in order.
    passed, codes = reader.feed([typed("4"), typed("2"), enter()], 3.0)
    assert codes == [] and [e.unicode for e in passed] == ["4", "2", "\r"]


def test_the_flow_keeps_a_scanned_code_on_any_step_and_refuses_another():
    flow = Flow(load_survey(FULL))
    state, _ = flow.handle(flow.start(), Begin("touch"))
    assert state.phase is Phase.RATE
    refused, _ = flow.handle(state, Scanned("https://example.com/x"))
    assert (refused.phase, refused.notice, refused.dossier) == (Phase.RATE, "scan_refused", "")
    taken, _ = flow.handle(refused, Scanned(CODE.lower()))
    assert (taken.phase, taken.dossier, taken.notice) == (Phase.RATE, CODE, "scanned")
    later, _ = flow.handle(flow.tick(taken, 1), RatingChosen(0, "touch"))
    assert later.notice is None and later.dossier == CODE
    # At the attract screen a scan starts the visit with the code.
    begun, _ = flow.handle(flow.start(), Scanned(CODE))
    assert begun.phase is Phase.RATE and begun.dossier == CODE


def test_a_typed_code_without_the_pattern_is_refused_and_kept_for_correction():
    flow = Flow(load_survey(FULL), dossier_pattern=r"[0-9]{4,}")
    state = flow._enter(flow.start(), Phase.DOSSIER)
    state, _ = flow.handle(state, Edited("h1"))
    state, effects = flow.handle(state, Confirm())
    assert (state.phase, state.notice, state.dossier, effects) == (
        Phase.DOSSIER,
        "dossier",
        "H1",
        (),
    )
    state, _ = flow.handle(state, Edited("1234"))
    state, effects = flow.handle(state, Confirm())
    assert state.phase is Phase.SAVING and effects[0].dossier == "1234"


def test_a_scan_on_the_rating_screen_lands_in_the_visit(make_app, store):
    survey = ROOT / "tests" / "kiosk" / "official_survey.toml"
    app = make_app((1280, 800), kiosk_toml="screen_diagonal_inches = 10.1", survey_file=FULL)
    kiosk = Driver(app)
    kiosk.step(*[typed(c) for c in "X1"], enter())  # too short: plain keys, nothing scanned
    kiosk.step(*[typed(c) for c in CODE], enter())
    assert app.phase is Phase.RATE and app.state.dossier == CODE
    assert app.screen._notice is not None and CODE in app.screen._notice[0]
    kiosk.step(*[typed(c) for c in "ABCDEFG"], enter())  # no pattern: refused, nothing lost
    assert app.state.dossier == CODE and "ABCDEFG" in app.screen._notice[0]
    while app.phase is Phase.RATE:
        kiosk.wait(0.4)
        kiosk.touch(app.screen.buttons[0].rect.center)
    assert app.phase is Phase.THANKS  # the dossier step is not asked again
    assert all_visits(store)[-1].dossier_code == CODE
    assert survey.exists()


def test_the_keypad_types_letters_dots_and_dashes(make_app):
    app = make_app((800, 480), kiosk_toml="screen_diagonal_inches = 7.0", survey_file=FULL)
    flow = app.flow
    app._set_state(flow._enter(flow.start(), Phase.DOSSIER))
    kiosk = Driver(app)
    kiosk.wait(0.4)
    screen = app.screen
    assert [b.label for b in screen.buttons][-2] == "Xoá"

    def key(label: str) -> None:
        for _ in range(len(screen.pages_of_keys)):
            if label in [b.label for b in screen.buttons]:
                break
            kiosk.touch(screen.buttons[-1].rect.center)  # the next page of keys
        kiosk.tap(label)

    for label in "H1.-":
        key(label)
    assert app.state.dossier == "H1.-"
    kiosk.tap("Tiếp tục")
    assert app.state.notice == "dossier" and app.phase is Phase.DOSSIER

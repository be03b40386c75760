"""The officials screen of a real-sized office (300 officials) is built a trial grid per step:
when new data arrives, the attract screen's frames build it in parts (no frame plans every grid
and the index at once), and the screen switched to shows what one built at once shows. On a 7"
screen, where the plan is made again at smaller labels until every official is two index
buttons deep, each of those plans is made in steps too."""

from __future__ import annotations

import pygame
import pytest

from kiosk import metrics
from kiosk.flow import Phase
from kiosk.official_index import deepest
from kiosk.roster import Official, Roster
from kiosk.screens.choices import OfficialScreen
from kiosk.screenset import ScreenSet, Stepwise
from lobby.demo_data import build_plan
from lobby.store import OfficialInput
from tests.kiosk_driver import Driver

PLAN = build_plan(7)
ROSTER = Roster.of([], [Official(o.code, o.name, o.title) for o in PLAN.officials])
# The most trial cards one grid needs: the six longest names stand for every card.
TRIALS_PER_STEP = 6


def same_screen(built: OfficialScreen, at_once: OfficialScreen) -> None:
    """Assert two officials screens plan, index and show the same."""
    assert built.layout == at_once.layout
    assert built._shapes() == at_once._shapes()
    assert built.title == at_once.title
    assert built.choice_floor == at_once.choice_floor
    assert [e.label for e in built.entries()] == [e.label for e in at_once.entries()]
    assert [(b.label, b.rect) for b in built.buttons] == [
        (b.label, b.rect) for b in at_once.buttons
    ]


@pytest.fixture
def diagonal():
    """Set the screen's diagonal for a test; the default again afterwards."""
    yield metrics.configure
    metrics.configure(metrics.DEFAULT_DIAGONAL_INCHES)


@pytest.mark.parametrize(
    ("size", "inches", "plans"),
    [((1920, 1080), metrics.DEFAULT_DIAGONAL_INCHES, 1), ((800, 480), 7.0, 2)],
    ids=["21.5in", "7in"],
)
def test_300_officials_are_planned_a_few_trial_cards_per_step(size, inches, plans, diagonal):
    diagonal(inches)
    pygame.display.set_mode(size)
    steps = OfficialScreen.build_steps(size, ROSTER)
    made = ScreenSet({"officials": Stepwise(lambda: steps)}, {})
    screen = steps.gi_frame.f_locals.get("screen") if steps.gi_frame else None
    calls, most = 0, 0
    while made.pending:
        before = len(screen._label_fit) if screen is not None else 0
        assert made.build_next(budget=0.0)  # a budget of nothing: one step per call
        calls += 1
        if screen is None and steps.gi_frame is not None:
            screen = steps.gi_frame.f_locals["screen"]
        elif screen is not None:
            most = max(most, len(screen._label_fit) - before)
    assert calls >= 10, "the plan was made in a few big steps"
    assert 0 < most <= TRIALS_PER_STEP, f"a step made {most} trial cards"
    built = made["officials"]
    assert built.indexing(), "300 officials do not fit a page: the index shows"
    assert len(built._plans_made()) == plans
    assert deepest(built.top()) == 2
    same_screen(built, OfficialScreen(size, ROSTER))


@pytest.mark.parametrize(("size", "inches"), [((1280, 800), 10.1), ((800, 480), 7.0)])
def test_new_officials_are_built_over_several_frames_then_shown(size, inches, make_app, store):
    kiosk = Driver(make_app(size, kiosk_toml=f"screen_diagonal_inches = {inches}"))
    kiosk.step()
    before = kiosk.app.screens
    store.upsert_officials(
        OfficialInput(o.code, o.name, o.title, o.unit, "") for o in PLAN.officials
    )
    kiosk.app.loader.load()
    kiosk.app.step([], 0.0)
    assert kiosk.app._next is not None, "the new data is being built"
    # Built in steps (a frame runs them for a short time only), as the information screen.
    assert isinstance(kiosk.app._next[2]._makers[Phase.OFFICIAL], Stepwise)
    for _ in range(5000):
        if kiosk.app._next is None:
            break
        assert kiosk.app.screens is before, "switched to screens not all built"
        kiosk.app.step([], 0.0)
    assert kiosk.app._next is None, "the new screens were never switched to"
    screen = kiosk.app.screens[Phase.OFFICIAL]
    assert len(screen.roster.officials) == len(PLAN.officials)
    same_screen(screen, OfficialScreen(kiosk.size, kiosk.app.snapshot.roster))

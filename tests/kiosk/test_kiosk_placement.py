"""A kiosk tied to a counter (or a unit) in the admin's devices page skips the counter step and
shows only those officials; an untied kiosk asks for the counter first."""

from __future__ import annotations

from pathlib import Path

from kiosk.flow import Flow, Phase
from kiosk.intents import Begin
from kiosk.roster import Counter, Official, Place, Roster
from lobby.survey import load_survey
from tests.kiosk_driver import Driver

ROOT = Path(__file__).resolve().parents[2]
FULL = ROOT / "assets" / "survey-full.toml"
ROSTER = Roster.of(
    [Counter("Q1", "Quầy 1"), Counter("Q2", "Quầy 2")],
    [
        Official("CB1", "Nguyễn Văn Bình", "", "Q1", "P1"),
        Official("CB2", "Trần Thị An", "", "Q2", "P1"),
        Official("CB3", "Lê Văn Cường", "", None, "P2"),
    ],
)


def test_a_kiosk_at_a_counter_starts_at_its_officials():
    flow = Flow(load_survey(FULL), roster=ROSTER.placed(Place(counter="Q2")))
    state, _ = flow.handle(flow.start(), Begin("touch"))
    assert (state.phase, state.counter) == (Phase.OFFICIAL, "Q2")
    assert [o.code for o in flow.roster.officials_for(state.counter)] == ["CB2"]


def test_a_kiosk_of_a_unit_shows_the_units_officials_and_an_untied_one_asks_the_counter():
    flow = Flow(load_survey(FULL), roster=ROSTER.placed(Place(unit="P2")))
    state, _ = flow.handle(flow.start(), Begin("touch"))
    assert (state.phase, state.counter) == (Phase.OFFICIAL, None)
    assert [o.code for o in flow.roster.officials_for(None)] == ["CB3"]
    untied = Flow(load_survey(FULL), roster=ROSTER)
    assert untied.handle(untied.start(), Begin("touch"))[0].phase is Phase.COUNTER


def _counter_id(store, name: str) -> int:
    return next(c.id for c in store.list_counters() if c.name == name)


def test_the_kiosk_learns_its_counter_from_the_store_on_its_refresh(make_app, office_store):
    app = make_app(app_store=office_store, survey_file=FULL, kiosk_toml='device_id = "k-quay2"')
    kiosk = Driver(app)
    kiosk.touch((kiosk.size[0] // 2, kiosk.size[1] // 2))
    assert app.phase is Phase.COUNTER  # untied: the visitor says where
    kiosk.tap("Quay lại")
    assert app.phase is Phase.ATTRACT
    office_store.set_device_placement("k-quay2", _counter_id(office_store, "Quầy 2"))
    assert app.phase is Phase.ATTRACT and not app.flow.roster.tied  # nothing read in a frame
    kiosk.refresh()
    assert app.flow.roster.place == Place(counter=app.flow.roster.counters[1].code)
    kiosk.touch((kiosk.size[0] // 2, kiosk.size[1] // 2))
    assert app.phase is Phase.OFFICIAL
    screen = app.screen
    names = sorted(b.label for b in screen.buttons)
    assert names == ["Hoàng Minh Châu", "Lê Thị Hà", "Phạm Văn Đức"]
    assert screen.pages == 1
    kiosk.wait(0.5)
    kiosk.tap("Lê Thị Hà")
    assert app.phase is Phase.RATE
    office_store.set_device_placement("k-quay2", None)
    kiosk.tap("Quay lại")
    kiosk.tap("Quay lại")
    assert app.phase is Phase.ATTRACT
    kiosk.refresh()
    assert not app.flow.roster.tied

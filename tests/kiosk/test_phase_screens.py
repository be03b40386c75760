"""The phase to screen map has one owner (kiosk/phase_screens.py): the kiosk and the admin's
survey previews show every phase with the same screen class."""

from __future__ import annotations

from dataclasses import replace

from admin_web.survey_preview import screen_and_state, screens_of
from kiosk.flow import STEPS, Flow, Phase, State
from kiosk.intents import Begin, Picked
from kiosk.phase_screens import SCREENS
from kiosk.roster import Counter, Official, Roster
from tests.kiosk.visit_fixtures import FULL_SURVEY

ROSTER = Roster.of(
    [Counter("Q1", "Quầy 1")], [Official("CB1", "Nguyễn Văn Bình", "Chuyên viên", "Q1", "P1")]
)


def test_every_phase_of_the_flow_has_its_screen_in_the_kiosk(make_app, office_store):
    app = make_app(app_store=office_store, survey_file=FULL_SURVEY)
    assert set(SCREENS) == set(Phase)
    for phase in Phase:
        assert type(app.screens[phase]) is SCREENS[phase], phase
    for number, screen in enumerate(app.rating_screens):
        assert type(screen) is SCREENS[Phase.RATE]
        assert screen.question is app.survey.questions[number]


def test_the_preview_shows_each_step_with_the_kiosks_own_screen(make_app, office_store):
    app = make_app(app_store=office_store, survey_file=FULL_SURVEY)
    previews = screens_of(app.survey)
    shown = set()
    for preview in previews:
        screen, state = screen_and_state(
            preview.name, app.size, app.survey, app.settings, app.snapshot.roster
        )
        kiosk_screen = app.screen_for(state)
        assert type(screen) is type(kiosk_screen), preview.name
        assert screen.prompt == kiosk_screen.prompt, preview.name
        shown.add(state.phase)
    assert shown == {*STEPS, Phase.THANKS}
    assert len([p for p in previews if p.name.startswith("rate-")]) == len(app.survey.questions)


def test_the_preview_lists_the_officials_step_the_kiosk_shows_after_a_counter(survey):
    counter_only = replace(survey, ask_counter=True, ask_official=False)
    names = [screen.name for screen in screens_of(counter_only)]
    assert names[:2] == ["counter", "official"]
    kiosk_flow = Flow(counter_only, roster=ROSTER)
    state, _ = kiosk_flow.handle(State(), Begin("touch"))
    state, _ = kiosk_flow.handle(replace(state, age=1.0), Picked("Q1", "touch"))
    assert state.phase is Phase.OFFICIAL

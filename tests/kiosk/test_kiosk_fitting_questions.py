"""Questions that fit the visit: "Không áp dụng" (kept, counted in no rate), a step number on
every step, the rest asked only after a low first answer, and the rating on the idle screen."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kiosk.flow import Flow, Phase, Timing
from kiosk.intents import Begin, NotApplicable, Picked, RatingChosen
from kiosk.roster import Counter, Official, Roster
from lobby import clock
from lobby.survey import load_survey
from tests.kiosk_driver import Driver, all_visits

ROOT = Path(__file__).resolve().parents[2]
FULL = load_survey(ROOT / "assets" / "survey-full.toml")
QUICK = ROOT / "assets" / "survey-quick.toml"
ROSTER = Roster.of([Counter("Q1", "Quầy 1")], [Official("CB1", "Trần Thị An", "", "Q1")])


def step(flow, state, intent):
    return flow.handle(flow.tick(state, 0.5), intent)


def test_not_applicable_is_offered_only_where_the_survey_allows_it():
    flow = Flow(FULL, Timing(), ROSTER)
    state = flow._enter(flow.start(), Phase.RATE)
    state, _ = step(flow, state, RatingChosen(0, "touch"))
    refused, _ = step(flow, state, NotApplicable("touch"))
    assert refused.question == 1 and refused.answers == (0,)  # "thai_do" does not allow it
    state = replace(flow._enter(state, Phase.RATE, 3), answers=(0, 0, 0))
    state, _ = step(flow, state, NotApplicable("touch"))
    assert state.question == 4 and state.answers == (0, 0, 0, -1)


def test_every_step_says_its_number_and_a_low_rating_adds_steps():
    flow = Flow(FULL, Timing(), ROSTER)
    state, _ = flow.handle(flow.start(), Begin("touch"))
    assert flow.progress(state) == (1, 8)  # counter, official, 5 questions, dossier
    state, _ = step(flow, state, Picked("Q1", "touch"))
    assert flow.progress(state) == (2, 8)
    state = replace(flow._enter(state, Phase.RATE, 0), answers=())
    assert flow.progress(state)[0] == 3
    low, _ = step(flow, state, RatingChosen(3, "touch"))
    assert flow.progress(low)[1] > flow.progress(state)[1]
    assert flow.progress(flow.start()) is None


def test_the_rest_is_asked_only_after_a_low_first_answer():
    flow = Flow(replace(FULL, rest_after_low=True), Timing(), ROSTER)
    state = flow._enter(flow.start(), Phase.RATE)
    happy, _ = step(flow, state, RatingChosen(0, "touch"))
    assert happy.phase is Phase.DOSSIER
    low, _ = step(flow, state, RatingChosen(3, "touch"))
    assert (low.phase, low.question) == (Phase.RATE, 1)


def test_the_quick_survey_rates_with_one_tap_from_idle(make_app, store):
    app = make_app((1280, 800), kiosk_toml="screen_diagonal_inches = 10.1", survey_file=QUICK)
    kiosk = Driver(app)
    kiosk.step()
    assert app.phase is Phase.ATTRACT and len(app.screen.buttons) == 4
    kiosk.touch(app.screen.buttons[0].rect.center)
    assert app.phase is Phase.THANKS
    (visit,) = all_visits(store)
    assert visit.overall.level_key == "rat_hai_long"
    kiosk.wait(5)
    assert app.phase is Phase.ATTRACT
    kiosk.touch(app.screen.buttons[3].rect.center)  # a low rating asks why
    assert app.phase is Phase.REASONS


def test_not_applicable_is_kept_and_left_out_of_the_rates(make_app, store):
    app = make_app(
        (1280, 800),
        kiosk_toml="screen_diagonal_inches = 10.1",
        survey_file=ROOT / "assets" / "survey-full.toml",
    )
    flow = app.flow
    kiosk = Driver(app)
    app._set_state(replace(flow._enter(flow.start(), Phase.RATE, 3), answers=(0, 0, 0)))
    kiosk.wait(0.4)
    na = app.screen.na_button
    assert na is not None and na.label == "Không áp dụng"
    assert app.screen.progress is not None
    kiosk.touch(na.rect.center)
    kiosk.wait(0.4)
    kiosk.touch(app.screen.buttons[0].rect.center)
    kiosk.tap("Bỏ qua")
    assert app.phase is Phase.THANKS
    (visit,) = all_visits(store)
    answer = next(a for a in visit.answers if a.question_key == "dung_hen")
    assert (answer.level_key, answer.level_label) == ("khong_ap_dung", "Không áp dụng")
    today = clock.local_day(clock.utcnow(), store.tz_name)
    by_question = {f.key: f for f in store.report_figures(today, today, "question")}
    assert "dung_hen" not in by_question and by_question["so_lan_di_lai"].answers == 1

"""The visitor's path as a pure state machine, without a screen: every step and every way back."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.flow import ATTRACT, Flow, Phase, State, Timing, valid_phone
from kiosk.intents import (
    Activity,
    Back,
    Begin,
    CommitVisit,
    Confirm,
    Consent,
    Edited,
    OpenInfo,
    Picked,
    RatingChosen,
    Skip,
    ToggleReason,
)
from kiosk.roster import Counter, Official, Roster
from lobby.survey import load_survey

ROOT = Path(__file__).resolve().parents[2]
TIMING = Timing(
    idle_seconds=30, thanks_seconds=4, error_seconds=15, warning_seconds=10, arm_seconds=0.3
)
ROSTER = Roster.of(
    [Counter("Q1", "Quầy 1"), Counter("Q2", "Quầy 2")],
    [
        Official("CB1", "Nguyễn Văn Bình", "Chuyên viên", "Q1", "P1"),
        Official("CB2", "Trần Thị An", "Phó phòng", "Q1", "P1"),
        Official("CB3", "Lê Văn Cường", "Chuyên viên", "Q2", "P2"),
    ],
)


@pytest.fixture
def flow() -> Flow:
    return Flow(load_survey(ROOT / "assets" / "survey.toml"), TIMING)


@pytest.fixture
def full() -> Flow:
    return Flow(load_survey(ROOT / "assets" / "survey-full.toml"), TIMING, ROSTER)


def go(flow: Flow, state: State, *intents, wait: float = 0.5):
    """Apply intents one by one, letting ``wait`` seconds pass before each; return the last."""
    effects = ()
    for intent in intents:
        state, effects = flow.handle(flow.tick(state, wait), intent)
    return state, effects


def rating(flow: Flow) -> State:
    state, effects = flow.handle(flow.start(), Begin("touch"))
    assert effects == ()
    return flow.tick(state, 0.5)


# -- the default survey: one question, nothing else ----------------------------------------


def test_kiosk_starts_on_the_attract_screen(flow):
    assert flow.start().phase is Phase.ATTRACT


def test_a_touch_on_attract_opens_the_rating_screen(flow):
    assert rating(flow).phase is Phase.RATE


def test_choosing_a_level_asks_for_a_commit_and_does_not_thank_yet(flow):
    state, effects = flow.handle(rating(flow), RatingChosen(1, "touch"))
    assert effects == (CommitVisit(answers=(1,), channel="touch"),)
    assert state.phase is Phase.SAVING


def test_a_low_rating_with_follow_up_off_commits_at_once(flow):
    state, effects = flow.handle(rating(flow), RatingChosen(3, "key"))
    assert state.phase is Phase.SAVING
    assert effects[0].answers == (3,) and effects[0].channel == "key"


def test_only_a_saved_vote_leads_to_thanks(flow):
    saving, _ = flow.handle(rating(flow), RatingChosen(0, "touch"))
    assert flow.tick(saving, 100).phase is Phase.SAVING
    assert flow.vote_saved(saving).phase is Phase.THANKS
    assert flow.vote_failed(saving).phase is Phase.ERROR


def test_outcomes_outside_saving_are_errors(flow):
    with pytest.raises(ValueError):
        flow.vote_saved(rating(flow))
    with pytest.raises(ValueError):
        flow.vote_failed(flow.start())


def test_thanks_times_out_to_attract(flow):
    saving, _ = flow.handle(rating(flow), RatingChosen(0, "touch"))
    state = flow.tick(flow.vote_saved(saving), 3.9)
    assert state.phase is Phase.THANKS
    assert flow.tick(state, 0.2) == ATTRACT


def test_a_choice_right_after_the_rating_screen_opens_is_ignored(flow):
    state, _ = flow.handle(flow.start(), Begin("touch"))
    state, effects = flow.handle(flow.tick(state, 0.1), RatingChosen(0, "touch"))
    assert effects == ()
    assert state.phase is Phase.RATE


def test_a_choice_beyond_the_levels_is_ignored(flow):
    state, effects = flow.handle(rating(flow), RatingChosen(4, "key"))
    assert effects == ()
    assert state.phase is Phase.RATE


def test_idle_rating_screen_warns_then_returns_to_attract_with_nothing_pending(flow):
    state = flow.tick(rating(flow), 19.0)
    assert flow.warning_left(state) is None
    state = flow.tick(state, 2.0)
    assert flow.warning_left(state) == 9
    state = flow.tick(state, 9.0)
    assert state == flow.start()


def test_activity_during_the_warning_restarts_the_idle_timer(flow):
    state = flow.tick(rating(flow), 25.0)
    assert flow.warning_left(state) is not None
    state, _ = flow.handle(state, Activity())
    assert flow.warning_left(state) is None
    assert flow.tick(state, 29.0).phase is Phase.RATE


def test_error_screen_lets_the_visitor_try_again_or_times_out(flow):
    saving, _ = flow.handle(rating(flow), RatingChosen(2, "touch"))
    error = flow.vote_failed(saving)
    assert flow.handle(error, Begin("touch"))[0].phase is Phase.RATE
    assert flow.tick(error, 14.9).phase is Phase.ERROR
    assert flow.tick(error, 15.0).phase is Phase.ATTRACT


def test_escape_on_the_first_step_goes_back_to_attract(flow):
    assert flow.handle(rating(flow), Back())[0] == ATTRACT


def test_timing_comes_from_kiosk_settings(settings):
    timing = Timing.from_settings(settings.kiosk)
    assert timing.idle_seconds == settings.kiosk.idle_seconds
    assert timing.thanks_seconds == settings.kiosk.thanks_seconds
    assert timing.warning_seconds <= timing.idle_seconds


# -- public information ------------------------------------------------------------------------


def test_public_information_opens_from_attract_and_goes_back(flow):
    state, _ = flow.handle(flow.start(), OpenInfo("touch"))
    assert state.phase is Phase.INFO
    assert flow.handle(state, Back())[0] == ATTRACT
    assert flow.tick(state, 30).phase is Phase.ATTRACT
    assert flow.handle(state, RatingChosen(0, "touch"))[0].phase is Phase.INFO


# -- the full survey: counter, official, questions, follow-up, dossier ------------------------


def test_a_satisfied_full_visit_goes_through_every_opt_in_step(full):
    state, _ = full.handle(full.start(), Begin("touch"))
    assert state.phase is Phase.COUNTER
    state, _ = go(full, state, Picked("Q1", "touch"))
    assert state.phase is Phase.OFFICIAL and state.counter == "Q1"
    state, _ = go(full, state, Picked("CB2", "touch"))
    assert (state.phase, state.question) == (Phase.RATE, 0)
    for number in range(1, 5):
        state, _ = go(full, state, RatingChosen(0, "touch"))
        assert (state.phase, state.question) == (Phase.RATE, number)
    state, _ = go(full, state, RatingChosen(1, "touch"))
    assert state.phase is Phase.DOSSIER, "a satisfied visitor is not asked why"
    state, _ = go(full, state, Edited("h12.07-240105-0042"))
    assert state.dossier == "H12.07-240105-0042"
    state, effects = go(full, state, Confirm())
    assert state.phase is Phase.SAVING
    assert effects == (
        CommitVisit(
            answers=(0, 0, 0, 0, 1),
            channel="touch",
            counter="Q1",
            official="CB2",
            dossier="H12.07-240105-0042",
        ),
    )


def test_a_low_rating_asks_reasons_apologises_offers_a_call_back_and_a_comment(full):
    state, _ = full.handle(full.start(), Begin("touch"))
    state, _ = go(full, state, Picked(None, "touch"))
    assert state.phase is Phase.OFFICIAL, "skipping the counter lists every official"
    state, _ = go(full, state, Picked(None, "touch"))
    state, _ = go(full, state, RatingChosen(3, "touch"), *[RatingChosen(1, "touch")] * 4)
    assert state.phase is Phase.REASONS
    state, _ = go(full, state, ToggleReason("tre_hen"), ToggleReason("cho_lau"))
    state, _ = go(full, state, ToggleReason("thai_do"), ToggleReason("thai_do"))
    assert state.reasons == ("cho_lau", "tre_hen"), "in survey order, toggled off again"
    state, _ = go(full, state, ToggleReason("khong_co"))
    assert state.reasons == ("cho_lau", "tre_hen")
    state, _ = go(full, state, Confirm())
    assert state.phase is Phase.APOLOGY
    state, _ = go(full, state, Confirm())
    assert state.phase is Phase.PHONE
    state, _ = go(full, state, Edited("0912 345 678"))
    assert state.phase is Phase.PHONE and state.phone == "0912345678"
    state, _ = go(full, state, Confirm())
    assert state.phase is Phase.CONSENT
    state, _ = go(full, state, Consent(True))
    assert state.phase is Phase.COMMENT
    state, _ = go(full, state, Edited("Cán bộ đến muộn"), Confirm())
    assert state.phase is Phase.DOSSIER
    state, effects = go(full, state, Skip())
    assert effects == (
        CommitVisit(
            answers=(3, 1, 1, 1, 1),
            channel="touch",
            reasons=("cho_lau", "tre_hen"),
            comment="Cán bộ đến muộn",
            phone="0912345678",
            consent=True,
        ),
    )


def low_phone(full) -> State:
    state, _ = full.handle(full.start(), Begin("key"))
    state, _ = go(full, state, Picked(None, "key"), Picked(None, "key"))
    state, _ = go(full, state, RatingChosen(2, "key"), *[RatingChosen(0, "key")] * 4)
    state, _ = go(full, state, Skip(), Confirm())
    assert state.phase is Phase.PHONE
    return state


def test_a_phone_number_without_consent_is_never_kept(full):
    state, _ = go(full, low_phone(full), Edited("0912345678"), Confirm(), Consent(False))
    assert state.phase is Phase.COMMENT and state.phone == "" and not state.consent
    state, effects = go(full, state, Skip(), Skip())
    assert effects[0].phone == "" and effects[0].consent is False


def test_a_wrong_phone_number_is_said_and_kept_for_correction(full):
    state, _ = go(full, low_phone(full), Edited("12345"), Confirm())
    assert state.phase is Phase.PHONE and state.notice == "phone"
    state, _ = go(full, state, Edited("0912345678"))
    assert state.notice is None
    assert go(full, state, Confirm())[0].phase is Phase.CONSENT


def test_no_phone_skips_consent_and_skip_clears_it(full):
    assert go(full, low_phone(full), Confirm())[0].phase is Phase.COMMENT
    state, _ = go(full, low_phone(full), Edited("0912345678"), Skip())
    assert state.phase is Phase.COMMENT and state.phone == ""


def test_changing_the_phone_after_consent_asks_again(full):
    state, _ = go(full, low_phone(full), Edited("0912345678"), Confirm(), Consent(True))
    state, _ = go(full, state, Back(), Back())
    assert state.phase is Phase.PHONE
    state, _ = go(full, state, Edited("0912345670"))
    assert not state.consent
    assert go(full, state, Confirm())[0].phase is Phase.CONSENT


def test_back_walks_every_step_in_reverse_keeping_answers(full):
    state, _ = full.handle(full.start(), Begin("touch"))
    state, _ = go(full, state, Picked("Q2", "touch"), Picked("CB3", "touch"))
    state, _ = go(full, state, RatingChosen(0, "touch"), RatingChosen(1, "touch"))
    assert (state.phase, state.question) == (Phase.RATE, 2)
    seen = []
    while state.phase is not Phase.ATTRACT:
        state, _ = full.handle(state, Back())
        seen.append((state.phase, state.question))
    assert seen == [
        (Phase.RATE, 1),
        (Phase.RATE, 0),
        (Phase.OFFICIAL, 0),
        (Phase.COUNTER, 0),
        (Phase.ATTRACT, 0),
    ]


def test_back_from_the_dossier_after_a_low_rating_reaches_the_comment(full):
    state, _ = go(full, low_phone(full), Skip(), Skip())
    assert state.phase is Phase.DOSSIER
    assert full.handle(state, Back())[0].phase is Phase.COMMENT


def test_changing_the_counter_forgets_the_official(full):
    state, _ = full.handle(full.start(), Begin("touch"))
    state, _ = go(full, state, Picked("Q1", "touch"), Picked("CB1", "touch"))
    state, _ = go(full, state, Back(), Back(), Picked("Q2", "touch"))
    assert state.official is None and state.phase is Phase.OFFICIAL
    assert go(full, state, Picked("CB1", "touch"))[0].phase is Phase.OFFICIAL, "not of Q2"


def test_unknown_counters_and_officials_are_ignored(full):
    state, _ = full.handle(full.start(), Begin("touch"))
    assert go(full, state, Picked("Q9", "touch"))[0].phase is Phase.COUNTER
    state, _ = go(full, state, Picked("Q1", "touch"))
    after, effects = go(full, state, Picked("CB9", "touch"))
    assert (after.phase, after.official, effects) == (Phase.OFFICIAL, None, ())


def test_list_steps_without_anyone_to_list_are_skipped(full):
    empty = Flow(full.survey, TIMING, Roster())
    state, _ = empty.handle(empty.start(), Begin("touch"))
    assert state.phase is Phase.RATE
    only_q2 = Flow(full.survey, TIMING, Roster.of([Counter("Q3", "Quầy 3")], ROSTER.officials))
    state, _ = only_q2.handle(only_q2.start(), Begin("touch"))
    state, _ = go(only_q2, state, Picked("Q3", "touch"))
    assert state.phase is Phase.RATE, "a counter with no officials goes straight to rating"


def test_idle_reset_mid_follow_up_forgets_everything(full):
    state, _ = go(full, low_phone(full), Edited("0912345678"))
    assert flow_phase(full.tick(state, 29.9)) is Phase.PHONE
    assert full.tick(state, 30.0) == ATTRACT
    fresh, _ = full.handle(full.tick(state, 30.0), Begin("touch"))
    assert fresh == replace(ATTRACT, phase=Phase.COUNTER)


def flow_phase(state: State) -> Phase:
    return state.phase


def test_the_comment_and_the_dossier_are_bounded(full):
    state, _ = go(full, low_phone(full), Skip())
    state, _ = go(full, state, Edited("ơ" * 900))
    assert len(state.comment) == 500
    state, _ = go(full, state, Confirm(), Edited("9" * 80))
    assert len(state.dossier) == 30


@pytest.mark.parametrize(
    ("number", "ok"),
    [("0912345678", True), ("02838123456", True), ("912345678", False), ("09123", False)],
)
def test_phone_numbers(number, ok):
    assert valid_phone(number) is ok

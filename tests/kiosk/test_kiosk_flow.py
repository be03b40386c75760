"""The visitor's path as a pure state machine, without a screen."""

from __future__ import annotations

import pytest

from kiosk.flow import Flow, Phase, Timing
from kiosk.intents import Activity, Begin, CommitVote, RatingChosen

TIMING = Timing(
    idle_seconds=30, thanks_seconds=4, error_seconds=15, warning_seconds=10, arm_seconds=0.3
)


@pytest.fixture
def flow() -> Flow:
    return Flow(level_count=4, timing=TIMING)


def rating(flow: Flow):
    state, effects = flow.handle(flow.start(), Begin("touch"))
    assert effects == ()
    return flow.tick(state, 0.5)


def test_kiosk_starts_on_the_attract_screen(flow):
    assert flow.start().phase is Phase.ATTRACT


def test_a_touch_on_attract_opens_the_rating_screen(flow):
    assert rating(flow).phase is Phase.RATE


def test_choosing_a_level_asks_for_a_commit_and_does_not_thank_yet(flow):
    state, effects = flow.handle(rating(flow), RatingChosen(1, "touch"))
    assert effects == (CommitVote(1, "touch"),)
    assert state.phase is Phase.SAVING


def test_only_a_saved_vote_leads_to_thanks(flow):
    saving, _ = flow.handle(rating(flow), RatingChosen(0, "key"))
    assert flow.vote_saved(saving).phase is Phase.THANKS
    assert flow.vote_failed(saving).phase is Phase.ERROR


def test_a_vote_cannot_be_reported_saved_when_none_is_pending(flow):
    with pytest.raises(ValueError):
        flow.vote_saved(rating(flow))


def test_choices_while_saving_or_thanking_cast_no_second_vote(flow):
    saving, _ = flow.handle(rating(flow), RatingChosen(0, "touch"))
    assert flow.handle(saving, RatingChosen(0, "touch"))[1] == ()
    thanks = flow.vote_saved(saving)
    assert flow.handle(thanks, RatingChosen(0, "touch")) == (thanks, ())
    assert flow.handle(thanks, Begin("touch")) == (thanks, ())


def test_thanks_returns_to_attract_after_thanks_seconds(flow):
    saving, _ = flow.handle(rating(flow), RatingChosen(0, "touch"))
    state = flow.tick(flow.vote_saved(saving), 3.9)
    assert state.phase is Phase.THANKS
    assert flow.tick(state, 0.2).phase is Phase.ATTRACT


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
    assert flow.tick(error, 15.0).phase is Phase.ATTRACT


def test_timing_comes_from_kiosk_settings(settings):
    timing = Timing.from_settings(settings.kiosk)
    assert timing.idle_seconds == settings.kiosk.idle_seconds
    assert timing.thanks_seconds == settings.kiosk.thanks_seconds
    assert timing.warning_seconds <= timing.idle_seconds

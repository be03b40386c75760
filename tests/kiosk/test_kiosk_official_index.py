"""Officials as photo cards; when they do not fit one page, an index of the given names' first
letters (Vietnamese order) and ranges of given names lead to a short list, without page turns."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.flow import Phase
from kiosk.official_index import Group, build_index, depth, letter_of
from kiosk.roster import Official, Roster
from kiosk.screens.choices import OfficialScreen
from lobby.demo_data import build_plan
from lobby.vnsort import ALPHABET
from tests.kiosk_driver import Driver

ROOT = Path(__file__).resolve().parents[2]
PLAN = build_plan(7)
ROSTER = Roster.of([], [Official(o.code, o.name, o.title) for o in PLAN.officials])


def test_the_letters_follow_the_vietnamese_alphabet_and_only_those_someone_has():
    top = build_index(ROSTER.officials, 6, 12, 21)
    letters = [g.label for g in top]
    order = [ALPHABET.index(letter.lower()) for letter in letters]
    assert order == sorted(order) and len(set(letters)) == len(letters)
    assert set(letters) == {letter_of(o) for o in ROSTER.officials}
    assert "Đ" in letters and "F" not in letters


def test_every_official_is_two_buttons_deep_and_every_list_fits_a_page():
    top = build_index(ROSTER.officials, 6, 12, 21)
    assert max(depth(top, o.code) for o in ROSTER.officials) <= 2

    def lists(node):
        for item in node:
            if isinstance(item, Group):
                assert len(item.children) <= (6 if not isinstance(item.children[0], Group) else 12)
                yield from lists(item.children)
            else:
                yield item

    assert sorted(o.code for o in lists(top)) == sorted(o.code for o in ROSTER.officials)


def test_few_officials_show_at_once_and_too_many_letters_share_buttons():
    assert build_index(ROSTER.officials[:5], 6, 12, 21) == ROSTER.officials[:5]
    top = build_index(ROSTER.officials, 3, 6, 10)
    assert len(top) <= 10 and top[0].label.startswith("A")
    owners = [{letter_of(o) for o in g.members} for g in top]
    # Neighbouring letters share a button; no letter is split over two.
    assert sum(len(letters) for letters in owners) == len(set().union(*owners))
    assert [o for g in top for o in g.members] == list(ROSTER.officials)


@pytest.mark.parametrize("size, inches, most", [((1280, 800), 10.1, 2), ((800, 480), 7.0, 3)])
def test_the_screen_plans_its_index_so_no_list_turns_a_page(size, inches, most, make_app):
    make_app(size, kiosk_toml=f"screen_diagonal_inches = {inches}")
    screen = OfficialScreen(size, ROSTER)
    top = screen.top()
    assert screen.indexing() and screen.pages == 1
    assert max(depth(top, o.code) for o in ROSTER.officials) <= most
    for _ in range(most):
        if not screen.indexing():
            break
        screen._open(screen.entries()[-1])
        assert screen.pages == 1
    assert not screen.indexing() and screen.pages == 1
    assert all(b.label_size >= screen.label_floor for b in screen.buttons)


def test_any_of_300_officials_in_four_taps_at_10_inches(make_app, store):
    from lobby.store import OfficialInput

    store.upsert_officials(
        OfficialInput(o.code, o.name, o.title, o.unit, "") for o in PLAN.officials
    )
    survey = ROOT / "tests" / "kiosk" / "official_survey.toml"
    app = make_app((1280, 800), kiosk_toml="screen_diagonal_inches = 10.1", survey_file=survey)
    kiosk = Driver(app)
    wanted = app.flow.roster.officials[150]
    kiosk.touch((640, 400))  # 1: the visit starts
    assert app.phase is Phase.OFFICIAL and app.screen.title.startswith("Tên")
    taps = 1
    while app.phase is Phase.OFFICIAL:
        kiosk.wait(0.4)
        target = next(
            b
            for b, e in zip(app.screen.buttons, app.screen.entries(), strict=True)
            if (isinstance(e, Group) and wanted in e.members) or e == wanted
        )
        kiosk.touch(target.rect.center)
        taps += 1
    assert app.phase is Phase.RATE and app.state.official == wanted.code
    assert taps <= 4
    kiosk.tap("Quay lại")
    assert app.phase is Phase.OFFICIAL and app.screen.title.startswith("Tên")  # from the top
    kiosk.wait(0.4)
    kiosk.touch(app.screen.buttons[0].rect.center)
    assert app.screen.path
    kiosk.tap("Quay lại")  # climbs the index, stays on the step
    assert app.phase is Phase.OFFICIAL and not app.screen.path

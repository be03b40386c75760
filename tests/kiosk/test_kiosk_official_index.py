"""Officials as photo cards; when they do not fit one page, an index of the given names' first
letters (Vietnamese order) and ranges of given names lead to a short list, without page turns:
every official of a 300-official office is four taps from the start of a visit (the start, two
index buttons, the card) on a 10.1" and on a 7" screen, walked by touch."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from kiosk import metrics, theme, wording
from kiosk.flow import Phase
from kiosk.official_index import Group, build_index, deepest, depth, letter_of
from kiosk.roster import Official, Roster
from kiosk.screens.choices import CROWDED_CAP_MM, OfficialScreen
from lobby.demo_data import build_plan
from lobby.store import OfficialInput
from lobby.vnsort import ALPHABET, given_name
from tests.kiosk.helpers_screens import check_label_contrast
from tests.kiosk_driver import Driver

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artefacts" / "kiosk" / "officials"
SURVEY = ROOT / "tests" / "kiosk" / "official_survey.toml"
PLAN = build_plan(7)
ROSTER = Roster.of([], [Official(o.code, o.name, o.title) for o in PLAN.officials])
# Given names a visitor may mix up: "An" and "Ánh" are filed under A, "Ân" under Â.
SIMILAR = (("SN01", "Nguyễn Văn An"), ("SN02", "Trần Thị Ân"), ("SN03", "Lê Ánh"))
SCREENS = [((1280, 800), 10.1), ((800, 480), 7.0)]
SCREEN_IDS = ["10in", "7in"]
# Seconds a visitor looks at a page before touching it (longer than the flow's arm_seconds).
READING = 0.4


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


def test_a_given_name_is_filed_under_one_label():
    # Where an index page holds a letter's names whole (20 buttons here); a letter whose whole
    # names need more buttons than a page holds is cut evenly (a name may end one range and
    # start the next: "Tâm – Thảo", "Thảo – Thắng").
    top = build_index(ROSTER.officials, 6, 20, 21)

    def leaves(node):
        for item in node:
            if isinstance(item, Group):
                if isinstance(item.children[0], Group):
                    yield from leaves(item.children)
                else:
                    yield item

    labels: dict[str, set[str]] = {}
    for leaf in leaves(top):
        for official in leaf.members:
            labels.setdefault(given_name(official.name), set()).add(leaf.label)
    for name, under in labels.items():
        # One label, or the name's own numbered pages ("Thủy (1)", "Thủy (2)").
        assert len(under) == 1 or all(label.startswith(f"{name} (") for label in under), under


def test_similar_given_names_have_their_own_letters():
    office = [*ROSTER.officials, *(Official(code, name) for code, name in SIMILAR)]
    roster = Roster.of([], office)
    top = build_index(roster.officials, 6, 12, 21)
    letters = [g.label for g in top]
    assert letters[:2] == ["A", "Â"]
    assert [o.name for o in top[1].members] == ["Trần Thị Ân"]
    under_a = [o.name for o in top[0].members]
    assert under_a.index("Nguyễn Văn An") < under_a.index("Lê Ánh")


@pytest.mark.parametrize(("size", "inches"), SCREENS, ids=SCREEN_IDS)
def test_the_screen_plans_its_index_so_no_list_turns_a_page(size, inches, make_app):
    make_app(size, kiosk_toml=f"screen_diagonal_inches = {inches}")
    screen = OfficialScreen(size, ROSTER)
    top = screen.top()
    assert screen.indexing() and screen.pages == 1
    assert max(depth(top, o.code) for o in ROSTER.officials) == deepest(top) == 2
    for _ in range(2):
        screen._open(screen.entries()[-1])
        assert screen.pages == 1
    assert not screen.indexing() and screen.pages == 1
    assert all(b.label_size >= screen.choice_floor for b in screen.buttons)
    # One size for every name of a page.
    assert len({b.label_size for b in screen.buttons}) == 1
    cap = metrics.cap_height_mm(screen.choice_floor, size, "bold")
    if inches > 7:
        assert screen.choice_floor == screen.label_floor  # 5 mm
    else:
        # 300 names at 5 mm would leave officials three index buttons deep on 7": smaller,
        # never under the 7" floor of choices, and no smaller than needed.
        assert CROWDED_CAP_MM - 0.01 <= cap < metrics.MIN_BODY_CAP_MM
        bigger = screen._plans_made()[0]
        assert bigger[0] == screen.label_floor and screen._depth(bigger[1]) > 2


def test_larger_text_gives_way_for_a_crowded_office_on_7_inches(make_app):
    make_app((800, 480), kiosk_toml='theme = "high_contrast"\nscreen_diagonal_inches = 7.0')
    try:
        screen = OfficialScreen((800, 480), ROSTER)
        assert theme.current().text_scale > 1 and screen.label_floor > screen.choice_floor
        assert deepest(screen.top()) == 2
        cap = metrics.cap_height_mm(screen.choice_floor, (800, 480), "bold")
        assert cap >= CROWDED_CAP_MM - 0.01
    finally:
        theme.use("standard")
        metrics.configure(metrics.DEFAULT_DIAGONAL_INCHES)


def test_a_short_list_on_7_inches_keeps_5_mm_names(make_app):
    make_app((800, 480), kiosk_toml="screen_diagonal_inches = 7.0")
    roster = Roster.of([], [Official(code, name) for code, name in SIMILAR])
    screen = OfficialScreen((800, 480), roster)
    assert not screen.indexing() and screen.pages == 1
    assert screen.choice_floor == screen.label_floor
    assert all(b.label_size >= screen.label_floor for b in screen.buttons)


def walk_to(kiosk: Driver, wanted: Official) -> int:
    """Touch index buttons, then the card of ``wanted``; return the taps (checking that every
    page on the way holds 20 mm targets with labels at the screen's floor, in one page)."""
    app, taps = kiosk.app, 0
    least = metrics.target_px(kiosk.size)
    while app.phase is Phase.OFFICIAL:
        screen = app.screen
        assert screen.pages == 1, "a page turn on the way"
        shown = list(zip(screen.buttons, screen.entries(), strict=True))
        assert all(min(b.rect.size) >= least for b, _ in shown)
        assert all(b.label_size >= screen.choice_floor for b, _ in shown)
        target = next(
            b for b, e in shown if e == wanted or (isinstance(e, Group) and wanted in e.members)
        )
        kiosk.wait(READING, frame=READING / 2)  # a touch as a page shows is not taken
        kiosk.touch(target.rect.center)
        taps += 1
    assert app.phase is Phase.RATE and app.state.official == wanted.code, wanted.name
    return taps


@pytest.mark.parametrize(("size", "inches"), SCREENS, ids=SCREEN_IDS)
def test_every_official_in_four_taps_from_the_start_by_touch(size, inches, make_app, store):
    store.upsert_officials(
        [
            *(OfficialInput(o.code, o.name, o.title, o.unit, "") for o in PLAN.officials),
            *(OfficialInput(code, name) for code, name in SIMILAR),
        ]
    )
    app = make_app(size, kiosk_toml=f"screen_diagonal_inches = {inches}", survey_file=SURVEY)
    kiosk = Driver(app)
    officials = app.flow.roster.officials
    assert len(officials) == len(PLAN.officials) + len(SIMILAR)
    kiosk.touch((size[0] // 2, size[1] // 2))  # the visit starts
    assert app.phase is Phase.OFFICIAL and app.screen.title == wording.INDEX_TITLE
    start = [e.label for e in app.screen.entries()]
    taps: dict[str, int] = {}
    for official in officials:
        if app.phase is Phase.RATE:
            kiosk.tap(wording.BACK)  # the rating's "Quay lại": the index as the start left it
            assert app.phase is Phase.OFFICIAL and not app.screen.path
            assert [e.label for e in app.screen.entries()] == start
        taps[official.name] = 1 + walk_to(kiosk, official)
    assert max(taps.values()) <= 4, max(taps.items(), key=lambda t: t[1])
    assert all(taps[name] <= 4 for _, name in SIMILAR)


@pytest.mark.parametrize(("size", "inches"), SCREENS, ids=SCREEN_IDS)
def test_the_index_climbs_with_back_and_its_pages_read_at_7_to_1(size, inches, make_app, store):
    store.upsert_officials(
        OfficialInput(o.code, o.name, o.title, o.unit, "") for o in PLAN.officials
    )
    app = make_app(size, kiosk_toml=f"screen_diagonal_inches = {inches}", survey_file=SURVEY)
    kiosk = Driver(app)
    name = SCREEN_IDS[SCREENS.index((size, inches))]
    SHOTS.mkdir(parents=True, exist_ok=True)
    kiosk.touch((size[0] // 2, size[1] // 2))
    pages = ["index", "ranges", "officials"]
    for page in pages:
        screen = app.screen
        screen.draw(app.surface)
        check_label_contrast(app.surface, f"{name} {page}", screen.targets)
        pygame.image.save(app.surface, str(SHOTS / f"{name}-{page}.png"))
        if page != pages[-1]:
            biggest = max(screen.entries(), key=lambda g: len(g.members))
            kiosk.wait(READING, frame=READING / 2)
            kiosk.touch(screen.buttons[screen.entries().index(biggest)].rect.center)
    assert app.phase is Phase.OFFICIAL and not app.screen.indexing()
    assert len(app.screen.path) == 2
    kiosk.wait(READING, frame=READING / 2)
    kiosk.tap(wording.BACK)  # climbs the index, stays on the step
    assert app.phase is Phase.OFFICIAL and len(app.screen.path) == 1
    kiosk.wait(READING, frame=READING / 2)
    kiosk.tap(wording.BACK)
    assert app.phase is Phase.OFFICIAL and app.screen.title == wording.INDEX_TITLE


def test_a_double_tap_opens_one_level_of_the_index(make_app, store):
    store.upsert_officials(
        OfficialInput(o.code, o.name, o.title, o.unit, "") for o in PLAN.officials
    )
    app = make_app((800, 480), kiosk_toml="screen_diagonal_inches = 7.0", survey_file=SURVEY)
    kiosk = Driver(app)
    kiosk.touch((400, 240))
    kiosk.wait(READING, frame=READING / 2)
    letter = app.screen.buttons[0].rect.center
    kiosk.touch(letter)
    kiosk.touch(letter)  # the second tap, a frame later, lands on the level just shown
    assert len(app.screen.path) == 1 and app.screen.indexing()
    kiosk.wait(READING, frame=READING / 2)
    kiosk.touch(app.screen.buttons[0].rect.center)
    kiosk.touch(app.screen.buttons[0].rect.center)  # on the list: no official chosen unseen
    assert app.phase is Phase.OFFICIAL and not app.screen.indexing()
    kiosk.wait(READING, frame=READING / 2)
    kiosk.touch(app.screen.buttons[0].rect.center)
    assert app.phase is Phase.RATE

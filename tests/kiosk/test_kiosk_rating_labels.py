"""A scale's rating labels read as one row: one size and weight, all on a plate or none, all
starting at the same height. From 10.1" up every label keeps one line of 5 mm text, for the
shipped surveys' scales (4, 3 and 2 levels) and the 5-level one down to "Rất không hài lòng"
(the buttons become a column of bars beside the question where a row is too narrow for them);
on a 7" screen labels may wrap, but then all take as many lines. Every target stays 20 mm."""

from __future__ import annotations

import itertools
from pathlib import Path

import pygame
import pytest

from kiosk import metrics, text_blocks, theme
from kiosk.screens import step
from kiosk.screens.idle_rating import IdleRatingScreen
from kiosk.screens.rating import RatingScreen
from lobby.settings import settings_from_dict
from lobby.survey import load_survey, survey_from_dict

ROOT = Path(__file__).resolve().parents[2]
FACES = {2: ["happy", "unhappy"], 3: ["happy", "neutral", "unhappy"]}
FACES[4] = ["very_happy", "happy", "neutral", "unhappy"]
FACES[5] = [*FACES[4], "very_unhappy"]
COLOURS = ["#1B6B36", "#3E8E2F", "#9A6700", "#C0392B", "#8E1B1B"]
FIVE = ["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng"]
THREE = ["Hài lòng", "Bình thường", "Không hài lòng"]
QUESTION = "Ông/Bà hài lòng với việc giải quyết công việc hôm nay?"


def scale_survey(labels: list[str], not_applicable: bool = False):
    """Return a survey whose questions use ``labels``: the overall one, then one that allows
    "Không áp dụng"."""

    def levels():
        faces = FACES[len(labels)]
        return [
            {"key": f"muc_{i}", "label": lb, "colour": c, "face": f, "satisfied": i == 0}
            for i, (lb, c, f) in enumerate(zip(labels, COLOURS, faces, strict=False))
        ]

    questions = [{"key": "overall", "text": QUESTION, "levels": levels()}]
    questions.append(
        {"key": "lan_hai", "text": QUESTION, "levels": levels(), "not_applicable": not_applicable}
    )
    return survey_from_dict({"id": "thang", "questions": questions})


SURVEYS = [
    load_survey(ROOT / "assets" / name)
    for name in ("survey.toml", "survey-full.toml", "survey-quick.toml")
] + [scale_survey(FIVE, not_applicable=True), scale_survey(THREE, not_applicable=True)]
LARGE = [((1280, 800), 10.1), ((1920, 1080), 15.6), ((800, 1280), 10.1), ((1080, 1920), 21.5)]
SEVEN_INCH = ((800, 480), 7.0)
SHOTS = ROOT / "test-artefacts" / "screens" / "rating"


@pytest.fixture(autouse=True)
def standard_afterwards():
    yield
    theme.use("standard")
    metrics.configure(metrics.DEFAULT_DIAGONAL_INCHES)
    step.show_repeat(False)


def rating_screens(size, inches, look: str = "standard"):
    """Yield (question's levels, screen, labels drawn, every text drawn) for every question of
    every survey, with and without "Quay lại"; the idle rating screen too."""
    settings = {"screen_diagonal_inches": inches, "theme": look}
    theme.configure(settings_from_dict({"kiosk": settings}).kiosk)
    pygame.display.set_mode(size)
    for survey in SURVEYS:
        for number, question in enumerate(survey.questions):
            for back in (False, True):
                with text_blocks.recording() as drawn:
                    if number == 0 and not back:
                        screen = IdleRatingScreen(size, survey)
                    else:
                        screen = RatingScreen(size, survey, number, back=back)
                labels = {lv.label.replace(" ", "") for lv in question.levels}
                shown = [d for d in drawn if d.text.replace(" ", "") in labels]
                yield question.levels, screen, shown, drawn


def label_lines(screen, button) -> int:
    """Return how many lines a rating button's label takes, from the box it was drawn in."""
    plate = 2 * text_blocks.plate_pad(screen.label_size) if button.chip else 0
    line = text_blocks.line_height(screen.label_size, "bold")
    return round((button.label_box.height - plate) / line)


@pytest.mark.parametrize("size, inches", [*LARGE, SEVEN_INCH])
def test_labels_of_a_scale_share_size_weight_plate_and_top(size, inches):
    for levels, screen, shown, _ in rating_screens(size, inches):
        assert len(shown) == len(levels), [d.text for d in shown]
        assert len({(d.size, d.weight) for d in shown}) == 1, shown
        plates = [d.behind != tuple(lv.rgb) for d, lv in zip(shown, levels, strict=True)]
        assert all(plates) or not any(plates), f"chips differ: {plates}"
        if screen.layout.horizontal:  # a row: the labels' tops on one line
            assert len({b.label_box.top for b in screen.buttons}) == 1, "labels start unevenly"


@pytest.mark.parametrize("size, inches", LARGE)
def test_from_10_inches_every_label_keeps_one_line_of_5_mm_text(size, inches):
    seen = set()
    for levels, screen, shown, _ in rating_screens(size, inches):
        seen.add(len(levels))
        label_size = shown[0].size
        assert metrics.cap_height_mm(label_size, size, "bold", inches) >= 5.0 - 0.01
        for button in screen.buttons:
            assert label_lines(screen, button) == 1, f"{button.label!r} wraps at {size}"
    assert seen == {2, 3, 4, 5}


def test_a_10_inch_portrait_footer_stacks_its_hint_over_its_buttons():
    size = (800, 1280)
    for _, screen, _, _ in rating_screens(size, 10.1):
        assert screen.layout.stacked
        for button in (screen.back_button, screen.na_button):
            if button is not None:  # under the hint, in the footer
                assert screen.footer.bottom <= button.rect.top
                assert screen.layout.footer.contains(button.rect)
        for button in screen.buttons:  # over the footer
            assert button.rect.bottom <= screen.layout.footer.top
    landscape = [s for _, s, _, _ in rating_screens((1280, 800), 10.1)]
    assert not any(s.layout.stacked for s in landscape)


def test_at_10_inches_five_levels_become_a_column_beside_the_question():
    size = (1280, 800)
    screens = [s for lv, s, _, _ in rating_screens(size, 10.1) if len(lv) >= 4]
    assert screens and all(s.layout.side for s in screens)
    for screen in screens:
        column = screen.buttons[0].rect
        assert all(b.rect.left == column.left for b in screen.buttons)
        assert screen.layout.question.right < column.left


BADGE_SIZES = [SEVEN_INCH, ((1280, 800), 10.1), ((1920, 1080), 15.6)]
BADGE_SIZES += [((1080, 1920), 21.5), ((800, 1280), 10.1)]


@pytest.mark.parametrize("look", ["standard", "large_text"])
@pytest.mark.parametrize("size, inches", BADGE_SIZES)
def test_number_badge_face_and_label_never_overlap(size, inches, look):
    # Where the face, centred, would meet the badge in the corner (a 7" row of five), the two
    # share a row; in a bar the face starts right of the badge or goes under it.
    seen = set()
    for levels, screen, _, _ in rating_screens(size, inches, look):
        seen.add(len(levels))
        for button in screen.buttons:
            badge, face, label = button.badge_box, button.face_box, button.label_box
            where = (button.label, len(levels), badge, face, label)
            assert button.rect.contains(badge) and button.rect.contains(face), where
            assert not badge.colliderect(face), where
            assert not label.colliderect(face) and not label.colliderect(badge), where
            assert face.width / metrics.px_per_mm(size, inches) >= 7.5, where
    assert seen == {2, 3, 4, 5}


@pytest.mark.parametrize("size, inches", [SEVEN_INCH, ((1280, 800), 10.1), ((800, 1280), 10.1)])
def test_screenshots_of_the_5_4_and_3_level_scales(size, inches):
    shown = {}
    for levels, screen, _, _ in rating_screens(size, inches):
        if len(levels) >= 3 and isinstance(screen, RatingScreen) and screen.back_button:
            shown.setdefault(len(levels), screen)
    assert set(shown) == {3, 4, 5}
    SHOTS.mkdir(parents=True, exist_ok=True)
    surface = pygame.display.get_surface()
    for count, screen in shown.items():
        screen.draw(surface)
        for button in screen.buttons:  # each button drawn in its own colour, where laid out
            r = button.rect
            samples = [
                tuple(surface.get_at((x, y)))[:3]
                for x in range(r.left, r.right, 4)
                for y in range(r.top, r.bottom, 4)
            ]
            assert samples.count(tuple(button.colour)) / len(samples) >= 0.3, button.label
        pygame.image.save(surface, SHOTS / f"{size[0]}x{size[1]}-{inches:g}in-{count}-levels.png")


def test_on_a_7_inch_screen_labels_that_wrap_all_take_as_many_lines():
    wrapped = set()
    for levels, screen, _, _ in rating_screens(*SEVEN_INCH):
        lines = [label_lines(screen, b) for b in screen.buttons]
        if max(lines) > 1:
            wrapped.add(len(levels))
            # A one-word label cannot wrap; every other takes as many lines as the longest.
            many = [n for n, b in zip(lines, screen.buttons, strict=True) if " " in b.label]
            assert len(set(many)) == 1, dict(
                zip([b.label for b in screen.buttons], lines, strict=True)
            )
    assert {4, 5} <= wrapped, "the 4- and 5-level scales wrap on a 7-inch screen"


@pytest.mark.parametrize("speech", [False, True])
@pytest.mark.parametrize(
    "size, inches, look",
    [(s, d, "standard") for s, d in [*LARGE, SEVEN_INCH]]
    + [((1280, 800), 10.1, "large_text"), ((1280, 800), 10.1, "high_contrast")],
)
def test_every_target_keeps_20_mm_and_every_text_5_mm_in_every_layout(size, inches, look, speech):
    # With "Nghe lại" (speech) a long question beside it on a narrow portrait screen gives way
    # below 5 mm, as the step screens' titles do: text sizes are checked without it. A 10.1"
    # portrait screen (136 mm wide) stacks its footer: the hint over "Quay lại" and "Không áp
    # dụng", the idle warning on three lines.
    step.show_repeat(speech)
    per_mm = metrics.px_per_mm(size, inches)
    bounds = pygame.Rect((0, 0), size)
    for _, screen, _, drawn in rating_screens(size, inches, look):
        targets = screen.targets
        assert (screen.repeat_button is not None) == speech
        for target in targets:
            w, h = (side / per_mm for side in target.rect.size)
            assert min(w, h) >= 20.0 - 0.5 / per_mm, (target.label, round(w, 1), round(h, 1))
            assert bounds.contains(target.rect), target.label
            assert target.rect.contains(target.label_box), (target.label, "label overflows")
        for a, b in itertools.combinations(targets, 2):
            assert not a.rect.colliderect(b.rect), (a.label, b.label)
        with text_blocks.recording() as warned:
            screen.set_countdown(9)
        drawn = [*drawn, *warned]
        if (size, inches) != SEVEN_INCH and look == "standard" and not speech:
            small = [
                (d.text, round(metrics.cap_height_mm(d.size, size, d.weight, inches), 2))
                for d in drawn
                if metrics.cap_height_mm(d.size, size, d.weight, inches) < 5.0 - 0.01
            ]
            assert small == []

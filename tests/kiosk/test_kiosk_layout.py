"""Rating buttons fit any screen size and orientation: inside, apart, big, labels inside."""

from __future__ import annotations

import itertools

import pygame
import pytest

from kiosk.flow import Phase
from kiosk.layout import rating_layout
from lobby.survey import survey_from_dict

SIZES = [(1920, 1080), (1280, 800), (800, 480), (1080, 1920)]
LABELS = [
    "Rất hài lòng",
    "Hài lòng",
    "Khá hài lòng",
    "Bình thường",
    "Chưa hài lòng",
    "Không hài lòng",
    "Rất không hài lòng",
]
FACES = ["very_happy", "happy", "happy", "neutral", "unhappy", "unhappy", "very_unhappy"]


def survey_of(count: int):
    picked = LABELS[: count - 1] + LABELS[-1:]
    levels = [
        {
            "key": f"muc_{i}",
            "label": label,
            "colour": "#3E8E2F",
            "face": FACES[i],
            "satisfied": i < 2,
        }
        for i, label in enumerate(picked)
    ]
    return survey_from_dict({"id": "thu", "question": "Ông/Bà hài lòng không?", "levels": levels})


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("count", range(2, 8))
def test_buttons_lie_inside_the_screen_without_overlapping(size, count):
    layout = rating_layout(size, count)
    screen = pygame.Rect((0, 0), size)
    assert len(layout.buttons) == count
    for rect in layout.buttons:
        assert screen.contains(rect)
        assert not rect.colliderect(layout.question) and not rect.colliderect(layout.footer)
    for a, b in itertools.combinations(layout.buttons, 2):
        assert not a.colliderect(b)
        gap = max(b.left - a.right, b.top - a.bottom, a.left - b.right, a.top - b.bottom)
        assert gap >= 8


@pytest.mark.parametrize("count", range(2, 8))
def test_buttons_are_at_least_about_20_mm_on_a_full_hd_lobby_screen(count):
    for rect in rating_layout((1920, 1080), count).buttons:
        assert min(rect.size) >= 80


@pytest.mark.parametrize("size", SIZES)
def test_buttons_read_in_order_left_to_right_or_top_to_bottom(size):
    rects = rating_layout(size, 5).buttons
    assert [r.left for r in rects] == sorted(r.left for r in rects)
    assert [r.top for r in rects] == sorted(r.top for r in rects)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("count", [2, 4, 7])
def test_labels_fit_inside_their_buttons(make_app, size, count):
    app = make_app(size=size, app_survey=survey_of(count))
    for button in app.screens[Phase.RATE].buttons:
        assert button.rect.contains(button.label_box), button.label


@pytest.mark.parametrize("size", SIZES)
def test_every_screen_draws_at_every_size(make_app, size):
    app = make_app(size=size)
    for phase in (Phase.ATTRACT, Phase.RATE, Phase.THANKS, Phase.ERROR):
        app.screens[phase].draw(app.surface)


def test_drawing_changes_nothing(make_app):
    app = make_app(size=(1280, 800))
    for phase in (Phase.ATTRACT, Phase.RATE, Phase.THANKS, Phase.ERROR):
        state = app.state
        app.screens[phase].draw(app.surface)
        first = pygame.image.tobytes(app.surface, "RGB")
        app.screens[phase].draw(app.surface)
        assert pygame.image.tobytes(app.surface, "RGB") == first
        assert app.state == state

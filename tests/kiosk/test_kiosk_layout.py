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
UNPAINTED = (255, 0, 255)  # no screen draws this magenta: a pixel left so was not painted


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


def colour_share(surface: pygame.Surface, rect: pygame.Rect, colour, step: int = 3) -> float:
    """Return the share of ``rect``'s pixels (every ``step``-th) that are ``colour``."""
    samples = [
        tuple(surface.get_at((x, y)))[:3]
        for x in range(rect.left, rect.right, step)
        for y in range(rect.top, rect.bottom, step)
    ]
    return samples.count(tuple(colour)) / len(samples)


@pytest.mark.parametrize("size", SIZES)
def test_every_screen_paints_the_whole_display_and_more_than_its_background(make_app, size):
    app = make_app(size=size)
    whole = app.surface.get_rect()
    for phase in (Phase.ATTRACT, Phase.RATE, Phase.THANKS, Phase.ERROR):
        app.surface.fill(UNPAINTED)
        app.screens[phase].draw(app.surface)
        assert colour_share(app.surface, whole, UNPAINTED, step=4) == 0, phase
        colours = {
            tuple(app.surface.get_at((x, y)))[:3]
            for x in range(0, size[0], 4)
            for y in range(0, size[1], 4)
        }
        assert len(colours) > 2, (phase, colours)


@pytest.mark.parametrize("size", SIZES)
def test_rating_buttons_are_drawn_where_the_layout_puts_them(make_app, size):
    app = make_app(size=size)
    screen = app.screens[Phase.RATE]
    app.surface.fill(UNPAINTED)
    screen.draw(app.surface)
    layout = rating_layout(size, len(screen.buttons))
    assert [b.rect for b in screen.buttons] == list(layout.buttons)
    for button in screen.buttons:
        # The button's colour fills most of its own rectangle and no other button's.
        assert colour_share(app.surface, button.rect, button.colour) >= 0.3, button.label
        for other in screen.buttons:
            if other is not button:
                assert colour_share(app.surface, other.rect, button.colour) < 0.05, button.label


def test_drawing_changes_nothing(make_app):
    app = make_app(size=(1280, 800))
    for phase in (Phase.ATTRACT, Phase.RATE, Phase.THANKS, Phase.ERROR):
        state = app.state
        app.screens[phase].draw(app.surface)
        first = pygame.image.tobytes(app.surface, "RGB")
        app.screens[phase].draw(app.surface)
        assert pygame.image.tobytes(app.surface, "RGB") == first
        assert app.state == state

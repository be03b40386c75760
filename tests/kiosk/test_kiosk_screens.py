"""Every visitor screen at every size and in every theme, reached by touch: targets of at least
20 mm that do not overlap, labels inside their targets, every text at 7:1 on what it sits on and
(where the layout allows it) 5 mm capitals, and a screenshot of each under test-artefacts/screens/.

Contrast is checked twice: every text the screens render goes through text_blocks.render, which
records its ink and the colour it sits on (``text_blocks.recording``); and the pixels under every
button's label are sampled on the drawn frame, so a wrong claim about a background shows too.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pygame
import pytest

from kiosk import metrics, text_blocks, theme
from kiosk.screens import step
from kiosk.theme import MIN_TEXT_CONTRAST, contrast
from tests.kiosk.helpers_screens import check_label_contrast, walk_every_screen
from tests.kiosk.visit_fixtures import FULL_SURVEY
from tests.kiosk_driver import Driver

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artefacts" / "screens"
SIZES = [(800, 480), (1280, 800), (1920, 1080), (1080, 1920)]
SHOT_SIZES = {(1280, 800), (1080, 1920)}
THEMES = ["standard", "large_text", "high_contrast"]
# Screenshots for review: the standard look (file names without a theme) and high contrast.
SHOT_THEMES = {"standard": "", "high_contrast": "high_contrast-"}
MIN_TARGET_MM = 20.0
MIN_BODY_MM = metrics.MIN_BODY_CAP_MM
# Texts allowed under 5 mm capitals, by the words they show: none at these sizes (see
# test_kiosk_text_physical.py for real screens, where on a 7" some truly cannot be 5 mm).
SMALL_TEXT_EXCEPTIONS: frozenset[str] = frozenset()


@pytest.fixture(autouse=True)
def standard_theme_afterwards():
    """Leave the standard theme, default diagonal and no "Nghe lại" for the tests that follow."""
    yield
    theme.use("standard")
    metrics.configure(metrics.DEFAULT_DIAGONAL_INCHES)
    step.show_repeat(False)


def check_drawn_text(drawn: list[text_blocks.Drawn], size: tuple[int, int]) -> None:
    """Every text said what it sits on, reads at 7:1 there, and has 5 mm capitals."""
    for item in drawn:
        assert item.behind is not None, f"{item.text!r} was drawn without saying on what"
        ratio = contrast(item.ink, item.behind)
        assert ratio >= MIN_TEXT_CONTRAST, (item.text, item.ink, item.behind, round(ratio, 2))
        cap = metrics.cap_height_mm(item.size, size, item.weight)
        if item.text.strip() and item.text not in SMALL_TEXT_EXCEPTIONS:
            assert cap >= MIN_BODY_MM - 0.01, (item.text, size, round(cap, 2))


def check_screen(driver: Driver, name: str) -> None:
    """Check the current screen's targets and labels; save its screenshot at the review sizes."""
    app, size = driver.app, driver.size
    screen = app.screen
    bounds = pygame.Rect((0, 0), size)
    least = metrics.mm_to_px(MIN_TARGET_MM, size)
    targets = list(getattr(screen, "targets", []))
    for target in targets:
        assert bounds.contains(target.rect), (name, target.label)
        assert min(target.rect.size) >= least - 0.5, (name, target.label, target.rect, least)
        assert target.rect.contains(target.label_box), (name, target.label, "label overflows")
    for a, b in itertools.combinations(targets, 2):
        assert not a.rect.colliderect(b.rect), (name, a.label, b.label)
    app.screen.draw(app.surface)
    check_label_contrast(app.surface, name, targets)
    look = theme.current().name
    if size in SHOT_SIZES and look in SHOT_THEMES:
        SHOTS.mkdir(parents=True, exist_ok=True)
        shot = f"{size[0]}x{size[1]}-{SHOT_THEMES[look]}{name}.png"
        pygame.image.save(app.surface, SHOTS / shot)


@pytest.mark.parametrize("look", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_screen_at_every_size_and_theme_is_big_separate_and_readable(
    make_app, office_store, size, look
):
    with text_blocks.recording() as drawn:
        app = make_app(
            size=size,
            app_store=office_store,
            survey_file=FULL_SURVEY,
            # Large text and high contrast also show "Nghe lại" (spoken prompts are on).
            kiosk_toml=f'theme = "{look}"\nspeech = {str(look != "standard").lower()}',
        )
        seen = walk_every_screen(Driver(app), check_screen)
    assert len(seen) == 23
    assert theme.current().name == look
    assert step.repeat_shown() == app.speaker.available
    assert len(drawn) > 100  # the recorder saw the screens' texts
    check_drawn_text(drawn, size)


def test_every_kiosk_sentence_has_its_glyphs_in_the_font():
    from kiosk import fonts, wording

    shown = [v for v in vars(wording).values() if isinstance(v, str)]
    shown += [wording.page_of(1, 2), wording.idle_warning(9)]
    assert fonts.missing_glyphs(" ".join(shown)) == []

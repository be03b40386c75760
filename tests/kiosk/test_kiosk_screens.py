"""Every visitor screen at every size and in every theme, reached by touch: targets of at least
20 mm that do not overlap, labels inside their targets, every text at 7:1 on what it sits on and
(where the layout allows it) 5 mm capitals, and a screenshot of each under test-artefacts/screens/.

Contrast is checked twice: every text the screens render goes through kiosk.text.render, which
records its ink and the colour it sits on (``text.recording``); and the pixels under every
button's label are sampled on the drawn frame, so a wrong claim about a background shows too.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pygame
import pytest

from kiosk import metrics, text, theme
from kiosk.flow import Phase, State
from kiosk.screens import step
from kiosk.theme import MIN_TEXT_CONTRAST, contrast
from tests.kiosk.test_kiosk_contrast import dominant_behind_text
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


def check_label_contrast(surface: pygame.Surface, name: str, targets) -> None:
    """Sample the drawn pixels under every label: the commonest other colour is what it sits on."""
    for target in targets:
        if target.label_box.width < 2 or target.label_box.height < 2:
            continue
        behind = dominant_behind_text(surface, target.label_box, target.text_colour)
        ratio = contrast(target.text_colour, behind)
        assert ratio >= MIN_TEXT_CONTRAST, (name, target.label, target.text_colour, behind, ratio)


def check_drawn_text(drawn: list[text.Drawn], size: tuple[int, int]) -> None:
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


def walk_every_screen(driver: Driver, check=None) -> list[str]:
    """Visit every screen by touch, checking each (``check_screen`` unless ``check`` is given);
    return the names in order."""
    seen = []

    def at(phase: Phase, name: str | None = None) -> None:
        assert driver.app.phase is phase, (driver.app.phase, phase)
        label = name or phase.value
        (check or check_screen)(driver, label)
        seen.append(label)

    driver.step()
    at(Phase.ATTRACT)
    driver.tap("Thông tin công khai")
    at(Phase.INFO, "info-1")
    driver.tap("Trang sau", dt=0.4)
    at(Phase.INFO, "info-2")
    driver.tap("Quay lại")
    driver.touch((driver.size[0] // 3, driver.size[1] // 2))
    at(Phase.COUNTER)
    driver.wait(0.4)
    driver.tap("Quầy 1")
    at(Phase.OFFICIAL)
    driver.wait(0.4)
    driver.tap("Trần Thị An")
    for number in range(len(driver.app.survey.questions)):
        at(Phase.RATE, f"question-{number + 1}")
        driver.wait(0.4)
        driver.touch(driver.app.screen.buttons[-1].rect.center)
    at(Phase.REASONS)
    driver.tap("Phải chờ lâu")
    at(Phase.REASONS, "reasons-chosen")
    driver.tap("Tiếp tục")
    at(Phase.APOLOGY)
    driver.tap("Tiếp tục")
    at(Phase.PHONE)
    for digit in "091234567":
        driver.tap(digit)
    driver.tap("Tiếp tục")
    at(Phase.PHONE, "phone-invalid")
    driver.tap("8")
    driver.tap("Tiếp tục")
    at(Phase.CONSENT)
    driver.tap("Tôi đồng ý để cơ quan lưu số điện thoại này để gọi lại")
    at(Phase.COMMENT)
    for letter in "tooi":
        driver.tap(letter)
    at(Phase.COMMENT, "comment-typed")
    driver.tap("Tiếp tục")
    at(Phase.DOSSIER)
    driver.tap("Bỏ qua", dt=0.0)
    at(Phase.THANKS)
    flow = driver.app.flow
    driver.app._set_state(flow.vote_failed(State(Phase.SAVING)))
    at(Phase.ERROR)
    driver.app._set_state(State(Phase.SAVING))
    at(Phase.SAVING)
    return seen


@pytest.mark.parametrize("look", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_screen_at_every_size_and_theme_is_big_separate_and_readable(
    make_app, office_store, size, look
):
    with text.recording() as drawn:
        app = make_app(
            size=size,
            app_store=office_store,
            survey_file=FULL_SURVEY,
            # Large text and high contrast also show "Nghe lại" (spoken prompts are on).
            kiosk_toml=f'theme = "{look}"\nspeech = {str(look != "standard").lower()}',
        )
        seen = walk_every_screen(Driver(app))
    assert len(seen) == 22
    assert theme.current().name == look
    assert step.repeat_shown() == app.speaker.available
    assert len(drawn) > 100  # the recorder saw the screens' texts
    check_drawn_text(drawn, size)


def test_every_kiosk_sentence_has_its_glyphs_in_the_font():
    from kiosk import fonts, texts

    shown = [v for v in vars(texts).values() if isinstance(v, str)]
    shown += [texts.page_of(1, 2), texts.idle_warning(9)]
    assert fonts.missing_glyphs(" ".join(shown)) == []

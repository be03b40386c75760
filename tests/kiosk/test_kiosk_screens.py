"""Every visitor screen at every size, reached by touch: targets of at least 20 mm that do not
overlap, labels inside their targets, and a screenshot of each under test-artefacts/screens/."""

from __future__ import annotations

import itertools
from pathlib import Path

import pygame
import pytest

from kiosk import metrics
from kiosk.flow import Phase, State
from tests.kiosk.visit_fixtures import FULL_SURVEY
from tests.kiosk_driver import Driver

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artefacts" / "screens"
SIZES = [(800, 480), (1280, 800), (1920, 1080), (1080, 1920)]
SHOT_SIZES = {(1280, 800), (1080, 1920)}
MIN_TARGET_MM = 20.0


def check_screen(driver: Driver, name: str) -> None:
    """Check the current screen's targets and save its screenshot at the review sizes."""
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
    if size in SHOT_SIZES:
        SHOTS.mkdir(parents=True, exist_ok=True)
        pygame.image.save(app.surface, SHOTS / f"{size[0]}x{size[1]}-{name}.png")


def walk_every_screen(driver: Driver) -> list[str]:
    """Visit every screen by touch, checking each; return the names in order."""
    seen = []

    def at(phase: Phase, name: str | None = None) -> None:
        assert driver.app.phase is phase, (driver.app.phase, phase)
        label = name or phase.value
        check_screen(driver, label)
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


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_screen_at_every_size_has_big_separate_targets(make_app, office_store, size):
    driver = Driver(make_app(size=size, app_store=office_store, survey_file=FULL_SURVEY))
    seen = walk_every_screen(driver)
    assert len(seen) == 22


def test_every_kiosk_sentence_has_its_glyphs_in_the_font():
    from kiosk import fonts, texts

    shown = [v for v in vars(texts).values() if isinstance(v, str)]
    shown += [texts.page_of(1, 2), texts.idle_warning(9)]
    assert fonts.missing_glyphs(" ".join(shown)) == []

"""Screen checks shared by the kiosk's screen tests: what a label's pixels sit on, and a walk
through every visitor screen by touch. Kept here so test modules do not import one another."""

from __future__ import annotations

from collections import Counter

import pygame

from kiosk.flow import Phase, State
from kiosk.theme import contrast
from tests.kiosk_driver import Driver

# WCAG's enhanced contrast (AAA) for text: the requirement, whatever kiosk.theme asks for.
AAA = 7.0


def dominant_behind_text(surface: pygame.Surface, box: pygame.Rect, ink) -> tuple[int, int, int]:
    """The commonest colour in ``box`` that is not the text's own colour: what the text sits on."""
    counts: Counter = Counter()
    for x in range(box.left, box.right, 2):
        for y in range(box.top, box.bottom, 2):
            colour = tuple(surface.get_at((x, y)))[:3]
            if colour != ink:
                counts[colour] += 1
    return counts.most_common(1)[0][0]


def check_label_contrast(surface: pygame.Surface, name: str, targets) -> None:
    """Sample the drawn pixels under every label: the commonest other colour is what it sits on."""
    for target in targets:
        if target.label_box.width < 2 or target.label_box.height < 2:
            continue
        behind = dominant_behind_text(surface, target.label_box, target.text_colour)
        ratio = contrast(target.text_colour, behind)
        assert ratio >= AAA, (name, target.label, target.text_colour, behind, ratio)


def walk_every_screen(driver: Driver, check) -> list[str]:
    """Visit every screen of the full survey by touch, calling ``check(driver, name)`` on each;
    return the names in order."""
    seen = []

    def at(phase: Phase, name: str | None = None) -> None:
        assert driver.app.phase is phase, (driver.app.phase, phase)
        label = name or phase.value
        check(driver, label)
        seen.append(label)

    driver.step()
    at(Phase.ATTRACT)
    driver.tap("Thông tin công khai")
    at(Phase.INFO, "info-kinds")
    driver.tap(driver.app.screen.buttons[1].label, dt=0.4)  # the contacts: QR codes, a body
    at(Phase.INFO, "info-list")
    driver.tap(driver.app.screen.buttons[0].label)
    at(Phase.INFO, "info-item")
    for _level in ("item", "list", "kinds"):
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

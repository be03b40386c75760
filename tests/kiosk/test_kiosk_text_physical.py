"""Every visitor screen on real screens, walked by touch (the walk of test_kiosk_screens.py):
every text drawn, the idle warning included, has capitals of at least 5 mm on the physical
screen.

Checked on a 10.1" 1280x800 (standard and high contrast), a 15.6" 1920x1080 and a 21.5"
1080x1920 (portrait) screen; a 21.5" 1920x1080 (the default diagonal) in every theme is
checked by test_kiosk_screens.py. No text is under 5 mm there in the standard theme (with
high contrast's larger text, a few kinds are allowed smaller: LARGER_TEXT_FLOORS). On a 7"
800x480 (91 mm tall) not everything fits: the exceptions are stated below by kind of text,
each with its own floor.
A text's kind comes from the screen that rendered it (while it was made or shown).
"""

from __future__ import annotations

import pytest

from kiosk import metrics, text_blocks, theme, wording
from kiosk.flow import Phase
from kiosk.qr import links
from kiosk.screens import step
from tests.kiosk.helpers_screens import walk_every_screen
from tests.kiosk.helpers_text import MIN_CAP_MM, SEVEN_INCH_FLOORS
from tests.kiosk.visit_fixtures import FULL_SURVEY
from tests.kiosk_driver import Driver

SEVEN_INCH = ((800, 480), 7.0)
SCREENS = [
    ((1280, 800), 10.1, "standard"),
    ((1920, 1080), 15.6, "standard"),
    ((1080, 1920), 21.5, "standard"),
    ((1280, 800), 10.1, "high_contrast"),
    ((800, 480), 7.0, "standard"),
    ((800, 480), 7.0, "high_contrast"),
]

# From 10.1" up, with a theme's larger text (high contrast): the keyboard's wide keys, the
# attract screen's slogan lists (stated in test_kiosk_screens_physical.py), the page buttons
# of the information screen (its navigation goes aside so that its pages keep 5 mm) and an
# e-mail address under its QR code (the page's words take the width first).
LARGER_TEXT_FLOORS = {"key": 4.4, "attract": 4.4, "navigation": 4.5, "caption": 3.2}


def kind_of(key, item: text_blocks.Drawn, screen) -> str:
    """Return the kind of a drawn text, which the 7" exceptions are named by."""
    words = " ".join(item.text.split())

    def same(*shown: str) -> bool:
        return any(words == " ".join(s.split()) for s in shown if s)

    if key == Phase.ATTRACT:
        return "attract"
    nav = [*getattr(screen, "nav_buttons", []), *getattr(screen, "pager", [])]
    nav += [*getattr(screen, "_pager", {}).values()]
    nav += [getattr(screen, "repeat_button", None), getattr(screen, "back_button", None)]
    if same(*(b.label for b in nav if b is not None)):
        return "navigation"
    if key == Phase.COMMENT and same(*(b.label for b in screen.buttons)):
        return "key"
    title, question = getattr(screen, "title", ""), getattr(screen, "question", None)
    if same(title, getattr(question, "text", ""), *getattr(screen, "headings", ())):
        return "title"
    choices = [*getattr(screen, "buttons", []), getattr(screen, "na_button", None)]
    if same(*(b.label for b in choices if b is not None)):
        return "choice"
    if isinstance(key, int) and words.endswith(wording.rating_hint(len(screen.buttons))):
        return "hint"  # after "Bước n/m · " when the visit has several steps
    if key == Phase.INFO:
        shown = [c for item in screen.items for c, _ in links(item, screen.public_url)]
        return "caption" if same(*shown) or same(*(c.replace("@", "@ ") for c in shown)) else "info"
    if same(wording.PHONE_INVALID):
        return "notice"
    return "text"


def too_small(size, diagonal, found: list) -> list[tuple]:
    """Return (kind, text, cap mm) of every text under 5 mm capitals."""
    small = []
    for key, item, screen in found:
        cap = metrics.cap_height_mm(item.size, size, item.weight, diagonal)
        if item.text.strip() and cap < MIN_CAP_MM - 0.01:
            small.append((kind_of(key, item, screen), item.text, round(cap, 2)))
    return small


@pytest.fixture(autouse=True)
def standard_afterwards():
    yield
    theme.use("standard")
    metrics.configure(metrics.DEFAULT_DIAGONAL_INCHES)
    step.show_repeat(False)


def walk_and_record(make_app, office_store, size, diagonal, look) -> list[tuple]:
    """Walk every screen; return (screen key, drawn text, screen) for every text rendered."""
    kiosk_toml = (
        f'theme = "{look}"\nspeech = {str(look != "standard").lower()}\n'
        f"screen_diagonal_inches = {diagonal}"
    )
    app = make_app(
        size=size, app_store=office_store, survey_file=FULL_SURVEY, kiosk_toml=kiosk_toml
    )
    found: list[tuple] = []
    # What each screen renders when it is made: made again, one by one, each recorded apart.
    made = app._screen_set(size, app.snapshot, app.flow)
    for key in [*made._makers]:
        with text_blocks.recording() as drawn:
            screen = made[key]
        found += [(key, item, screen) for item in drawn]
    # What the screens render while shown (pages, typed numbers, notices, the idle warning),
    # each text noted with the screen shown when it was rendered.
    while app.screens.build_next():
        pass
    keys = {id(s): k for k, s in app.screens._built.items()}

    class ByScreen(list):
        def append(self, item: text_blocks.Drawn) -> None:
            screen = app.screen
            found.append((keys[id(screen)], item, screen))

    def check(driver: Driver, name: str) -> None:
        screen = driver.app.screen
        screen.draw(driver.app.surface)
        if hasattr(screen, "set_countdown"):
            screen.set_countdown(9)
            screen.draw(driver.app.surface)
            screen.set_countdown(None)

    with text_blocks.recording(ByScreen()):
        seen = walk_every_screen(Driver(app), check)
    assert len(seen) == 23
    assert len(found) > 100
    return found


@pytest.mark.parametrize(
    ("size", "diagonal", "look"),
    SCREENS,
    ids=[f"{s[0]}x{s[1]}-{d:g}in-{t}" for s, d, t in SCREENS],
)
def test_every_text_has_5_mm_capitals_on_real_screens(make_app, office_store, size, diagonal, look):
    found = walk_and_record(make_app, office_store, size, diagonal, look)
    small = too_small(size, diagonal, found)
    if (size, diagonal) != SEVEN_INCH:
        allowed = LARGER_TEXT_FLOORS if look != "standard" else {}
        others = [s for s in small if s[2] < allowed.get(s[0], MIN_CAP_MM)]
        assert others == [], others
        return
    for kind, words, cap in small:
        floor = SEVEN_INCH_FLOORS.get(kind)
        assert floor is not None, (kind, words, cap)
        assert cap >= floor, (kind, words, cap, floor)

"""Long public information added while the kiosk runs is planned a few pages per frame on the
attract screen (no frame holds the whole plan), and the information screen it switches to shows
the same pages as one built at once."""

from __future__ import annotations

from kiosk.flow import Phase
from kiosk.screens.info import InfoScreen
from kiosk.screens.info_menu import kind_label
from kiosk.screenset import ScreenSet, Stepwise
from tests.kiosk.helpers_text import long_body
from tests.kiosk_driver import Driver

RULES = [f"Nội quy số {n}" for n in range(1, 6)]


def test_long_rules_are_planned_over_several_frames_then_shown_whole(make_app, store):
    kiosk = Driver(make_app())
    kiosk.step()
    before = kiosk.app.screens
    for title in RULES:
        store.add_public_item(
            {"kind": "rule", "title": title, "body": long_body(), "url": "https://example.gov.vn"}
        )
    kiosk.app.loader.load()  # as Driver.refresh does, but counting the frames that follow
    kiosk.app.step([], 0.0)
    assert kiosk.app._next is not None, "the new data is being built"
    frames_on_info = 0
    for _ in range(5000):
        if kiosk.app._next is None:
            break
        made = kiosk.app._next[2]
        assert kiosk.app.screens is before, "switched to screens not all built"
        kiosk.app.step([], 0.0)
        frames_on_info += made.building is Phase.INFO  # begun, not done, after this frame
    assert kiosk.app._next is None, "the new screens were never switched to"
    assert kiosk.app.screens is not before
    assert frames_on_info >= 3, "the information screen was planned in one go"
    screen = kiosk.app.screens[Phase.INFO]
    at_once = InfoScreen(kiosk.size, kiosk.app.snapshot.public_items)
    assert [i.title for i in screen.items] == RULES
    assert screen.layout == at_once.layout
    built = [screen.sheets_of(i) for i in range(len(RULES))]
    made = [at_once.sheets_of(i) for i in range(len(RULES))]
    assert built == made, "built in parts, it shows what built at once shows"
    assert all(len(sheets) > 1 for sheets in built), "1,500 characters at 5 mm take pages"
    assert [b.label for b in screen.buttons] == [kind_label("rule")]
    kiosk.tap("Thông tin công khai")
    assert kiosk.app.phase is Phase.INFO and kiosk.app.screen is screen
    kiosk.tap(kind_label("rule"))
    assert [b.label for p in screen.list_of("rule") for b in p] == RULES


def counted_steps(log: list, count: int):
    """Build steps of a made-up screen: ``count`` steps, then the screen (a string)."""
    for n in range(count):
        log.append(n)
        yield
    return f"screen after {count} steps"


def test_a_stepwise_screen_is_built_a_step_per_call_and_finished_when_needed():
    log: list = []
    made = ScreenSet(
        {"plain": lambda: "plain", "slow": Stepwise(lambda: counted_steps(log, 4))}, {}
    )
    assert made.build_next(budget=0.0) and made.building is None  # "plain": at once
    assert made.build_next(budget=0.0) and made.building == "slow" and log == [0]
    assert made.build_next(budget=0.0) and log == [0, 1]
    assert made.pending
    # Needed before its steps are done: the rest of them run now, none again.
    assert made["slow"] == "screen after 4 steps"
    assert log == [0, 1, 2, 3] and made.building is None and not made.pending
    assert not made.build_next()
    # A big budget runs every step in one call; the maker called plainly builds at once.
    again = ScreenSet({"slow": Stepwise(lambda: counted_steps([], 50))}, {})
    assert again.build_next(budget=60.0) and not again.pending
    assert Stepwise(lambda: counted_steps([], 3))() == "screen after 3 steps"

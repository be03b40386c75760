"""The shape shared by the visit's step screens: a title, a body of buttons, a row of navigation
buttons (Quay lại / Bỏ qua / Tiếp tục) and a footer with the key hint or the idle warning.

Subclasses place their buttons in ``self.layout.body`` by overriding ``build`` and read the
flow's state in ``sync``. Keys: digit N chooses the N-th numbered button, Enter confirms, Escape
goes back. Presses, the idle warning and "Quay lại" are shared with the rating screen
(kiosk/screens/visitor.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame
from pygame import Rect

from kiosk import inputs, metrics, theme, wording
from kiosk.display import Backdrop
from kiosk.intents import Activity, Back, Confirm, Intent, Skip
from kiosk.layout import margin, text_rows_height
from kiosk.screens.visitor import VisitorScreen
from kiosk.widgets import Button, repeat_button


@dataclass(frozen=True)
class StepLayout:
    """Where the title, the body, the navigation buttons and the footer go.

    ``nav`` is a row under the body, or (``side``) a column at its right on a short landscape
    screen; ``slots`` are its three places (Quay lại, the middle one, Tiếp tục). ``row`` is the
    height of one row of buttons (a pager). On a compact (7") screen the footer is empty and
    the idle warning covers the title and the top of the body instead (``alert``: two lines of
    5 mm text), until a touch anywhere puts it away.
    """

    title: Rect
    body: Rect
    nav: Rect
    footer: Rect
    gap: int
    slots: tuple[Rect, ...] = ()
    row: int = 0
    side: bool = False
    alert: Rect | None = None

    @property
    def warning(self) -> Rect:
        """Return where the idle warning shows: the footer, or over the title when there is none."""
        if self.footer.height > 0:
            return self.footer
        return self.alert or self.title

    @property
    def notice(self) -> Rect:
        """Return the row a notice may take: the footer, or the title when there is none."""
        return self.footer if self.footer.height > 0 else self.title


_keys_shown = False
_repeat_shown = False


def show_keys(shown: bool) -> None:
    """Say whether a keypad is attached (``[kiosk] keypad``): footers then name its keys."""
    global _keys_shown
    _keys_shown = bool(shown)


def keys_shown() -> bool:
    """Tell whether a keypad is attached (``[kiosk] keypad``): digit badges and key hints show."""
    return _keys_shown


def show_repeat(shown: bool) -> None:
    """Say whether prompts are spoken (``[kiosk] speech``): visitor screens then show "Nghe lại"."""
    global _repeat_shown
    _repeat_shown = bool(shown)


def repeat_shown() -> bool:
    """Tell whether visitor screens show the "Nghe lại" button."""
    return _repeat_shown


def repeat_slot(title: Rect, gap: int) -> Rect:
    """Return where "Nghe lại" goes: the right end of the title row, at least 20 mm square."""
    side = title.height
    width = min(title.width * 3 // 10, round(side * 2.5))
    return Rect(title.right - width, title.y, width, side)


def repeat_button_in(title: Rect, gap: int, min_size: int) -> Button | None:
    """Return the "Nghe lại" button at the right end of ``title``, or None where prompts are
    not spoken."""
    if not _repeat_shown:
        return None
    return repeat_button(repeat_slot(title, gap), min_size)


def beside_repeat(title: Rect, repeat: Rect | None, gap: int) -> Rect:
    """Return the part of ``title`` left for words when "Nghe lại" takes its right end."""
    if repeat is None:
        return title
    return Rect(title.x, title.y, repeat.left - gap - title.x, title.height)


def step_layout(size: tuple[int, int], side_nav: bool = False) -> StepLayout:
    """Lay out a step screen for any size and orientation, with 20 mm navigation buttons.

    ``side_nav`` puts the navigation in a column at the right (landscape only), for screens
    whose body needs the height (the keyboard); a compact (7") screen always does.
    """
    width, height = size
    m = margin(size)
    gap = max(8, round(min(size) * 0.025))
    landscape = width >= height
    compact = metrics.is_compact(size)
    # One more pixel than 20 mm: cells split from an area round to whole pixels.
    target = metrics.target_px(size) + 1
    title_h = round(height * (0.15 if landscape else 0.1))
    if not compact:
        # A long title (the phone prompt) takes two lines of at least 5 mm capitals; with a
        # theme's larger text, within limits (the keyboard needs the height).
        rows = min(text_rows_height(size, 2.1), round(height * (0.16 if landscape else 0.12)))
        title_h = max(title_h, rows)
    if _repeat_shown or compact:
        # "Nghe lại" is as tall as the title row; a 7" screen's title takes two lines there.
        title_h = max(title_h, target)
    nav_h = max(round(height * (0.13 if landscape else 0.075)), target)
    if compact:
        footer_h = 0  # the hint gives way; the idle warning covers the title
    else:
        # The footer holds the hint or the idle warning: two lines of 5 mm body text.
        footer_h = max(round(height * (0.08 if landscape else 0.05)), text_rows_height(size, 2.2))
        footer_h = min(footer_h, height // 5)  # a tiny screen shrinks the text instead
    title = Rect(m, m // 2, width - 2 * m, title_h)
    footer = Rect(m, height - footer_h - m // 4, width - 2 * m, footer_h)
    bottom = footer.top - gap // 2 if footer_h else height - m // 2
    if landscape and (side_nav or compact):
        nav_w = max(target, round(width * 0.18))
        top = title.bottom + gap
        nav = Rect(width - m - nav_w, top, nav_w, bottom - top)
        body = Rect(m, top, nav.left - gap - m, bottom - top)
        slots = grid(nav, 3, 1, gap)
        alert = None
        if compact:
            alert_h = max(title.height, text_rows_height(size, 2.2) + m // 2)
            alert = Rect(title.x, title.y, title.width, alert_h)
        return StepLayout(title, body, nav, footer, gap, tuple(slots), target, True, alert)
    nav = Rect(m, bottom - nav_h, width - 2 * m, nav_h)
    body = Rect(m, title.bottom + gap, width - 2 * m, nav.top - gap - title.bottom - gap)
    return StepLayout(title, body, nav, footer, gap, nav_slots(nav, gap), nav_h)


def nav_slots(nav: Rect, gap: int) -> tuple[Rect, Rect, Rect]:
    """Split a navigation row: the middle place ("Bỏ qua / không nhớ") is the widest."""
    side = round((nav.width - 2 * gap) * 0.28)
    middle = nav.width - 2 * side - 2 * gap
    left = Rect(nav.x, nav.y, side, nav.height)
    centre = Rect(left.right + gap, nav.y, middle, nav.height)
    return left, centre, Rect(nav.right - side, nav.y, side, nav.height)


def grid(area: Rect, count: int, columns: int, gap: int, rows: int | None = None) -> list[Rect]:
    """Split ``area`` into ``count`` cells, ``columns`` wide, filled left to right, then down."""
    columns = max(1, min(columns, count)) if count else 1
    rows = rows or max(1, -(-count // columns))
    cell_w = (area.width - gap * (columns - 1)) / columns
    cell_h = (area.height - gap * (rows - 1)) / rows
    cells = []
    for i in range(count):
        r, c = divmod(i, columns)
        x = area.x + round(c * (cell_w + gap))
        y = area.y + round(r * (cell_h + gap))
        cells.append(Rect(x, y, round(cell_w), round(cell_h)))
    return cells


def nav_label_size(layout: StepLayout) -> int:
    """Return the label size of the navigation buttons (they fit it, or shrink)."""
    slot = layout.slots[0]
    return round(min(slot.height * 0.38, slot.width * (0.2 if layout.side else 0.1)))


class StepScreen(VisitorScreen):
    """A visit step: numbered choices and navigation buttons turned into intents."""

    back = True
    skip: str | None = None
    go_on = False
    hint = wording.KEYS_HINT
    touch_hint = wording.TOUCH_HINT

    def __init__(self, size: tuple[int, int], title: str) -> None:
        super().__init__(size)
        self.title = title
        self.layout = step_layout(size)
        if not self.layout.side and not self.fits(self.layout):
            self.layout = step_layout(size, side_nav=True)
        self.buttons: list[Button] = []
        self.nav_buttons: list[Button] = self._nav()
        self.repeat_button = repeat_button_in(self.layout.title, self.layout.gap, self.label_floor)
        self._background = Backdrop(self._render_background(), theme.current().background)
        self.build()

    # -- for subclasses -------------------------------------------------------------------

    def fits(self, layout: StepLayout) -> bool:
        """Tell whether this screen's body fits ``layout``; if not, the navigation goes aside."""
        return True

    def build(self) -> None:
        """Create ``self.buttons`` (the choices) inside ``self.layout.body``."""

    def sync(self, state) -> None:
        """Show what the flow's ``state`` holds (selections, typed text)."""

    def draw_body(self, surface: pygame.Surface) -> None:
        """Draw anything besides the buttons (a text field, a page number)."""

    def handle_key(self, event: pygame.event.Event) -> Intent | None:
        """Handle a key the base class does not (typing); None lets it count as activity."""
        return None

    def hint_shown(self) -> bool:
        """Tell whether the footer shows the hint (a paged list puts its page buttons there)."""
        return True

    @property
    def prompt(self) -> str:
        """Return the sentence speech says when this screen opens."""
        return self.title

    # -- shared ---------------------------------------------------------------------------

    def refresh_background(self) -> None:
        """Draw the title, the rule and the hint again (the step's number changed)."""
        self._background = Backdrop(self._render_background(), theme.current().background)

    def _nav(self) -> list[Button]:
        # Fixed slots keep "Tiếp tục" at the right (bottom) and "Quay lại" at the left (top).
        look = theme.current()
        back, middle, go_on = self.layout.slots
        size = nav_label_size(self.layout)

        def nav(rect: Rect, label: str, intent, colour) -> Button:
            return Button(rect, label, intent, colour, size=size, min_size=self.label_floor)

        made = [self.make_back_button(back, size)] if self.back else []
        if self.skip:
            made.append(nav(middle, self.skip, lambda channel: Skip(), look.nav))
        if self.go_on:
            made.append(nav(go_on, wording.GO_ON, lambda channel: Confirm(), look.go))
        return made

    def _render_background(self) -> pygame.Surface:
        surface = pygame.Surface(self.size)
        look = theme.current()
        surface.fill(look.background)
        t = self.layout.title
        button = self.repeat_button
        words = beside_repeat(t, button.rect if button else None, self.layout.gap)
        self.blit_heading(
            surface, words, self.title, round(min(t.height * 0.4, min(self.size) * 0.06))
        )
        pygame.draw.line(surface, look.rule, (t.left, t.bottom + 2), (t.right, t.bottom + 2), 3)
        f = self.layout.footer
        if f.height > 0 and self.hint_shown():
            hint = self.hint if _keys_shown else self.touch_hint
            self.blit_hint(surface, f, hint, round(f.height * 0.42))
        return surface

    @property
    def warning_area(self) -> Rect:
        """Return where the idle warning shows (the footer, or over the title)."""
        return self.layout.warning

    @property
    def targets(self) -> list[Button]:
        """Return every touch target on screen (choices, navigation, then "Nghe lại")."""
        return [*self.buttons, *self.nav_buttons, *self.extra_targets]

    @property
    def extra_targets(self) -> list[Button]:
        """Return the targets every step screen has besides its own: "Nghe lại" when shown."""
        return [self.repeat_button] if self.repeat_button is not None else []

    def numbered(self, number: int) -> Button | None:
        """Return the choice that digit key ``number`` picks, if shown."""
        return next((b for b in self.buttons if b.number == number), None)

    def handle_event(self, event: pygame.event.Event) -> Intent | None:
        """Keys and press-and-release on a button become intents; other input is activity."""
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                return Confirm()
            if event.key == pygame.K_ESCAPE:
                return Back()
            typed = self.handle_key(event)
            if typed is not None:
                return typed
            digit = inputs.keypad_digit(event)
            if digit is not None:
                button = self.numbered(digit)
                return button.choose("key") if button else Activity()
            return Activity()
        return self.press(event)

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the title, body, buttons (pressed ones darker) and the hint or idle warning."""
        self._background.draw(surface)
        self.draw_body(surface)
        self.draw_targets(surface)

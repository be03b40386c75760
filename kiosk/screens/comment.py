"""An optional comment typed on an on-screen Vietnamese keyboard (Telex, plus accented keys).

Every line typed can be seen and checked. The box under the title shows the last lines, the
caret's at the end; when the comment needs more lines than it holds, the box grows upward over
the title. When even that cannot hold them all, "Xem lại" (20 mm: above a 7" or 10.1"
screen's navigation column, else beside the box or at the hint's end) puts the keyboard away
and shows the whole comment page by page, in the box's width and 5 mm text, with 20 mm page
buttons; "Gõ tiếp" in the same place brings the keyboard back.
"""

from __future__ import annotations

import unicodedata

import pygame
from pygame import Rect

from kiosk import fonts, metrics, text_blocks, theme, wording
from kiosk.intents import Activity, Edited, Intent
from kiosk.screens import step
from kiosk.screens.step import StepScreen, grid
from kiosk.telex import set_tone, type_key
from kiosk.widgets import Button, repeat_button
from lobby.visit_limits import COMMENT_MAX

# Each row is 10 units wide; an entry is (label, what it does, units).
# The stated exception to 20 mm targets: a full Vietnamese keyboard (a row of accented letters,
# three of Latin letters, one of tones) is five rows of ten keys, which cannot be 20 mm on a
# 10" screen (136 mm tall) beside a title, a field and the hint. Its keys are at least
# MIN_KEY_MM (12 mm) tall and wide from 10.1" up: a phone keyboard's keys (about 6x9 mm, typed
# with a thumb) scaled up beyond the 9-10 mm finger pad. A 7" screen (91 mm tall) cannot hold
# even that: its keys are at least MIN_KEY_MM_7_INCH (10 mm). Typing is optional (a comment is
# never required); every other target on this screen (Quay lại, Bỏ qua, Tiếp tục, Nghe lại,
# Xem lại, Gõ tiếp and the page buttons) keeps 20 mm. tests/kiosk/test_kiosk_targets_physical.py
# states the same minima.
MIN_KEY_MM = 12.0
MIN_KEY_MM_7_INCH = 10.0
# Space above and below the typed lines inside the field, in pixels.
FIELD_PAD = 3
# Space left and right of the typed lines inside the field, in pixels.
FIELD_SIDE = 12
# The field grows to show this many lines of typing where the keys leave the room.
FIELD_LINES = 4
ACCENTS = ["ă", "â", "đ", "ê", "ô", "ơ", "ư"]
TONES = [("á", "s"), ("à", "f"), ("ả", "r"), ("ã", "x"), ("ạ", "j")]
# The toggle's edge, of its shorter side, in the title row's end: a narrower edge than a
# button's usual 8%, so that "Xem lại" keeps one line of 5 mm above a 7" navigation column.
CORNER_EDGE = 0.04
CARET = "|"


def _key_gap(size: tuple[int, int], gap: int) -> int:
    """Return the space between keys: a third of the screen's gap, 4 px on a compact (7") screen."""
    return 4 if metrics.is_compact(size) else max(4, gap // 3)


def _rows() -> list[list[tuple[str, tuple[str, str], float]]]:
    letters = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
    rows = [[(a, ("insert", a), 10 / 7) for a in ACCENTS]]
    rows += [[(ch, ("telex", ch), 1) for ch in line] for line in letters]
    rows[-1].append((wording.DELETE, ("delete", ""), 3))
    rows.append(
        [(label, ("tone", key), 1) for label, key in TONES]
        + [
            (wording.SPACE, ("insert", " "), 3),
            (",", ("insert", ","), 1),
            (".", ("insert", "."), 1),
        ]
    )
    return rows


class CommentScreen(StepScreen):
    """Telex letters ("aa"→"â", "dd"→"đ", s f r x j tones), accented letters and tone keys."""

    skip = wording.SKIP
    go_on = True
    hint = wording.TELEX_HINT
    touch_hint = wording.TELEX_TOUCH_HINT

    def __init__(self, size: tuple[int, int]) -> None:
        self.value = ""
        self.reviewing = False  # the whole comment by pages, the keyboard put away
        self.review_page = 0
        self.pager: list[Button] = []  # "Trang trước" and "Trang sau" while reviewing
        self.toggle: Button | None = None  # "Xem lại" or "Gõ tiếp", when shown
        self._image: tuple[tuple, pygame.Surface] | None = None
        self._page_label: tuple[str, pygame.Surface] | None = None
        self._review_hint: pygame.Surface | None = None
        self._wrapped: dict[str, tuple[str, ...]] = {}  # text -> its lines in the box
        self._toggles: dict[str, Button] = {}  # "Xem lại" and "Gõ tiếp", made when first shown
        super().__init__(size, wording.COMMENT_TITLE)

    # -- layout ---------------------------------------------------------------------------

    def fits(self, layout) -> bool:
        """Tell whether the field and five rows of keys fit with the navigation underneath."""
        body = layout.body
        key_gap = _key_gap(self.size, layout.gap)
        least = self._least_key()
        unit = (body.width + key_gap) / 10
        return unit - key_gap >= least and body.height >= self._needed(least, key_gap)

    def _least_key(self) -> int:
        small = metrics.is_compact(self.size)
        return metrics.target_px(self.size, MIN_KEY_MM_7_INCH if small else MIN_KEY_MM)

    def _one_line(self) -> int:
        return text_blocks.line_height(metrics.body_size(self.size), "medium") + 2 * FIELD_PAD

    def _text_size(self) -> int:
        """Return the size of the typed text: 5 mm capitals at least, larger on a big screen."""
        return max(metrics.body_size(self.size), min(56, round(self.layout.body.height * 0.06)))

    def _needed(self, key_h: int, key_gap: int) -> int:
        rows = len(_rows())
        # Under the title the field keeps one line at the smallest: on a 7" screen, a little
        # less than a line of 5 mm text, so there it grows over the title from the first letter.
        one_line = min(self._one_line(), key_h)
        return one_line + key_gap + rows * key_h + key_gap * (rows - 1)

    def _toggle_width(self, body: Rect) -> int:
        """Return the width of "Xem lại" / "Gõ tiếp": 20 mm, or its word on one 5 mm line."""
        font = fonts.font(self.label_floor, "bold")
        words = (
            max(font.size(wording.REVIEW)[0], font.size(wording.TYPE_ON)[0]) + 2 * text_blocks.PAD
        )
        target = metrics.target_px(self.size) + 1
        # The button's edge (Button: 8% of its shorter side, at most the toggle's height) and
        # its outline.
        edges = 2 * max(4, round(self._toggle_height(target, 10**6) * 0.08)) + 8
        return min(max(target, words + edges), round(body.width * 0.28))

    def _toggle_height(self, target: int, room: int) -> int:
        """Return the toggle's height: a navigation slot's, a little more than 20 mm at least."""
        return min(room, max(round(target * 1.4), self.layout.slots[0].height))

    def _corner(self) -> Rect | None:
        """Return the title row's end above a side navigation column, where the toggle goes
        when "Nghe lại" does not (the box then takes the body's whole width); else None."""
        if not self.layout.side or self.repeat_button is not None:
            return None
        nav, title = self.layout.nav, self.layout.title
        corner = Rect(nav.x, title.y, nav.width, title.height)
        font = fonts.font(self.label_floor, "bold")
        words = (
            max(font.size(wording.REVIEW)[0], font.size(wording.TYPE_ON)[0]) + 2 * text_blocks.PAD
        )
        edges = 2 * max(4, round(min(corner.size) * CORNER_EDGE))  # the button's edge
        target = metrics.target_px(self.size) + 1
        return corner if corner.height >= target and corner.width >= words + edges else None

    def _in_footer(self) -> Rect | None:
        """Return the footer's right end, where the toggle goes beside a side navigation column
        whose corner "Nghe lại" takes (10.1"): the box keeps the width "Nghe lại" leaves it."""
        footer = self.layout.footer
        target = metrics.target_px(self.size) + 1
        if not self.layout.side or self.repeat_button is None or footer.height < target:
            return None
        width = self._toggle_width(self.layout.body)
        return Rect(footer.right - width, footer.y, width, footer.height)

    def _render_background(self) -> pygame.Surface:
        surface = super()._render_background()
        slot = self._in_footer()
        if slot is not None and self.hint_shown():
            # The hint keeps to the footer's left of the toggle.
            f = self.layout.footer
            surface.fill(theme.current().background, f)
            hint = self.hint if step.keys_shown() else self.touch_hint
            self.blit_hint(surface, self._hint_area(), hint, round(f.height * 0.42))
        return surface

    def _hint_area(self) -> Rect:
        """Return where the footer's hint goes: the footer, left of the toggle when it is there."""
        f, slot = self.layout.footer, self._in_footer()
        if slot is None:
            return Rect(f)
        return Rect(f.x, f.y, slot.left - self.layout.gap - f.x, f.height)

    def _place_repeat(self) -> None:
        """Beside a compact (7") screen's navigation column, "Nghe lại" sits above the column,
        so that the box may grow over the title up to the column."""
        if self.repeat_button is not None and self.layout.side and metrics.is_compact(self.size):
            nav, title = self.layout.nav, self.layout.title
            rect = Rect(nav.x, title.y, nav.width, title.height)
            self.repeat_button = repeat_button(rect, self.label_floor)

    def build(self) -> None:
        """Text field on top, five rows of keys below; the toggle and the review's pages."""
        self._place_repeat()
        body, gap, title = self.layout.body, self.layout.gap, self.layout.title
        key_gap = _key_gap(self.size, gap)
        rows = _rows()
        field_h = round(body.height * (0.15 if self.size[0] >= self.size[1] else 0.3))
        # Keys are 20 mm where they fit, else their stated minimum; the field gives way first.
        key_h = metrics.target_px(self.size)
        if body.height < self._needed(key_h, key_gap):
            key_h = self._least_key()
        keys_h = len(rows) * key_h + key_gap * (len(rows) - 1)
        one_line = min(self._one_line(), key_h)
        left = body.height - key_gap - keys_h  # what the keys, at their size, leave
        self.line_h = text_blocks.line_height(self._text_size(), "medium")
        lines = min(FIELD_LINES, (left - 2 * FIELD_PAD) // self.line_h)
        if lines >= 2:  # room for more lines of typing: the field takes it, not the keys
            field_h = max(field_h, lines * self.line_h + 2 * FIELD_PAD)
        field_h = max(one_line, min(field_h, left))
        # The box and, at its right, the toggle; both left of "Nghe lại" when it shares the
        # title's row. The box keeps its width as it grows, so lines never wrap anew.
        right = body.right
        repeat = self.repeat_button
        if repeat is not None and repeat.rect.left < right:
            right = repeat.rect.left - gap
        target = metrics.target_px(self.size) + 1
        corner = self._corner() or self._in_footer()
        box_w = right - body.x
        if corner is None:
            box_w -= gap + self._toggle_width(body)
        self.base_field = Rect(body.x, body.y, box_w, field_h)
        self.grown_field = Rect(body.x, title.y, box_w, self.base_field.bottom - title.y)
        self.field = self.base_field
        # Reviewing: the box from the title down to a row of page buttons at the body's foot.
        row_h = max(target, self.layout.slots[0].height)
        self._pager_row = Rect(body.x, body.bottom - row_h, right - body.x, row_h)
        self.review_field = Rect(body.x, title.y, box_w, self._pager_row.top - gap - title.y)
        if corner is not None:
            self._toggle_rect = corner
        else:
            toggle_h = self._toggle_height(target, self.review_field.height)
            self._toggle_rect = Rect(
                self.base_field.right + gap,
                min(self.grown_field.bottom, self.review_field.bottom) - toggle_h,
                right - self.base_field.right - gap,
                toggle_h,
            )
        self.keys = self._keys(Rect(body.x, self.base_field.bottom + key_gap, body.width, 0))
        self.buttons = self.keys
        self._show()

    def _keys(self, top: Rect) -> list[Button]:
        body, key_gap = self.layout.body, _key_gap(self.size, self.layout.gap)
        rows = _rows()
        pad = Rect(body.x, top.y, body.width, body.bottom - top.y)
        row_h = (pad.height - key_gap * (len(rows) - 1)) / len(rows)
        unit = (pad.width + key_gap) / 10
        size = round(min(row_h * 0.5, unit * 0.5))
        floor = metrics.body_size(self.size, "bold")
        look = theme.current()
        keys = []
        for r, row in enumerate(rows):
            x = float(pad.x) + (10 - sum(u for *_, u in row)) * unit / 2
            y = pad.y + round(r * (row_h + key_gap))
            for label, action, units in row:
                rect = Rect(round(x), y, round(units * unit - key_gap), round(row_h))
                colour = look.key if action[0] == "telex" else look.key_alt
                if action[0] == "delete":
                    colour = look.nav
                key_size = size if len(label) == 1 else round(size * 0.6)
                keys.append(
                    Button(rect, label, self._press(action), colour, size=key_size, min_size=floor)
                )
                x += units * unit
        return keys

    # -- what the box shows ---------------------------------------------------------------

    def _text_width(self) -> int:
        return self.base_field.width - 2 * FIELD_SIDE

    def lines_of(self, text: str) -> tuple[str, ...]:
        """Return ``text`` wrapped into the box's lines (its width, the typed text's size)."""
        cached = self._wrapped.get(text)
        if cached is None:
            if len(self._wrapped) > 8:
                self._wrapped.clear()
            cached = self._wrapped[text] = self._wrap(text)
        return cached

    def _wrap(self, text: str) -> tuple[str, ...]:
        return text_blocks.fit(
            text or " ",
            (self._text_width(), 10_000),
            size=self._text_size(),
            weight="medium",
            max_lines=10_000,
            scale=False,
        ).lines

    def _room(self, box: Rect) -> int:
        return max(0, (box.height - 2 * FIELD_PAD) // self.line_h)

    def typed_lines(self) -> tuple[str, ...]:
        """Return every line of the comment as typed, the caret at the end of the last."""
        return self.lines_of(self.value + CARET)

    def hidden_lines(self) -> int:
        """Return how many lines of the comment the typing box cannot show (Xem lại shows them)."""
        return max(0, len(self.typed_lines()) - max(1, self._room(self.grown_field)))

    def review_pages(self) -> list[tuple[str, ...]]:
        """Return the comment's lines (the typing box's, without the caret) page by page."""
        lines = self.lines_of(self.value)
        per = max(1, self._room(self.review_field))
        return [lines[i : i + per] for i in range(0, len(lines), per)] or [("",)]

    def field_lines(self) -> tuple[str, ...]:
        """Return the lines the box shows now: typing, the last ones (the caret's last, the box
        grown over the title when they need it); reviewing, the page's."""
        if self.reviewing:
            pages = self.review_pages()
            return pages[min(self.review_page, len(pages) - 1)]
        lines = self.typed_lines()
        return lines[-max(1, self._room(self.field)) :]

    def _show(self) -> None:
        """Place the box and the buttons for the value and the view shown."""
        look = theme.current()
        if self.reviewing:
            pages = len(self.review_pages())
            self.review_page = max(0, min(self.review_page, pages - 1))
            self.field = self.review_field
            self.buttons = []
            self.toggle = self._toggle(
                wording.TYPE_ON, lambda channel: self._review(False), look.nav
            )
            self.pager = self._page_buttons(pages)
            return
        lines = len(self.typed_lines())
        grow = self.value != "" and lines > self._room(self.base_field)
        self.field = self.grown_field if grow else self.base_field
        self.buttons = self.keys
        self.pager = []
        self.toggle = None
        if self.hidden_lines():
            self.toggle = self._toggle(wording.REVIEW, lambda channel: self._review(True), look.nav)

    def _toggle(self, label: str, intent, colour) -> Button:
        cached = self._toggles
        if label not in cached:
            floor = self.label_floor  # one line of 5 mm: the width was made for it
            edge = CORNER_EDGE if self._corner() is not None else 0.08
            cached[label] = Button(self._toggle_rect, label, intent, colour, size=floor, edge=edge)
        return cached[label]

    def _page_buttons(self, pages: int) -> list[Button]:
        left, _, right = grid(self._pager_row, 3, 3, self.layout.gap)
        look, size = theme.current(), round(self._pager_row.height * 0.36)
        made = []
        if self.review_page > 0:
            made.append(
                Button(
                    left,
                    wording.PREVIOUS_PAGE,
                    lambda c: self._turn(-1),
                    look.nav,
                    size=size,
                    min_size=self.label_floor,
                )
            )
        if self.review_page + 1 < pages:
            made.append(
                Button(
                    right,
                    wording.NEXT_PAGE,
                    lambda c: self._turn(1),
                    look.nav,
                    size=size,
                    min_size=self.label_floor,
                )
            )
        return made

    def _review(self, on: bool) -> Intent:
        self.reviewing = on
        self.review_page = 0
        self._show()
        return Activity()

    def _turn(self, step: int) -> Intent:
        self.review_page += step
        self._show()
        return Activity()

    # -- typing ---------------------------------------------------------------------------

    def _apply(self, action: tuple[str, str]) -> str:
        kind, what = action
        if kind == "telex":
            new = type_key(self.value, what)
        elif kind == "tone":
            new = set_tone(self.value, what)
        elif kind == "delete":
            new = self.value[:-1]
        else:
            new = self.value + what
        return unicodedata.normalize("NFC", new)[:COMMENT_MAX]

    def _press(self, action: tuple[str, str]):
        return lambda channel: Edited(self._apply(action))

    def sync(self, state) -> None:
        """Show the comment the flow holds."""
        if state.comment != self.value:
            self.value = state.comment
            self._show()

    def enter(self) -> None:
        """Open on the keyboard, for a new visitor or one coming back to this step."""
        super().enter()
        if self.reviewing:
            self._review(False)

    @property
    def targets(self) -> list[Button]:
        """Return the keys (typing) or the page buttons (reviewing), the toggle, navigation."""
        toggle = [self.toggle] if self.toggle is not None else []
        return [*self.buttons, *self.pager, *toggle, *self.nav_buttons, *self.extra_targets]

    def handle_key(self, event: pygame.event.Event) -> Intent | None:
        """A physical keyboard types too: letters through Telex, Backspace deletes; while
        reviewing, arrows and Page Up/Down turn the pages, and typing brings the keys back."""
        if self.reviewing:
            if event.key in (pygame.K_PAGEDOWN, pygame.K_DOWN, pygame.K_RIGHT):
                return self._turn(1) if self.review_page + 1 < len(self.review_pages()) else None
            if event.key in (pygame.K_PAGEUP, pygame.K_UP, pygame.K_LEFT):
                return self._turn(-1) if self.review_page > 0 else None
        if event.key == pygame.K_BACKSPACE:
            self._review(False)
            return Edited(self._apply(("delete", "")))
        typed = getattr(event, "unicode", "")
        if len(typed) == 1 and typed.isprintable():
            self._review(False)
            kind = "telex" if typed.isalpha() else "insert"
            return Edited(self._apply((kind, typed)))
        return None

    # -- drawing --------------------------------------------------------------------------

    def _render_field(self, lines: tuple[str, ...]) -> pygame.Surface:
        f = self.field
        surface = pygame.Surface(f.size, pygame.SRCALPHA)
        box = surface.get_rect()
        look = theme.current()
        pygame.draw.rect(surface, look.field, box, border_radius=12)
        pygame.draw.rect(surface, look.field_edge, box, 3, border_radius=12)
        inner = box.inflate(-2 * FIELD_SIDE, -2 * FIELD_PAD)
        fitted = text_blocks.Fitted(lines, self._text_size(), "medium")
        shown = text_blocks.render(fitted, look.field_text, align="left", behind=look.field)
        # A box lower than a line (under a 7" title, before typing) shows the caret's middle.
        top = min(0, (inner.height - shown.get_height()) // 2)
        surface.blit(shown, (inner.x, inner.y), Rect(0, -top, inner.width, inner.height))
        return surface

    def draw_body(self, surface: pygame.Surface) -> None:
        """Draw the field with the comment and a caret (over the title when it grew), and the
        page number while reviewing."""
        lines = self.field_lines()
        key = (lines, tuple(self.field), self.reviewing, self.review_page)
        if self._image is None or self._image[0] != key:
            self._image = (key, self._render_field(lines))
        if self.field.top < self.layout.body.top:
            look, t = theme.current(), self.layout.title
            # The title and its rule (whose round ends reach past the title's sides) give way.
            cover = Rect(t.x, t.y, t.width, self.layout.body.top - t.y).inflate(8, 0)
            surface.fill(look.background, cover)
        surface.blit(self._image[1], self.field)
        footer = self.layout.footer
        if self.reviewing and footer.height > 0:
            # The keyboard's hint gives way to the review's.
            area = self._hint_area()
            if self._review_hint is None:
                self._review_hint = pygame.Surface(area.size)
                self._review_hint.fill(theme.current().background)
                where = self._review_hint.get_rect()
                self.blit_hint(
                    self._review_hint, where, wording.REVIEW_HINT, round(footer.height * 0.42)
                )
            surface.blit(self._review_hint, area)
        pages = len(self.review_pages()) if self.reviewing else 1
        if pages > 1:
            _, middle, _ = grid(self._pager_row, 3, 3, self.layout.gap)
            words = wording.page_of(self.review_page + 1, pages)
            if self._page_label is None or self._page_label[0] != words:
                look = theme.current()
                label = text_blocks.block(
                    words,
                    middle.size,
                    look.text,
                    size=round(self._pager_row.height * 0.36),
                    weight="semibold",
                    max_lines=1,
                    min_size=metrics.body_size(self.size),
                    behind=look.background,
                )
                self._page_label = (words, label)
            label = self._page_label[1]
            surface.blit(label, label.get_rect(center=middle.center))

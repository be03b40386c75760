"""Numbers typed on a large on-screen keypad: the call-back phone and the dossier code."""

from __future__ import annotations

import pygame
from pygame import Rect

from kiosk import fonts, metrics, text_blocks, theme, wording
from kiosk.intents import Activity, Edited, Intent
from kiosk.layout import text_rows_height
from kiosk.screens.step import StepScreen, grid
from kiosk.widgets import Button
from lobby.visit_limits import DOSSIER_MAX, PHONE_DIGITS

_DIGIT_KEYS = {getattr(pygame, f"K_{n}"): str(n) for n in range(10)} | {
    getattr(pygame, f"K_KP{n}"): str(n) for n in range(10)
}
KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", wording.DELETE, "0")


# The shapes a keypad of 11 keys can take, tried in this order: (columns, rows).
SHAPES = ((3, 4), (4, 3), (6, 2))
# The field keeps at least this much (mm) across the keys' direction, for the typed number.
MIN_FIELD_MM = 12.0


def key_shapes(count: int) -> tuple[tuple[int, int], ...]:
    """Return the shapes (columns, rows) a keypad of ``count`` keys can take, in the order
    tried: squarer first, then wider."""
    if count == len(KEYS):
        return SHAPES
    shapes = {(c, -(-count // c)) for c in range(3, count + 1) if -(-count // c) >= 2}
    return tuple(sorted(shapes, key=lambda s: (abs(s[0] - s[1]), -s[0])))


def _arrange(
    body: Rect, gap: int, size: tuple[int, int], count: int = len(KEYS)
) -> tuple[Rect, Rect, bool, int]:
    """Return (field, keypad, fits, columns): the first shape whose keys are all 20 mm."""
    least = metrics.target_px(size) + 1
    field_min = metrics.target_px(size, MIN_FIELD_MM)
    landscape = size[0] >= size[1]
    tried = []
    for columns, rows in key_shapes(count):
        if landscape:
            keys_w = max(body.width - round(body.width * 0.45) - gap, columns * (least + gap))
            keys_w = min(keys_w, body.width - gap - field_min)  # the field always shows
            field = Rect(body.x, body.y, body.width - keys_w - gap, body.height)
            pad = Rect(field.right + gap, body.y, keys_w, body.height)
        else:
            keys_h = max(body.height - round(body.height * 0.25) - gap, rows * (least + gap))
            keys_h = min(keys_h, body.height - gap - field_min)
            field = Rect(body.x, body.y, body.width, body.height - keys_h - gap)
            pad = Rect(body.x, field.bottom + gap, body.width, keys_h)
        key_w = (pad.width - gap * (columns - 1)) / columns
        key_h = (pad.height - gap * (rows - 1)) / rows
        roomy = min(field.width, field.height) >= field_min
        fits = roomy and min(key_w, key_h) >= least - 1
        if fits:
            return field, pad, True, columns
        tried.append((min(key_w, key_h), field, pad, columns))
    _, field, pad, columns = max(tried, key=lambda t: t[0])
    return field, pad, False, columns


def grouped(value: str) -> str:
    """Return ``value`` in groups for reading (0912 345 678); only how it is shown."""
    if not value:
        return " "
    parts = [value[:4]] + [value[i : i + 3] for i in range(4, len(value), 3)]
    if len(parts) > 2 and len(parts[-1]) == 1:
        parts[-2:] = [parts[-2] + parts[-1]]  # 0912 345 6789, not 0912 345 678 9
    return " ".join(parts)


class KeypadScreen(StepScreen):
    """A field and a 3x4 keypad; digit keys type, Backspace deletes, Enter goes on."""

    skip = wording.SKIP
    go_on = True
    hint = wording.KEYPAD_HINT
    touch_hint = wording.KEYPAD_TOUCH_HINT
    max_length = 11

    def __init__(self, size: tuple[int, int], title: str) -> None:
        self.value = ""
        self.notice: str | None = None
        super().__init__(size, title)

    def fits(self, layout) -> bool:
        """Tell whether the field and 20 mm keys fit the body with the navigation underneath."""
        return _arrange(layout.body, layout.gap, self.size)[2]

    def build(self) -> None:
        """Put the field beside the keypad (landscape) or above it (portrait).

        The keypad is 3 keys wide and 4 high where 20 mm keys fit that way, else 4x3 or 6x2.
        """
        body, gap = self.layout.body, self.layout.gap
        self.field, pad, _, columns = _arrange(body, gap, self.size)
        self._beside = self.field.height == body.height and self.field.width < body.width
        rows = -(-len(KEYS) // columns)
        size = round(min(pad.height / rows, pad.width / columns) * 0.45)
        cells = grid(pad, columns * rows, columns, gap)
        order = KEYS if columns == 3 else (*KEYS[:9], "0", wording.DELETE)
        look = theme.current()
        self.buttons = [
            Button(
                cell,
                label,
                self._press(label),
                look.nav if label == wording.DELETE else look.key,
                size=size if label != wording.DELETE else round(size * 0.7),
                min_size=metrics.body_size(self.size, "bold"),
            )
            for cell, label in zip(cells, order, strict=False)
        ]

    def _press(self, label: str):
        if label == wording.DELETE:
            return lambda channel: Edited(self.value[:-1])
        return lambda channel: Edited((self.value + label)[: self.max_length])

    def sync(self, state) -> None:
        """Show the number the flow holds."""

    def handle_key(self, event: pygame.event.Event) -> Intent | None:
        """Digits type and Backspace deletes (the keypad works on the physical keys too)."""
        if event.key in _DIGIT_KEYS:
            return Edited((self.value + _DIGIT_KEYS[event.key])[: self.max_length])
        if event.key == pygame.K_BACKSPACE:
            return Edited(self.value[:-1])
        return None

    def grouped_value(self) -> str:
        """Return the value in groups that may go on several lines (a narrow field)."""
        return grouped(self.value)

    def _narrow(self) -> bool:
        """Tell whether the longest value does not fit the field on one line at 5 mm (7")."""
        widest = fonts.font(self.label_floor, "bold").size("0" * self.max_length)[0]
        return widest + 4 * text_blocks.PAD > self.field.width * 0.9

    def _boxes(self) -> tuple[Rect, Rect]:
        f = self.field
        box_h = round(f.height * (0.35 if self._beside else 0.6))
        if self._narrow():  # the number in groups of digits, up to three lines
            lines = text_rows_height(self.size, 3.3)
            box_h = max(box_h, min(lines, round(f.height * 0.8)))
        box = Rect(f.x, f.y + (f.height - box_h) // 4, f.width, box_h)
        return box, Rect(f.x, box.bottom + 4, f.width, f.bottom - box.bottom - 4)

    def _render_field(self) -> pygame.Surface:
        surface = pygame.Surface(self.field.size, pygame.SRCALPHA)
        box, below = (r.move(-self.field.x, -self.field.y) for r in self._boxes())
        look = theme.current()
        pygame.draw.rect(surface, look.field, box, border_radius=box.height // 8)
        pygame.draw.rect(surface, look.field_edge, box, 3, border_radius=box.height // 8)
        narrow = self._narrow()
        number = text_blocks.block(
            self.grouped_value() if narrow else self.value or " ",
            box.inflate(-box.width // 10, -box.height // (12 if narrow else 4)).size,
            look.field_text,
            size=round(min(box.height * 0.45, text_blocks.line_height(self.label_floor) * 1.2)),
            weight="bold",
            max_lines=3 if narrow else 1,
            min_size=self.label_floor,
            behind=look.field,
        )
        surface.blit(number, number.get_rect(center=box.center))
        self._notice_image = None
        if self.notice:
            fitted = self._fit_notice(below.size, round(min(below.height * 0.25, box.height * 0.3)))
            if fitted.size >= self.label_floor:
                warning = text_blocks.render(fitted, look.notice, behind=look.background)
                surface.blit(warning, warning.get_rect(midtop=below.midtop))
            else:
                # No room for 5 mm capitals under the field: the notice takes the hint's line
                # (the title's on a screen without one) until the number is put right.
                row = self.layout.notice
                fitted = self._fit_notice(row.size, round(row.height * 0.4))
                self._notice_image = pygame.Surface(row.size)
                self._notice_image.fill(look.background)
                warning = text_blocks.render(fitted, look.notice, behind=look.background)
                self._notice_image.blit(warning, warning.get_rect(center=(row.w // 2, row.h // 2)))
        return surface

    def _fit_notice(self, box: tuple[int, int], size: int) -> text_blocks.Fitted:
        return text_blocks.fit(
            self.notice or "", box, size=size, weight="bold", max_lines=3, min_size=self.label_floor
        )

    def draw_body(self, surface: pygame.Surface) -> None:
        """Draw the field with the typed number and any notice under it (or in the hint's place)."""
        shown = (self.value, self.notice)
        if getattr(self, "_shown", None) != shown:
            self._shown = shown
            self._field_image = self._render_field()
        surface.blit(self._field_image, self.field)
        if self._notice_image is not None:
            surface.blit(self._notice_image, self.layout.notice)


class PhoneScreen(KeypadScreen):
    """The call-back offer: the visitor's phone number, or "Bỏ qua"."""

    max_length = PHONE_DIGITS[1]

    def __init__(self, size: tuple[int, int]) -> None:
        super().__init__(size, wording.PHONE_TITLE)

    def sync(self, state) -> None:
        """Show the phone number and whether it is wrong."""
        self.value = state.phone
        self.notice = wording.PHONE_INVALID if state.notice == "phone" else None


DIGITS = tuple("123456789") + (".", "0", "-")
LETTERS = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def dossier_pages(capacity: int) -> list[tuple[str, ...]]:
    """Return the keypad's pages of characters for ``capacity`` keys a page (two keys of each
    page are "Xoá" and the key to the next page): digits with "." and "-" first, then the
    letters in as few pages as fit."""
    room = max(4, capacity - 2)
    first = DIGITS if room >= len(DIGITS) else tuple("1234567890")
    rest = tuple(ch for ch in DIGITS if ch not in first) + LETTERS
    return [first] + [rest[i : i + room] for i in range(0, len(rest), room)]


def page_name(page: tuple[str, ...]) -> str:
    """Return what the key leading to ``page`` says: "123" or its first and last letters."""
    if page[0].isdigit():
        return "123"
    letters = [ch for ch in page if ch.isalpha()]
    return f"{letters[0]}–{letters[-1]}" if len(letters) > 1 else page[0]


class DossierScreen(KeypadScreen):
    """The optional dossier code (mã hồ sơ) as printed on the appointment slip: digits, ".",
    "-" and letters on pages of 20 mm keys (a key turns to the next page), or "Bỏ qua". A
    barcode or QR scanner types it on any visit screen (kiosk/scanner.py)."""

    max_length = DOSSIER_MAX
    hint = wording.DOSSIER_KEYS_HINT
    touch_hint = wording.DOSSIER_TOUCH_HINT

    def __init__(self, size: tuple[int, int]) -> None:
        self.key_page = 0
        self.pages_of_keys: list[tuple[str, ...]] = []
        super().__init__(size, wording.DOSSIER_TITLE)

    def _capacity(self, layout) -> int:
        """Return the most keys a page may hold with every key 20 mm (12 at the least)."""
        for count in range(20, 12, -1):
            if _arrange(layout.body, layout.gap, self.size, count)[2]:
                return count
        return 12

    def fits(self, layout) -> bool:
        """Tell whether the field and a page of 20 mm keys fit beside the navigation."""
        return _arrange(layout.body, layout.gap, self.size, 12)[2]

    def build(self) -> None:
        """Put the field beside the keys (landscape) or above them (portrait): a page of
        characters, "Xoá" and the key to the next page."""
        if not self.pages_of_keys:
            self.pages_of_keys = dossier_pages(self._capacity(self.layout))
        page = self.pages_of_keys[self.key_page]
        following = self.pages_of_keys[(self.key_page + 1) % len(self.pages_of_keys)]
        labels = [*page, wording.DELETE, page_name(following)]
        count = len(self.pages_of_keys[0]) + 2
        body, gap = self.layout.body, self.layout.gap
        self.field, pad, _, columns = _arrange(body, gap, self.size, count)
        self._beside = self.field.height == body.height and self.field.width < body.width
        rows = -(-count // columns)
        size = round(min(pad.height / rows, pad.width / columns) * 0.45)
        cells = grid(pad, columns * rows, columns, gap)
        look = theme.current()
        self.buttons = []
        for i, (cell, label) in enumerate(zip(cells, labels, strict=False)):
            control = i >= len(page)
            self.buttons.append(
                Button(
                    cell,
                    label,
                    self._dossier_key(label, control and label != wording.DELETE),
                    look.nav if control else look.key,
                    size=round(size * 0.7) if len(label) > 1 else size,
                    min_size=metrics.body_size(self.size, "bold"),
                )
            )

    def _dossier_key(self, label: str, turns: bool):
        if turns:
            return lambda channel: self._turn_keys()
        return self._press(label)

    def _turn_keys(self) -> Intent:
        self.key_page = (self.key_page + 1) % len(self.pages_of_keys)
        self.build()
        return Activity()

    def enter(self) -> None:
        """Start on the page of digits."""
        super().enter()
        if self.key_page:
            self.key_page = 0
            self.build()

    def handle_key(self, event: pygame.event.Event) -> Intent | None:
        """Letters, digits, "." and "-" type on a keyboard too; Backspace deletes."""
        typed = getattr(event, "unicode", "").upper()
        if len(typed) == 1 and (typed in DIGITS or typed in LETTERS):
            return Edited((self.value + typed)[: self.max_length])
        return super().handle_key(event)

    def _narrow(self) -> bool:
        """Tell whether the longest code does not fit the field on one line at 5 mm."""
        widest = fonts.font(self.label_floor, "bold").size("H12.07-240105-0042")[0]
        return widest + 4 * text_blocks.PAD > self.field.width * 0.9

    def grouped_value(self) -> str:
        """Return the code broken after its dashes, for a field too narrow for one line."""
        return self.value.replace("-", "- ") or " "

    def sync(self, state) -> None:
        """Show the code typed so far, and whether it has the office's pattern."""
        self.value = state.dossier
        self.notice = wording.DOSSIER_INVALID if state.notice == "dossier" else None

"""An optional comment typed on an on-screen Vietnamese keyboard (Telex, plus accented keys)."""

from __future__ import annotations

import unicodedata

import pygame
from pygame import Rect

from kiosk import metrics, text_blocks, theme, wording
from kiosk.intents import Edited, Intent
from kiosk.screens.step import StepScreen
from kiosk.telex import set_tone, type_key
from kiosk.widgets import Button
from lobby.visit_limits import COMMENT_MAX

# Each row is 10 units wide; an entry is (label, what it does, units).
# The stated exception to 20 mm targets: a full Vietnamese keyboard (a row of accented letters,
# three of Latin letters, one of tones) is five rows of ten keys, which cannot be 20 mm on a
# 10" screen (136 mm tall) beside a title, a field and the hint. Its keys are at least
# MIN_KEY_MM (12 mm) tall and wide from 10.1" up: a phone keyboard's keys (about 6x9 mm, typed
# with a thumb) scaled up beyond the 9-10 mm finger pad. A 7" screen (91 mm tall) cannot hold
# even that: its keys are at least MIN_KEY_MM_7_INCH (10 mm). Typing is optional (a comment is
# never required); every other target on this screen (Quay lại, Bỏ qua, Tiếp tục, Nghe lại)
# keeps 20 mm. tests/kiosk/test_kiosk_targets_physical.py states the same minima.
MIN_KEY_MM = 12.0
MIN_KEY_MM_7_INCH = 10.0
# Space above and below the typed lines inside the field, in pixels.
FIELD_PAD = 3
# The field grows to show this many lines of typing where the keys leave the room.
FIELD_LINES = 4
ACCENTS = ["ă", "â", "đ", "ê", "ô", "ơ", "ư"]
TONES = [("á", "s"), ("à", "f"), ("ả", "r"), ("ã", "x"), ("ạ", "j")]


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
        super().__init__(size, wording.COMMENT_TITLE)

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
        # The field keeps one line of typing at the smallest: on a 7" screen, less than 5 mm.
        one_line = min(self._one_line(), key_h)
        return one_line + key_gap + rows * key_h + key_gap * (rows - 1)

    def build(self) -> None:
        """Text field on top, five rows of keys below."""
        body, gap = self.layout.body, self.layout.gap
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
        line_h = text_blocks.line_height(self._text_size(), "medium")
        lines = min(FIELD_LINES, (left - 2 * FIELD_PAD) // line_h)
        if lines >= 2:  # room for more lines of typing: the field takes it, not the keys
            field_h = max(field_h, lines * line_h + 2 * FIELD_PAD)
        field_h = max(one_line, min(field_h, left))
        self.field = Rect(body.x, body.y, body.width, field_h)
        top = self.field.bottom + key_gap
        pad = Rect(body.x, top, body.width, body.bottom - top)
        row_h = (pad.height - key_gap * (len(rows) - 1)) / len(rows)
        unit = (pad.width + key_gap) / 10
        size = round(min(row_h * 0.5, unit * 0.5))
        body = metrics.body_size(self.size, "bold")
        self.buttons = []
        look = theme.current()
        for r, row in enumerate(rows):
            x = float(pad.x) + (10 - sum(u for *_, u in row)) * unit / 2
            y = pad.y + round(r * (row_h + key_gap))
            for label, action, units in row:
                rect = Rect(round(x), y, round(units * unit - key_gap), round(row_h))
                colour = look.key if action[0] == "telex" else look.key_alt
                if action[0] == "delete":
                    colour = look.nav
                key_size = size if len(label) == 1 else round(size * 0.6)
                self.buttons.append(
                    Button(rect, label, self._press(action), colour, size=key_size, min_size=body)
                )
                x += units * unit

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
        self.value = state.comment

    def handle_key(self, event: pygame.event.Event) -> Intent | None:
        """A physical keyboard types too: letters through Telex, Backspace deletes."""
        if event.key == pygame.K_BACKSPACE:
            return Edited(self._apply(("delete", "")))
        typed = getattr(event, "unicode", "")
        if len(typed) == 1 and typed.isprintable():
            kind = "telex" if typed.isalpha() else "insert"
            return Edited(self._apply((kind, typed)))
        return None

    def _render_field(self) -> pygame.Surface:
        f = self.field
        surface = pygame.Surface(f.size, pygame.SRCALPHA)
        box = surface.get_rect()
        look = theme.current()
        pygame.draw.rect(surface, look.field, box, border_radius=12)
        pygame.draw.rect(surface, look.field_edge, box, 3, border_radius=12)
        inner = box.inflate(-24, -2 * FIELD_PAD)
        fitted = self.field_lines(inner)
        shown = text_blocks.render(fitted, look.field_text, align="left", behind=look.field)
        surface.blit(shown, (inner.x, inner.y), Rect(0, 0, inner.width, inner.height))
        return surface

    def field_lines(self, inner: Rect | None = None) -> text_blocks.Fitted:
        """Return the lines of the comment the field shows: every line while they fit, else the
        last ones, so the line with the caret (the end: typing appends) is always in view."""
        inner = inner or self.field.inflate(-24, -2 * FIELD_PAD)
        fitted = text_blocks.fit(
            (self.value or " ") + "|",
            (inner.width, 10_000),
            size=self._text_size(),
            weight="medium",
            max_lines=1_000,
        )
        room = max(1, inner.height // max(1, fitted.ink.height))
        return text_blocks.Fitted(fitted.lines[-room:], fitted.size, fitted.weight)

    def draw_body(self, surface: pygame.Surface) -> None:
        """Draw the field with the comment and a caret."""
        if getattr(self, "_shown", None) != self.value:
            self._shown = self.value
            self._field_image = self._render_field()
        surface.blit(self._field_image, self.field)

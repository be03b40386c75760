"""Rating screen: the survey question and one large button per level, with an idle countdown.

Its presses, idle warning, "Quay lại" and "Nghe lại" are a step screen's (kiosk/screens/
visitor.py); only the layout differs: big rating buttons, and "Quay lại" in the footer.
"""

from __future__ import annotations

import pygame
from pygame import Rect

from kiosk import fonts, inputs, metrics, text_blocks, theme, wording
from kiosk.display import Backdrop
from kiosk.intents import Activity, Back, Intent, NotApplicable
from kiosk.layout import margin, rating_layout, text_rows_height
from kiosk.screens.step import beside_repeat, keys_shown, repeat_button_in, repeat_shown
from kiosk.screens.visitor import VisitorScreen
from kiosk.theme import readable
from kiosk.widgets import (
    Button,
    RatingButton,
    common_label_size,
    label_lines,
    one_line_labels,
    repeat_button,
)

# On a compact (7") screen a scale's labels may shrink to capitals this tall (mm) to keep one
# line each; where even that does not hold them, they wrap at 5 mm, all alike.
COMPACT_LABEL_CAP_MM = 4.0


class RatingScreen(VisitorScreen):
    """Turns a press-and-release on a button, or digit key N, into the N-th button's choice."""

    progress_in_heading = False

    def __init__(
        self, size: tuple[int, int], survey, question: int = 0, back: bool = False
    ) -> None:
        super().__init__(size)
        asked = survey.questions[question]
        self.question = asked
        levels = asked.levels
        labels = [lv.label for lv in levels]
        # One style for the row: every label on a plate when any colour needs one.
        chips = any(readable(level.rgb).plate is not None for level in levels)
        holds = one_line_labels(labels, self.label_floor, chips)
        stacked = self._footer_stacks(len(levels))
        self.layout = rating_layout(size, len(levels), holds, stacked)
        gap = max(8, round(min(size) * 0.02))
        # With steps before it, a "Quay lại" button takes the footer's left end; beside the
        # buttons (side) or in a footer of two tiers (stacked), the footer's foot, under the hint.
        tiers = self.layout.side or self.layout.stacked
        self.footer = self.layout.footer
        row = self._button_row(self.layout.footer, gap)
        self.back_button: Button | None = None
        if back:
            width = max(round(row.width * 0.22), self._one_line_width(wording.BACK, row))
            if tiers:  # "Không áp dụng" takes the rest of the row, or its right end
                width = max(metrics.target_px(size) + 1, self._one_line_width(wording.BACK, row))
            rect = Rect(row.x, row.y, width, row.height)
            self.back_button = self.make_back_button(rect, round(row.height * 0.4))
            if not tiers:
                f = self.footer
                self.footer = Rect(rect.right + gap, f.y, f.right - rect.right - gap, f.height)
        if self.layout.side:
            shown = repeat_shown()
            self.repeat_button = (
                repeat_button(self._repeat_slot(), self.label_floor) if shown else None
            )
        else:
            self.repeat_button = repeat_button_in(self.layout.question, gap, self.label_floor)
        rects = self.layout.buttons
        sizes = [r.size for r in rects]
        one_line_at = 0
        if metrics.is_compact(size):
            one_line_at = round(
                metrics.min_text_px(size, COMPACT_LABEL_CAP_MM, "bold") * metrics.text_scale()
            )
        self.label_size = common_label_size(labels, sizes, self.label_floor, one_line_at)
        label_size = self.label_size
        # Labels that wrap wrap alike: as many lines each as the longest takes.
        lines = max(
            label_lines(lb, sz, label_size, self.label_floor)
            for lb, sz in zip(labels, sizes, strict=True)
        )
        self.buttons = tuple(
            RatingButton(
                rect,
                i,
                level.label,
                level.rgb,
                level.face,
                label_size,
                self.label_floor,
                chips,
                lines,
            )
            for i, (rect, level) in enumerate(zip(rects, levels, strict=True))
        )
        self._gap = gap
        # The idle warning takes what "Quay lại" leaves of the footer (over "Không áp dụng":
        # a touch on the warning only puts it away).
        self.warning_rect = self.footer
        self.na_button: Button | None = None
        if asked.not_applicable:
            # "Không áp dụng" at the footer's right end, as "Quay lại" is at its left.
            f = self.footer if not tiers else row
            width = round(row.width * 0.3)
            if self.layout.stacked:
                width = max(width, self._one_line_width(wording.NOT_APPLICABLE, row))
            if self.layout.side:
                beside = self.back_button.rect.right + gap if self.back_button else row.x
                width = max(
                    round(row.width * 0.45), self._one_line_width(wording.NOT_APPLICABLE, row)
                )
                width = min(width, row.right - beside)
            rect = Rect(f.right - width, f.y, width, f.height)
            if not tiers:
                self.footer = Rect(f.x, f.y, rect.left - gap - f.x, f.height)
            self.na_button = Button(
                rect,
                wording.NOT_APPLICABLE,
                lambda channel: NotApplicable(channel),
                theme.current().nav,
                size=round(f.height * 0.4),
                min_size=self.label_floor,
            )
        if tiers:
            # The hint sits over the row of "Quay lại"; beside a column of buttons the warning
            # too, across the whole screen (over the last buttons' foot) for two 5 mm lines.
            f = self.layout.footer
            if self.back_button or self.na_button:
                self.footer = Rect(f.x, f.y, f.width, row.top - gap - f.y)
            tall = min(self.footer.height, text_rows_height(size, 2.3) + margin(size) // 2)
            self.warning_rect = Rect(f.x, self.footer.y, size[0] - 2 * f.x, tall)
            if self.layout.stacked:
                self.warning_rect = Rect(f)
        self.warning_lines = 2
        if not metrics.is_compact(size) and not self._holds_warning(self.warning_rect, 2):
            # A narrow screen (a 10.1" portrait is 136 mm wide) cannot hold the warning on two
            # 5 mm lines: three, across the footer and up over the buttons' foot if need be.
            f = self.layout.footer
            tall = max(f.height, round(text_rows_height(size, 3.2) * 16 / 15))
            self.warning_rect = Rect(f.x, f.bottom - tall, f.width, tall)
            self.warning_lines = 3
        # On a compact (7") screen, whose footer holds one line, the warning covers the
        # question and the buttons' top edge (two 5 mm lines) instead.
        if metrics.is_compact(size):
            q = self.layout.question
            tall = max(q.height, text_rows_height(size, 2.2) + margin(size) // 2)
            self.warning_rect = Rect(q.x, q.y, q.width, tall)
        self.refresh_background()

    def _one_line_width(self, label: str, row: Rect) -> int:
        """Return the width a footer button needs for ``label`` on one 5 mm line: at most a
        third of the row, half of it under the hint (stacked), or two thirds beside a column
        of buttons (the row holds no hint)."""
        words = fonts.font(self.label_floor, "bold").size(label)[0] + 2 * text_blocks.PAD
        edge = max(4, round(row.height * 0.08))  # Button's edge, of its shorter side
        share = 2 / 3 if self.layout.side else 1 / 2 if self.layout.stacked else 1 / 3
        return min(words + 2 * edge + 2, int(row.width * share))

    def _footer_stacks(self, count: int) -> bool:
        """Tell whether one footer line is too narrow for "Quay lại", the hint (on two 5 mm
        lines, after a step number, naming the keys) and "Không áp dụng" (one 5 mm line each).
        Every question of a survey asks the same, so that its buttons do not move."""
        width = self.size[0] - 2 * margin(self.size)
        edge = max(4, round(metrics.target_px(self.size) * 0.08))  # a footer button's edge
        bold = fonts.font(self.label_floor, "bold")
        buttons = [wording.BACK, wording.NOT_APPLICABLE]
        need = sum(bold.size(w)[0] + 2 * (text_blocks.PAD + edge + 1) for w in buttons)
        hint = wording.step_of(10, 14) + " · " + wording.rating_hint(count, True)
        medium = fonts.font(metrics.body_size(self.size), "medium")
        need += medium.size(hint)[0] // 2 + 2 * text_blocks.PAD
        return need + 2 * max(8, round(min(self.size) * 0.02)) > width

    def _holds_warning(self, area: Rect, lines: int) -> bool:
        """Tell whether the idle warning (two-digit seconds) keeps 5 mm capitals in ``area``
        in ``lines`` lines, laid out as the warning is (see ``_warning``)."""
        floor = metrics.body_size(self.size, "bold")
        box = (area.width - area.height // 2, area.height - area.height // 16)
        fitted = text_blocks.fit(
            wording.idle_warning(88),
            box,
            size=floor,
            weight="bold",
            max_lines=lines,
            min_size=floor,
            scale=False,
        )
        return fitted.size >= floor

    def _button_row(self, footer: Rect, gap: int) -> Rect:
        """Return where "Quay lại" and "Không áp dụng" go: the footer, or its foot (20 mm)
        when the buttons are a column beside the question or the footer has two tiers."""
        if not (self.layout.side or self.layout.stacked):
            return Rect(footer)
        high = metrics.target_px(self.size) + 1
        return Rect(footer.x, footer.bottom - high, footer.width, high)

    def _repeat_slot(self) -> Rect:
        """Return where "Nghe lại" goes over a question in a column: its top right corner,
        20 mm tall, wide enough for its loudspeaker and its word at 5 mm."""
        q = self.layout.question
        high = metrics.target_px(self.size) + 1
        wide = min(round(q.width * 0.6), high * 3)
        return Rect(q.right - wide, q.y, wide, high)

    def _question_area(self, gap: int) -> Rect:
        """Return where the question's words go: beside "Nghe lại", or under it (side)."""
        q = self.layout.question
        button = self.repeat_button
        if not self.layout.side:
            return beside_repeat(q, button.rect if button else None, gap)
        if button is None:
            return q
        return Rect(q.x, button.rect.bottom + gap, q.width, q.bottom - button.rect.bottom - gap)

    def refresh_background(self) -> None:
        """Draw the question and the hint again (the step's number changed)."""
        background = self._render_background(self.question.text, len(self.buttons), self._gap)
        self._background = Backdrop(background, theme.current().background)

    @property
    def prompt(self) -> str:
        """Return the question, for speech."""
        return self.question.text

    @property
    def targets(self) -> list:
        """Return every touch target on this screen: the rating buttons, "Quay lại", "Nghe lại"."""
        extra = [b for b in (self.back_button, self.na_button, self.repeat_button) if b is not None]
        return [*self.buttons, *extra]

    @property
    def warning_area(self) -> Rect:
        """Return where the idle warning shows (the footer, or over the question)."""
        return self.warning_rect

    def warning_text_size(self, area: Rect) -> int:
        """Return the idle warning's text size: a little smaller than a step's, in a taller
        footer."""
        return round(min(area.height * 0.4, min(self.size) * 0.045))

    def _render_background(self, question: str, count: int, gap: int) -> pygame.Surface:
        surface = pygame.Surface(self.size)
        surface.fill(theme.current().background)
        q = self.layout.question
        words = self._question_area(gap)
        size = round(min(q.height * 0.42, min(self.size) * 0.075))
        if self.layout.side:
            self._blit_question(surface, words, question, size)
        else:
            self.blit_heading(surface, words, question, size)
        f = self.footer
        size = round(min(f.height * 0.42, min(self.size) * 0.04))
        hint = self.with_progress(wording.rating_hint(count, keys_shown()))
        self.blit_hint(surface, f, hint, size)
        return surface

    def _blit_question(self, surface: pygame.Surface, area: Rect, words: str, size: int) -> None:
        """Draw the question in a column beside the buttons: up to five balanced lines, at
        least at the headings' size."""
        look = theme.current()
        fitted = text_blocks.fit(
            words,
            area.size,
            size=size,
            weight="bold",
            max_lines=5,
            min_size=metrics.heading_size(self.size),
        )
        self.headings.add(words)
        image = text_blocks.render(text_blocks.balance(fitted), look.text, behind=look.background)
        surface.blit(image, image.get_rect(center=area.center))

    def handle_event(self, event: pygame.event.Event) -> Intent | None:
        """A release on the button that was pressed chooses it; any other input is activity."""
        digit = inputs.keypad_digit(event)
        if digit is not None:
            return self.buttons[digit - 1].choose("key") if digit <= len(self.buttons) else None
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            return Back()
        if inputs.is_key_press(event):
            return Activity()
        return self.press(event)

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the question, the buttons (pressed ones darker) and the hint or idle warning."""
        self._background.draw(surface)
        self.draw_targets(surface)

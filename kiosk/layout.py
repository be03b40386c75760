"""Screen geometry computed from the surface size, for any size and orientation.

Sizes are fractions of the screen, not fixed pixels: on a 21-27 inch lobby screen at 1920x1080
one pixel is about 0.25-0.31 mm, so the 20 mm rating buttons kiosk-ux asks for are ~80 px; the
layout makes them several times that. On a small screen (7-10 inches, 5-6 px per mm) the rows
that hold buttons ("Quay lại", "Nghe lại", "Thông tin công khai") are sized from millimetres
(``metrics.target_px``) so that they never drop under 20 mm.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from pygame import Rect

from kiosk import metrics, text_blocks
from kiosk.widgets import BAR_SHAPE


@dataclass(frozen=True)
class RatingLayout:
    """Where the question, the buttons (in display order) and the footer go.

    ``side``: the buttons are a column at the right, the question and the footer a column at
    the left (a landscape screen whose row of buttons is too narrow for the labels' lines).
    ``stacked``: the footer's hint sits over a row of its buttons ("Quay lại", "Không áp
    dụng"), the footer being too narrow for all three on one 5 mm line (a 10.1" portrait).
    """

    question: Rect
    buttons: tuple[Rect, ...]
    footer: Rect
    horizontal: bool
    side: bool = False
    stacked: bool = False


@dataclass(frozen=True)
class AttractLayout:
    """Where the office header, the two slogan panels and the invitation go."""

    header: Rect
    panels: tuple[Rect, Rect]
    invitation: Rect


@dataclass(frozen=True)
class MessageLayout:
    """A centred message screen (thanks, error): icon, headline, detail and a progress bar."""

    icon: Rect
    headline: Rect
    detail: Rect
    progress: Rect


def text_rows_height(size: tuple[int, int], rows: float, weight: str = "bold") -> int:
    """Return the height ``rows`` lines of body text take on this screen (5 mm capitals)."""
    return round(rows * text_blocks.line_height(metrics.body_size(size, weight), weight))


def margin(size: tuple[int, int]) -> int:
    """Return the outer margin for a screen of ``size``."""
    return max(8, round(min(size) * 0.04))


def _split(area: Rect, count: int, gap: int, horizontal: bool) -> tuple[Rect, ...]:
    length = area.width if horizontal else area.height
    cell = (length - gap * (count - 1)) / count
    rects = []
    for i in range(count):
        start = round(i * (cell + gap))
        end = round(i * (cell + gap) + cell)
        if horizontal:
            rects.append(Rect(area.x + start, area.y, end - start, area.height))
        else:
            rects.append(Rect(area.x, area.y + start, area.width, end - start))
    return tuple(rects)


def rating_layout(
    size: tuple[int, int],
    count: int,
    holds: Callable[[tuple[int, int]], bool] | None = None,
    stacked: bool = False,
) -> RatingLayout:
    """Lay out ``count`` rating buttons as one row or one column, whichever makes them bigger.

    ``holds(button size)`` tells whether every label keeps one line of 5 mm text in a button
    of that size. Where the row does not hold them (a 10.1" screen: "Không hài lòng" is wider
    than a quarter of it), the buttons become a column of bars, as wide as the labels need:
    under the question on a portrait screen, beside it on a landscape one, if that column's
    bars keep 20 mm. A compact (7") screen keeps its row: its labels wrap, all alike.
    ``stacked`` asks for a footer of two tiers (hint over buttons) where it is not beside.
    """
    stacked = stacked and not metrics.is_compact(size)
    laid = _line_layout(size, count, stacked)
    if holds is None or _held(laid, holds) or metrics.is_compact(size):
        return laid
    if not laid.horizontal:
        return _wide_column(laid, holds) or laid
    if size[0] < size[1]:
        # A portrait screen whose row is a little bigger than its column (a tall footer):
        # the column's bars, where they keep 20 mm, give the labels the screen's width.
        column = _line_layout(size, count, stacked, column=True)
        target = metrics.target_px(size) + 1
        if column.buttons[0].height >= target:
            return _wide_column(column, holds) or column
    return _side_layout(size, count, holds) or laid


def _held(laid: RatingLayout, holds: Callable[[tuple[int, int]], bool]) -> bool:
    return all(holds(rect.size) for rect in laid.buttons)


def _narrowest(holds: Callable[[tuple[int, int]], bool], height: int, low: int, high: int) -> int:
    """Return the narrowest width in ``low..high`` at which ``holds`` a bar (``high`` if none)."""
    while low < high:
        middle = (low + high) // 2
        if holds((middle, height)):
            high = middle
        else:
            low = middle + 1
    return high


def _wide_column(laid: RatingLayout, holds) -> RatingLayout | None:
    """Return the column of bars widened, up to the screen's width, to hold the labels."""
    first, last = laid.buttons[0], laid.buttons[-1]
    full = laid.question.width
    if not holds((full, first.height)):
        return None
    bars = max(first.width, math.ceil(first.height * BAR_SHAPE))
    width = max(first.width, _narrowest(holds, first.height, min(bars, full), full))
    area = Rect(laid.question.centerx - width // 2, first.y, width, last.bottom - first.y)
    gap = laid.buttons[1].top - first.bottom if len(laid.buttons) > 1 else 0
    buttons = _split(area, len(laid.buttons), gap, horizontal=False)
    return RatingLayout(laid.question, buttons, laid.footer, False, stacked=laid.stacked)


def _side_layout(size: tuple[int, int], count: int, holds) -> RatingLayout | None:
    """Return the buttons as a column of bars at the right, the question and the footer at
    the left; None where bars of 20 mm, as wide as the labels need, leave the question less
    than a third of the width."""
    width, height = size
    m = margin(size)
    gap = max(8, round(min(size) * 0.03))
    target = metrics.target_px(size) + 1
    column_h = height - 2 * m
    cell_h = (column_h - gap * (count - 1)) // count
    widest = round(width * 0.6)
    if cell_h < target or not holds((widest, cell_h)):
        return None
    # Only bars (face beside the label) are searched: their labels' room grows with width.
    narrowest = _narrowest(holds, cell_h, min(widest, math.ceil(cell_h * BAR_SHAPE)), widest)
    bar_w = max(narrowest, round(width * 0.4))
    left_w = width - 2 * m - 2 * gap - bar_w
    if left_w < width // 3:
        return None
    area = Rect(width - m - bar_w, m, bar_w, column_h)
    # The footer holds "Quay lại" (20 mm) under two lines of the hint or the idle warning.
    footer_h = target + gap + text_rows_height(size, 2.3)
    footer = Rect(m, height - m - footer_h, left_w, footer_h)
    question = Rect(m, m, left_w, footer.top - gap - m)
    return RatingLayout(question, _split(area, count, gap, False), footer, False, side=True)


def _line_layout(
    size: tuple[int, int], count: int, stacked: bool = False, column: bool = False
) -> RatingLayout:
    """Lay out the buttons as one row or one column, whichever makes them bigger (a column
    where ``column``); a ``stacked`` footer holds its hint over a row of 20 mm buttons."""
    width, height = size
    m = margin(size)
    gap = max(8, round(min(size) * 0.03))
    question_h = round(height * (0.2 if width >= height else 0.16))
    # The footer holds the hint or the idle warning: two lines of body text, with room to spare.
    # At most a fifth of the screen: on a tiny screen the text shrinks instead.
    footer_h = min(max(round(height * 0.11), text_rows_height(size, 2.3) + m // 2), height // 5)
    # "Nghe lại" sits in the question row and "Quay lại" in the footer: both 20 mm tall.
    target = metrics.target_px(size) + 1
    question_h = max(question_h, target + m // 2)
    footer_h = max(footer_h, target + m // 2)
    if stacked:
        footer_h = target + text_rows_height(size, 2, "medium") + m
    question = Rect(m, m, width - 2 * m, question_h - m // 2)
    footer = Rect(m, height - footer_h, width - 2 * m, footer_h - m // 2)
    area = Rect(m, question.bottom + m // 2, width - 2 * m, footer.top - question.bottom - m)
    # A scale reads as a line: one row or one column, never a grid.
    row_cell = min((area.width - gap * (count - 1)) / count, area.height)
    col_cell = min(area.width, (area.height - gap * (count - 1)) / count)
    horizontal = row_cell >= col_cell and not column
    if not horizontal:
        # A very wide bar is hard to read as a button; keep column buttons at most ~3x as wide.
        cell_h = (area.height - gap * (count - 1)) / count
        bar_w = min(area.width, round(max(cell_h * 3.2, area.width * 0.75)))
        area = Rect(area.centerx - bar_w // 2, area.y, bar_w, area.height)
    buttons = _split(area, count, gap, horizontal)
    return RatingLayout(question, buttons, footer, horizontal, stacked=stacked)


def attract_layout(size: tuple[int, int]) -> AttractLayout:
    """Lay out the attract screen: header on top, slogans side by side (or stacked), invitation."""
    width, height = size
    m = margin(size)
    landscape = width >= height
    header = Rect(0, 0, width, round(height * (0.24 if landscape else 0.17)))
    # The line under the invitation pill (a third of this height) is body text: 5 mm capitals.
    share = 0.2 if landscape else 0.14
    needed = round(text_rows_height(size, 1, "medium") / 0.34)
    invitation_h = min(max(round(height * share), needed), round(height * (share + 0.06)))
    # The pill and the "Thông tin công khai" button beside it are 20 mm tall; the line under
    # them keeps its third of the usual height. A compact (7") screen has no room for that
    # line: the pill and the button take the whole invitation row (see AttractScreen).
    target = metrics.target_px(size) + 1
    if metrics.is_compact(size):
        invitation_h = max(invitation_h, target)
    else:
        invitation_h = max(invitation_h, target + round(invitation_h * 0.34))
    invitation = Rect(m, height - invitation_h - m // 2, width - 2 * m, invitation_h)
    body = Rect(m, header.bottom + m, width - 2 * m, invitation.top - header.bottom - 2 * m)
    panels = _split(body, 2, m, horizontal=landscape)
    return AttractLayout(header, (panels[0], panels[1]), invitation)


def message_layout(size: tuple[int, int]) -> MessageLayout:
    """Lay out a centred message screen."""
    width, height = size
    m = margin(size)
    icon_d = round(min(width, height) * 0.28)
    top = round(height * 0.12)
    # Two lines of 5 mm text each for the headline and the detail; on a short screen (7") the
    # icon and the space above it give way, down to half.
    headline_h = max(round(height * 0.18), text_rows_height(size, 2.1, "extrabold"))
    detail_h = max(round(height * 0.16), text_rows_height(size, 2.1, "medium"))
    bar_h = max(6, round(height * 0.012))
    over = top + icon_d + m + headline_h + m // 2 + detail_h + m + bar_h + m - height
    if over > 0:
        cut_top = min(over, top // 2)
        top -= cut_top
        icon_d = max(icon_d // 2, icon_d - (over - cut_top))
    icon = Rect((width - icon_d) // 2, top, icon_d, icon_d)
    headline = Rect(m, icon.bottom + m, width - 2 * m, headline_h)
    detail = Rect(m, headline.bottom + m // 2, width - 2 * m, detail_h)
    progress = Rect(m, height - m - bar_h, width - 2 * m, bar_h)
    return MessageLayout(icon, headline, detail, progress)

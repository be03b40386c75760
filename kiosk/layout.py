"""Screen geometry computed from the surface size, for any size and orientation.

Sizes are fractions of the screen, not fixed pixels: on a 21-27 inch lobby screen at 1920x1080
one pixel is about 0.25-0.31 mm, so the 20 mm rating buttons kiosk-ux asks for are ~80 px; the
layout makes them several times that. On a small screen (7-10 inches, 5-6 px per mm) the rows
that hold buttons ("Quay lại", "Nghe lại", "Thông tin công khai") are sized from millimetres
(``metrics.target_px``) so that they never drop under 20 mm.
"""

from __future__ import annotations

from dataclasses import dataclass

from pygame import Rect

from kiosk import metrics, text_blocks


@dataclass(frozen=True)
class RatingLayout:
    """Where the question, the buttons (in display order) and the footer go."""

    question: Rect
    buttons: tuple[Rect, ...]
    footer: Rect
    horizontal: bool


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


def rating_layout(size: tuple[int, int], count: int) -> RatingLayout:
    """Lay out ``count`` rating buttons as one row or one column, whichever makes them bigger."""
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
    question = Rect(m, m, width - 2 * m, question_h - m // 2)
    footer = Rect(m, height - footer_h, width - 2 * m, footer_h - m // 2)
    area = Rect(m, question.bottom + m // 2, width - 2 * m, footer.top - question.bottom - m)
    # A scale reads as a line: one row or one column, never a grid.
    row_cell = min((area.width - gap * (count - 1)) / count, area.height)
    col_cell = min(area.width, (area.height - gap * (count - 1)) / count)
    horizontal = row_cell >= col_cell
    if not horizontal:
        # A very wide bar is hard to read as a button; keep column buttons at most ~3x as wide.
        cell_h = (area.height - gap * (count - 1)) / count
        bar_w = min(area.width, round(max(cell_h * 3.2, area.width * 0.75)))
        area = Rect(area.centerx - bar_w // 2, area.y, bar_w, area.height)
    return RatingLayout(question, _split(area, count, gap, horizontal), footer, horizontal)


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

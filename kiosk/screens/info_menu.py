"""The information screen's rules that need no screen: which kinds its menu offers and in what
order, how a list of titles is paged, and how an item's last two pages share its lines.

The menu follows the admin's public page (/cong-khai): the kinds in lobby.public_info.KINDS
order, only those with an item, each with the admin's label (kept short: wording.INFO_KINDS).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from kiosk import wording
from lobby.public_info import KIND_LABELS, KINDS

# No page of an item's text holds less than this share of its room (the last page included,
# when the item has several): a page with one word left on it reads as a fault.
LEAST_PAGE_SHARE = 1 / 3


def menu_kinds(items) -> list[str]:
    """Return the kinds that have at least one of ``items``, in the admin's order."""
    present = {item.kind for item in items}
    return [kind for kind in KINDS if kind in present]


def kind_label(kind: str) -> str:
    """Return what a kind is called on the kiosk's menu (the admin's label, kept short)."""
    return wording.INFO_KINDS.get(kind) or KIND_LABELS.get(kind, kind)


def items_of(items, kind: str) -> list[int]:
    """Return the positions in ``items`` of the items of ``kind``, in their order."""
    return [i for i, item in enumerate(items) if item.kind == kind]


def list_pages(needs: Sequence[int], height: int, gap: int) -> list[list[int]]:
    """Return the positions of a list's rows on each page, in order: as many rows as fit
    ``height`` with ``gap`` between, each row as tall as it ``needs`` (a title of two lines
    takes more than one of one line); a row taller than a page gets a page alone."""
    pages: list[list[int]] = []
    used = 0
    for position, need in enumerate(needs):
        if pages and used + gap + need <= height:
            pages[-1].append(position)
            used += gap + need
        else:
            pages.append([position])
            used = need
    return pages


def lines_moved_back(before: Sequence[int], last: int, room_before: int, room_last: int) -> int:
    """Return how many lines at the bottom of an item's page before its last move onto the last
    page so that the last holds at least a third of its room (LEAST_PAGE_SHARE) while the page
    before keeps at least a third of its own; 0 when the last holds enough already.

    ``before``: the heights (pixels) of the page before's lines, top to bottom; ``last``: the
    height of the text on the last page; ``room_before``, ``room_last``: the pages' text rooms.
    Lines are moved whole and in order, so no word changes its place in the reading.
    """
    floor_last = math.ceil(room_last * LEAST_PAGE_SHARE)
    floor_before = math.ceil(room_before * LEAST_PAGE_SHARE)
    kept, held, moved = sum(before), last, 0
    while held < floor_last and moved < len(before):
        line = before[len(before) - 1 - moved]
        if kept - line < floor_before or held + line > room_last:
            break
        kept, held, moved = kept - line, held + line, moved + 1
    return moved

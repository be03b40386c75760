"""An index over many officials, so that any of them is a few taps away: the first letters of
their given names in Vietnamese order (A Ă Â B C D Đ …, only letters someone has), each leading
to a short list; a letter with more officials than a page leads to ranges of given names first,
and where the letters themselves do not fit a page, neighbouring letters share a button.

Pure (no pygame): the screen says how many cards fit a page (``per_page``) and how many index
buttons (``per_index``); the tree never needs a page turn when those allow it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.roster import Official
from lobby.vnsort import first_letter, given_name


@dataclass(frozen=True, eq=False)
class Group:
    """One index button: its label (a letter, letters or given names), the given names it
    spans when the label is letters (``detail``), and what choosing it shows (groups or
    officials)."""

    label: str
    members: tuple[Official, ...]
    children: tuple
    detail: str = ""


def letter_of(official: Official) -> str:
    """Return the index letter of an official: the first letter of the given name."""
    return first_letter(given_name(official.name)) or "#"


def build_index(
    officials, per_page: int, per_names: int, per_letters: int = 0, per_spans: int = 0
) -> tuple:
    """Return what the official step shows first for ``officials`` (sorted by given name): the
    officials themselves when they fit one page, else index buttons: the letters when they fit
    one page, else runs of officials labelled by their letters and given names; a letter with
    more officials than a page leads to ranges of given names.

    How many fit one page: ``per_page`` officials, ``per_names`` buttons of given names,
    ``per_letters`` letter buttons, ``per_spans`` buttons of letters with given names under.
    """
    officials = tuple(officials)
    per_page, per_names = max(1, per_page), max(2, per_names)
    if len(officials) <= per_page:
        return officials
    letters = _by_letter(officials)
    if 1 < len(letters) <= max(per_names, per_letters):
        return tuple(
            Group(letter, members, _ranges(members, per_page, per_names))
            for letter, members in letters
        )
    if len(letters) == 1:
        return _ranges(officials, per_page, per_names)
    # More letters than a page holds: neighbouring letters share a button ("A – C"), never
    # splitting a letter, in as many buttons as a page holds.
    return tuple(
        Group(_span(run[0][0], run[-1][0]), members, _ranges(members, per_page, per_names))
        for run in _balanced(letters, max(2, per_letters or per_spans or per_names))
        for members in [tuple(o for _, group in run for o in group)]
    )


def _balanced(letters: list, parts: int) -> list[list]:
    """Split the letters, in order, into at most ``parts`` runs, as even as whole letters allow
    (a letter with more officials than a run takes one alone)."""
    sizes = [len(members) for _, members in letters]

    def runs(most: int) -> list[list] | None:
        made, run, total = [], [], 0
        for item, size in zip(letters, sizes, strict=True):
            if run and total + size > most:
                made.append(run)
                run, total = [], 0
            run.append(item)
            total += size
        made.append(run)
        return made if len(made) <= parts else None

    low, high = 1, sum(sizes)
    while low < high:
        middle = (low + high) // 2
        if runs(middle) is None:
            low = middle + 1
        else:
            high = middle
    return runs(low) or [letters]


def _by_letter(officials: tuple[Official, ...]) -> list[tuple[str, tuple[Official, ...]]]:
    letters: list[tuple[str, list[Official]]] = []
    for official in officials:
        letter = letter_of(official)
        if letters and letters[-1][0] == letter:
            letters[-1][1].append(official)
        else:
            letters.append((letter, [official]))
    return [(letter, tuple(members)) for letter, members in letters]


def _span(first: str, last: str) -> str:
    return first if first == last else f"{first} – {last}"


def _ranges(members: tuple[Official, ...], per_page: int, per_index: int) -> tuple:
    """Return ``members`` when they fit a page, else ranges of given names over them: each a
    page of officials or, when those would not fit one index page, a range of ranges."""
    if len(members) <= per_page:
        return members
    pages = -(-len(members) // per_page)
    count = pages if pages <= per_index else per_index
    size = -(-len(members) // count)
    chunks = [members[i : i + size] for i in range(0, len(members), size)]
    groups = [Group(_name_span(c), c, _ranges(c, per_page, per_index)) for c in chunks]
    # Two ranges with the same words (many officials share one given name): number them.
    labels = [g.label for g in groups]
    return tuple(
        Group(f"{g.label} ({labels[:i].count(g.label) + 1})", g.members, g.children)
        if labels.count(g.label) > 1
        else g
        for i, g in enumerate(groups)
    )


def _name_span(chunk: tuple[Official, ...]) -> str:
    return _span(given_name(chunk[0].name), given_name(chunk[-1].name))


def depth(node, official_code: str) -> int | None:
    """Return how many index buttons lead to the official ``official_code`` (0 when it shows
    at once), or None when it is not there."""
    for item in node:
        if isinstance(item, Group):
            if any(o.code == official_code for o in item.members):
                below = depth(item.children, official_code)
                return None if below is None else below + 1
        elif item.code == official_code:
            return 0
    return None

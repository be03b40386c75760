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

# Index buttons on the way to any official where the screen allows: with the touch that starts
# the visit and the official's card, four taps.
MOST_INDEX_DEPTH = 2


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
    chunks = _pages(members, per_page, per_index)
    if chunks is None:  # more than an index page of full pages: ranges of ranges
        size = -(-len(members) // per_index)
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


def _pages(
    members: tuple[Official, ...], per_page: int, per_index: int
) -> list[tuple[Official, ...]] | None:
    """Return ``members`` cut into at most ``per_index`` pages of at most ``per_page``, or None
    when they need more.

    The cut reads best to a visitor: first, fewest pages whose label is unclear (a page that
    starts or ends inside a given name, unless it holds that name only: "Thủy (2)"); then
    fewest pages; then pages of even size."""
    count = len(members)
    if count > per_page * per_index:
        return None
    names = [given_name(o.name) for o in members]
    edge = [i == 0 or i == count or names[i - 1] != names[i] for i in range(count + 1)]
    # One number per cut, unclear pages first: squares of page sizes stay under UNCLEAR.
    unclear = count * count + 1
    never = unclear * (count + 1)
    best = [0] + [never] * count  # best[j]: the first j members in the pages so far
    starts: list[list[int]] = []  # per page count: where the last page of best[j] starts
    found: list[tuple[int, int, int]] = []  # (unclear pages, pages, squares)
    for pages in range(1, per_index + 1):
        made, start = [never] * (count + 1), [0] * (count + 1)
        for j in range(1, count + 1):
            for i in range(max(0, j - per_page), j):
                if best[i] == never:
                    continue
                clear = (edge[i] and edge[j]) or names[i] == names[j - 1]
                tried = best[i] + (j - i) ** 2 + (0 if clear else unclear)
                if tried < made[j]:
                    made[j], start[j] = tried, i
        best = made
        starts.append(start)
        if best[count] != never:
            found.append((best[count] // unclear, pages, best[count] % unclear))
            if best[count] < unclear:
                break  # more pages would read no better
    _, pages, _ = min(found)
    cuts, j = [count], count
    for k in range(pages - 1, -1, -1):
        j = starts[k][j]
        cuts.append(j)
    cuts.reverse()
    return [members[i:j] for i, j in zip(cuts, cuts[1:], strict=False)]


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


def deepest(node) -> int:
    """Return how many index buttons lead to the deepest official under ``node`` (0 when every
    official shows at once)."""
    return max((1 + deepest(item.children) for item in node if isinstance(item, Group)), default=0)

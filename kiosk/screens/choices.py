"""Counter and official lists: big numbered cards, paged, with "Bỏ qua / không nhớ" always."""

from __future__ import annotations

from abc import ABC, abstractmethod

import pygame
from pygame import Rect

from kiosk import inputs, metrics, text_blocks, theme, wording
from kiosk.display import Backdrop
from kiosk.flow import Timing
from kiosk.intents import Activity, Back, Intent, Picked
from kiosk.official_index import MOST_INDEX_DEPTH, Group, build_index, deepest
from kiosk.roster import Roster
from kiosk.screens.step import StepLayout, StepScreen, grid, step_layout
from kiosk.screens.step import keys_shown as step_keys_shown
from kiosk.screens.visitor import VisitorScreen
from kiosk.screenset import Steps, finish
from kiosk.widgets import Button, initials_photo

# On a compact (7") screen the names and index buttons of a crowded office may go down to the
# capitals the rating buttons' labels have there, so that every official stays two index
# buttons away (four taps from the start of the visit); only as far down as that needs.
CROWDED_CAP_MM = 3.9

PLACEHOLDER_COLOURS = ((30, 70, 140), (22, 96, 48), (120, 40, 110), (150, 30, 20), (70, 70, 78))


def _columns(size: tuple[int, int], cards: int) -> tuple[int, int]:
    """Return (columns, rows) of a page for the screen's shape: few cards get bigger ones."""
    if size[0] >= size[1]:
        if cards <= 4:
            return (2, 2)
        return (3, 2) if cards <= 6 or size[1] < 600 else (3, 3)
    return (1, 5) if cards <= 5 else (2, 4)


def _capacities(shapes: tuple) -> tuple[int, ...]:
    """Return how many official cards, buttons of given names, letter buttons and buttons of
    letters with names under fit one page of the grids ``shapes`` (build_index's order)."""
    (c, r), (lc, lr), (nc, nr), (sc, sr) = shapes
    return c * r, nc * nr, lc * lr, sc * sr


def _fitting(length: int, least: int, gap: int) -> int:
    """Return how many cells of at least ``least`` pixels fit in ``length`` with gaps."""
    return max(1, (length + gap) // (least + gap))


class ChoiceListScreen(StepScreen, ABC):
    """A paged list of choices; the page turns with its buttons or the arrow keys."""

    skip = wording.SKIP_FORGOT

    def __init__(self, size: tuple[int, int], title: str) -> None:
        self._list_setup()
        super().__init__(size, title)

    def _list_setup(self) -> None:
        self.page = 0
        self._pages: dict[int, list[Button]] = {}
        self.pager: list[Button] = []
        self._shape: tuple | None = None
        self._hint_drawn = True
        self._label_fit: dict[tuple, int] = {}

    def entries(self) -> list:
        """Return what the list shows, in order."""
        return []

    @property
    def choice_floor(self) -> int:
        """Return the smallest label size of the cards (the 5 mm body size here)."""
        return self.label_floor

    @abstractmethod
    def card(self, rect: Rect, entry, number: int) -> Button:
        """Return the button for one entry."""

    def shape(self, count: int) -> tuple[int, int]:
        """Return the (columns, rows) this screen would like for ``count`` choices."""
        return _columns(self.size, count)

    def _grid_shape(self) -> tuple[int, int, bool]:
        """Return (columns, rows, paged): the wished shape, cut so that every card is 20 mm and
        every label keeps 5 mm capitals (fewer cards a page where it would not)."""
        key = (self.layout, tuple(map(id, self.entries())))
        if self._shape is None or self._shape[0] != key:
            self._shape = (key, self._shape_for(self.layout))
        return self._shape[1]

    def _shape_for(self, layout: StepLayout) -> tuple[int, int, bool]:
        entries = self.entries()
        wished = self.planned_shape(layout, entries)
        if wished is not None and not self.bigger_if_they_fit(entries):
            return wished
        found = self._searched_shape(layout, entries)
        if wished is not None and found[2]:
            return wished  # bigger cards would need a page turn: the planned grid
        return found

    def bigger_if_they_fit(self, entries: list) -> bool:
        """Tell whether a few entries should get bigger cards than the planned grid's, where
        those fit one page."""
        return False

    def _searched_shape(self, layout: StepLayout, entries: list) -> tuple[int, int, bool]:
        count = len(entries)
        columns, rows = self.shape(count)
        least, gap = metrics.target_px(self.size) + 1, layout.gap

        def cut(area: Rect) -> tuple[int, int]:
            fit_c, fit_r = _fitting(area.width, least, gap), _fitting(area.height, least, gap)
            return min(columns, fit_c), min(rows, fit_r)

        c, r = cut(layout.body)
        if c * r >= count:
            if self._least_label(layout.body, c, r, entries, gap, quick=True) >= self.choice_floor:
                return c, r, False
        area = self._paged_area(layout)
        c, r = cut(area)
        if r < rows:
            # Fewer rows than wished (a small screen): more columns, each still 40 mm wide.
            c = max(c, min(count, 4, _fitting(area.width, 2 * least, gap)))
        # Most cards a page first; of equal counts, the wished (wider) shape.
        shapes = sorted(
            ((cc, rr) for cc in range(1, c + 1) for rr in range(1, r + 1)),
            key=lambda s: (-s[0] * s[1], -s[0]),
        )
        for cc, rr in shapes:
            if self._least_label(area, cc, rr, entries, gap, quick=True) >= self.choice_floor:
                return cc, rr, True
        # Nothing keeps 5 mm (a 7" screen, large text): the shape whose labels shrink least.
        best = max(shapes, key=lambda s: (self._least_label(area, *s, entries, gap), s[0] * s[1]))
        return best[0], best[1], True

    def planned_shape(self, layout: StepLayout, entries: list) -> tuple[int, int, bool] | None:
        """Return the (columns, rows, paged) a subclass has planned for ``entries``, or None to
        let the list find one."""
        return None

    def most_per_page(self, area: Rect, sample: list) -> tuple[int, int]:
        """Return the (columns, rows) with the most cards of ``sample``'s kind in ``area``, each
        20 mm and labelled at 5 mm; of equal counts, the wider cards."""
        return finish(self._most_per_page_steps(area, sample))

    def _most_per_page_steps(self, area: Rect, sample: list) -> Steps:
        """Find out most_per_page(area, sample) a grid tried per step; return it."""
        least, gap = metrics.target_px(self.size) + 1, self.layout.gap
        fit_c, fit_r = _fitting(area.width, least, gap), _fitting(area.height, least, gap)
        shapes = sorted(
            ((c, r) for c in range(1, fit_c + 1) for r in range(1, fit_r + 1)),
            key=lambda s: (-s[0] * s[1], s[0]),
        )
        for c, r in shapes:
            fits = self._least_label(area, c, r, sample, gap, quick=True) >= self.choice_floor
            yield  # a grid tried (a few trial cards): a frame may stop here
            if fits:
                return c, r
        return 1, 1

    def _least_label(
        self, area: Rect, columns: int, rows: int, entries: list, gap: int, quick: bool = False
    ) -> int:
        """Return the smallest label size of the entries' cards in a cell of this grid
        (``quick``: or any size under the 5 mm floor, as soon as one is found)."""
        cell = grid(area, columns * rows, columns, gap, rows=rows)[-1]
        least, floor = 10**6, self.choice_floor
        for entry in entries:
            # A card's label is fitted from its floor down: the same card, another floor, may
            # fit at another size.
            size = self._label_fit.get((cell.size, id(entry), floor))
            if size is None:
                with text_blocks.recording():  # a trial card: not drawn on screen
                    size = self.card(cell, entry, columns * rows).label_size
                self._label_fit[(cell.size, id(entry), floor)] = size
            least = min(least, size)
            if quick and least < floor:
                break  # this grid is out; the exact smallest is not needed
        return least

    def per_page(self) -> int:
        """Return how many cards fit on one page (each at least 20 mm)."""
        columns, rows, _ = self._grid_shape()
        return columns * rows

    @property
    def pages(self) -> int:
        """Return the number of pages."""
        return max(1, -(-len(self.entries()) // self.per_page()))

    def build(self) -> None:
        """Lay out the current page and the pager."""
        self._pages.clear()
        self.page = min(self.page, self.pages - 1)
        self._show_page()
        if self._hint_drawn != self.hint_shown():  # the officials of another counter
            self._background = Backdrop(self._render_background(), theme.current().background)

    def hint_shown(self) -> bool:
        """Tell whether the footer shows the hint: not while it holds the page buttons."""
        self._hint_drawn = self.pages == 1 or not self._pager_in_footer(self.layout)
        return self._hint_drawn

    def _pager_in_footer(self, layout: StepLayout) -> bool:
        """Tell whether the page buttons take the footer (20 mm tall) instead of a body row."""
        return layout.footer.height >= metrics.target_px(self.size)

    def _paged_area(self, layout: StepLayout | None = None) -> Rect:
        layout = layout or self.layout
        body = layout.body
        if self._pager_in_footer(layout):
            return Rect(body)
        return Rect(body.x, body.y, body.width, body.height - layout.row - layout.gap)

    def _area(self) -> Rect:
        return self.layout.body if self.pages == 1 else self._paged_area()

    def _pager_row(self) -> Rect:
        if self._pager_in_footer(self.layout):
            return Rect(self.layout.footer)
        body, row = self.layout.body, self.layout.row
        return Rect(body.x, body.bottom - row, body.width, row)

    def _show_page(self) -> None:
        if self.page not in self._pages:
            entries = self.entries()
            per = self.per_page()
            shown = entries[self.page * per : (self.page + 1) * per]
            columns, rows, _ = self._grid_shape()
            cells = grid(self._area(), len(shown), columns, self.layout.gap, rows=rows)
            self._pages[self.page] = self.page_cards(cells, shown)
        self.buttons = self._pages[self.page]
        self.pager = []
        if self.pages > 1:
            row = self._pager_row()
            left, _, right = grid(row, 3, 3, self.layout.gap)
            size = round(row.height * 0.36)
            if self.page > 0:
                self.pager.append(
                    Button(
                        left,
                        wording.PREVIOUS_PAGE,
                        lambda c: self._turn(-1),
                        theme.current().nav,
                        size=size,
                        min_size=self.label_floor,
                    )
                )
            if self.page + 1 < self.pages:
                self.pager.append(
                    Button(
                        right,
                        wording.NEXT_PAGE,
                        lambda c: self._turn(1),
                        theme.current().nav,
                        size=size,
                        min_size=self.label_floor,
                    )
                )

    def page_cards(self, cells: list[Rect], shown: list) -> list[Button]:
        """Return the cards of one page, one to a cell."""
        return [
            self.card(cell, entry, i + 1)
            for i, (cell, entry) in enumerate(zip(cells, shown, strict=True))
        ]

    def _turn(self, step: int) -> Intent:
        self.page = max(0, min(self.pages - 1, self.page + step))
        self._show_page()
        return Activity()

    @property
    def targets(self) -> list[Button]:
        """Return the cards, the pager and the navigation buttons."""
        return [*self.buttons, *self.pager, *self.nav_buttons, *self.extra_targets]

    def enter(self) -> None:
        """Start from the first page with nothing pressed."""
        super().enter()
        if self.page:
            self.page = 0
            self._show_page()

    def handle_key(self, event: pygame.event.Event) -> Intent | None:
        """Arrow keys and Page Up/Down turn pages."""
        if event.key in (pygame.K_RIGHT, pygame.K_PAGEDOWN, pygame.K_DOWN):
            return self._turn(1)
        if event.key in (pygame.K_LEFT, pygame.K_PAGEUP, pygame.K_UP):
            return self._turn(-1)
        return None

    def draw_body(self, surface: pygame.Surface) -> None:
        """Show "Trang n/m" between the page buttons."""
        if self.pages > 1:
            row = self._pager_row()
            _, middle, _ = grid(row, 3, 3, self.layout.gap)
            look = theme.current()
            label = text_blocks.block(
                wording.page_of(self.page + 1, self.pages),
                middle.size,
                look.text,
                size=round(row.height * 0.36),
                weight="semibold",
                max_lines=1,
                min_size=metrics.body_size(self.size),
                behind=look.background,
            )
            surface.blit(label, label.get_rect(center=middle.center))


class CounterScreen(ChoiceListScreen):
    """ "Ông/Bà được phục vụ tại quầy nào?": one card per counter."""

    def __init__(self, size: tuple[int, int], roster: Roster) -> None:
        self.roster = roster
        super().__init__(size, wording.COUNTER_TITLE)

    def entries(self) -> list:
        """Return the counters."""
        return list(self.roster.counters)

    def card(self, rect: Rect, entry, number: int) -> Button:
        """Return a counter's button."""
        code = entry.code
        return Button(
            rect,
            entry.name,
            lambda channel: Picked(code, channel),
            theme.current().choice,
            number=number,
            min_size=self.choice_floor,
        )


class OfficialScreen(ChoiceListScreen):
    """ "Cán bộ nào đã phục vụ Ông/Bà?": photo cards, by given name. Officials that do not fit
    one page are reached through an index (kiosk/official_index.py): the first letters of the
    given names, then, where a letter has more than a page, ranges of given names; "Quay lại"
    climbs the index before it leaves the step. Any official is at most two index buttons deep
    where the screen allows: on a compact (7") screen a crowded office's names and index
    buttons go as far below 5 mm as that needs (down to CROWDED_CAP_MM), and a theme of larger
    text gives way down to 5 mm on any screen; a page's names share one size."""

    skip = wording.SKIP

    def __init__(self, size: tuple[int, int], roster: Roster, photos: dict | None = None) -> None:
        self._setup(roster, photos)
        super().__init__(size, wording.OFFICIAL_TITLE)
        if self._title() != self.title:
            self.title = self._title()
            self._background = Backdrop(self._render_background(), theme.current().background)

    def _setup(self, roster: Roster, photos: dict | None) -> None:
        self.roster = roster
        self.photos = photos or {}
        self.counter: str | None = None
        self.path: list[Group] = []  # the index buttons chosen, in order
        # Seconds since the index showed another level: a touch ignored while that is under the
        # flow's arm time, so the second tap of a double tap chooses nothing on a page the
        # visitor never saw (the flow arms the step only when it opens).
        self._shown_for = Timing.arm_seconds
        self._bare = False  # cards without titles (when planning how many fit)
        self._tops: dict[str | None, tuple] = {}
        self._plans: tuple[tuple[int, tuple], ...] | None = None  # (label floor, grids) each
        self._planning: int | None = None  # the floor of the plan being made
        # Kept alive: the label sizes are cached by the entries' ids.
        self._samples = (
            [Group("Đ", (), ())],
            [Group("Phương – Trường", (), ())],
            [Group("Đ – Ư", (), ())],
        )

    @classmethod
    def build_steps(
        cls, size: tuple[int, int], roster: Roster, photos: dict | None = None
    ) -> Steps:
        """Make the screen as ``OfficialScreen(size, roster, photos)`` does, a trial grid per
        step (a generator that returns the screen): with hundreds of officials, planning the
        cards and the index takes longer than a frame may, so a frame may build it in parts."""
        screen = cls.__new__(cls)
        screen._setup(roster, photos)
        screen._list_setup()
        VisitorScreen.__init__(screen, size)  # the size and label floor the plan needs
        layout = step_layout(size)
        if not layout.side and not screen.fits(layout):
            layout = step_layout(size, side_nav=True)
        screen.layout = layout
        yield from screen._plan_steps()
        screen.top()  # the index of every official
        yield
        # The plan and index are kept: this draws the title and the first page only.
        StepScreen.__init__(screen, size, screen._title())
        return screen

    def fits(self, layout: StepLayout) -> bool:
        """Put the navigation aside on a landscape screen: the cards get the height, a row
        more of them."""
        return layout.side or self.size[0] < self.size[1]

    # -- the index ------------------------------------------------------------------------

    def _shapes(self) -> tuple[tuple[int, int], ...]:
        """Return the (columns, rows) of a page of official cards, of letter buttons, of
        buttons of given names and of letters with given names under, as planned for what
        the chosen counter shows."""
        return self._top()[2]

    @property
    def choice_floor(self) -> int:
        """Return the smallest label size of the cards and index buttons: the 5 mm body size,
        or the smaller floor planned for a crowded office on a compact screen."""
        if self._planning is not None:
            return self._planning
        return self._top()[1]

    def _plans_made(self) -> tuple[tuple[int, tuple], ...]:
        if self._plans is None:
            finish(self._plan_steps())
        return self._plans

    def _plan_steps(self) -> Steps:
        """Plan the grids of _shapes() a trial grid per step: at the body size (5 mm, more in a
        theme of larger text); and, where those leave an official more than two index buttons
        deep, at the largest smaller floor whose index is as shallow as that of the least floor
        (two buttons deep, or the least it can be): 5 mm whatever the theme, CROWDED_CAP_MM on
        a compact (7") screen."""
        floor = self.label_floor
        plans = [(floor, (yield from self._shapes_at(floor)))]
        yield  # each index tried (a few ms with hundreds of officials) takes a step of its own
        deep = self._depth(plans[0][1])
        compact = metrics.is_compact(self.size)
        least_mm = CROWDED_CAP_MM if compact else metrics.MIN_BODY_CAP_MM
        least = metrics.min_text_px(self.size, least_mm, "bold")
        if least < floor and deep > MOST_INDEX_DEPTH:
            low = (least, (yield from self._shapes_at(least)))
            yield
            goal = max(MOST_INDEX_DEPTH, self._depth(low[1]))
            if goal < deep:
                high = floor  # too deep there; the index's depth falls as the floor does
                while high - low[0] > 1:
                    middle = (low[0] + high) // 2
                    tried = (middle, (yield from self._shapes_at(middle)))
                    yield
                    if self._depth(tried[1]) <= goal:
                        low = tried
                    else:
                        high = middle
                plans.append(low)
        self._plans = tuple(plans)

    def _shapes_at(self, floor: int) -> Steps:
        """Find the grids of _shapes() with labels of at least ``floor``, a grid per step."""
        self._planning = floor
        try:
            area = self.layout.body
            # The longest names stand for all: if they fit, every card does.
            widest = sorted(self.roster.officials, key=lambda o: -len(o.name))
            cards = (1, 1)
            if widest:
                self._bare = True
                try:
                    cards = yield from self._most_per_page_steps(area, widest[:6])
                finally:
                    self._bare = False
            plan = [cards]
            for sample in self._samples:
                plan.append((yield from self._most_per_page_steps(area, sample)))
        finally:
            self._planning = None
        return tuple(plan)

    def _depth(self, shapes: tuple) -> int:
        """Return how many index buttons lead to the deepest official of this kiosk's list."""
        return deepest(build_index(self.roster.officials_for(None), *_capacities(shapes)))

    def _top(self) -> tuple[tuple, int, tuple]:
        """Return (what shows first, its label floor, its grids) for the chosen counter: at
        5 mm, unless only the smaller floor's index brings its officials near enough."""
        if self.counter not in self._tops:
            officials = self.roster.officials_for(self.counter)
            for floor, shapes in self._plans_made():
                made = (build_index(officials, *_capacities(shapes)), floor, shapes)
                if deepest(made[0]) <= MOST_INDEX_DEPTH:
                    break
            self._tops[self.counter] = made
        return self._tops[self.counter]

    def top(self) -> tuple:
        """Return what the step shows first for the chosen counter: the officials, or the index."""
        return self._top()[0]

    def entries(self) -> list:
        """Return what shows now: the officials of the chosen counter (all when none was
        chosen), or the index buttons leading to them."""
        return list(self.path[-1].children if self.path else self.top())

    def indexing(self) -> bool:
        """Tell whether the screen shows index buttons rather than officials."""
        return any(isinstance(e, Group) for e in self.entries())

    def planned_shape(self, layout: StepLayout, entries: list) -> tuple[int, int, bool] | None:
        """Index buttons and a page of officials take the planned grid, never a page turn."""
        (c, r), (lc, lr), (nc, nr), (sc, sr) = self._shapes()
        if entries and isinstance(entries[0], Group):
            if all(len(e.label) == 1 for e in entries) and len(entries) > nc * nr:
                columns, rows = lc, lr
            elif all(len(e.label) <= 5 for e in entries) and len(entries) > nc * nr:
                columns, rows = sc, sr  # runs of letters ("A – C")
            else:
                columns, rows = nc, nr
        elif len(entries) > c * r:
            return None  # more than a page (never through the index): pages
        else:
            columns, rows = c, r
        # Fewer entries than cells: drop the rows they leave empty.
        rows = min(rows, -(-len(entries) // columns)) if entries else rows
        return columns, rows, False

    def bigger_if_they_fit(self, entries: list) -> bool:
        """A counter's one to four officials get bigger cards where those fit one page."""
        return len(entries) <= 4 and not any(isinstance(e, Group) for e in entries)

    def _open(self, group: Group) -> Intent:
        self.path.append(group)
        self._moved()
        return Activity()

    def _climb(self) -> Intent:
        if not self.path:
            return Back()
        self.path.pop()
        self._moved()
        return Activity()

    def _moved(self) -> None:
        self._shown_for = 0.0
        self.page = 0
        self._pages.clear()
        title = self._title()
        if title != self.title:
            self.title = title
            self._background = Backdrop(self._render_background(), theme.current().background)
        self._show_page()

    def _title(self) -> str:
        if not self.indexing():
            return wording.OFFICIAL_TITLE
        if not self.path:
            return wording.INDEX_TITLE
        return wording.index_range_title(self.path[-1].label)

    @property
    def prompt(self) -> str:
        """Return the sentence speech says: the title, and what the index buttons are."""
        return self.title

    def make_back_button(self, rect: Rect, label_size: int) -> Button:
        """Return "Quay lại": up one level of the index, or to the step before."""
        return Button(
            rect,
            wording.BACK,
            lambda channel: self._climb(),
            theme.current().nav,
            size=label_size,
            min_size=self.label_floor,
        )

    def handle_event(self, event: pygame.event.Event) -> Intent | None:
        """Escape climbs the index like "Quay lại"."""
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE and self.path:
            return self._climb()
        return super().handle_event(event)

    def press(self, event: pygame.event.Event) -> Intent | None:
        """Turn a pointer event into an intent, as every screen does, except a release while
        the index level shown is newer than the flow's arm time: activity only."""
        if self._shown_for < Timing.arm_seconds:
            touched = inputs.pointer(event, self.size)
            if touched is not None and touched.action != "down":
                self._pressed.pop(touched.pointer, None)
                return Activity()
        return super().press(event)

    def update(self, dt: float) -> None:
        """Count the time the index level shown has been on screen."""
        self._shown_for += dt

    # -- cards ----------------------------------------------------------------------------

    def card(self, rect: Rect, entry, number: int, size: int | None = None) -> Button:
        """Return an index button, or an official's card with the photo (initials without);
        the label from ``size`` down (from 5 mm, or more where the card is big, by default)."""
        if isinstance(entry, Group):
            return Button(
                rect,
                entry.label,
                lambda channel: self._open(entry),
                theme.current().choice,
                number=self._number(number),
                detail=entry.detail,
                size=size
                or max(round(min(rect.height * 0.34, rect.width * 0.3)), self.label_floor),
                min_size=self.choice_floor,
                edge=0.05,
            )
        code = entry.code
        side = round(min(rect.height * 0.8, rect.width * 0.45))
        photo = self.photos.get(entry.code)
        if photo is None:
            colour = PLACEHOLDER_COLOURS[sum(map(ord, entry.code)) % len(PLACEHOLDER_COLOURS)]
            photo = initials_photo(max(8, side), entry.name, colour)

        def made(detail: str) -> Button:
            return Button(
                rect,
                entry.name,
                lambda channel: Picked(code, channel),
                theme.current().card,
                number=self._number(number),
                image=photo,
                detail=detail,
                size=size
                or max(round(min(rect.height * 0.4, rect.width * 0.12)), self.label_floor),
                min_size=self.choice_floor,
                picture_height=0.8,
                edge=0.05,
            )

        if self._bare or not entry.title:
            return made("")
        # The title where it fits beside the name at 5 mm (whatever the names' floor); the name
        # and photo always.
        with text_blocks.recording():  # a trial: drawn only if the title keeps 5 mm
            shown = made(entry.title)
        return shown if shown.label_size >= self.label_floor else made("")

    def page_cards(self, cells: list[Rect], shown: list) -> list[Button]:
        """Return the cards of one page with their labels in one size, the page's smallest, so
        that no name looks more important than another."""
        cards = super().page_cards(cells, shown)
        least = min((b.label_size for b in cards), default=0)
        if least < self.choice_floor:
            return cards  # a label that fits at no floor keeps the size it could get
        return [
            self.card(cell, entry, i + 1, size=least) if button.label_size > least else button
            for i, (cell, entry, button) in enumerate(zip(cells, shown, cards, strict=True))
        ]

    def numbered(self, number: int) -> Button | None:
        """Return the card or index button that digit key ``number`` picks (the N-th shown),
        badge or not."""
        return self.buttons[number - 1] if 0 < number <= len(self.buttons) else None

    def _number(self, number: int) -> int | None:
        """Return the digit badge of a card: only where a keypad can press it (1-9)."""
        return number if step_keys_shown() and number <= 9 else None

    def enter(self) -> None:
        """Start from the top of the index with nothing pressed."""
        if self.path:
            self.path.clear()
            self._moved()
        super().enter()

    def sync(self, state) -> None:
        """Show the officials of the counter the visitor chose."""
        if state.counter != self.counter:
            self.counter = state.counter
            self.page = 0
            self.path.clear()
            self.title = self._title()
            self._background = Backdrop(self._render_background(), theme.current().background)
            self.build()

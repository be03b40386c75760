"""Counter and official lists: big numbered cards, paged, with "Bỏ qua / không nhớ" always."""

from __future__ import annotations

from abc import ABC, abstractmethod

import pygame
from pygame import Rect

from kiosk import metrics, text, texts, theme
from kiosk.display import Backdrop
from kiosk.intents import Activity, Intent, Picked
from kiosk.roster import Roster
from kiosk.screens.step import StepLayout, StepScreen, grid
from kiosk.widgets import Button, initials_photo

PLACEHOLDER_COLOURS = ((30, 70, 140), (22, 96, 48), (120, 40, 110), (150, 30, 20), (70, 70, 78))


def _columns(size: tuple[int, int], cards: int) -> tuple[int, int]:
    """Return (columns, rows) of a page for the screen's shape: few cards get bigger ones."""
    if size[0] >= size[1]:
        if cards <= 4:
            return (2, 2)
        return (3, 2) if cards <= 6 or size[1] < 600 else (3, 3)
    return (1, 5) if cards <= 5 else (2, 4)


def _fitting(length: int, least: int, gap: int) -> int:
    """Return how many cells of at least ``least`` pixels fit in ``length`` with gaps."""
    return max(1, (length + gap) // (least + gap))


class ChoiceListScreen(StepScreen, ABC):
    """A paged list of choices; the page turns with its buttons or the arrow keys."""

    skip = texts.SKIP_FORGOT

    def __init__(self, size: tuple[int, int], title: str) -> None:
        self.page = 0
        self._pages: dict[int, list[Button]] = {}
        self.pager: list[Button] = []
        self._shape: tuple | None = None
        self._hint_drawn = True
        self._label_fit: dict[tuple, int] = {}
        super().__init__(size, title)

    def entries(self) -> list:
        """Return what the list shows, in order."""
        return []

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
        count = len(entries)
        columns, rows = self.shape(count)
        least, gap = metrics.target_px(self.size) + 1, layout.gap

        def cut(area: Rect) -> tuple[int, int]:
            fit_c, fit_r = _fitting(area.width, least, gap), _fitting(area.height, least, gap)
            return min(columns, fit_c), min(rows, fit_r)

        c, r = cut(layout.body)
        if c * r >= count:
            if self._least_label(layout.body, c, r, entries, gap, quick=True) >= self.label_floor:
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
            if self._least_label(area, cc, rr, entries, gap, quick=True) >= self.label_floor:
                return cc, rr, True
        # Nothing keeps 5 mm (a 7" screen, large text): the shape whose labels shrink least.
        best = max(shapes, key=lambda s: (self._least_label(area, *s, entries, gap), s[0] * s[1]))
        return best[0], best[1], True

    def _least_label(
        self, area: Rect, columns: int, rows: int, entries: list, gap: int, quick: bool = False
    ) -> int:
        """Return the smallest label size of the entries' cards in a cell of this grid
        (``quick``: or any size under the 5 mm floor, as soon as one is found)."""
        cell = grid(area, columns * rows, columns, gap, rows=rows)[-1]
        least = 10**6
        for entry in entries:
            size = self._label_fit.get((cell.size, id(entry)))
            if size is None:
                with text.recording():  # a trial card: not drawn on screen
                    size = self.card(cell, entry, columns * rows).label_size
                self._label_fit[(cell.size, id(entry))] = size
            least = min(least, size)
            if quick and least < self.label_floor:
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
            self._pages[self.page] = [
                self.card(cell, entry, i + 1)
                for i, (cell, entry) in enumerate(zip(cells, shown, strict=True))
            ]
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
                        texts.PREVIOUS_PAGE,
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
                        texts.NEXT_PAGE,
                        lambda c: self._turn(1),
                        theme.current().nav,
                        size=size,
                        min_size=self.label_floor,
                    )
                )

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
            label = text.block(
                texts.page_of(self.page + 1, self.pages),
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
        super().__init__(size, texts.COUNTER_TITLE)

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
            min_size=self.label_floor,
        )


class OfficialScreen(ChoiceListScreen):
    """ "Cán bộ nào đã phục vụ Ông/Bà?": photo, name and title, by given name."""

    def __init__(self, size: tuple[int, int], roster: Roster, photos: dict | None = None) -> None:
        self.roster = roster
        self.photos = photos or {}
        self.counter: str | None = None
        super().__init__(size, texts.OFFICIAL_TITLE)

    def entries(self) -> list:
        """Return the officials of the chosen counter (all when none was chosen)."""
        return list(self.roster.officials_for(self.counter))

    def card(self, rect: Rect, entry, number: int) -> Button:
        """Return an official's card with the photo, or initials when there is none."""
        code = entry.code
        side = round(min(rect.height * 0.8, rect.width * 0.45))
        photo = self.photos.get(entry.code)
        if photo is None:
            colour = PLACEHOLDER_COLOURS[sum(map(ord, entry.code)) % len(PLACEHOLDER_COLOURS)]
            photo = initials_photo(max(8, side), entry.name, colour)
        return Button(
            rect,
            entry.name,
            lambda channel: Picked(code, channel),
            theme.current().card,
            number=number,
            image=photo,
            detail=entry.title,
            min_size=self.label_floor,
        )

    def sync(self, state) -> None:
        """Show the officials of the counter the visitor chose."""
        if state.counter != self.counter:
            self.counter = state.counter
            self.page = 0
            self.build()

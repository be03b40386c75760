"""Paged lists: which page a request asks for, and what the pager under a list shows."""

from __future__ import annotations

from dataclasses import dataclass

MAX_PAGE = 100000


@dataclass(frozen=True)
class Page:
    """Page ``number`` (1-based) of ``size`` rows among ``total``."""

    number: int
    size: int
    total: int = 0

    @property
    def offset(self) -> int:
        """Return how many rows come before this page."""
        return (self.number - 1) * self.size

    @property
    def count(self) -> int:
        """Return how many pages the rows fill (at least one)."""
        return max(1, -(-self.total // self.size))

    @property
    def first_row(self) -> int:
        """Return the 1-based number of the page's first row (0 when there is none)."""
        return min(self.offset + 1, self.total)

    @property
    def last_row(self) -> int:
        """Return the 1-based number of the page's last row."""
        return min(self.offset + self.size, self.total)

    def with_total(self, total: int) -> Page:
        """Return this page knowing the total; a page past the end becomes the last page."""
        page = Page(self.number, self.size, total)
        return page if page.number <= page.count else Page(page.count, self.size, total)

    def numbers(self) -> list[int | None]:
        """Return the page numbers the pager links to: the first, the last and the two around
        this one; None stands for the ones left out."""
        wanted = {1, self.count, *range(self.number - 2, self.number + 3)}
        shown: list[int | None] = []
        for n in range(1, self.count + 1):
            if n in wanted:
                shown.append(n)
            elif shown and shown[-1] is not None:
                shown.append(None)
        return shown


def requested_page(args, size: int) -> Page:
    """Return the page a query string asks for (``trang``); a bad number gives page 1."""
    raw = (args.get("trang") or "").strip()
    number = int(raw) if raw.isdigit() and len(raw) < 7 else 1
    return Page(min(max(number, 1), MAX_PAGE), size)

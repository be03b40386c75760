"""Bar charts people can read, drawn by the app: no script, no CDN, black on white when printed.

Every bar has its label (wrapped by the browser, never cut), its value and the count behind it
("72,0% · 18 lượt"); groups with too few visits to compare are grey and say so, and come after
the others, which are sorted by value. The chart is HTML rows whose bar is a one-rectangle SVG
(no inline style, so the page's Content-Security-Policy holds); the text is the page's own, so
it stays legible on a phone. admin_web/report_chart.py draws the same rules for the DOCX.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from markupsafe import Markup, escape

FEW_VISITS = "ít lượt, chưa so sánh"


@dataclass(frozen=True)
class Bar:
    """One bar: its label, value (None when there is nothing to show), the text shown, and
    whether it is muted (too few visits to compare, which ``note`` says)."""

    label: str
    value: float | None
    text: str
    muted: bool = False
    note: str = ""


def _rate(rate: Decimal | None) -> str:
    return "–" if rate is None else f"{rate:.1f}".replace(".", ",") + "%"


def count_words(count: int) -> str:
    """Return a count of visits ("1.234 lượt")."""
    return f"{count:,}".replace(",", ".") + " lượt"


def group_bar(label: str, figures, least: int) -> Bar:
    """Return the rate bar of a group's Figures: "72,0% · 18 lượt", muted under ``least``."""
    muted = figures.answers < least
    text = f"{_rate(figures.rate)} · {count_words(figures.answers)}"
    value = None if figures.rate is None else float(figures.rate)
    return Bar(label, value, text, muted, FEW_VISITS if muted else "")


def sorted_bars(bars: Sequence[Bar]) -> list[Bar]:
    """Return the bars highest value first, the muted ones after the others, empty ones last."""
    return sorted(bars, key=lambda b: (b.muted, b.value is None, -(b.value or 0), b.label))


def distinct_labels(labels: Sequence[str], extras: Sequence[str]) -> list[str]:
    """Return the labels, each one shared by several groups followed by its extra ("(CB0012)")."""
    shared = {label for label, n in Counter(labels).items() if n > 1}
    return [
        f"{label} ({extra})" if label in shared and extra else label
        for label, extra in zip(labels, extras, strict=True)
    ]


def with_labels(bars: Sequence[Bar], labels: Sequence[str]) -> list[Bar]:
    """Return the bars with new labels (same order)."""
    return [replace(bar, label=label) for bar, label in zip(bars, labels, strict=True)]


def bar_chart(title: str, bars: Sequence[Bar], maximum: float | None = None) -> Markup:
    """Return a horizontal bar chart as HTML (rows of label, bar and value); ``title`` is its
    accessible name, the rows are read in order by a screen reader."""
    top = max((bar.value or 0 for bar in bars), default=0)
    scale = maximum if maximum else top or 1
    parts = [f'<figure class="chart" aria-label="{escape(title)}"><ol class="bars">']
    for bar in bars:
        length = 0 if bar.value is None else round(100 * max(bar.value, 0) / scale, 1)
        muted = " muted" if bar.muted else ""
        note = f'<small class="bar-note">{escape(bar.note)}</small>' if bar.note else ""
        parts.append(
            f'<li class="bar-row{muted}"><span class="bar-label">{escape(bar.label)}</span>'
            '<svg class="bar-track" viewBox="0 0 100 10" preserveAspectRatio="none"'
            ' aria-hidden="true" focusable="false">'
            f'<rect class="bar" x="0" y="0" width="{min(length, 100)}" height="10"/></svg>'
            f'<span class="bar-value">{escape(bar.text)}{note}</span></li>'
        )
    parts.append("</ol></figure>")
    return Markup("".join(parts))  # noqa: S704 (every text above is escaped)

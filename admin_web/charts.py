"""Bar charts drawn by the app as inline SVG: no script, no CDN, black on white when printed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

_ROW, _LABEL_W, _BAR_W, _VALUE_W = 26, 170, 230, 80


@dataclass(frozen=True)
class Bar:
    """One bar: its label, value (None when there is nothing to show) and the text shown."""

    label: str
    value: float | None
    text: str


def bar_chart(title: str, bars: Sequence[Bar], maximum: float | None = None) -> Markup:
    """Return a horizontal bar chart as SVG markup; the title is its accessible name."""
    top = max((bar.value or 0 for bar in bars), default=0)
    scale = maximum if maximum else top or 1
    width = _LABEL_W + _BAR_W + _VALUE_W
    height = _ROW * max(len(bars), 1) + 8
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"'
        f' role="img" preserveAspectRatio="xMinYMin meet" font-family="sans-serif"'
        f' font-size="15" fill="#000"><title>{escape(title)}</title>'
    ]
    for i, bar in enumerate(bars):
        y = 4 + i * _ROW
        label = bar.label if len(bar.label) <= 22 else bar.label[:21] + "…"
        parts.append(
            f'<text x="{_LABEL_W - 6}" y="{y + 17}" text-anchor="end">{escape(label)}</text>'
        )
        length = 0 if bar.value is None else round(_BAR_W * max(bar.value, 0) / scale, 1)
        parts.append(
            f'<rect x="{_LABEL_W}" y="{y + 3}" width="{length}" height="{_ROW - 8}"'
            ' class="bar" fill="#1f4e79" stroke="#000" stroke-width="0.5"/>'
        )
        parts.append(f'<text x="{_LABEL_W + length + 6}" y="{y + 17}">{escape(bar.text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text above is escaped)

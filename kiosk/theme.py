"""Colours of the kiosk, its themes, and the WCAG contrast rules that choose text colours."""

from __future__ import annotations

from dataclasses import dataclass, replace

RGB = tuple[int, int, int]

WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)
INK: RGB = (26, 26, 26)
PAPER: RGB = (255, 250, 240)
# Dark enough that gold text on it reaches 7:1 (the header of the attract screen).
STATE_RED: RGB = (132, 14, 20)
GOLD: RGB = (255, 214, 90)
PANEL: RGB = (255, 240, 214)
PANEL_EDGE: RGB = (214, 170, 110)
THANKS_GREEN: RGB = (22, 96, 48)
ERROR_AMBER: RGB = (255, 236, 200)
ERROR_RED: RGB = (150, 30, 20)
WARNING_BG: RGB = (255, 220, 120)
FACE_FILL: RGB = (255, 248, 225)
FACE_INK: RGB = (30, 30, 30)

# WCAG 2.x AAA (kiosk-ux: the floor for a lobby of older visitors): 7:1 for all text.
MIN_TEXT_CONTRAST = 7.0


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: RGB) -> float:
    """Return the WCAG relative luminance of an sRGB colour (0 black .. 1 white)."""
    r, g, b = (_channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """Return the WCAG contrast ratio between two colours (1 .. 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour_on(background: RGB) -> RGB:
    """Return white or black, whichever reads better on ``background`` (at least 4.58:1).

    Mid-tones cannot reach 7:1 with either: use ``readable`` for text, which adds a plate.
    """
    return WHITE if contrast(WHITE, background) >= contrast(BLACK, background) else BLACK


@dataclass(frozen=True)
class Readable:
    """Text colour for a background, and the plate to draw behind the text if one is needed."""

    ink: RGB
    plate: RGB | None

    def behind(self, background: RGB) -> RGB:
        """Return the colour right behind the text: the plate, or ``background`` itself."""
        return self.plate or background


def readable(background: RGB, minimum: float = MIN_TEXT_CONTRAST) -> Readable:
    """Return the text colour for ``background`` and, when even the better of white and black
    stays under ``minimum``, a plate of the same hue darkened (or lightened) just enough."""
    ink = text_colour_on(background)
    if contrast(ink, background) >= minimum:
        return Readable(ink, None)
    for step in range(1, 101):
        darker = shade(background, 1 - step / 100)
        if contrast(WHITE, darker) >= minimum:
            return Readable(WHITE, darker)
        lighter = shade(background, 1 + step / 100)
        if contrast(BLACK, lighter) >= minimum:
            return Readable(BLACK, lighter)
    return Readable(WHITE, BLACK)  # not reached: black itself gives 21:1


def plated(background: RGB, minimum: float = MIN_TEXT_CONTRAST) -> Readable:
    """Return readable(background) always with a plate: a colour that reads without one gets a
    plate of its own hue shaded a little away from the ink (the contrast only grows), so that
    labels side by side, some needing a plate, all sit on one."""
    look = readable(background, minimum)
    if look.plate is not None:
        return look
    return Readable(look.ink, shade(background, 0.85 if look.ink == WHITE else 1.15))


def shade(rgb: RGB, factor: float) -> RGB:
    """Return ``rgb`` darkened (factor < 1) or lightened towards white (factor > 1)."""
    if factor <= 1:
        return tuple(round(v * factor) for v in rgb)  # type: ignore[return-value]
    t = min(factor - 1, 1)
    return tuple(round(v + (255 - v) * t) for v in rgb)  # type: ignore[return-value]


YELLOW: RGB = (255, 230, 0)


@dataclass(frozen=True)
class Theme:
    """A look of the kiosk: colours by role, a text scale and outline strength."""

    name: str
    background: RGB = PAPER
    text: RGB = INK
    accent: RGB = STATE_RED
    accent_text: RGB = WHITE
    highlight: RGB = GOLD
    panel: RGB = PANEL
    panel_edge: RGB = PANEL_EDGE
    panel_title: RGB = STATE_RED
    thanks: RGB = THANKS_GREEN
    error_background: RGB = ERROR_AMBER
    error: RGB = ERROR_RED
    warning_background: RGB = WARNING_BG
    warning_text: RGB = INK
    # The line under a step's title.
    rule: RGB = (194, 134, 138)
    # Multiplies every text size (large_text); the body floor of kiosk.metrics grows with it.
    text_scale: float = 1.0
    # Outline width around buttons and panels as a fraction of their shorter side.
    outline: float = 0.02
    # Outline colour of buttons; None: a darker shade of the button's own colour.
    button_outline: RGB | None = None
    # Button fills by role (their labels are chosen by ``readable``: 7:1 on any fill).
    choice: RGB = (30, 70, 140)
    nav: RGB = (70, 70, 78)
    go: RGB = (22, 96, 48)
    key: RGB = (30, 70, 140)
    key_alt: RGB = (120, 40, 110)
    toggle_on: RGB = (22, 96, 48)
    card: RGB = (245, 236, 220)
    # A typed number or comment: the field, its text and its border.
    field: RGB = WHITE
    field_text: RGB = INK
    field_edge: RGB = INK
    # Words that must stand out on the background: the apology, a wrong number, a page heading.
    emphasis: RGB = STATE_RED
    notice: RGB = ERROR_RED


STANDARD = Theme("standard")
LARGE_TEXT = replace(STANDARD, name="large_text", text_scale=1.35)
HIGH_CONTRAST = Theme(
    "high_contrast",
    background=BLACK,
    text=WHITE,
    accent=BLACK,
    accent_text=YELLOW,
    highlight=YELLOW,
    panel=BLACK,
    panel_edge=WHITE,
    panel_title=YELLOW,
    thanks=YELLOW,
    error_background=BLACK,
    error=YELLOW,
    warning_background=YELLOW,
    warning_text=BLACK,
    rule=YELLOW,
    text_scale=1.15,
    outline=0.04,
    button_outline=WHITE,
    choice=(0, 48, 120),
    nav=(40, 40, 40),
    go=(0, 90, 0),
    key=(0, 48, 120),
    key_alt=(90, 0, 90),
    toggle_on=YELLOW,
    card=BLACK,
    field=BLACK,
    field_text=WHITE,
    field_edge=WHITE,
    emphasis=YELLOW,
    notice=YELLOW,
)
THEMES = {t.name: t for t in (STANDARD, LARGE_TEXT, HIGH_CONTRAST)}

_current = STANDARD


def use(name: str) -> Theme:
    """Make the theme called ``name`` the current one and return it (ValueError if unknown)."""
    global _current
    try:
        _current = THEMES[name]
    except KeyError:
        raise ValueError(f"unknown theme {name!r}; expected one of {', '.join(THEMES)}") from None
    return _current


def current() -> Theme:
    """Return the theme the kiosk draws with."""
    return _current


def configure(kiosk) -> Theme:
    """Apply ``[kiosk] theme`` and ``screen_diagonal_inches`` from settings; return the theme."""
    from kiosk import metrics

    chosen = use(kiosk.theme)
    metrics.configure(kiosk.screen_diagonal_inches, chosen.text_scale)
    return chosen

"""Widgets: faces drawn with pygame.draw, and buttons that turn presses into intents."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import pygame
from pygame import Rect

from kiosk import fonts, text_blocks, theme, wording
from kiosk.intents import RatingChosen, Repeat
from kiosk.theme import FACE_FILL, FACE_INK, RGB, readable, shade, text_colour_on

# Faces are drawn this many times larger and scaled down: pygame.draw does not anti-alias.
_SUPERSAMPLE = 4

# Mouth bend as a fraction of the face diameter: positive smiles, negative frowns.
_MOUTH_BEND = {
    "very_happy": 0.16,
    "happy": 0.1,
    "neutral": 0.0,
    "unhappy": -0.08,
    "very_unhappy": -0.13,
}


def _thick_curve(
    surface: pygame.Surface, points: list[tuple[float, float]], width: float, colour: RGB = FACE_INK
) -> None:
    # Stamping discs along the path gives round caps and no gaps, unlike a wide draw.arc.
    radius = max(1, round(width / 2))
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        steps = max(1, int(max(abs(x1 - x0), abs(y1 - y0)) / 2))
        for s in range(steps + 1):
            t = s / steps
            pygame.draw.circle(surface, colour, (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t), radius)


def _mouth_points(cx: float, y: float, half: float, bend: float) -> list[tuple[float, float]]:
    return [(cx + half * u / 20, y + bend * (1 - (u / 20) ** 2)) for u in range(-20, 21)]


def face_surface(diameter: int, kind: str) -> pygame.Surface:
    """Draw a face of ``kind`` (very_happy .. very_unhappy) on a transparent square surface."""
    d = diameter * _SUPERSAMPLE
    big = pygame.Surface((d, d), pygame.SRCALPHA)
    c = d / 2
    pygame.draw.circle(big, FACE_FILL, (c, c), d / 2)
    pygame.draw.circle(big, FACE_INK, (c, c), d / 2, max(1, round(d * 0.035)))
    eye_r = d * 0.06
    for side in (-1, 1):
        pygame.draw.circle(big, FACE_INK, (c + side * d * 0.17, c - d * 0.1), eye_r)
    stroke = d * 0.055
    if kind == "very_unhappy":
        for side in (-1, 1):
            inner = (c + side * d * 0.09, c - d * 0.2)
            outer = (c + side * d * 0.27, c - d * 0.26)
            _thick_curve(big, [inner, outer], stroke * 0.8)
    bend = _MOUTH_BEND.get(kind, 0.0) * d
    mouth_y = c + d * 0.2 - bend / 2
    half = d * (0.24 if kind == "very_happy" else 0.2)
    points = _mouth_points(c, mouth_y, half, bend)
    if kind == "very_happy":
        # An open laughing mouth: the smile closed by a straight upper lip, filled.
        pygame.draw.polygon(big, FACE_INK, points)
    _thick_curve(big, points, stroke)
    return pygame.transform.smoothscale(big, (diameter, diameter))


# A badge's digit is this share of the badge's diameter.
BADGE_DIGIT = 0.6


def badge_diameter(diameter: int, min_size: int) -> int:
    """Return a badge diameter of at least ``diameter`` whose digit reaches ``min_size`` (5 mm)."""
    return (
        max(diameter, math.ceil(min_size / BADGE_DIGIT))
        if min_size > text_blocks.SMALLEST
        else diameter
    )


def _badge(number: int, diameter: int, colour: RGB) -> pygame.Surface:
    surface = pygame.Surface((diameter, diameter), pygame.SRCALPHA)
    look = readable(colour)  # 7:1: a mid-tone button gets a darker (or lighter) disc
    ink = look.ink
    if look.plate is not None:
        pygame.draw.circle(surface, look.plate, (diameter / 2, diameter / 2), diameter / 2)
    pygame.draw.circle(
        surface, ink, (diameter / 2, diameter / 2), diameter / 2, max(2, diameter // 14)
    )
    # A tall box: the line box holds Vietnamese marks a digit does not have; only width binds.
    digit = text_blocks.block(
        str(number),
        (diameter, diameter * 2),
        ink,
        size=math.ceil(diameter * BADGE_DIGIT),
        weight="bold",
        max_lines=1,
        behind=look.behind(colour),
    )
    surface.blit(digit, digit.get_rect(center=(diameter / 2, diameter / 2)))
    return surface


@dataclass(frozen=True)
class ButtonParts:
    """Where a button's face, label and number badge go, relative to the button, and its
    largest label size."""

    face: Rect
    label: Rect
    label_size: int
    badge: Rect
    stacked: bool = False  # the label under the face (else beside it)


# A button at least this many times as wide as it is tall is a bar: its face beside its label.
BAR_SHAPE = 1.4


def label_room(min_size: int) -> int:
    """Return the height two label lines of ``min_size`` (5 mm) take; 0 for no floor."""
    return (
        2 * text_blocks.line_height(min_size, "bold") + min_size // 2
        if min_size > text_blocks.SMALLEST
        else 0
    )


def badge_corner(size: tuple[int, int]) -> int:
    """Return how far the number's badge sits from a rating button's top-left corner."""
    return round(min(size) * 0.04) + 2


def button_parts(size: tuple[int, int], label_h: int = 0, digit: int = 0) -> ButtonParts:
    """Place face, label and number badge in a button: side by side in a wide bar, stacked
    otherwise; the face never overlaps the badge (whose digit is ``digit``, 5 mm).

    Stacked, the face gives way (down to half its size) so the label gets ``label_h`` pixels;
    where the face, centred, would meet the badge in the corner, badge and face share a row.
    """
    w, h = size
    pad = round(min(w, h) * 0.08)
    corner = badge_corner(size)
    gap = max(4, pad // 2)
    if w >= BAR_SHAPE * h:
        bd = badge_diameter(max(16, round(h * 0.2)), digit)
        badge = Rect(corner, corner, bd, bd)
        d = min(h - 2 * pad, round(w * 0.3))
        face = Rect(pad * 2, (h - d) // 2, d, d)
        if face.colliderect(badge.inflate(2 * gap, 2 * gap)):
            # The face right of the badge (badge and face share the face's width, so that the
            # label keeps its room), or under it, whichever leaves the face larger.
            left = badge.right + gap
            beside = min(h - 2 * pad, round(w * 0.3) - (left - face.left))
            top = badge.bottom + gap
            under = min(h - top - pad, round(w * 0.3))
            if beside >= under:
                face = Rect(left, (h - beside) // 2, beside, beside)
            else:
                face = Rect(pad * 2, top + (h - top - pad - under) // 2, under, under)
        right = max(face.right, badge.right)
        label = Rect(right + pad, pad, w - right - 3 * pad, h - 2 * pad)
        return ButtonParts(face, label, round(min(h * 0.3, w * 0.09)), badge)
    bd = badge_diameter(max(16, round(min(w, h) * 0.14)), digit)
    badge = Rect(corner, corner, bd, bd)
    d = min(w - 2 * pad, round((h - 2 * pad) * 0.56))
    if label_h:
        d = max(min(d, h - 3 * pad - round(h * 0.06) - label_h), d // 2)
    face = Rect((w - d) // 2, pad + round(h * 0.06), d, d)
    if face.colliderect(badge.inflate(2 * gap, 2 * gap)):
        # A narrow button: the badge and the face side by side, centred, in a row that ends
        # where the face did (the label keeps its room) and starts no higher than the corner.
        side = max(4, round(w * 0.04))
        bottom = face.bottom
        d = max(1, min(d, w - 2 * side - bd - gap))
        row = max(d, bd)
        top = max(corner, bottom - row)
        left = (w - (bd + gap + d)) // 2
        badge = Rect(left, top + (row - bd) // 2, bd, bd)
        face = Rect(badge.right + gap, top + (row - d) // 2, d, d)
    bottom = max(face.bottom, badge.bottom)
    # Under the face the label may take nearly the whole width: a narrow button's label then
    # keeps one line where it can.
    side = max(4, round(w * 0.04))
    label = Rect(side, bottom + pad, w - 2 * side, h - bottom - 2 * pad)
    return ButtonParts(face, label, round(min(h * 0.1, w * 0.2)), badge, stacked=True)


def one_line_labels(labels: list[str], at_least: int, chip: bool):
    """Return a test of a button size: whether every label, at ``at_least`` (5 mm), keeps
    one line in a button of that size (its plate, when ``chip``, inside the label's room)."""
    font = fonts.font(at_least, "bold")
    plate = 2 * text_blocks.plate_pad(at_least) if chip else 0
    widest = max(font.size(text_blocks.shown(label))[0] for label in labels)
    need_w = widest + 2 * text_blocks.PAD + plate
    need_h = text_blocks.line_height(at_least, "bold") + plate

    def holds(size: tuple[int, int]) -> bool:
        room = button_parts(size, label_room(at_least), at_least).label
        return need_w <= room.width and need_h <= room.height

    return holds


def common_label_size(
    labels: list[str], sizes: list[tuple[int, int]], at_least: int = 0, one_line_at: int = 0
) -> int:
    """Return one label size that fits every button, so no label looks more important.

    ``at_least`` (the 5 mm body size) is reached wherever every label fits at it, wrapped.
    ``one_line_at`` (a compact screen's smaller floor) is a size every label may shrink to, to
    keep one line, before they wrap at ``at_least``.
    """
    fitted, lines = [], []
    for label, size in zip(labels, sizes, strict=True):
        parts = button_parts(size, label_room(at_least), at_least)
        line = text_blocks.fit_label(label, parts.label.size, size=parts.label_size)
        lines.append(line)
        one = line.size
        if at_least > one:
            wrapped = text_blocks.fit(
                label, parts.label.size, size=0, weight="bold", min_size=at_least
            )
            one = max(one, wrapped.size)
        fitted.append(one)
    if one_line_at and all(len(f.lines) == 1 and f.size >= one_line_at for f in lines):
        return min(f.size for f in lines)
    return min(fitted)


def label_lines(label: str, size: tuple[int, int], label_size: int, at_least: int) -> int:
    """Return how many lines ``label`` takes at ``label_size`` in a button of ``size``."""
    room = button_parts(size, label_room(at_least), at_least).label.size
    fitted = text_blocks.fit(label, room, size=label_size, weight="bold", scale=False)
    return len(fitted.lines)


def lines_alike(fitted: text_blocks.Fitted, count: int) -> text_blocks.Fitted:
    """Return ``fitted`` in ``count`` lines where it has the words (a short label among
    wrapped ones wraps too, so that a scale's labels wrap alike), the widest line narrowest."""
    words = " ".join(fitted.lines).split()
    count = min(count, len(words))
    if count <= len(fitted.lines):
        return fitted
    font = fitted.font
    best: tuple[int, tuple[str, ...]] | None = None
    for cuts in itertools.combinations(range(1, len(words)), count - 1):
        bounds = (0, *cuts, len(words))
        lines = tuple(" ".join(words[a:b]) for a, b in itertools.pairwise(bounds))
        widest = max(font.size(text_blocks.shown(line))[0] for line in lines)
        if best is None or widest < best[0]:
            best = (widest, lines)
    return text_blocks.Fitted(best[1], fitted.size, fitted.weight) if best else fitted


class RatingButton:
    """One large rating button: its level, keypad number and pre-rendered look."""

    def __init__(
        self,
        rect: Rect,
        index: int,
        label: str,
        colour: RGB,
        face: str,
        label_size: int,
        min_size: int = text_blocks.SMALLEST,
        chip: bool = False,
        lines: int = 1,
    ) -> None:
        self.rect = Rect(rect)
        self._min_size = min_size  # the badge's digit keeps 5 mm capitals
        self.chip = chip  # the label on a plate even where its colour does not need one
        self.lines = lines  # the label takes this many lines where its words allow
        self.index = index
        self.label = label
        self.colour = colour
        self.text_colour = readable(colour).ink
        self.label_box = Rect(0, 0, 0, 0)
        self.face_box = Rect(0, 0, 0, 0)  # where the face and the badge landed, for tests
        self.badge_box = Rect(0, 0, 0, 0)
        self._normal = self._render(colour, face, label_size, pressed=False)
        self._look = (face, label_size)
        self._pressed: pygame.Surface | None = None  # rendered at the first press

    def _render(self, colour: RGB, face: str, label_size: int, *, pressed: bool) -> pygame.Surface:
        w, h = self.rect.size
        parts = button_parts((w, h), label_room(self._min_size), self._min_size)
        surface = pygame.Surface((w, h), pygame.SRCALPHA)
        radius = round(min(w, h) * 0.12)
        pygame.draw.rect(surface, colour, surface.get_rect(), border_radius=radius)
        look = theme.current()  # high contrast: thick white outlines
        edge = look.button_outline or shade(colour, 1.6 if pressed else 0.6)
        width = max(3, round(min(w, h) * look.outline))
        pygame.draw.rect(surface, edge, surface.get_rect(), width, border_radius=radius)
        surface.blit(face_surface(parts.face.width, face), parts.face)
        fitted = text_blocks.fit(
            self.label, parts.label.size, size=label_size, weight="bold", scale=False
        )
        fitted = text_blocks.balance(fitted)  # two lines of even length, no word left alone
        fitted = lines_alike(fitted, self.lines)  # as many lines as the scale's other labels
        # 7:1, on a plate when the colour is mid-tone (or when any of the scale's is: chip).
        label = text_blocks.render_on(fitted, colour, plate=self.chip)
        if parts.stacked:
            # Every label of a row starts at the same height, one line or two.
            where = label.get_rect(midtop=(parts.label.centerx, parts.label.top))
        else:
            where = label.get_rect(center=parts.label.center)
        surface.blit(label, where)
        if not pressed:
            self.label_box = where.move(self.rect.topleft)
        surface.blit(_badge(self.index + 1, parts.badge.width, colour), parts.badge)
        if not pressed:
            self.face_box = parts.face.move(self.rect.topleft)
            self.badge_box = parts.badge.move(self.rect.topleft)
        return surface

    def contains(self, pos: tuple[float, float], slack: int = 0) -> bool:
        """Tell whether a screen position lies on this button (or within ``slack`` pixels)."""
        return self.rect.inflate(2 * slack, 2 * slack).collidepoint(pos)

    def choose(self, channel: str) -> RatingChosen:
        """Return the intent this button emits when a visitor chooses it."""
        return RatingChosen(self.index, channel)

    def draw(self, surface: pygame.Surface, pressed: bool = False) -> None:
        """Blit the button (as pressed or not) onto ``surface``."""
        if pressed and self._pressed is None:
            self._pressed = self._render(shade(self.colour, 0.72), *self._look, pressed=True)
        surface.blit(self._pressed if pressed and self._pressed else self._normal, self.rect)


def check_icon(diameter: int, colour: RGB) -> pygame.Surface:
    """Draw a filled disc of ``colour`` with a tick (white, or black on a light disc)."""
    d = diameter * _SUPERSAMPLE
    big = pygame.Surface((d, d), pygame.SRCALPHA)
    pygame.draw.circle(big, colour, (d / 2, d / 2), d / 2)
    tick = [(d * 0.29, d * 0.52), (d * 0.44, d * 0.67), (d * 0.72, d * 0.37)]
    _thick_curve(big, tick, d * 0.09, text_colour_on(colour))
    return pygame.transform.smoothscale(big, (diameter, diameter))


def alert_icon(diameter: int, colour: RGB) -> pygame.Surface:
    """Draw a filled disc of ``colour`` with an exclamation mark (white, or black on light)."""
    d = diameter * _SUPERSAMPLE
    big = pygame.Surface((d, d), pygame.SRCALPHA)
    pygame.draw.circle(big, colour, (d / 2, d / 2), d / 2)
    bar = Rect(0, 0, round(d * 0.11), round(d * 0.38))
    bar.midtop = (round(d / 2), round(d * 0.2))
    mark = text_colour_on(colour)
    pygame.draw.rect(big, mark, bar, border_radius=bar.width // 2)
    pygame.draw.circle(big, mark, (d / 2, d * 0.73), d * 0.065)
    return pygame.transform.smoothscale(big, (diameter, diameter))


def initials_photo(diameter: int, name: str, colour: RGB) -> pygame.Surface:
    """Draw a placeholder portrait: a disc of ``colour`` with the initials of the given name."""
    words = name.split()
    letters = (words[-1][:1] + (words[0][:1] if len(words) > 1 else "")).upper() or "?"
    surface = pygame.Surface((diameter, diameter), pygame.SRCALPHA)
    pygame.draw.circle(surface, colour, (diameter / 2, diameter / 2), diameter / 2)
    mark = text_blocks.block_on(
        letters,
        (round(diameter * 0.8), round(diameter * 0.7)),
        colour,
        size=round(diameter * 0.4),
        weight="bold",
        max_lines=1,
    )
    surface.blit(mark, mark.get_rect(center=(diameter / 2, diameter / 2)))
    return surface


def fit_image(image: pygame.Surface, box: tuple[int, int]) -> pygame.Surface:
    """Scale ``image`` to fit inside ``box``, keeping its proportions."""
    w, h = image.get_size()
    scale = min(box[0] / max(1, w), box[1] / max(1, h))
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    if image.get_bitsize() not in (24, 32):
        # smoothscale takes only 24- and 32-bit surfaces; palette PNGs and JPEG greys are not.
        image = image.convert(32, pygame.SRCALPHA)
    return pygame.transform.smoothscale(image, size)


class Button:
    """A touch target: a rounded box with a label (and optional image and number) and an intent.

    ``intent(channel)`` gives what a press-and-release (or its digit key) asks for. Toggle buttons
    have a second look for "on". ``label_box`` is where the label landed, for layout tests.
    """

    def __init__(
        self,
        rect: Rect,
        label: str,
        intent,
        colour: RGB,
        *,
        number: int | None = None,
        image: pygame.Surface | None = None,
        detail: str = "",
        size: int | None = None,
        on_colour: RGB | None = None,
        min_size: int = text_blocks.SMALLEST,
        picture_height: float = 1.0,
        edge: float = 0.08,
    ) -> None:
        self.rect = Rect(rect)
        # A smaller picture beside the words, and a narrower edge (``edge``, of the shorter
        # side): for lists whose cards hold two lines of 5 mm words in a row of 20 mm.
        self._picture_height = picture_height
        self._edge = edge
        self.label = label
        self.intent = intent
        self.number = number
        self.colour = colour
        self.on_colour = on_colour
        self.label_box = Rect(0, 0, 0, 0)
        self.label_size = 0  # the size the label was fitted at (layouts page when too small)
        self.on = False
        self._size = size or round(min(self.rect.height * 0.4, self.rect.width * 0.12))
        self._min_size = min_size  # body text: kept wherever the label fits at it
        self._content = (label, image, detail)
        # The pressed look is rendered at the first press: most buttons are never pressed, and
        # a dozen screens of looks rendered up front cost start time and tens of MB.
        self._looks = {(False, False): self._render(colour, label, image, detail, False, False)}
        if on_colour is not None:
            self._looks[(False, True)] = self._render(on_colour, label, image, detail, False, True)
            self._looks[(True, True)] = self._looks[(False, True)]

    def _render(self, colour, label, image, detail, pressed, on) -> pygame.Surface:
        w, h = self.rect.size
        surface = pygame.Surface((w, h), pygame.SRCALPHA)
        radius = round(min(w, h) * 0.14)
        pygame.draw.rect(surface, colour, surface.get_rect(), border_radius=radius)
        look = theme.current()  # high contrast: thick white outlines
        edge = look.button_outline or shade(colour, 1.6 if pressed else 0.6)
        width = max(3, round(min(w, h) * look.outline * 1.5))
        pygame.draw.rect(surface, edge, surface.get_rect(), width, border_radius=radius)
        pad = max(4, round(min(w, h) * self._edge))
        inner = Rect(pad, pad, w - 2 * pad, h - 2 * pad)
        badge = 0
        if self.number is not None:
            badge = badge_diameter(round(min(h * 0.3, w * 0.18)), self._min_size)
            corner = pad // 2 + 2
            surface.blit(_badge(self.number, badge, colour), (corner, corner))
        tall_image = image is not None and w < 1.3 * h
        if badge and not tall_image:
            # The label (or picture) starts right of the badge, never under it.
            shift = max(badge // 2, corner + badge + pad // 4 - inner.left)
            inner.left += shift
            inner.width -= shift
        if on:
            tick = check_icon(max(12, round(min(h * 0.4, w * 0.2))), shade(colour, 0.5))
            surface.blit(tick, tick.get_rect(midright=(w - pad, h // 2)))
            inner.width -= tick.get_width() + pad // 2
        if image is not None:
            if not tall_image:
                tall = round(inner.height * self._picture_height)
                picture = fit_image(image, (round(inner.width * 0.4), tall))
                surface.blit(picture, picture.get_rect(midleft=(inner.left, h // 2)))
                inner.left += picture.get_width() + pad
                inner.width -= picture.get_width() + pad
            else:
                picture = fit_image(image, (inner.width, round(inner.height * 0.55)))
                surface.blit(picture, picture.get_rect(midtop=(w // 2, inner.top)))
                inner.top += picture.get_height() + pad // 2
                inner.height -= picture.get_height() + pad // 2
        words = label if not detail else f"{label}\n{detail}"
        fitted = text_blocks.fit(
            words, inner.size, size=self._size, weight="bold", max_lines=4, min_size=self._min_size
        )
        rendered = text_blocks.render_on(
            fitted, colour
        )  # 7:1, on a plate when the colour is mid-tone
        where = rendered.get_rect(center=inner.center)
        surface.blit(rendered, where)
        if not pressed and not on:
            self.label_box = where.move(self.rect.topleft)
        if not pressed:  # the smallest of the normal and the "on" look
            self.label_size = min(self.label_size or fitted.size, fitted.size)
        return surface

    @property
    def text_colour(self) -> RGB:
        """Return the colour the label is drawn in now (it changes with the "on" look)."""
        shown = self.on_colour if self.on and self.on_colour is not None else self.colour
        return readable(shown).ink

    def contains(self, pos: tuple[float, float], slack: int = 0) -> bool:
        """Tell whether a screen position lies on this button (or within ``slack`` pixels)."""
        return self.rect.inflate(2 * slack, 2 * slack).collidepoint(pos)

    def choose(self, channel: str):
        """Return the intent this button emits when a visitor chooses it."""
        return self.intent(channel)

    def draw(self, surface: pygame.Surface, pressed: bool = False) -> None:
        """Blit the button (pressed, on or normal) onto ``surface``."""
        if pressed and (True, False) not in self._looks:
            self._looks[(True, False)] = self._render(
                shade(self.colour, 0.72), *self._content, True, False
            )
        look = self._looks.get((pressed, self.on)) or self._looks[(pressed, False)]
        surface.blit(look, self.rect)


def speaker_icon(height: int, colour: RGB) -> pygame.Surface:
    """Draw a loudspeaker with two sound waves in ``colour`` (no font glyph needed)."""
    d = height * _SUPERSAMPLE
    w = round(d * 1.25)
    big = pygame.Surface((w, d), pygame.SRCALPHA)
    body = [
        (d * 0.06, d * 0.36),
        (d * 0.26, d * 0.36),
        (d * 0.52, d * 0.12),
        (d * 0.52, d * 0.88),
        (d * 0.26, d * 0.64),
        (d * 0.06, d * 0.64),
    ]
    pygame.draw.polygon(big, colour, body)
    for radius in (0.2, 0.4):
        arc = [
            (
                d * 0.58 + d * radius * math.cos(a / 10),
                d * 0.5 + d * radius * math.sin(a / 10),
            )
            for a in range(-9, 10)
        ]
        _thick_curve(big, arc, d * 0.07, colour)
    return pygame.transform.smoothscale(big, (round(height * 1.25), height))


def repeat_button(rect: Rect, min_size: int = text_blocks.SMALLEST) -> Button:
    """Return the "Nghe lại" button: a drawn loudspeaker and its label; it asks for Repeat."""
    colour = theme.current().nav
    icon = speaker_icon(
        max(8, round(min(rect.height * 0.45, rect.width * 0.25))), readable(colour).ink
    )
    return Button(rect, wording.REPEAT, Repeat, colour, image=icon, min_size=min_size)

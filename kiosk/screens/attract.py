"""Attract screen: the office, the "5 biết" and "3 thể hiện" slogans, and an invitation to touch."""

from __future__ import annotations

import math

import pygame
from pygame import Rect

from kiosk import fonts, inputs, metrics, text_blocks, theme, wording
from kiosk.display import Backdrop
from kiosk.intents import Intent, OpenInfo
from kiosk.layout import attract_layout, margin
from kiosk.widgets import Button

PULSE_SECONDS = 2.0
# The glow moves in steps: redrawing the idle screen at full frame rate costs CPU all day.
PULSE_STEPS_PER_SECOND = 10
# A small screen (7-10 inches) cannot show both slogan lists at 5 mm: they take turns, each in
# the whole space, this long each.
SLIDE_SECONDS = 8.0
# Space between two items of a list, as a fraction of the text size.
ITEM_SPACING = 0.35


def _columns(items, columns: int) -> list[list[str]]:
    per = -(-len(items) // columns)
    return [list(items[i : i + per]) for i in range(0, len(items), per)]


def _fit_items(items, box: tuple[int, int], start: int, gap: int) -> tuple[int, int]:
    """Return (size, columns): the largest size the items reach in one or two columns."""
    best = (0, 1)
    for columns in (1, 2):
        width = (box[0] - gap * (columns - 1)) // columns
        size = min(
            text_blocks.fit_list(chunk, (width, box[1]), size=start, spacing=ITEM_SPACING)[0]
            for chunk in _columns(items, columns)
        )
        best = max(best, (size, -columns))
    return best[0], -best[1]


def _panel(
    rect: Rect, title: str, items, size: int, list_width: int, columns: int = 1, gap: int = 0
) -> pygame.Surface:
    look = theme.current()
    surface = pygame.Surface(rect.size, pygame.SRCALPHA)
    radius = round(min(rect.size) * 0.06)
    edge = round(3 * look.outline / theme.STANDARD.outline)
    pygame.draw.rect(surface, look.panel, surface.get_rect(), border_radius=radius)
    pygame.draw.rect(surface, look.panel_edge, surface.get_rect(), edge, border_radius=radius)
    pad = round(min(rect.size) * 0.07)
    title_h = round(rect.height * 0.2)
    heading = text_blocks.block(
        title,
        (rect.width - 2 * pad, title_h),
        look.panel_title,
        size=round(title_h * 0.8),
        weight="extrabold",
        max_lines=1,
        behind=look.panel,
    )
    surface.blit(heading, heading.get_rect(midtop=(rect.width // 2, pad)))
    font = text_blocks.fonts.font(size, "medium")
    top = pad + title_h + pad // 2
    bullet_w = font.size("•  ")[0]
    width = (list_width - gap * (columns - 1)) // columns  # as the items were fitted
    for column, chunk in enumerate(_columns(items, columns)):
        x = pad + column * (width + bullet_w + gap)
        y = top
        for item in chunk:
            bullet = text_blocks.line(
                "•", look.panel_title, size=size, weight="medium", behind=look.panel
            )
            surface.blit(bullet, (x, y))
            for line in text_blocks.wrap(item, font, width):
                words = text_blocks.line(
                    line, look.text, size=size, weight="medium", behind=look.panel
                )
                surface.blit(words, (x + bullet_w, y))
                y += text_blocks.line_height(size, "medium")  # room for stacked marks
            y += round(size * ITEM_SPACING)
    return surface


def _motto(rect: Rect, words: str) -> pygame.Surface:
    """Render a panel with one line of large words in the middle (the model office motto)."""
    look = theme.current()
    surface = pygame.Surface(rect.size, pygame.SRCALPHA)
    radius = round(min(rect.size) * 0.06)
    edge = round(3 * look.outline / theme.STANDARD.outline)
    pygame.draw.rect(surface, look.panel, surface.get_rect(), border_radius=radius)
    pygame.draw.rect(surface, look.panel_edge, surface.get_rect(), edge, border_radius=radius)
    box = rect.inflate(-rect.height // 4, -rect.height // 4).size
    image = text_blocks.block(
        words,
        box,
        look.panel_title,
        size=round(box[1] * 0.4),
        weight="extrabold",
        max_lines=2,
        behind=look.panel,
    )
    surface.blit(image, image.get_rect(center=surface.get_rect().center))
    return surface


class AttractScreen:
    """Shown while no one is rating; any touch, click or key starts a visit.

    With ``info`` a "Thông tin công khai" button (or digit 2) opens the public information.
    """

    prompt = wording.INVITATION

    def __init__(
        self, size: tuple[int, int], office_parent: str, office_name: str, info: bool = False
    ) -> None:
        self.size = size
        self.layout = attract_layout(size)
        self._pulse = 0.0
        self._slide = 0
        self._shown_for = 0.0
        self._whole = False  # the next draw_moving redraws everything (the slogans changed)
        self._info_pointer: tuple | None = None
        rect = self.layout.invitation
        # At least 20 mm: the information button beside the pill is as tall (layout.py). On a
        # compact (7") screen they take the whole row and the line under them is left out.
        self._sub_line = not metrics.is_compact(size)
        pill_h = max(round(rect.height * 0.66), metrics.target_px(size))
        if not self._sub_line:
            pill_h = rect.height
        self.info_button: Button | None = None
        self.pill = Rect(0, 0, rect.width, pill_h)
        if info:
            gap = margin(size)
            # The button is wide enough for its label on one line at 5 mm (a 10.1" screen).
            label_w = fonts.font(metrics.body_size(size, "bold"), "bold").size(wording.PUBLIC_INFO)[
                0
            ]
            info_w = max(rect.width - round(rect.width * 0.64) - gap, label_w + pill_h // 4 + 8)
            self.pill.width = max(round(rect.width * 0.6), rect.width - info_w - gap)
            info_rect = Rect(
                rect.x + self.pill.width + gap, rect.y, rect.width - self.pill.width - gap, pill_h
            )
            self.info_button = Button(
                info_rect,
                wording.PUBLIC_INFO,
                OpenInfo,
                theme.current().choice,
                size=round(pill_h * 0.32),
                min_size=metrics.body_size(size, "bold"),
            )
        colour = theme.current().background
        self._slides = [
            Backdrop(surface, colour)
            for surface in self._render_backgrounds(office_parent, office_name)
        ]
        self._invitation = self._render_invitation()

    def _render_backgrounds(self, parent: str, name: str) -> list[pygame.Surface]:
        """Render the header and the slogans: one background, or one per list on a small screen."""
        lay = self.layout
        sections = [
            (wording.FIVE_KNOWS_TITLE, wording.FIVE_KNOWS),
            (wording.THREE_SHOWS_TITLE, wording.THREE_SHOWS),
        ]
        body = metrics.body_size(self.size)
        start = max(round(min(self.size) * 0.045), body)
        box = self._list_box(lay.panels[0])
        size = min(text_blocks.fit_list(items, box, size=start)[0] for _, items in sections)
        if size >= body:
            surface = self._render_header(parent, name)
            for rect, (title, items) in zip(lay.panels, sections, strict=True):
                surface.blit(_panel(rect, title, items, size, box[0]), rect)
            return [surface]
        whole = lay.panels[0].union(lay.panels[1])
        box = self._list_box(whole)
        gap = margin(self.size)
        slides = []
        for title, items in sections:
            fitted, columns = _fit_items(items, box, start, gap)
            surface = self._render_header(parent, name, model=False)
            surface.blit(_panel(whole, title, items, fitted, box[0], columns, gap), whole)
            slides.append(surface)
        # The header then has room for two lines at 5 mm: the model office motto takes a turn.
        surface = self._render_header(parent, name, model=False)
        surface.blit(_motto(whole, wording.MODEL), whole)
        return [*slides, surface]

    def _list_box(self, rect: Rect) -> tuple[int, int]:
        pad = round(min(rect.size) * 0.07)
        return (
            rect.width - 2 * pad - round(self.size[1] * 0.03),
            round(rect.height * 0.8) - 2 * pad,
        )

    def _render_header(self, parent: str, name: str, model: bool = True) -> pygame.Surface:
        """Render the background with the office header (and the motto line when ``model``)."""
        w, h = self.size
        lay = self.layout
        m = margin(self.size)
        surface = pygame.Surface(self.size)
        look = theme.current()
        surface.fill(look.background)
        header = lay.header
        pygame.draw.rect(surface, look.accent, header)
        pygame.draw.rect(surface, look.highlight, Rect(0, header.bottom - 6, w, 6))
        inner = header.inflate(-2 * m, -m)
        rows = [
            (parent.upper(), look.highlight, 0.22 if model else 0.4, "semibold"),
            (name.upper(), look.accent_text, 0.42, "extrabold"),
            (wording.MODEL if model else "", look.highlight, 0.22, "medium"),
        ]
        rows = [row for row in rows if row[0].strip()]
        y = inner.top
        total = sum(share for _, _, share, _ in rows)
        for label, colour, share, weight in rows:
            box = (inner.width, round(inner.height * share / total))
            image = text_blocks.block(
                label,
                box,
                colour,
                size=round(box[1] * 0.8),
                weight=weight,
                max_lines=1,
                min_size=metrics.body_size(self.size, weight),
                behind=look.accent,
            )
            surface.blit(
                image, image.get_rect(midtop=(w // 2, y + (box[1] - image.get_height()) // 2))
            )
            y += box[1]
        return surface

    def _render_invitation(self) -> pygame.Surface:
        rect = self.layout.invitation
        surface = pygame.Surface(rect.size, pygame.SRCALPHA)
        pill = self.pill
        look = theme.current()
        pygame.draw.rect(surface, look.accent, pill, border_radius=pill.height // 2)
        # Beside the information button the pill may be narrow: two lines then, not tiny text.
        narrow = pill.width < rect.width
        main = text_blocks.block(
            wording.INVITATION,
            pill.inflate(-pill.height * (0.6 if narrow else 1), -pill.height // 5).size,
            look.accent_text,
            size=round(pill.height * 0.5),
            min_size=metrics.body_size(self.size, "bold"),
            weight="bold",
            max_lines=2 if narrow else 1,
            behind=look.accent,
        )
        surface.blit(main, main.get_rect(center=pill.center))
        if not self._sub_line:
            return surface
        sub_box = (rect.width, rect.height - pill.height)
        sub = text_blocks.block(
            wording.INVITATION_SUB,
            sub_box,
            look.text,
            size=round(sub_box[1] * 0.6),
            min_size=metrics.body_size(self.size),
            weight="medium",
            max_lines=1,
            behind=look.background,
        )
        surface.blit(sub, sub.get_rect(midbottom=(rect.width // 2, rect.height)))
        return surface

    @property
    def targets(self) -> list[Button]:
        """Return the buttons on this screen (the information button, when shown)."""
        return [self.info_button] if self.info_button else []

    def enter(self) -> None:
        """Restart the invitation's pulse."""
        self._pulse = 0.0
        self._moved = True
        self._whole = True
        self._info_pointer = None

    def handle_event(self, event: pygame.event.Event) -> Intent | None:
        """A press on the information button opens it; any other press or key starts a visit.

        A digit never votes from here: 2 opens the information when shown, others start.
        """
        button = self.info_button
        if button is not None:
            if inputs.keypad_digit(event) == 2:
                return OpenInfo("key")
            press = inputs.pointer(event, self.size)
            if press is not None and button.contains(press.pos):
                if press.action == "down":
                    self._info_pointer = press.pointer
                    return None
                if self._info_pointer == press.pointer:
                    self._info_pointer = None
                    return OpenInfo(press.channel)
                return None
        return inputs.begin_on_press(event, self.size)

    def update(self, dt: float) -> None:
        """Advance the invitation's pulse."""
        before = self._pulse_step()
        self._pulse = (self._pulse + dt) % PULSE_SECONDS
        self._moved = self._pulse_step() != before
        if len(self._slides) > 1:
            self._shown_for += dt
            if self._shown_for >= SLIDE_SECONDS:
                self._shown_for = 0.0
                self._slide = (self._slide + 1) % len(self._slides)
                self._moved = self._whole = True

    def _pulse_step(self) -> int:
        return math.floor(self._pulse * PULSE_STEPS_PER_SECOND)

    def changed(self) -> bool:
        """Tell whether the last update changed the look (the app skips redrawing otherwise)."""
        return self._moved

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the office header, slogans and the pulsing invitation."""
        self._whole = False
        self._slides[self._slide].draw(surface)
        self._draw_invitation(surface)

    def draw_moving(self, surface: pygame.Surface) -> pygame.Rect:
        """Redraw only the pulsing invitation over the last full frame; return where it drew.

        When the slogans took turns, everything is redrawn.
        """
        if self._whole:
            self.draw(surface)
            return surface.get_rect()
        area = self.layout.invitation.inflate(40, 40).clip(surface.get_rect())
        self._slides[self._slide].draw(surface, area)
        self._draw_invitation(surface)
        return area

    def _draw_invitation(self, surface: pygame.Surface) -> None:
        rect = self.layout.invitation
        surface.blit(self._invitation, rect)
        shown = self._pulse_step() / PULSE_STEPS_PER_SECOND
        glow = 0.5 - 0.5 * math.cos(2 * math.pi * shown / PULSE_SECONDS)
        pill = self.pill.move(rect.topleft)
        ring = pill.inflate(round(6 + 10 * glow), round(6 + 10 * glow))
        pygame.draw.rect(
            surface,
            theme.current().highlight,
            ring,
            max(2, round(3 + 3 * glow)),
            border_radius=ring.height // 2,
        )
        if self.info_button is not None:
            self.info_button.draw(surface, pressed=self._info_pointer is not None)

"""The comment box shows every line typed. While typing it shows the last lines, the caret's
last, growing over the title when the comment needs more lines than the box under it holds;
when even that cannot hold them all, "Xem lại" shows the whole comment page by page (in the
box's width and 5 mm text), and "Gõ tiếp" brings the keys back. Checked with a long
Vietnamese comment up to the comment limit, typed word by word, on a 7", a 10.1", a 15.6" and
a portrait screen, by touch, every target 20 mm (the keys 12 mm, 10 mm at 7") and every text
5 mm at 7:1. Screenshots of a five-line comment at 7" and 10.1" go to
test-artefacts/screens/comment/."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path
from types import SimpleNamespace

import pygame
import pytest

from kiosk import metrics, text_blocks, theme, wording
from kiosk.intents import Activity, Edited
from kiosk.screens import step
from kiosk.screens.comment import CommentScreen
from kiosk.theme import MIN_TEXT_CONTRAST, contrast
from lobby.settings import settings_from_dict
from lobby.visit_limits import COMMENT_MAX
from tests.kiosk.helpers_text import SEVEN_INCH_FLOORS
from tests.kiosk_driver import finger

SENTENCES = (
    "Cán bộ hướng dẫn rất tận tình và chu đáo, nhưng phòng chờ buổi chiều hơi nóng.",
    "Xin lắp thêm quạt và ghế cho người cao tuổi, nhất là vào những ngày cuối tháng.",
    "Tôi phải đi lại hai lần vì thiếu bản sao giấy chứng nhận quyền sử dụng đất.",
    "Mong cơ quan niêm yết rõ danh mục giấy tờ cần nộp cho thủ tục cấp phép xây dựng.",
    "Bãi giữ xe trước cổng chật, người dân phải để xe dưới lòng đường rất nguy hiểm.",
    "Cảm ơn quý cơ quan đã lắng nghe ý kiến của người dân về thủ tục hành chính.",
    "Đề nghị bố trí thêm một quầy tiếp nhận hồ sơ đất đai vào buổi sáng thứ hai.",
)
SCREENS = [
    ((800, 480), 7.0),
    ((1280, 800), 10.1),
    ((1920, 1080), 15.6),
    ((1080, 1920), 21.5),
]
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artefacts" / "screens" / "comment"
KEY_MM = {True: 10.0, False: 12.0}  # the keyboard's stated minimum, on a 7" screen or not


def long_comment() -> str:
    """Return a realistic comment as long as the kiosk takes (cut where the limit cuts it)."""
    text = " ".join(itertools.islice(itertools.cycle(SENTENCES), 12))
    assert len(text) > COMMENT_MAX
    return text[:COMMENT_MAX]


@pytest.fixture(autouse=True)
def standard_afterwards():
    yield
    theme.use("standard")
    metrics.configure(metrics.DEFAULT_DIAGONAL_INCHES)
    step.show_repeat(False)


def comment_screen(size, inches: float, value: str = "", look: str = "standard"):
    """Return the comment screen of an ``inches`` screen of ``size`` holding ``value``."""
    settings = {"screen_diagonal_inches": inches, "theme": look}
    theme.configure(settings_from_dict({"kiosk": settings}).kiosk)
    pygame.display.set_mode(size)
    screen = CommentScreen(size)
    screen.enter()
    screen.sync(SimpleNamespace(comment=value))
    return screen


def drawn_texts(screen: CommentScreen) -> list[text_blocks.Drawn]:
    """Draw the screen; return every text rendered while drawing."""
    surface = pygame.display.get_surface()
    with text_blocks.recording() as drawn:
        screen.draw(surface)
    return drawn


def field_text(screen: CommentScreen) -> str:
    """Draw the screen; return the text drawn in the comment box (a fresh render)."""
    screen._image = None
    look = theme.current()
    boxed = [
        d for d in drawn_texts(screen) if d.ink == tuple(look.field_text) and d.behind == look.field
    ]
    assert len(boxed) == 1, boxed
    return boxed[0].text


def tap(screen: CommentScreen, button):
    """Touch ``button`` and lift the finger: return what the screen makes of it."""
    screen.handle_event(finger("down", button.rect.center, screen.size))
    return screen.handle_event(finger("up", button.rect.center, screen.size))


def labelled(screen: CommentScreen, label: str):
    """Return the target on screen labelled ``label``."""
    [found] = [t for t in screen.targets if t.label == label]
    return found


@pytest.mark.parametrize("size, inches", SCREENS)
def test_every_word_typed_is_drawn_and_every_line_can_be_read_again(size, inches):
    screen = comment_screen(size, inches)
    comment = long_comment()
    words = comment.split(" ")
    # Typed word by word: the last word typed and the caret are always in the box.
    for count in range(1, len(words) + 1):
        screen.sync(SimpleNamespace(comment=" ".join(words[:count])))
        shown = field_text(screen)
        assert shown.endswith(words[count - 1] + "|"), (count, shown)
        # The box shows the last lines, as many as it holds; the rest "Xem lại" shows.
        lines = screen.typed_lines()
        assert shown == " ".join(lines[-len(screen.field_lines()) :])
        assert (screen.toggle is not None) == (len(screen.field_lines()) < len(lines))
    assert screen.value == comment
    # The whole comment: typing showed its end; "Xem lại" shows it all, page after page.
    assert screen.hidden_lines() > 0, "a comment at the limit overflows the box here"
    assert isinstance(tap(screen, labelled(screen, wording.REVIEW)), Activity)
    assert screen.reviewing and not [b for b in screen.targets if b in screen.keys]
    pages = []
    while True:
        pages.append(field_text(screen))
        following = [b for b in screen.pager if b.label == "Trang sau"]
        if not following:
            break
        assert isinstance(tap(screen, following[0]), Activity)
    assert " ".join(pages).split() == comment.split(), "every word, once, in order"
    assert " ".join(pages) == " ".join(screen.lines_of(comment)), "wrapped as in the box"
    assert len(pages) == len(screen.review_pages())
    # Back, page by page, to the first.
    while screen.review_page:
        tap(screen, labelled(screen, "Trang trước"))
    assert field_text(screen) == pages[0]
    # "Gõ tiếp": the keys and the caret's line again.
    assert isinstance(tap(screen, labelled(screen, wording.TYPE_ON)), Activity)
    assert not screen.reviewing and screen.buttons == screen.keys
    assert field_text(screen).endswith(words[-1] + "|")


@pytest.mark.parametrize("size, inches", [((800, 480), 7.0), ((1280, 800), 10.1)])
def test_a_five_line_comment_is_read_whole_on_7_and_10_inch_screens(size, inches):
    screen = comment_screen(size, inches)
    words = long_comment().split(" ")
    count = 0
    while len(screen.typed_lines()) < 5 or screen.typed_lines()[-1] == "|":
        count += 1
        screen.sync(SimpleNamespace(comment=" ".join(words[:count])))
    lines = screen.typed_lines()
    assert len(lines) == 5
    surface = pygame.display.get_surface()
    SHOTS.mkdir(parents=True, exist_ok=True)
    name = f"{size[0]}x{size[1]}-{inches:g}in-five-lines"
    typing = field_text(screen)
    pygame.image.save(surface, SHOTS / f"{name}-typing.png")
    assert typing == " ".join(lines[-len(screen.field_lines()) :])
    seen = typing.split()
    if screen.toggle is not None:  # the box under the keys holds fewer: "Xem lại" the rest
        tap(screen, labelled(screen, wording.REVIEW))
        reviewed = field_text(screen)
        pygame.image.save(surface, SHOTS / f"{name}-review.png")
        assert reviewed == " ".join(screen.lines_of(screen.value)), "all five lines, one page"
        seen = reviewed.split()
    assert all(word in seen for word in words[:count]), "every word typed"


@pytest.mark.parametrize("size, inches", [((1280, 800), 10.1), ((800, 480), 7.0)])
def test_the_box_grows_over_the_title_keeping_its_width(size, inches):
    screen = comment_screen(size, inches)
    base, title = screen.field, screen.layout.title
    assert base.top > title.bottom
    assert title.height >= metrics.target_px(size)
    words = long_comment().split(" ")
    count = 1
    while len(screen.typed_lines()) < 2:
        count += 1
        screen.sync(SimpleNamespace(comment=" ".join(words[:count])))
    grown = screen.field
    assert grown.top <= title.top and grown.bottom == base.bottom
    assert (grown.left, grown.width) == (base.left, base.width), "lines never wrap anew"
    # The title gives way: its words are no longer on screen; the lines typed are.
    surface = pygame.display.get_surface()
    screen.draw(surface)
    look = theme.current()
    gap = pygame.Rect(grown.right, title.top, title.right - grown.right, grown.top - title.top)
    assert all(
        tuple(surface.get_at((x, y)))[:3] == tuple(look.background)
        for x in range(gap.left + 2, gap.right - 2, 3)
        for y in range(title.top, title.bottom, 3)
        if not any(t.rect.collidepoint(x, y) for t in screen.targets)
    )
    assert field_text(screen) == " ".join(screen.typed_lines()), "both lines, in the grown box"
    # Deleting back to one line puts the box back under the title where a line fits there
    # (a 7" screen's box under the title is a little lower than a line: it stays grown).
    screen.sync(SimpleNamespace(comment=words[0]))
    assert screen.field == (grown if metrics.is_compact(size) else base)
    screen.sync(SimpleNamespace(comment=""))
    assert screen.field == base and screen.toggle is None


def test_keys_typed_while_reviewing_bring_the_keys_back_and_a_new_visitor_starts_on_them():
    screen = comment_screen((800, 480), 7.0, long_comment())
    tap(screen, labelled(screen, wording.REVIEW))
    assert screen.reviewing and len(screen.review_pages()) > 1
    # Page Down turns the page; a letter on a physical keyboard types.
    down = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_PAGEDOWN, mod=0, unicode="", scancode=0)
    assert isinstance(screen.handle_event(down), Activity) and screen.review_page == 1
    event = pygame.event.Event(pygame.KEYDOWN, key=pygame.K_a, mod=0, unicode="a", scancode=0)
    typed = screen.handle_event(event)
    assert isinstance(typed, Edited) and not screen.reviewing
    tap(screen, labelled(screen, wording.REVIEW))
    screen.enter()
    assert not screen.reviewing and screen.buttons == screen.keys


def check_views(screen: CommentScreen, texts: list, per_mm: float) -> None:
    """Show the screen empty, grown, full and every review page: every target 20 mm (keys
    their minimum), inside the screen, apart, its label inside it; the texts drawn go to
    ``texts``."""
    comment = long_comment()
    size = screen.size
    bounds = pygame.Rect((0, 0), size)
    views = {"empty": ""}
    for count in range(len(comment)):
        screen.sync(SimpleNamespace(comment=comment[:count]))
        if screen.field != screen.base_field and "grown" not in views:
            views["grown"] = comment[:count]
    views["full"] = comment
    for name, value in views.items():
        screen.sync(SimpleNamespace(comment=value))
        for reviewing in (False, True):
            if reviewing and screen.toggle is None:
                continue
            if reviewing:
                tap(screen, screen.toggle)
            for _page in range(len(screen.review_pages()) if reviewing else 1):
                texts.extend(drawn_texts(screen))
                targets = screen.targets
                for target in targets:
                    least = KEY_MM[metrics.is_compact(size)] if target in screen.keys else 20.0
                    w, h = (side / per_mm for side in target.rect.size)
                    assert min(w, h) >= least - 0.5 / per_mm, (name, target.label, w, h)
                    assert bounds.contains(target.rect), (name, target.label)
                    assert target.rect.contains(target.label_box), (name, target.label)
                for a, b in itertools.combinations(targets, 2):
                    assert not a.rect.colliderect(b.rect), (name, a.label, b.label)
                assert not any(screen.field.colliderect(t.rect) for t in targets), name
                following = [b for b in screen.pager if b.label == "Trang sau"]
                if following:
                    tap(screen, following[0])
            if reviewing:
                tap(screen, labelled(screen, wording.TYPE_ON))


@pytest.mark.parametrize("speech", [False, True])
@pytest.mark.parametrize(
    "size, inches, look",
    [(s, d, "standard") for s, d in SCREENS]
    + [((800, 480), 7.0, "large_text"), ((1280, 800), 10.1, "high_contrast")],
)
def test_every_view_keeps_its_targets_20_mm_and_its_text_5_mm_at_7_to_1(size, inches, look, speech):
    step.show_repeat(speech)
    per_mm = metrics.px_per_mm(size, inches)
    texts: list[text_blocks.Drawn] = []  # every text rendered, made or drawn
    with text_blocks.recording(texts):
        check_views(comment_screen(size, inches, look=look), texts, per_mm)
    look_now = theme.current()
    typed = [d for d in texts if d.behind == look_now.field and d.ink == tuple(look_now.field_text)]
    assert typed, "the box drew the comment"
    for item in texts:
        assert item.behind is not None, item.text
        assert contrast(item.ink, item.behind) >= MIN_TEXT_CONTRAST, item.text
    for item in typed:  # the comment itself is 5 mm text on every screen, 7" included
        assert metrics.cap_height_mm(item.size, size, item.weight, inches) >= 5.0 - 0.01
    toggles = [d for d in texts if d.text in (wording.REVIEW, wording.TYPE_ON)]
    assert {d.text for d in toggles} == {wording.REVIEW, wording.TYPE_ON}
    for item in toggles:  # one line of 5 mm, on a 7" screen too
        assert metrics.cap_height_mm(item.size, size, item.weight, inches) >= 5.0 - 0.01
    if metrics.is_compact(size):
        # The page buttons as every pager on a 7" screen: the navigation's floor.
        pager = [d for d in texts if d.text in ("Trang trước", "Trang sau")]
        assert pager
        floor = SEVEN_INCH_FLOORS["navigation"]
        assert all(metrics.cap_height_mm(d.size, size, d.weight, inches) >= floor for d in pager)
    elif look == "standard":  # from 10.1" up every text in every view is 5 mm
        small = [
            (d.text, round(metrics.cap_height_mm(d.size, size, d.weight, inches), 2))
            for d in texts
            if metrics.cap_height_mm(d.size, size, d.weight, inches) < 5.0 - 0.01
        ]
        assert small == []


def test_the_comment_screens_words_live_in_wording():
    # What citizens read is reviewed in one place (kiosk/wording.py); the screen keeps only
    # the keyboard's single letters (accents and tones).
    source = (ROOT / "kiosk" / "screens" / "comment.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    words = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and len(node.value.strip()) > 1
        and not node.value.isascii()
    ]
    assert words == []
    assert {wording.REVIEW, wording.TYPE_ON} == {"Xem lại", "Gõ tiếp"}

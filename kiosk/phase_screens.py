"""Which screen shows each phase of the flow and what it is made from: the kiosk's screens and
the admin's survey previews are both built from here, so they never disagree."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial

from kiosk.flow import Phase
from kiosk.roster import EMPTY, Roster
from kiosk.screens.apology import ApologyScreen
from kiosk.screens.attract import AttractScreen
from kiosk.screens.choices import CounterScreen, OfficialScreen
from kiosk.screens.comment import CommentScreen
from kiosk.screens.consent import ConsentScreen
from kiosk.screens.error import ErrorScreen
from kiosk.screens.idle_rating import IdleRatingScreen
from kiosk.screens.info import InfoScreen
from kiosk.screens.keypad import DossierScreen, PhoneScreen
from kiosk.screens.rating import RatingScreen
from kiosk.screens.reasons import ReasonsScreen
from kiosk.screens.saving import SavingScreen
from kiosk.screens.thanks import ThanksScreen
from kiosk.screenset import ScreenSet, Stepwise

# The screen class of every phase; RATE's shows one question (one screen per question).
SCREENS: dict[Phase, type] = {
    Phase.ATTRACT: AttractScreen,
    Phase.INFO: InfoScreen,
    Phase.COUNTER: CounterScreen,
    Phase.OFFICIAL: OfficialScreen,
    Phase.RATE: RatingScreen,
    Phase.REASONS: ReasonsScreen,
    Phase.APOLOGY: ApologyScreen,
    Phase.PHONE: PhoneScreen,
    Phase.CONSENT: ConsentScreen,
    Phase.COMMENT: CommentScreen,
    Phase.DOSSIER: DossierScreen,
    Phase.SAVING: SavingScreen,
    Phase.THANKS: ThanksScreen,
    Phase.ERROR: ErrorScreen,
}

# What staff call each screen (the survey editor's previews); RATE's adds the question.
SCREEN_NAMES: dict[Phase, str] = {
    Phase.ATTRACT: "Màn hình chờ",
    Phase.INFO: "Thông tin công khai",
    Phase.COUNTER: "Chọn quầy",
    Phase.OFFICIAL: "Chọn cán bộ",
    Phase.RATE: "Câu hỏi",
    Phase.REASONS: "Lý do chưa hài lòng",
    Phase.APOLOGY: "Lời xin lỗi",
    Phase.PHONE: "Số điện thoại gọi lại",
    Phase.CONSENT: "Đồng ý cho giữ số điện thoại",
    Phase.COMMENT: "Góp ý",
    Phase.DOSSIER: "Mã hồ sơ",
    Phase.SAVING: "Đang lưu",
    Phase.THANKS: "Cảm ơn",
    Phase.ERROR: "Báo lỗi",
}


@dataclass(frozen=True)
class ScreenSources:
    """What the screens of one survey are made from, besides their size."""

    survey: object
    roster: Roster = EMPTY
    photos: Mapping = field(default_factory=dict)
    public_items: tuple = ()
    public_url: str = ""
    office_parent: str = ""
    office_name: str = ""
    thanks_seconds: float = 4.0
    error_seconds: float = 15.0
    callback_days: int = 2


def _arguments(phase: Phase, src: ScreenSources, question: int) -> tuple[tuple, dict]:
    """Return what the screen of ``phase`` takes after its size (positional, keyword)."""
    survey, follow = src.survey, src.survey.followup
    if phase is Phase.ATTRACT:
        return (src.office_parent, src.office_name), {"info": bool(src.public_items)}
    if phase is Phase.INFO:
        return (src.public_items, src.public_url), {}
    if phase is Phase.RATE:
        # "Quay lại" from the first question only when a step comes before it.
        back = question > 0 or survey.ask_counter or survey.ask_official or survey.rate_on_idle
        return (survey, question), {"back": bool(back)}
    if phase is Phase.COUNTER:
        return (src.roster,), {}
    if phase is Phase.OFFICIAL:
        return (src.roster, src.photos), {}
    if phase is Phase.REASONS:
        return (follow.reasons,), {}
    if phase is Phase.APOLOGY:
        return (follow.apology,), {}
    if phase is Phase.THANKS:
        return (float(src.thanks_seconds),), {"callback_days": int(src.callback_days)}
    if phase is Phase.ERROR:
        return (float(src.error_seconds),), {}
    return (), {}


def screen_maker(
    phase: Phase, size: tuple[int, int], src: ScreenSources, question: int = 0
) -> Callable[[], object]:
    """Return what makes the screen of ``phase`` (of question ``question`` for RATE), not made
    yet; a screen that can be made in steps (the information screen) gets a Stepwise maker."""
    if phase is Phase.ATTRACT and getattr(src.survey, "rate_on_idle", False):
        return partial(IdleRatingScreen, size, src.survey)
    screen_class = SCREENS[phase]
    args, kwargs = _arguments(phase, src, question)
    steps = getattr(screen_class, "build_steps", None)
    if steps is not None:
        return Stepwise(partial(steps, size, *args, **kwargs))
    return partial(screen_class, size, *args, **kwargs)


def make_screen(phase: Phase, size: tuple[int, int], src: ScreenSources, question: int = 0):
    """Return the screen of ``phase`` (of question ``question`` for RATE), made now."""
    return screen_maker(phase, size, src, question)()


def screen_set(size: tuple[int, int], src: ScreenSources) -> ScreenSet:
    """Return every screen of ``src``, not made yet: the attract screen first, then the first
    question's (what a visitor reaches first), the other questions, then the other phases."""
    makers: dict = {Phase.ATTRACT: screen_maker(Phase.ATTRACT, size, src)}
    for number in range(len(src.survey.questions)):
        makers[number] = screen_maker(Phase.RATE, size, src, number)
    for phase in SCREENS:
        if phase not in (Phase.ATTRACT, Phase.RATE):
            makers[phase] = screen_maker(phase, size, src)
    return ScreenSet(makers, {Phase.RATE: 0})

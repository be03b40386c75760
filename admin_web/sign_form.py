"""The sign's forms: a message with its schedule and style, an urgent notice; parsed server-side.

Dates are typed dd/mm/yyyy and times HH:MM (office time, stored as UTC); every error is a
Vietnamese sentence naming the field.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice

from lobby.store.sign import ALL_DAYS, MessageFields, SignMessageRow
from signage.schedule import format_time, parse_time

DAY_NAMES = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")
WEEKDAYS = [SelectChoice(str(i), name) for i, name in enumerate(DAY_NAMES)]
MODE_LABELS = {
    "rotate": "Chạy ngang (mặc định)",
    "hold": "Đứng yên",
    "flash": "Nhấp nháy",
    "scroll": "Cuộn lên",
    "roll_left": "Cuộn sang trái",
    "roll_right": "Cuộn sang phải",
    "roll_up": "Cuộn lên",
    "roll_down": "Cuộn xuống",
    "wipe_left": "Lau sang trái",
    "wipe_right": "Lau sang phải",
    "automode": "Tự chọn",
    "compressed_rotate": "Chạy ngang chữ hẹp",
}
COLOUR_LABELS = {
    "red": "Đỏ",
    "green": "Xanh lá",
    "amber": "Hổ phách",
    "dim_red": "Đỏ mờ",
    "dim_green": "Xanh lá mờ",
    "brown": "Nâu",
    "orange": "Cam",
    "yellow": "Vàng",
    "rainbow1": "Cầu vồng 1",
    "rainbow2": "Cầu vồng 2",
    "mix": "Pha màu",
    "auto": "Tự động",
    "blue": "Xanh dương",
    "white": "Trắng",
}
DATE_FORMAT = "%d/%m/%Y"


class MultiCheckboxField(SelectMultipleField):
    """A set of checkboxes (the weekdays)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class MessageForm(FlaskForm):
    """A sign message: its text, whether it shows, when, and how it looks."""

    text = TextAreaField("Nội dung thông điệp")
    enabled = BooleanField("Hiển thị trên bảng LED", default=True)
    start_date = StringField("Từ ngày (dd/mm/yyyy)")
    start_time = StringField("lúc (HH:MM)")
    end_date = StringField("Đến ngày (dd/mm/yyyy)")
    end_time = StringField("lúc (HH:MM)")
    weekdays = MultiCheckboxField("Các ngày trong tuần", choices=WEEKDAYS, validate_choice=False)
    window_start = StringField("Mỗi ngày từ (HH:MM)")
    window_end = StringField("đến (HH:MM)")
    # Unknown choices fall back to the default in parse_fields instead of failing validation.
    mode = SelectField("Kiểu hiển thị", validate_choice=False)
    colour = SelectField("Màu chữ", validate_choice=False)
    speed = SelectField(
        "Tốc độ",
        choices=[SelectChoice("", "Mặc định của bảng")]
        + [SelectChoice(str(n), str(n)) for n in range(1, 6)],
        validate_choice=False,
    )
    # Set once the person has seen the warning about characters the board cannot draw.
    confirm_unsupported = HiddenField()


class NoticeForm(FlaskForm):
    """An urgent notice: its text and until when it overrides everything."""

    text = TextAreaField("Nội dung thông báo khẩn")
    start_date = StringField("Bắt đầu từ ngày (dd/mm/yyyy, để trống: ngay bây giờ)")
    start_time = StringField("lúc (HH:MM)")
    end_date = StringField("Hết hạn ngày (dd/mm/yyyy)")
    end_time = StringField("lúc (HH:MM)")
    confirm_unsupported = HiddenField()


def set_choices(form: MessageForm, modes: tuple[str, ...], colours: tuple[str, ...]) -> None:
    """Offer the modes and colours the configured protocol supports."""
    form.mode.choices = [SelectChoice(m, MODE_LABELS.get(m, m)) for m in modes]
    form.colour.choices = [SelectChoice("", "Mặc định của bảng")] + [
        SelectChoice(c, COLOUR_LABELS.get(c, c)) for c in colours
    ]


def fill_from(form: MessageForm, message: SignMessageRow, tz: ZoneInfo) -> None:
    """Put a stored message's values in the form (for editing)."""
    form.text.data = message.text
    form.enabled.data = message.enabled
    for moment, day_field, time_field in (
        (message.starts_at, form.start_date, form.start_time),
        (message.ends_at, form.end_date, form.end_time),
    ):
        if moment is not None:
            local = moment.astimezone(tz)
            day_field.data = local.strftime(DATE_FORMAT)
            time_field.data = local.strftime("%H:%M")
    form.weekdays.data = [str(d) for d in range(7) if message.weekdays >> d & 1]
    if message.window_start is not None and message.window_end is not None:
        form.window_start.data = format_time(message.window_start)
        form.window_end.data = format_time(message.window_end)
    form.mode.data = message.mode
    form.colour.data = message.colour or ""
    form.speed.data = str(message.speed) if message.speed else ""


def _day(raw: str | None, what: str):
    text = (raw or "").strip()
    if not text:
        return None
    try:
        return datetime.strptime(text, DATE_FORMAT).date()
    except ValueError:
        shown = text if len(text) <= 30 else text[:30] + "…"
        raise ValueError(
            f"{what} không hợp lệ: “{shown}”. Hãy nhập ngày dạng dd/mm/yyyy, ví dụ 02/09/2026."
        ) from None


def _clock(raw: str | None, what: str) -> int | None:
    text = (raw or "").strip()
    if not text:
        return None
    try:
        return parse_time(text)
    except ValueError:
        raise ValueError(
            f"{what} không hợp lệ: “{text[:30]}”. Hãy nhập giờ dạng HH:MM, ví dụ 07:30."
        ) from None


def moment(raw_day: str | None, raw_time: str | None, what: str, tz: ZoneInfo, *, end: bool):
    """Return the UTC moment of a typed day and time (None if both empty).

    A day without a time means its start, or for an end, the end of that day.
    """
    day = _day(raw_day, f"Ngày {what}")
    minutes = _clock(raw_time, f"Giờ {what}")
    if day is None:
        if minutes is not None:
            raise ValueError(f"Đã nhập giờ {what} nhưng chưa nhập ngày {what} (dd/mm/yyyy).")
        return None
    if minutes is None:
        local = datetime.combine(day, time(0), tzinfo=tz)
        return local + timedelta(days=1) if end else local
    return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=tz)


def parse_fields(form: MessageForm, tz: ZoneInfo) -> MessageFields:
    """Return the schedule and style typed in the form; ValueError (Vietnamese) if unusable."""
    starts_at = moment(form.start_date.data, form.start_time.data, "bắt đầu", tz, end=False)
    ends_at = moment(form.end_date.data, form.end_time.data, "kết thúc", tz, end=True)
    mask = 0
    for value in form.weekdays.data or []:
        if value in {choice.value for choice in WEEKDAYS}:
            mask |= 1 << int(value)
    start = _clock(form.window_start.data, "Giờ bắt đầu trong ngày")
    stop = _clock(form.window_end.data, "Giờ kết thúc trong ngày")
    modes = {choice.value for choice in form.mode.choices}
    colours = {choice.value for choice in form.colour.choices}
    mode = form.mode.data if form.mode.data in modes else "rotate"
    colour = form.colour.data if form.colour.data in colours else ""
    speed = int(form.speed.data) if (form.speed.data or "").isdigit() else None
    fields = MessageFields(
        starts_at=starts_at.astimezone(ZoneInfo("UTC")) if starts_at else None,
        ends_at=ends_at.astimezone(ZoneInfo("UTC")) if ends_at else None,
        weekdays=mask,
        window_start=start,
        window_end=stop,
        mode=mode,
        colour=colour or None,
        speed=speed,
    )
    return fields.checked()


def default_weekdays() -> list[str]:
    """Return every weekday ticked (a new message shows every day)."""
    return [str(d) for d in range(7) if ALL_DAYS >> d & 1]

"""Forms of the units, counters, officials and devices pages; values are checked by the store."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import SelectField, StringField

from lobby.store import CounterRow, FieldError, UnitRow

NO_CHOICE = ""


def optional_id(value: str | None, field: str) -> int | None:
    """Return the id chosen in a select ("" means none); FieldError for anything not an id."""
    text = (value or "").strip()
    if text == NO_CHOICE:
        return None
    if not text.isdigit() or len(text) > 18:
        raise FieldError(field, "Lựa chọn không hợp lệ; hãy chọn lại.")
    return int(text)


def unit_choices(units: list[UnitRow], current: int | None = None) -> list[tuple[str, str]]:
    """Return the choices of a unit select: none, then the units in use (and the current one)."""
    choices = [(NO_CHOICE, "— Không thuộc đơn vị nào —")]
    for unit in units:
        if unit.active or unit.id == current:
            label = unit.name if unit.active else f"{unit.name} (ngừng dùng)"
            choices.append((str(unit.id), label))
    return choices


def counter_choices(
    counters: list[CounterRow], current: int | None = None
) -> list[tuple[str, str]]:
    """Return the choices of a counter select, each with its unit's name."""
    choices = [(NO_CHOICE, "— Không gắn với quầy nào —")]
    for counter in counters:
        if counter.active or counter.id == current:
            label = counter.name + (f" — {counter.unit_name}" if counter.unit_name else "")
            choices.append((str(counter.id), label + ("" if counter.active else " (ngừng dùng)")))
    return choices


class OfficialForm(FlaskForm):
    """An official: code (only when adding), name, title, unit and counter."""

    code = StringField("Mã cán bộ")
    name = StringField("Họ và tên")
    title = StringField("Chức danh")
    unit_id = SelectField("Đơn vị", validate_choice=False)
    counter_id = SelectField("Quầy", validate_choice=False)


class PhotoForm(FlaskForm):
    """An official's photo: PNG or JPEG, at most 2 MB."""

    photo = FileField("Ảnh mới")


class ImportForm(FlaskForm):
    """The officials list: a CSV, or a ZIP with the CSV and the photos it names."""

    file = FileField("Tệp CSV, hoặc tệp ZIP gồm tệp CSV và ảnh")


class UnitForm(FlaskForm):
    """A unit's name."""

    name = StringField("Tên đơn vị")


class CounterForm(FlaskForm):
    """A counter's name and unit."""

    name = StringField("Tên quầy")
    unit_id = SelectField("Thuộc đơn vị", validate_choice=False)


class DeviceForm(FlaskForm):
    """A device's name and place."""

    name = StringField("Tên thiết bị")
    place = StringField("Nơi đặt")

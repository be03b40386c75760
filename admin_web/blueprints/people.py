"""Units, counters and officials: list, add, edit, stop or resume using, photos, CSV/ZIP import.

Nothing here deletes a row: visits keep pointing at units, counters and officials.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from admin_web.audit_log import audited_change
from admin_web.context import admin_state
from admin_web.forms import ButtonForm
from admin_web.paging import requested_page
from admin_web.people_forms import (
    CounterForm,
    ImportForm,
    OfficialForm,
    PhotoForm,
    UnitForm,
    counter_choices,
    optional_id,
    unit_choices,
)
from admin_web.security import allow_upload
from admin_web.site_scope import site_filter_from_request, site_of
from lobby.officials_csv import (
    OfficialsCsvError,
    no_photos,
    parse_officials_csv,
    parse_officials_zip,
)
from lobby.store import CounterRow, FieldError, OfficialFields, OfficialInfo, UnitRow
from lobby.store.models import Counter, Official
from lobby.store.officials import OFFICIALS_PAGE
from lobby.store.photos import MAX_PHOTO_BYTES, prepare_photo
from lobby.store.sites import LOCAL_SITE_ID
from lobby.vntext import nfc

bp = Blueprint("people", __name__)

MAX_IMPORT_BYTES = 40 * 1024 * 1024
CSV_ONLY = (
    "chỉ tải lên tệp CSV nên không có ảnh; hãy tải lên tệp ZIP gồm tệp CSV và các ảnh, hoặc để"
    " trống cột photo"
)


# Views of rows as the audit log keeps them (photos by type only, never their bytes).


def official_view(row: OfficialInfo | None) -> dict | None:
    """Return what the audit log keeps of an official."""
    if row is None:
        return None
    return {
        "code": row.code,
        "name": row.name,
        "title": row.title,
        "unit": row.unit_name,
        "counter": row.counter_name,
        "photo": row.photo_mime,
        "active": row.active,
    }


def unit_view(row: UnitRow) -> dict:
    """Return what the audit log keeps of a unit."""
    return {"code": row.code, "name": row.name, "active": row.active}


def counter_view(row: CounterRow) -> dict:
    """Return what the audit log keeps of a counter."""
    return {"code": row.code, "name": row.name, "unit": row.unit_name, "active": row.active}


def _audit(action: str, target: str, before, after) -> None:
    admin_state().store.audit(current_user.username, action, target, before, after)


def _official(official_id: int) -> OfficialInfo:
    row = admin_state().store.get_official_info(official_id)
    if row is None:
        abort(404)
    return row


def _unit(unit_id: int) -> UnitRow:
    row = admin_state().store.get_unit(unit_id)
    if row is None:
        abort(404)
    return row


def _counter(counter_id: int) -> CounterRow:
    row = admin_state().store.get_counter(counter_id)
    if row is None:
        abort(404)
    return row


def _new_site() -> int:
    """Return the site a new unit, counter or official goes to: the page's (a scoped user's
    own), else this store's own site."""
    site_id = site_filter_from_request()
    return LOCAL_SITE_ID if site_id is None else site_id


def _button_pressed() -> None:
    if not ButtonForm().validate_on_submit():
        abort(400)


# Officials


def _fill_choices(form: OfficialForm, unit_id=None, counter_id=None, site_id=None) -> None:
    """Offer the units and counters of the official's site (of the page's, for a new one)."""
    store = admin_state().store
    form.unit_id.choices = unit_choices(store.list_units(site_id), unit_id)
    form.counter_id.choices = counter_choices(store.list_counters(site_id=site_id), counter_id)


def _offered(field, name: str) -> int | None:
    """Return the id chosen in a select, which must be one it offered (the row's own site's):
    FieldError otherwise."""
    chosen = optional_id(field.data, name)
    if chosen is not None and str(chosen) not in {str(value) for value, _label in field.choices}:
        what = "Đơn vị" if name == "unit_id" else "Quầy"
        raise FieldError(name, f"{what} đã chọn không còn; hãy chọn lại.")
    return chosen


def _fields(form: OfficialForm) -> OfficialFields:
    return OfficialFields(
        name=form.name.data or "",
        title=form.title.data or "",
        unit_id=_offered(form.unit_id, "unit_id"),
        counter_id=_offered(form.counter_id, "counter_id"),
    )


@bp.get("/officials")
def officials():
    """List the officials by given name (Vietnamese order), a page at a time, with a search by
    name, code, title or unit (with or without marks) and a choice of unit."""
    store = admin_state().store
    query = nfc(request.args.get("q", ""))[:100].strip()
    raw_unit = request.args.get("don_vi", "")
    site_id = site_filter_from_request()
    units = store.list_units(site_id)
    unit_id = int(raw_unit) if raw_unit.isdigit() and len(raw_unit) < 10 else None
    if unit_id is not None and all(u.id != unit_id for u in units):
        unit_id = None
    page = requested_page(request.args, OFFICIALS_PAGE)
    rows, total = store.official_page(query, unit_id, page.offset, page.size, site_id)
    if page.offset >= total > 0:
        page = page.with_total(total)
        rows, total = store.official_page(query, unit_id, page.offset, page.size, site_id)
    site = request.args.get("site", "")[:32]
    filters = {k: v for k, v in (("q", query), ("don_vi", unit_id), ("site", site)) if v}
    return render_template(
        "people/officials.html",
        officials=rows,
        query=query,
        units=units,
        unit_id=unit_id,
        page=page.with_total(total),
        filters=filters,
        button=ButtonForm(),
    )


@bp.route("/officials/new", methods=["GET", "POST"])
def official_new():
    """Add an official."""
    form = OfficialForm()
    _fill_choices(form, site_id=site_filter_from_request())
    error = field = None
    if form.validate_on_submit():
        store = admin_state().store
        try:
            with audited_change():
                official_id = store.add_official(
                    form.code.data or "", _fields(form), site_id=_new_site()
                )
                row = store.get_official_info(official_id)
                _audit("official.create", f"official:{row.code}", None, official_view(row))
        except FieldError as exc:
            error, field = str(exc), exc.field
        else:
            flash(f"Đã thêm cán bộ “{row.name}”.", "success")
            return redirect(url_for("people.official_edit", official_id=official_id))
    return render_template(
        "people/official_form.html", form=form, official=None, error=error, field=field
    ), (422 if error else 200)


@bp.route("/officials/<int:official_id>", methods=["GET", "POST"])
def official_edit(official_id: int):
    """Change an official's name, title, unit and counter; shows the photo and its upload."""
    row = _official(official_id)
    form = OfficialForm(
        data=None
        if request.method == "POST"
        else {
            "code": row.code,
            "name": row.name,
            "title": row.title,
            "unit_id": str(row.unit_id or ""),
            "counter_id": str(row.counter_id or ""),
        }
    )
    _fill_choices(form, row.unit_id, row.counter_id, site_of(Official, row.id))
    error = field = None
    if form.validate_on_submit():
        store = admin_state().store
        try:
            with audited_change():
                store.update_official(row.id, _fields(form))
                after = store.get_official_info(row.id)
                _audit(
                    "official.update",
                    f"official:{row.code}",
                    official_view(row),
                    official_view(after),
                )
        except FieldError as exc:
            error, field = str(exc), exc.field
        else:
            flash(f"Đã lưu: {after.name}.", "success")
            return redirect(url_for("people.officials") + f"#official-{row.id}")
    return render_template(
        "people/official_form.html",
        form=form,
        official=row,
        error=error,
        field=field,
        photo_form=PhotoForm(),
        button=ButtonForm(),
    ), (422 if error else 200)


def _set_official_active(official_id: int, active: bool):
    _button_pressed()
    row = _official(official_id)
    store = admin_state().store
    action = "official.activate" if active else "official.deactivate"
    with audited_change():
        store.set_official_active(row.id, active)
        after = store.get_official_info(row.id)
        _audit(action, f"official:{row.code}", official_view(row), official_view(after))
    word = "Đã dùng lại" if active else "Đã ngừng (không còn hiện trên kiosk)"
    flash(f"{word}: {row.name}.", "success")
    return redirect(url_for("people.officials") + f"#official-{row.id}")


@bp.post("/officials/<int:official_id>/deactivate")
def official_deactivate(official_id: int):
    """Stop offering an official on the kiosk (kept with its history)."""
    return _set_official_active(official_id, False)


@bp.post("/officials/<int:official_id>/activate")
def official_activate(official_id: int):
    """Offer an official on the kiosk again."""
    return _set_official_active(official_id, True)


@bp.get("/officials/<int:official_id>/photo")
def official_photo(official_id: int):
    """Send an official's photo (404 when there is none)."""
    found = admin_state().store.official_photo(official_id)
    if found is None:
        abort(404)
    data, mime = found
    return data, 200, {"Content-Type": mime, "Content-Disposition": "inline"}


@bp.post("/officials/<int:official_id>/photo/upload")
@allow_upload(MAX_PHOTO_BYTES + 512 * 1024)
def official_photo_upload(official_id: int):
    """Replace an official's photo with an uploaded PNG or JPEG of at most 2 MB."""
    row = _official(official_id)
    form = PhotoForm()
    if not form.validate_on_submit():
        abort(400)
    upload = form.photo.data
    data = upload.read(MAX_PHOTO_BYTES + 1) if upload else b""
    store = admin_state().store
    error = None
    if not data:
        error = "Chưa chọn tệp ảnh."
    else:
        try:
            photo = prepare_photo(data)  # header checked before decoding; stored bounded
            with audited_change():
                store.set_official_photo(row.id, photo)
                after = store.get_official_info(row.id)
                _audit(
                    "official.photo",
                    f"official:{row.code}",
                    official_view(row),
                    official_view(after),
                )
        except ValueError as exc:
            error = f"Không dùng được ảnh này: {exc}."
    if error:
        flash(error, "error")
        return redirect(url_for("people.official_edit", official_id=row.id) + "#photo")
    flash(f"Đã thay ảnh: {row.name}.", "success")
    return redirect(url_for("people.official_edit", official_id=row.id) + "#photo")


@bp.post("/officials/<int:official_id>/photo/remove")
def official_photo_remove(official_id: int):
    """Remove an official's photo."""
    _button_pressed()
    row = _official(official_id)
    store = admin_state().store
    with audited_change():
        store.set_official_photo(row.id, None)
        after = store.get_official_info(row.id)
        _audit(
            "official.photo_remove",
            f"official:{row.code}",
            official_view(row),
            official_view(after),
        )
    flash(f"Đã bỏ ảnh: {row.name}.", "success")
    return redirect(url_for("people.official_edit", official_id=row.id) + "#photo")


@bp.route("/officials/import", methods=["GET", "POST"])
@allow_upload(MAX_IMPORT_BYTES)
def officials_import():
    """Import the officials list from a CSV, or a ZIP with the CSV and photos; all or nothing."""
    form = ImportForm()
    error = None
    if form.validate_on_submit():
        upload = form.file.data
        data = upload.read() if upload else b""
        try:
            if not data:
                raise OfficialsCsvError("Chưa chọn tệp, hoặc tệp trống.")
            if data.startswith(b"PK\x03\x04"):
                rows = parse_officials_zip(data)
            else:
                rows = parse_officials_csv(data, no_photos(CSV_ONLY))
            if not rows:
                raise OfficialsCsvError("Tệp không có dòng cán bộ nào dưới dòng tiêu đề.")
        except OfficialsCsvError as exc:
            error = str(exc)
        else:
            store = admin_state().store
            codes = [r.code for r in rows]
            with audited_change():
                before = store.official_infos_by_code(codes)
                added, updated = store.upsert_officials(rows, site_id=_new_site())
                after = store.official_infos_by_code(codes)
                _audit(
                    "officials.import",
                    f"tệp: {nfc(upload.filename or '')[:200]}",
                    {code: official_view(row) for code, row in sorted(before.items())},
                    {code: official_view(row) for code, row in sorted(after.items())},
                )
            flash(
                f"Đã nhập danh sách cán bộ: {added} người mới, {updated} người cập nhật.",
                "success",
            )
            return redirect(url_for("people.officials"))
    return render_template("people/import.html", form=form, error=error), (422 if error else 200)


# Units


@bp.route("/units", methods=["GET", "POST"])
def units():
    """List the units and add one."""
    store = admin_state().store
    form = UnitForm()
    error = None
    if form.validate_on_submit():
        try:
            with audited_change():
                unit_id = store.add_unit(form.name.data or "", site_id=_new_site())
                row = store.get_unit(unit_id)
                _audit("unit.create", f"unit:{row.code}", None, unit_view(row))
        except FieldError as exc:
            error = str(exc)
        else:
            flash(f"Đã thêm đơn vị “{row.name}”.", "success")
            return redirect(url_for("people.units"))
    return render_template(
        "people/units.html",
        units=store.list_units(site_filter_from_request()),
        form=form,
        error=error,
        button=ButtonForm(),
    ), (422 if error else 200)


@bp.route("/units/<int:unit_id>", methods=["GET", "POST"])
def unit_edit(unit_id: int):
    """Rename a unit (its code stays)."""
    row = _unit(unit_id)
    form = UnitForm(data=None if request.method == "POST" else {"name": row.name})
    error = None
    if form.validate_on_submit():
        store = admin_state().store
        try:
            with audited_change():
                store.rename_unit(row.id, form.name.data or "")
                after = store.get_unit(row.id)
                _audit("unit.update", f"unit:{row.code}", unit_view(row), unit_view(after))
        except FieldError as exc:
            error = str(exc)
        else:
            flash(f"Đã lưu đơn vị “{after.name}”.", "success")
            return redirect(url_for("people.units"))
    return render_template("people/unit_form.html", form=form, unit=row, error=error), (
        422 if error else 200
    )


def _set_unit_active(unit_id: int, active: bool):
    _button_pressed()
    row = _unit(unit_id)
    store = admin_state().store
    action = "unit.activate" if active else "unit.deactivate"
    with audited_change():
        store.set_unit_active(row.id, active)
        _audit(action, f"unit:{row.code}", unit_view(row), unit_view(store.get_unit(row.id)))
    flash(f"{'Đã dùng lại' if active else 'Đã ngừng dùng'} đơn vị “{row.name}”.", "success")
    return redirect(url_for("people.units"))


@bp.post("/units/<int:unit_id>/deactivate")
def unit_deactivate(unit_id: int):
    """Mark a unit no longer in use (kept with its history)."""
    return _set_unit_active(unit_id, False)


@bp.post("/units/<int:unit_id>/activate")
def unit_activate(unit_id: int):
    """Mark a unit in use again."""
    return _set_unit_active(unit_id, True)


# Counters


def _counter_unit(form: CounterForm) -> int | None:
    return _offered(form.unit_id, "unit_id")


@bp.route("/counters", methods=["GET", "POST"])
def counters():
    """List the counters and add one."""
    store = admin_state().store
    site_id = site_filter_from_request()
    form = CounterForm()
    form.unit_id.choices = unit_choices(store.list_units(site_id))
    error = None
    if form.validate_on_submit():
        try:
            with audited_change():
                counter_id = store.add_counter(
                    form.name.data or "", _counter_unit(form), site_id=_new_site()
                )
                row = store.get_counter(counter_id)
                _audit("counter.create", f"counter:{row.code}", None, counter_view(row))
        except FieldError as exc:
            error = str(exc)
        else:
            flash(f"Đã thêm quầy “{row.name}”.", "success")
            return redirect(url_for("people.counters"))
    return render_template(
        "people/counters.html",
        counters=store.list_counters(site_id=site_id),
        form=form,
        error=error,
        button=ButtonForm(),
    ), (422 if error else 200)


@bp.route("/counters/<int:counter_id>", methods=["GET", "POST"])
def counter_edit(counter_id: int):
    """Rename a counter or move it to another unit (its code stays)."""
    row = _counter(counter_id)
    store = admin_state().store
    form = CounterForm(
        data=None
        if request.method == "POST"
        else {"name": row.name, "unit_id": str(row.unit_id or "")}
    )
    form.unit_id.choices = unit_choices(store.list_units(site_of(Counter, row.id)), row.unit_id)
    error = None
    if form.validate_on_submit():
        try:
            with audited_change():
                store.update_counter(row.id, form.name.data or "", _counter_unit(form))
                after = store.get_counter(row.id)
                _audit(
                    "counter.update", f"counter:{row.code}", counter_view(row), counter_view(after)
                )
        except FieldError as exc:
            error = str(exc)
        else:
            flash(f"Đã lưu quầy “{after.name}”.", "success")
            return redirect(url_for("people.counters"))
    return render_template("people/counter_form.html", form=form, counter=row, error=error), (
        422 if error else 200
    )


def _set_counter_active(counter_id: int, active: bool):
    _button_pressed()
    row = _counter(counter_id)
    store = admin_state().store
    action = "counter.activate" if active else "counter.deactivate"
    with audited_change():
        store.set_counter_active(row.id, active)
        after = store.get_counter(row.id)
        _audit(action, f"counter:{row.code}", counter_view(row), counter_view(after))
    flash(f"{'Đã dùng lại' if active else 'Đã ngừng dùng'} quầy “{row.name}”.", "success")
    return redirect(url_for("people.counters"))


@bp.post("/counters/<int:counter_id>/deactivate")
def counter_deactivate(counter_id: int):
    """Mark a counter no longer in use (the kiosk stops offering it)."""
    return _set_counter_active(counter_id, False)


@bp.post("/counters/<int:counter_id>/activate")
def counter_activate(counter_id: int):
    """Mark a counter in use again."""
    return _set_counter_active(counter_id, True)

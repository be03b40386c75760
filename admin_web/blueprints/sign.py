"""The LED sign: messages with schedules, urgent notices, each sign's status and the preview."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from admin_web import sign_form
from admin_web.audit_log import audited_change, record, sign_snapshot
from admin_web.context import admin_state, get_store
from admin_web.forms import ButtonForm
from admin_web.roles import role_required
from admin_web.sign_form import MessageForm, NoticeForm
from admin_web.sign_preview import SignView
from lobby.clock import format_datetime, utcnow
from lobby.store import NotFound
from signage.items import SignItem

bp = Blueprint("sign", __name__, url_prefix="/sign")

GONE = "Thông điệp này không còn (có thể người khác vừa xoá). Danh sách đã được tải lại."


def _who() -> str | None:
    return getattr(current_user, "username", None)


def _view() -> SignView:
    return SignView(admin_state().settings, get_store())


def _message_form(view: SignView, **kwargs) -> MessageForm:
    form = MessageForm(**kwargs)
    sign_form.set_choices(form, view.modes, view.colours)
    return form


def _new_message_form(view: SignView) -> MessageForm:
    form = _message_form(view)
    if request.method == "GET":
        form.weekdays.data = sign_form.default_weekdays()
        form.mode.data = "rotate"
    return form


def _list_page(
    view: SignView,
    form: MessageForm,
    notice_form: NoticeForm | None = None,
    *,
    error: str | None = None,
    notice_error: str | None = None,
    warning: list[str] | None = None,
    notice_warning: list[str] | None = None,
    status: int = 200,
):
    store = get_store()
    now = utcnow()
    return (
        render_template(
            "sign/list.html",
            messages=store.list_sign_messages(),
            showing_ids=view.showing_ids(now),
            notices=store.list_urgent_notices(now),
            now=now,
            status=view.status(now),
            statuses=view.statuses(now),
            view=view,
            form=form,
            notice_form=notice_form or NoticeForm(),
            button=ButtonForm(),
            error=error,
            notice_error=notice_error,
            warning=warning,
            notice_warning=notice_warning,
            port_setting=admin_state().settings.sign.port,
            describe_schedule=view.describe_schedule,
        ),
        status,
    )


def _back(message: str | None = None, category: str = "success"):
    if message:
        flash(message, category)
    return redirect(url_for("sign.index"))


def _unconfirmed(view: SignView, form, text: str) -> list[str]:
    """Return the characters that would show as '?', unless the person already saw them."""
    if form.confirm_unsupported.data == "1":
        return []
    bad = view.unsupported(text)
    form.confirm_unsupported.data = "1" if bad else ""
    return bad


@bp.get("")
@role_required("admin")
def index():
    """List messages and urgent notices, the sign's status, and forms to add either."""
    view = _view()
    return _list_page(view, _new_message_form(view))


@bp.post("/add")
@role_required("admin")
def add():
    """Add a message at the end of the list (after a warning about undrawable characters)."""
    view = _view()
    form = _message_form(view)
    form.validate_on_submit()
    text = form.text.data or ""
    try:
        fields = sign_form.parse_fields(form, view.tz)
        warning = _unconfirmed(view, form, text)
        if warning:
            return _list_page(view, form, warning=warning, status=422)
        with audited_change():
            get_store().add_sign_message(text, bool(form.enabled.data), fields, by=_who())
            after = {"text": text, "enabled": form.enabled.data, "fields": fields}
            record("sign_message", None, after)
    except ValueError as exc:
        # Re-show the list with what was typed, so nothing is lost.
        return _list_page(view, form, error=str(exc), status=422)
    return _back("Đã thêm thông điệp.")


@bp.route("/<int:message_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def edit(message_id: int):
    """Change a message's text, schedule, style and whether it is shown."""
    store = get_store()
    view = _view()
    try:
        message = store.get_sign_message(message_id)
    except NotFound:
        return _back(GONE, "error")
    form = _message_form(view)
    error, warning = None, None
    if request.method == "GET":
        sign_form.fill_from(form, message, view.tz)
    elif form.validate_on_submit():
        text = form.text.data or ""
        try:
            fields = sign_form.parse_fields(form, view.tz)
            warning = _unconfirmed(view, form, text)
            if not warning:
                with audited_change():
                    store.update_sign_message(
                        message_id,
                        text=text,
                        enabled=bool(form.enabled.data),
                        fields=fields,
                        by=_who(),
                    )
                    record(f"sign_message:{message_id}", message, sign_snapshot(message_id))
                return _back("Đã lưu thông điệp.")
        except NotFound:
            return _back(GONE, "error")
        except ValueError as exc:
            error = str(exc)
    return (
        render_template(
            "sign/edit.html", form=form, message=message, error=error, warning=warning, view=view
        ),
        422 if error or warning else 200,
    )


def _change(message_id: int, action, done: str):
    try:
        with audited_change():
            before = sign_snapshot(message_id)
            action()
            record(f"sign_message:{message_id}", before, sign_snapshot(message_id))
    except NotFound:
        return _back(GONE, "error")
    return _back(done)


@bp.post("/<int:message_id>/enable")
@role_required("admin")
def enable(message_id: int):
    """Show the message on the sign again."""
    return _change(
        message_id,
        lambda: get_store().update_sign_message(message_id, enabled=True, by=_who()),
        "Đã bật thông điệp.",
    )


@bp.post("/<int:message_id>/disable")
@role_required("admin")
def disable(message_id: int):
    """Stop showing the message (it is kept and can be turned on again)."""
    return _change(
        message_id,
        lambda: get_store().update_sign_message(message_id, enabled=False, by=_who()),
        "Đã tắt thông điệp.",
    )


@bp.post("/<int:message_id>/up")
@role_required("admin")
def move_up(message_id: int):
    """Move the message one place earlier."""
    return _change(
        message_id, lambda: get_store().move_sign_message(message_id, -1), "Đã chuyển lên."
    )


@bp.post("/<int:message_id>/down")
@role_required("admin")
def move_down(message_id: int):
    """Move the message one place later."""
    return _change(
        message_id, lambda: get_store().move_sign_message(message_id, 1), "Đã chuyển xuống."
    )


@bp.route("/<int:message_id>/delete", methods=["GET", "POST"])
@role_required("admin")
def delete(message_id: int):
    """Ask for confirmation (GET), then delete the message for good (POST)."""
    store = get_store()
    form = ButtonForm()
    if form.validate_on_submit():
        return _change(
            message_id, lambda: store.delete_sign_message(message_id), "Đã xoá thông điệp."
        )
    try:
        message = store.get_sign_message(message_id)
    except NotFound:
        return _back(GONE, "error")
    return render_template("sign/delete.html", message=message, form=form)


@bp.post("/notices/add")
@role_required("admin")
def add_notice():
    """Add an urgent notice that overrides every message until it expires."""
    view = _view()
    form = NoticeForm()
    form.validate_on_submit()
    text = form.text.data or ""
    try:
        starts = sign_form.moment(
            form.start_date.data, form.start_time.data, "bắt đầu", view.tz, end=False
        )
        expires = sign_form.moment(
            form.end_date.data, form.end_time.data, "hết hạn", view.tz, end=True
        )
        if expires is None:
            raise ValueError("Hãy nhập ngày hết hạn của thông báo khẩn (dd/mm/yyyy).")
        warning = _unconfirmed(view, form, text)
        if warning:
            return _list_page(
                view, _new_message_form(view), form, notice_warning=warning, status=422
            )
        with audited_change():
            get_store().add_urgent_notice(text, expires, starts_at=starts, by=_who())
            record("sign_notice", None, {"text": text, "starts_at": starts, "expires_at": expires})
    except ValueError as exc:
        return _list_page(view, _new_message_form(view), form, notice_error=str(exc), status=422)
    return _back("Đã đăng thông báo khẩn; bảng LED hiển thị ngay.")


@bp.post("/notices/<int:notice_id>/end")
@role_required("admin")
def end_notice(notice_id: int):
    """End an urgent notice now."""
    try:
        with audited_change():
            get_store().end_urgent_notice(notice_id)
            record(f"sign_notice:{notice_id}", None, {"ended": True})
    except NotFound:
        return _back("Thông báo khẩn này không còn.", "error")
    return _back("Đã kết thúc thông báo khẩn.")


@bp.post("/preview")
@role_required("admin")
def preview():
    """Return how the board would show the message typed in the form (not saved)."""
    view = _view()
    form = _message_form(view)
    if not form.validate_on_submit():
        return jsonify(error="Phiên làm việc đã hết hạn; hãy tải lại trang."), 400
    text = form.text.data or ""
    try:
        fields = sign_form.parse_fields(form, view.tz)
        item = SignItem(
            view.clean(text), mode=fields.mode, colour=fields.colour, speed=fields.speed
        )
        snapshot = view.preview_items([item])
    except ValueError as exc:
        return jsonify(error=str(exc)), 422
    return jsonify(snapshot=snapshot, unsupported=view.unsupported(text))


def _board_data() -> dict:
    view = _view()
    data = view.board_data(utcnow())
    tz_name = admin_state().tz_name
    updated = data.pop("updated_at_moment")
    data["updated_at_text"] = format_datetime(updated, tz_name) if updated else ""
    return data


@bp.get("/board")
@role_required("admin")
def board():
    """Show the board as it shows (simulated) or as last sent (real port), animated."""
    return render_template(
        "sign/board.html", board=_board_data(), port_setting=admin_state().settings.sign.port
    )


@bp.get("/board.json")
@role_required("admin")
def board_json():
    """Return what the board shows and should show, for the page's once-a-second refresh."""
    return jsonify(_board_data())

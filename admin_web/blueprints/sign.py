"""The LED sign: its messages (add, edit, enable, order, delete), status and live board view."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, url_for

from admin_web.context import admin_state, get_store
from admin_web.forms import ButtonForm, SignMessageForm
from admin_web.roles import role_required
from lobby.clock import format_datetime
from lobby.store import NotFound
from signage.protocols import PROTOCOLS

bp = Blueprint("sign", __name__, url_prefix="/sign")

GONE = "Thông điệp này không còn (có thể người khác vừa xoá). Danh sách đã được tải lại."


def _list_page(form: SignMessageForm, error: str | None = None, status: int = 200):
    store = get_store()
    return (
        render_template(
            "sign/list.html",
            messages=store.list_sign_messages(),
            status=store.get_sign_status(),
            form=form,
            button=ButtonForm(),
            error=error,
            port_setting=admin_state().settings.sign.port,
        ),
        status,
    )


def _back(message: str | None = None, category: str = "success"):
    if message:
        flash(message, category)
    return redirect(url_for("sign.index"))


@bp.get("")
@role_required("admin")
def index():
    """List the messages in display order, with the sign's status and a form to add one."""
    return _list_page(SignMessageForm())


@bp.post("/add")
@role_required("admin")
def add():
    """Add a message at the end of the list."""
    form = SignMessageForm()
    form.validate_on_submit()
    try:
        get_store().add_sign_message(form.text.data or "", enabled=bool(form.enabled.data))
    except ValueError as exc:
        # Re-show the list with what was typed, so nothing is lost.
        return _list_page(form, error=str(exc), status=422)
    return _back("Đã thêm thông điệp.")


@bp.route("/<int:message_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def edit(message_id: int):
    """Change a message's text and whether it is shown."""
    store = get_store()
    try:
        message = store.get_sign_message(message_id)
    except NotFound:
        return _back(GONE, "error")
    form = SignMessageForm(data={"text": message.text, "enabled": message.enabled})
    error = None
    if form.validate_on_submit():
        try:
            store.update_sign_message(
                message_id, text=form.text.data or "", enabled=bool(form.enabled.data)
            )
        except NotFound:
            return _back(GONE, "error")
        except ValueError as exc:
            error = str(exc)
        else:
            return _back("Đã lưu thông điệp.")
    return (
        render_template("sign/edit.html", form=form, message=message, error=error),
        422 if error else 200,
    )


def _change(message_id: int, action, done: str):
    try:
        action()
    except NotFound:
        return _back(GONE, "error")
    return _back(done)


@bp.post("/<int:message_id>/enable")
@role_required("admin")
def enable(message_id: int):
    """Show the message on the sign again."""
    return _change(
        message_id,
        lambda: get_store().update_sign_message(message_id, enabled=True),
        "Đã bật thông điệp.",
    )


@bp.post("/<int:message_id>/disable")
@role_required("admin")
def disable(message_id: int):
    """Stop showing the message (it is kept and can be turned on again)."""
    return _change(
        message_id,
        lambda: get_store().update_sign_message(message_id, enabled=False),
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


def _board_data() -> dict:
    store = get_store()
    view = store.get_board_view()
    expected = store.enabled_sign_texts()
    # The board shows what its protocol can draw (7-row Alpha signs: ASCII transliteration).
    protocol = PROTOCOLS[admin_state().settings.sign.protocol]
    expected_display = [protocol.display_text(text) for text in expected]
    tz_name = admin_state().tz_name
    return {
        "texts": view.texts,
        "frames_ok": view.frames_ok,
        "frames_bad": view.frames_bad,
        "updated_at": view.updated_at.isoformat() if view.updated_at else None,
        "updated_at_text": format_datetime(view.updated_at, tz_name) if view.updated_at else "",
        "expected": expected,
        "expected_display": expected_display,
        "matches": view.texts == expected_display,
    }


@bp.get("/board")
@role_required("admin")
def board():
    """Show what the (simulated) board shows now next to what it should show."""
    return render_template(
        "sign/board.html", board=_board_data(), port_setting=admin_state().settings.sign.port
    )


@bp.get("/board.json")
@role_required("admin")
def board_json():
    """Return what the board shows now, for the page's once-a-second refresh."""
    return jsonify(_board_data())

"""Staff accounts: list, create, disable/enable, reset a password; one's own password change."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice

from admin_web.accounts import AccountError, account_view, create_account, set_password
from admin_web.audit_log import audited_change
from admin_web.context import admin_state
from admin_web.forms import ButtonForm
from admin_web.logins import start_login
from admin_web.passwords import MIN_PASSWORD_LENGTH, verify_password
from admin_web.roles import ROLE_LABELS, ROLES

bp = Blueprint("users", __name__)

PASSWORD_HINT = (
    f"Ít nhất {MIN_PASSWORD_LENGTH} ký tự; không dùng mật khẩu phổ biến như “123456789abc”."
)


class NewUserForm(FlaskForm):
    """A new account: name, role, password twice."""

    username = StringField("Tên đăng nhập")
    role = SelectField(
        "Vai trò",
        choices=[SelectChoice(role, ROLE_LABELS[role]) for role in ROLES],
        validate_choice=False,  # create_account refuses an unknown role with a message
    )
    password = PasswordField("Mật khẩu")
    password_confirm = PasswordField("Nhập lại mật khẩu")


class ResetForm(FlaskForm):
    """A new password for someone else's account, twice."""

    password = PasswordField("Mật khẩu mới")
    password_confirm = PasswordField("Nhập lại mật khẩu mới")


class OwnPasswordForm(ResetForm):
    """Changing one's own password: the current one first."""

    current = PasswordField("Mật khẩu hiện tại")


def _account(user_id: int):
    row = admin_state().store.get_user(user_id)
    if row is None:
        abort(404)
    return row


def _audit(action: str, user_id: int, before, after) -> None:
    admin_state().store.audit(current_user.username, action, f"user:{user_id}", before, after)


@bp.route("/users", methods=["GET", "POST"])
def index():
    """List the accounts and create a new one."""
    state = admin_state()
    form = NewUserForm()
    error = None
    if form.validate_on_submit():
        try:
            with audited_change():
                user_id = create_account(
                    state.store,
                    form.username.data or "",
                    form.password.data or "",
                    form.password_confirm.data or "",
                    role=form.role.data or "",
                )
                row = state.store.get_user(user_id)
                _audit("user.create", user_id, None, account_view(row))
        except AccountError as exc:
            error = str(exc)
        else:
            flash(f"Đã tạo tài khoản “{row.username}”.", "success")
            return redirect(url_for("users.index"))
    form.password.data = form.password_confirm.data = ""
    return render_template(
        "users/list.html",
        form=form,
        error=error,
        users=state.store.list_users(),
        labels=ROLE_LABELS,
        button=ButtonForm(),
        hint=PASSWORD_HINT,
    ), (422 if error else 200)


def _set_active(user_id: int, active: bool):
    state = admin_state()
    if not ButtonForm().validate_on_submit():
        abort(400)
    row = _account(user_id)
    if not active and row.id == current_user.user_id:
        flash("Không thể tự khoá tài khoản đang dùng.", "error")
        return redirect(url_for("users.index"))
    if not active and row.role == "admin" and state.store.count_users(role="admin") <= 1:
        flash("Không thể khoá quản trị viên cuối cùng.", "error")
        return redirect(url_for("users.index"))
    with audited_change():
        state.store.set_user_active(row.id, active)
        _audit(
            "user.enable" if active else "user.disable",
            row.id,
            account_view(row),
            account_view(state.store.get_user(row.id)),
        )
    word = "mở lại" if active else "khoá (mọi phiên đăng nhập của tài khoản này đã kết thúc)"
    flash(f"Đã {word}: “{row.username}”.", "success")
    return redirect(url_for("users.index"))


@bp.post("/users/<int:user_id>/disable")
def disable(user_id: int):
    """Disable an account and end its logins at once."""
    return _set_active(user_id, False)


@bp.post("/users/<int:user_id>/enable")
def enable(user_id: int):
    """Let a disabled account log in again."""
    return _set_active(user_id, True)


@bp.route("/users/<int:user_id>/password", methods=["GET", "POST"])
def reset_password(user_id: int):
    """Give an account a new password; its logins end at once."""
    row = _account(user_id)
    form = ResetForm()
    error = None
    if form.validate_on_submit():
        try:
            with audited_change():
                set_password(
                    admin_state().store,
                    row.id,
                    form.password.data or "",
                    form.password_confirm.data or "",
                )
                _audit("user.reset_password", row.id, None, {"username": row.username})
        except AccountError as exc:
            error = str(exc)
        else:
            flash(f"Đã đặt mật khẩu mới cho “{row.username}”.", "success")
            if row.id == current_user.user_id:
                start_login(admin_state().store.get_user(row.id))
            return redirect(url_for("users.index"))
    form.password.data = form.password_confirm.data = ""
    return render_template(
        "users/password.html", form=form, error=error, account=row, own=False, hint=PASSWORD_HINT
    ), (422 if error else 200)


@bp.route("/account/password", methods=["GET", "POST"])
def own_password():
    """Change one's own password (the current one first); other logins of the account end."""
    state = admin_state()
    row = _account(current_user.user_id)
    form = OwnPasswordForm()
    error = None
    if form.validate_on_submit():
        if not verify_password(row.password_hash, (form.current.data or "")[:256]):
            error = "Mật khẩu hiện tại không đúng."
        else:
            try:
                with audited_change():
                    set_password(
                        state.store,
                        row.id,
                        form.password.data or "",
                        form.password_confirm.data or "",
                    )
                    _audit("user.change_own_password", row.id, None, {"username": row.username})
            except AccountError as exc:
                error = str(exc)
            else:
                start_login(state.store.get_user(row.id))
                flash("Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc.", "success")
                return redirect(url_for("users.own_password"))
    form.current.data = form.password.data = form.password_confirm.data = ""
    return render_template(
        "users/password.html", form=form, error=error, account=row, own=True, hint=PASSWORD_HINT
    ), (422 if error else 200)

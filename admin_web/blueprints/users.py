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
from admin_web.site_scope import user_site_id

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
    site = SelectField("Cơ quan", validate_choice=False)  # on the central server only
    password = PasswordField("Mật khẩu")
    password_confirm = PasswordField("Nhập lại mật khẩu")


class AccessForm(FlaskForm):
    """What an account may do: its role and (on the central server) its site."""

    role = SelectField(
        "Vai trò",
        choices=[SelectChoice(role, ROLE_LABELS[role]) for role in ROLES],
        validate_choice=False,
    )
    site = SelectField("Cơ quan", validate_choice=False)


PROVINCE = ""  # the site choice of a province-wide account
PROVINCE_LABEL = "Toàn tỉnh (mọi cơ quan)"


def _central() -> bool:
    return admin_state().settings.central.role == "central"


def _site_choices() -> list[SelectChoice]:
    """Return the sites the logged-in administrator may give an account: its own when scoped,
    else the province and every site."""
    own = user_site_id()
    sites = admin_state().store.site_list()
    if own is not None:
        return [SelectChoice(s.code, s.name) for s in sites if s.id == own]
    return [SelectChoice(PROVINCE, PROVINCE_LABEL)] + [
        SelectChoice(s.code, f"{s.name} ({s.code})") for s in sites
    ]


def _chosen_site(code: str | None) -> int | None:
    """Return the site id an account is given from a form's choice: a scoped administrator's
    own site always, else the named site (None: province-wide); AccountError if unknown."""
    own = user_site_id()
    if own is not None:
        return own
    if not _central() or not code:
        return None
    site = admin_state().store.site_by_code(code)
    if site is None:
        raise AccountError("Cơ quan không tồn tại.")
    return site.id


def _site_names() -> dict[int, str]:
    return {s.id: s.name for s in admin_state().store.site_list()} if _central() else {}


def _access_view(row) -> dict:
    names = _site_names()
    site = None if row.site_id is None else names.get(row.site_id, str(row.site_id))
    return {**account_view(row), "site": site or PROVINCE_LABEL}


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
    form.site.choices = _site_choices()
    error = None
    if form.validate_on_submit():
        try:
            with audited_change():
                site_id = _chosen_site(form.site.data)
                user_id = create_account(
                    state.store,
                    form.username.data or "",
                    form.password.data or "",
                    form.password_confirm.data or "",
                    role=form.role.data or "",
                )
                if site_id is not None:
                    state.store.set_user_access(user_id, form.role.data or "", site_id)
                row = state.store.get_user(user_id)
                _audit("user.create", user_id, None, _access_view(row))
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
        users=state.store.list_users(site_id=user_site_id()),
        labels=ROLE_LABELS,
        button=ButtonForm(),
        hint=PASSWORD_HINT,
        central=_central(),
        site_names=_site_names(),
        site_codes={site.id: site.code for site in state.store.site_list()},
        site_choices=form.site.choices,
        province_label=PROVINCE_LABEL,
        roles=ROLES,
    ), (422 if error else 200)


@bp.post("/users/<int:user_id>/access")
def access(user_id: int):
    """Give an account another role and (province administrators, on the central server)
    another site; its logins end so the change applies at once."""
    state = admin_state()
    form = AccessForm()
    if not form.validate_on_submit():
        abort(400)
    row = _account(user_id)
    role = form.role.data or ""
    try:
        if role not in ROLES:
            raise AccountError(f"Vai trò '{role[:20]}' không tồn tại.")
        if row.id == current_user.user_id:
            raise AccountError("Không thể tự đổi vai trò hay cơ quan của tài khoản đang dùng.")
        site_id = _chosen_site(form.site.data) if _central() else row.site_id
    except AccountError as exc:
        flash(str(exc), "error")
        return redirect(url_for("users.index"))
    with audited_change():
        state.store.set_user_access(row.id, role, site_id)
        _audit("user.access", row.id, _access_view(row), _access_view(state.store.get_user(row.id)))
    flash(f"Đã lưu vai trò và cơ quan của “{row.username}”.", "success")
    return redirect(url_for("users.index"))


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

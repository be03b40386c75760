"""Logging in and out, and creating the first administrator through the one-time setup link."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from admin_web.accounts import (
    MAX_USERNAME_LENGTH,
    AccountError,
    account_view,
    authenticate,
    create_account,
)
from admin_web.audit_log import audited_change
from admin_web.context import admin_state
from admin_web.forms import LoginForm, SetupForm
from admin_web.logins import end_login, record_failed_login, start_login
from admin_web.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from admin_web.roles import landing_endpoint
from admin_web.security import is_safe_next
from lobby.vntext import nfc

bp = Blueprint("auth", __name__)

LOGIN_FAILED = "Tên đăng nhập hoặc mật khẩu không đúng."
TOO_MANY = "Đăng nhập sai quá nhiều lần. Hãy đợi 15 phút rồi thử lại."
TOO_LONG = (
    f"Tên đăng nhập tối đa {MAX_USERNAME_LENGTH} ký tự, mật khẩu tối đa {MAX_PASSWORD_LENGTH}"
    " ký tự. Hãy kiểm tra lại."
)


def _landing(role: str) -> str:
    site_id = getattr(current_user, "site_id", None)
    return url_for(landing_endpoint(role, current_app.view_functions, site_id))


def _check_login(form: LoginForm) -> tuple[str | None, int]:
    """Log in from the form; return (error, status) or (None, 302) on success."""
    raw_name, password = form.username.data or "", form.password.data or ""
    if len(raw_name) > MAX_USERNAME_LENGTH or len(password) > MAX_PASSWORD_LENGTH:
        return TOO_LONG, 400
    state = admin_state()
    address, username = request.remote_addr or "", nfc(raw_name).strip()
    if state.throttle.blocked(address, username):
        return TOO_MANY, 429
    row = authenticate(state.store, username, password)
    if row is None:
        state.throttle.failed(address, username)
        record_failed_login(address, username)
        return LOGIN_FAILED, 401
    state.throttle.succeeded(address, username)
    with audited_change():
        start_login(row)
        state.store.audit(row.username, "login", f"user:{row.id}", None, {"ip": address})
    return None, 302


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the login form and log a member of staff in."""
    form = LoginForm()
    target = request.args.get("next") or form.next.data
    next_url = target if is_safe_next(target) else None
    if request.method == "GET" and current_user.is_authenticated:
        return redirect(next_url or _landing(current_user.role))
    error, status = None, 200
    if form.validate_on_submit():
        error, status = _check_login(form)
        if error is None:
            return redirect(next_url or _landing(current_user.role))
    form.next.data = next_url or ""
    form.password.data = ""
    if len(form.username.data or "") > MAX_USERNAME_LENGTH:
        form.username.data = ""
    return render_template("auth/login.html", form=form, error=error), status


@bp.route("/logout", methods=["POST"])
def logout():
    """Log out (a POST with the CSRF token, so another site cannot log anyone out)."""
    with audited_change():
        if current_user.is_authenticated:
            who, target = current_user.username, f"user:{current_user.user_id}"
            admin_state().store.audit(who, "logout", target)
        end_login()
    flash("Bạn đã đăng xuất.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/setup/<token>", methods=["GET", "POST"])
def setup(token: str):
    """Create the first administrator, once, through the link printed on the console."""
    state = admin_state()
    if not state.setup.matches(token):
        abort(404)
    if state.store.count_users(role="admin") > 0:
        state.setup.revoke()
        return render_template("auth/setup_done.html"), 403
    form = SetupForm()
    error = None
    if form.validate_on_submit():
        with state.setup.lock:
            # Checked again under the lock: two people opening the link at once make one admin.
            if not state.setup.matches(token) or state.store.count_users(role="admin") > 0:
                abort(404)
            try:
                with audited_change():
                    user_id = create_account(
                        state.store,
                        form.username.data or "",
                        form.password.data or "",
                        form.password_confirm.data or "",
                    )
                    row = state.store.get_user(user_id)
                    state.store.audit(
                        row.username, "user.create", f"user:{row.id}", None, account_view(row)
                    )
            except AccountError as exc:
                error = str(exc)
            else:
                state.setup.revoke()
                start_login(row)
                flash("Đã tạo tài khoản quản trị. Chào mừng!", "success")
                return redirect(url_for("main.index"))
    form.password.data = form.password_confirm.data = ""
    page = render_template(
        "auth/setup.html", form=form, error=error, min_password_length=MIN_PASSWORD_LENGTH
    )
    return page, 422 if error else 200

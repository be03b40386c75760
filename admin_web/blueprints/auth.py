"""Logging in and out, and creating the first administrator through the one-time setup link."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from admin_web.accounts import AccountError, StaffUser, authenticate, create_account
from admin_web.context import admin_state
from admin_web.forms import LoginForm, SetupForm
from admin_web.security import is_safe_next, mark_login

bp = Blueprint("auth", __name__)

LOGIN_FAILED = "Tên đăng nhập hoặc mật khẩu không đúng."
TOO_MANY = "Đăng nhập sai quá nhiều lần. Hãy đợi 15 phút rồi thử lại."


def _start_session(user: StaffUser) -> None:
    # A fresh session at login: nothing from before the login carries over.
    session.clear()
    login_user(user)
    mark_login()


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the login form and log a member of staff in."""
    form = LoginForm()
    target = request.args.get("next") or form.next.data
    next_url = target if is_safe_next(target) else None
    if request.method == "GET" and current_user.is_authenticated:
        return redirect(next_url or url_for("main.index"))
    error = None
    if form.validate_on_submit():
        state = admin_state()
        address, username = request.remote_addr or "", (form.username.data or "").strip()
        if state.throttle.blocked(address, username):
            error = TOO_MANY
        else:
            row = authenticate(state.store, username, form.password.data or "")
            if row is not None:
                state.throttle.succeeded(address, username)
                _start_session(StaffUser(row))
                return redirect(next_url or url_for("main.index"))
            state.throttle.failed(address, username)
            error = LOGIN_FAILED
    form.next.data = next_url or ""
    form.password.data = ""
    status = (429 if error == TOO_MANY else 401) if error else 200
    return render_template("auth/login.html", form=form, error=error), status


@bp.route("/logout", methods=["POST"])
def logout():
    """Log out (a POST with the CSRF token, so another site cannot log anyone out)."""
    logout_user()
    session.clear()
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
                user_id = create_account(
                    state.store,
                    form.username.data or "",
                    form.password.data or "",
                    form.password_confirm.data or "",
                )
            except AccountError as exc:
                error = str(exc)
            else:
                state.setup.revoke()
                _start_session(StaffUser(state.store.get_user(user_id)))
                flash("Đã tạo tài khoản quản trị. Chào mừng!", "success")
                return redirect(url_for("main.index"))
    form.password.data = form.password_confirm.data = ""
    return render_template("auth/setup.html", form=form, error=error), 422 if error else 200

"""Web forms. Fields are checked in the views against the store's own (Vietnamese) rules."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField


class LoginForm(FlaskForm):
    """User name and password, plus where to go afterwards."""

    username = StringField("Tên đăng nhập")
    password = PasswordField("Mật khẩu")
    next = HiddenField()


class SetupForm(FlaskForm):
    """The first administrator's user name and password, typed twice."""

    username = StringField("Tên đăng nhập")
    password = PasswordField("Mật khẩu (ít nhất 12 ký tự)")
    password_confirm = PasswordField("Nhập lại mật khẩu")


class ButtonForm(FlaskForm):
    """A form that is only a button: it carries the CSRF token."""

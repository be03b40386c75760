"""Web forms. Fields are checked in the views against the store's own (Vietnamese) rules."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, PasswordField, StringField, TextAreaField


class LoginForm(FlaskForm):
    """User name and password, plus where to go afterwards."""

    username = StringField("Tên đăng nhập")
    password = PasswordField("Mật khẩu")
    next = HiddenField()


class SetupForm(FlaskForm):
    """The first administrator's user name and password, typed twice."""

    username = StringField("Tên đăng nhập")
    password = PasswordField("Mật khẩu (ít nhất 10 ký tự)")
    password_confirm = PasswordField("Nhập lại mật khẩu")


class SignMessageForm(FlaskForm):
    """The text of a sign message and whether the sign shows it."""

    text = TextAreaField("Nội dung thông điệp")
    enabled = BooleanField("Hiển thị trên bảng LED", default=True)


class ButtonForm(FlaskForm):
    """A form that is only a button: it carries the CSRF token."""

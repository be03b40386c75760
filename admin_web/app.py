"""The admin web's application factory."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask, render_template
from flask_login import LoginManager
from flask_wtf.csrf import CSRFError, CSRFProtect

from admin_web.blueprints import all_blueprints
from admin_web.context import EXTENSION, AdminState, admin_state
from admin_web.logins import load_login
from admin_web.nav import nav_items
from admin_web.passwords import HashingBusy
from admin_web.secret_key import load_or_create_secret_key
from admin_web.security import install_guards
from admin_web.session_store import ServerSideSessionInterface
from admin_web.setup import SetupToken
from admin_web.sign_errors import explain_sign_error
from admin_web.throttle import MAX_KEYS, LoginThrottle
from lobby.clock import format_date, format_datetime
from lobby.file_modes import secure_store_files
from lobby.public_info import DEFAULT_PATH as DEFAULT_PUBLIC_INFO
from lobby.settings import ConfigError, Settings, load_settings
from lobby.store import Store, StoreError
from lobby.store.seed import seed_new_store
from lobby.survey import load_survey

_ERRORS = {
    400: ("Yêu cầu không hợp lệ", "Yêu cầu không hợp lệ. Hãy quay lại trang trước và thử lại."),
    401: ("Cần đăng nhập", "Vui lòng đăng nhập để tiếp tục."),
    403: ("Không có quyền", "Tài khoản của bạn không có quyền mở trang này."),
    404: ("Không tìm thấy", "Không tìm thấy trang này. Hãy kiểm tra lại địa chỉ."),
    405: ("Thao tác không hợp lệ", "Thao tác này không dùng được theo cách vừa làm."),
    413: ("Dữ liệu quá lớn", "Nội dung gửi lên quá lớn."),
    500: (
        "Có lỗi",
        "Đã có lỗi. Hãy thử lại; nếu vẫn lỗi, hãy báo cho bộ phận kỹ thuật.",
    ),
}


def create_app(
    settings: Settings | None = None,
    store: Store | None = None,
    test_config: dict[str, Any] | None = None,
) -> Flask:
    """Build the admin web for one office: settings (default config.toml), its store, overrides."""
    if settings is None:
        settings = load_settings()
    # A broken survey file stops start-up with a ConfigError rather than a broken results page.
    load_survey(settings.path(settings.kiosk.survey))
    app = Flask(__name__)
    lifetime = timedelta(hours=settings.admin.session_hours)
    app.config.update(
        SESSION_COOKIE_NAME="lobby_admin_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=lifetime,
        # A form stays usable as long as the login does.
        WTF_CSRF_TIME_LIMIT=int(lifetime.total_seconds()),
        MAX_CONTENT_LENGTH=256 * 1024,
        SESSION_COOKIE_SECURE=settings.admin.public_url.startswith("https://"),
    )
    app.config.update(test_config or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_or_create_secret_key(
            settings.path(settings.admin.secret_key_file)
        )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    owns_store = store is None
    secure_store_files(settings)
    if store is None:
        store = Store.open(settings.store_url, tz_name=settings.office.timezone)
        # A store made by this start gets the plan's messages, and a site's store the sample
        # public information too: the central server's would reach every site by the pull.
        central = settings.central.role == "central"
        seed_new_store(store, public_info=None if central else DEFAULT_PUBLIC_INFO)

    throttle = LoginThrottle(
        app.config.get("LOGIN_MAX_FAILURES", 5),
        max_account_failures=app.config.get("LOGIN_MAX_ACCOUNT_FAILURES", 20),
        max_keys=app.config.get("LOGIN_MAX_KEYS", MAX_KEYS),
        max_address_failures=app.config.get("LOGIN_MAX_ADDRESS_FAILURES", 30),
    )
    setup_seconds = app.config.get("SETUP_LINK_SECONDS", settings.admin.setup_link_hours * 3600)
    setup = SetupToken(setup_seconds)
    app.extensions[EXTENSION] = AdminState(settings, store, setup, throttle, owns_store)
    app.session_interface = ServerSideSessionInterface()
    _init_login(app)
    # The login guard runs before the CSRF check: an anonymous POST is sent to the login page.
    install_guards(app)
    CSRFProtect(app)
    for blueprint in all_blueprints():
        app.register_blueprint(blueprint)
    _init_templates(app, settings)
    _init_errors(app)
    if store.count_users(role="admin") == 0:
        admin_state(app).setup.issue()
    return app


def close_app(app: Flask) -> None:
    """Release what create_app opened itself (the store, unless one was passed in)."""
    state = app.extensions.get(EXTENSION)
    if state is not None and state.owns_store:
        state.store.close()


def _init_login(app: Flask) -> None:
    manager = LoginManager(app)
    manager.session_protection = "strong"
    manager.user_loader(load_login)


def _init_templates(app: Flask, settings: Settings) -> None:
    tz_name = settings.office.timezone
    app.jinja_env.filters["vn_date"] = format_date
    app.jinja_env.filters["sign_error"] = explain_sign_error
    app.jinja_env.filters["vn_datetime"] = lambda moment: format_datetime(moment, tz_name)

    @app.context_processor
    def office():
        return {"office": settings.office, "nav_items": nav_items(app.view_functions)}


def _error_page(code: int, message: str | None = None):
    title, default = _ERRORS.get(code, _ERRORS[500])
    return render_template("error.html", title=title, message=message or default), code


def _init_errors(app: Flask) -> None:
    for code in _ERRORS:
        app.register_error_handler(code, lambda exc, code=code: _error_page(code))

    @app.errorhandler(CSRFError)
    def csrf_failed(_exc):
        return _error_page(
            400,
            "Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang rồi làm lại thao tác.",
        )

    @app.errorhandler(ConfigError)
    def config_failed(exc):
        app.logger.error("configuration error: %s", exc)
        return _error_page(503, f"Tệp cấu hình hoặc phiếu khảo sát đang bị lỗi: {exc}")

    @app.errorhandler(HashingBusy)
    def hashing_busy(exc):
        return _error_page(503, str(exc))

    @app.errorhandler(StoreError)
    def store_failed(exc):
        app.logger.error("store error: %s", exc)
        return _error_page(
            503,
            "Không đọc hoặc ghi được cơ sở dữ liệu. Hãy thử lại sau ít phút; nếu vẫn lỗi, hãy báo"
            " cho bộ phận kỹ thuật.",
        )

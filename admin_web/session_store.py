"""The cookie of a logged-in user holds only the login's id; the rest of its session is stored.

Before login the (signed) cookie holds the login form's CSRF token, as Flask does by default;
from login on it holds ``_user_id`` (the random id of the server-side login) and nothing else.
"""

from __future__ import annotations

from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

from admin_web.context import admin_state

LOGIN_KEY = "_user_id"  # where Flask-Login keeps the id of the logged-in user (our login id)
ENDED_KEY = "login_ended"  # set for a visitor whose cookie named a login that has ended
_COOKIE_KEYS = (LOGIN_KEY, "_permanent")


class ServerSideSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with a logged-in session's data moved to the store."""

    def open_session(self, app, request):
        """Read the cookie and, for a login the store still keeps, the data kept with it."""
        session = super().open_session(app, request)
        token = session.get(LOGIN_KEY) if session is not None else None
        if not isinstance(token, str):
            return session
        stored = admin_state(app).store.session_data(token)
        if stored is None:
            # The login ended (logout, expiry, disabled): carry on as a visitor, saying why.
            session.pop(LOGIN_KEY)
            session[ENDED_KEY] = True
        elif stored:
            session.update(self.serializer.loads(stored))
            session.modified = False
        return session

    def save_session(self, app, session, response):
        """Store a login's data and send a cookie with only its id; otherwise as Flask does."""
        token = session.get(LOGIN_KEY)
        if not isinstance(token, str):
            return super().save_session(app, session, response)
        if session.modified:
            rest = {k: v for k, v in session.items() if k not in _COOKIE_KEYS}
            admin_state(app).store.save_session_data(token, self.serializer.dumps(rest))
        cookie = SecureCookieSession({k: session[k] for k in _COOKIE_KEYS if k in session})
        cookie.modified, cookie.accessed = session.modified, session.accessed
        return super().save_session(app, cookie, response)

"""The admin web: staff manage the LED sign and read survey results from the office network."""

from admin_web.app import close_app, create_app
from admin_web.roles import role_required
from admin_web.server import AdminServer, make_server, serve
from admin_web.setup import setup_link_message, setup_url

__all__ = [
    "AdminServer",
    "close_app",
    "create_app",
    "make_server",
    "role_required",
    "serve",
    "setup_link_message",
    "setup_url",
]

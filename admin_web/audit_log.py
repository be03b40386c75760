"""Recording a change made through the admin in the audit log, from inside a view."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from flask import request
from flask_login import current_user

from admin_web.context import get_store
from lobby.store import NotFound


def audited_change() -> AbstractContextManager[None]:
    """Return the transaction a view's change and its audit rows share: at the end of the
    ``with`` block both are stored, or, if anything in it raised, neither.

    Flash "saved" only after the block: its commit can still fail (StoreError, a 503 page).
    """
    return get_store().unit_of_work()


def record(target: str, before: Any = None, after: Any = None, action: str | None = None) -> None:
    """Record that the logged-in user changed ``target`` (action: the view's endpoint name)."""
    who = getattr(current_user, "username", None)
    get_store().audit(who, action or request.endpoint or "", target, before, after)


def sign_snapshot(message_id: int) -> Any:
    """Return a sign message as it is now, or None if it does not exist (for before/after)."""
    try:
        return get_store().get_sign_message(message_id)
    except NotFound:
        return None

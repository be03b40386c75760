"""The store: one object giving the kiosk, the sign service and the admin what they keep."""

from lobby.store.base import BaseStore, StoreError
from lobby.store.responses import DayLevelCount, ResponseRow, ResponsesMixin
from lobby.store.sign import BoardViewRow, NotFound, SignMessageRow, SignMixin, SignStatusRow
from lobby.store.users import UserRow, UsersMixin


class Store(ResponsesMixin, SignMixin, UsersMixin, BaseStore):
    """The store of one office: open with ``Store.open(settings.store_url)``."""


__all__ = [
    "BoardViewRow",
    "DayLevelCount",
    "NotFound",
    "ResponseRow",
    "SignMessageRow",
    "SignStatusRow",
    "Store",
    "StoreError",
    "UserRow",
]

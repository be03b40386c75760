"""The store: one object giving the kiosk, the sign service and the admin what they keep."""

from lobby.public_info import PublicItem
from lobby.store.audit import AuditMixin, AuditRow
from lobby.store.base import BaseStore, StoreError
from lobby.store.devices import DeviceRow, DevicesMixin
from lobby.store.officials import (
    CounterRow,
    OfficialInput,
    OfficialRow,
    OfficialsMixin,
    UnitRow,
)
from lobby.store.public import PublicInfoMixin
from lobby.store.reports import Figures, ReportsMixin
from lobby.store.sessions import SessionRow, SessionsMixin
from lobby.store.sign import BoardViewRow, NotFound, SignMessageRow, SignMixin, SignStatusRow
from lobby.store.surveys import SurveysMixin, SurveyVersionRow
from lobby.store.users import UserRow, UsersMixin
from lobby.store.visits import DayLevelCount, VisitRow, VisitsMixin


class Store(
    VisitsMixin,
    ReportsMixin,
    OfficialsMixin,
    SurveysMixin,
    DevicesMixin,
    PublicInfoMixin,
    SignMixin,
    UsersMixin,
    SessionsMixin,
    AuditMixin,
    BaseStore,
):
    """The store of one office: open with ``Store.open(settings.store_url)``."""


__all__ = [
    "AuditRow",
    "BoardViewRow",
    "CounterRow",
    "DayLevelCount",
    "DeviceRow",
    "Figures",
    "NotFound",
    "OfficialInput",
    "OfficialRow",
    "PublicItem",
    "SessionRow",
    "SignMessageRow",
    "SignStatusRow",
    "Store",
    "StoreError",
    "SurveyVersionRow",
    "UnitRow",
    "UserRow",
    "VisitRow",
]

"""The store: one object giving the kiosk, the sign service and the admin what they keep."""

from lobby.public_info import PublicItem
from lobby.store.audit import AuditMixin, AuditRow
from lobby.store.base import BaseStore, StoreError
from lobby.store.cases import CaseError, CaseListRow, CaseRow, CasesMixin
from lobby.store.devices import DeviceRow, DevicesMixin, DeviceStatusRow, DeviceTokenRow
from lobby.store.forwarding import ForwardingMixin
from lobby.store.ingest import IngestMixin
from lobby.store.letters import LetterError, LetterRow, LettersMixin, LetterTemplateRow
from lobby.store.officials import (
    CounterRow,
    FieldError,
    OfficialFields,
    OfficialInfo,
    OfficialInput,
    OfficialRow,
    OfficialsMixin,
    UnitRow,
)
from lobby.store.public import PublicInfoMixin
from lobby.store.reports import Figures, ReportsMixin
from lobby.store.sessions import SessionRow, SessionsMixin
from lobby.store.sign import BoardViewRow, NotFound, SignMessageRow, SignMixin, SignStatusRow
from lobby.store.sites import LOCAL_SITE_ID, SiteRow, SitesMixin
from lobby.store.surveys import SurveysMixin, SurveyVersionRow
from lobby.store.users import UserRow, UsersMixin
from lobby.store.visits import DayLevelCount, VisitRow, VisitsMixin
from lobby.store.watchlist import WatchlistActionRow, WatchlistError, WatchlistMixin


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
    WatchlistMixin,
    CasesMixin,
    LettersMixin,
    SitesMixin,
    ForwardingMixin,
    IngestMixin,
    BaseStore,
):
    """The store of one office: open with ``Store.open(settings.store_url)``."""


__all__ = [
    "LetterError",
    "LetterRow",
    "LetterTemplateRow",
    "LOCAL_SITE_ID",
    "AuditRow",
    "BoardViewRow",
    "CaseError",
    "CaseListRow",
    "CaseRow",
    "CounterRow",
    "DayLevelCount",
    "DeviceRow",
    "DeviceStatusRow",
    "DeviceTokenRow",
    "FieldError",
    "Figures",
    "NotFound",
    "OfficialFields",
    "OfficialInfo",
    "OfficialInput",
    "OfficialRow",
    "PublicItem",
    "SessionRow",
    "SignMessageRow",
    "SignStatusRow",
    "SiteRow",
    "Store",
    "StoreError",
    "SurveyVersionRow",
    "UnitRow",
    "UserRow",
    "VisitRow",
    "WatchlistActionRow",
    "WatchlistError",
]

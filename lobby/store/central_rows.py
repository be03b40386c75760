"""The centre-owned kinds as a pull carries them: which columns of each table travel, and the
turning of a row into JSON and back (moments as ISO 8601 UTC, ids never: rows are matched by
their codes, or replaced as a whole list)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Table

from lobby.store.models import (
    Counter,
    Official,
    PublicAttachment,
    PublicItemModel,
    SignMessage,
    SignNotice,
    SurveyVersion,
    Unit,
    UTCDateTime,
)
from lobby.sync.wire import WireError, iso, optional_moment

SURVEY_COLUMNS = ("survey_key", "version", "source", "created_at")
UNIT_COLUMNS = ("code", "name", "active")
COUNTER_COLUMNS = ("code", "name", "active")  # plus unit_code
OFFICIAL_COLUMNS = ("code", "full_name", "title", "active", "created_at", "updated_at")
SIGN_MESSAGE_COLUMNS = (
    "text",
    "enabled",
    "position",
    "starts_at",
    "ends_at",
    "weekdays",
    "window_start",
    "window_end",
    "mode",
    "colour",
    "speed",
    "created_at",
    "updated_at",
    "updated_by",
)
SIGN_NOTICE_COLUMNS = ("text", "starts_at", "expires_at", "created_by", "created_at", "ended_at")
PUBLIC_ITEM_COLUMNS = (
    "kind",
    "title",
    "body",
    "code",
    "url",
    "phone",
    "email",
    "position",
    "published",
    "time_limit",
    "fee",
)
# A form attached to a public item travels as these and its SHA-256; its bytes are fetched apart.
ATTACHMENT_COLUMNS = ("title", "filename", "mime", "size", "position", "created_at")
TABLES: dict[str, Table] = {
    "survey_versions": SurveyVersion.__table__,
    "units": Unit.__table__,
    "counters": Counter.__table__,
    "officials": Official.__table__,
    "sign_messages": SignMessage.__table__,
    "sign_notices": SignNotice.__table__,
    "public_items": PublicItemModel.__table__,
    "attachments": PublicAttachment.__table__,
}


def to_wire(row: Mapping[str, Any], columns: Iterable[str]) -> dict[str, Any]:
    """Return the named columns of a row as JSON values (moments as ISO text)."""
    return {
        name: iso(row[name]) if isinstance(row[name], datetime) else row[name] for name in columns
    }


def from_wire(kind: str, data: Any, columns: Iterable[str]) -> dict[str, Any]:
    """Return the named columns of one pulled row of ``kind`` as values for its table."""
    if not isinstance(data, dict):
        raise WireError(f"{kind}: a row must be a JSON object")
    table = TABLES[kind]
    values: dict[str, Any] = {}
    for name in columns:
        value = data.get(name)
        if isinstance(table.c[name].type, UTCDateTime):
            value = optional_moment(value, f"{kind}.{name}")
        values[name] = value
    return values

"""Sites: the offices whose stores feed the central server, and their push tokens.

A site's own store has one site, ``LOCAL_SITE_ID`` ("local"); the central server has one row per
office. A site's token is a device token of kind "site" named by the site's code (kept only as
its SHA-256, revocable, see devices.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, select
from sqlalchemy.exc import IntegrityError

from lobby import clock
from lobby.store.base import StoreError
from lobby.store.models import DeviceToken, Official, Site, Unit, Visit
from lobby.vntext import nfc

LOCAL_SITE_ID = 1
PLACEHOLDER_CODE = "local"  # the code migration 0015 gives site 1
SITE_TOKEN_KIND = "site"  # noqa: S105 (a device kind, not a secret)
# Letters, digits, "-" and "_": a site's code goes into URLs, file names and its token's record.
_CODE = re.compile(r"[A-Za-z0-9_-]{1,32}")


@dataclass(frozen=True)
class SiteRow:
    """A site as read back."""

    id: int
    code: str
    name: str
    created_at: datetime
    active: bool
    last_push_at: datetime | None
    clock_skew_seconds: float | None


def _row(site: Site) -> SiteRow:
    return SiteRow(
        site.id,
        site.code,
        site.name,
        site.created_at,
        bool(site.active),
        site.last_push_at,
        site.clock_skew_seconds,
    )


def listed_site_clause():
    """Return the SQL condition of the sites a central server lists: all but site 1 while it is
    still migration 0015's empty placeholder ("local": no push, token, visit, unit or official),
    which a new central server has without being an office of the province."""
    placeholder = and_(
        Site.id == LOCAL_SITE_ID,
        Site.code == PLACEHOLDER_CODE,
        Site.last_push_at.is_(None),
        ~exists().where(Visit.site_id == Site.id),
        ~exists().where(Unit.site_id == Site.id),
        ~exists().where(Official.site_id == Site.id),
        ~exists().where(
            DeviceToken.device_kind == SITE_TOKEN_KIND, DeviceToken.device_id == Site.code
        ),
    )
    return ~placeholder


class SitesMixin:
    """Listing and creating sites, their push tokens, and the marks of their last push."""

    def site_list(self, listed_only: bool = False) -> list[SiteRow]:
        """Return every site (or, ``listed_only``, those a central server lists), by code."""
        query = select(Site).order_by(Site.code)
        if listed_only:
            query = query.where(listed_site_clause())
        with self.session() as s:
            return [_row(site) for site in s.scalars(query)]

    def site_by_code(self, code: str) -> SiteRow | None:
        """Return the site with this code, or None."""
        with self.session() as s:
            site = s.scalar(select(Site).where(Site.code == nfc(code).strip()))
            return _row(site) if site else None

    def site_by_id(self, site_id: int) -> SiteRow | None:
        """Return the site with this id, or None."""
        with self.session() as s:
            site = s.get(Site, site_id)
            return _row(site) if site else None

    def create_site(self, code: str, name: str, by: str) -> tuple[SiteRow, str]:
        """Create a site and its first push token; return the site and the token (shown once).

        ValueError (in Vietnamese) for a malformed or taken code or an empty name.
        """
        code, name = nfc(code).strip(), nfc(name).strip()
        if not _CODE.fullmatch(code):
            raise ValueError(
                "Mã cơ quan chỉ gồm chữ không dấu, chữ số, dấu gạch ngang hoặc gạch dưới"
                " (tối đa 32 ký tự)."
            )
        if not name:
            raise ValueError("Tên cơ quan không được để trống.")
        try:
            with self.session() as s:
                site = Site(code=code, name=name[:200], created_at=clock.utcnow(), active=True)
                s.add(site)
                s.flush()
                row = _row(site)
        except StoreError as exc:
            if isinstance(exc.__cause__, IntegrityError):
                raise ValueError(f"Mã cơ quan “{code}” đã có.") from exc
            raise
        return row, self.issue_site_token(code, by)

    def issue_site_token(self, code: str, by: str) -> str:
        """Make a new push token for the site, revoking its previous one; return it (shown
        once). ValueError if there is no such site."""
        site = self.site_by_code(code)
        if site is None:
            raise ValueError(f"Không có cơ quan mã “{code}”.")
        return self.issue_device_token(SITE_TOKEN_KIND, site.code, by)

    def revoke_site_token(self, code: str, by: str) -> bool:
        """Revoke the site's live push token; return False if it had none."""
        return self.revoke_device_token(SITE_TOKEN_KIND, nfc(code).strip(), by)

    def site_for_token(self, token: str) -> SiteRow | None:
        """Return the active site whose live push token this is (noting its use), or None."""
        found = self.device_for_token(token, kinds=(SITE_TOKEN_KIND,))
        if found is None:
            return None
        site = self.site_by_code(found.device_id)
        return site if site is not None and site.active else None

    def mark_site_push(self, site_id: int, skew_seconds: float | None) -> None:
        """Note a push accepted now from the site, and its clock minus the server's (seconds)."""
        with self.session() as s:
            site = s.get(Site, site_id)
            if site is not None:
                site.last_push_at = clock.utcnow()
                site.clock_skew_seconds = skew_seconds

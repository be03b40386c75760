"""How each site feeding the central server is doing: its last push, its visits, its clock, its
push token; and which sites the central front page warns about (silent, or clock off)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from lobby import clock
from lobby.store.models import DeviceToken, ResultTally
from lobby.store.sites import SITE_TOKEN_KIND


@dataclass(frozen=True)
class SiteHealth:
    """One line of the sites page."""

    id: int
    code: str
    name: str
    active: bool
    last_push: str  # dd/mm/yyyy HH:MM in the office's time zone, or "Chưa gửi"
    visits: int
    skew_seconds: float | None
    silent: bool  # no push for longer than [central] silent_hours (since creation if none)
    skewed: bool  # clock off by more than [central] clock_skew_seconds
    token_issued: str | None  # when its live push token was issued, or None
    created: str = ""  # dd/mm/yyyy, the day it was added
    pushed: bool = False  # it has sent at least once

    @property
    def skew_text(self) -> str:
        """Return the site's clock difference as words ("nhanh 3 phút 5 giây", "chậm 40 giây",
        "đúng giờ" within half a second)."""
        if self.skew_seconds is None:
            return "—"
        seconds = round(abs(self.skew_seconds))
        if seconds == 0:
            return "đúng giờ"
        minutes, rest = divmod(seconds, 60)
        amount = f"{minutes} phút {rest} giây" if minutes else f"{rest} giây"
        return f"{'nhanh' if self.skew_seconds > 0 else 'chậm'} {amount}"


def _minute(moment: datetime | None, tz_name: str, empty: str) -> str:
    if moment is None:
        return empty
    return clock.to_local(moment, tz_name).strftime("%d/%m/%Y %H:%M")


def visits_by_site(store) -> dict[int, int]:
    """Return how many visits each site has sent, read from the month tallies (not the visits
    table, which on the central server holds every visit of the province)."""
    query = (
        select(ResultTally.site_id, func.sum(ResultTally.n))
        .where(ResultTally.dimension == "visits", ResultTally.span == "m")
        .group_by(ResultTally.site_id)
    )
    with store.session() as s:
        return {site_id: int(n or 0) for site_id, n in s.execute(query)}


def _live_tokens(store) -> dict[str, datetime]:
    query = select(DeviceToken.device_id, DeviceToken.created_at).where(
        DeviceToken.device_kind == SITE_TOKEN_KIND, DeviceToken.revoked_at.is_(None)
    )
    with store.session() as s:
        return dict(s.execute(query).all())


def site_health(state, now: datetime | None = None) -> list[SiteHealth]:
    """Return every site with its last push, visits, clock and token, by code."""
    now = now or clock.utcnow()
    central = state.settings.central
    silent_after = timedelta(hours=central.silent_hours)
    store, tz_name = state.store, state.tz_name
    visits, tokens = visits_by_site(store), _live_tokens(store)
    rows = []
    for site in store.site_list(listed_only=True):
        skew = site.clock_skew_seconds
        issued = tokens.get(site.code)
        rows.append(
            SiteHealth(
                id=site.id,
                code=site.code,
                name=site.name,
                active=site.active,
                last_push=_minute(site.last_push_at, tz_name, "Chưa gửi"),
                visits=visits.get(site.id, 0),
                skew_seconds=skew,
                # A site never heard from counts from its creation.
                silent=now - (site.last_push_at or site.created_at) > silent_after,
                skewed=skew is not None and abs(skew) > central.clock_skew_seconds,
                token_issued=_minute(issued, tz_name, "") if issued else None,
                created=clock.format_date(site.created_at, tz_name) if site.created_at else "",
                pushed=site.last_push_at is not None,
            )
        )
    return rows


def site_warnings(state) -> dict | None:
    """Return the central front page's warnings: active sites silent for longer than
    ``[central] silent_hours`` and sites whose clock is off by more than
    ``[central] clock_skew_seconds``; None when this server is not the central one."""
    central = state.settings.central
    if central.role != "central":
        return None
    # The site every store has for its own rows sends nothing: it is not watched.
    sites = [s for s in site_health(state) if s.active and (s.token_issued or s.visits)]
    return {
        "silent": [s for s in sites if s.silent],
        "skewed": [s for s in sites if s.skewed],
        "hours": central.silent_hours,
        "seconds": central.clock_skew_seconds,
    }

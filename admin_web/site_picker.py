"""The site filter of the results, watchlist and report pages: which site a page shows (from
``?site=<code>``, site_scope.py decides what a user may ask for), the picker a central server
offers its province-wide users, and the site's name in titles and group labels.

On a site's own store ([central] role = "site") nothing of this shows and no query is added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import select

from admin_web.context import admin_state
from admin_web.site_scope import site_filter_from_request, user_site_id
from lobby.store.models import Site
from lobby.store.sites import listed_site_clause

CENTRAL_ROLE = "central"


@dataclass(frozen=True)
class SiteOption:
    """A site as the picker and the titles show it."""

    id: int
    code: str
    name: str


@dataclass(frozen=True)
class SiteView:
    """What a page shows of the sites: the filter, the chosen site and the picker's choices."""

    site_id: int | None = None  # the filter; None: every site of the store
    site: SiteOption | None = None  # the chosen site, on a central server
    sites: tuple[SiteOption, ...] = ()  # every site, on a central server
    picker: bool = False  # offer the picker (a province-wide user on a central server)
    central: bool = False

    @property
    def options(self) -> tuple[SiteOption, ...]:
        """Return the picker's sites (none when there is no picker)."""
        return self.sites if self.picker else ()

    @cached_property
    def names(self) -> dict[int, str]:
        """Return every site's name by id."""
        return {site.id: site.name for site in self.sites}

    def query_of(self, site_id: int | None) -> dict[str, str]:
        """Return the query parameters naming the site ``site_id`` on a central server."""
        found = next((site for site in self.sites if site.id == site_id), None)
        return {"site": found.code} if found and self.central else {}

    @property
    def province(self) -> bool:
        """Return True when the page spans every site of a central server."""
        return self.central and self.site_id is None

    @property
    def query(self) -> dict[str, str]:
        """Return the query parameters that keep the filter in links and forms."""
        return {"site": self.site.code} if self.site else {}

    @property
    def code(self) -> str:
        """Return the chosen site's code, or "" for every site."""
        return self.site.code if self.site else ""

    @property
    def file_part(self) -> str:
        """Return the chosen site's code as a file name's part ("_so-tu-phap"), or ""."""
        safe = re.sub(r"[^0-9A-Za-z_-]", "", self.code)
        return f"_{safe}" if safe else ""

    def title(self, text: str) -> str:
        """Return a page's or report's title naming the chosen site ("… – Sở Tư pháp")."""
        return f"{text} – {self.site.name}" if self.site else text

    def label(self, label: str, site_id: int | None) -> str:
        """Return a unit's, counter's or official's label, with its site's name when the page
        spans several sites (codes repeat from one site to the next)."""
        name = self.names.get(site_id) if self.province and site_id is not None else None
        return f"{label} ({name})" if name else label


def is_central(settings) -> bool:
    """Return True if these settings make the admin the province's central server."""
    section = getattr(settings, "central", None)
    return getattr(section, "role", "site") == CENTRAL_ROLE


def site_options(store) -> tuple[SiteOption, ...]:
    """Return every site the central server lists, by code."""
    query = select(Site.id, Site.code, Site.name).where(listed_site_clause()).order_by(Site.code)
    with store.session() as s:
        return tuple(SiteOption(i, code, name) for i, code, name in s.execute(query))


def site_view(state=None) -> SiteView:
    """Return the site filter of the current request and what the page shows of the sites."""
    state = state or admin_state()
    site_id = site_filter_from_request()
    if not is_central(state.settings):
        return SiteView(site_id)
    sites = site_options(state.store)
    chosen = next((site for site in sites if site.id == site_id), None)
    return SiteView(site_id, chosen, sites, user_site_id() is None, True)

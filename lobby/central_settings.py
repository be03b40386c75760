"""The ``[central]`` keys of config.toml: a site's link to the province's server, or the server's
own role. Registered into lobby.settings' registry on import (listed in ``PLUGIN_MODULES``).
"""

from __future__ import annotations

from typing import Any

from lobby.settings import declare, float_range, int_range, one_of, register, register_check

SITE, CENTRAL = "site", "central"
URL_EXPECTED = "an empty text or a URL starting with https:// (or http://)"


def _check_url(value: str) -> str | None:
    if value == "" or (value.startswith(("http://", "https://")) and len(value) > 8):
        return None
    return URL_EXPECTED


CENTRAL_SETTINGS = (
    declare(
        "central",
        "role",
        str,
        SITE,
        "'site': an office that forwards its visits to the central server named by url;"
        " 'central': this admin is the province's central server.",
        one_of(SITE, CENTRAL),
    ),
    declare(
        "central",
        "url",
        str,
        "",
        "Address of the central server this site forwards to; empty: forward nothing.",
        (_check_url, URL_EXPECTED),
    ),
    declare(
        "central",
        "token",
        str,
        "",
        "The site token the central server printed when the site was created.",
    ),
    declare(
        "central",
        "batch_size",
        int,
        500,
        "Visits sent in one request to the central server.",
        int_range(1, 10000),
    ),
    declare(
        "central",
        "interval_seconds",
        float,
        15.0,
        "Seconds between forwarding rounds when everything was sent.",
        float_range(1, 3600),
    ),
    declare(
        "central",
        "retry_max_seconds",
        float,
        300.0,
        "Longest wait between attempts after a failure (the wait doubles from 1 s).",
        float_range(1, 86400),
    ),
    declare(
        "central",
        "request_timeout_seconds",
        float,
        10.0,
        "Longest silence allowed on one request to the central server.",
        float_range(1, 600),
    ),
    declare(
        "central",
        "clock_skew_seconds",
        float,
        120.0,
        "The central server flags a site whose clock is off by more than this.",
        float_range(1, 86400),
    ),
    declare(
        "central",
        "silent_hours",
        float,
        24.0,
        "The central server lists sites not heard from for longer than this.",
        float_range(0.1, 8760),
    ),
)


def check_central(values: dict[str, dict[str, Any]]) -> str | None:
    """Return what is wrong across the ``[central]`` keys (a url with no token), else None."""
    central = values.get("central", {})
    if central.get("url") and not central.get("token", "").strip():
        return "[central] token: expected the site token when [central] url is set, got ''"
    return None


register(*CENTRAL_SETTINGS)
register_check(check_central)

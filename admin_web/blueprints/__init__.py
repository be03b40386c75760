"""One blueprint per area of the admin web; ``all_blueprints`` lists what the app registers."""

from __future__ import annotations

from importlib import import_module

# Module names under admin_web.blueprints, each with a ``bp`` Blueprint.
BLUEPRINT_MODULES: tuple[str, ...] = (
    "auth",
    "main",
    "sign",
    "results",
    "api",
    "users",
    "audit",
    "reports",
    "survey",
    "paper",
    "watchlist",
    "cases",
    "letters",
    "public",
    "public_site",
    "people",
    "devices",
    "visit_lookup",
    "sites",
    "central_api",
)


def all_blueprints() -> list:
    """Import every area's module and return its blueprint, in registration order."""
    return [import_module(f"{__name__}.{name}").bp for name in BLUEPRINT_MODULES]

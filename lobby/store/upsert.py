"""Inserts that do something else when the row exists, in the store's database's own SQL."""

from __future__ import annotations

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite


def conflict_insert(table: Table, dialect: str):
    """Return an INSERT into ``table`` that offers ``on_conflict_do_update`` and
    ``on_conflict_do_nothing`` for the database kind ``dialect`` ("sqlite" or "postgresql");
    the one place the store chooses between the two."""
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise ValueError(f"no insert-or-update for the {dialect!r} database")

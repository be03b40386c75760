"""Every table's rows of a store, for the migration tests that compare a store before and after."""

from __future__ import annotations

import sqlalchemy as sa


def contents(engine) -> dict[str, list[dict]]:
    """Return every table's rows (Alembic's own left out), in primary-key order."""
    metadata = sa.MetaData()
    metadata.reflect(engine)
    found = {}
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            order = list(table.primary_key.columns) or list(table.columns)
            query = sa.select(table).order_by(*order)
            found[table.name] = [dict(row._mapping) for row in connection.execute(query)]
    return found


def projected(rows: list[dict], columns) -> list[tuple]:
    """Return the rows reduced to ``columns``, in a stable order."""
    return sorted((tuple(row[c] for c in columns) for row in rows), key=repr)

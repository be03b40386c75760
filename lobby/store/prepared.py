"""Core statements compiled once per database and run straight on the driver's cursor.

On SQLite a vote's few small statements cost several times more in SQLAlchemy's per-call work
(building and keying the statement, an execution context, converting each value and result row)
than in the database; the vote path runs them through here instead. The values still go through
the columns' own type converters, and the statements run in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ClauseElement


class Prepared:
    """A statement compiled for each database kind it meets, with the converters of its values
    (the same types' own bind processors SQLAlchemy would apply).

    ``statement``: the statement, or a function of the database kind ("sqlite", "postgresql")
    returning it, for statements written in each database's own SQL.
    """

    def __init__(self, statement: ClauseElement | Callable[[str], ClauseElement]) -> None:
        self.statement = statement
        self._compiled: dict[str, tuple] = {}

    def _for(self, connection: Connection) -> tuple[str, Callable]:
        dialect = connection.dialect
        found = self._compiled.get(dialect.name)
        if found is None:
            statement = self.statement
            if not isinstance(statement, ClauseElement):
                statement = statement(dialect.name)
            compiled = statement.compile(dialect=dialect)
            names = list(compiled.positiontup if compiled.positional else compiled.binds)
            converters = [compiled.binds[name].type.bind_processor(dialect) for name in names]
            found = (compiled.string, _values_maker(names, converters, compiled.positional))
            self._compiled[dialect.name] = found
        return found

    def run(self, connection: Connection, values: Mapping[str, Any]) -> int:
        """Run the statement once with ``values`` (by parameter name); return the rows it
        changed."""
        sql, make = self._for(connection)
        cursor = _execute(connection, sql, make(values), many=False)
        changed = cursor.rowcount
        cursor.close()
        return changed

    def first(self, connection: Connection, values: Mapping[str, Any]) -> tuple | None:
        """Run the query once with ``values``; return its first row as the driver gives it
        (no result conversion: for plain numbers and texts), or None."""
        sql, make = self._for(connection)
        cursor = _execute(connection, sql, make(values), many=False)
        try:
            row = cursor.fetchone()
        finally:
            cursor.close()
        return None if row is None else tuple(row)

    def run_many(self, connection: Connection, rows: Iterable[Mapping[str, Any]]) -> None:
        """Run the statement for each mapping of ``rows`` (one executemany)."""
        sql, make = self._for(connection)
        batch = [make(row) for row in rows]
        if batch:
            _execute(connection, sql, batch, many=True).close()


def _values_maker(names: list[str], converters: list, positional: bool) -> Callable:
    """Return a function turning a mapping of values by name into the driver's parameters
    (a tuple in the statement's order, or a dict), each converted by its column's type."""
    pick = itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
    converting = [(i, convert) for i, convert in enumerate(converters) if convert is not None]

    def make(values: Mapping[str, Any]):
        picked = pick(values)
        if converting:
            picked = list(picked)
            for i, convert in converting:
                picked[i] = convert(picked[i])
        return tuple(picked) if positional else dict(zip(names, picked, strict=True))

    return make


def _execute(connection: Connection, sql: str, values, *, many: bool):
    """Run ``sql`` on the connection's DB-API cursor, in its transaction; a driver error is
    raised as SQLAlchemy's (IntegrityError, OperationalError...), as ``execute`` would."""
    cursor = connection.connection.cursor()
    try:
        if many:
            cursor.executemany(sql, values)
        else:
            cursor.execute(sql, values)
    except connection.dialect.loaded_dbapi.Error as exc:
        cursor.close()
        raise DBAPIError.instance(
            sql, values, exc, connection.dialect.loaded_dbapi.Error, dialect=connection.dialect
        ) from exc
    return cursor

"""Core statements compiled once per database and run straight on the driver's cursor.

On SQLite a vote's few small statements cost several times more in SQLAlchemy's per-call work
(building and keying the statement, an execution context, converting each value and result row)
than in the database; the vote path runs them through here instead. The values still go through
the columns' own type converters, and the statements run in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
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

    def _for(self, connection: Connection) -> tuple[str, bool, list]:
        dialect = connection.dialect
        found = self._compiled.get(dialect.name)
        if found is None:
            statement = self.statement
            if not isinstance(statement, ClauseElement):
                statement = statement(dialect.name)
            compiled = statement.compile(dialect=dialect)
            names = compiled.positiontup if compiled.positional else compiled.binds
            params = [(name, compiled.binds[name].type.bind_processor(dialect)) for name in names]
            found = (compiled.string, compiled.positional, params)
            self._compiled[dialect.name] = found
        return found

    @staticmethod
    def _values(positional: bool, params: list, values: Mapping[str, Any]):
        converted = [
            (convert(values[name]) if convert else values[name]) for name, convert in params
        ]
        if positional:
            return tuple(converted)
        return dict(zip([name for name, _ in params], converted, strict=True))

    def run(self, connection: Connection, values: Mapping[str, Any]) -> int:
        """Run the statement once with ``values`` (by parameter name); return the rows it
        changed."""
        sql, positional, params = self._for(connection)
        cursor = _execute(connection, sql, self._values(positional, params, values), many=False)
        changed = cursor.rowcount
        cursor.close()
        return changed

    def first(self, connection: Connection, values: Mapping[str, Any]) -> tuple | None:
        """Run the query once with ``values``; return its first row as the driver gives it
        (no result conversion: for plain numbers and texts), or None."""
        sql, positional, params = self._for(connection)
        cursor = _execute(connection, sql, self._values(positional, params, values), many=False)
        try:
            row = cursor.fetchone()
        finally:
            cursor.close()
        return None if row is None else tuple(row)

    def run_many(self, connection: Connection, rows: Iterable[Mapping[str, Any]]) -> None:
        """Run the statement for each mapping of ``rows`` (one executemany)."""
        sql, positional, params = self._for(connection)
        batch = [self._values(positional, params, row) for row in rows]
        if batch:
            _execute(connection, sql, batch, many=True).close()


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

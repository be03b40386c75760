"""A real fault for transaction tests: the database itself refusing writes to a table (a trigger
that raises), on SQLite and on PostgreSQL."""

from __future__ import annotations

from sqlalchemy import text

from lobby.store import Store


def refuse(store: Store, table: str, event: str = "INSERT") -> None:
    """Make the database itself refuse every ``event`` on ``table`` (a trigger that raises)."""
    with store.engine.begin() as connection:
        if store.engine.dialect.name == "sqlite":
            connection.execute(
                text(
                    f"CREATE TRIGGER refuse_{table} BEFORE {event} ON {table}"
                    " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
                )
            )
        else:
            connection.execute(
                text(
                    f"CREATE FUNCTION refuse_{table}() RETURNS trigger LANGUAGE plpgsql AS"
                    " $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$"
                )
            )
            connection.execute(
                text(
                    f"CREATE TRIGGER refuse_{table} BEFORE {event} ON {table}"
                    f" FOR EACH ROW EXECUTE FUNCTION refuse_{table}()"
                )
            )


def allow(store: Store, table: str) -> None:
    """Remove the trigger ``refuse`` made."""
    with store.engine.begin() as connection:
        if store.engine.dialect.name == "sqlite":
            connection.execute(text(f"DROP TRIGGER refuse_{table}"))
        else:
            connection.execute(text(f"DROP TRIGGER refuse_{table} ON {table}"))
            connection.execute(text(f"DROP FUNCTION refuse_{table}()"))

"""Alembic environment: migrates the engine handed over by lobby.store.db.upgrade().

Every pending migration runs in ONE transaction, so a process killed mid-way leaves the schema
as it was (lobby.store.db makes SQLite's DDL transactional for this).
"""

from alembic import context
from sqlalchemy import text

from lobby.store.models import Base

engine = context.config.attributes["engine"]

with engine.begin() as connection:
    if connection.dialect.name == "postgresql":
        # Two services starting together on one server migrate one after the other.
        connection.execute(text("SELECT pg_advisory_xact_lock(5105001)"))
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()

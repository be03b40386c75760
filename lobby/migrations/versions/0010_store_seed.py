"""Store seed: a store being created is marked so that the first entry point to open it fills in
the plan's sign messages and the sample public information (lobby/store/seed.py), once. A store
that already holds anything is left unmarked: an upgrade adds nothing to an office's data.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

SEED_KEY = "seed_defaults"
PENDING = "pending"
# Tables that say nothing about an office's data.
_BOOKKEEPING = {"alembic_version", "meta"}

_meta = sa.table("meta", sa.column("key", sa.String(64)), sa.column("value", sa.Text()))


def _holds_data(bind) -> bool:
    for name in sa.inspect(bind).get_table_names():
        if name in _BOOKKEEPING:
            continue
        table = sa.table(name)
        if bind.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first():
            return True
    return False


def upgrade() -> None:
    """Mark the store for seeding when it holds no data yet (it is being created)."""
    bind = op.get_bind()
    marked = bind.execute(sa.select(_meta.c.value).where(_meta.c.key == SEED_KEY)).first()
    if marked is None and not _holds_data(bind):
        op.execute(_meta.insert().values(key=SEED_KEY, value=PENDING))


def downgrade() -> None:
    """Nothing to undo: older versions ignore the marker, and it says whether seeding was done."""

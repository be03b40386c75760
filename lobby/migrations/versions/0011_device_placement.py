"""Devices: a kiosk may be tied to a counter or a unit, whose officials it then shows.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add devices.counter_id and devices.unit_id (both optional)."""
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("counter_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_devices_counter_id", "counters", ["counter_id"], ["id"])
        batch.create_foreign_key("fk_devices_unit_id", "units", ["unit_id"], ["id"])


def downgrade() -> None:
    """Drop devices.counter_id and devices.unit_id."""
    with op.batch_alter_table("devices") as batch:
        batch.drop_constraint("fk_devices_unit_id", type_="foreignkey")
        batch.drop_constraint("fk_devices_counter_id", type_="foreignkey")
        batch.drop_column("unit_id")
        batch.drop_column("counter_id")

"""Devices: names and places of signs, and per-device API tokens (stored hashed).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the sign_labels and device_tokens tables."""
    op.create_table(
        "sign_labels",
        sa.Column("sign_id", sa.String(300), primary_key=True),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("place", sa.String(200), nullable=True),
    )
    op.create_table(
        "device_tokens",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("device_kind", sa.String(10), nullable=False),
        sa.Column("device_id", sa.String(300), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_by", sa.String(64), nullable=True),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_device_tokens_device", "device_tokens", ["device_kind", "device_id"])


def downgrade() -> None:
    """Drop the device_tokens and sign_labels tables."""
    op.drop_index("ix_device_tokens_device", table_name="device_tokens")
    op.drop_table("device_tokens")
    op.drop_table("sign_labels")

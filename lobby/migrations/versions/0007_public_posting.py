"""Public posting: procedures' time limit and fee, and the forms attached to public items.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add public_items.time_limit and .fee, and the public_attachments table."""
    op.add_column("public_items", sa.Column("time_limit", sa.String(300), nullable=True))
    op.add_column("public_items", sa.Column("fee", sa.String(300), nullable=True))
    op.create_table(
        "public_attachments",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "item_id",
            sa.Integer(),
            sa.ForeignKey("public_items.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("mime", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_public_attachments_item_id", "public_attachments", ["item_id"])


def downgrade() -> None:
    """Drop the attachments and the procedure columns."""
    op.drop_table("public_attachments")
    with op.batch_alter_table("public_items") as batch:
        batch.drop_column("fee")
        batch.drop_column("time_limit")

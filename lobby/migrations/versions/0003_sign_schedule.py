"""Sign: per-message schedule and style, urgent notices, status per sign.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Placeholder until the sign schedule lands (filled in by the sign work)."""


def downgrade() -> None:
    """Nothing to undo yet."""

"""Reserved: the watchlist's actions and the follow-up cases.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing yet."""


def downgrade() -> None:
    """Nothing yet."""

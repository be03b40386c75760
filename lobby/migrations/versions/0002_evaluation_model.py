"""Evaluation model: units, counters, officials, devices, survey versions, visits and answers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Placeholder until the evaluation model lands (filled in by the store work)."""


def downgrade() -> None:
    """Nothing to undo yet."""

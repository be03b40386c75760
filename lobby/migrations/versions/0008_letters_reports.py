"""Letters: letter templates (versioned) and letters (draft, approved, issued with number and DOCX).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create letter_templates and letters."""
    op.create_table(
        "letter_templates",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("summary", sa.String(300), nullable=False),
        sa.Column("greeting", sa.String(300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.UniqueConstraint("kind", "version"),
    )
    op.create_table(
        "letters",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column(
            "template_id", sa.Integer(), sa.ForeignKey("letter_templates.id"), nullable=False
        ),
        sa.Column("fields_json", sa.Text(), nullable=False),
        sa.Column("citizen", sa.String(200), nullable=False),
        sa.Column("dossier_code", sa.String(100), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("visit_id", sa.String(36), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("approved_at", sa.DateTime(), nullable=True),
        sa.Column("approved_by", sa.String(64), nullable=True),
        sa.Column("issued_at", sa.DateTime(), nullable=True),
        sa.Column("issued_by", sa.String(64), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("number_text", sa.String(60), nullable=True),
        sa.Column("docx", sa.LargeBinary(), nullable=True),
        sa.UniqueConstraint("kind", "year", "number"),
    )
    op.create_index("ix_letters_status", "letters", ["status"])
    op.create_index("ix_letters_case_id", "letters", ["case_id"])
    op.create_index("ix_letters_visit_id", "letters", ["visit_id"])


def downgrade() -> None:
    """Drop letters and letter_templates."""
    op.drop_table("letters")
    op.drop_table("letter_templates")

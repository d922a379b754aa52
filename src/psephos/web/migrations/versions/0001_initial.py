"""Initial schema: secrets, organisers, volunteers, scenarios, declarations.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create every table."""
    op.create_table(
        "app_secrets",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )
    op.create_table(
        "organisers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(40), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "volunteers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("election_id", sa.String(40), nullable=False),
        sa.Column("home_seat", sa.String(9), nullable=True),
        sa.Column("target_seat", sa.String(9), nullable=False),
        sa.Column("hours_per_week", sa.Integer, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "scenarios",
        sa.Column("slug", sa.String(32), primary_key=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "declarations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("election_id", sa.String(40), nullable=False),
        sa.Column("seat_code", sa.String(9), nullable=False),
        sa.Column("votes", sa.JSON, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("organiser_id", sa.Integer, sa.ForeignKey("organisers.id"), nullable=True),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("election_id", "seat_code", name="uq_declaration_seat"),
    )
    op.create_table(
        "declaration_revisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("declaration_id", sa.Integer, sa.ForeignKey("declarations.id"), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("votes", sa.JSON, nullable=False),
        sa.Column("organiser_id", sa.Integer, sa.ForeignKey("organisers.id"), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("declaration_id", "revision", name="uq_declaration_revision"),
    )
    op.create_index("ix_volunteers_target_seat", "volunteers", ["target_seat"])


def downgrade() -> None:
    """Drop every table."""
    op.drop_index("ix_volunteers_target_seat", table_name="volunteers")
    for table in (
        "declaration_revisions",
        "declarations",
        "scenarios",
        "volunteers",
        "organisers",
        "app_secrets",
    ):
        op.drop_table(table)

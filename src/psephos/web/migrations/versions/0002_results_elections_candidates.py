"""Results night: elections created by organisers; candidate-level declarations.

Every election id already used by a declaration becomes a results election, so a database from
before this revision keeps its nights.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``results_elections`` and the candidate and electorate columns."""
    elections = op.create_table(
        "results_elections",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("boundary_set", sa.String(20), nullable=False),
        sa.Column("base_election", sa.String(40), nullable=False),
        sa.Column("organiser_id", sa.Integer, sa.ForeignKey("organisers.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    for table in ("declarations", "declaration_revisions"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("candidates", sa.JSON, nullable=True))
            batch.add_column(sa.Column("electorate", sa.Integer, nullable=True))
    connection = op.get_bind()
    existing = connection.execute(sa.text("SELECT DISTINCT election_id FROM declarations"))
    rows = [
        {
            "id": str(election_id),
            "name": str(election_id),
            "boundary_set": "2024",
            "base_election": "2024",
            "organiser_id": None,
            "created_at": datetime.now(UTC),
        }
        for (election_id,) in existing
    ]
    if rows:
        op.bulk_insert(elections, rows)


def downgrade() -> None:
    """Drop them again."""
    for table in ("declaration_revisions", "declarations"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("electorate")
            batch.drop_column("candidates")
    op.drop_table("results_elections")

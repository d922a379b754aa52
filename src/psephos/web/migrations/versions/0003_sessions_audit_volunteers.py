"""Security: server-side organiser sessions, the login audit, shared rate-limit windows;
volunteers tied to a campaign, one row per campaign and e-mail address.

Existing volunteers join the ``default`` campaign; duplicates (same e-mail, any case) are
merged into the newest row.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the tables and the volunteer columns, merging duplicate volunteers."""
    op.create_table(
        "organiser_sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("organiser_id", sa.Integer, sa.ForeignKey("organisers.id"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_organiser_sessions_organiser", "organiser_sessions", ["organiser_id"])
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(40), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("success", sa.Boolean, nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_login_attempts_client_at", "login_attempts", ["client", "attempted_at"])
    op.create_table(
        "rate_windows",
        sa.Column("key", sa.String(120), primary_key=True),
        sa.Column("window", sa.Integer, primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("updated", sa.Float, nullable=False),
    )
    with op.batch_alter_table("volunteers") as batch:
        batch.add_column(
            sa.Column("campaign", sa.String(60), nullable=False, server_default="default")
        )
        batch.add_column(sa.Column("email_key", sa.String(254), nullable=False, server_default=""))
    connection = op.get_bind()
    connection.execute(sa.text("UPDATE volunteers SET email_key = LOWER(email)"))
    connection.execute(
        sa.text(
            "DELETE FROM volunteers WHERE id NOT IN "
            "(SELECT MAX(id) FROM volunteers GROUP BY campaign, email_key)"
        )
    )
    with op.batch_alter_table("volunteers") as batch:
        batch.alter_column("campaign", server_default=None)
        batch.alter_column("email_key", server_default=None)
        batch.create_unique_constraint("uq_volunteer_campaign_email", ["campaign", "email_key"])


def downgrade() -> None:
    """Drop them again."""
    with op.batch_alter_table("volunteers") as batch:
        batch.drop_constraint("uq_volunteer_campaign_email", type_="unique")
        batch.drop_column("email_key")
        batch.drop_column("campaign")
    op.drop_table("rate_windows")
    op.drop_index("ix_login_attempts_client_at", table_name="login_attempts")
    op.drop_table("login_attempts")
    op.drop_index("ix_organiser_sessions_organiser", table_name="organiser_sessions")
    op.drop_table("organiser_sessions")

"""SQLAlchemy 2 models of what the web app stores.

The schema itself is created and changed only by the Alembic migrations in
``psephos/web/migrations``; these classes must match them (a test checks).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    """Timezone-aware now (UTC)."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base of the web app's tables."""


class AppSecret(Base):
    """Key/value secrets generated once (the session signing key)."""

    __tablename__ = "app_secrets"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class Organiser(Base):
    """An organiser account: may see volunteers and post declarations."""

    __tablename__ = "organisers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(40), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OrganiserSession(Base):
    """A logged-in organiser's session, held on the server: the cookie carries only a random
    id (stored here as its SHA-256), so logging out or changing the password ends it."""

    __tablename__ = "organiser_sessions"
    __table_args__ = (Index("ix_organiser_sessions_organiser", "organiser_id"),)

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("organisers.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class LoginAttempt(Base):
    """The login audit: every attempt, successful or not (no passwords)."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_client_at", "client", "attempted_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(40))
    client: Mapped[str] = mapped_column(String(64))
    success: Mapped[bool] = mapped_column(Boolean)
    attempted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RateWindow(Base):
    """Requests per client and time window, shared by every worker (rate limiting)."""

    __tablename__ = "rate_windows"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    window: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[float] = mapped_column(Float, default=0.0)


class Volunteer(Base):
    """A volunteer's sign-up to help a campaign in a seat (personal data: organisers only).

    One row per campaign and e-mail address (lower case): signing up again updates it."""

    __tablename__ = "volunteers"
    __table_args__ = (
        Index("ix_volunteers_target_seat", "target_seat"),
        UniqueConstraint("campaign", "email_key", name="uq_volunteer_campaign_email"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign: Mapped[str] = mapped_column(String(60), default="default")
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(254))
    email_key: Mapped[str] = mapped_column(String(254))
    election_id: Mapped[str] = mapped_column(String(40))
    home_seat: Mapped[str | None] = mapped_column(String(9), nullable=True)
    target_seat: Mapped[str] = mapped_column(String(9))
    hours_per_week: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Scenario(Base):
    """A saved scenario, shared by its random slug."""

    __tablename__ = "scenarios"

    slug: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ResultsElection(Base):
    """An election whose results night organisers run: declarations need one to exist."""

    __tablename__ = "results_elections"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    boundary_set: Mapped[str] = mapped_column(String(20))
    base_election: Mapped[str] = mapped_column(String(40))
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("organisers.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Declaration(Base):
    """The current declared result of one seat at one election (one row per seat)."""

    __tablename__ = "declarations"
    __table_args__ = (UniqueConstraint("election_id", "seat_code", name="uq_declaration_seat"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    election_id: Mapped[str] = mapped_column(String(40))
    seat_code: Mapped[str] = mapped_column(String(9))
    votes: Mapped[dict[str, int]] = mapped_column(JSON)
    candidates: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)
    electorate: Mapped[int | None] = mapped_column(Integer, nullable=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("organisers.id"), nullable=True)
    declared_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DeclarationRevision(Base):
    """Every distinct version of a declaration (the first and each correction)."""

    __tablename__ = "declaration_revisions"
    __table_args__ = (
        UniqueConstraint("declaration_id", "revision", name="uq_declaration_revision"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id"))
    revision: Mapped[int] = mapped_column(Integer)
    votes: Mapped[dict[str, int]] = mapped_column(JSON)
    candidates: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)
    electorate: Mapped[int | None] = mapped_column(Integer, nullable=True)
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("organisers.id"), nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

"""Reading and writing the web app's records. Queries are built with SQLAlchemy expressions
only (bound parameters; never string formatting)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from psephos.web.models import (
    Declaration,
    DeclarationRevision,
    Organiser,
    ResultsElection,
    Scenario,
    Volunteer,
    utcnow,
)
from psephos.web.schemas import DeclarationIn, ResultsElectionIn, ScenarioIn, VolunteerFields
from psephos.web.security import hash_password, verify_password


def create_organiser(session: Session, username: str, password_hash: str) -> Organiser:
    """Add an organiser account (the password already hashed)."""
    organiser = Organiser(username=username, password_hash=password_hash)
    session.add(organiser)
    session.flush()
    return organiser


def set_organiser(session: Session, username: str, password: str) -> tuple[Organiser, bool]:
    """Create the organiser, or reset their password; returns (organiser, created)."""
    existing = session.execute(
        select(Organiser).where(Organiser.username == username)
    ).scalar_one_or_none()
    if existing is not None:
        existing.password_hash = hash_password(password)
        return existing, False
    return create_organiser(session, username, hash_password(password)), True


def authenticate(session: Session, username: str, password: str) -> Organiser | None:
    """The organiser with these credentials, or ``None`` (same work either way)."""
    organiser = session.execute(
        select(Organiser).where(Organiser.username == username)
    ).scalar_one_or_none()
    ok = verify_password(organiser.password_hash if organiser else None, password)
    return organiser if ok and organiser is not None else None


def organiser_by_id(session: Session, organiser_id: Any) -> Organiser | None:
    """An organiser by id (``None`` for anything that is not a known id)."""
    if not isinstance(organiser_id, int):
        return None
    return session.get(Organiser, organiser_id)


def add_volunteer(session: Session, fields: VolunteerFields) -> Volunteer:
    """Store a volunteer's sign-up."""
    volunteer = Volunteer(
        name=fields.name,
        email=fields.email,
        election_id=fields.election,
        home_seat=fields.home_seat,
        target_seat=fields.target_seat,
        hours_per_week=fields.hours_per_week,
        note=fields.note,
    )
    session.add(volunteer)
    session.flush()
    return volunteer


def list_volunteers(session: Session, target_seat: str | None = None) -> list[Volunteer]:
    """Every volunteer (optionally for one seat), newest first."""
    query = select(Volunteer).order_by(Volunteer.created_at.desc(), Volunteer.id.desc())
    if target_seat:
        query = query.where(Volunteer.target_seat == target_seat)
    return list(session.execute(query).scalars())


def volunteer_counts(session: Session) -> dict[str, int]:
    """Number of volunteers per target seat (no personal data)."""
    rows = session.execute(
        select(Volunteer.target_seat, func.count()).group_by(Volunteer.target_seat)
    )
    return {str(seat): int(count) for seat, count in rows}


def save_scenario(session: Session, scenario: ScenarioIn) -> Scenario:
    """Store a scenario under a new random slug (128 bits of randomness is not guessable)."""
    row = Scenario(
        slug=secrets.token_urlsafe(16)[:22],
        kind=scenario.kind,
        title=scenario.title,
        payload=scenario.payload,
    )
    session.add(row)
    session.flush()
    return row


def get_scenario(session: Session, slug: str) -> Scenario | None:
    """A saved scenario by slug."""
    return session.get(Scenario, slug)


def create_results_election(
    session: Session,
    election: ResultsElectionIn,
    boundary_set: str,
    base_election: str,
    organiser_id: int | None,
) -> tuple[ResultsElection, bool]:
    """Open a results night (idempotent by id); returns (election, created)."""
    existing = session.get(ResultsElection, election.id)
    if existing is not None:
        return existing, False
    row = ResultsElection(
        id=election.id,
        name=election.name,
        boundary_set=boundary_set,
        base_election=base_election,
        organiser_id=organiser_id,
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:  # a concurrent request opened it first
        again = session.get(ResultsElection, election.id)
        if again is None:
            raise
        return again, False
    return row, True


def results_election(session: Session, election_id: str) -> ResultsElection | None:
    """A results night by id, or ``None`` when no organiser has opened it."""
    return session.get(ResultsElection, election_id)


def list_results_elections(session: Session) -> list[ResultsElection]:
    """Every results night, newest first."""
    query = select(ResultsElection).order_by(ResultsElection.created_at.desc(), ResultsElection.id)
    return list(session.execute(query).scalars())


def declaration_stamp(session: Session, election: str) -> tuple[int, int]:
    """(declarations, revisions) of an election: changes whenever anything is declared."""
    count = session.execute(
        select(func.count(), func.coalesce(func.sum(Declaration.revision), 0)).where(
            Declaration.election_id == election
        )
    ).one()
    return int(count[0]), int(count[1])


def declaration_for(session: Session, election: str, seat: str) -> Declaration | None:
    """One seat's current declaration."""
    return session.execute(
        select(Declaration).where(
            Declaration.election_id == election, Declaration.seat_code == seat
        )
    ).scalar_one_or_none()


DeclarationStatus = Literal["created", "unchanged", "corrected"]


@dataclass(frozen=True, slots=True)
class DeclarationOutcome:
    """What posting a declaration did."""

    status: DeclarationStatus
    election: str
    seat: str
    revision: int
    votes: dict[str, int]


def record_declaration(
    session: Session, declaration: DeclarationIn, organiser_id: int | None
) -> DeclarationOutcome:
    """Record a declared result, idempotent by (election, seat).

    The first post creates the seat's declaration (revision 1); an identical repeat changes
    nothing; different votes are a correction (revision + 1, the old version kept in
    ``declaration_revisions``). The caller commits; the row is locked while deciding
    (``SELECT ... FOR UPDATE`` where the database supports it).
    """
    votes = declaration.party_votes()
    candidates = declaration.candidate_rows()
    electorate = declaration.electorate
    for attempt in range(2):
        existing = session.execute(
            select(Declaration)
            .where(
                Declaration.election_id == declaration.election,
                Declaration.seat_code == declaration.seat,
            )
            .with_for_update()
        ).scalar_one_or_none()
        if existing is None:
            try:
                with session.begin_nested():
                    row = Declaration(
                        election_id=declaration.election,
                        seat_code=declaration.seat,
                        votes=votes,
                        candidates=candidates,
                        electorate=electorate,
                        revision=1,
                        organiser_id=organiser_id,
                    )
                    session.add(row)
                    session.flush()
                    session.add(
                        DeclarationRevision(
                            declaration_id=row.id,
                            revision=1,
                            votes=votes,
                            candidates=candidates,
                            electorate=electorate,
                            organiser_id=organiser_id,
                        )
                    )
                    session.flush()
            except IntegrityError:
                if attempt:
                    raise
                continue  # a concurrent post created it first: treat ours as a repeat
            return DeclarationOutcome("created", row.election_id, row.seat_code, 1, votes)
        same_candidates = (existing.candidates or None) in (None, candidates)
        if dict(existing.votes) == votes and same_candidates and existing.electorate == electorate:
            return DeclarationOutcome(
                "unchanged", existing.election_id, existing.seat_code, existing.revision, votes
            )
        existing.revision += 1
        existing.votes = votes
        existing.candidates = candidates
        existing.electorate = electorate
        existing.updated_at = utcnow()
        existing.organiser_id = organiser_id
        session.add(
            DeclarationRevision(
                declaration_id=existing.id,
                revision=existing.revision,
                votes=votes,
                candidates=candidates,
                electorate=electorate,
                organiser_id=organiser_id,
            )
        )
        session.flush()
        return DeclarationOutcome(
            "corrected", existing.election_id, existing.seat_code, existing.revision, votes
        )
    raise RuntimeError("unreachable")  # pragma: no cover


def list_declarations(session: Session, election: str) -> list[Declaration]:
    """Current declarations of an election, in order of first declaration."""
    query = (
        select(Declaration)
        .where(Declaration.election_id == election)
        .order_by(Declaration.declared_at, Declaration.id)
    )
    return list(session.execute(query).scalars())


def declaration_revisions(session: Session, election: str) -> list[DeclarationRevision]:
    """Every revision of every declaration of an election (for audit and the nowcast)."""
    query = (
        select(DeclarationRevision)
        .join(Declaration, Declaration.id == DeclarationRevision.declaration_id)
        .where(Declaration.election_id == election)
        .order_by(DeclarationRevision.recorded_at, DeclarationRevision.id)
    )
    return list(session.execute(query).scalars())

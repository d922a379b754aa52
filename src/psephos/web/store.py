"""Reading and writing the web app's records. Queries are built with SQLAlchemy expressions
only (bound parameters; never string formatting)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from psephos.web.models import (
    Declaration,
    DeclarationRevision,
    LoginAttempt,
    Organiser,
    OrganiserSession,
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
        revoke_sessions(session, existing.id)  # a new password ends every old session
        return existing, False
    return create_organiser(session, username, hash_password(password)), True


def authenticate(session: Session, username: str, password: str) -> Organiser | None:
    """The organiser with these credentials, or ``None`` (same work either way)."""
    organiser = session.execute(
        select(Organiser).where(Organiser.username == username)
    ).scalar_one_or_none()
    ok = verify_password(organiser.password_hash if organiser else None, password)
    return organiser if ok and organiser is not None else None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, organiser_id: int, max_age_seconds: int) -> str:
    """A new server-side session; returns the random token the cookie carries."""
    token = secrets.token_urlsafe(32)
    session.add(
        OrganiserSession(
            id_hash=_token_hash(token),
            organiser_id=organiser_id,
            expires_at=utcnow() + timedelta(seconds=max_age_seconds),
        )
    )
    session.flush()
    return token


def session_organiser(session: Session, token: Any) -> Organiser | None:
    """The organiser of a live session (not revoked, not expired), else ``None``."""
    if not isinstance(token, str) or not token:
        return None
    row = session.get(OrganiserSession, _token_hash(token))
    if row is None or row.revoked_at is not None:
        return None
    expires = (
        row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=utcnow().tzinfo)
    )
    if expires <= utcnow():
        return None
    return session.get(Organiser, row.organiser_id)


def end_session(session: Session, token: Any) -> None:
    """Revoke one session (logout)."""
    if isinstance(token, str) and token:
        session.execute(
            update(OrganiserSession)
            .where(OrganiserSession.id_hash == _token_hash(token))
            .values(revoked_at=utcnow())
        )


def revoke_sessions(session: Session, organiser_id: int) -> None:
    """Revoke every session of an organiser (password change)."""
    session.execute(
        update(OrganiserSession)
        .where(OrganiserSession.organiser_id == organiser_id, OrganiserSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def record_login(session: Session, username: str, client: str, success: bool) -> None:
    """Add a line to the login audit."""
    session.add(LoginAttempt(username=username[:40], client=client[:64], success=success))


def recent_login_attempts(session: Session, client: str, seconds: float = 60.0) -> int:
    """Login attempts from ``client`` in the last ``seconds`` (every worker's)."""
    since: datetime = utcnow() - timedelta(seconds=seconds)
    return int(
        session.execute(
            select(func.count()).where(
                LoginAttempt.client == client[:64], LoginAttempt.attempted_at >= since
            )
        ).scalar_one()
    )


def login_audit(session: Session, limit: int = 200) -> list[LoginAttempt]:
    """The latest login attempts, newest first."""
    query = select(LoginAttempt).order_by(LoginAttempt.id.desc()).limit(limit)
    return list(session.execute(query).scalars())


def organiser_by_id(session: Session, organiser_id: Any) -> Organiser | None:
    """An organiser by id (``None`` for anything that is not a known id)."""
    if not isinstance(organiser_id, int):
        return None
    return session.get(Organiser, organiser_id)


def add_volunteer(session: Session, fields: VolunteerFields) -> tuple[Volunteer, bool]:
    """Store a volunteer's sign-up; the same e-mail (any case) in the same campaign updates
    the existing row instead of adding a duplicate. Returns (volunteer, created)."""
    email_key = fields.email.strip().lower()
    values = {
        "name": fields.name,
        "email": fields.email,
        "election_id": fields.election,
        "home_seat": fields.home_seat,
        "target_seat": fields.target_seat,
        "hours_per_week": fields.hours_per_week,
        "note": fields.note,
    }
    for attempt in range(2):
        existing = session.execute(
            select(Volunteer)
            .where(Volunteer.campaign == fields.campaign, Volunteer.email_key == email_key)
            .with_for_update()
        ).scalar_one_or_none()
        if existing is not None:
            for key, value in values.items():
                setattr(existing, key, value)
            session.flush()
            return existing, False
        try:
            with session.begin_nested():
                volunteer = Volunteer(campaign=fields.campaign, email_key=email_key, **values)
                session.add(volunteer)
                session.flush()
            return volunteer, True
        except IntegrityError:
            if attempt:
                raise
    raise RuntimeError("unreachable")  # pragma: no cover


def list_volunteers(
    session: Session, target_seat: str | None = None, campaign: str | None = None
) -> list[Volunteer]:
    """Every volunteer (optionally for one seat or campaign), newest first."""
    query = select(Volunteer).order_by(Volunteer.created_at.desc(), Volunteer.id.desc())
    if target_seat:
        query = query.where(Volunteer.target_seat == target_seat)
    if campaign:
        query = query.where(Volunteer.campaign == campaign)
    return list(session.execute(query).scalars())


def get_volunteer(session: Session, volunteer_id: int) -> Volunteer | None:
    """One volunteer by id."""
    return session.get(Volunteer, volunteer_id)


def erase_volunteer(session: Session, volunteer_id: int) -> bool:
    """Delete a volunteer's personal data for good; False when there is no such volunteer."""
    row = session.get(Volunteer, volunteer_id)
    if row is None:
        return False
    session.execute(delete(Volunteer).where(Volunteer.id == volunteer_id))
    return True


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
    """One seat's current declaration (``None`` before it declares, or once withdrawn)."""
    row = session.execute(
        select(Declaration).where(
            Declaration.election_id == election, Declaration.seat_code == seat
        )
    ).scalar_one_or_none()
    return row if row is not None and row.votes else None


DeclarationStatus = Literal["created", "unchanged", "corrected", "withdrawn"]


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
    ``declaration_revisions``); a post for a withdrawn seat (:func:`withdraw_declaration`)
    declares it anew (``created``, the next revision, declared now). The caller commits; the
    row is locked while deciding (``SELECT ... FOR UPDATE`` where the database supports it).
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
        status: DeclarationStatus = "corrected" if existing.votes else "created"
        if not existing.votes:  # withdrawn: declared anew, now
            existing.declared_at = utcnow()
        _next_revision(session, existing, votes, candidates, electorate, organiser_id)
        return DeclarationOutcome(
            status, existing.election_id, existing.seat_code, existing.revision, votes
        )
    raise RuntimeError("unreachable")  # pragma: no cover


def withdraw_declaration(
    session: Session, election: str, seat: str, organiser_id: int | None
) -> DeclarationOutcome | None:
    """Withdraw a seat's declaration (one entered under the wrong seat): the seat is no longer
    declared, and the withdrawal is its next revision, with no votes, kept in
    ``declaration_revisions`` beside the versions before it; ``None`` where the seat has no
    declaration to withdraw. The caller commits."""
    existing = session.execute(
        select(Declaration)
        .where(Declaration.election_id == election, Declaration.seat_code == seat)
        .with_for_update()
    ).scalar_one_or_none()
    if existing is None or not existing.votes:
        return None
    _next_revision(session, existing, {}, None, None, organiser_id)
    return DeclarationOutcome("withdrawn", election, seat, existing.revision, {})


def _next_revision(
    session: Session,
    existing: Declaration,
    votes: dict[str, int],
    candidates: list[dict[str, Any]] | None,
    electorate: int | None,
    organiser_id: int | None,
) -> None:
    """Make ``votes`` (with its candidates and electorate) the seat's next revision, the one
    before kept in ``declaration_revisions``: a correction, a seat declared anew, or a
    withdrawal (no votes)."""
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


def list_declarations(session: Session, election: str) -> list[Declaration]:
    """Current declarations of an election, in order of first declaration (a withdrawn one
    left out: :func:`withdraw_declaration`)."""
    query = (
        select(Declaration)
        .where(Declaration.election_id == election)
        .order_by(Declaration.declared_at, Declaration.id)
    )
    return [row for row in session.execute(query).scalars() if row.votes]


def declaration_revisions(session: Session, election: str) -> list[DeclarationRevision]:
    """Every revision of every declaration of an election (for audit and the nowcast)."""
    query = (
        select(DeclarationRevision)
        .join(Declaration, Declaration.id == DeclarationRevision.declaration_id)
        .where(Declaration.election_id == election)
        .order_by(DeclarationRevision.recorded_at, DeclarationRevision.id)
    )
    return list(session.execute(query).scalars())

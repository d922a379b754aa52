"""Results night: organisers open an election and post candidate-level declarations
(idempotent by election and seat; a changed result is a correction); everyone sees the map fill
in live (server-sent events), running totals, the projection with its range, gains and holds,
and each seat's declaration."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from typing import Annotated, Any, Literal

from fastapi import (
    APIRouter,
    Depends,
    File,
    Form,
    HTTPException,
    Path,
    Query,
    Request,
    UploadFile,
)
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from fastapi.routing import APIRoute
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from psephos import jurisdictions
from psephos.errors import (
    DataFormatError,
    PsephosError,
    UnknownConstituencyError,
    UnknownPartyError,
)
from psephos.forecast.nowcast import replay_nights
from psephos.io.export import csv_text
from psephos.io.rows import read_seat
from psephos.model import party_in
from psephos.numbers import counted, listed
from psephos.results import seat_result_rows
from psephos.results.night import (
    DECLARED_COLUMNS,
    TOO_EARLY_SEATS,
    SeatDeclaration,
    declaration_from_rows,
    declared_election,
    declared_table,
)
from psephos.web import services, store
from psephos.web.context import (
    NavItem,
    OrganiserId,
    check_csrf,
    check_csrf_header,
    csv_response,
    database_of,
    file_notes,
    form_file,
    refusal,
    refusal_status,
    render,
    settings_of,
)
from psephos.web.models import ResultsElection
from psephos.web.schemas import (
    ELECTION_ID_PATTERN,
    PARTY_NAME_PATTERN,
    PLACE_PATTERN,
    SEAT_CODE_PATTERN,
    TABLE_RESPONSES,
    DeclarationBatch,
    DeclarationForm,
    DeclarationIn,
    FormatQuery,
    ResultsElectionForm,
    ResultsElectionIn,
    SheetName,
    TableFormat,
    declaration_problems,
    declarations_from_csv,
    form_refusal,
    seat_named,
)

#: What the replay form's upload is called in its messages.
REPLAY_FILE = "results file"
#: The session key keeping the notes of a declaration or replay for the page it redirects to.
NOTES_KEY = "declare_notes"
#: Most notes kept for that page (the session is a cookie).
MAX_CARRIED_NOTES = 5


def _strict_json(body: bytes) -> Any:
    """Parse a JSON body refusing duplicate keys and NaN/Infinity (422 naming the key)."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in items:
            if key in seen:
                raise HTTPException(
                    status_code=422, detail=f"Duplicate key {key!r} in the JSON body."
                )
            seen[key] = value
        return seen

    def constant(name: str) -> Any:
        raise HTTPException(status_code=422, detail=f"{name} is not allowed in the JSON body.")

    return json.loads(body, object_pairs_hook=pairs, parse_constant=constant)


class StrictJSONRequest(Request):
    """A request whose JSON body refuses duplicate keys and non-finite numbers."""

    async def json(self) -> Any:
        """The parsed body (cached like Starlette's)."""
        if not hasattr(self, "_json"):
            self._json = _strict_json(await self.body())
        return self._json


class StrictJSONRoute(APIRoute):
    """Routes whose JSON bodies are parsed strictly (declarations are money-grade data)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Wrap the request before FastAPI reads the body."""
        handler = super().get_route_handler()

        async def strict(request: Request) -> Response:
            return await handler(StrictJSONRequest(request.scope, request.receive))

        return strict


router = APIRouter(route_class=StrictJSONRoute)
NAV = (NavItem("Results night", "/results-night", order=60, voter=True),)

ElectionQuery = Annotated[str | None, Query(pattern=ELECTION_ID_PATTERN)]
PartyFilter = Annotated[
    str | None,
    Query(max_length=40, pattern=PARTY_NAME_PATTERN, description="A party code or name"),
]
RegionFilter = Annotated[str | None, Query(max_length=60, pattern=PLACE_PATTERN)]


def not_open(election_id: str) -> str:
    """What the results night's page and its JSON twins say of a night that is not open."""
    return (
        f"No results night {election_id!r}: an organiser must open it first (POST "
        "/api/results-elections, or the form on /organisers/declare); the open nights are "
        "listed at /api/results-elections."
    )


def not_running(election_id: str | None) -> str:
    """What the results night's page tells anyone of a night that is not open (the organisers'
    instructions, :func:`not_open`, are for organisers): the night asked for by its id, else
    none at all."""
    if election_id:
        return f"No results night {election_id!r} is running."
    return "No results night is running yet: results appear here, seat by seat, once one opens."


def _latest_result(request: Request, asked: str | None = None) -> tuple[str, str, str] | None:
    """The id and name of the result a night would be compared with, for the page with no
    night to link, and the night to replay meanwhile (the replay page, ``psephos nowcast
    replay``): for a night asked for by a bundled election's id (``canada-2021``), its
    country's latest result and that night itself where it can be replayed
    (:func:`psephos.forecast.nowcast.replay_nights`), else its country's latest; otherwise
    the newest result on the site's boundaries (``results_night_boundaries``)."""
    try:
        country, key = jurisdictions.for_election_id(asked) if asked else (None, None)
    except PsephosError:  # a night of no bundled election: the site's own boundaries
        country = key = None
    try:
        if country is None:
            latest = services.base_election_for(settings_of(request).results_night_boundaries).id
        else:
            latest = country.latest_id
    except PsephosError:  # boundaries with no bundled election: nothing to link
        return None
    nights = replay_nights()
    replayable = [night for night in (key, latest) if night in nights]
    return latest, services.election_name(latest), replayable[0] if replayable else ""


def _night_id(request: Request, election: str | None) -> str:
    """The results night asked for, else the one the site is set to show
    (``results_night_election``) where it is open, else the newest open night (the
    declaration forms' rule, :func:`_declare_to`), so that the page and its JSON twin open on
    the same night; the site's night when none is open (the page says how to open one, the
    twin is 404). A night asked for by id is never swapped for another."""
    if election:
        return election
    configured = settings_of(request).results_night_election
    with database_of(request).session() as session:
        open_ids = [row.id for row in store.list_results_elections(session)]
    return _declare_to(None, configured, open_ids) or configured


def _open_election(session: Any, election_id: str) -> ResultsElection:
    row = store.results_election(session, election_id)
    if row is None:
        raise HTTPException(status_code=404, detail=not_open(election_id))
    return row


def _record(request: Request, declaration: DeclarationIn, organiser: int) -> dict[str, Any]:
    return _record_many(request, [declaration], organiser)[0]


def _check_electorate(base_id: str, declaration: DeclarationIn) -> None:
    """422 for more valid votes than electors (as declared, else at the base election): the
    nowcast's rule (:func:`psephos.forecast.nowcast.check_declared_votes`)."""
    from psephos.forecast.nowcast import check_declared_votes

    base = services.election(base_id)
    constituency = base.constituencies[base.seat_index(declaration.seat)]
    try:
        check_declared_votes(
            constituency.named,
            sum(declaration.party_votes().values()),
            declaration.electorate or constituency.electorate,
        )
    except DataFormatError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None


def _check_parties(base_id: str, declaration: DeclarationIn) -> None:
    """422 for a party that is not one of the night's base election's (a UK code on a Canadian
    night, a Canadian code on a UK night), naming the night's parties: a label was read among
    the base's parties (:meth:`~psephos.web.schemas.DeclarationIn.read_among`, as ``psephos
    nowcast feed`` reads a feed), a code stays as given, and the nowcast counts only the
    base's parties."""
    base = services.election(base_id)
    parties = base.parties
    foreign = [code for code in declaration.party_votes() if code not in parties]
    if foreign:
        names = ", ".join(repr(code) for code in foreign)
        raise HTTPException(
            status_code=422,
            detail=f"{seat_named(declaration.seat, base)}: {names} "
            f"{'is not a party' if len(foreign) == 1 else 'are not parties'} of this night (its "
            f"base election {base_id}); its parties are {', '.join(parties)}.",
        )


def _check_whole_correction(
    session: Any,
    base_id: str,
    declaration: DeclarationIn,
    earlier: tuple[DeclarationIn, str] | None = None,
) -> None:
    """422 for a seat declared again without every party of its stored declaration, or of
    the ``earlier`` declaration of the same seat in the batch (with where it is, which it
    replaces when the batch is recorded), as one candidate's recount sent as its one changed
    row would replace the whole seat and could hand it to that candidate: the rule ``psephos
    nowcast feed`` applies against its store and within a file
    (:func:`psephos.io.declarations.left_out_parties`, one refusal,
    :func:`~psephos.io.declarations.correction_refusal`)."""
    from psephos.io.declarations import STORED_DECLARATION, correction_refusal, left_out_parties

    if earlier is not None:
        before: dict[str, int] | None = earlier[0].party_votes()
        where = earlier[1]
    else:
        stored = store.declaration_for(session, declaration.election, declaration.seat)
        before, where = (None if stored is None else stored.votes), STORED_DECLARATION
    if before is None:
        return
    # every party named, a party given 0 among them
    given = dict.fromkeys(declaration.named_parties(services.election(base_id).parties), 0.0)
    missed = left_out_parties(before, given)
    if missed:
        seat = seat_named(declaration.seat, services.election(base_id))
        raise HTTPException(status_code=422, detail=str(correction_refusal(seat, missed, where)))


def _with_seat_code(
    night: ResultsElection, declaration: DeclarationIn, at: Sequence[str | int] = ()
) -> tuple[DeclarationIn, str]:
    """The declaration with its seat as the ONS code of the night's base, given by its code or
    its name (:func:`psephos.io.rows.read_seat`, as ``psephos nowcast feed`` reads a seat), its
    parties' labels read among the base's parties
    (:meth:`~psephos.web.schemas.DeclarationIn.read_among`: UKIP on a night after 2017 is
    Other), and the notes for a seat read from a part of its name and a party counted as
    Other (else ``""``). ``at``: where the declaration is in the request (a batch's).

    Raises:
        HTTPException: 422 for no such seat, naming the closest names; for a party label
            psephos does not know, in ``psephos nowcast feed``'s words naming the night's
            parties; or for a declaration the feed's rules refuse (two of its ``votes`` that
            are one party of the night, a party given two candidates, a tie without its lot),
            the schema's refusals as the API's problems (a form says them in one line).
    """
    base = services.election(night.base_election)
    try:
        position, note = read_seat(base, declaration.seat)
        seat = base.constituencies[position]
        # the night first, then its labels: "Green" is a Canadian night's GPC; UKIP after
        # 2017 Other, as the feed counts it
        read, apart = declaration.read_among(base.parties, base.id, seat.named)
    except UnknownConstituencyError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None
    except ValidationError as error:  # worded as the declaration's schema words a refusal
        raise HTTPException(
            status_code=422, detail=declaration_problems(error, at, seat.named)
        ) from None
    except ValueError as error:
        raise HTTPException(status_code=422, detail=f"{seat.named}: {error}") from None
    return read.model_copy(update={"seat": seat.code}), " ".join(filter(None, (note, apart)))


def _record_many(
    request: Request, declarations: list[DeclarationIn], organiser: int, *, batch: bool = False
) -> list[dict[str, Any]]:
    # One transaction, committed when the block ends, before any answer is sent.
    with database_of(request).session(write=True) as session:
        nights: dict[str, ResultsElection] = {}
        read: list[tuple[DeclarationIn, str]] = []
        # the batch's latest declaration of each night's seat so far, and where it is
        latest: dict[tuple[str, str], tuple[DeclarationIn, str]] = {}
        again: dict[int, str] = {}  # a declaration's place -> the earlier one's of its seat
        for number, given in enumerate(declarations):
            if given.election not in nights:  # the night first, then the labels
                nights[given.election] = _open_election(session, given.election)
            at = ("declarations", number) if batch else ()
            read.append(_with_seat_code(nights[given.election], given, at))
            declaration = read[-1][0]
            boundary_set = nights[declaration.election].boundary_set
            if declaration.seat not in services.seat_codes(boundary_set):
                base = services.election(nights[declaration.election].base_election)
                raise HTTPException(
                    status_code=422,
                    detail=f"{seat_named(declaration.seat, base)} is not a seat on the "
                    f"{boundary_set} boundaries.",
                )
            _check_parties(nights[declaration.election].base_election, declaration)
            _check_electorate(nights[declaration.election].base_election, declaration)
            key = (declaration.election, declaration.seat)
            _check_whole_correction(
                session, nights[declaration.election].base_election, declaration, latest.get(key)
            )
            if key in latest:
                again[number] = latest[key][1]
            latest[key] = (declaration, f"declarations.{number} of this batch")
        outcomes = [
            (
                outcome := store.record_declaration(session, declaration, organiser),
                _again_noted(
                    nights[declaration.election].base_election,
                    declaration,
                    _nation_noted(nights[declaration.election].base_election, declaration, note),
                    None if outcome.status != "corrected" else again.get(number),
                    number,
                ),
            )
            for number, (declaration, note) in enumerate(read)
        ]
    return [
        {
            "status": outcome.status,
            "election": outcome.election,
            "seat": outcome.seat,
            "revision": outcome.revision,
            "votes": outcome.votes,
            "note": note,  # a seat read from a part of its name, as the command notes it
        }
        for outcome, note in outcomes
    ]


def _again_noted(
    base_id: str, declaration: DeclarationIn, note: str, earlier: str | None, number: int
) -> str:
    """``note`` with the note on a seat the batch declares again with a changed result
    (``earlier``: where the batch declared it before; ``number``: this declaration's place),
    recorded as a correction, as ``psephos nowcast feed`` notes a seat its feed declares
    again (:func:`psephos.io.declarations.declared_again_note`)."""
    from psephos.io.declarations import declared_again_note

    if earlier is None:
        return note
    seat = seat_named(declaration.seat, services.election(base_id))
    where = f"declarations.{number}, after {earlier}"
    return " ".join(part for part in (note, declared_again_note(seat, where)) if part)


def _nation_noted(base_id: str, declaration: DeclarationIn, note: str) -> str:
    """``note`` with the note on a vote for a party that does not stand in the seat's nation
    (:func:`psephos.jurisdictions.not_standing_note`: the SNP in England, Labour in Northern
    Ireland), as ``psephos nowcast feed`` notes it."""
    base = services.election(base_id)
    position = base.seat_index(declaration.seat)
    elsewhere = jurisdictions.not_standing_note(base, position, declaration.party_votes())
    return " ".join(part for part in (note, elsewhere) if part)


def _check_same_night(row: ResultsElection, fields: ResultsElectionIn, base_id: str) -> None:
    """409 for a night opened again under its id with another base election (given) or
    another name: its changes are against the base it was opened with, which stays, so an
    operator who meant another base is told rather than shown changes against the old one."""
    given = {"base": base_id if fields.base else row.base_election, "name": fields.name}
    kept = {"base": row.base_election, "name": row.name}
    differ = [what for what in ("base", "name") if given[what] != kept[what]]
    if differ:
        said = listed(f"{what} {kept[what]!r}" for what in differ)
        asked = listed(f"{what} {given[what]!r}" for what in differ)
        raise HTTPException(
            status_code=409,
            detail=f"Results night {row.id!r} is already open, with {said}, not {asked}; "
            "declarations on it compare with its base as opened. Open the other night under "
            "a new id.",
        )


def _open(request: Request, fields: ResultsElectionIn, organiser: int) -> dict[str, Any]:
    settings = settings_of(request)
    if fields.base:
        base = services.election(fields.base)
        boundary_set = str(base.constituencies[0].boundary_set)
    else:
        boundary_set = settings.results_night_boundaries
        base = services.base_election_for(boundary_set)
    with database_of(request).session(write=True) as session:
        row, created = store.create_results_election(
            session, fields, boundary_set, base.id, organiser
        )
        if not created:
            _check_same_night(row, fields, base.id)
        return {
            "status": "created" if created else "exists",
            "id": row.id,
            "name": row.name,
            "boundary_set": row.boundary_set,
            "base_election": row.base_election,
        }


@router.post("/api/results-elections", summary="Open a results night (organisers only)")
def api_open_election(
    request: Request,
    fields: ResultsElectionIn,
    organiser: OrganiserId,
) -> dict[str, Any]:
    """Open a results night: declarations for an election id are refused until it exists.
    ``base`` is the bundled election compared with (default: the newest on the configured
    boundaries). Opening an id twice with the same name (and base, where given) changes
    nothing (``status`` ``exists``); with another base or name it is refused (409), the night
    keeping the base it was opened with."""
    check_csrf_header(request)
    return _open(request, fields, organiser)


@router.get("/api/results-elections", summary="Results nights")
def api_results_elections(request: Request) -> dict[str, Any]:
    """Every results night an organiser has opened, newest first."""
    with database_of(request).session() as session:
        return {
            "elections": [
                {
                    "id": row.id,
                    "name": row.name,
                    "boundary_set": row.boundary_set,
                    "base_election": row.base_election,
                    "created_at": row.created_at.isoformat(),
                }
                for row in store.list_results_elections(session)
            ]
        }


@router.post("/organisers/elections", summary="Open a results night (form)")
def open_election_form(
    request: Request,
    form: Annotated[ResultsElectionForm, Form()],
    organiser: OrganiserId,
) -> Response:
    """Open a results night from the organiser page. A base election psephos does not bundle
    is said above the form, kept as typed, with the JSON twin's status (404)."""
    check_csrf(request, form.csrf_token)
    fields = ResultsElectionIn.model_validate(form.model_dump(exclude={"csrf_token"}))
    try:
        _open(request, fields, organiser)
    except (HTTPException, PsephosError) as refused:
        return _declare_page(
            request, refusal_status(refused), opening=fields, open_error=refusal(refused)
        )
    return RedirectResponse(f"/results-night?election={form.id}", status_code=303)


@router.post("/api/declarations", summary="Post a declaration (organisers only)")
def api_declare(
    request: Request,
    declaration: DeclarationIn,
    organiser: OrganiserId,
) -> dict[str, Any]:
    """Record a seat's declared result: every candidate (name, party label as on the ballot,
    votes) or votes per party. Stored (committed) before the answer. ``status`` is
    ``created``, ``unchanged`` (same result again) or ``corrected`` (new revision). The
    election must have been opened (``POST /api/results-elections``)."""
    check_csrf_header(request)
    return _record(request, declaration, organiser)


@router.post("/api/declarations/batch", summary="Post many declarations (organisers only)")
def api_declare_batch(
    request: Request,
    batch: DeclarationBatch,
    organiser: OrganiserId,
) -> dict[str, Any]:
    """Record declarations in order (a replayed night), all in one transaction: each is
    ``created``, ``unchanged`` or ``corrected`` exactly as if posted one by one."""
    check_csrf_header(request)
    results = _record_many(request, batch.declarations, organiser, batch=True)
    counts = dict.fromkeys(("created", "unchanged", "corrected"), 0)
    for result in results:
        counts[result["status"]] += 1
    return {"counts": counts, "results": results}


@router.delete(
    "/api/declarations/{code}", summary="Withdraw a seat's declaration (organisers only)"
)
def api_withdraw(
    request: Request,
    code: Annotated[str, Path(pattern=SEAT_CODE_PATTERN, description="ONS seat code")],
    organiser: OrganiserId,
    election: ElectionQuery = None,
) -> dict[str, Any]:
    """Withdraw a seat's declaration (one entered under the wrong seat): the seat is no longer
    declared, on the map, in the totals or in the projection, until it is declared again; the
    withdrawal is kept as the declaration's next revision, with no votes (``/api/declarations``
    lists it). 404 for a night not open or a seat that has not declared."""
    check_csrf_header(request)
    election_id = _night_id(request, election)
    with database_of(request).session(write=True) as session:
        _open_election(session, election_id)
        outcome = store.withdraw_declaration(session, election_id, code, organiser)
    if outcome is None:
        raise HTTPException(
            status_code=404,
            detail=f"Seat {code!r} has not declared in {election_id!r}: there is no "
            "declaration to withdraw.",
        )
    return {
        "status": outcome.status,
        "election": outcome.election,
        "seat": outcome.seat,
        "revision": outcome.revision,
    }


def _declared(session: Any, election_id: str) -> list[SeatDeclaration]:
    return [
        declaration_from_rows(
            row.seat_code,
            row.candidates,
            row.votes,
            electorate=row.electorate,
            revision=row.revision,
            declared_at=row.declared_at.isoformat(),
        )
        for row in store.list_declarations(session, election_id)
    ]


SummaryKey = tuple[str, tuple[int, int]]


def _summaries(request: Request) -> dict[SummaryKey, dict[str, Any]]:
    """The app's memo of night summaries (one per app: two apps have two databases)."""
    cache: dict[SummaryKey, dict[str, Any]] | None = getattr(
        request.app.state, "night_summaries", None
    )
    if cache is None:
        cache = {}
        request.app.state.night_summaries = cache
    return cache


def _summary(request: Request, election_id: str) -> dict[str, Any] | None:
    """The night's summary, or None when no organiser has opened it (memoised per change)."""
    summaries = _summaries(request)
    with database_of(request).session() as session:
        night = store.results_election(session, election_id)
        if night is None:
            return None
        stamp = store.declaration_stamp(session, election_id)
        key = (election_id, stamp)
        cached = summaries.get(key)
        if cached is not None:
            return cached
        declared = _declared(session, election_id)
        name, base_id = night.name, night.base_election
    summary = services.results_night(election_id, name, base_id, declared)
    if len(summaries) > 256:
        summaries.clear()
    summaries[key] = summary
    return summary


def _filter_values(
    summary: dict[str, Any], party: str | None, region: str | None
) -> tuple[str | None, str | None]:
    """The party filter as a code (names and aliases accepted) and the region as the base
    election spells it (any case); 422 naming the known values for anything else."""
    base = services.election(summary["base_election"])
    code = None
    if party and party.strip():
        try:
            code = party_in(party.strip(), base.parties)  # "Green": a Canadian night's GPC
        except UnknownPartyError:
            code = None
        if code is None:
            raise HTTPException(
                status_code=422,
                detail=f"party: {party.strip()!r} is not a party of this night; parties: "
                f"{', '.join(base.parties)}.",
            )
    name = None
    if region and region.strip():
        regions = sorted({seat.region for seat in base.constituencies})
        by_lower = {known.lower(): known for known in regions}
        name = by_lower.get(" ".join(region.split()).lower())
        if name is None:
            raise HTTPException(
                status_code=422,
                detail=f"region: {region.strip()!r} is not a region of this night; regions: "
                f"{', '.join(regions)}.",
            )
    return code, name


def _changed_hands(row: dict[str, Any], party: str | None, gains: bool, losses: bool) -> bool:
    """Whether a declared seat is one the gains and losses filters keep: with a ``party``, a
    seat it gained (``gains``: it won the seat from another) or lost (``losses``: another won
    it from the party); without one, any seat that changed hands. Neither asked: every seat."""
    if not (gains or losses):
        return True
    if not row["gain"]:
        return False
    if party is None:
        return True
    return (gains and row["winner"] == party) or (losses and row["previous_winner"] == party)


def _filtered(
    summary: dict[str, Any],
    party: str | None,
    region: str | None,
    gains: bool,
    losses: bool = False,
) -> list[dict[str, Any]]:
    """The declarations a party (winning now or last time), a region, and gains or losses
    (:func:`_changed_hands`) keep."""
    party, region = _filter_values(summary, party, region)
    rows = summary["declarations"]
    if party:
        rows = [r for r in rows if party in (r["winner"], r["previous_winner"])]
    if region:
        rows = [r for r in rows if r["region"] == region]
    return [r for r in rows if _changed_hands(r, party, gains, losses)]


class NightQuery:
    """The query of the results-night page and its JSON twin: the night (as asked for, and
    its id: :func:`_night_id`) and which declarations they list: a party's (winning now or
    last time), a region's, and gains or losses only, a party's own with a party (its gains:
    the seats it won from another; its losses: the seats another won from it), else the seats
    that changed hands (:func:`_filtered`)."""

    def __init__(
        self,
        request: Request,
        election: ElectionQuery = None,
        party: PartyFilter = None,
        region: RegionFilter = None,
        gains: Annotated[bool, Query()] = False,
        losses: Annotated[bool, Query()] = False,
    ) -> None:
        self.election = election
        self.election_id = _night_id(request, election)
        self.party, self.region, self.gains, self.losses = party, region, gains, losses

    def rows(self, summary: dict[str, Any]) -> list[dict[str, Any]]:
        """The night's declarations these filters keep (422 for a party or region not of it)."""
        return _filtered(summary, self.party, self.region, self.gains, self.losses)


Night = Annotated[NightQuery, Depends()]


@router.get("/results-night", summary="Results night page")
def results_night_page(request: Request, night: Night) -> Response:
    """The map filling in as seats declare (live, without reloading), running totals, the
    projection with its range, and gains and holds filterable by party and region. A party or
    region that is not the night's is said above the filter, kept as typed, with the JSON
    twin's status (422)."""
    summary = _summary(request, night.election_id)
    with database_of(request).session() as session:
        nights = [(row.id, row.name) for row in store.list_results_elections(session)]
    # A night asked for by name that is not open is "not found", as in the JSON; with none
    # asked for, the page opens on an open night (_night_id), and only with no night open at
    # all is it the section's page saying how to open one.
    status = 404 if summary is None and night.election else 200
    context: dict[str, Any] = {
        "night": summary,
        "election_id": night.election_id,
        "nights": nights,
        "not_open": not_open(night.election_id),
        "not_running": not_running(night.election),
        "latest": _latest_result(request, night.election) if summary is None else None,
        "too_early": TOO_EARLY_SEATS,
    }
    if summary is not None:
        base = services.election(summary["base_election"])
        try:
            party, region = _filter_values(summary, night.party, night.region)
            rows, error = night.rows(summary), None
        except HTTPException as refused:  # said above the filter, kept as typed
            party, region, rows, error = night.party, night.region, [], refusal(refused)
            status = refusal_status(refused)
        context.update(
            hexmap=services.hex_map(base.id),
            rows=rows,
            filter_error=error,
            regions=sorted({seat.region for seat in base.constituencies}),
            # the filter's example: the first party of the country's default bloc (Lab, LPC)
            example_party=jurisdictions.of(base).default_bloc[0],
            filters={
                "party": party or "",
                "region": region or "",
                "gains": night.gains,
                "losses": night.losses,
            },
        )
    return render(request, "results_night.html", context, status)


@router.get(
    "/api/results-night",
    summary="Results night totals",
    response_model=None,
    responses=TABLE_RESPONSES,
)
def api_results_night(
    request: Request, night: Night, format: FormatQuery = TableFormat.json
) -> dict[str, Any] | Response:
    """Running totals, projection (with its 90% range, or "too early to say") and the
    declarations (gains and holds, filtered by ``party``, ``region``, ``gains`` and
    ``losses``), newest first. ``format=csv``: those declarations as a CSV file, one row per
    seat in the order they declared, the very file ``psephos nowcast show --declared --format
    csv`` writes (:func:`psephos.results.night.declared_table`: seat, winner's code and label,
    "Lab gain from Con", majority, turnout)."""
    summary = _summary(request, night.election_id)
    if summary is None:
        raise HTTPException(status_code=404, detail=not_open(night.election_id))
    rows = night.rows(summary)
    if format is TableFormat.csv:
        # the JSON and the page list the newest first; the file, as the command's, the oldest
        text = csv_text(declared_table(rows[::-1]), DECLARED_COLUMNS)
        return csv_response(text, f"results-night-{night.election_id}")
    return {**summary, "declarations": rows}


STREAM_SECONDS = 300.0
POLL_SECONDS = 1.0


@router.get(
    "/api/results-night/stream",
    summary="Results night live updates (SSE)",
    include_in_schema=False,  # a long-lived event stream, not a JSON document
)
async def api_results_night_stream(request: Request, election: ElectionQuery = None) -> Response:
    """Server-sent events: one ``night`` event now and one after every change (new
    declaration or correction), with the map fills, totals, projection and the latest
    declarations. The stream ends after five minutes; browsers reconnect by themselves."""
    election_id = _night_id(request, election)
    if await run_in_threadpool(_summary, request, election_id) is None:
        raise HTTPException(status_code=404, detail=not_open(election_id))

    def stamp() -> tuple[int, int]:
        with database_of(request).session() as session:
            return store.declaration_stamp(session, election_id)

    async def events() -> AsyncIterator[str]:
        last: tuple[int, int] | None = None
        started = time.monotonic()
        yield "retry: 2000\n\n"
        while time.monotonic() - started < STREAM_SECONDS:
            if await request.is_disconnected():
                return
            current = await run_in_threadpool(stamp)
            if current != last:
                summary = await run_in_threadpool(_summary, request, election_id)
                if summary is not None:
                    last = current
                    payload = {**summary, "declarations": summary["declarations"][:50]}
                    yield f"event: night\ndata: {json.dumps(payload, separators=(',', ':'))}\n\n"
            else:
                yield ": keep-alive\n\n"
            await asyncio.sleep(POLL_SECONDS)

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


def _seat_declaration(request: Request, election_id: str, code: str) -> dict[str, Any] | None:
    """The seat's declaration and its revisions, or ``None`` before it declares."""
    with database_of(request).session() as session:
        night = _open_election(session, election_id)
        row = store.declaration_for(session, election_id, code)
        if row is None:
            return None
        declared = declaration_from_rows(
            row.seat_code,
            row.candidates,
            row.votes,
            electorate=row.electorate,
            revision=row.revision,
            declared_at=row.declared_at.isoformat(),
        )
        name, base_id = night.name, night.base_election
        revisions = [
            {
                "revision": r.revision,
                "recorded_at": r.recorded_at.isoformat(),
                "votes": r.votes,
                "withdrawn": not r.votes,
            }
            for r in store.declaration_revisions(session, election_id)
            if r.declaration_id == row.id
        ]
    return {
        **services.declared_seat(election_id, name, base_id, declared),
        "revisions": revisions,
    }


@router.get("/results-night/seats/{code}", summary="A seat's declaration page")
def seat_declaration_page(
    request: Request,
    code: Annotated[str, Path(pattern=SEAT_CODE_PATTERN, description="ONS seat code")],
    election: ElectionQuery = None,
) -> Response:
    """Every candidate with votes and share, turnout and electorate, majority, and the seat's
    result last time."""
    election_id = _night_id(request, election)
    found = _seat_declaration(request, election_id, code)
    seat = found if found is not None else _undeclared_seat(request, election_id, code)
    return render(request, "seat_declaration.html", {"seat": seat, "declared": found is not None})


def _undeclared_seat(request: Request, election_id: str, code: str) -> dict[str, Any]:
    """A seat of the night's base election that has not declared yet (the night's map links
    every seat, white until it declares): its name and its result last time.

    Raises:
        UnknownConstituencyError: the seat is not in the base election (a 404).
    """
    with database_of(request).session() as session:
        night = _open_election(session, election_id)
        name, base_id = night.name, night.base_election
    last_time = services.seat(base_id, code)
    return {
        "code": code,
        "name": last_time["name"],
        "election": election_id,
        "election_name": name,
        "base_election": base_id,
        "last_time": last_time,
    }


@router.get("/api/results-night/seats/{code}", summary="A seat's declaration")
def api_seat_declaration(
    request: Request,
    code: Annotated[str, Path(pattern=SEAT_CODE_PATTERN, description="ONS seat code")],
    election: ElectionQuery = None,
) -> dict[str, Any]:
    """The seat's declared result (candidates, shares, turnout, majority, change) and every
    revision."""
    election_id = _night_id(request, election)
    found = _seat_declaration(request, election_id, code)
    if found is None:
        raise HTTPException(
            status_code=404, detail=f"Seat {code!r} has not declared in {election_id!r}."
        )
    return found


#: The columns of a night's declarations as a file when none has declared (the long results
#: format's: :func:`psephos.results.seat_result_rows`).
DECLARATIONS_FILE_COLUMNS = ("seat_code", "seat_name", "candidate", "party", "votes")


def _declarations_file(request: Request, election_id: str) -> Response:
    """The night's current declarations as a results file, one row per candidate
    (:func:`psephos.results.seat_result_rows`, as ``/api/elections/{id}/seats?format=csv``
    gives a bundled election's), which ``psephos nowcast feed`` and the replay form read
    back."""
    with database_of(request).session() as session:
        night = _open_election(session, election_id)
        declared = _declared(session, election_id)
        name, base_id = night.name, night.base_election
    rows: list[dict[str, Any]] = []
    if declared:
        base = services.election(base_id)
        so_far, _ = declared_election(base, declared, election_id, name)
        rows = seat_result_rows(so_far, None)  # the file's columns: no changes
    return csv_response(csv_text(rows, DECLARATIONS_FILE_COLUMNS), f"declarations-{election_id}")


@router.get(
    "/api/declarations",
    summary="Declarations with every revision",
    response_model=None,
    responses=TABLE_RESPONSES,
)
def api_declarations(
    request: Request, election: ElectionQuery = None, format: FormatQuery = TableFormat.json
) -> dict[str, Any] | Response:
    """Current declarations and their revision history (the nowcast's input). ``format=csv``:
    the current declarations as a results file, one row per candidate, which ``psephos
    nowcast feed`` reads back."""
    election_id = _night_id(request, election)
    if format is TableFormat.csv:
        return _declarations_file(request, election_id)
    with database_of(request).session() as session:
        _open_election(session, election_id)
        current = [
            {
                "seat": row.seat_code,
                "votes": row.votes,
                "candidates": row.candidates,
                "electorate": row.electorate,
                "revision": row.revision,
                "declared_at": row.declared_at.isoformat(),
                "updated_at": row.updated_at.isoformat(),
            }
            for row in store.list_declarations(session, election_id)
        ]
        revisions = [
            {
                "declaration_id": row.declaration_id,
                "revision": row.revision,
                "votes": row.votes,
                "candidates": row.candidates,
                "recorded_at": row.recorded_at.isoformat(),
                "withdrawn": not row.votes,  # withdrawn by an organiser: no votes
            }
            for row in store.declaration_revisions(session, election_id)
        ]
    return {"election": election_id, "declarations": current, "revisions": revisions}


@router.get("/organisers/declare", summary="Declaration form (organisers only)")
def declare_page(
    request: Request,
    _: OrganiserId,
    status: Annotated[str | None, Query(pattern=r"^(created|unchanged|corrected)$")] = None,
    replayed: Annotated[int | None, Query(ge=0, le=1000)] = None,
    created: Annotated[int | None, Query(ge=0, le=1000)] = None,
    corrected: Annotated[int | None, Query(ge=0, le=1000)] = None,
    election: ElectionQuery = None,
) -> Response:
    """Open a results night, type a declaration in by hand, or upload a file of them. After a
    declaration or a replay the page shows the notes the command line prints (a seat read
    from a part of its name, a file read as Windows-1252, a time column not read), carried
    through the redirect in the session (:func:`_carry_notes`). ``election``: the night the
    forms declare to, where it is open (the one just declared or replayed to)."""
    return _declare_page(
        request,
        chosen=election,
        status=status,
        replayed=replayed,
        created=created,
        corrected=corrected,
        notes=request.session.pop(NOTES_KEY, []),
    )


def _carry_notes(request: Request, notes: list[str]) -> None:
    """Keep the notes of a declaration or replay for the page its redirect shows (the first
    :data:`MAX_CARRIED_NOTES`, the session being a cookie; the rest counted)."""
    notes = [note for note in notes if note]
    carried = notes[:MAX_CARRIED_NOTES]
    if len(notes) > len(carried):
        more = len(notes) - len(carried)
        carried.append(f"… and {counted(more, 'more note')} like these.")
    if carried:
        request.session[NOTES_KEY] = carried
    else:
        request.session.pop(NOTES_KEY, None)


def _declare_to(chosen: str | None, configured: str, open_ids: Sequence[str]) -> str | None:
    """The results night the declaration forms offer: the one ``chosen`` (the night just
    declared or replayed to) where it is open, else the one the site is set to show
    (``results_night_election``) where it is open, else the first open one; ``None`` when no
    night is open, and then the page offers no night to declare to, only the form to open
    one."""
    for night in (chosen, configured):
        if night in open_ids:
            return night
    return open_ids[0] if open_ids else None


def _declare_page(
    request: Request, status_code: int = 200, *, chosen: str | None = None, **context: Any
) -> Response:
    with database_of(request).session() as session:
        nights = [(row.id, row.name) for row in store.list_results_elections(session)]
    configured = settings_of(request).results_night_election
    return render(
        request,
        "declare.html",
        {
            "status": None,
            "replayed": None,
            "notes": [],
            "election": _declare_to(chosen, configured, [night_id for night_id, _ in nights]),
            "bases": services.election_list(every_country=True),
            "suggested_id": configured,
            "boundaries": settings_of(request).results_night_boundaries,
            "nights": nights,
            "typed": None,
            "error": None,
            "opening": None,
            "open_error": None,
            "replaying": None,
            "replay_error": None,
            **context,
        },
        status_code,
    )


@router.post("/organisers/declare", summary="Post a declaration (form)")
def declare_form(
    request: Request,
    organiser: OrganiserId,
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    election: Annotated[str, Form(max_length=40)] = "",
    seat: Annotated[str, Form(max_length=100)] = "",
    votes_text: Annotated[str, Form(max_length=4000)] = "",
    won_by_lot: Annotated[str, Form(max_length=100)] = "",
    electorate: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Record a declaration typed as ``Name | Party | votes`` or ``Party: votes`` lines
    (thousands separators allowed; for a tie for first place, who won the lot), with the
    electorate as declared where given (else the base election's, as the API). Anything
    refused shows the form again as typed, with what is wrong. The page it goes on to keeps
    the night declared to."""
    check_csrf(request, csrf_token)
    typed = {
        "election": election,
        "seat": seat,
        "votes_text": votes_text,
        "won_by_lot": won_by_lot,
        "electorate": electorate,
    }
    try:
        form = DeclarationForm.model_validate({**typed, "csrf_token": csrf_token})
    except ValidationError as error:
        return _declare_page(request, 422, typed=typed, error=form_refusal(error, DeclarationForm))
    try:  # the lines as typed, which only the form reads
        declaration = form.to_declaration()
    except ValueError as error:
        return _declare_page(request, 422, typed=typed, error=str(error))
    try:  # refused as POST /api/declarations refuses it, with its status
        outcome = _record(request, declaration, organiser)
    except (HTTPException, PsephosError) as refused:
        return _declare_page(request, refusal_status(refused), typed=typed, error=refusal(refused))
    _carry_notes(request, [outcome["note"]])
    return RedirectResponse(
        f"/organisers/declare?status={outcome['status']}&election={form.election}",
        status_code=303,
    )


@router.post("/organisers/replay", summary="Replay declarations from a file (form)")
async def replay_form(
    request: Request,
    csrf_token: Annotated[str, Form(max_length=200)],
    election: Annotated[str, Form(pattern=ELECTION_ID_PATTERN)],
    results_file: Annotated[UploadFile, File(description="CSV: seat,party,votes")],
    organiser: OrganiserId,
    unknown_parties: Annotated[
        Literal["error", "other"],
        Form(
            description="A party psephos does not know: refused (error) or counted as Other "
            "(other), as psephos nowcast feed --unknown-parties"
        ),
    ] = "error",
    sheet: SheetName = None,
) -> Response:
    """Record every declaration in an uploaded CSV file (``seat,party,votes`` rows; or an
    .xlsx workbook, its first sheet or the one ``sheet`` names), read as ``psephos nowcast
    feed`` reads one, with its notes. A refused replay (a night not open, a file that is not
    text or does not read, a declaration the batch API refuses) is said above the form, kept
    as chosen, with the status the batch API gives; nothing of the file is recorded."""
    check_csrf(request, csrf_token)
    try:
        results, notes = await _replay(
            request, election, results_file, organiser, unknown_parties, sheet
        )
    except (HTTPException, PsephosError) as refused:
        chosen = {"election": election, "unknown_parties": unknown_parties, "sheet": sheet}
        return _declare_page(
            request, refusal_status(refused), replaying=chosen, replay_error=refusal(refused)
        )
    created = sum(result["status"] == "created" for result in results)
    corrected = sum(result["status"] == "corrected" for result in results)
    _carry_notes(request, notes)  # through the redirect
    return RedirectResponse(
        f"/organisers/declare?replayed={len(results)}&created={created}"
        f"&corrected={corrected}&election={election}",
        status_code=303,
    )


async def _replay(
    request: Request,
    election: str,
    results_file: UploadFile,
    organiser: int,
    unknown_parties: Literal["error", "other"],
    sheet: str | None,
) -> tuple[list[dict[str, Any]], list[str]]:
    """The outcome of each declaration of a replayed file, recorded in one transaction as
    ``POST /api/declarations/batch`` records them, and the notes to show (the file's, then
    the reader's).

    Raises:
        HTTPException: 404 for a night not open; 422 for a file that is not text or does not
            read (naming the first bad row), or a declaration the batch API refuses.
    """
    # a Windows file is read too
    results_csv = await form_file(
        results_file, REPLAY_FILE, default_name="results.csv", sheet=sheet
    )
    with database_of(request).session() as session:
        base = services.election(_open_election(session, election).base_election)
    try:  # seats by code or name, as `psephos nowcast feed` reads them
        declarations, notes = declarations_from_csv(
            results_csv.text, election, base=base, unknown_parties=unknown_parties
        )
    except ValueError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None
    results = await run_in_threadpool(_record_many, request, declarations, organiser)
    return results, [*file_notes(results_csv), *notes]

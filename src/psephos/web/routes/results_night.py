"""Results night: organisers post declarations (idempotent by election and seat; a changed
result is a correction), everyone sees the running totals, refreshed automatically."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from psephos.web import services, store
from psephos.web.context import (
    NavItem,
    check_csrf,
    check_csrf_header,
    database_of,
    render,
    require_organiser,
    settings_of,
)
from psephos.web.schemas import (
    ELECTION_ID_PATTERN,
    DeclarationBatch,
    DeclarationForm,
    DeclarationIn,
    declarations_from_csv,
)

router = APIRouter()
NAV = (NavItem("Results night", "/results-night", order=60),)

ElectionQuery = Annotated[str | None, Query(pattern=ELECTION_ID_PATTERN)]


def _validate_seat(request: Request, declaration: DeclarationIn) -> None:
    boundary_set = settings_of(request).results_night_boundaries
    if declaration.seat not in services.seat_codes(boundary_set):
        raise HTTPException(
            status_code=422,
            detail=f"Seat {declaration.seat!r} is not a seat on the {boundary_set} boundaries.",
        )


def _record(request: Request, declaration: DeclarationIn, organiser: int) -> dict[str, Any]:
    return _record_many(request, [declaration], organiser)[0]


def _record_many(
    request: Request, declarations: list[DeclarationIn], organiser: int
) -> list[dict[str, Any]]:
    for declaration in declarations:
        _validate_seat(request, declaration)
    # One transaction, committed when the block ends, before any answer is sent.
    with database_of(request).session(write=True) as session:
        outcomes = [
            store.record_declaration(session, declaration, organiser)
            for declaration in declarations
        ]
    return [
        {
            "status": outcome.status,
            "election": outcome.election,
            "seat": outcome.seat,
            "revision": outcome.revision,
            "votes": outcome.votes,
        }
        for outcome in outcomes
    ]


@router.post("/api/declarations", summary="Post a declaration (organisers only)")
def api_declare(
    request: Request,
    declaration: DeclarationIn,
    organiser: Annotated[int, Depends(require_organiser)],
) -> dict[str, Any]:
    """Record a seat's declared votes. Stored (committed) before the answer. ``status`` is
    ``created``, ``unchanged`` (same votes again) or ``corrected`` (new revision)."""
    check_csrf_header(request)
    return _record(request, declaration, organiser)


@router.post("/api/declarations/batch", summary="Post many declarations (organisers only)")
def api_declare_batch(
    request: Request,
    batch: DeclarationBatch,
    organiser: Annotated[int, Depends(require_organiser)],
) -> dict[str, Any]:
    """Record declarations in order (a replayed night), all in one transaction: each is
    ``created``, ``unchanged`` or ``corrected`` exactly as if posted one by one."""
    check_csrf_header(request)
    results = _record_many(request, batch.declarations, organiser)
    counts = dict.fromkeys(("created", "unchanged", "corrected"), 0)
    for result in results:
        counts[result["status"]] += 1
    return {"counts": counts, "results": results}


def _summary(request: Request, election: str | None) -> dict[str, Any]:
    settings = settings_of(request)
    election_id = election or settings.results_night_election
    with database_of(request).session() as session:
        rows = store.list_declarations(session, election_id)
        declared = [
            (row.seat_code, dict(row.votes), row.revision, row.declared_at.isoformat())
            for row in rows
        ]
    return services.results_night(election_id, settings.results_night_boundaries, declared)


@router.get("/results-night", summary="Results night page")
def results_night_page(request: Request, election: ElectionQuery = None) -> Response:
    """Running totals and the latest declarations; the page refreshes itself."""
    return render(request, "results_night.html", {"night": _summary(request, election)})


@router.get("/api/results-night", summary="Results night totals")
def api_results_night(request: Request, election: ElectionQuery = None) -> dict[str, Any]:
    """Running totals over the declared seats and every declaration."""
    return _summary(request, election)


@router.get("/api/declarations", summary="Declarations with every revision")
def api_declarations(request: Request, election: ElectionQuery = None) -> dict[str, Any]:
    """Current declarations and their revision history (the nowcast's input)."""
    election_id = election or settings_of(request).results_night_election
    with database_of(request).session() as session:
        current = [
            {
                "seat": row.seat_code,
                "votes": row.votes,
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
                "recorded_at": row.recorded_at.isoformat(),
            }
            for row in store.declaration_revisions(session, election_id)
        ]
    return {"election": election_id, "declarations": current, "revisions": revisions}


@router.get("/organisers/declare", summary="Declaration form (organisers only)")
def declare_page(
    request: Request,
    _: Annotated[int, Depends(require_organiser)],
    status: Annotated[str | None, Query(pattern=r"^(created|unchanged|corrected)$")] = None,
    replayed: Annotated[int | None, Query(ge=0, le=1000)] = None,
    created: Annotated[int | None, Query(ge=0, le=1000)] = None,
    corrected: Annotated[int | None, Query(ge=0, le=1000)] = None,
) -> Response:
    """Type a declaration in by hand, or upload a file of them."""
    return render(
        request,
        "declare.html",
        {
            "status": status,
            "replayed": replayed,
            "created": created,
            "corrected": corrected,
            "election": settings_of(request).results_night_election,
        },
    )


@router.post("/organisers/declare", summary="Post a declaration (form)")
def declare_form(
    request: Request,
    form: Annotated[DeclarationForm, Form()],
    organiser: Annotated[int, Depends(require_organiser)],
) -> Response:
    """Record a declaration typed as ``Party: votes`` lines."""
    check_csrf(request, form.csrf_token)
    try:
        declaration = form.to_declaration()
    except ValueError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None
    outcome = _record(request, declaration, organiser)
    return RedirectResponse(f"/organisers/declare?status={outcome['status']}", status_code=303)


@router.post("/organisers/replay", summary="Replay declarations from a file (form)")
async def replay_form(
    request: Request,
    csrf_token: Annotated[str, Form(max_length=200)],
    election: Annotated[str, Form(pattern=ELECTION_ID_PATTERN)],
    results_file: Annotated[UploadFile, File(description="CSV: seat,party,votes")],
    organiser: Annotated[int, Depends(require_organiser)],
) -> Response:
    """Record every declaration in an uploaded CSV file (``seat,party,votes`` rows)."""
    check_csrf(request, csrf_token)
    raw = await results_file.read()
    try:
        declarations = declarations_from_csv(raw.decode("utf-8-sig"), election)
    except (UnicodeDecodeError, ValueError) as error:
        raise HTTPException(status_code=422, detail=str(error)) from None
    results = await run_in_threadpool(_record_many, request, declarations, organiser)
    created = sum(result["status"] == "created" for result in results)
    corrected = sum(result["status"] == "corrected" for result in results)
    return RedirectResponse(
        f"/organisers/declare?replayed={len(results)}&created={created}&corrected={corrected}",
        status_code=303,
    )

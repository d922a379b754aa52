"""Volunteer allocation for organisers: upload a volunteers file, get the plan (which volunteer
works which seat for how many hours) as a table and a map, download it as CSV
(:func:`psephos.targeting.allocation.allocation_answer`, as ``psephos allocate``).

The file is personal data: organisers only (logged-in session, CSRF token), read in memory,
never stored or logged; the audit log records who allocated how many rows, nothing else."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import Response

from psephos.bounds import NUMBER_BOUNDS
from psephos.errors import DataFormatError, PsephosError
from psephos.io.export import csv_file_text
from psephos.io.own_tables import read_own_table
from psephos.targeting.allocate import ASSIGNMENT_COLUMNS, PERSONAL_COLUMNS
from psephos.targeting.allocation import AllocationRequest
from psephos.web import services
from psephos.web.context import (
    NavItem,
    OrganiserId,
    check_csrf,
    check_csrf_header,
    csv_response,
    default_election,
    file_notes,
    form_file,
    form_file_text,
    organiser_id,
    refusal,
    refusal_status,
    render,
)
from psephos.web.limits import run_heavy
from psephos.web.schemas import (
    AREA_SHARES_DESCRIPTION,
    ELECTION_ID_PATTERN,
    MAX_AREA_SHARES,
    PARTY_NAME_PATTERN,
    SWING_PATTERN,
    Blank,
    Canonical,
    SheetName,
    TableFormat,
)
from psephos.web.security import AUDIT

router = APIRouter()
NAV = (NavItem("Allocate volunteers", "/organisers/allocate", order=92, organisers_only=True),)

NO_STORE = {"Cache-Control": "no-store"}

#: The most bytes an allocation's upload (or its plan posted back for download) may hold,
#: above the app's 1 MB: a CRM export of 5,000 volunteers with a free-text notes column is
#: 1.3 MB, and its plan with names and homes about 1 MB. The allocation runs in a heavy slot
#: (one per client), and ``psephos allocate`` takes a file of any size.
ALLOCATION_BODY_BYTES = 5 * 1024 * 1024
BODY_LIMITS = {
    "/organisers/allocate": ALLOCATION_BODY_BYTES,
    "/api/organisers/allocate": ALLOCATION_BODY_BYTES,
    "/organisers/allocate/plan.csv": ALLOCATION_BODY_BYTES,
}


class Method(StrEnum):
    """``auto`` (min-cost flow when OR-Tools is installed, else the LP), the exact min-cost
    flow, or the linear programme (HiGHS)."""

    auto = "auto"
    min_cost_flow = "min-cost-flow"
    lp = "lp"


class AllocationFields:
    """The choices of ``psephos allocate``, as form fields (a blank field: the default)."""

    def __init__(
        self,
        election: Annotated[str | None, Form(pattern=ELECTION_ID_PATTERN), Canonical] = None,
        party: Annotated[
            str | None,
            Form(max_length=40, pattern=PARTY_NAME_PATTERN),
        ] = None,
        swing: Annotated[
            str | None,
            Form(
                max_length=200,
                pattern=SWING_PATTERN,
                description="National swing scenario in GB share points, e.g. "
                "'Lab=+3,Con=-2.5' (as psephos allocate --swing)",
            ),
        ] = None,
        poll: Annotated[
            str | None,
            Form(
                max_length=300,
                description="A poll the base is projected to first, e.g. 'Reform 29 Lab 20 "
                "Con 18' (as psephos allocate --poll); not with swing",
            ),
        ] = None,
        areas: Annotated[
            str | None,
            Form(
                max_length=MAX_AREA_SHARES,
                title="Area shares",
                description=AREA_SHARES_DESCRIPTION,
            ),
        ] = None,
        # the ranges of psephos allocate's options (psephos.bounds.NUMBER_BOUNDS)
        k: Annotated[
            int,
            Form(
                **NUMBER_BOUNDS["k_nearest"].limits(), description="Candidate seats per volunteer"
            ),
        ] = 15,
        max_km: Annotated[
            float | None,
            Blank,
            Form(**NUMBER_BOUNDS["max_km"].limits(), description="Never further"),
        ] = None,
        votes_per_hour: Annotated[
            float, Form(**NUMBER_BOUNDS["votes_per_hour"].limits())
        ] = services.DEFAULT_VOTES_PER_HOUR,
        session_hours: Annotated[float, Form(**NUMBER_BOUNDS["session_hours"].limits())] = 3.0,
        speed_kmh: Annotated[float, Form(**NUMBER_BOUNDS["speed_kmh"].limits())] = 40.0,
        method: Annotated[Method, Form()] = Method.auto,
        include_personal: Annotated[bool, Form()] = False,
        strict: Annotated[bool, Form()] = False,
        sheet: SheetName = None,
        capacities_sheet: SheetName = None,
    ) -> None:
        self.election = election
        self.party = party.strip() if party and party.strip() else None
        self.swing = swing.strip() if swing and swing.strip() else None
        self.poll = poll.strip() if poll and poll.strip() else None
        self.areas = areas.strip() if areas and areas.strip() else None
        self.k = k
        self.max_km = max_km
        self.votes_per_hour = votes_per_hour
        self.session_hours = session_hours
        self.speed_kmh = speed_kmh
        self.method = method
        self.include_personal = include_personal
        self.strict = strict
        self.sheet = sheet  # the volunteers workbook's sheet (blank: the first)
        self.capacities_sheet = capacities_sheet  # the capacities workbook's

    def request(self, capacities: tuple[str, str] | None = None) -> AllocationRequest:
        """The library's request, with an uploaded capacities file's ``(text, name)``."""
        return AllocationRequest(
            party=self.party,
            swing=self.swing,
            poll=self.poll,
            areas=services.area_shares(self.areas),
            capacities=capacities,
            k_nearest=self.k,
            max_km=self.max_km,
            votes_per_hour=self.votes_per_hour,
            session_hours=self.session_hours,
            speed_kmh=self.speed_kmh,
            method=self.method.value,
            strict=self.strict,
        )


CapacitiesFile = Annotated[
    UploadFile | None,
    File(
        description="CSV seat,hours capping named seats (ONS code or name), as psephos allocate "
        "--capacities; other seats: the default curve"
    ),
]


async def _allocate(
    request: Request,
    upload: UploadFile,
    fields: AllocationFields,
    organiser: int,
    capacities_file: UploadFile | None = None,
) -> dict[str, Any]:
    read = await form_file(
        upload, "volunteers file", default_name="volunteers.csv", sheet=fields.sheet
    )
    text, note = read.text, read.note
    capacities = await form_file_text(
        capacities_file, "capacity file", sheet=fields.capacities_sheet
    )
    asked = fields.request(None if capacities is None else capacities.named_text)
    answer = await run_heavy(
        request,
        lambda: services.volunteer_allocation(
            text,
            fields.election or default_election(request),
            asked,
            include_personal=fields.include_personal,
        ),
    )
    answer["notes"] = [*([note] if note else []), *file_notes(capacities), *answer["notes"]]
    summary = answer["summary"]
    AUDIT.info(
        "volunteer allocation by organiser %d: %d rows, %d rejected",
        organiser,
        summary["rows_read"],
        summary["rows_rejected"],
    )
    return answer


def _csv_response(text: str) -> Response:
    """The plan as the file ``psephos allocate --out`` writes, byte for byte: after a UTF-8
    byte-order mark, so that Excel reads its seats' and volunteers' names as UTF-8
    (:func:`psephos.io.export.csv_file_text`)."""
    return csv_response(csv_file_text(text), "volunteer-plan", NO_STORE)


@router.get("/organisers/allocate", summary="Volunteer allocation page (organisers only)")
def allocate_page(request: Request, _: OrganiserId) -> Response:
    """The upload form."""
    return render(
        request,
        "allocate.html",
        {"answer": None, "error": None, "fields": AllocationFields()},
        headers=NO_STORE,
    )


@router.post("/organisers/allocate", summary="Allocate volunteers (form, organisers only)")
async def allocate_form(
    request: Request,
    csrf_token: Annotated[str, Form(max_length=200)],
    volunteers_file: Annotated[
        UploadFile, File(description="CSV: id,hours and latitude,longitude or postcode")
    ],
    fields: Annotated[AllocationFields, Depends()],
    organiser: OrganiserId,
    capacities_file: CapacitiesFile = None,
) -> Response:
    """The plan in the words of ``psephos allocate``
    (:func:`psephos.targeting.allocation.allocation_sentence`), as a table and a map, with the
    file's problems by row number; a file or a
    choice the allocator refuses is shown on the form again, with its JSON twin's status
    (400; 422 for a file that is not text)."""
    check_csrf(request, csrf_token)
    try:
        answer = await _allocate(request, volunteers_file, fields, organiser, capacities_file)
    except (PsephosError, HTTPException) as error:
        message = refusal(error)
        return render(
            request,
            "allocate.html",
            {"answer": None, "error": message, "fields": fields},
            status_code=refusal_status(error),
            headers=NO_STORE,
        )
    plan = services.assignments_csv(answer["rows"])
    # the plan in the words psephos allocate prints under its table
    (sentence,) = answer["headline"]
    return render(
        request,
        "allocate.html",
        {"answer": answer, "error": None, "fields": fields, "plan_csv": plan, "sentence": sentence},
        headers=NO_STORE,
    )


def _too_large_page(request: Request, message: str) -> Response | None:
    """The form again for an upload over the limit, the refusal above it (413), for an
    organiser (``None``, the plain error page, for anyone else). The body was not read, so the
    choices made cannot be kept: the message says the browser's Back button keeps them."""
    if organiser_id(request) is None:
        return None
    return render(
        request,
        "allocate.html",
        {
            "answer": None,
            "error": f"{message} (Your browser's Back button keeps the choices you made.)",
            "fields": AllocationFields(),
        },
        status_code=413,
        headers=NO_STORE,
    )


#: The form shown again for an upload over :data:`ALLOCATION_BODY_BYTES` (:mod:`psephos.web.app`).
TOO_LARGE_PAGES = {"/organisers/allocate": _too_large_page}


def _checked_plan(text: str) -> str:
    """The plan posted back for download, re-written from its rows as the one reader of
    psephos's own tables reads them (:func:`psephos.io.own_tables.read_own_table`): only the
    plan's own columns are accepted, so the download cannot carry anything else."""
    try:
        rows = read_own_table(
            text, ASSIGNMENT_COLUMNS, optional=PERSONAL_COLUMNS, what="volunteer plan"
        )
    except DataFormatError:
        raise HTTPException(
            status_code=422, detail="Not a volunteer plan; allocate again."
        ) from None
    return services.assignments_csv(rows)


@router.post("/organisers/allocate/plan.csv", summary="Download a plan (form, organisers only)")
def download_plan(
    request: Request,
    csrf_token: Annotated[str, Form(max_length=200)],
    plan: Annotated[str, Form(max_length=ALLOCATION_BODY_BYTES)],
    organiser: OrganiserId,
) -> Response:
    """The plan shown on the page, as a CSV file (the page holds it; the server keeps nothing)."""
    check_csrf(request, csrf_token)
    text = _checked_plan(plan)
    AUDIT.info(
        "volunteer plan downloaded by organiser %d: %d rows", organiser, text.count("\n") - 1
    )
    return _csv_response(text)


@router.post("/api/organisers/allocate", summary="Allocate volunteers (organisers only)")
async def api_allocate(
    request: Request,
    volunteers_file: Annotated[
        UploadFile, File(description="CSV: id,hours and latitude,longitude or postcode")
    ],
    fields: Annotated[AllocationFields, Depends()],
    organiser: OrganiserId,
    format: Annotated[TableFormat, Query(description="json, or csv: the plan as a file")] = (
        TableFormat.json
    ),
    capacities_file: CapacitiesFile = None,
) -> Response:
    """Multipart upload of a volunteers file (``id,hours`` and ``latitude,longitude`` or
    ``postcode``, optional ``name``; or an .xlsx workbook, its first sheet or the one
    ``sheet`` names) with the options of ``psephos allocate`` (``swing``; a ``seat,hours``
    ``capacities_file``, as ``--capacities``); send the session's CSRF token in
    ``X-CSRF-Token``. JSON: summary (expected seats gained, travel cost, the greedy and
    nearest-seat baselines), the problems by row number, the per-volunteer plan (those not
    placed too, with why), hours per seat and the map;
    ``format=csv``: the per-volunteer plan as a CSV file."""
    check_csrf_header(request)
    answer = await _allocate(request, volunteers_file, fields, organiser, capacities_file)
    if format is TableFormat.csv:
        return _csv_response(services.assignments_csv(answer["rows"]))
    import json

    return Response(json.dumps(answer), media_type="application/json", headers=NO_STORE)

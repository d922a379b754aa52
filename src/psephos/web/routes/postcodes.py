"""Find your seat from a postcode: where it is, which 2024 seat (or seats, where a postcode
sector straddles a boundary), and where to go next (:mod:`psephos.jurisdictions.postcodes`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from psephos.errors import InvalidPostcodeError, PsephosError, UnknownPostcodeError
from psephos.jurisdictions import postcode_seats
from psephos.web import services
from psephos.web.context import (
    NavItem,
    default_election,
    fields_at_fault,
    refusal,
    refusal_status,
    render,
)
from psephos.web.schemas import (
    ELECTION_ID_PATTERN,
    POSTCODE_MAX_LENGTH,
    POSTCODE_PATTERN,
    PostcodeQuery,
)

router = APIRouter()
NAV = (NavItem("Find your seat", "/postcode", order=5, voter=True),)

ElectionQuery = Annotated[str | None, Query(pattern=ELECTION_ID_PATTERN)]


def lookup(election_id: str, postcode: str) -> dict[str, Any]:
    """The postcode's seat(s) in an election, as plain data (page and JSON twin)."""
    return {
        "election": election_id,
        **postcode_seats(services.election(election_id), postcode).to_dict(),
    }


@router.get("/postcode", summary="Find your seat from a postcode (page)")
def postcode_page(
    request: Request,
    q: Annotated[str | None, PostcodeQuery] = None,
    election: ElectionQuery = None,
) -> Response:
    """One box: a postcode, sector or district -> the seat, with links onward. A refusal (a
    postcode that is not one or not known, an election psephos does not bundle or one of a
    country without postcodes) is said above the form, kept as typed, with the JSON twin's
    status."""
    election_id = election or default_election(request)
    found = None
    error = None
    at_fault: tuple[str, ...] = ()
    status = 200
    if q and q.strip():
        try:
            found = lookup(election_id, q)
        except PsephosError as problem:
            error, status = refusal(problem), refusal_status(problem)
            at_fault = fields_at_fault(problem, POSTCODE_FAULTS)
    return render(
        request,
        "postcode.html",
        {
            "q": q or "",
            "found": found,
            "error": error,
            "error_fields": at_fault,
            "election_id": election_id,
            # the advice for this election's seat (2019's Hampstead and Kilburn, not 2024's
            # Hampstead and Highgate): the seat page's rule
            "advice_election": services.advice_election(election_id),
        },
        status,
    )


#: The postcode box is at fault for a postcode that is not one or not known.
POSTCODE_FAULTS = {InvalidPostcodeError: ("q",), UnknownPostcodeError: ("q",)}


@router.get("/api/postcodes/{postcode}", summary="Postcode to seat")
def api_postcode(
    request: Request,
    postcode: Annotated[str, Path(max_length=POSTCODE_MAX_LENGTH, pattern=POSTCODE_PATTERN)],
    election: ElectionQuery = None,
) -> dict[str, Any]:
    """The seat(s) a postcode, sector or district is in, its position, and whether it
    straddles seats (then every seat is offered, most likely first)."""
    return lookup(election or default_election(request), postcode)

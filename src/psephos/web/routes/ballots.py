"""Count your own ranked ballots: a BLT file or a CSV of rankings counted by the alternative
vote (one seat) or STV (Droop quota, weighted inclusive Gregory method), as
``psephos count-ballots`` counts it (:func:`psephos.systems.count_ballots`).

The page and its JSON twin take what the command takes: the file (read as the command reads
one, :func:`psephos.web.context.form_file`), the seats, the tie rule and its seed."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from psephos.errors import PsephosError
from psephos.web import services
from psephos.web.context import (
    NavItem,
    check_csrf,
    file_notes,
    form_file,
    refusal,
    refusal_status,
    render,
)
from psephos.web.limits import run_heavy
from psephos.web.schemas import Blank, CsrfToken, SheetName

router = APIRouter()
NAV = (NavItem("Count ballots", "/count-ballots", order=43),)

#: Most seats one request may ask for (a count needs more candidates than seats).
MAX_SEATS = 1000


class TieRule(StrEnum):
    """How a tie is broken (:mod:`psephos.systems.count`), as ``--tie-break``."""

    backwards = "backwards"
    order = "order"
    random = "random"


class BallotOptions(BaseModel):
    """The options of ``psephos count-ballots``, as form fields (blank: the default)."""

    seats: Annotated[int | None, Blank] = Field(
        default=None,
        ge=1,
        le=MAX_SEATS,
        description="Seats to fill (default: the BLT file's, else 1 = alternative vote), as "
        "psephos count-ballots --seats",
    )
    tie_break: TieRule = Field(default=TieRule.backwards, description="Tie rule, as --tie-break")
    seed: Annotated[int | None, Blank] = Field(
        default=None, ge=0, le=2**32 - 1, description="Seed for tie_break random, as --seed"
    )
    sheet: SheetName = None


class BallotForm(BallotOptions, CsrfToken):
    """The page's form (with the session's CSRF token)."""


BallotsFile = Annotated[
    UploadFile,
    File(
        description="Ranked ballots: a .blt file, or a CSV with columns rank1, rank2, ... and "
        "an optional count column, or a form's ranking grid (a column per candidate, 'Rank the "
        "candidates [Alice]', each cell a voter's rank: 1st choice), or one column of each "
        "voter's ranking ('Alice;Bob;Cara') (as psephos count-ballots FILE)"
    ),
]


async def _count(request: Request, upload: UploadFile, options: BallotOptions) -> dict[str, Any]:
    ballots = await form_file(
        upload, "ballot file", default_name="ballots.csv", sheet=options.sheet
    )
    answer = await run_heavy(
        request,
        lambda: services.ballot_count(
            *ballots.named_text,
            seats=options.seats,
            tie_break=options.tie_break.value,
            seed=options.seed,
        ),
    )
    return {**answer, "notes": [*file_notes(ballots), *answer["notes"]]}


@router.get("/count-ballots", summary="Count ranked ballots page")
def ballots_page(request: Request) -> Response:
    """The upload form."""
    return render(request, "count_ballots.html", {"answer": None, "options": BallotOptions()})


@router.post("/count-ballots", summary="Count ranked ballots (form)")
async def ballots_form(
    request: Request, form: Annotated[BallotForm, Form()], ballots_file: BallotsFile
) -> Response:
    """The count of the uploaded ballots: who is elected, each candidate's first preferences
    and final tally. A file the reader refuses is shown on the page with its reason and its
    JSON twin's status (400; 422 for a file that is not text)."""
    check_csrf(request, form.csrf_token)
    try:
        answer = await _count(request, ballots_file, form)
    except (PsephosError, HTTPException) as error:
        message = refusal(error)
        return render(
            request,
            "count_ballots.html",
            {"answer": None, "options": form, "error": message},
            status_code=refusal_status(error),
        )
    return render(request, "count_ballots.html", {"answer": answer, "options": form})


@router.post("/api/count-ballots", summary="Count ranked ballots")
async def api_count_ballots(
    request: Request, form: Annotated[BallotOptions, Form()], ballots_file: BallotsFile
) -> dict[str, Any]:
    """Multipart upload of ranked ballots (``ballots_file``: BLT, or a CSV of ``rank1,
    rank2, ...`` with an optional ``count``, or a form's ranking grid), counted by IRV for one
    seat or STV for more, as ``psephos count-ballots --format json``: ``method``, ``seats``,
    ``quota``, ``elected`` (in order of election), ``ties``, ``votes_per_seat`` and a row per
    candidate, with the table's ``title`` and ``notes`` as the command prints them (a file that
    was not UTF-8, a ranking grid read as one, blank ballots). A file that does not read, or as
    many seats as candidates: 400 with the command's message."""
    return await _count(request, ballots_file, form)

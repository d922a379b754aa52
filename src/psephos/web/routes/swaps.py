"""Vote swaps: match uploaded swap offers across seats so that both sides' parties gain, as
``psephos swap`` matches them (:func:`psephos.tactical.swaps.match_swaps`).

The page and its JSON twin take what the command takes: the offers file (read as the command
reads one, :func:`psephos.web.context.form_file`), the election, the matching method, the
simulations and their seed."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from psephos.errors import (
    DataFormatError,
    PsephosError,
    UnknownConstituencyError,
    UnknownPartyError,
)
from psephos.io.export import csv_file_text
from psephos.io.own_tables import read_own_table
from psephos.tactical.swaps import PAIR_COLUMNS, PERSONAL_PAIR_COLUMNS, ROW_COLUMNS, pairs_csv
from psephos.web import services
from psephos.web.context import (
    NavItem,
    check_csrf,
    csv_response,
    file_notes,
    form_file,
    refusal,
    refusal_status,
    render,
)
from psephos.web.limits import run_heavy
from psephos.web.schemas import (
    ELECTION_ID_PATTERN,
    Blank,
    Canonical,
    CsrfToken,
    SheetName,
    TableFormat,
)

router = APIRouter()
NAV = (NavItem("Vote swaps", "/swap", order=29),)

#: Most simulations one request may ask for (the command's default).
MAX_SIMS = 2000


class SwapMethod(StrEnum):
    """How offers are matched, as ``psephos swap --method``."""

    auto = "auto"
    flow = "flow"
    min_cost_flow = "min-cost-flow"
    lp = "lp"
    greedy = "greedy"


class SwapOptions(BaseModel):
    """The options of ``psephos swap``, as form fields (blank: the command's default)."""

    election: Annotated[str, Blank, Canonical] = Field(
        default="next",
        pattern=ELECTION_ID_PATTERN,
        description="'next' (from the 2024 result), 2017/2019/2024 for the advice possible "
        "before that election, or another bundled election id used as the expected result, "
        "as psephos swap --election",
    )
    method: SwapMethod = Field(
        default=SwapMethod.auto,
        description="auto (flow when OR-Tools is installed, else lp), flow or min-cost-flow "
        "(exact min-cost flow), lp (exact, HiGHS) or greedy, as --method",
    )
    sims: Annotated[int, Blank] = Field(
        default=MAX_SIMS,
        ge=2,
        le=MAX_SIMS,
        description=f"Simulations of the seat shares (2 to {MAX_SIMS:,}), as --sims",
    )
    seed: Annotated[int, Blank] = Field(
        default=2024, ge=0, le=2**32 - 1, description="Random seed, as --seed"
    )
    include_personal: bool = Field(
        default=False,
        description="Put the offers' name and email columns beside each offer and its partner "
        "in pairs (personal data: left out unless asked for), as --include-personal",
    )
    sheet: SheetName = None


class SwapForm(SwapOptions, CsrfToken):
    """The page's form (with the session's CSRF token)."""


OffersFile = Annotated[
    UploadFile,
    File(
        description="Swap offers: a CSV with columns seat, preferred, willing, one voter a "
        "row, optionally id, name and email (as psephos swap FILE)"
    ),
]


async def _match(request: Request, upload: UploadFile, options: SwapOptions) -> dict[str, Any]:
    offers = await form_file(
        upload, "swap-offer file", default_name="offers.csv", sheet=options.sheet
    )
    try:
        answer = await run_heavy(
            request,
            lambda: services.swap_match(
                *offers.named_text,
                election_id=options.election,
                method=options.method.value,
                n_sims=options.sims,
                seed=options.seed,
                include_personal=options.include_personal,
            ),
        )
    except (UnknownConstituencyError, UnknownPartyError) as error:
        # A row of the file names it (the message says which): the upload is wrong, not
        # the address, so 400 as for any other row that does not read.
        raise HTTPException(status_code=400, detail=str(error)) from None
    return {**answer, "notes": file_notes(offers) + answer["notes"]}


def _page(request: Request, options: SwapOptions, status: int = 200, **context: Any) -> Response:
    return render(
        request,
        "swap.html",
        {
            "answer": None,
            "options": options,
            "swap_elections": services.TACTICAL_ELECTIONS,
            "mine": MySwap(),
            "outlook": None,
            **context,
        },
        status_code=status,
    )


class MySwap(BaseModel):
    """One voter's swap, as ``psephos swap --seat --prefer [--willing]`` takes it."""

    seat: str = Field(
        default="", max_length=100, description="The voter's seat: name, ONS code or postcode"
    )
    prefer: str = Field(
        default="", max_length=40, description="The party the voter would like to vote for"
    )
    willing: str = Field(
        default="",
        max_length=40,
        description="The party they would vote for in exchange (blank: each of the seat's two "
        "front-runners that is not the preferred party)",
    )
    election: Annotated[str, Blank, Canonical] = Field(
        default="next", pattern=ELECTION_ID_PATTERN, description="As psephos swap --election"
    )


def _outlook(mine: MySwap) -> dict[str, Any]:
    return services.swap_outlook(
        mine.seat,
        mine.prefer,
        mine.willing,
        election_id=mine.election,
        n_sims=MAX_SIMS,
        seed=SwapOptions().seed,
    )


@router.get("/swap", summary="Vote-swap page: one voter's swap, or matching many")
def swap_page(request: Request, mine: Annotated[MySwap, Query()]) -> Response:
    """The forms: one voter's seat and party (``seat``, ``prefer``, ``willing``: whether a
    swap would help there and where a partner should come from, as ``psephos swap --seat``),
    and the organisers' upload."""
    if not (mine.seat.strip() and mine.prefer.strip()):
        return _page(request, SwapOptions(), mine=mine)
    try:
        outlook = _outlook(mine)
    except PsephosError as error:
        return _page(
            request, SwapOptions(), refusal_status(error), mine=mine, mine_error=refusal(error)
        )
    return _page(request, SwapOptions(), mine=mine, outlook=outlook)


@router.get("/api/swap/mine", summary="One voter's vote swap")
def api_swap_mine(mine: Annotated[MySwap, Query()]) -> Any:
    """Whether a vote swap would help one voter in their ``seat`` (name, ONS code or
    postcode) for the party they ``prefer``, voting ``willing`` instead (blank: the one of the
    seat's two front-runners a vote there helps most), and which seats a partner should come
    from, as ``psephos swap --seat --prefer --format json``: the seat's ``contest``, and in
    ``outlooks`` one for each party the voter might vote for instead (the one given, else each
    of the seat's two front-runners not their own): ``leader``, ``challenger``,
    ``preferred_chance``, ``in_contention``, ``helps``, ``verdict``, ``n_partner_seats`` and
    the best ``partner_seats`` (each party's gain from one swap); and ``partner_needed``.
    A seat or party that is not known: 404; a swap no one can make: 400."""
    if not (mine.seat.strip() and mine.prefer.strip()):
        raise HTTPException(status_code=422, detail="Give seat and prefer.")
    return _outlook(mine)


@router.post("/swap", summary="Match vote-swap offers (form)")
async def swap_form(
    request: Request, form: Annotated[SwapForm, Form()], offers_file: OffersFile
) -> Response:
    """The swaps found among the uploaded offers: who swaps with whom, in which seats, why
    each swap helps both sides, and the offers left unmatched with the reason. A file the
    reader refuses is shown on the page with its reason and its JSON twin's status (400; 404
    for an unknown election; 422 for a file that is not text)."""
    check_csrf(request, form.csrf_token)
    try:
        answer = await _match(request, offers_file, form)
    except (PsephosError, HTTPException) as error:
        return _page(request, form, refusal_status(error), error=refusal(error))
    return _page(
        request,
        form,
        answer=answer,
        swaps_csv=services.swaps_csv(answer["rows"]),
        pairs_csv=pairs_csv(answer["pairs"]),
    )


@router.post("/swap/swaps.csv", summary="Download the swaps found (form)")
def download_swaps(
    request: Request,
    csrf_token: Annotated[str, Form(max_length=200)],
    swaps: Annotated[str, Form(max_length=1_000_000)],
) -> Response:
    """The swaps the page shows, as the CSV file ``psephos swap --format csv`` writes (the
    page holds them, so the offers need not be sent again; the server keeps nothing). Only
    the swap table's own columns are taken (:func:`psephos.io.own_tables.read_own_table`):
    anything else is 422."""
    check_csrf(request, csrf_token)
    try:
        rows = read_own_table(swaps, ROW_COLUMNS, what="table of swaps")
    except DataFormatError:
        raise HTTPException(
            status_code=422, detail="Not a table of swaps; match the offers again."
        ) from None
    return csv_response(services.swaps_csv(rows), "swaps")


@router.post("/swap/pairs.csv", summary="Download who swaps with whom (form)")
def download_pairs(
    request: Request,
    csrf_token: Annotated[str, Form(max_length=200)],
    pairs: Annotated[str, Form(max_length=5_000_000)],
) -> Response:
    """Who swaps with whom as the page found it, as the file ``psephos swap --pairs FILE``
    writes, its byte-order mark included (:func:`psephos.io.export.csv_file_text`; the page
    holds it; the server keeps nothing). Only a table whose header starts
    with :data:`psephos.tactical.swaps.PAIR_COLUMNS` is taken
    (:func:`psephos.io.own_tables.read_own_table`): anything else is 422."""
    check_csrf(request, csrf_token)
    try:
        rows = read_own_table(
            pairs, PAIR_COLUMNS, optional=PERSONAL_PAIR_COLUMNS, what="table of pairs"
        )
    except DataFormatError:
        raise HTTPException(
            status_code=422, detail="Not a table of pairs; match the offers again."
        ) from None
    return csv_response(csv_file_text(pairs_csv(rows)), "swap-pairs")


@router.post("/api/swap", summary="Match vote-swap offers")
async def api_swap(
    request: Request,
    form: Annotated[SwapOptions, Form()],
    offers_file: OffersFile,
    format: Annotated[
        TableFormat, Query(description="json, or csv: the swaps as psephos swap --format csv")
    ] = TableFormat.json,
) -> Any:
    """Multipart upload of vote-swap offers (``offers_file``: a CSV with columns ``seat``,
    ``preferred``, ``willing``, one voter a row) matched across seats so that both sides'
    parties gain, as ``psephos swap --format json``: ``offers``, ``swaps``,
    ``total_gain_expected_seats``, ``method``, ``source``, a row per matched pair of offer
    kinds (``a_code``, ``a_name``, ``a_prefers``, ``a_votes``, the same for ``b``, ``pairs``,
    each party's gain in expected seats and ``why`` the swap helps both), the
    ``unmatched`` offers with their ``reason``, and who swaps with whom, ``pairs`` (a row per
    offer: its row of the file and ``id``, and its partner's, or why it is unmatched; each
    side's ``name`` and ``email`` only with ``include_personal=true``); with the table's
    ``title``, each party's ``labels`` and ``notes`` (a file that was not UTF-8, columns
    ignored, rows copied, a seat of the other boundary set followed). A file that does not
    read, names a seat or party that is not known or an offer no swap can honour: 400 with
    the command's message naming the row; an unknown election: 404. ``format=csv``: the
    swaps as the file ``psephos swap --format csv`` writes, ``swaps.csv``."""
    answer = await _match(request, offers_file, form)
    if format is TableFormat.csv:
        return csv_response(services.swaps_csv(answer["rows"]), "swaps")
    return answer

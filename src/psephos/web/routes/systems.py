"""Other electoral systems: the same votes counted under list PR, AMS, AV and STV, with the
Gallagher index (:mod:`psephos.systems`, as ``psephos systems``).

The page and its JSON twin take what the command takes, read by the same functions: an
election of any bundled country or an uploaded results file, the systems, STV's members per
district and a second-preference file for AV and STV
(:func:`psephos.systems.configured_systems`)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from psephos.bounds import NUMBER_BOUNDS
from psephos.systems import threshold_scope
from psephos.web import services
from psephos.web.context import (
    Attempt,
    FileText,
    NavItem,
    attempt,
    check_csrf,
    default_election,
    file_notes,
    form_file_text,
    kept_or_uploaded,
    render,
)
from psephos.web.limits import run_heavy
from psephos.web.schemas import (
    ELECTION_ID_PATTERN,
    Blank,
    Canonical,
    CsrfToken,
    KeptResultsFile,
    ResultsUnknownParties,
    SheetName,
)

router = APIRouter()
NAV = (NavItem("Other systems", "/systems", order=42),)


class SystemsQuery(BaseModel):
    """The query of the systems page and its JSON twin (the options of ``psephos systems``)."""

    election: Annotated[str | None, Canonical] = Field(default=None, pattern=ELECTION_ID_PATTERN)
    system: list[Annotated[str, Field(max_length=40)]] = Field(
        default=[],
        max_length=12,
        description="System keys, repeatable (default: every registered system)",
    )
    district_size: Annotated[int | None, Blank] = Field(
        default=None,
        # the range of psephos systems --district-size
        ge=NUMBER_BOUNDS["district_size"].low,
        le=NUMBER_BOUNDS["district_size"].high,
        description="Members per STV district, about (default: 5), as psephos systems "
        "--district-size",
    )
    threshold: Annotated[float | None, Blank] = Field(
        default=None,
        # the range of psephos systems --threshold
        ge=NUMBER_BOUNDS["threshold"].low,
        le=NUMBER_BOUNDS["threshold"].high,
        allow_inf_nan=False,
        description="Legal threshold of the list PR systems, in percent (default: none), "
        f"{threshold_scope()}, as psephos systems --threshold",
    )

    def query_string(self, election: str | None) -> str:
        """Every input as given (blanks left out; files are not in it): the JSON twin's
        query."""
        params: list[tuple[str, str]] = [("election", election or "")]
        params += [("system", key) for key in self.system]
        params.append(
            ("district_size", "" if self.district_size is None else str(self.district_size))
        )
        params.append(("threshold", "" if self.threshold is None else f"{self.threshold:g}"))
        return urlencode([(name, value) for name, value in params if value.strip()])


class SystemsFiles(SystemsQuery):
    """The query posted with files: also how a results file's party psephos does not know is
    read (as ``psephos systems --unknown-parties``)."""

    unknown_parties: ResultsUnknownParties = "error"


class ResultsFilePageBoxes(BaseModel):
    """The results file page's own boxes, which its "Count it under other systems" button
    sends to this page with the file (a button sends every box of its form): taken, so that
    the button is not refused for them (:func:`psephos.web.context.refuse_unknown_form`), and
    not used: the file is counted under other systems as it was uploaded."""

    seat: str | None = Field(default=None, max_length=100)
    poll: str | None = Field(default=None, max_length=300)
    areas: str | None = Field(default=None, max_length=5000)
    model: str | None = Field(default=None, max_length=40)


class SystemsForm(SystemsFiles, KeptResultsFile, ResultsFilePageBoxes, CsrfToken):
    """The systems form posted with files (with the session's CSRF token, and a results file
    read before: the one the page counted, or the one the results file page sends on, with
    that page's other boxes: :class:`ResultsFilePageBoxes`)."""


Systems = Annotated[SystemsQuery, Query()]
TransfersFile = Annotated[
    UploadFile | None,
    File(
        description="Second-preference CSV for AV and STV, columns from, to, share (percent; "
        "to=none for plumpers), as psephos systems --transfers"
    ),
]
ResultsFile = Annotated[
    UploadFile | None,
    File(
        description="Results CSV, columns seat_code, seat_name, party, votes, counted instead "
        "of the election (as psephos systems FILE.csv)"
    ),
]


async def _answer(
    request: Request,
    query: SystemsQuery,
    transfers_file: FileText | None = None,
    results_file: FileText | None = None,
) -> dict[str, Any]:
    """The library's answer (cached for an election without files; never changed here) with
    ``notes``: one for each file read as Windows-1252, then the readers' own."""
    election = query.election or default_election(request)
    answer = await run_heavy(
        request,
        lambda: services.electoral_systems(
            election,
            query.system,
            district_size=query.district_size,
            threshold=query.threshold,
            transfers_file=None if transfers_file is None else transfers_file.named_text,
            results_file=None if results_file is None else results_file.named_text,
            unknown_parties=getattr(query, "unknown_parties", "error"),
        ),
    )
    notes = file_notes(results_file, transfers_file) + answer.get("notes", [])
    return {**answer, "notes": notes}


async def _page(
    request: Request,
    query: SystemsQuery,
    transfers_file: FileText | None = None,
    results_file: FileText | None = None,
    *,
    refused: HTTPException | None = None,
) -> Response:
    """The page: the library's answer, or its refusal said above the form, which keeps what
    was typed, with the JSON twin's status; ``refused``: an upload refused before any answer
    (a file that is not text), said there with its own status."""
    tried = (
        Attempt.refused(refused)
        if refused is not None
        else await attempt(_answer(request, query, transfers_file, results_file))
    )
    answer = tried.answer
    # a results file counted instead of an election: none (the form offers the default)
    election = answer["election"] if answer else query.election or default_election(request)
    return render(
        request,
        "systems.html",
        {
            "answer": answer,
            "error": tried.error,
            "query": query,
            "election": election,
            "twin": query.query_string(election),
            "threshold_scope": threshold_scope(),  # the systems a threshold changes
            "elections": services.election_list(every_country=True),
            # the results file counted, kept in the file form for its next post
            "kept": results_file,
        },
        tried.status,
    )


@router.get("/systems", summary="Other electoral systems page")
async def systems_page(request: Request, query: Systems) -> Response:
    """Seats per party under each system, a stacked bar per system, the Gallagher index. An
    input the library refuses (an unknown system, a district size the election cannot make)
    is said above the form, kept as typed."""
    return await _page(request, query)


@router.post("/systems", summary="Other electoral systems page with files (form)")
async def systems_form(
    request: Request,
    form: Annotated[SystemsForm, Form()],
    transfers_file: TransfersFile = None,
    results_file: ResultsFile = None,
    transfers_sheet: SheetName = None,
    results_sheet: SheetName = None,
) -> Response:
    """The systems page's form with a second-preference file and/or a results file."""
    check_csrf(request, form.csrf_token)
    try:
        transfers = await form_file_text(transfers_file, "transfer file", sheet=transfers_sheet)
        results = await kept_or_uploaded(results_file, form, sheet=results_sheet)
    except HTTPException as error:  # not text: said above the form, as a refusal is
        return await _page(request, form, refused=error)
    return await _page(request, form, transfers, results)


@router.get("/api/systems", summary="Seats under other electoral systems")
async def api_systems(request: Request, query: Systems) -> dict[str, Any]:
    """Seats per party under each electoral system, with each party's votes, votes per seat
    won and wasted votes under each (``rows``), and disproportionality (Gallagher),
    effective numbers of parties and wasted votes (``systems``); ``district_size``: members
    per STV district; ``threshold``: the list PR systems' legal threshold, in percent of the
    vote in each list's area (the nation's, a region's). Unknown system keys: 400 naming the
    known ones."""
    return await _answer(request, query)


@router.post("/api/systems", summary="Seats under other electoral systems, with files")
async def api_systems_files(
    request: Request,
    form: Annotated[SystemsFiles, Form()],
    transfers_file: TransfersFile = None,
    results_file: ResultsFile = None,
    transfers_sheet: SheetName = None,
    results_sheet: SheetName = None,
) -> dict[str, Any]:
    """As ``GET /api/systems``, with a second-preference CSV for AV and STV
    (``transfers_file``: ``from,to,share``, as ``psephos systems --transfers``) and/or a
    results CSV counted instead of the election (``results_file``:
    ``seat_code,seat_name,party,votes``; ``unknown_parties``: how its parties psephos does not
    know are read, as ``--unknown-parties``), as a multipart upload (an .xlsx workbook's first
    sheet, or the one ``transfers_sheet`` or ``results_sheet`` names; a results file headed
    ``Constituency,Party,Votes``, without seat codes, knows its seats by name); ``notes`` has
    one for each file that was not UTF-8 (read as Windows-1252), then the notes the command
    prints (a results file without seat codes)."""
    return await _answer(
        request,
        form,
        await form_file_text(transfers_file, "transfer file", sheet=transfers_sheet),
        await form_file_text(results_file, "results file", sheet=results_sheet),
    )

"""Target lists: the seats a party should attack (or defend) against another, ranked, with
margin and win probability (:mod:`psephos.targeting.targets`, as ``psephos target``), from the
analytic margin model or the Monte Carlo forecast (``method``, as ``--method``), on a bundled
election or on a user's own results file (posted with the page's "Your own results" form, as
``psephos target FILE``; the file kept in the form for the next post, as the results file
page keeps it)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal, get_args
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from psephos.bounds import NUMBER_BOUNDS
from psephos.io.export import csv_text
from psephos.projection import DEFAULT_MODEL
from psephos.targeting.sensitivity import DEFAULT_NATIONAL_SD
from psephos.targeting.targets import FORECAST_SEED, LISTED_TARGETS, Method
from psephos.web import services
from psephos.web.context import (
    Attempt,
    CountryField,
    FileText,
    NavItem,
    attempt,
    attempt_on_kept_file,
    check_csrf,
    country_switch,
    country_switch_note,
    csv_response,
    default_election,
    file_notes,
    form_file,
    poll_example,
    render,
    required_kept_file,
    reset_fields,
)
from psephos.web.limits import run_heavy
from psephos.web.schemas import (
    ELECTION_ID_PATTERN,
    SWING_PATTERN,
    TABLE_RESPONSES,
    AreaSharesField,
    Blank,
    Canonical,
    CsrfToken,
    FormatQuery,
    KeptResultsFile,
    ModelName,
    ResultsUnknownParties,
    SheetName,
    TableFormat,
)

router = APIRouter()
NAV = (NavItem("Target lists", "/targets", order=32),)
_PARTY = r"^[A-Za-z][A-Za-z .'-]{0,39}$"


class ListKind(StrEnum):
    """Attack the defender's seats, or defend the attacker's."""

    attack = "attack"
    defend = "defend"


class RankBy(StrEnum):
    """Win probability gained per extra vote, or smallest margin first."""

    sensitivity = "sensitivity"
    margin = "margin"


#: How win probabilities are found: the analytic margin model or the Monte Carlo forecast
#: (:data:`psephos.targeting.targets.Method`).
TargetMethod = StrEnum("TargetMethod", [(name, name) for name in get_args(Method)])  # type: ignore[misc]


class TargetsQuery(BaseModel):
    """The query of the target-list page and its JSON twin."""

    election: Annotated[str | None, Canonical] = Field(default=None, pattern=ELECTION_ID_PATTERN)
    attacker: str | None = Field(
        default=None,
        max_length=40,
        pattern=_PARTY,
        title="Party",
        description="The attacking party (default: the election's country's, Lab in the UK, "
        "LPC in Canada)",
    )
    defender: str | None = Field(
        default=None,
        max_length=40,
        pattern=_PARTY,
        title="Against",
        description="The party it is against (default: Con in the UK, CPC in Canada)",
    )
    kind: ListKind = ListKind.attack
    rank: RankBy = RankBy.sensitivity
    top: Annotated[int, Blank] = Field(
        default=LISTED_TARGETS,
        ge=1,
        le=650,
        title="Seats",
        description=f"How many seats to list (default {LISTED_TARGETS}, as psephos target --top)",
    )
    swing: str | None = Field(
        default=None,
        max_length=200,
        pattern=SWING_PATTERN,
        title="National swing (points)",
        description="National swing scenario in GB share points, e.g. 'Lab=+3,Con=-2.5' (as "
        "psephos target --swing)",
    )
    poll: str | None = Field(
        default=None,
        max_length=300,
        description="Project the base to this poll first, e.g. 'Lab 30 Con 20 Reform 25 LD 12 "
        "Green 8' (as psephos target --poll)",
    )
    areas: AreaSharesField = None
    model: ModelName = Field(
        default=ModelName(DEFAULT_MODEL), description="Swing model for the poll or swing"
    )
    find: str | None = Field(
        default=None,
        max_length=100,
        description="Also say where this seat (code or name) ranks on the full list",
    )
    national_sd: Annotated[float, Blank] = Field(
        default=DEFAULT_NATIONAL_SD,
        gt=0,  # a spread of none is no uncertainty: above psephos target's 0
        le=NUMBER_BOUNDS["national_sd"].high,
        title="National uncertainty (share units)",
        description="Uncertainty of the national scenario on a margin, share units",
    )
    votes_per_hour: Annotated[float, Blank] = Field(
        default=services.DEFAULT_VOTES_PER_HOUR,
        gt=0,  # the range of psephos target --votes-per-hour
        le=NUMBER_BOUNDS["votes_per_hour"].high,
        title="Net votes per canvassing hour",
        description="Net extra votes per canvassing hour",
    )
    method: TargetMethod = Field(
        default=TargetMethod("analytic"),
        title="Win chances from",
        description="analytic (Normal margin model) or forecast (Monte Carlo finite "
        "differences), as psephos target --method",
    )
    seed: str | None = Field(
        default=None,
        pattern=r"^\d{0,9}$",
        title="Seed",
        description=f"Seed for the forecast method (blank: {FORECAST_SEED}, as psephos target "
        "--seed)",
    )

    def seed_value(self) -> int:
        """The forecast's seed (a blank field: the command's default,
        :data:`psephos.targeting.targets.FORECAST_SEED`)."""
        return int(self.seed) if self.seed else FORECAST_SEED

    def query_string(self, election: str) -> str:
        """Every input as given (blanks left out): the JSON twin's query."""
        params = {
            "election": election,
            "attacker": self.attacker or "",
            "defender": self.defender or "",
            "kind": self.kind.value,
            "rank": self.rank.value,
            "top": str(self.top),
            "swing": self.swing or "",
            "poll": self.poll or "",
            "areas": self.areas or "",
            "model": str(self.model.value) if (self.poll or self.swing or self.areas) else "",
            "find": self.find or "",
            "national_sd": "" if self.national_sd == DEFAULT_NATIONAL_SD else str(self.national_sd),
            "votes_per_hour": ""
            if self.votes_per_hour == services.DEFAULT_VOTES_PER_HOUR
            else str(self.votes_per_hour),
            "method": "" if self.method.value == "analytic" else str(self.method.value),
            "seed": self.seed or "" if self.method.value == "forecast" else "",
        }
        return urlencode({name: value for name, value in params.items() if value.strip()})


class TargetsFileQuery(TargetsQuery):
    """The question asked of a user's results file: also how its parties psephos does not know
    are read (as ``psephos target FILE --unknown-parties``) and the sheet of a workbook."""

    unknown_parties: ResultsUnknownParties = "error"
    results_sheet: SheetName = None


class TargetsFileForm(TargetsFileQuery, KeptResultsFile, CsrfToken):
    """The page's "Your own results" form (with the session's CSRF token, and the file it read
    before)."""


Targets = Annotated[TargetsQuery, Query()]
#: The results file of the page's own-results form and of the twin's upload.
RESULTS_FILE_HELP = (
    "Results CSV (or an .xlsx workbook), columns seat_code, seat_name, party, votes, whose "
    "seats are ranked instead of an election's, as psephos target FILE.csv"
)
#: The own-results form's file box: left empty, the file the page kept is used again.
FileBox = Annotated[
    UploadFile | None,
    File(description=f"{RESULTS_FILE_HELP}; left out, the file the page kept is used again"),
]
#: The page's refusal of a post with no file, chosen or kept.
NO_FILE = "Choose a results file (a CSV or an .xlsx workbook) to rank its seats."
#: The fields filled for one country's election: its parties, a swing or poll naming them, a
#: seat (reset when the Election menu is switched to another country's, :func:`country_switch`).
COUNTRY_FIELDS = ("attacker", "defender", "swing", "poll", "areas", "find")


async def _answer(
    request: Request,
    query: TargetsQuery,
    upload: FileText | None = None,
    unknown_parties: Literal["error", "other", "own"] = "error",
) -> dict[str, Any]:
    """The library's answer (``upload``: a results file ranked instead of the election, its
    parties read as ``unknown_parties`` says, with a note for a file read as Windows-1252
    first)."""
    answer = await run_heavy(
        request,
        lambda: services.targets(
            query.election or default_election(request),
            query.attacker,
            query.defender,
            kind=query.kind.value,
            by_margin=query.rank is RankBy.margin,
            top=query.top,
            swing=query.swing or None,
            poll=query.poll.strip() or None if query.poll else None,
            areas=query.areas,
            model=str(query.model.value) if (query.poll or query.swing or query.areas) else None,
            national_sd=query.national_sd,
            votes_per_hour=query.votes_per_hour,
            find=query.find.strip() or None if query.find else None,
            method=str(query.method.value),
            seed=query.seed_value(),
            results_file=None if upload is None else upload.named_text,
            unknown_parties=unknown_parties,
        ),
    )
    return {**answer, "notes": [*file_notes(upload), *answer["notes"]]}


def _page(
    request: Request,
    query: TargetsQuery,
    tried: Attempt[dict[str, Any]],
    election: str,
    *,
    note: str | None = None,
    kept: FileText | None = None,
) -> Response:
    """The page: the answer (or the refusal above the form that keeps what was typed), the
    form, and the own-results form with the file it read kept."""
    answer = tried.answer
    # where the seat looked for ranks, as psephos target --find prints it
    find_line = None if answer is None else next(iter(answer["headline"]), None)
    return render(
        request,
        "targets.html",
        {
            "answer": answer,
            "find_line": find_line,
            "error": tried.error,
            "country_note": note,
            "election": election,
            "example": poll_example(request, election),
            "top": query.top,
            "query": query,
            "elections": services.election_list(every_country=True),
            "models": list(ModelName),
            "methods": list(TargetMethod),
            "kept": kept,
            "unknown_parties": getattr(query, "unknown_parties", "error"),
        },
        tried.status,
    )


@router.get("/targets", summary="Target list page")
async def targets_page(request: Request, query: Targets, country: CountryField = None) -> Response:
    """Election and party pair in; ranked seats with margin and win probability out. An input
    the library refuses (a party the election lacks, the same party twice) is said above the
    form, which keeps what was typed, with the JSON twin's status. The form's Election menu
    switched to another country's election (``country``, the form's hidden field) sets the
    pair, swing, poll and seat to that country's defaults, with a note saying so."""
    election = query.election or default_election(request)
    switched = country_switch(country, election)
    note = None
    if switched is not None:
        query = reset_fields(query, COUNTRY_FIELDS)
        pair = switched.default_pair or ()
        note = country_switch_note(election, pair[:1], pair[1:])
    tried = await attempt(_answer(request, query))
    return _page(request, query, tried, election, note=note)


@router.post("/targets", summary="Target list page for your own results (form)")
async def targets_file_form(
    request: Request,
    form: Annotated[TargetsFileForm, Form()],
    results_file: FileBox = None,
) -> Response:
    """The list ranked on an uploaded results file, as ``psephos target FILE`` ranks it: the
    table, its notes (the reader's, then the seat spread's: measured on the file's country's
    elections, or the documented default), the file kept in the form for the next question. A
    refusal (a file that does not read, a party the file lacks) is said above the form with
    the twin's status."""
    check_csrf(request, form.csrf_token)
    tried, upload = await attempt_on_kept_file(
        results_file,
        form,
        lambda file: _answer(request, form, file, form.unknown_parties),
        sheet=form.results_sheet,
        missing=NO_FILE,
    )
    election = form.election or default_election(request)
    return _page(request, form, tried, election, kept=upload)


@router.get(
    "/api/targets",
    summary="Target (or defence) list for a party pair",
    response_model=None,
    responses=TABLE_RESPONSES,
)
async def api_targets(
    request: Request, query: Targets, format: FormatQuery = TableFormat.json
) -> dict[str, Any] | Response:
    """Seats ranked by win probability gained per extra vote (or by margin), with margin,
    majority in votes and the attacker's win probability under the analytic margin model (or,
    with ``method`` ``forecast`` and its ``seed``, the Monte Carlo forecast's), as
    ``psephos target --format json``: on the base result, a national ``swing`` or the base
    projected to a ``poll`` (with the projection's ``notes``); ``find``: where one seat ranks
    on the full list. ``format=csv``: the listed seats as a CSV file, the columns of
    ``psephos target --format csv``."""
    answer = await _answer(request, query)
    if format is TableFormat.csv:
        return _csv(answer)
    return answer


def _csv(answer: dict[str, Any]) -> Response:
    """A list's listed seats as the CSV file ``psephos target --format csv`` writes, named by
    its pair, kind and base."""
    name = f"{answer['attacker']}-{answer['kind']}-{answer['defender']}-{answer['base']}"
    return csv_response(csv_text(answer["rows"]), f"targets-{name}")


@router.post("/targets/targets.csv", summary="Download your own results' target list (form)")
async def download_file_targets(
    request: Request,
    form: Annotated[TargetsFileForm, Form()],
    results_file: FileBox = None,
) -> Response:
    """The list the page's own-results form ranks (the file chosen, or the one the page
    kept), as the CSV file ``psephos target FILE --format csv`` writes. No file, chosen or
    kept: 422; a file or pair the command refuses: its status and message."""
    check_csrf(request, form.csrf_token)
    upload = await required_kept_file(results_file, form, sheet=form.results_sheet, missing=NO_FILE)
    return _csv(await _answer(request, form, upload, form.unknown_parties))


@router.post(
    "/api/targets",
    summary="Target (or defence) list for your own results",
    response_model=None,
    responses=TABLE_RESPONSES,
)
async def api_targets_file(
    request: Request,
    form: Annotated[TargetsFileQuery, Form()],
    results_file: Annotated[UploadFile, File(description=RESULTS_FILE_HELP)],
    format: FormatQuery = TableFormat.json,
) -> dict[str, Any] | Response:
    """As ``GET /api/targets``, on a results file (multipart ``results_file``:
    ``seat_code,seat_name,party,votes``, a CSV or an .xlsx workbook's first sheet or the one
    ``results_sheet`` names; ``unknown_parties``: how its parties psephos does not know are
    read, as ``--unknown-parties``) as ``psephos target FILE --format json`` ranks it, with
    ``from_file`` true. The seat spread is measured on the file's country's bundled elections
    where it has them, else the documented default, and a note says which. A file that does
    not read: 400 (422 when it is not text); a party it lacks: 404, in the command's words.
    ``format=csv``: the listed seats as a CSV file, as ``psephos target FILE --format csv``."""
    upload = await form_file(
        results_file, "results file", default_name="results.csv", sheet=form.results_sheet
    )
    answer = await _answer(request, form, upload, form.unknown_parties)
    return _csv(answer) if format is TableFormat.csv else answer

"""Target lists: the seats a party should attack (or defend) against another, ranked, with
margin and win probability (:mod:`psephos.targeting.targets`, as ``psephos target``), from the
analytic margin model or the Monte Carlo forecast (``method``, as ``--method``)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, get_args
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from psephos.io.export import csv_text
from psephos.projection import DEFAULT_MODEL
from psephos.targeting.sensitivity import DEFAULT_NATIONAL_SD
from psephos.targeting.targets import FORECAST_SEED, LISTED_TARGETS, Method
from psephos.web import services
from psephos.web.context import (
    CountryField,
    NavItem,
    attempt,
    country_switch,
    country_switch_note,
    csv_response,
    default_election,
    poll_example,
    render,
    reset_fields,
)
from psephos.web.limits import run_heavy
from psephos.web.schemas import (
    ELECTION_ID_PATTERN,
    SWING_PATTERN,
    TABLE_RESPONSES,
    Blank,
    Canonical,
    FormatQuery,
    ModelName,
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
        gt=0,
        le=0.5,
        title="National uncertainty (share units)",
        description="Uncertainty of the national scenario on a margin, share units",
    )
    votes_per_hour: Annotated[float, Blank] = Field(
        default=services.DEFAULT_VOTES_PER_HOUR,
        gt=0,
        le=10,
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
            "model": str(self.model.value) if (self.poll or self.swing) else "",
            "find": self.find or "",
            "national_sd": "" if self.national_sd == DEFAULT_NATIONAL_SD else str(self.national_sd),
            "votes_per_hour": ""
            if self.votes_per_hour == services.DEFAULT_VOTES_PER_HOUR
            else str(self.votes_per_hour),
            "method": "" if self.method.value == "analytic" else str(self.method.value),
            "seed": self.seed or "" if self.method.value == "forecast" else "",
        }
        return urlencode({name: value for name, value in params.items() if value.strip()})


Targets = Annotated[TargetsQuery, Query()]
#: The fields filled for one country's election: its parties, a swing or poll naming them, a
#: seat (reset when the Election menu is switched to another country's, :func:`country_switch`).
COUNTRY_FIELDS = ("attacker", "defender", "swing", "poll", "find")


async def _answer(request: Request, query: TargetsQuery) -> dict[str, Any]:
    return await run_heavy(
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
            model=str(query.model.value) if (query.poll or query.swing) else None,
            national_sd=query.national_sd,
            votes_per_hour=query.votes_per_hour,
            find=query.find.strip() or None if query.find else None,
            method=str(query.method.value),
            seed=query.seed_value(),
        ),
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
        },
        tried.status,
    )


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
        name = f"{answer['attacker']}-{query.kind.value}-{answer['defender']}-{answer['base']}"
        return csv_response(csv_text(answer["seats"]), f"targets-{name}")
    return answer

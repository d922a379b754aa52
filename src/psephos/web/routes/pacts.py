"""Electoral pacts: bloc parties stand aside for each other; the ledger of who stood aside
where and what each party gained or gave up (:mod:`psephos.pacts`, as ``psephos pact``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from psephos.web import services
from psephos.web.context import NavItem, default_election, render
from psephos.web.limits import heavy_slot
from psephos.web.schemas import ELECTION_ID_PATTERN

router = APIRouter()
NAV = (NavItem("Pacts", "/pacts", order=44),)

ElectionQuery = Annotated[str | None, Query(pattern=ELECTION_ID_PATTERN)]
BlocQuery = Annotated[
    str | None,
    Query(
        max_length=120,
        pattern=r"^[A-Za-z][A-Za-z .,'-]{0,119}$",
        description="Comma-separated bloc parties, e.g. 'Lab,LD,Green'",
    ),
]
#: Optimiser: most stand-downs by any one party (a blank form field means no limit).
LimitQuery = Annotated[
    str | None, Query(pattern=r"^\d{0,3}$", description="Optimiser: most stand-downs per party")
]
DEFAULT_BLOC = "Lab,LD,Green"


async def _answer(
    request: Request,
    election: str | None,
    bloc: str | None,
    optimise: bool,
    max_per_party: str | None,
) -> dict[str, Any]:
    limit = int(max_per_party) if max_per_party else None
    parties = [p.strip() for p in (bloc or DEFAULT_BLOC).split(",") if p.strip()]
    with heavy_slot(request):
        return await run_in_threadpool(
            lambda: services.pact(
                election or default_election(request),
                parties,
                optimise=optimise,
                max_per_party=limit,
            )
        )


@router.get("/pacts", summary="Electoral pact page")
async def pact_page(
    request: Request,
    election: ElectionQuery = None,
    bloc: BlocQuery = None,
    optimise: bool = False,
    max_per_party: LimitQuery = None,
) -> Response:
    """Election and bloc in; seats before and after and the stand-down ledger out."""
    answer = await _answer(request, election, bloc, optimise, max_per_party)
    changed = [row for row in answer["ledger"] if row["winner_before"] != row["winner_after"]]
    return render(
        request,
        "pacts.html",
        {"answer": answer, "bloc": bloc or DEFAULT_BLOC, "changed": changed},
    )


@router.get("/api/pacts", summary="Simulate or optimise an electoral pact")
async def api_pact(
    request: Request,
    election: ElectionQuery = None,
    bloc: BlocQuery = None,
    optimise: bool = False,
    max_per_party: LimitQuery = None,
) -> dict[str, Any]:
    """Seats per party before and after the pact and the ledger of stand-downs (default: the
    best-placed bloc party stands in each seat; ``optimise``: the integer programme's choice,
    at most ``max_per_party`` stand-downs by any one party)."""
    return await _answer(request, election, bloc, optimise, max_per_party)

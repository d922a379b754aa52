"""Electoral pacts: bloc parties stand aside for each other; the ledger of who stood aside
where and what each party gained or gave up (:mod:`psephos.pacts`, as ``psephos pact``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from psephos.web import services
from psephos.web.context import NavItem, default_election, render
from psephos.web.limits import heavy_slot
from psephos.web.schemas import ELECTION_ID_PATTERN

router = APIRouter()
NAV = (NavItem("Pacts", "/pacts", order=44),)

DEFAULT_BLOC = "Lab,LD,Green"


class PactQuery(BaseModel):
    """The query of the pact page and its JSON twin."""

    election: str | None = Field(default=None, pattern=ELECTION_ID_PATTERN)
    bloc: str | None = Field(
        default=None,
        max_length=120,
        pattern=r"^[A-Za-z][A-Za-z .,'-]{0,119}$",
        description="Comma-separated bloc parties, e.g. 'Lab,LD,Green'",
    )
    optimise: bool = False
    #: a blank form field means no limit
    max_per_party: str | None = Field(
        default=None, pattern=r"^\d{0,3}$", description="Optimiser: most stand-downs per party"
    )


Pact = Annotated[PactQuery, Query()]


async def _answer(request: Request, query: PactQuery) -> dict[str, Any]:
    limit = int(query.max_per_party) if query.max_per_party else None
    parties = [p.strip() for p in (query.bloc or DEFAULT_BLOC).split(",") if p.strip()]
    with heavy_slot(request):
        return await run_in_threadpool(
            lambda: services.pact(
                query.election or default_election(request),
                parties,
                optimise=query.optimise,
                max_per_party=limit,
            )
        )


@router.get("/pacts", summary="Electoral pact page")
async def pact_page(request: Request, query: Pact) -> Response:
    """Election and bloc in; seats before and after and the stand-down ledger out."""
    answer = await _answer(request, query)
    changed = [row for row in answer["ledger"] if row["winner_before"] != row["winner_after"]]
    return render(
        request,
        "pacts.html",
        {"answer": answer, "bloc": query.bloc or DEFAULT_BLOC, "changed": changed},
    )


@router.get("/api/pacts", summary="Simulate or optimise an electoral pact")
async def api_pact(request: Request, query: Pact) -> dict[str, Any]:
    """Seats per party before and after the pact and the ledger of stand-downs (default: the
    best-placed bloc party stands in each seat; ``optimise``: the integer programme's choice,
    at most ``max_per_party`` stand-downs by any one party)."""
    return await _answer(request, query)

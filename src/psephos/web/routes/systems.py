"""Other electoral systems: the same votes counted under list PR, AMS, AV and STV, with the
Gallagher index (:mod:`psephos.systems`, as ``psephos systems``)."""

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
NAV = (NavItem("Other systems", "/systems", order=42),)

ElectionQuery = Annotated[str | None, Query(pattern=ELECTION_ID_PATTERN)]
SystemList = Annotated[
    list[Annotated[str, Query(max_length=40)]],
    Query(max_length=12, description="System keys (default: every registered system)"),
]


async def _answer(request: Request, election: str | None, system: list[str]) -> dict[str, Any]:
    with heavy_slot(request):
        return await run_in_threadpool(
            services.electoral_systems, election or default_election(request), system
        )


@router.get("/systems", summary="Other electoral systems page")
async def systems_page(
    request: Request,
    election: ElectionQuery = None,
    system: SystemList = [],  # noqa: B006 (FastAPI copies query defaults)
) -> Response:
    """Seats per party under each system, a stacked bar per system, the Gallagher index."""
    answer = await _answer(request, election, system)
    return render(request, "systems.html", {"answer": answer})


@router.get("/api/systems", summary="Seats under other electoral systems")
async def api_systems(
    request: Request,
    election: ElectionQuery = None,
    system: SystemList = [],  # noqa: B006
) -> dict[str, Any]:
    """Seats per party under each electoral system, with disproportionality (Gallagher) and
    effective numbers of parties. Unknown system keys: 400 naming the known ones."""
    return await _answer(request, election, system)

"""Forecast: a poll in, seat intervals and majority / hung-parliament chances out
(:mod:`psephos.forecast`, as ``psephos forecast``; 2,000 simulations, fixed seed)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from psephos.projection import DEFAULT_MODEL, MODELS
from psephos.web import services
from psephos.web.context import NavItem, default_election, render
from psephos.web.limits import heavy_slot
from psephos.web.schemas import ELECTION_ID_PATTERN, ModelName, PollText

router = APIRouter()
NAV = (NavItem("Forecast", "/forecast", order=17),)

ElectionQuery = Annotated[str | None, Query(pattern=ELECTION_ID_PATTERN)]
#: Simulations per page: enough for the headline chances, quick enough for a page.
N_SIMS = 2000


async def _answer(
    request: Request, base: str | None, poll: str | None, model: Any
) -> dict[str, Any]:
    with heavy_slot(request):
        return await run_in_threadpool(
            lambda: services.forecast_poll(
                base or default_election(request),
                (poll or "").strip() or None,
                str(model.value),
                n_sims=N_SIMS,
            )
        )


@router.get("/forecast", summary="Forecast page")
async def forecast_page(
    request: Request,
    base: ElectionQuery = None,
    poll: PollText = None,
    model: ModelName = ModelName(DEFAULT_MODEL),
) -> Response:
    """A poll in; each party's seat range, majority chances and the hung-parliament chance."""
    answer = await _answer(request, base, poll, model)
    return render(
        request,
        "forecast.html",
        # the model the form shows: the one asked for, else the engine's default
        {"answer": answer, "models": list(MODELS), "model": str(model.value)},
    )


@router.get("/api/forecast", summary="Seat forecast from a poll")
async def api_forecast(
    request: Request,
    base: ElectionQuery = None,
    poll: PollText = None,
    model: ModelName = ModelName(DEFAULT_MODEL),
) -> dict[str, Any]:
    """Expected seats, 90% intervals, majority chances per party and P(hung parliament)
    (2,000 simulations, fixed seed). A heavy endpoint: 503 with ``Retry-After`` when too
    many are running."""
    return await _answer(request, base, poll, model)

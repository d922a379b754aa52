"""Exit-poll estimator: emulate a past election's exit poll from a random sample of seats and
compare it with the result and the broadcasters' own exit poll
(:mod:`psephos.forecast.exitpoll`, as ``psephos exitpoll emulate``)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from psephos.web import services
from psephos.web.context import NavItem, render
from psephos.web.limits import heavy_slot

router = APIRouter()
NAV = (NavItem("Exit poll", "/exit-poll", order=48),)


class ExitPollElection(StrEnum):
    """Elections with results and a base on the same boundaries."""

    e2024 = "2024"
    e2019 = "2019"
    e2017 = "2017"
    e2015 = "2015"


class Estimator(StrEnum):
    """Partial pooling by region and seat type, or the Curtice-Firth ridge regression."""

    pooled = "pooled"
    linear = "linear"


SampleQuery = Annotated[
    int, Query(ge=2, le=632, description="Seats in the sample (the 'exit poll'), 2-632")
]
SeedQuery = Annotated[int, Query(ge=0, le=2**31 - 1, description="Random seed for the sample")]


async def _answer(
    request: Request, election: ExitPollElection, seats: int, seed: int, estimator: Estimator
) -> dict[str, Any]:
    with heavy_slot(request):
        return await run_in_threadpool(
            lambda: services.exit_poll_emulation(
                election.value, seats, seed=seed, estimator=estimator.value
            )
        )


@router.get("/exit-poll", summary="Exit-poll estimator page")
async def exit_poll_page(
    request: Request,
    election: ExitPollElection = ExitPollElection.e2024,
    seats: SampleQuery = 100,
    seed: SeedQuery = 12,
    estimator: Estimator = Estimator.pooled,
) -> Response:
    """Election, sample size and seed in; seats per party with 90% ranges beside the result
    and the broadcasters' exit poll, and a map of each seat's favourite."""
    answer = await _answer(request, election, seats, seed, estimator)
    return render(request, "exitpoll.html", {"answer": answer})


@router.get("/api/exit-poll", summary="Emulate an exit poll from sampled seats")
async def api_exit_poll(
    request: Request,
    election: ExitPollElection = ExitPollElection.e2024,
    seats: SampleQuery = 100,
    seed: SeedQuery = 12,
    estimator: Estimator = Estimator.pooled,
) -> dict[str, Any]:
    """One exit poll from ``seats`` random Great Britain seats' results (measured with sampling
    error): expected seats per party with a 90% range (seats treated as independent, so too
    narrow), the actual result, the broadcasters' exit poll, and the back-test over 50 samples
    (mean per-party absolute seat error, as ``psephos exitpoll emulate``)."""
    return await _answer(request, election, seats, seed, estimator)

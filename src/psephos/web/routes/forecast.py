"""Forecast: a poll in, seat intervals and majority / hung-parliament chances out
(:mod:`psephos.forecast`, as ``psephos forecast``; 2,000 simulations, fixed seed). The poll may
be an uploaded poll table, whose final week's mean is forecast, as ``psephos forecast --poll
FILE`` forecasts it (:mod:`psephos.web.routes.polls`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import Response

from psephos.errors import InvalidSharesError, PsephosError, UnknownPartyError
from psephos.projection import DEFAULT_MODEL, MODELS
from psephos.web import services
from psephos.web.context import (
    NavItem,
    check_csrf,
    default_election,
    error_status,
    refusal,
    render,
)
from psephos.web.limits import run_heavy
from psephos.web.routes.polls import PollFile, PollTableForm, uploaded_average
from psephos.web.schemas import ELECTION_ID_PATTERN, ModelName, PollText

router = APIRouter()
NAV = (NavItem("Forecast", "/forecast", order=17),)

ElectionQuery = Annotated[str | None, Query(pattern=ELECTION_ID_PATTERN)]
#: Simulations per page: enough for the headline chances, quick enough for a page.
N_SIMS = 2000


async def _answer(
    request: Request, base: str | None, poll: str | None, model: Any
) -> dict[str, Any]:
    return await run_heavy(
        request,
        lambda: services.forecast_poll(
            base or default_election(request),
            (poll or "").strip() or None,
            str(model.value),
            n_sims=N_SIMS,
        ),
    )


def _page(
    request: Request,
    answer: dict[str, Any] | None,
    model: Any,
    *,
    base: str | None = None,
    error: str | None = None,
    poll: str | None = None,
    status_code: int = 422,
) -> Response:
    return render(
        request,
        "forecast.html",
        # the model the form shows: the one asked for, else the engine's default
        {
            "answer": answer,
            "models": list(MODELS),
            "model": str(model.value),
            "base": answer["base"] if answer else base or default_election(request),
            "error": error,
            "poll": answer["poll"] if answer else poll,
        },
        status_code if error else 200,
    )


@router.get("/forecast", summary="Forecast page")
async def forecast_page(
    request: Request,
    base: ElectionQuery = None,
    poll: PollText = None,
    model: ModelName = ModelName(DEFAULT_MODEL),
) -> Response:
    """A poll in; each party's seat range, majority chances and the hung-parliament chance.
    A poll the reader refuses is shown above the form with the reader's message, the poll
    left in its box to correct, with the status its JSON twin gives (400; 404 for an unknown
    party), as the swingometer shows it."""
    try:
        answer = await _answer(request, base, poll, model)
    except (InvalidSharesError, UnknownPartyError) as problem:
        return _page(
            request,
            None,
            model,
            base=base,
            error=refusal(problem),
            poll=poll,
            status_code=error_status(problem),
        )
    return _page(request, answer, model)


@router.post("/forecast", summary="Forecast from a poll table (form)")
async def forecast_poll_table(
    request: Request, form: Annotated[PollTableForm, Form()], poll_file: PollFile
) -> Response:
    """An uploaded poll table's final-week mean forecast as that poll typed in would be (the
    poll box is filled with it, to adjust from there), with what was averaged and left out.
    A file the reader refuses, or a mean the projection refuses, is shown on the page with its
    reason (422)."""
    check_csrf(request, form.csrf_token)
    try:
        average = await uploaded_average(
            poll_file, form, base=form.base or default_election(request)
        )
        answer = await _answer(request, form.base, average["poll"], form.model)
    except (PsephosError, HTTPException) as error:
        return _page(request, None, form.model, base=form.base, error=refusal(error))
    answer["notes"] = average["notes"] + answer["notes"]
    return _page(request, answer, form.model)


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

"""Replay a past results night: the projection after any number of seats had declared, beside
the plain regional swing of the declared seats and the final result, and the night's
convergence chart, through the replay of ``psephos nowcast replay``
(:func:`psephos.forecast.nowcast.replay`, :func:`psephos.web.services.night_replay`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from psephos.forecast.nowcast import CHECKPOINTS, replay_nights
from psephos.jurisdictions import UK
from psephos.results.night import TOO_EARLY_SEATS
from psephos.web import services
from psephos.web.context import NavItem, render
from psephos.web.limits import run_heavy
from psephos.web.schemas import ELECTION_ID_PATTERN, Blank, Canonical

router = APIRouter()
NAV = (NavItem("Replay a night", "/results-night/replay", order=61),)

#: Most seats any bundled night has (the UK's 650): a count above a night's own seats is
#: refused by :func:`psephos.web.services.night_replay`, naming that night's.
MAX_DECLARED = 650


class ReplayQuery(BaseModel):
    """The query of the replay page, its JSON twin and its chart."""

    election: Annotated[str, Canonical] = Field(
        default=UK.latest_id,
        pattern=ELECTION_ID_PATTERN,
        description="The night to replay, as psephos nowcast replay takes it: "
        + ", ".join(replay_nights()),
    )
    declared: Annotated[int, Blank] = Field(
        default=services.REPLAY_DECLARED,
        ge=1,
        le=MAX_DECLARED,
        description="Seats declared, from 1 to the night's seats (650; canada-2021: 338)",
    )


Replay = Annotated[ReplayQuery, Query()]


async def _answer(request: Request, query: ReplayQuery) -> dict[str, Any]:
    return await run_heavy(request, lambda: services.night_replay(query.election, query.declared))


@router.get("/results-night/replay", summary="Replay a past results night")
async def night_replay_page(request: Request, query: Replay) -> Response:
    """A past night (``election``) after ``declared`` seats had declared, in the order they
    did: the projection with its 90% range beside the plain regional swing and the result,
    and how the projection's error fell as the night went on."""
    # the chart drawn in the page's own heavy slot, so that the image it links is answered
    # from the cache (a second heavy request of one client's would be refused, 503)
    answer, _ = await run_heavy(
        request,
        lambda: (
            services.night_replay(query.election, query.declared),
            services.replay_chart(query.election, query.declared),
        ),
    )
    # the counts to jump to: the first a projection is shown at, the replay's checkpoints
    # and every seat
    steps = sorted({TOO_EARLY_SEATS, *CHECKPOINTS, answer["n_seats"]})
    context = {
        "answer": answer,
        "nights": replay_nights(),
        "steps": [n for n in steps if n <= answer["n_seats"]],
        "too_early": TOO_EARLY_SEATS,
        "curve_every": services.REPLAY_CURVE_EVERY,
    }
    return render(request, "results_night_replay.html", context)


@router.get("/api/results-night/replay", summary="Replay a past results night")
async def api_night_replay(request: Request, query: Replay) -> dict[str, Any]:
    """The replay page's answer (:func:`psephos.web.services.night_replay`): the projection
    after ``declared`` seats (``rows``: each party's declared, projected, 90% ``low`` and
    ``high``, plain regional swing ``baseline`` and ``final`` seats), what may be said
    (``call``), the total seat errors (``error_nowcast``, ``error_baseline``, as ``psephos
    nowcast replay`` prints them) and the night's convergence ``curve``."""
    return await _answer(request, query)


@router.get(
    "/results-night/replay/chart.svg",
    summary="A replayed night's convergence chart",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}},
)
async def night_replay_chart(request: Request, query: Replay) -> Response:
    """The night's convergence chart as ``psephos nowcast replay ID --chart FILE.svg`` draws
    it (the nowcast's total seat error against seats declared, beside the plain regional
    swing), a dotted line at ``declared``."""
    svg = services.replay_chart_if_cached(query.election, query.declared)
    if svg is None:
        chart = services.replay_chart  # drawn in a slot taken only to draw it
        svg = await run_heavy(request, lambda: chart(query.election, query.declared), gate=False)
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "max-age=3600"})

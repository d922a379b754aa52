"""Coalition builder: tick parties, see whether they command a working majority
(:mod:`psephos.government`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from psephos.web import services
from psephos.web.context import NavItem, default_election, render
from psephos.web.schemas import ELECTION_ID_PATTERN

router = APIRouter()
NAV = (NavItem("Coalition builder", "/coalitions", order=40),)

PartyList = Annotated[
    list[Annotated[str, Query(max_length=40, pattern=r"^[A-Za-z][A-Za-z .'-]{0,39}$")]],
    Query(max_length=20, description="Party codes"),
]
ElectionQuery = Annotated[str | None, Query(pattern=ELECTION_ID_PATTERN)]


def _answer(
    request: Request, election: str | None, government: list[str], supporters: list[str]
) -> dict[str, Any]:
    return services.coalition(election or default_election(request), government, supporters)


@router.get("/coalitions", summary="Coalition builder page")
def coalition_page(
    request: Request,
    election: ElectionQuery = None,
    government: PartyList = [],  # noqa: B006 (FastAPI copies query defaults)
    supporters: PartyList = [],  # noqa: B006
) -> Response:
    """Tick government parties and confidence-and-supply partners; see the arithmetic."""
    answer = _answer(request, election, government, supporters)
    return render(
        request,
        "coalitions.html",
        {
            "answer": answer,
            "government": set(answer["assessment"]["government"].split(" + "))
            if answer["assessment"]
            else set(),
            "supporters": set(filter(None, answer["assessment"]["supporters"].split(" + ")))
            if answer["assessment"]
            else set(),
        },
    )


@router.get("/api/coalitions", summary="Coalition arithmetic")
def api_coalition(
    request: Request,
    election: ElectionQuery = None,
    government: PartyList = [],  # noqa: B006
    supporters: PartyList = [],  # noqa: B006
) -> dict[str, Any]:
    """Majority arithmetic of an arrangement, minimal winning coalitions and voting power."""
    return _answer(request, election, government, supporters)

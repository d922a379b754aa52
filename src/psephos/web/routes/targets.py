"""Target lists: the seats a party should attack (or defend) against another, ranked, with
margin and win probability (:mod:`psephos.targeting.targets`, as ``psephos target``)."""

from __future__ import annotations

from enum import StrEnum
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


class TargetsQuery(BaseModel):
    """The query of the target-list page and its JSON twin."""

    election: str | None = Field(default=None, pattern=ELECTION_ID_PATTERN)
    attacker: str = Field(default="Lab", max_length=40, pattern=_PARTY)
    defender: str = Field(default="Con", max_length=40, pattern=_PARTY)
    kind: ListKind = ListKind.attack
    rank: RankBy = RankBy.sensitivity
    top: int = Field(default=50, ge=1, le=650)


Targets = Annotated[TargetsQuery, Query()]


async def _answer(request: Request, query: TargetsQuery) -> dict[str, Any]:
    with heavy_slot(request):
        return await run_in_threadpool(
            lambda: services.targets(
                query.election or default_election(request),
                query.attacker,
                query.defender,
                kind=query.kind.value,
                by_margin=query.rank is RankBy.margin,
                top=query.top,
            )
        )


@router.get("/targets", summary="Target list page")
async def targets_page(request: Request, query: Targets) -> Response:
    """Election and party pair in; ranked seats with margin and win probability out."""
    answer = await _answer(request, query)
    return render(request, "targets.html", {"answer": answer, "top": query.top})


@router.get("/api/targets", summary="Target (or defence) list for a party pair")
async def api_targets(request: Request, query: Targets) -> dict[str, Any]:
    """Seats ranked by win probability gained per extra vote (or by margin), with margin,
    majority in votes and the attacker's win probability under the analytic margin model."""
    return await _answer(request, query)

"""Target lists: the seats a party should attack (or defend) against another, ranked, with
margin and win probability (:mod:`psephos.targeting.targets`, as ``psephos target``)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from psephos.web import services
from psephos.web.context import NavItem, default_election, render
from psephos.web.limits import heavy_slot
from psephos.web.schemas import ELECTION_ID_PATTERN

router = APIRouter()
NAV = (NavItem("Target lists", "/targets", order=32),)

ElectionQuery = Annotated[str | None, Query(pattern=ELECTION_ID_PATTERN)]
PartyQuery = Annotated[str, Query(max_length=40, pattern=r"^[A-Za-z][A-Za-z .'-]{0,39}$")]


class ListKind(StrEnum):
    """Attack the defender's seats, or defend the attacker's."""

    attack = "attack"
    defend = "defend"


class RankBy(StrEnum):
    """Win probability gained per extra vote, or smallest margin first."""

    sensitivity = "sensitivity"
    margin = "margin"


async def _answer(
    request: Request,
    election: str | None,
    attacker: str,
    defender: str,
    kind: ListKind,
    rank: RankBy,
    top: int,
) -> dict[str, Any]:
    with heavy_slot(request):
        return await run_in_threadpool(
            lambda: services.targets(
                election or default_election(request),
                attacker,
                defender,
                kind=kind.value,
                by_margin=rank is RankBy.margin,
                top=top,
            )
        )


@router.get("/targets", summary="Target list page")
async def targets_page(
    request: Request,
    election: ElectionQuery = None,
    attacker: PartyQuery = "Lab",
    defender: PartyQuery = "Con",
    kind: ListKind = ListKind.attack,
    rank: RankBy = RankBy.sensitivity,
    top: Annotated[int, Query(ge=1, le=650)] = 50,
) -> Response:
    """Election and party pair in; ranked seats with margin and win probability out."""
    answer = await _answer(request, election, attacker, defender, kind, rank, top)
    return render(request, "targets.html", {"answer": answer, "top": top})


@router.get("/api/targets", summary="Target (or defence) list for a party pair")
async def api_targets(
    request: Request,
    election: ElectionQuery = None,
    attacker: PartyQuery = "Lab",
    defender: PartyQuery = "Con",
    kind: ListKind = ListKind.attack,
    rank: RankBy = RankBy.sensitivity,
    top: Annotated[int, Query(ge=1, le=650)] = 50,
) -> dict[str, Any]:
    """Seats ranked by win probability gained per extra vote (or by margin), with margin,
    majority in votes and the attacker's win probability under the analytic margin model."""
    return await _answer(request, election, attacker, defender, kind, rank, top)

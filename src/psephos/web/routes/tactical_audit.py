"""The tactical-voting audit: psephos's pre-election advice beside the real tactical-voting
sites' of 2019 and 2024 (:func:`psephos.tactical.audit`, as ``psephos tactical-audit``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from psephos.projection import MODELS
from psephos.web import services
from psephos.web.context import NavItem, attempt, render
from psephos.web.limits import run_heavy
from psephos.web.schemas import ELECTION_ID_PATTERN

router = APIRouter()
NAV = (NavItem("Tactical audit", "/tactical-audit", order=28),)

#: The pre-election methods besides the projection models (:mod:`psephos.tactical.preelection`).
PRE_ELECTION_METHODS = ("base", "uniform", "mrp")


class AuditQuery(BaseModel):
    """The options of ``psephos tactical-audit`` (a table's, not ``--markdown``)."""

    election: str = Field(
        default="2019", pattern=ELECTION_ID_PATTERN, description="2019 or 2024, as --election"
    )
    method: str | None = Field(
        default=None,
        pattern=r"^[a-z-]{0,40}$",
        description="Pre-election projection: base, uniform, mrp (2024) or a swing model "
        "(default: the engine's model for 2019, the MRP average the sites used for 2024), as "
        "--method",
    )


Audit = Annotated[AuditQuery, Query()]


async def _answer(request: Request, query: AuditQuery) -> dict[str, Any]:
    return await run_heavy(
        request, lambda: services.tactical_audit(query.election, query.method or None)
    )


@router.get("/tactical-audit", summary="Tactical-voting audit page")
async def audit_page(request: Request, query: Audit) -> Response:
    """Each site's agreement with psephos, the consensus seats psephos reproduces, each
    difference with its reason and the seats where the sites disagreed. An input the library
    refuses (an election without bundled site picks, an unknown method) is said above the
    form, kept as typed, with the JSON twin's status."""
    tried = await attempt(_answer(request, query))
    return render(
        request,
        "tactical_audit.html",
        {
            "answer": tried.answer,
            "error": tried.error,
            "election": tried.answer["election"] if tried.answer else query.election,
            "query": query,
            "methods": [*PRE_ELECTION_METHODS, *MODELS],
        },
        tried.status,
    )


@router.get("/api/tactical-audit", summary="psephos's advice against the tactical-voting sites")
async def api_audit(request: Request, query: Audit) -> dict[str, Any]:
    """As ``psephos tactical-audit --format json``: one row per site and goal (``rows``:
    agreement with psephos, how often its pick won), the ``consensus`` per goal, the
    ``differences`` with their reasons, ``pairwise`` agreement between sites, the ``disputed``
    seats and each site's ``changes`` between snapshots, with the table's ``title``. A party is
    a code with its label beside it (``winner``, ``winner_label``). An election without
    bundled site picks, or an unknown method: 400 naming what is allowed."""
    return await _answer(request, query)

"""Turnout scenarios: change turnout in one age group and see which seats flip
(:mod:`psephos.targeting.turnout`, as ``psephos turnout``).

The page and its JSON twin take what the command takes, read by the same function
(:func:`psephos.targeting.turnout.turnout_report`): the age group, the change in points, the
group's vote split or a bundled year's, the adult share, a real election to compare with, and a
poll (with its model) to project the election to first."""

from __future__ import annotations

from dataclasses import replace
from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from psephos.numbers import listed
from psephos.projection import DEFAULT_MODEL
from psephos.targeting.turnout import (
    ADULT_SHARE_RANGE,
    DEFAULT_ADULT_SHARE,
    GROUP_SPLITS,
    GROUPS,
    split_groups,
)
from psephos.targeting.turnout import default_election as default_turnout_election
from psephos.web import services
from psephos.web.context import Attempt, NavItem, attempt, default_election, poll_example, render
from psephos.web.limits import run_heavy
from psephos.web.schemas import ELECTION_ID_PATTERN, AreaSharesField, Blank, Canonical, ModelName

router = APIRouter()
NAV = (NavItem("Turnout", "/turnout", order=34),)

AgeGroup = StrEnum("AgeGroup", [(name, name) for name in GROUPS])  # type: ignore[misc]


class TurnoutQuery(BaseModel):
    """The query of the turnout page and its JSON twin (the options of ``psephos turnout``)."""

    election: Annotated[str | None, Canonical] = Field(
        default=None,
        pattern=ELECTION_ID_PATTERN,
        description="Base election (default: the site's default election where it has a "
        "bundled age split, else the latest that has one, as psephos turnout defaults)",
    )
    group: AgeGroup = Field(default=AgeGroup("18-24"), description="Age group")
    change: Annotated[float | None, Blank] = Field(
        default=None,
        ge=-100,
        le=100,
        description="Turnout change in the group, points (10 = +10), as psephos turnout "
        "--change; the page shows only the form without it",
    )
    split: str | None = Field(
        default=None,
        max_length=300,
        pattern=r"^[A-Za-z0-9 .,'=:%-]*$",
        description="The group's vote split in percent, e.g. 'Lab=62,Con=27,LD=5' (default: "
        "the bundled Ipsos split of the election's year)",
    )
    split_from: str | None = Field(
        default=None,
        pattern=r"^(\d{4})?$",
        description="Use the bundled Ipsos split of this year (2010-2019)",
    )
    adult_share: Annotated[float, Blank] = Field(
        default=DEFAULT_ADULT_SHARE,
        ge=ADULT_SHARE_RANGE[0],
        le=ADULT_SHARE_RANGE[1],
        description="Share of residents aged 18+, 0.5 to 1 (census shares are of all residents)",
    )
    compare: str | None = Field(
        default=None,
        pattern=r"^(" + ELECTION_ID_PATTERN.removeprefix("^").removesuffix("$") + r")?$",
        description="Compare the flips with this real election (same boundaries)",
    )
    poll: str | None = Field(
        default=None,
        max_length=300,
        description="Project the election to this poll first, e.g. 'Lab 30 Con 20 Reform 25 "
        "LD 12 Green 8' (as psephos turnout --poll)",
    )
    areas: AreaSharesField = None
    model: ModelName = Field(
        default=ModelName(DEFAULT_MODEL), description="Swing model for the poll"
    )

    def options(self) -> services.TurnoutOptions:
        """The choices as the library takes them (blank fields left out)."""
        poll = (self.poll or "").strip() or None
        areas = (self.areas or "").strip() or None
        return services.TurnoutOptions(
            split=(self.split or "").strip() or None,
            split_from=self.split_from or None,
            adult_share=self.adult_share,
            compare=self.compare or None,
            poll=poll,
            areas=areas,
            model=str(self.model.value) if poll or areas else None,
        )

    def query_string(self, election: str) -> str:
        """Every input as given (blanks and defaults left out): the JSON twin's query."""
        params = {
            "election": election,
            "group": str(self.group.value),
            "change": "" if self.change is None else f"{self.change:g}",
            "split": self.split or "",
            "split_from": self.split_from or "",
            "adult_share": ""
            if self.adult_share == DEFAULT_ADULT_SHARE
            else f"{self.adult_share:g}",
            "compare": self.compare or "",
            "poll": self.poll or "",
            "areas": self.areas or "",
            "model": str(self.model.value) if (self.poll or self.areas or "").strip() else "",
        }
        return urlencode({name: value for name, value in params.items() if value.strip()})


class TurnoutApiQuery(TurnoutQuery):
    """The JSON twin's query: the change is required, as ``--change`` is."""

    change: float = Field(
        ge=-100, le=100, description="Turnout change in the group, points (10 = +10)"
    )


Turnout = Annotated[TurnoutQuery, Query()]
TurnoutApi = Annotated[TurnoutApiQuery, Query()]


def _election(request: Request, query: TurnoutQuery) -> str:
    """The election asked about, or the one the page opens on: the site's default where it has
    a bundled age split, else the latest that has one (as ``psephos turnout`` defaults)."""
    return query.election or default_turnout_election(default_election(request))


def _election_menu(elections: list[dict[str, str]]) -> list[tuple[str, list[dict[str, str]]]]:
    """The form's election menu in groups: first the elections with a bundled split, by the
    age groups it covers, then those without (the user gives the split), each labelled."""
    by_groups: dict[tuple[str, ...], list[dict[str, str]]] = {}
    for entry in elections:
        by_groups.setdefault(split_groups(entry["id"]), []).append(entry)
    without = by_groups.pop((), [])
    menu = [
        (f"Bundled split for {listed(groups)}", entries) for groups, entries in by_groups.items()
    ]
    return [*menu, ("No bundled split: give the group's", without)] if without else menu


async def _answer(request: Request, query: TurnoutQuery, change: float) -> dict[str, Any]:
    election = _election(request, query)
    options = query.options()
    if not query.election:  # opened on the default: the site's, unless it has no age split
        options = replace(options, passed_over=default_election(request))
    return await run_heavy(
        request, lambda: services.turnout(election, str(query.group.value), change, options)
    )


async def _form_only(election: str) -> dict[str, Any] | None:
    """No answer (no change given yet), once the election is one the page can take
    (:func:`psephos.web.services.turnout_election`)."""
    services.turnout_election(election)
    return None


@router.get("/turnout", summary="Turnout scenario page")
async def turnout_page(request: Request, query: Turnout) -> Response:
    """An age group's turnout change in, the seats that flip and the seat changes out. An input
    the library refuses (no bundled split for the year, a party the election lacks) is said
    above the form, which keeps what was typed, with the JSON twin's status; an election the
    command cannot take (another country's, one psephos does not bundle) is refused so at
    once, before any change is given. It opens on an election with a bundled age split, and
    its menu says which elections have one."""
    election = _election(request, query)
    tried: Attempt[dict[str, Any] | None]
    if query.change is not None:
        tried = await attempt(_answer(request, query, query.change))
    else:  # the form alone, refused at once for an election the page cannot take
        tried = await attempt(_form_only(election))
    return render(
        request,
        "turnout.html",
        {
            "answer": tried.answer,
            "query": query,
            "election": election,
            "example": poll_example(request, election),
            "twin": query.query_string(election),
            "groups": list(GROUPS),
            "split_years": list(GROUP_SPLITS),
            "adult_share_range": ADULT_SHARE_RANGE,
            "election_menu": _election_menu(list(services.election_list())),
            "models": list(ModelName),
            "error": tried.error,
        },
        tried.status,
    )


@router.get("/api/turnout", summary="Change turnout in an age group")
async def api_turnout(request: Request, query: TurnoutApi) -> dict[str, Any]:
    """The seats that flip when turnout in an age group changes by ``change`` points, as
    ``psephos turnout --format json`` (``rows`` the flips): with the group's vote ``split``
    (or a bundled year's, ``split_from``), the ``adult_share``, the flips checked against the
    real ``compare`` election, and the election first projected to a ``poll`` (with ``model``;
    the projection's ``notes``); ``title`` and ``headline`` are what the command prints around its
    table."""
    return await _answer(request, query, query.change)

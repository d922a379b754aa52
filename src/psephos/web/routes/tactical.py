"""Bloc tactical map: the tactical pick of a bloc of parties in every seat against the parties
it wants to defeat, on the hex map (:func:`psephos.tactical.api.bloc_advice`, as
``psephos tactical``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from psephos.errors import PsephosError
from psephos.io.export import csv_text
from psephos.model import split_parties
from psephos.projection import DEFAULT_MODEL, MODELS
from psephos.tactical.api import NEXT
from psephos.web import services
from psephos.web.context import (
    CountryField,
    NavItem,
    attempt,
    country_switch,
    country_switch_note,
    csv_response,
    form_country,
    poll_example,
    render,
)
from psephos.web.limits import run_heavy
from psephos.web.schemas import (
    ELECTION_ID_PATTERN,
    NAMED_PARTY_LIST_PATTERN,
    PARTY_LIST_PATTERN,
    PARTY_NAME_PATTERN,
    TABLE_RESPONSES,
    AreaSharesText,
    Canonical,
    FormatQuery,
    ModelName,
    PollText,
    TableFormat,
)

router = APIRouter()
NAV = (NavItem("Tactical map", "/tactical", order=27),)

ElectionQuery = Annotated[
    str,
    Canonical,
    Query(
        pattern=ELECTION_ID_PATTERN,
        description="'next' (from the latest UK result), 2017, 2019 or 2024 as advised before "
        "polling day, or any other bundled election as the expected result (e.g. canada-2021), "
        "as psephos tactical --election takes them",
    ),
]
AgainstQuery = Annotated[
    str | None,
    Query(
        max_length=120,
        pattern=NAMED_PARTY_LIST_PATTERN,
        description="Parties to defeat, e.g. 'Reform' (default: the election's country's, "
        "Reform in the UK, CPC in Canada)",
    ),
]
BlocQuery = Annotated[
    str | None,
    Query(
        max_length=120,
        pattern=PARTY_LIST_PATTERN,
        description="The cooperating parties, e.g. 'Lab,LD,Green' (default: the election's "
        "country's, Lab,LD,Green in the UK, LPC,NDP,GPC in Canada; blank: every other party)",
    ),
]

BuildQuery = Annotated[
    str | None,
    Query(
        max_length=40,
        pattern=PARTY_NAME_PATTERN,
        description="Where the bloc is a long shot, back this bloc party (grow it for next time)",
    ),
]


class StatusFilter(StrEnum):
    """Which seats the table lists."""

    all = "all"
    target = "target"
    not_needed = "not needed"
    long_shot = "long shot"


def _canonical(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    return ",".join(split_parties(text))


@dataclass(frozen=True, slots=True)
class TacticalQuestion:
    """The question the page and its JSON twin ask (as ``psephos tactical`` takes it): the
    election, the parties to defeat, the bloc and the party to build, each list of parties
    written one way (comma-separated, blanks left out), which seats to list, and a poll and
    area shares to project the result to first with its swing model (``--poll``,
    ``--by-region``'s text, ``--model``; blank: none)."""

    election: str
    against: str
    bloc: str | None
    build: str | None
    status: StatusFilter
    poll: str = ""
    model: str = DEFAULT_MODEL
    areas: str = ""


def _default_against(election: str) -> str:
    """The election's country's parties to defeat
    (:func:`psephos.web.services.tactical_against`); none for an election psephos does not
    have, which the answer then refuses (so the page says so above its form)."""
    try:
        return services.tactical_against(election)
    except PsephosError:
        return ""


def _switched(question: TacticalQuestion, country: str | None) -> tuple[TacticalQuestion, str]:
    """The question as the page asks it: where the form's Election menu was switched to
    another country's election (``country``, the form's hidden field,
    :func:`psephos.web.context.country_switch`), the parties to defeat set to that country's
    default, the bloc to every other party and no party to build, with the note saying so
    (else none, blank)."""
    seats = services.advice_seats(question.election)
    if country_switch(country, seats) is None:
        return question, ""
    against = _default_against(question.election)
    label = services.tactical_elections().get(question.election)
    note = country_switch_note(seats, against=split_parties(against), election_label=label)
    return replace(question, against=against, bloc=None, build=None), note


def _asked(status_default: StatusFilter) -> Any:
    """The route dependency reading a :class:`TacticalQuestion` from the query, listing
    ``status_default`` seats unless told (the page: targets; the JSON: every seat). The
    parties to defeat not given are the election's country's
    (:func:`psephos.web.services.tactical_against`); a bloc not given, or given blank, is
    every other party, as ``psephos tactical`` without ``--bloc``."""

    def question(
        election: ElectionQuery = NEXT,
        against: AgainstQuery = None,
        bloc: BlocQuery = None,
        status: StatusFilter = status_default,
        build: BuildQuery = None,
        poll: PollText = None,
        model: ModelName = ModelName(DEFAULT_MODEL),
        areas: AreaSharesText = None,
    ) -> TacticalQuestion:
        return TacticalQuestion(
            election.strip().lower(),
            _canonical(against) or _default_against(election),
            _canonical(bloc),
            _canonical(build),
            status,
            (poll or "").strip(),
            str(model.value),
            (areas or "").strip(),
        )

    return Depends(question)


async def _answer(request: Request, question: TacticalQuestion) -> dict[str, Any]:
    # the poll read (and refused) by the one reader before any simulation, as the command;
    # its notes as typed ("UKIP read as Reform UK") first, as the advice page's
    with services.share_notes() as read_notes:
        poll = services.tactical_poll(question.election, question.poll)
    model = question.model if poll or question.areas else ""
    answer = await run_heavy(
        request,
        lambda: services.bloc_tactical(
            question.election,
            question.against,
            question.bloc,
            question.build,
            poll,
            model,
            question.areas,
        ),
    )
    if read_notes:
        answer = {**answer, "notes": list(dict.fromkeys([*read_notes, *answer["notes"]]))}
    return answer


def _rows(answer: dict[str, Any], status: StatusFilter) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = answer["rows"]
    return rows if status is StatusFilter.all else [r for r in rows if r["status"] == status]


@router.get("/tactical", summary="Bloc tactical map page")
async def tactical_page(
    request: Request,
    question: Annotated[TacticalQuestion, _asked(StatusFilter.target)],
    country: CountryField = None,
) -> Response:
    """Parties to defeat and a bloc in; every seat's pick on the hex map and in a table. An
    input the library refuses (a party the election lacks) is said above the form, which keeps
    what was typed, with the JSON twin's status. The form's Election menu switched to another
    country's election (``country``, the form's hidden field) sets the parties to that
    country's defaults, with a note saying so."""
    question, note = _switched(question, country)
    tried = await attempt(_answer(request, question))
    return render(
        request,
        "tactical.html",
        {
            "answer": tried.answer,
            "error": tried.error,
            "country_note": note,
            "country": form_country(services.advice_seats(question.election)),
            "rows": [] if tried.answer is None else _rows(tried.answer, question.status),
            "status": question.status.value,
            "against": question.against,
            "bloc": question.bloc or "",
            "build": question.build or "",
            "tactical_elections": services.tactical_elections(),
            "default_against": _default_against(question.election),
            "election": question.election,
            "poll": question.poll,
            "areas": question.areas,
            "area_example": poll_example(request, services.advice_seats(question.election)),
            "model": question.model,
            "models": list(MODELS),
        },
        tried.status,
    )


@router.get(
    "/api/tactical",
    summary="A bloc's tactical pick in every seat",
    response_model=None,
    responses=TABLE_RESPONSES,
)
async def api_tactical(
    request: Request,
    question: Annotated[TacticalQuestion, _asked(StatusFilter.all)],
    format: FormatQuery = TableFormat.json,
) -> dict[str, Any] | Response:
    """Per seat: the bloc party to vote for, how sure (chance it is the best placed), the
    status (``target``: both the bloc and the parties to defeat can win; ``not needed``;
    ``long shot``) and win chances, from 2,000 simulations of the seat shares (seed 2024); with
    the hex map's fills and legend. ``build``: in long-shot seats back this bloc party instead
    (the row's ``rule`` is then ``build``). ``poll`` (with ``model``): the result projected
    to the poll (and the ``areas`` shares beside it, the text of a ``--by-region`` file) first,
    as ``psephos tactical --poll --by-region --model``, with the projection's summary
    (``projection``) and notes. ``format=csv``: the seats listed as a CSV file, the columns
    of ``psephos tactical --format csv``."""
    answer = await _answer(request, question)
    rows = _rows(answer, question.status)
    if format is TableFormat.csv:
        name = f"tactical-{question.election}-against-{question.against}"
        if question.status is not StatusFilter.all:
            name += f"-{question.status.value}"
        return csv_response(csv_text(services.tactical_table(rows)), name)
    return {**answer, "rows": rows}

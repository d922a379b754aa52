"""Results explorer: hex map of every seat coloured by winner, national table and chart, seat
pages (full result, majority, swing, history) and marginals."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from psephos import jurisdictions
from psephos.errors import PsephosError, UnknownConstituencyError
from psephos.io.export import csv_text
from psephos.model import Election
from psephos.results import AREA_LEVELS, MARGINAL_ORDERS
from psephos.results.hexmap import MapMode
from psephos.web import services
from psephos.web.context import (
    FORWARDS_QUERY,
    NavItem,
    csv_response,
    default_election,
    refusal,
    refusal_status,
    render,
)
from psephos.web.schemas import (
    ELECTION_ID_PATTERN,
    SEAT_CODE_PATTERN,
    TABLE_RESPONSES,
    Blank,
    FormatQuery,
    MapShow,
    TableFormat,
)

#: The levels a result is broken down by on the web (:data:`psephos.results.AREA_LEVELS`).
AreaLevel = Literal["nation", "region"]
#: What a table of seats or areas gives: a row per party (an area's) or candidate (a seat's),
#: or one row per area or seat (``summary``: ``psephos results --by-area LEVEL --summary``,
#: ``psephos results --by-seat``).
TableView = Literal["parties", "summary"]
ViewQuery = Annotated[
    TableView,
    Query(
        description="parties (a row per party of each area, per candidate of each seat), or "
        "summary: one row per area or seat"
    ),
]

router = APIRouter()
NAV = (
    NavItem("Results", "/", order=10, sections=("/elections",), voter=True),
    NavItem("Marginals", "/marginals", order=20),
)

ElectionPath = Annotated[str, Path(pattern=ELECTION_ID_PATTERN, description="Election id")]
ElectionQuery = Annotated[
    str | None, Query(pattern=ELECTION_ID_PATTERN, description="Election id (default: newest)")
]
SeatPath = Annotated[str, Path(pattern=SEAT_CODE_PATTERN, description="ONS seat code")]
SeatOrNamePath = Annotated[
    str,
    Path(
        min_length=1,
        max_length=100,
        description="ONS seat code (a seat's name is looked up: the page goes to that seat, "
        "else to the seat search; the JSON refuses it, naming the seat's code)",
    ),
]
TopQuery = Annotated[int, Blank, Query(ge=1, le=650, description="How many seats")]
PairQuery = Annotated[
    str | None,
    Blank,
    Query(max_length=100, description="Only seats these two parties were first and second in"),
]
#: What the marginals rank seats by on the web (:data:`psephos.results.MARGINAL_ORDERS`).
ByQuery = Annotated[
    Literal["votes", "share"],
    Blank,
    Query(
        description="Rank by majority in votes (the default, as psephos marginals --by) or as "
        "a share of the valid votes"
    ),
]


def _election_page(election_id: str, show: MapMode) -> dict[str, Any]:
    summary = services.election_summary(election_id)
    return {
        "summary": summary,
        "rows": list(services.national(summary["id"])),
        "hexmap": services.hex_map(summary["id"], show),
        "example_seat": services.example_seat(summary["id"]),
        # the box takes a voter's postcode too where postcodes place the seats (seat_lookup)
        "search_takes_postcode": jurisdictions.for_election_id(summary["id"])[0].supports(
            jurisdictions.POSTCODES
        ),
        **_map_modes(summary["id"]),
        # every country's elections, as the page takes any of them
        "elections": services.election_list(every_country=True),
        "picker_map_modes": {
            entry["id"]: " ".join(_modes_offered(entry["id"]))
            for entry in services.election_list(every_country=True)
        },
    }


def _modes_offered(election_id: str) -> list[MapMode]:
    """The modes the explorer's map offers for an election: none where its country has no hex
    map (Canada's), gains only where there is an earlier election on the same boundaries to
    count them against (:func:`services.previous`)."""
    current = services.election(election_id)
    if not jurisdictions.of(current).supports(jurisdictions.HEX_MAP):
        return []
    if services.previous(current) is not None:
        return list(MapMode)
    return [mode for mode in MapMode if mode is not MapMode.gains]


def _map_modes(election_id: str) -> dict[str, Any]:
    """The modes the page's map offers (``map_modes_offered``, :func:`_modes_offered`), with a
    ``map_note`` saying why gains are not among them where they are not."""
    offered = _modes_offered(election_id)
    if MapMode.gains in offered or not offered:  # no map: nothing to say of its modes
        return {"map_modes_offered": offered, "map_note": ""}
    return {
        "map_modes_offered": offered,
        "map_note": "no gains: psephos bundles no earlier election on these boundaries",
    }


@router.get("/", include_in_schema=False, openapi_extra=FORWARDS_QUERY)
def index(request: Request) -> Response:
    """The explorer opens on the newest election (with the query given: ``/?show=gains``)."""
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(f"/elections/{default_election(request)}{query}", status_code=307)


@router.get("/elections/{election}", summary="Results explorer page")
def election_page(
    request: Request,
    election: ElectionPath,
    show: MapShow = MapMode.winner,
    goto: Annotated[
        str | None,
        Query(pattern=ELECTION_ID_PATTERN, description="Go to this election's page instead"),
    ] = None,
) -> Response:
    """Hex map coloured by winner, gains or majority (``show``, as ``psephos map --show``),
    with its key, national table and seats chart. ``goto`` is the election picker's choice
    sent without JavaScript (its "Go" button): that election's page, the map's mode kept where
    that election's map offers it, as the picker's script keeps it."""
    if goto and goto != election:
        offered = _modes_offered(goto)  # an unknown election: its 404 here
        kept = show is not MapMode.winner and show in offered
        query = f"?show={show.value}" if kept else ""
        return RedirectResponse(f"/elections/{goto}{query}", status_code=303)
    return render(request, "election.html", _election_page(election, show))


@router.get("/api/elections", summary="Bundled elections")
def api_elections() -> dict[str, Any]:
    """Every bundled election, the UK's first, each country's newest first (the results
    explorer's Election menu)."""
    return {"elections": list(services.election_list(every_country=True))}


@router.get("/api/elections/{election}", summary="National result")
def api_election(election: ElectionPath) -> dict[str, Any]:
    """The document ``psephos results ELECTION --format json`` prints (the election, the one
    its changes are from, the seats, the turnout with the electors it is over and the valid
    votes, the close calls, the notes, the ``headline`` and the national table under
    ``rows``), with the page's headline facts (``summary``) and its table, each party with its
    colour (``parties``)."""
    return services.election_answer(election)


AreaLevelQuery = Annotated[
    AreaLevel, Query(description="nation, or region (Canada's provinces and territories)")
]


@router.get("/elections/{election}/areas", summary="The result by nation or region page")
def election_areas_page(
    request: Request, election: ElectionPath, level: AreaLevelQuery = "region"
) -> Response:
    """Each nation's or region's seats, votes, shares and changes, a table per area, as
    ``psephos results ELECTION --by-area LEVEL`` prints them, with the notes it prints."""
    answer = services.election_areas(election, level)
    return render(
        request,
        "election_areas.html",
        {
            "answer": answer,
            "name": services.election(election).name,
            "level": level,
            "levels": AREA_LEVELS,
            # the rows of each area, in the order their first seats come
            "areas": {
                area: [row for row in answer["rows"] if row[level] == area]
                for area in dict.fromkeys(row[level] for row in answer["rows"])
            },
        },
    )


@router.get(
    "/api/elections/{election}/areas",
    summary="The result by nation or region",
    response_model=None,
    responses=TABLE_RESPONSES,
)
def api_election_areas(
    election: ElectionPath,
    level: AreaLevelQuery = "region",
    view: ViewQuery = "parties",
    format: FormatQuery = TableFormat.json,
) -> dict[str, Any] | Response:
    """Each nation's or region's seats, votes, shares, changes, gains and losses: the document
    ``psephos results ELECTION --by-area LEVEL --format json`` prints (the notes and close
    calls the national table prints, the rows of :func:`psephos.results.area_table`, and
    ``areas``: one row per area, its seats, electorate, valid votes, turnout and two-party
    swing, :func:`psephos.results.area_summary`), with each party's colour (``colours``);
    ``view=summary``: the area rows alone (``--by-area LEVEL --summary``); ``format=csv``: the
    view's rows as a CSV file."""
    answer = services.election_areas(election, level)
    if view == "summary":
        if format is TableFormat.csv:
            return csv_response(
                csv_text(answer["areas"]), f"results-{answer['election']}-by-{level}-summary"
            )
        return {key: answer[key] for key in ("election", "previous", "level")} | {
            "rows": answer["areas"]
        }
    if format is TableFormat.csv:
        return csv_response(csv_text(answer["rows"]), f"results-{answer['election']}-by-{level}")
    return answer


@router.get(
    "/api/elections/{election}/seats",
    summary="Every seat's result",
    response_model=None,
    responses=TABLE_RESPONSES,
)
def api_election_seats(
    election: ElectionPath, view: ViewQuery = "parties", format: FormatQuery = TableFormat.json
) -> dict[str, Any] | Response:
    """Every seat's full result, one row per candidate in seat order (seat code and name,
    candidate, party, votes, share and its change), as ``psephos results ELECTION --seat
    SEAT`` gives each seat; ``view=summary``: one row per seat (winner, runner-up, majority,
    turnout, outcome "Lab gain from Con", Butler swing: ``psephos results ELECTION
    --by-seat``, :func:`psephos.results.seat_summary_rows`); ``format=csv``: those rows as a
    CSV file, the command's ``--format csv`` (by candidate: every seat joined, the long
    results format psephos reads back)."""
    current = services.election(election)
    summary = view == "summary"
    rows = services.seat_summaries(current.id) if summary else services.seat_results(current.id)
    if format is TableFormat.csv:
        name = f"results-{current.id}-seats" + ("-summary" if summary else "")
        return csv_response(csv_text(rows), name)
    previous = services.previous(current)
    return {
        "election": current.id,
        "previous": previous.id if previous is not None else None,
        "seats": rows,
    }


@router.get(
    "/api/elections/{election}/gains",
    summary="Who took seats from whom",
    response_model=None,
    responses=TABLE_RESPONSES,
)
def api_election_gains(
    election: ElectionPath, format: FormatQuery = TableFormat.json
) -> dict[str, Any] | Response:
    """The seats each party gained, and from whom, since the previous election on the same
    boundaries (2024: the 2019 notional result), ``psephos results ELECTION --gains``'s rows
    (:func:`psephos.results.gains_table`: a row per party that gained, a ``from_PARTY``
    column per party that lost); an election with no earlier one on its boundaries (2010) is
    400; ``format=csv``: those rows as a CSV file."""
    from psephos.results import gains_table

    current = services.election(election)
    previous = services.previous(current)
    if previous is None:
        raise HTTPException(
            status_code=400,
            detail=f"Gains are counted against the previous election on the same boundaries, "
            f"and psephos bundles none for {current.name}.",
        )
    rows = gains_table(current, previous)
    if format is TableFormat.csv:
        return csv_response(csv_text(rows), f"gains-{current.id}")
    return {"election": current.id, "previous": previous.id, "rows": rows}


@router.get("/api/elections/{election}/map", summary="Hex map data")
def api_election_map(election: ElectionPath, show: MapShow = MapMode.winner) -> dict[str, Any]:
    """Every seat's hex position (SVG units) and winner, with the fill and fact of the map
    showing ``show`` and its key (headings with ``colour`` null), as ``psephos map --show``;
    refused, as the command refuses it, for a country with no hex map (Canada's)."""
    jurisdictions.require(jurisdictions.HEX_MAP, election)
    hexmap = services.hex_map(election, show)
    return {
        "election": hexmap.election_id,
        "show": hexmap.show,
        "caption": hexmap.caption,
        "key": hexmap.key_rows(),
        "view_box": hexmap.view_box,
        "hexes": [
            {
                "code": h.code,
                "name": h.name,
                "winner": h.winner,
                "winner_label": h.winner_label,
                "colour": h.colour,
                "fill": h.fill,
                "fact": h.fact,
                "majority_pct": h.majority_pct,
                "x": h.x,
                "y": h.y,
            }
            for h in hexmap.hexes
        ],
    }


@router.get("/seats", summary="Find a seat by name")
def seat_lookup(
    request: Request,
    q: Annotated[str | None, Query(max_length=100, description="Seat name or code")] = None,
    election: ElectionQuery = None,
) -> Response:
    """Redirect to the seat page of the seat a search names; an empty search goes back to the
    election's results explorer, where the search box is. A part of a name several seats
    share ("Croydon") lists them, each a link to its page (200; the JSON twin
    ``/api/seats?q=``). A postcode that is not a seat goes to the postcode page, which names
    its seat or the seats it straddles. A name that finds no seat is 404: the search box
    again, keeping what was typed, with the refusal and the seats it may mean as links
    (:meth:`psephos.model.Election.seat_suggestions`)."""
    current = services.election(election or default_election(request))
    if not q or not q.strip():
        return RedirectResponse(f"/elections/{current.id}", status_code=303)
    if _is_postcode_search(current, q):  # a voter's postcode: the postcode page
        where = urlencode({"q": q.strip(), "election": current.id})
        return RedirectResponse(f"/postcode?{where}", status_code=303)
    page: dict[str, Any] = {"q": q, "election_id": current.id, "error": ""}
    try:
        found = current.seats_matching(q)
    except UnknownConstituencyError as error:
        page["error"] = str(error)
        page["suggestions"] = [current.constituencies[p] for p in current.seat_suggestions(q)]
        return render(request, "seat_search.html", page, 404)
    if len(found) == 1:
        return RedirectResponse(f"/seats/{current.codes[found[0]]}?election={current.id}", 303)
    page["matches"] = [current.constituencies[position] for position in found]
    return render(request, "seat_search.html", page)


def _is_postcode_search(current: Election, q: str) -> bool:
    """Whether a search is a voter's postcode (and no seat's code or name)."""
    return jurisdictions.is_postcode_for(current, q) and current.find_seat(q) is None


@router.get("/api/seats", summary="Find seats by name")
def api_seat_search(
    request: Request,
    q: Annotated[
        str, Query(min_length=1, max_length=100, description="Seat name, part of one, or code")
    ],
    election: ElectionQuery = None,
) -> dict[str, Any]:
    """The seats a search finds, as ``/seats?q=`` finds them
    (:meth:`psephos.model.Election.seats_matching`: the seat a code or name names, else every
    seat a part of a name matches; a postcode: the seats it is in,
    :func:`psephos.jurisdictions.postcode_seats`, its sentence in ``note``; words of one
    seat's name that were also a seat of the other boundaries, "kensington" of 2024: that
    seat, where the old one went in ``note``, :func:`psephos.jurisdictions.seat_words_note`):
    under ``seats``,
    each seat's ``code``, ``name``, ``nation``, ``region`` and ``election``. No seat found: 404
    naming the seats it may mean."""
    current = services.election(election or default_election(request))
    note = None
    if _is_postcode_search(current, q):
        found = jurisdictions.postcode_seats(current, q)
        positions = [current.seat_index(option.code) for option in found.options]
        note = found.message
    else:
        positions = current.seats_matching(q)
        note = jurisdictions.seat_words_note(current, q) or None
    return {
        "election": current.id,
        "q": q.strip(),
        "note": note,
        "seats": [
            {
                "code": seat.code,
                "name": seat.name,
                "nation": seat.nation,
                "region": seat.region,
                "election": current.id,
            }
            for seat in (current.constituencies[position] for position in positions)
        ],
    }


def _is_seat_code(text: str) -> bool:
    return re.fullmatch(SEAT_CODE_PATTERN, text) is not None


def _named_seat(current: Election, text: str) -> str | None:
    """The code of the seat ``text`` names in ``current``, as the seat search finds it
    (:meth:`psephos.model.Election.seat_index`: a name, another name users know it by, a part
    only one seat's name has); ``None`` where it names none."""
    try:
        return current.codes[current.seat_index(text)]
    except UnknownConstituencyError:
        return None


def not_a_seat_code(text: str, current: Election) -> str:
    """The refusal of ``text`` where a seat code is wanted (``/api/seats/{code}``): it is not
    one; then the seat it names in ``current`` and that seat's code, as the seat search finds
    it, else the search's refusal (the seats it may mean). The example code is one of
    ``current``'s (:func:`psephos.jurisdictions.seat_code_words`)."""
    refusal = f"{text!r} is not a seat code: {jurisdictions.seat_code_words(current)}."
    try:
        seat = current.constituencies[current.seat_index(text)]
    except UnknownConstituencyError as error:
        return f"{refusal} {error}"
    return (
        f"{refusal} It names {seat.name}, seat code {seat.code}: "
        f"/api/seats/{seat.code}?election={current.id}"
    )


async def _seat_answer(request: Request, code: str, election: str | None) -> Any:
    """The seat's answer: from the memo on the event loop, else computed in a thread."""
    election_id = election or default_election(request)
    answer = services.seat_answer_if_cached(election_id, code)
    if answer is None:
        answer = await run_in_threadpool(services.seat_answer, election_id, code)
    return answer


@router.get("/seats/{code}", summary="Seat page")
async def seat_page(
    request: Request, code: SeatOrNamePath, election: ElectionQuery = None
) -> Response:
    """A seat's full result with majority, turnout, swing and history. A seat's name (or
    anything else that is not a code, ``/seats/Islington North``) goes to the seat it names
    (303), as the seat search finds it, else to the seat search for it, which shows the seats
    it may mean."""
    if not _is_seat_code(code):
        current = services.election(election or default_election(request))
        named = _named_seat(current, code)
        if named is not None:
            return RedirectResponse(f"/seats/{named}?election={current.id}", status_code=303)
        search = urlencode({"q": code, "election": current.id})
        return RedirectResponse(f"/seats?{search}", status_code=303)
    answer = await _seat_answer(request, code, election)
    return render(request, "seat.html", {"seat": answer.report})


@router.get("/seats/{code}/panel", include_in_schema=False)
async def seat_panel(request: Request, code: SeatPath, election: ElectionQuery = None) -> Response:
    """The seat result as an HTML fragment (the map's side panel)."""
    answer = await _seat_answer(request, code, election)
    return render(request, "_seat_panel.html", {"seat": answer.report})


@router.get("/api/seats/{code}", summary="Seat result")
async def api_seat(
    request: Request, code: SeatOrNamePath, election: ElectionQuery = None
) -> Response:
    """A seat's full result with majority, turnout, swing and history (JSON). Anything that
    is not a seat code is refused (422), naming the code of the seat it names, where it names
    one (:func:`not_a_seat_code`)."""
    if not _is_seat_code(code):
        current = services.election(election or default_election(request))
        raise HTTPException(status_code=422, detail=not_a_seat_code(code, current))
    answer = await _seat_answer(request, code, election)
    return Response(answer.body, media_type="application/json")


@router.get("/marginals", summary="Marginal seats page")
def marginals_page(
    request: Request,
    election: ElectionQuery = None,
    top: TopQuery = 50,
    pair: PairQuery = None,
    by: ByQuery = "votes",
) -> Response:
    """The seats with the smallest majorities, ranked by majority in votes or as a share of
    the valid votes (``by``, as ``psephos marginals --by``, by votes unless asked), or only
    those two parties were first and second in (``pair``, as ``psephos marginals --pair``
    takes it); a pair that does not read, or an election psephos does not bundle, is refused
    above the form, kept as typed, with the twin's status."""
    # every country's elections in the menu, as the page takes any of them
    elections = services.election_list(every_country=True)
    context: dict[str, Any] = {
        "election": None,
        "top": top,
        "elections": elections,
        "pair": pair or "",
        "by": by,
        "orders": MARGINAL_ORDERS,
        "parties": None,
        "pair_labels": [],
        "rows": [],
        "notes": [],
        "close_calls": [],
        "error": None,
    }
    try:
        current = context["election"] = services.election(election or default_election(request))
        answer = services.marginals_answer(current.id, top, pair, by)
    except PsephosError as error:
        context["error"] = refusal(error)
        return render(request, "marginals.html", context, refusal_status(error))
    context.update(
        parties=answer["pair"],
        pair_labels=answer["pair_labels"],
        rows=answer["rows"],
        notes=answer["notes"],
        close_calls=answer["close_calls"],
    )
    return render(request, "marginals.html", context)


@router.get(
    "/api/marginals", summary="Marginal seats", response_model=None, responses=TABLE_RESPONSES
)
def api_marginals(
    request: Request,
    election: ElectionQuery = None,
    top: TopQuery = 50,
    pair: PairQuery = None,
    by: ByQuery = "votes",
    format: FormatQuery = TableFormat.json,
) -> dict[str, Any] | Response:
    """The seats with the smallest majorities, by majority in votes or as a share of the
    valid votes (``by``), or only those two parties were first and second in (``pair``):
    the document ``psephos marginals ELECTION --top TOP --by BY [--pair PAIR] --format json``
    prints (``rows``, ``close_calls``, ``notes``: a party of the pair named as it was called
    in another year, read as the election's, as the command notes it), with ``pair_labels``;
    ``format=csv``: as a CSV file, the command's ``--format csv``."""
    current = services.election(election or default_election(request))
    answer = services.marginals_answer(current.id, top, pair, by)
    if format is TableFormat.csv:
        between = f"-{'-'.join(answer['pair'])}" if answer["pair"] else ""
        order = "" if by == "votes" else f"-by-{by}"
        name = f"marginals-{current.id}{between}{order}-top-{top}"
        return csv_response(csv_text(answer["rows"]), name)
    return answer

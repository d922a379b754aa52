"""Forecast: a poll (and any area shares) in, seat intervals and majority / hung-parliament
chances out (:mod:`psephos.forecast`, as ``psephos forecast --poll ... --by-region --sims N
--seed S``; by default 2,000 simulations and seed 20240704, both given in the answer). The poll
may be an uploaded poll table, whose final week's mean is forecast, as ``psephos forecast
--poll FILE`` forecasts it (:mod:`psephos.web.routes.polls`)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import Response

from psephos.errors import PsephosError
from psephos.projection import DEFAULT_MODEL, MODELS
from psephos.web import services
from psephos.web.context import (
    CountryField,
    NavItem,
    SortOrder,
    TableSort,
    attempt,
    check_csrf,
    country_switch,
    country_switch_note,
    default_election,
    poll_example,
    refusal,
    refusal_status,
    render,
    table_sort,
)
from psephos.web.limits import run_heavy
from psephos.web.routes.polls import PollFile, PollTableForm, PollWindow, uploaded_average
from psephos.web.schemas import (
    ELECTION_ID_PATTERN,
    AreaSharesText,
    Blank,
    Canonical,
    ModelName,
    PollText,
)

router = APIRouter()
NAV = (NavItem("Forecast", "/forecast", order=17),)

ElectionQuery = Annotated[str | None, Query(pattern=ELECTION_ID_PATTERN), Canonical]
#: Simulations per page when none are asked for: enough for the headline chances, quick
#: enough for a page (about a second).
N_SIMS = 2000
#: Most simulations one request may ask for: about two seconds of a core (``psephos forecast``
#: runs 100,000 by default, for which the command is the place).
MAX_SIMS = 20_000
#: The simulations of a page or its twin (``sims``, as ``psephos forecast --sims``).
SimsQuery = Annotated[
    int,
    Blank,
    Query(
        ge=2,
        le=MAX_SIMS,
        title="Simulations",
        description=f"Number of simulations, 2 to {MAX_SIMS:,} (as psephos forecast --sims; "
        f"blank: {N_SIMS:,})",
    ),
]
#: The seed of a page or its twin (``seed``, as ``psephos forecast --seed``).
SeedQuery = Annotated[
    int,
    Blank,
    Query(
        ge=0,
        le=2**32 - 1,
        title="Seed",
        description="Random seed (as psephos forecast --seed: same seed, same answer; blank: "
        f"{services.POLL_FORECAST_SEED})",
    ),
]


#: The seat table's columns (``?sort=``: the key of a row of ``seats``) -> what they sort by:
#: a party by its label, as the table shows it.
SEAT_COLUMNS = {
    "name": "name",
    "region": "region",
    "favourite": "favourite_label",
    "p_favourite": "p_favourite",
    "runner_up": "runner_up_label",
    "p_runner_up": "p_runner_up",
}
#: ``?sort=``: the seat table's column its rows are sorted by (none: the command's order).
SeatSort = Annotated[
    str | None,
    Blank,
    Query(
        max_length=20,
        title="Sort seats by",
        description="Sort the seats by a column: " + ", ".join(SEAT_COLUMNS) + " (none: the "
        "order of psephos forecast --seats)",
    ),
]


def _sorted_seats(answer: dict[str, Any], order: TableSort) -> dict[str, Any]:
    """The answer with its ``seats`` in the order asked (a new dict: the answer is cached)."""
    if order.column is None or "seats" not in answer:
        return answer
    return {**answer, "seats": order.rows(answer["seats"])}


async def _answer(
    request: Request,
    base: str | None,
    poll: str | None,
    model: Any,
    areas: str | None = None,
    *,
    sims: int = N_SIMS,
    seed: int = services.POLL_FORECAST_SEED,
) -> dict[str, Any]:
    return await run_heavy(
        request,
        lambda: services.forecast_poll(
            base or default_election(request),
            (poll or "").strip() or None,
            str(model.value),
            n_sims=sims,
            seed=seed,
            areas=areas,
        ),
    )


def _forecast_params(answer: dict[str, Any], model: Any, areas: str | None) -> dict[str, str]:
    """The inputs the answer was made from, as a query, so a link runs the same forecast (the
    model only where a poll or area shares were projected; the simulations and seed where
    they are not the defaults): the JSON twin's, and the seat table's sort buttons'."""
    params: dict[str, str] = {"base": answer["base"]}
    if answer["poll"]:
        params["poll"] = answer["poll"]
    if areas:
        params["areas"] = areas
    if answer["poll"] or areas:
        params["model"] = str(model.value)
    if answer["n_sims"] != N_SIMS:
        params["sims"] = str(answer["n_sims"])
    if answer["seed"] != services.POLL_FORECAST_SEED:
        params["seed"] = str(answer["seed"])
    return params


def _twin_query(
    answer: dict[str, Any], model: Any, areas: str | None, order: TableSort | None = None
) -> str:
    """The query of the page's JSON twin: the forecast's inputs (:func:`_forecast_params`),
    ``seats=true`` (the page always shows the seat table, so its twin gives the rows), and the
    seats' order where one was asked for (app.js sets it again after a sort in the page)."""
    return urlencode(
        {
            **_forecast_params(answer, model, areas),
            "seats": "true",
            **(order.query() if order else {}),
        }
    )


def _page(
    request: Request,
    answer: dict[str, Any] | None,
    model: Any,
    *,
    base: str | None = None,
    error: str | None = None,
    poll: str | None = None,
    areas: str | None = None,
    status_code: int = 200,
    country_note: str | None = None,
    window: PollWindow | None = None,
    sims: int = N_SIMS,
    seed: int = services.POLL_FORECAST_SEED,
    order: TableSort | None = None,
) -> Response:
    shown = answer["base"] if answer else base or default_election(request)
    order = order or table_sort(SEAT_COLUMNS, None, None)
    return render(
        request,
        "forecast.html",
        # the model the form shows: the one asked for, else the engine's default
        {
            "answer": answer,
            "models": list(MODELS),
            "model": str(model.value),
            "base": shown,
            # every country's elections, as psephos forecast --from takes them
            "elections": services.election_list(every_country=True),
            "example": poll_example(request, shown),
            "country_note": country_note,
            "error": error,
            "poll": answer["poll"] if answer else poll,
            "areas": areas,  # as typed
            # the simulations and seed the form shows: the answer's, else those asked for
            "sims": answer["n_sims"] if answer else sims,
            "seed": answer["seed"] if answer else seed,
            "max_sims": MAX_SIMS,
            "areas_file": services.AREAS_FILE,  # the file the command's --by-region reads
            "poll_window": window,  # the poll table's sheet and window, as sent
            "twin_query": _twin_query(answer, model, areas, order) if answer else "",
            # the seat table's order, and the query its sort buttons send again with theirs
            "seat_sort": order,
            "sort_params": _forecast_params(answer, model, areas) if answer else {},
        },
        status_code if error else 200,
    )


@router.get("/forecast", summary="Forecast page")
async def forecast_page(
    request: Request,
    base: ElectionQuery = None,
    poll: PollText = None,
    model: ModelName = ModelName(DEFAULT_MODEL),
    areas: AreaSharesText = None,
    country: CountryField = None,
    sims: SimsQuery = N_SIMS,
    seed: SeedQuery = services.POLL_FORECAST_SEED,
    sort: SeatSort = None,
    order: SortOrder = "asc",
) -> Response:
    """A poll (and any area shares) in; each party's seat range, majority chances and the
    hung-parliament chance; each seat's favourite and runner-up, sorted by a column where
    ``sort`` asks (``order``: ``asc`` or ``desc``; a sort button in each heading asks). A
    poll or area shares the library refuses is shown above the form with the library's
    message, the poll and area shares left in their boxes to correct, with the status its
    JSON twin gives (400; 404 for an unknown party), as the swingometer shows it. The form's
    Base election menu switched to another country's election (``country``, the form's
    hidden field) clears the poll and area shares (the page forecasts the base result), with
    a note saying so."""
    note = None
    if country_switch(country, base or default_election(request)) is not None:
        poll, areas = None, None
        note = country_switch_note(base or default_election(request))
    seat_order = table_sort(SEAT_COLUMNS, sort, order)
    tried = await attempt(_answer(request, base, poll, model, areas, sims=sims, seed=seed))
    return _page(
        request,
        tried.answer,  # its seats in the command's order: the table sorts them (seat_sort)
        model,
        base=base,
        error=tried.error,
        poll=poll,
        areas=areas,
        status_code=tried.status,
        country_note=note,
        sims=sims,
        seed=seed,
        order=seat_order,
    )


@router.post("/forecast", summary="Forecast from a poll table (form)")
async def forecast_poll_table(
    request: Request, form: Annotated[PollTableForm, Form()], poll_file: PollFile
) -> Response:
    """An uploaded poll table's final-week mean, with any area shares given beside it,
    forecast as that poll typed in with the same area shares would be (the poll box is filled
    with it, to adjust from there), with what was averaged and left out. A file the reader
    refuses, or a mean or area shares the projection refuses, is shown on the page with its
    reason, with the status its JSON twins give (400 from ``POST /api/poll-average`` for a
    file that does not read; 422 for one that is not text), the area shares left in their
    box."""
    check_csrf(request, form.csrf_token)
    try:
        average = await uploaded_average(
            poll_file, form, base=form.base or default_election(request)
        )
        answer = await _answer(request, form.base, average["poll"], form.model, form.areas)
    except (PsephosError, HTTPException) as error:
        return _page(
            request,
            None,
            form.model,
            base=form.base,
            error=refusal(error),
            areas=form.areas,
            status_code=refusal_status(error),
            window=form,
        )
    answer = {**answer, "notes": average["notes"] + answer["notes"]}  # not the cached answer
    return _page(request, answer, form.model, areas=form.areas, window=form)


@router.get("/api/forecast", summary="Seat forecast from a poll")
async def api_forecast(
    request: Request,
    base: ElectionQuery = None,
    poll: PollText = None,
    model: ModelName = ModelName(DEFAULT_MODEL),
    areas: AreaSharesText = None,
    sims: SimsQuery = N_SIMS,
    seed: SeedQuery = services.POLL_FORECAST_SEED,
    seats: Annotated[
        bool,
        Blank,
        Query(
            description="Also give each seat's favourite and runner-up with their chances "
            "(seats; as psephos forecast --seats)"
        ),
    ] = False,
    sort: SeatSort = None,
    order: SortOrder = "asc",
) -> dict[str, Any]:
    """Expected seats, 90% intervals, majority chances per party and the chance of no
    majority (``p_hung``; ``no_majority_sentence``, as ``psephos forecast`` prints it:
    :func:`psephos.forecast.no_majority_sentence`), from the poll and the ``areas`` shares
    (the text of a ``--by-region`` file; the answer's ``areas`` gives them as read, area ->
    party -> share), on ``sims`` simulations from ``seed`` (by default 2,000 and 20240704;
    the answer's ``n_sims`` and ``seed``), as ``psephos forecast --sims --seed`` runs them.
    ``distributions``: the seat distributions ``psephos forecast --chart`` draws
    (:func:`psephos.forecast.charts.seat_distributions`); with ``seats=true``, ``seats``:
    every seat's row of ``psephos forecast --seats`` (code, name, nation, region, favourite
    and runner-up with their labels and chances,
    :meth:`psephos.forecast.ForecastResult.seat_rows`), in the command's order, or sorted by
    a column where ``sort`` asks (``name``, ``region``, ``favourite``, ``p_favourite``,
    ``runner_up``, ``p_runner_up``; ``order``: ``asc`` or ``desc``), as the page's table. A
    heavy endpoint: 503 with ``Retry-After`` when too many are running."""
    seat_order = table_sort(SEAT_COLUMNS, sort, order)
    answer = await _answer(request, base, poll, model, areas, sims=sims, seed=seed)
    if not seats:
        return {key: value for key, value in answer.items() if key != "seats"}
    return _sorted_seats(answer, seat_order)

"""Swingometer: enter a national poll (Great Britain's, Canada's) and any area shares
(sub-polls, as ``--by-region`` takes them), pick a swing model, see the projected map, seat
totals and (optionally) forecast probabilities (:mod:`psephos.projection`,
:mod:`psephos.forecast`). Or upload a poll table: its final week's mean is projected, as
``psephos project --poll FILE`` projects it (:mod:`psephos.web.routes.polls`)."""

from __future__ import annotations

import inspect
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import Field

from psephos import jurisdictions
from psephos.errors import PsephosError
from psephos.io.export import csv_text
from psephos.numbers import format_number
from psephos.projection import DEFAULT_MODEL, MODELS
from psephos.results.hexmap import MapMode
from psephos.web import services
from psephos.web.context import (
    CountryField,
    NavItem,
    attempt,
    check_csrf,
    country_switch,
    country_switch_note,
    csv_response,
    default_election,
    refusal,
    refusal_status,
    render,
)
from psephos.web.limits import run_heavy
from psephos.web.routes.polls import PollFile, PollTableForm, PollWindow, uploaded_average
from psephos.web.schemas import (
    ELECTION_ID_PATTERN,
    TABLE_RESPONSES,
    AreaSharesText,
    Canonical,
    FormatQuery,
    MapShow,
    ModelName,
    PollText,
    TableFormat,
)

router = APIRouter()
NAV = (NavItem("Swingometer", "/swingometer", order=15),)


def _share(party: str) -> Any:
    """A slider party's share of the vote in the query, in percent."""
    return Annotated[float | None, Query(ge=0, le=100, title=f"{party} share (%)")]


#: The sliders the page and its API take: every bundled country's poll parties
#: (:data:`psephos.jurisdictions.POLL_PARTIES`), each a share in percent.
SLIDERS: tuple[str, ...] = jurisdictions.POLL_PARTIES


class PollQuery:
    """A national poll (percent per party, or a poll string read by
    :func:`psephos.projection.read_poll`; blank means the base result, or the area shares
    alone), area shares (the text of a ``--by-region`` file) and a model. The slider
    parameters are :data:`SLIDERS` (its signature is built from them below)."""

    def __init__(
        self,
        base: str | None = None,
        model: ModelName = ModelName(DEFAULT_MODEL),
        poll: str | None = None,
        forecast: bool = False,
        areas: str | None = None,
        **shares: float | None,
    ) -> None:
        self.base = base
        self.model = str(model.value)
        self.poll = poll
        self.shares = {party: value for party, value in shares.items() if value is not None}
        self.forecast = forecast
        self.areas = areas

    def twin_query(self, request: Request) -> str:
        """The query string of this page's JSON twin: every input as given, so the twin runs
        the same computation (the sliders' filled-in shares would be a different poll)."""
        params: dict[str, Any] = {"base": self.base or default_election(request)}
        params["model"] = self.model
        if self.poll:
            params["poll"] = self.poll
        else:
            params.update(self.shares)
        if self.areas:
            params["areas"] = self.areas
        if self.forecast:
            params["forecast"] = "true"
        return urlencode(params)

    def clear(self) -> None:
        """Clear the poll, the sliders' shares and the area shares (the page then opens on the
        base result): they name one country's parties and areas."""
        self.poll, self.shares, self.areas = None, {}, None

    def given(self) -> str | dict[str, float] | None:
        """The poll as typed: the library reads it like any poll (parties not given share the
        rest; above 100% is an error with the same message as every command)."""
        return self.poll or self.shares or None

    def seat_rows(self, request: Request) -> list[dict[str, Any]]:
        """Every seat projected to this poll, as ``psephos project --all-seats`` lists them."""
        base = self.base or default_election(request)
        return services.projected_seats(
            base, self.given(), self.model, areas=self.areas, sliders=not self.poll
        )

    def run(self, request: Request, show: MapMode = MapMode.winner) -> dict[str, Any]:
        """The projection (and forecast) for this poll, its map showing ``show``."""
        base = self.base or default_election(request)
        return services.swingometer(
            base,
            self.given(),
            self.model,
            areas=self.areas,
            sliders=not self.poll,  # the sliders give way to area shares covering the country
            with_forecast=self.forecast,
            show=show,
        )


def _query(name: str, annotation: Any, default: Any = None) -> inspect.Parameter:
    return inspect.Parameter(
        name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


# What FastAPI reads for the query: the fixed inputs, then a share per slider party.
PollQuery.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
    [
        _query(
            "base",
            Annotated[
                str | None, Query(pattern=ELECTION_ID_PATTERN, title="Base election"), Canonical
            ],
        ),
        _query("model", ModelName, ModelName(DEFAULT_MODEL)),
        _query("poll", PollText),
        *(_query(party, _share(party)) for party in SLIDERS),
        _query("forecast", bool, False),
        _query("areas", AreaSharesText),
    ]
)


def _base_answer(request: Request, poll: PollQuery) -> dict[str, Any]:
    """What the page shows beside a refused poll: the base election and model asked for,
    with the sliders as they were set (the base result's shares where none were)."""
    base = poll.base or default_election(request)
    return {
        "base": base,
        "model": poll.model,
        "poll_area": jurisdictions.national_area(services.election(base)),
        "shares_pct": {**services.poll_shares_pct(services.election(base)), **poll.shares},
        "forecast": None,
    }


def _page(
    request: Request,
    poll: PollQuery,
    answer: dict[str, Any],
    error: str | None = None,
    status_code: int = 200,
    country_note: str | None = None,
    window: PollWindow | None = None,
) -> Response:
    label = services.election(answer["base"]).label
    return render(
        request,
        "swingometer.html",
        {
            "answer": answer,
            # each slider named as the election names its party (Reform as "Reform UK" in
            # 2024, "UKIP" in 2015), as the table and the map's key name it; the input's name
            # stays the code, which the form and the JSON twin read
            "slider_labels": {party: label(party) for party in answer["shares_pct"]},
            # the parties without a slider as projected ("Ind 1.4%"): the sliders' rest
            "without_slider": [
                f"{label(party)} {format_number(share, '.1f')}%"
                for party, share in answer.get("without_slider_pct", {}).items()
            ],
            "poll": poll,
            "models": list(MODELS),
            "elections": services.election_list(every_country=True),
            # the area shares box's example, in the base election's country's areas
            "example": services.poll_example(answer["base"]),
            "error": error,
            "country_note": country_note,
            "twin_query": poll.twin_query(request),
            "areas": poll.areas,  # as typed
            "poll_window": window,  # the poll table's sheet and window, as sent
            "map_modes_offered": list(MapMode),
        },
        status_code,
    )


@router.get("/swingometer", summary="Swingometer page")
async def swingometer_page(
    request: Request,
    poll: Annotated[PollQuery, Depends()],
    show: MapShow = MapMode.winner,
    country: CountryField = None,
) -> Response:
    """Poll (and area shares) in, projected map (winners, gains against the base or
    majorities: ``show``, as ``psephos map --poll --by-region --show``) and seat totals out.
    A poll or area shares the library refuses (above 100% in all, text it cannot read, a party
    or area it does not know) is shown above the form with the library's message, the
    sliders as they were set and the area shares as typed, with the status its JSON twin
    gives (400; 404 for an unknown party). The form's Base election menu switched to another
    country's election (``country``, the form's hidden field) clears the sliders, poll and
    area shares (the map opens on the base result), with a note saying so."""
    base = poll.base or default_election(request)
    note = None
    if country_switch(country, base) is not None:
        poll.clear()
        note = country_switch_note(base)
    tried = await attempt(run_heavy(request, lambda: poll.run(request, show)))
    if tried.answer is None:
        return _page(request, poll, _base_answer(request, poll), tried.error, tried.status, note)
    return _page(request, poll, tried.answer, country_note=note)


class SwingTableForm(PollTableForm):
    """The swingometer's poll table form: :class:`PollTableForm` and the forecast choice."""

    forecast: bool = Field(default=False, description="Forecast probabilities too")


@router.post("/swingometer", summary="Swingometer from a poll table (form)")
async def swingometer_poll_table(
    request: Request, form: Annotated[SwingTableForm, Form()], poll_file: PollFile
) -> Response:
    """An uploaded poll table's final-week mean, with any area shares given beside it,
    projected as the page's ``GET`` form projects that mean typed in as the poll with the same
    area shares (the page's sliders are set to it, to adjust from there), with what was
    averaged and left out above the map. A file the reader refuses, or a mean or area shares
    the projection refuses, is shown on the page with its reason and the status its JSON twins
    give (400 from ``POST /api/poll-average`` for a file that does not read; 422 for one that
    is not text), the area shares left in their box."""
    check_csrf(request, form.csrf_token)
    poll = PollQuery(base=form.base, model=form.model, forecast=form.forecast, areas=form.areas)
    try:
        average = await uploaded_average(
            poll_file, form, base=form.base or default_election(request)
        )
        poll.poll = average["poll"]
        answer = await run_heavy(request, lambda: poll.run(request))
    except (PsephosError, HTTPException) as error:
        poll.poll = None
        return _page(
            request,
            poll,
            _base_answer(request, poll),
            refusal(error),
            refusal_status(error),
            window=form,
        )
    answer = {**answer, "notes": average["notes"] + answer["notes"]}  # not the cached answer
    return _page(request, poll, answer, window=form)


@router.get(
    "/api/swingometer",
    summary="Projection from a poll",
    response_model=None,
    responses=TABLE_RESPONSES,
)
async def api_swingometer(
    request: Request,
    poll: Annotated[PollQuery, Depends()],
    show: MapShow = MapMode.winner,
    format: FormatQuery = TableFormat.json,
) -> dict[str, Any] | Response:
    """Projected seats per party, the winner of every seat, the projected map's fills, facts
    and key for ``show`` (gains against the base), and forecast probabilities, from the poll
    and the ``areas`` shares (the text of a ``--by-region`` file; the answer's ``areas`` gives
    them as read, area -> party -> share; without a poll they are projected alone, as the
    command projects them).
    ``format=csv``: every seat's projected shares and winner as a CSV file, the columns of
    ``psephos project --from BASE --poll POLL [--by-region FILE] --model MODEL --all-seats
    --format csv``.
    A heavy endpoint: 503 with ``Retry-After`` when too many are running."""
    if format is TableFormat.csv:
        rows = await run_heavy(request, lambda: poll.seat_rows(request))
        base = poll.base or default_election(request)
        return csv_response(csv_text(rows), f"projection-{base}-{poll.model}-seats")
    answer = await run_heavy(request, lambda: poll.run(request, show))
    answer["map"] = answer.pop("hexmap").key_json()
    return answer

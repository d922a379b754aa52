"""Exit-poll estimator: emulate a past election's exit poll from a random sample of seats and
compare it with the result and the broadcasters' own exit poll
(:mod:`psephos.forecast.exitpoll`, as ``psephos exitpoll emulate``)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field, model_validator

from psephos.errors import PsephosError
from psephos.forecast.exitpoll import MIN_SAMPLE_SEATS, sample_seats
from psephos.web import services
from psephos.web.context import (
    NavItem,
    check_csrf,
    default_election,
    file_notes,
    form_file,
    form_file_text,
    refusal,
    refusal_status,
    render,
)
from psephos.web.limits import run_heavy
from psephos.web.schemas import ELECTION_ID_PATTERN, Blank, Canonical, SheetName

router = APIRouter()
NAV = (NavItem("Exit poll", "/exit-poll", order=48),)


class ExitPollElection(StrEnum):
    """Elections with results and a base on the same boundaries."""

    e2024 = "2024"
    e2019 = "2019"
    e2017 = "2017"
    e2015 = "2015"


class Estimator(StrEnum):
    """The estimator chosen on earlier elections (default), partial pooling by region and seat
    type, or the Curtice-Firth ridge regression
    (:data:`psephos.forecast.exitpoll.ESTIMATOR_OPTIONS`)."""

    chosen = "chosen"
    pooled = "pooled"
    linear = "linear"


def sample_range(election_id: str) -> dict[str, int]:
    """The sample sizes the page's number box offers for an election: those ``psephos exitpoll
    emulate --k`` takes (:func:`psephos.forecast.exitpoll.sample_seats`, the seats of its
    country's main area)."""
    bound = sample_seats(services.election(election_id))
    return {"min_sample_seats": int(bound.low or 0), "max_sample_seats": int(bound.high or 0)}


class EmulationQuery(BaseModel):
    """The query of the exit-poll page and its JSON twin."""

    election: Annotated[ExitPollElection, Canonical] = ExitPollElection.e2024
    seats: Annotated[int, Blank] = Field(
        default=100,
        description=f"Seats in the sample (the 'exit poll'), from {MIN_SAMPLE_SEATS} to the "
        "election's seats in Great Britain (its country's main area)",
    )
    seed: Annotated[int, Blank] = Field(
        default=12, ge=0, le=2**31 - 1, description="Random seed for the sample"
    )
    estimator: Estimator = Estimator.chosen

    @model_validator(mode="after")
    def _sample_size(self) -> EmulationQuery:
        """The sample size within the election's own range, as ``psephos exitpoll emulate
        --k`` checks it (:func:`psephos.forecast.exitpoll.sample_seats`)."""
        problem = sample_seats(services.election(self.election.value)).check(self.seats)
        if problem is not None:
            raise ValueError(f"seats: {problem}")
        return self


Emulation = Annotated[EmulationQuery, Query()]


async def _answer(request: Request, query: EmulationQuery) -> dict[str, Any]:
    return await run_heavy(
        request,
        lambda: services.exit_poll_emulation(
            query.election.value,
            query.seats,
            seed=query.seed,
            estimator=query.estimator.value,
        ),
    )


@router.get("/exit-poll", summary="Exit-poll estimator page")
async def exit_poll_page(request: Request, query: Emulation) -> Response:
    """Election, sample size and seed in; seats per party with 90% ranges beside the result
    and the broadcasters' exit poll, and a map of each seat's favourite."""
    answer = await _answer(request, query)
    return render(
        request, "exitpoll.html", {"answer": answer, **sample_range(query.election.value)}
    )


@router.get("/api/exit-poll", summary="Emulate an exit poll from sampled seats")
async def api_exit_poll(request: Request, query: Emulation) -> dict[str, Any]:
    """One exit poll from ``seats`` random Great Britain seats' results (measured with sampling
    error): expected seats per party with a 90% range (errors the sample shares across seats
    included: :meth:`psephos.forecast.exitpoll.ExitPollEstimate.seat_intervals`), the actual
    result, the broadcasters' exit poll, and the back-test over 50 samples
    (mean per-party absolute seat error, as ``psephos exitpoll emulate``)."""
    return await _answer(request, query)


SampleFile = Annotated[
    UploadFile,
    File(
        description="CSV of the sampled seats' results: seat_code,seat_name,party,votes, or "
        "their shares in place of votes (share: percentages or fractions; share_pct), seats by "
        "seat_code or seat_name (as psephos exitpoll estimate)"
    ),
]


#: A bundled set of the tactical-voting sites' picks (``sites-2019``, ``sites-2024``),
#: ``none``, or empty / left out: the default, the set bundled for the election after the base
#: (:func:`psephos.projection.national.resolve_recommendations`).
SITES_PATTERN = r"^(sites-[0-9]{4}|none)?$"
Picks = Annotated[
    str | None,
    Form(
        pattern=SITES_PATTERN,
        description="The tactical-voting sites' picks published before polling day: a bundled "
        "set (sites-2019, sites-2024) or none; default: the set bundled for the election "
        "after the base (sites-2024 from 2019-notional-2024), as psephos exitpoll estimate "
        "--recommendations",
    ),
]


PicksFile = Annotated[
    UploadFile | None,
    File(
        description="Your own tactical-voting picks: CSV seat,party[,site] (as psephos "
        "exitpoll estimate --recommendations FILE); replaces the bundled set"
    ),
]


#: A party psephos does not know in an uploaded sample: refused, or counted as Other (the
#: reader's option, as ``psephos exitpoll estimate --unknown-parties``).
UnknownParties = Annotated[
    Literal["error", "other"],
    Form(
        description="A party psephos does not know: refused (error) or counted as Other "
        "(other), as psephos exitpoll estimate --unknown-parties"
    ),
]


@dataclass(frozen=True, slots=True)
class SampleUpload:
    """What the exit-poll page's form and its JSON twin send (as ``psephos exitpoll estimate``
    takes it): the sampled seats' results, the base election (``None``: the newest), the
    estimator, the tactical-voting picks (a bundled set or ``none``; ``None``: the default set)
    or a file of one's own picks, what to do with a party psephos does not know, and the
    sheet of each file's workbook its Sheet box names (``None``: the first)."""

    sample_file: UploadFile
    base: str | None
    estimator: Estimator
    recommendations: str | None
    recommendations_file: UploadFile | None
    unknown_parties: Literal["error", "other"]
    sheet: str | None = None
    recommendations_sheet: str | None = None


def _uploaded(
    sample_file: SampleFile,
    base: Annotated[str | None, Form(pattern=ELECTION_ID_PATTERN), Canonical] = None,
    estimator: Annotated[Estimator, Form()] = Estimator.chosen,
    recommendations: Picks = None,
    recommendations_file: PicksFile = None,
    unknown_parties: UnknownParties = "error",
    sheet: SheetName = None,
    recommendations_sheet: SheetName = None,
) -> SampleUpload:
    """The route dependency reading a :class:`SampleUpload` from the form fields."""
    return SampleUpload(
        sample_file,
        base,
        estimator,
        recommendations,
        recommendations_file,
        unknown_parties,
        sheet,
        recommendations_sheet,
    )


Uploaded = Annotated[SampleUpload, Depends(_uploaded)]


def _csrf_field(csrf_token: Annotated[str, Form(max_length=200)]) -> str:
    """The form's CSRF token, read as a dependency declared before :data:`Uploaded` so that a
    missing or overlong token is named first among the refused fields (checked by the route,
    after every field is read)."""
    return csrf_token


async def _estimate(request: Request, upload: SampleUpload) -> dict[str, Any]:
    sample = await form_file(
        upload.sample_file, "sample", default_name="sample.csv", sheet=upload.sheet
    )
    own = await form_file_text(
        upload.recommendations_file, "picks file", sheet=upload.recommendations_sheet
    )
    answer = await run_heavy(
        request,
        lambda: services.exit_poll_from_sample(
            sample.text,
            upload.base or default_election(request),
            estimator=upload.estimator.value,
            recommendations=upload.recommendations or None,
            picks_text=own.text if own is not None else None,
            picks_name=own.name if own is not None else None,
            unknown_parties=upload.unknown_parties,
            sample_name=sample.name,
        ),
    )
    answer["notes"] = file_notes(sample, own) + answer.get("notes", [])
    return answer


@router.post("/exit-poll", summary="Exit poll from your own sampled seats (form)")
async def exit_poll_sample_form(
    request: Request,
    csrf_token: Annotated[str, Depends(_csrf_field)],
    upload: Uploaded,
) -> Response:
    """Upload sampled seats' results; every seat's favourite and seats per party with 90%
    ranges. A file the reader refuses is shown on the page with its reason and its JSON
    twin's status (400, a party psephos does not know too; 422 for a file that is not
    text). The upload
    form keeps the choices sent with the file (base, estimator, picks, unknown parties,
    sheets), answered or refused, for the next file."""
    check_csrf(request, csrf_token)
    try:
        answer = await _estimate(request, upload)
    except (PsephosError, HTTPException) as error:
        message = refusal(error)
        fallback = await _answer(request, EmulationQuery())
        return render(
            request,
            "exitpoll.html",
            {
                "answer": fallback,
                "error": message,
                "upload": upload,
                **sample_range(fallback["election"]),
            },
            status_code=refusal_status(error),
        )
    emulation = EmulationQuery().election.value  # the emulation form's election
    return render(
        request,
        "exitpoll.html",
        {"answer": answer, "upload": upload, **sample_range(emulation)},
    )


@router.post("/api/exit-poll", summary="Exit poll from your own sampled seats")
async def api_exit_poll_sample(request: Request, upload: Uploaded) -> dict[str, Any]:
    """Multipart upload of the sampled seats' results in the long results format
    (``seat_code,seat_name,party,votes``, as ``psephos exitpoll estimate``), with the base
    election on the same boundaries (default: the newest): expected seats per party with a 90%
    range (the one ``psephos exitpoll estimate`` prints, errors the sample shares across seats
    included) and every seat's favourite on the map; with
    ``recommendations`` (a bundled set of the tactical-voting sites' picks, ``none``, or by
    default the set bundled for the election after the base) or ``recommendations_file`` (your
    own picks, ``seat,party[,site]``) the estimator fits how far voters followed them. A
    party psephos does not know is refused (400), or with ``unknown_parties=other`` counted
    as Other, as ``--unknown-parties other``."""
    return await _estimate(request, upload)

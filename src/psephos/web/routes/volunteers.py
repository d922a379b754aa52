"""Nearest marginal and volunteer sign-up (saved to the database; names and e-mails are shown
only to logged-in organisers)."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import ValidationError

from psephos.bounds import NUMBER_BOUNDS
from psephos.errors import PsephosError, UnknownConstituencyError
from psephos.jurisdictions import is_postcode_for, seat_of_place
from psephos.projection import DEFAULT_MODEL
from psephos.targeting.nearest import MARGINAL_MAJORITY_PCT, MARGINALS_KM, NEAREST_TOP
from psephos.web import services, store
from psephos.web.context import (
    PLACE_FAULTS,
    NavItem,
    check_csrf,
    database_of,
    default_election,
    fields_at_fault,
    poll_example,
    refusal,
    refusal_status,
    render,
)
from psephos.web.schemas import (
    ELECTION_ID_PATTERN,
    SEAT_CODE_PATTERN,
    SWING_PATTERN,
    AreaSharesText,
    Blank,
    ModelName,
    PostcodeQuery,
    VolunteerFields,
    VolunteerForm,
    form_refusal,
)

router = APIRouter()
NAV = (NavItem("Nearest marginal", "/nearest", order=30, voter=True),)


class NearestQuery:
    """Query parameters of the nearest-marginal search (a number left blank: its default)."""

    def __init__(
        self,
        election: Annotated[str | None, Query(pattern=ELECTION_ID_PATTERN)] = None,
        seat: Annotated[
            str | None, Query(max_length=100, description="Your seat: name or ONS code")
        ] = None,
        postcode: Annotated[str | None, PostcodeQuery] = None,
        # checked by the library, as psephos nearest --closest checks a point: a latitude and
        # longitude, then within reach of the election's seats (psephos.targeting.geo)
        lat: Annotated[float | None, Blank, Query(description="Latitude")] = None,
        lon: Annotated[float | None, Blank, Query(description="Longitude")] = None,
        max_majority_pct: Annotated[
            float, Blank, Query(gt=0, le=100, title="Majority under (%)")
        ] = MARGINAL_MAJORITY_PCT,
        max_km: Annotated[
            float, Blank, Query(**NUMBER_BOUNDS["max_km"].limits(), title="Within (km)")
        ] = MARGINALS_KM,
        top: Annotated[int, Blank, Query(ge=1, le=50, title="How many seats")] = NEAREST_TOP,
        party: Annotated[
            str | None,
            Query(
                max_length=40,
                title="Party",
                description="Only the marginals this party won or came second in (blank: "
                "any; as psephos nearest --closest --party)",
            ),
        ] = None,
        swing: Annotated[
            str | None,
            Query(
                max_length=200,
                pattern=SWING_PATTERN,
                title="National swing (points)",
                description="National swing scenario in GB share points, e.g. 'Lab=+3,Con=-2.5' "
                "(as psephos nearest --closest --swing)",
            ),
        ] = None,
        poll: Annotated[
            str | None,
            Query(
                max_length=300,
                title="Poll",
                description="Project the base to this poll first, e.g. 'Lab 30 Con 20 Reform 25 "
                "LD 12 Green 8' (as psephos nearest --closest --poll): the projected majorities",
            ),
        ] = None,
        areas: AreaSharesText = None,
        model: Annotated[
            ModelName | None, Blank, Query(description="Swing model for the poll or swing")
        ] = None,
        speed_kmh: Annotated[
            float | None,
            Blank,
            Query(
                **NUMBER_BOUNDS["speed_kmh"].limits(),
                title="Travel speed (km/h)",
                description="Each seat's travel minutes in a straight line at this speed (as "
                "--speed-kmh)",
            ),
        ] = None,
        max_minutes: Annotated[
            float | None,
            Blank,
            Query(
                **NUMBER_BOUNDS["max_minutes"].limits(),
                title="Within (minutes)",
                description="Travel-time budget at speed_kmh (as --max-minutes)",
            ),
        ] = None,
    ) -> None:
        self.election = election
        self.seat = seat.strip() if seat else None
        self.postcode = postcode.strip() if postcode else None
        self.lat = lat
        self.lon = lon
        self.max_majority_pct = max_majority_pct
        self.max_km = max_km
        self.top = top
        self.party = party.strip() if party and party.strip() else None
        self.swing = swing.strip() if swing and swing.strip() else None
        self.poll = poll.strip() if poll and poll.strip() else None
        self.areas = areas if areas and areas.strip() else None
        self.model = model
        self.speed_kmh = speed_kmh
        self.max_minutes = max_minutes

    def query_string(self, election: str, **overrides: Any) -> str:
        """Every input as given (``overrides`` replace some; blanks left out): the JSON twin's
        query, so it answers the same question (a latitude and longitude, the limits and the
        count included)."""
        params: dict[str, Any] = {
            "seat": self.seat,
            "postcode": self.postcode,
            "lat": self.lat,
            "lon": self.lon,
            "election": election,
            "max_majority_pct": self.max_majority_pct,
            "max_km": self.max_km,
            "top": self.top,
            "party": self.party,
            "swing": self.swing,
            "poll": self.poll,
            "areas": self.areas,
            # the model where a poll or swing uses it, as the target list's query gives it
            "model": None
            if self.model is None or not (self.poll or self.swing or self.areas)
            else self.model.value,
            "speed_kmh": self.speed_kmh,
            "max_minutes": self.max_minutes,
            **overrides,
        }
        return urlencode({name: value for name, value in params.items() if value not in ("", None)})

    def run(self, request: Request) -> dict[str, Any] | None:
        """The search result, or ``None`` when no place was given."""
        if not self.seat and not self.postcode and (self.lat is None or self.lon is None):
            return None
        return services.nearest_marginals(
            self.election or default_election(request),
            seat_name=self.seat or None,
            postcode=self.postcode or None,
            latitude=self.lat,
            longitude=self.lon,
            max_majority_pct=self.max_majority_pct,
            max_km=self.max_km,
            top=self.top,
            party=self.party,
            scenario=services.NearestScenario(
                swing=self.swing,
                poll=self.poll,
                areas=self.areas,
                model=None if self.model is None else str(self.model.value),
                speed_kmh=self.speed_kmh,
                max_minutes=self.max_minutes,
            ),
        )


@router.get("/nearest", summary="Nearest marginal page")
def nearest_page(request: Request, query: Annotated[NearestQuery, Depends()]) -> Response:
    """Find the closest marginal seats to your seat, then sign up to help in one. A refusal (a
    seat or postcode not found, an election psephos does not bundle or one of a country
    without seat centres) is said above the form, kept as typed, with the JSON twin's
    status."""
    result = None
    error = None
    at_fault: tuple[str, ...] = ()
    status = 200
    try:
        result = query.run(request)
    except PsephosError as problem:  # said above the form, as the JSON twin says it
        error, status = refusal(problem), refusal_status(problem)
        at_fault = fields_at_fault(problem, PLACE_FAULTS)
    return render(
        request,
        "nearest.html",
        {
            "query": query,
            "result": result,
            "error": error,
            "error_fields": at_fault,
            "election_id": query.election or default_election(request),
            "example": poll_example(request, query.election or default_election(request)),
            "models": list(ModelName),
            "default_model": DEFAULT_MODEL,
        },
        status,
    )


@router.get("/api/nearest", summary="Nearest marginal seats")
def api_nearest(request: Request, query: Annotated[NearestQuery, Depends()]) -> Response:
    """Marginal seats nearest a postcode, a seat (name or code) or a latitude/longitude."""
    result = query.run(request)
    if result is None:
        return JSONResponse({"detail": "Give postcode, seat, or lat and lon."}, status_code=422)
    return JSONResponse(result)


def _with_seat_codes(fields: VolunteerFields) -> tuple[VolunteerFields, list[str]]:
    """The sign-up with its target and home seat as codes of its election, each read as a
    place (a code, a name or a postcode in one seat: the one lookup of every page that takes
    a place, :func:`psephos.jurisdictions.seat_of_place`), and the notes on how one was read
    (a postcode's seat, said without the postcode; a seat of the other boundaries followed).

    Raises:
        UnknownConstituencyError: a place that is no seat, naming the field.
    """
    current = services.election(fields.election)
    codes: dict[str, str] = {}
    notes: list[str] = []
    for name in ("target_seat", "home_seat"):
        place = getattr(fields, name)
        if not place:
            continue
        try:
            position, note = seat_of_place(current, place)
        except UnknownConstituencyError as error:
            raise UnknownConstituencyError(f"{name}: {error}") from None
        codes[name] = current.codes[position]
        if note and is_postcode_for(current, place):  # said without the postcode (personal)
            seat = current.constituencies[position]
            notes.append(f"{name}: the postcode given is in {seat.named}.")
        elif note:
            notes.append(f"{name}: {note}")
    return fields.model_copy(update=codes), notes


@router.post("/volunteers", summary="Volunteer sign-up (form)")
def volunteer_form(request: Request, form: Annotated[VolunteerForm, Form()]) -> Response:
    """Store a volunteer from the HTML form (CSRF-checked), then show the thanks page."""
    check_csrf(request, form.csrf_token)
    try:
        fields = VolunteerFields.model_validate(form.sign_up())
    except ValidationError as error:
        return _reshow_sign_up(request, form, error)
    fields, _ = _with_seat_codes(fields)
    with database_of(request).session(write=True) as session:
        # the same e-mail again updates the sign-up, which the thanks page says, as the
        # JSON twin's status does
        _, created = store.add_volunteer(session, fields)
    status = "" if created else "&status=updated"
    return RedirectResponse(
        f"/volunteers/thanks?seat={fields.target_seat}&election={fields.election}{status}",
        status_code=303,
    )


def _reshow_sign_up(request: Request, form: VolunteerForm, error: ValidationError) -> Response:
    """The nearest-marginal page again, for the search the form was shown for (else from the
    volunteer's home seat, or the seat chosen), with what was typed and what is wrong (422)."""
    place = bool(form.postcode or form.seat) or None not in (form.lat, form.lon)
    query = NearestQuery(
        election=form.election,
        seat=form.seat if place else form.home_seat or form.target_seat,
        postcode=form.postcode,
        lat=form.lat,
        lon=form.lon,
        max_majority_pct=form.max_majority_pct,
        max_km=form.max_km,
        top=form.top,
        party=form.party or None,
        swing=form.swing or None,
        poll=form.poll or None,
        areas=form.areas or None,
        model=form.model,
        speed_kmh=form.speed_kmh,
        max_minutes=form.max_minutes,
    )
    problems = form_refusal(error, VolunteerFields)
    return render(
        request,
        "nearest.html",
        {
            "query": query,
            "result": query.run(request),
            "error": f"Not signed up: {problems}.",
            "election_id": form.election,
            "example": poll_example(request, form.election),
            "models": list(ModelName),
            "default_model": DEFAULT_MODEL,
            "typed": form,
        },
        422,
    )


@router.get("/volunteers/thanks", summary="Sign-up confirmation page")
def volunteer_thanks(
    request: Request,
    seat: Annotated[str, Query(pattern=SEAT_CODE_PATTERN)],
    election: Annotated[str | None, Query(pattern=ELECTION_ID_PATTERN)] = None,
    status: Annotated[
        Literal["saved", "updated"],
        Query(description="The sign-up's status, as POST /api/volunteers answers it"),
    ] = "saved",
) -> Response:
    """Thank the volunteer, naming the seat they will help in; a sign-up again with the same
    e-mail address (``status`` ``updated``) is said to have updated their details."""
    report = services.seat(election or default_election(request), seat)
    return render(
        request, "volunteer_thanks.html", {"seat": report, "updated": status == "updated"}
    )


@router.post("/api/volunteers", status_code=201, summary="Volunteer sign-up")
def api_volunteer(request: Request, fields: VolunteerFields) -> dict[str, Any]:
    """Store a volunteer (JSON). ``target_seat`` and ``home_seat`` are places: a seat code or
    name, or a postcode in one seat (:func:`_with_seat_codes`); the sign-up keeps their codes,
    which the answer gives, with ``notes`` on how a place was read. Signing up again with the
    same e-mail address for the same campaign updates the sign-up (``status`` ``updated``)
    instead of adding a duplicate. The answer holds no personal data."""
    fields, notes = _with_seat_codes(fields)
    with database_of(request).session(write=True) as session:
        volunteer, created = store.add_volunteer(session, fields)
        volunteer_id = volunteer.id
    return {
        "status": "saved" if created else "updated",
        "id": volunteer_id,
        "target_seat": fields.target_seat,
        "home_seat": fields.home_seat,
        "notes": notes,
    }

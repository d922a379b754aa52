"""How should I vote? Find your seat (name or a location), give your preferences, get advice
and its reasoning (:mod:`psephos.tactical`)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel, Field

from psephos.jurisdictions.postcodes import PostcodeSeats
from psephos.projection import DEFAULT_MODEL, MODELS
from psephos.tactical.api import seats_to_advise
from psephos.tactical.errors import PreferenceError
from psephos.web import services
from psephos.web.context import (
    PLACE_FAULTS,
    Attempt,
    CountryField,
    FileText,
    NavItem,
    attempt,
    check_csrf,
    country_switch,
    country_switch_note,
    fields_at_fault,
    file_notes,
    form_file_text,
    kept_or_uploaded,
    page_message,
    poll_example,
    render,
)
from psephos.web.limits import run_heavy
from psephos.web.schemas import (
    ELECTION_ID_PATTERN,
    NUMBER_PATTERN,
    PARTY_LIST_PATTERN,
    POSTCODE_MAX_LENGTH,
    AreaSharesText,
    Canonical,
    CsrfToken,
    KeptResultsFile,
    ModelName,
    PollText,
    PostcodeQuery,
    ResultsUnknownParties,
    SheetName,
)

router = APIRouter()
#: What the form's Election menu switched to another country's election clears
#: (:meth:`AdviceQuery.switch_country`), as the note names it.
SWITCH_CLEARS = (
    "the place (seat, postcode or coordinates), the parties, the poll and the area shares"
)
NAV = (NavItem("How should I vote?", "/advice", order=7, voter=True),)


def _parties(title: str) -> Any:
    return Query(
        max_length=200,
        pattern=PARTY_LIST_PATTERN,
        title=title,
        description="Parties, best first ('Green, Lab', 'Green > Lab' or '1. Green 2. Lab')",
    )


def _coordinate(value: str | None, limits: tuple[float, float] | None, name: str) -> float | None:
    """A latitude or longitude typed, within ``limits`` (none: any number, and the country
    without seat centroids refuses the point in the library's words)."""
    if value is None or not value.strip():
        return None
    number = float(value)
    if limits is None:
        return number
    low, high = (int(limit) if limit.is_integer() else limit for limit in limits)
    if not low <= number <= high:  # refused as the schema refuses a number out of its range
        raise RequestValidationError(
            [
                {
                    "type": "greater_than_equal" if number < low else "less_than_equal",
                    "loc": ("query", name),
                    "msg": f"Input should be from {low} to {high}",
                    "input": value,
                    "ctx": {"ge": low, "le": high},
                }
            ]
        )
    return number


class AdviceQuery:
    """A voter's question: where (seat name/code or a point) and what they want."""

    def __init__(
        self,
        seat: Annotated[str | None, Query(max_length=100, description="Seat name or code")] = None,
        postcode: Annotated[str | None, PostcodeQuery] = None,
        lat: Annotated[
            str | None,
            Query(max_length=20, pattern=NUMBER_PATTERN, description="Latitude (UK: 49-61)"),
        ] = None,
        lon: Annotated[
            str | None,
            Query(max_length=20, pattern=NUMBER_PATTERN, description="Longitude (UK: -9-3)"),
        ] = None,
        prefer: Annotated[str | None, _parties("Parties you would vote for")] = None,
        against: Annotated[str, _parties("Parties you most want to keep out")] = "",
        never: Annotated[str, _parties("Parties you would never vote for")] = "",
        election: Annotated[
            str,
            Canonical,
            Query(
                pattern=ELECTION_ID_PATTERN,
                title="Election",
                description="'next' (from the 2024 result), 2017/2019/2024 (the advice possible "
                "before that election) or another bundled election id, its result taken as the "
                "expected one (e.g. 2015, canada-2021), as psephos advise --election takes it",
            ),
        ] = "next",
        poll: PollText = None,
        areas: AreaSharesText = None,
        model: ModelName = ModelName(DEFAULT_MODEL),
    ) -> None:
        self.seat = seat.strip() if seat else ""
        self.postcode = postcode.strip() if postcode else ""
        self.found: PostcodeSeats | None = None
        # A blank form field means "not given".
        # within the election's country's seat centres (services.advice_example)
        example = services.advice_example(election)
        self.lat = _coordinate(lat, example.latitude, "lat")
        self.lon = _coordinate(lon, example.longitude, "lon")
        # A link that names only the place (a seat page's "How should I vote here?") leaves
        # ``prefer`` out: the form is shown filled in so far, with nothing said to be missing.
        self.prefer_sent = prefer is not None
        self.prefer, self.against, self.never = prefer or "", against, never
        self.election = election
        # A poll and area shares project the result first (as psephos advise --poll
        # --by-region), with ``model``.
        self.poll = poll.strip() if poll else ""
        self.areas = areas.strip() if areas else ""
        self.model = str(model.value)

    def switch_country(self) -> bool:
        """Clear what names one country's seats and parties (the place, the parties and the
        poll) and open the form afresh: the Election menu was switched to another country's
        election (:func:`psephos.web.context.country_switch`). Returns whether anything was
        filled in, so cleared (a form switched before anything was typed has nothing to say)."""
        texts = (
            self.seat,
            self.postcode,
            self.prefer,
            self.against,
            self.never,
            self.poll,
            self.areas,
        )
        filled = any(texts) or self.lat is not None or self.lon is not None
        self.seat = self.postcode = self.prefer = self.against = self.never = self.poll = ""
        self.areas = ""
        self.lat = self.lon = None
        self.prefer_sent = False
        return filled

    def query_string(self, **overrides: Any) -> str:
        """Every input as given (``overrides`` replace some; blanks left out): the JSON twin's
        query, so it answers the same question (the poll and model included)."""
        params: dict[str, Any] = {
            "seat": self.seat,
            "postcode": self.postcode,
            "lat": self.lat,
            "lon": self.lon,
            "prefer": self.prefer,
            "against": self.against,
            "never": self.never,
            "election": self.election,
            "poll": self.poll,
            "areas": self.areas,
            "model": self.model if self.poll or self.areas else None,
            **overrides,
        }
        return urlencode({name: value for name, value in params.items() if value not in ("", None)})

    @property
    def asked(self) -> bool:
        """Whether the form was filled in."""
        return bool(self.prefer) and (
            bool(self.seat) or bool(self.postcode) or None not in (self.lat, self.lon)
        )

    @property
    def missing(self) -> str | None:
        """What a half-filled form still needs (``None`` when it is complete or untouched)."""
        place = bool(self.seat) or bool(self.postcode) or None not in (self.lat, self.lon)
        if self.prefer and not place:
            return "Give your seat or postcode (or a latitude and longitude)."
        if place and not self.prefer:  # the message a list of no party (",") gets
            return page_message(PreferenceError.empty())
        return None

    @property
    def missing_fields(self) -> tuple[str, ...]:
        """The boxes :attr:`missing` asks to fill in: the place's, or the parties'."""
        if self.missing is None:
            return ()
        return ("postcode", "seat") if self.prefer else ("prefer",)

    def key(self) -> services.AdviceKey:
        """The canonical question (raises ``PsephosError`` for unknown seats, postcodes or
        parties, or a seat that is not the postcode's, as ``psephos advise`` refuses it:
        :func:`psephos.tactical.api.seats_to_advise`). A postcode sets :attr:`found` (where it
        is, whether it straddles seats); the most likely of its seats is advised on."""
        seat = self.seat
        if self.postcode:
            seats, self.found = seats_to_advise(
                self.election, seat=self.seat or None, postcode=self.postcode
            )
            seat = seats[0]
        elif not seat and self.lat is not None and self.lon is not None:
            base = services._advice_base(self.election)
            seat = services.nearest_seat(base, self.lat, self.lon)
        return services.advice_key(
            seat,
            self.prefer,
            self.against,
            self.never,
            self.election,
            self.poll,
            self.model,
            self.areas,
        )

    async def run(self, request: Request) -> dict[str, Any]:
        """The advice: memoised answers on the event loop, new ones computed in a thread
        (bounded: 503 with ``Retry-After`` when too many are running). The notes reading the
        poll made (a party named as another year named it) come first: they belong to the
        poll as typed, which the memoised answer's canonical poll no longer spells."""
        with services.share_notes() as read_notes:
            key = self.key()
        answer = services.advice_if_cached(key)
        if answer is None:
            # cached answers never wait
            answer = await run_heavy(request, lambda: services.advice_for(key), gate=False)
        if read_notes:
            answer = {**answer, "notes": list(dict.fromkeys([*read_notes, *answer["notes"]]))}
        if self.found is not None:
            answer = {**answer, "postcode": self.found.to_dict()}
        return answer


class AdviceFileFields(BaseModel):
    """A voter's question on a results file of their own (``psephos advise SEAT --election
    FILE``): the seat (or a postcode, which a file has none of: refused in the library's
    words), the parties, how the file's parties psephos does not know are read (as
    ``--unknown-parties``), and a poll and area shares to project the file to first."""

    seat: str = Field(default="", max_length=100, description="Seat name or code in the file")
    postcode: str = Field(default="", max_length=POSTCODE_MAX_LENGTH)
    prefer: str = Field(
        min_length=1,
        max_length=200,
        pattern=PARTY_LIST_PATTERN,
        title="Parties you would vote for",
        description="Parties, best first ('Green, Lab')",
    )
    against: str = Field(default="", max_length=200, pattern=PARTY_LIST_PATTERN)
    never: str = Field(default="", max_length=200, pattern=PARTY_LIST_PATTERN)
    poll: str = Field(default="", max_length=300, description="A poll to project the file to")
    areas: str = Field(default="", max_length=20_000, description="Area shares, as --by-region")
    model: ModelName = ModelName(DEFAULT_MODEL)
    unknown_parties: ResultsUnknownParties = "error"


class AdviceFileForm(AdviceFileFields, KeptResultsFile, CsrfToken):
    """The advice page's results-file form (with the session's CSRF token, and the file read
    before, kept for asking again)."""


ResultsFile = Annotated[
    UploadFile | None,
    File(
        description="Results CSV (seat_code, seat_name, party, votes) or .xlsx workbook, its "
        "result the expected one, as psephos advise --election FILE"
    ),
]
#: What a results-file question without a file is told.
NO_RESULTS_FILE = "Choose a results file (a CSV with seat_code, seat_name, party, votes)."


async def _file_advice(
    request: Request, fields: AdviceFileFields, results: FileText
) -> dict[str, Any]:
    """The advice on a results file (:func:`psephos.web.services.file_advice`, in a thread:
    a heavy request, 503 with ``Retry-After`` when too many are running), with a note for a
    file read as Windows-1252 first."""
    answer = await run_heavy(
        request,
        lambda: services.file_advice(
            results.named_text,
            fields.seat,
            fields.prefer,
            fields.against,
            fields.never,
            postcode=fields.postcode,
            unknown_parties=fields.unknown_parties,
            poll=fields.poll,
            model=str(fields.model.value),
            areas=fields.areas,
        ),
    )
    return {**answer, "notes": [*file_notes(results), *answer["notes"]]}


@router.get("/advice", summary="How should I vote? page")
async def advice_page(
    request: Request, query: Annotated[AdviceQuery, Depends()], country: CountryField = None
) -> Response:
    """The question form and, once asked, the advice with its reasoning. The form's Election
    menu offers what ``psephos advise --election`` takes
    (:func:`psephos.web.services.tactical_elections`); switched to another country's election
    (``country``, the form's hidden field) it clears the place, the parties and the poll,
    which name the other country's seats and parties, with a note saying so."""
    note = None
    seats = services.advice_seats(query.election)
    if country_switch(country, seats) is not None and query.switch_country():
        label = services.tactical_elections().get(query.election.strip().lower())
        note = country_switch_note(seats, election_label=label, fields=SWITCH_CLEARS)
    advice = None
    # A link naming only the place opens the form filled in so far, with nothing missing yet.
    error = query.missing if query.prefer_sent else None
    at_fault = query.missing_fields if query.prefer_sent else ()
    status = 422 if error else 200  # as the JSON twin's for a half-filled form
    if query.asked:
        # a refusal with the twin's status (404 for an unknown seat, party or election)
        answer = await attempt(query.run(request))
        advice, error, status = answer.answer, answer.error, answer.status
        at_fault = fields_at_fault(answer.problem, PLACE_FAULTS)
    return render(
        request,
        "advice.html",
        {
            "query": query,
            "advice": advice,
            "error": error,
            "error_fields": at_fault,
            "models": list(MODELS),
            "advice_elections": services.tactical_elections(),
            "seats": seats,
            "example": services.advice_example(query.election),
            # the area shares box's example: the advised election's country's area
            "area_example": poll_example(request, seats),
            "country_note": note,
            "file_fields": None,
            "kept": None,
        },
        status,
    )


@router.get("/api/advice", summary="Tactical-voting advice")
async def api_advice(request: Request, query: Annotated[AdviceQuery, Depends()]) -> dict[str, Any]:
    """Advice for one voter: recommendation, reasoning, win and decisive-vote chances."""
    if not query.asked:
        raise HTTPException(
            status_code=422,
            detail=query.missing or "Give prefer, and postcode, seat, or lat and lon.",
        )
    return await query.run(request)


@router.post("/advice", summary="How should I vote? on your own results file (form)")
async def advice_file_form(
    request: Request,
    form: Annotated[AdviceFileForm, Form()],
    results_file: ResultsFile = None,
    results_sheet: SheetName = None,
) -> Response:
    """The advice on an uploaded results file, its result the expected one, as ``psephos
    advise SEAT --election FILE`` gives it (the file read by the reader every results file
    is read by, with the command's refusals): the page's second form. A file that is not
    text, none chosen, or one the reader refuses is said above the form, which keeps what
    was typed and the file read before, with its JSON twin's status (422; 400 for a file
    that does not read, 404 for an unknown seat or party)."""
    check_csrf(request, form.csrf_token)
    try:
        results = await kept_or_uploaded(results_file, form, sheet=results_sheet)
    except HTTPException as error:  # not text: said above the form, as a refusal is
        tried: Attempt[dict[str, Any]] = Attempt.refused(error)
        results = None
    else:
        if results is None:
            tried = Attempt.refused(HTTPException(status_code=422, detail=NO_RESULTS_FILE))
        else:
            tried = await attempt(_file_advice(request, form, results))
    query = AdviceQuery(
        seat=form.seat,
        postcode=form.postcode,
        prefer=form.prefer,
        against=form.against,
        never=form.never,
        poll=form.poll,
        areas=form.areas,
        model=form.model,
    )
    return render(
        request,
        "advice.html",
        {
            "query": query,
            "advice": tried.answer,
            "error": tried.error,
            "error_fields": fields_at_fault(tried.problem, PLACE_FAULTS),
            "models": list(MODELS),
            "advice_elections": services.tactical_elections(),
            "seats": services.advice_seats(query.election),
            "example": services.advice_example(query.election),
            "area_example": poll_example(request, services.advice_seats(query.election)),
            "country_note": None,
            "file_fields": form,
            "kept": results,
        },
        tried.status,
    )


@router.post("/api/advice", summary="Tactical-voting advice on your own results file")
async def api_advice_file(
    request: Request,
    fields: Annotated[AdviceFileFields, Form()],
    results_file: ResultsFile = None,
    results_sheet: SheetName = None,
) -> dict[str, Any]:
    """As ``GET /api/advice``, on an uploaded results file (multipart ``results_file``: a
    CSV ``seat_code,seat_name,party,votes`` or an .xlsx workbook, its first sheet or the one
    ``results_sheet`` names), its result the expected one, as ``psephos advise SEAT
    --election FILE`` (``unknown_parties`` as ``--unknown-parties``; ``poll``, ``areas``
    and ``model`` as ``--poll``, ``--by-region`` and ``--model``). A file that is not text is
    422, one the reader refuses 400 in the command's words, an unknown seat or party 404;
    ``notes`` has one for a file read as Windows-1252, then the command's."""
    results = await form_file_text(results_file, "results file", sheet=results_sheet)
    if results is None:
        raise HTTPException(status_code=422, detail=NO_RESULTS_FILE)
    return await _file_advice(request, fields, results)

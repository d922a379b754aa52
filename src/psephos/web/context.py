"""Request helpers shared by the route modules: rendering, sessions, login and CSRF checks."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Generic, TypeVar
from urllib.parse import quote, urlencode, urlsplit

from fastapi import Depends, HTTPException, Query, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from psephos.errors import (
    DataFormatError,
    InvalidPostcodeError,
    PlaceConflictError,
    PsephosError,
    UnknownConstituencyError,
    UnknownElectionError,
    UnknownPartyError,
    UnknownPostcodeError,
    did_you_mean,
)
from psephos.io.rows import BOX_PICK, WORKBOOK_SIGNATURE, FileText, decode_file, file_named
from psephos.jurisdictions import JURISDICTIONS, Jurisdiction, for_election_id
from psephos.model import party_label, party_name
from psephos.numbers import listed
from psephos.web import services
from psephos.web.schemas import (
    MAX_AREA_SHARES,
    POSTCODE_MAX_LENGTH,
    SEAT_CODE_PATTERN,
    KeptResultsFile,
    problems_words,
)
from psephos.web.security import CSRF_HEADER, csrf_token, csrf_valid, is_api_path
from psephos.web.settings import Settings
from psephos.web.storage import Database


@dataclass(frozen=True, slots=True)
class NavItem:
    """A link in the site navigation (route modules declare ``NAV``); ``sections``: other
    paths whose pages are its own (the results explorer's ``/elections/`` under Results, ``/``);
    ``voter``: a page for a voter (their seat, its result, how to vote), listed before the
    campaigners' and experts' tools (:func:`nav_order`).
    """

    label: str
    path: str
    order: int = 50
    organisers_only: bool = False
    sections: tuple[str, ...] = ()
    voter: bool = False

    def reach(self, path: str) -> int:
        """How much of ``path`` this link's section holds: the length of its path or section
        that ``path`` is, or lies under (0: none)."""
        return max(
            (
                len(section)
                for section in (self.path, *self.sections)
                if path == section or (section != "/" and path.startswith(f"{section}/"))
            ),
            default=0,
        )


def nav_order(item: NavItem) -> tuple[bool, int]:
    """Where a link stands in the site navigation: a voter's pages first (a phone's menu opens
    on them, where 24 links in ``order`` put "Tactical audit" and "Exit poll" before
    "How should I vote?"), each group in its ``order``."""
    return (not item.voter, item.order)


def current_nav(path: str, items: Sequence[NavItem]) -> NavItem | None:
    """The navigation link of the page at ``path``, marked ``aria-current="page"``: the one
    whose section holds most of it (``/organisers/allocate`` is Allocate volunteers, not
    Organisers; ``/results-night/seats/...`` Results night), or none."""
    best = max(items, key=lambda item: item.reach(path), default=None)
    return best if best is not None and best.reach(path) > 0 else None


def error_status(error: PsephosError) -> int:
    """The HTTP status of a library error, on a page as in its JSON twin: 404 for a name that
    is not known (an election, seat, party or postcode), 400 for anything else (a postcode
    that is not one, a poll that does not read), an uploaded file's content included: a party
    a results file's row names that psephos does not know is the file's problem, as a
    missing column is (:class:`~psephos.errors.UnknownPartyInFileError`, a
    :class:`~psephos.errors.DataFormatError`), not an address that names nothing."""
    if isinstance(error, DataFormatError):
        return 400
    if isinstance(
        error,
        UnknownElectionError | UnknownConstituencyError | UnknownPartyError | UnknownPostcodeError,
    ):
        return 404
    return 400


#: The command-line options the library's messages name (in brackets after the input they
#: mean: "a poll (--poll)", "area shares (--by-region)"), as the web says them: the one place
#: they are mapped. A page has a poll box (or sliders) and a model menu, and every page that
#: reads a poll takes area shares beside it in a box of that name; no page takes a seat shape
#: or other base, so an option a page has no field for is named as the command line's; every
#: other part of the message is the command's.
PAGE_WORDS: tuple[tuple[str, str], ...] = (
    (" (--poll)", ""),
    (
        " (--by-region)",
        " (the page's Area shares box; on the command line: --by-region)",
    ),
    (" (--model national)", ""),
    # the advice form's box of parties (an empty list; a party with no code of its own)
    (
        "give at least one party, e.g. --prefer ",
        "give at least one party in the box Parties you would vote for, best first, e.g. ",
    ),
    ("(e.g. --prefer Other)", "(e.g. Other)"),
    (" (--threshold)", ""),  # the systems page's threshold box
    ("e.g. --from 2024", "e.g. psephos project --from 2024 on the command line"),
    # a file's unknown party: the form's menu of it, field unknown_parties
    (
        " (--unknown-parties other)",
        " (unknown_parties=other; on the command line: --unknown-parties other)",
    ),
    (
        " (--unknown-parties own:",
        " (unknown_parties=own; on the command line: --unknown-parties own:",
    ),
)


def page_message(error: PsephosError) -> str:
    """A library error's one-line message as the web shows it, on a page and in its JSON
    twin: the command-line options it names said in the web's words (:data:`PAGE_WORDS`)."""
    message = str(error)
    for option, words in PAGE_WORDS:
        message = message.replace(option, words)
    return message


def refusal(error: PsephosError | HTTPException) -> str:
    """What a page shows when the file or input it was given is refused: an HTTP error's
    detail (an upload that is not text; a JSON twin's problems in one line, as a form says
    them), else the library's one-line message (:func:`page_message`)."""
    if isinstance(error, HTTPException):
        if isinstance(error.detail, list):  # a JSON twin's problems (a refused declaration)
            return problems_words(error.detail)
        return str(error.detail)
    return page_message(error)


def refusal_status(error: PsephosError | HTTPException) -> int:
    """The status of a page that says a refusal (:func:`refusal`), its JSON twin's for the
    same input: an HTTP error's own (422 for an upload that is not text), else the library
    error's (:func:`error_status`: 400 for a file that does not read)."""
    return error.status_code if isinstance(error, HTTPException) else error_status(error)


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Attempt(Generic[T]):
    """What a page's question came to (:func:`attempt`): the library's answer, or its refusal.

    Attributes:
        answer: The answer, ``None`` when the input was refused.
        error: The refusal as the page says it (:func:`refusal`), ``None`` when answered.
        status: The page's status: 200, or the JSON twin's for the refusal
            (:func:`refusal_status`).
        problem: The error refused, for :func:`fields_at_fault`; ``None`` when answered.
    """

    answer: T | None
    error: str | None
    status: int
    problem: PsephosError | HTTPException | None = None

    @classmethod
    def refused(cls, error: PsephosError | HTTPException) -> Attempt[T]:
        """A refusal of the page's input, said as the page says it (:func:`refusal`) with its
        JSON twin's status (:func:`refusal_status`): the library's, or an HTTP error's raised
        before any answer (an upload that is not text)."""
        return cls(None, refusal(error), refusal_status(error), error)


#: The boxes of a place at fault for its refusal, on every form that asks for a postcode or a
#: seat (the advice, the nearest marginals): the postcode's, or the seat's.
PLACE_FAULTS: Mapping[type[PsephosError], tuple[str, ...]] = {
    InvalidPostcodeError: ("postcode",),
    UnknownPostcodeError: ("postcode",),
    UnknownConstituencyError: ("seat",),
    PlaceConflictError: ("postcode", "seat"),
}


def fields_at_fault(
    problem: BaseException | None, fields: Mapping[type[PsephosError], tuple[str, ...]]
) -> tuple[str, ...]:
    """The form fields a refusal is about, for the page to mark them (``aria-invalid``, and
    ``aria-describedby`` naming the refusal: ``_at_fault.html``'s ``at_fault``, reading the
    page's ``error_fields``): those given for the first kind of error in ``fields`` that
    ``problem`` is (none: the refusal is not about one field the route can name)."""
    for kind, named in fields.items():
        if isinstance(problem, kind):
            return named
    return ()


async def attempt(work: Awaitable[T]) -> Attempt[T]:
    """A page's answer, or the library's refusal of its input, so that the page can say the
    refusal above its form, kept as typed, with the JSON twin's status and message (the twin
    lets the refusal through to the error handler)."""
    try:
        return Attempt(await work, None, 200)
    except PsephosError as problem:
        return Attempt.refused(problem)


#: A page form's hidden ``country`` field: the country
#: (:attr:`psephos.jurisdictions.Jurisdiction.code`) its party fields were filled for, so that a
#: person who switches the Election menu to another country's election gets that country's form
#: (:func:`country_switch`). Pages only: a typed URL or a JSON twin without it is answered as
#: asked, and refused where the parties are not the election's.
CountryField = Annotated[
    str | None,
    Query(
        alias="country",
        max_length=20,
        pattern=r"^[A-Za-z-]*$",
        description="The country the form's party fields were filled for (the form's hidden "
        "field): for another country's election they are set to that country's defaults",
    ),
]


def form_country(election_id: str | None) -> str:
    """The value of a form's hidden country field for the election it shows: the code of a
    bundled election's country; blank for any other (a file's results, no election), which
    switches nothing."""
    if not election_id:
        return ""
    try:
        return for_election_id(election_id)[0].code
    except UnknownElectionError:
        return ""


def menu_countries(keys: Iterable[str]) -> dict[str, str]:
    """The country of each option of an Election menu, for the ``data-menu-countries`` of the
    form's hidden country field: the :func:`form_country` of the bundled election whose seats
    the option is about (an advice or tactical key, ``next``, is about the 2024 result:
    :func:`psephos.web.services.advice_seats`; any other is itself). ``static/app.js`` sends
    the form at once when its menu is switched to another country's election, so the form
    reopens on that country's fields before anything is typed for it (:func:`country_switch`)."""
    return {key: form_country(services.advice_seats(key)) for key in keys}


def country_switch(filled_for: str | None, election_id: str | None) -> Jurisdiction | None:
    """The country of the election asked for, when a form's party fields were filled for
    another (``filled_for``: its hidden country field, :data:`CountryField`): the page then sets
    its party fields (and any other country's own fields) to this country's defaults and says
    so (:func:`country_switch_note`). ``None`` when nothing was switched: no field (a typed
    URL, a JSON twin), a country psephos does not know, the same country, or an election psephos
    does not bundle (which the page refuses as it is)."""
    filled = (filled_for or "").strip().lower()
    if filled not in JURISDICTIONS or not election_id:
        return None
    country = form_country(election_id)
    return JURISDICTIONS[country] if country and country != filled else None


def party_glossary(parties: Sequence[str], election_id: str) -> str:
    """What a page's short party labels stand for, for a voter who does not know "LD" or
    "TUV": ``"Lab: Labour; Con: Conservative; ..."``, each label the election's
    (:func:`psephos.model.party_label`) beside its name (:func:`psephos.model.party_name`),
    only those that differ ("Reform UK" needs no line)."""
    pairs = ((party_label(party, election_id), party_name(party, election_id)) for party in parties)
    return "; ".join(f"{label}: {name}" for label, name in pairs if label != name)


def _named_parties(parties: Sequence[str], election_id: str) -> str:
    names = [
        name if name == party else f"{name} ({party})"
        for party, name in ((party, party_name(party, election_id)) for party in parties)
    ]
    return listed(names)


def country_switch_note(
    election_id: str,
    parties: Sequence[str] = (),
    against: Sequence[str] = (),
    *,
    election_label: str | None = None,
    fields: str = "the party fields",
) -> str:
    """What a page says above its form when the Election menu was switched to another
    country's election (:func:`country_switch`): the party fields, filled for the other
    country, were set to this country's defaults, ``parties`` (against ``against``; ``against``
    alone: "against ..."), or cleared where the page has none. ``election_label``: the
    election as the page's menu names it (default: its title,
    :func:`psephos.web.services.election_name`); ``fields``: what the page cleared or set,
    where more than its party fields name the other country (a seat)."""
    label = election_label or services.election_name(election_id)
    country = JURISDICTIONS[form_country(election_id)]
    if not parties and not against:
        return f"{label}: {fields}, filled for another country's election, were cleared."
    named = " ".join(
        [
            *([_named_parties(parties, election_id)] if parties else []),
            *([f"against {_named_parties(against, election_id)}"] if against else []),
        ]
    )
    return (
        f"{label}: {fields}, filled for another country's election, were set to the "
        f"{country.as_adjective} defaults, {named}."
    )


M = TypeVar("M", bound=BaseModel)


def reset_fields(query: M, names: Iterable[str]) -> M:
    """A page's query with the named fields at their defaults (the fields a country switch
    resets, :func:`country_switch`)."""
    fields = type(query).model_fields
    return query.model_copy(
        update={name: fields[name].get_default(call_default_factory=True) for name in names}
    )


def request_fields(request: Request) -> dict[tuple[str, str], FieldInfo]:
    """The fields the request's route reads, by where each comes from and its name as sent
    (``("query", "postcode")``, as pydantic locates an error); a query or form model's fields
    one by one. Empty before a route is matched."""
    fields: dict[tuple[str, str], FieldInfo] = {}
    pending = [getattr(request.scope.get("route"), "dependant", None)]
    while pending:
        dependant = pending.pop()
        if dependant is None:
            continue
        for source, params in (
            ("path", dependant.path_params),
            ("query", dependant.query_params),
            ("header", dependant.header_params),
            ("cookie", dependant.cookie_params),
            ("body", dependant.body_params),
        ):
            for param in params:
                model = param.field_info.annotation
                if isinstance(model, type) and issubclass(model, BaseModel):
                    for name, info in model.model_fields.items():
                        fields[(source, info.alias or name)] = info
                else:
                    fields[(source, param.alias)] = param.field_info
        pending.extend(dependant.dependencies)
    return fields


def refuse_repeated_query(request: Request) -> None:
    """Every route's first dependency: a query parameter of one value sent twice with two
    different values (``?prefer=Lab&prefer=LD``, of which FastAPI would read the last and
    drop the other) is refused with 422, naming it, as the command line refuses an option
    given twice (:func:`psephos.cli._contract.repeated_option`). A list parameter
    (``transfer``) takes every value; one the route does not declare is left alone.

    Raises:
        RequestValidationError: such a parameter, one problem each.
    """
    from fastapi.exceptions import RequestValidationError

    fields = request_fields(request)
    problems = []
    for name in dict.fromkeys(request.query_params.keys()):
        values = list(dict.fromkeys(request.query_params.getlist(name)))
        field = fields.get(("query", name))
        if len(values) < 2 or field is None or _takes_many(field.annotation):
            continue
        message = f"sent {len(values)} times ({listed([repr(v) for v in values])}): send it once"
        problems.append({"type": "value_error", "loc": ("query", name), "msg": message})
    if problems:
        raise RequestValidationError(problems)


#: The web's names for the command line's options that the web spells otherwise (an option's
#: dashes are underscores here, ``--max-km`` is ``max_km``, without a line of its own): a query
#: parameter named as the option is refused with the names of the route's that it means
#: (those of them the route takes), the one table of them.
COMMAND_LINE_NAMES: Mapping[str, tuple[str, ...]] = {
    "list": ("kind",),  # psephos target --list defend
    "pair": ("attacker", "defender"),  # psephos target --pair Lab,Con
    "km": ("max_km",),  # psephos nearest --km 40
    "max_majority": ("max_majority_pct",),  # psephos nearest --max-majority 5
    "from": ("base", "lat", "lon"),  # psephos project --from 2019; nearest --from LAT,LON
    "by_region": ("areas",),  # psephos project --by-region
    "f": ("format",),  # -f csv
}


#: The pages' own form fields that a JSON twin takes and ignores, so that a page's query sent
#: to its twin answers the same question (:data:`CountryField`: a twin is answered as asked).
PAGE_ONLY_QUERY = frozenset({"country"})

#: Parameters that sites and mail add to a shared link (``utm_source``, ``fbclid``...): a page
#: reached by one is shown, as the link's sender meant, not refused; an API call is refused.
LINK_TRACKING = re.compile(r"utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_(cid|eid)|igshid|ref|_ga")

#: A route's ``openapi_extra`` when it sends its whole query on to another route (``/`` to
#: the newest election's page), which takes or refuses each parameter.
FORWARDS_QUERY: dict[str, Any] = {"x-forwards-query": True}


def refuse_unknown_query(request: Request) -> None:
    """Every route's second dependency: a query parameter the route does not take
    (``/api/targets?list=defend``, which would otherwise be dropped and the attack list
    answered) is refused with 422, naming it, what the route takes, and the name it may have
    meant: the route's own name for a command-line option (``list`` is ``kind``:
    :data:`COMMAND_LINE_NAMES`; ``max-km`` is ``max_km``), else the closest spelling
    (:func:`psephos.errors.did_you_mean`), as the command line refuses an option it does not
    know. A JSON twin takes its page's own fields (:data:`PAGE_ONLY_QUERY`), ignored; a page
    takes a shared link's tracking tags (:data:`LINK_TRACKING`: ``?fbclid=...``), ignored; a
    route that sends its query on (:data:`FORWARDS_QUERY`) leaves it to the route it sends it to.

    Raises:
        RequestValidationError: such a parameter, one problem each.
    """
    from fastapi.exceptions import RequestValidationError

    route = request.scope.get("route")
    if (getattr(route, "openapi_extra", None) or {}).get("x-forwards-query"):
        return
    accepted = [name for source, name in request_fields(request) if source == "query"]
    problems = []
    for name in dict.fromkeys(request.query_params.keys()):
        if name in accepted or (name in PAGE_ONLY_QUERY and is_api(request)):
            continue
        if LINK_TRACKING.fullmatch(name) and not is_api(request):  # a shared link's tag
            continue
        problems.append(
            {
                "type": "value_error",
                "loc": ("query", name),
                "msg": unknown_query(name, accepted, request.url.path),
            }
        )
    if problems:
        raise RequestValidationError(problems)


#: The content types of a form's body (a browser's form, ``curl -F``/``-d``), whose fields
#: :func:`refuse_unknown_form` checks; a JSON body is checked by its model.
FORM_CONTENT_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


async def refuse_unknown_form(request: Request) -> None:
    """Every route's third dependency: a form field the route does not take (a stand-down file
    posted to ``/api/pacts`` as ``file`` rather than ``stand_down_file``, which would
    otherwise be dropped and the default pact answered) is refused with 422, naming it, the
    fields the route takes and the one it may have meant, as :func:`refuse_unknown_query`
    refuses a query parameter: a file under a name the route takes no file by is meant for
    the route's file fields (:func:`unknown_field`). The site's own forms send only fields
    their routes take (their CSRF token among them); a button's name, where a form's button
    has one, is a field of the route like any other.

    Raises:
        RequestValidationError: such a field, one problem each.
    """
    from fastapi import params
    from fastapi.exceptions import RequestValidationError
    from starlette.datastructures import UploadFile as SentFile

    content_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if request.method in ("GET", "HEAD") or content_type not in FORM_CONTENT_TYPES:
        return
    fields = request_fields(request)
    accepted = [name for source, name in fields if source == "body"]
    files = [
        name
        for (source, name), info in fields.items()
        if source == "body" and isinstance(info, params.File)
    ]
    form = await request.form()  # read once: FastAPI reads it for the route from this request
    problems = []
    for name in dict.fromkeys(form.keys()):
        if name in accepted:
            continue
        sent_file = any(isinstance(value, SentFile) for value in form.getlist(name))
        message = unknown_field(name, accepted, request.url.path, meant=files if sent_file else ())
        problems.append({"type": "value_error", "loc": ("body", name), "msg": message})
    if problems:
        raise RequestValidationError(problems)


def unknown_field(
    name: str, accepted: Sequence[str], path: str, *, meant: Sequence[str] = ()
) -> str:
    """Why the form field ``name`` is refused by the route at ``path``, which takes
    ``accepted`` (:func:`refuse_unknown_form`): one line, as :func:`unknown_query` words a
    query parameter; ``meant``: the fields it may have been meant for (a file's, for a
    file sent under another name), else the closest spelling."""
    takes = f"it takes {', '.join(sorted(accepted))}" if accepted else "it takes none"
    if meant:
        hint = f" Did you mean {listed([repr(other) for other in meant], 'or')}?"
    else:
        hint = did_you_mean(name, accepted) if accepted else ""
    return f"not a form field of {path} ({takes}).{hint}"


def unknown_query(name: str, accepted: Sequence[str], path: str) -> str:
    """Why the query parameter ``name`` is refused by the route at ``path``, which takes
    ``accepted``: one line, with the name meant where one is close
    (:func:`refuse_unknown_query`)."""
    takes = f"it takes {', '.join(sorted(accepted))}" if accepted else "it takes none"
    option = name.lstrip("-").replace("-", "_")
    meant = [option] if option in accepted and option != name else []
    meant = meant or [other for other in COMMAND_LINE_NAMES.get(option, ()) if other in accepted]
    if meant:
        hint = f" Did you mean {listed([repr(other) for other in meant])}"
        if option in COMMAND_LINE_NAMES:
            dashes = "-" if len(option) == 1 else "--"
            hint += f" (the command line's {dashes}{option.replace('_', '-')})"
        hint += "?"
    else:
        hint = did_you_mean(name, accepted) if accepted else ""
    return f"not a parameter of {path} ({takes}).{hint}"


def _takes_many(annotation: Any) -> bool:
    """Whether a field's type takes several values (a list or a tuple, or optionally one)."""
    import typing

    origin = typing.get_origin(annotation)
    if origin in (list, tuple, set, frozenset) or annotation in (list, tuple, set, frozenset):
        return True
    return any(_takes_many(arg) for arg in typing.get_args(annotation)) if origin else False


def page_time(moment: str | datetime) -> str:
    """A stored time as every page writes one, to the minute in UTC: ``2026-12-07 22:30 UTC``
    (a volunteer's sign-up, a saved scenario, a declaration; the JSON twins keep the ISO
    form). A time without a zone (SQLite keeps none) is UTC, as the app stores every time
    (:func:`psephos.web.models.utcnow`); one with a zone (PostgreSQL's, in its session's zone)
    is turned to UTC. The ``when`` filter of every template."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True, slots=True)
class PageAgain:
    """A link back to the page a refused input came from, with what else was typed."""

    href: str
    text: str


def page_again(request: Request, errors: Sequence[Mapping[str, Any]]) -> PageAgain | None:
    """Where a person whose input was refused (``errors``: pydantic's) goes back to: for a
    page asked for with a query, the same page with the query they sent minus the refused
    fields; for a form posted from this site, the page the form is on. ``None`` where there is
    no such page (a refused part of the path: the page does not exist)."""
    sources = {str(item.get("loc", ("",))[0]) for item in errors}
    if "path" in sources:
        return None
    if request.method in ("GET", "HEAD"):
        refused = {str(item["loc"][1]) for item in errors if len(item.get("loc", ())) > 1}
        kept = [
            (name, value)
            for name, value in request.query_params.multi_items()
            if name not in refused
        ]
        query = urlencode(kept)
        return PageAgain(
            request.url.path + (f"?{query}" if query else ""),
            "Back to the page, with the rest of what you gave",
        )
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc == request.url.netloc and referer.path.startswith("/"):
        return PageAgain(
            referer.path + (f"?{referer.query}" if referer.query else ""),
            "Back to the form (your browser's Back button keeps what you typed)",
        )
    return None


def is_api(request: Request) -> bool:
    """Whether the request is for a JSON endpoint."""
    return is_api_path(request.url.path)


def settings_of(request: Request) -> Settings:
    """The app's settings."""
    return request.app.state.settings


def database_of(request: Request) -> Database:
    """The app's database."""
    return request.app.state.db


def db_session(request: Request) -> Iterator[Session]:
    """FastAPI dependency: a read session."""
    with database_of(request).session() as session:
        yield session


SESSION_TOKEN = "sid"


def organiser_id(request: Request) -> int | None:
    """Id of the logged-in organiser: the cookie's session token must name a live server-side
    session (revoked at logout and password change). Looked up once per request."""
    if hasattr(request.state, "organiser_id"):
        cached: int | None = request.state.organiser_id
        return cached
    token = request.session.get(SESSION_TOKEN)
    found: int | None = None
    if isinstance(token, str) and token:
        from psephos.web.store import session_organiser

        with database_of(request).session() as session:
            organiser = session_organiser(session, token)
            found = organiser.id if organiser is not None else None
    request.state.organiser_id = found
    return found


class LoginRequired(HTTPException):
    """Raised when a page needs an organiser; HTML pages redirect to the login form."""


def require_organiser(request: Request) -> int:
    """FastAPI dependency: the organiser id, or 401 (API) / redirect to /login (pages)."""
    current = organiser_id(request)
    if current is None:
        if is_api(request):
            raise HTTPException(status_code=401, detail="Log in as an organiser first.")
        raise HTTPException(
            status_code=303,
            detail="Log in as an organiser first.",
            # Percent-encoded: a header is Latin-1, and a path may hold any character.
            headers={"Location": f"/login?next={quote(request.url.path, safe='/')}"},
        )
    return current


#: A route's parameter for the logged-in organiser's id (:func:`require_organiser`): a page
#: or JSON endpoint for organisers only takes it.
OrganiserId = Annotated[int, Depends(require_organiser)]


def check_csrf(request: Request, supplied: str | None) -> None:
    """Reject a state-changing request whose CSRF token does not match the session's."""
    if not csrf_valid(request.session, supplied):
        raise HTTPException(status_code=403, detail="Missing or wrong CSRF token; reload the page.")


def check_csrf_header(request: Request) -> None:
    """CSRF check for JSON posts made with a session cookie (token in ``X-CSRF-Token``)."""
    check_csrf(request, request.headers.get(CSRF_HEADER))


async def form_file(
    upload: UploadFile, what: str, *, default_name: str, sheet: str | None = None
) -> FileText:
    """An uploaded file's text, name and note, read as the command line reads a file
    (:func:`psephos.io.rows.decode_file`: an .xlsx workbook's first sheet, or the one its
    form's Sheet box beside it names (:data:`psephos.web.schemas.SheetName`), as CSV, else
    text, UTF-8 or Windows-1252 with a note); named ``default_name`` where it was sent without
    a file name. The reader's messages say to pick a sheet in that box
    (:data:`psephos.io.rows.BOX_PICK`), not after a path's ``#``. A workbook is read in a
    worker thread, off the event loop. The body's size limit
    (:data:`psephos.web.app.MAX_BODY_BYTES`, or its route's larger ``BODY_LIMITS``) bounds
    the bytes, and the reader how far a workbook may expand.

    Raises:
        HTTPException: 422 when the file is neither text nor a workbook psephos reads, or a
            ``sheet`` is named beside a file that is not a workbook or one without it (the
            reader's message, listing the sheets).
    """
    raw = await upload.read()
    label = f"The {file_named(what, upload.filename)}" if upload.filename else f"The {what}"
    name = upload.filename or default_name
    try:
        if raw.startswith(WORKBOOK_SIGNATURE):
            return await run_in_threadpool(
                decode_file, raw, label=label, name=name, sheet=sheet, pick=BOX_PICK
            )
        return decode_file(raw, label=label, name=name, sheet=sheet, pick=BOX_PICK)
    except DataFormatError as error:
        raise HTTPException(status_code=422, detail=str(error)) from None


async def form_file_text(
    upload: UploadFile | None, what: str, *, sheet: str | None = None
) -> FileText | None:
    """An optional file of a form, ``None`` where its input was left empty (a part without a
    file name); read by :func:`form_file` (a workbook's first sheet, or the ``sheet`` its
    Sheet box names, or text).

    Raises:
        HTTPException: 422 naming ``what`` when the file is not text nor a workbook, or has
            no such sheet.
    """
    if upload is None or not upload.filename:
        return None
    return await form_file(upload, what, default_name=upload.filename, sheet=sheet)


async def kept_or_uploaded(
    upload: UploadFile | None, kept: KeptResultsFile, *, sheet: str | None = None
) -> FileText | None:
    """A form's results file: the one chosen, else the one a page sent before and keeps (its
    text as read, in hidden fields beside the file box: ``_kept_file.html``), so that asking
    again (another seat, a poll, other systems) needs no second choice of the file, which a
    browser clears after every post; ``None`` where neither was sent.

    Raises:
        HTTPException: 422 as :func:`form_file` for a chosen file that does not read.
    """
    chosen = await form_file_text(upload, "results file", sheet=sheet)
    if chosen is not None or not kept.results_file_kept:
        return chosen
    return FileText(text=kept.results_file_kept, name=kept.results_file_kept_name or "results.csv")


async def required_kept_file(
    upload: UploadFile | None, kept: KeptResultsFile, *, sheet: str | None, missing: str
) -> FileText:
    """A form's results file, chosen or kept (:func:`kept_or_uploaded`), where the form needs
    one.

    Raises:
        HTTPException: 422 as :func:`form_file` for a chosen file that does not read, and
            saying ``missing`` (what to choose) where neither was sent.
    """
    file = await kept_or_uploaded(upload, kept, sheet=sheet)
    if file is None:
        raise HTTPException(status_code=422, detail=missing)
    return file


async def attempt_on_kept_file(
    upload: UploadFile | None,
    kept: KeptResultsFile,
    work: Callable[[FileText], Awaitable[T]],
    *,
    sheet: str | None = None,
    missing: str,
) -> tuple[Attempt[T], FileText | None]:
    """A page's answer on a results file, chosen or kept (:func:`required_kept_file`), and the
    file to keep for the next post: a file that is not text, a post with neither (``missing``
    says what to choose, 422) or the library's refusal of it is the page's refusal, said
    above its form, as :func:`attempt` says one."""
    try:
        file = await required_kept_file(upload, kept, sheet=sheet, missing=missing)
    except HTTPException as error:  # said above the form, as a refusal is
        return Attempt.refused(error), None
    return await attempt(work(file)), file


def file_notes(*uploads: FileText | None) -> list[str]:
    """The notes of a form's files (one for each file read as Windows-1252), in order."""
    return [upload.note for upload in uploads if upload is not None and upload.note]


def csv_response(text: str, name: str, headers: Mapping[str, str] | None = None) -> Response:
    """CSV text (:func:`psephos.io.export.csv_text`) as a file to download, ``NAME.csv`` (any
    run of characters other than letters, digits, ``.``, ``_`` and ``-`` becomes one ``-``)."""
    safe = "-".join(filter(None, re.split(r"[^A-Za-z0-9._-]+", name))) or "table"
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={**(headers or {}), "Content-Disposition": f'attachment; filename="{safe}.csv"'},
    )


def default_election(request: Request) -> str:
    """The election pages open on."""
    return settings_of(request).default_election


def poll_example(request: Request, election_id: str) -> services.PollExample:
    """The poll and area shares a form shows as examples, in the election's country's parties
    and areas (:func:`psephos.web.services.poll_example`); the default election's for one
    psephos does not bundle (the page refuses it)."""
    try:
        return services.poll_example(election_id)
    except PsephosError:
        return services.poll_example(default_election(request))


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """Render a template with the shared context (navigation, CSRF token, organiser)."""
    templates = request.app.state.templates
    nav = [
        item
        for item in request.app.state.nav
        if not item.organisers_only or organiser_id(request) is not None
    ]
    full = {
        "nav": nav,
        "nav_current": current_nav(request.url.path, nav),
        # Called by templates with forms only, so plain pages set no session cookie.
        "csrf_token": lambda: csrf_token(request.session),
        "organiser": request.session.get("username") if organiser_id(request) else None,
        "elections": services.election_list(),
        "election_name": services.election_name,
        "form_country": form_country,
        "menu_countries": menu_countries,
        "poll_text": services.poll_text,
        "party_glossary": party_glossary,
        "default_election": default_election(request),
        # For a form's pattern attribute (anchored by the browser).
        "seat_code_pattern": SEAT_CODE_PATTERN.removeprefix("^").removesuffix("$"),
        # the area shares box's limit (schemas.AreaSharesText)
        "max_area_shares": MAX_AREA_SHARES,
        # a postcode box's limit (schemas.POSTCODE_MAX_LENGTH)
        "max_postcode": POSTCODE_MAX_LENGTH,
        # every bundled country's publisher and licence, for the footer
        "data_credits": [
            entry.data_credit for entry in JURISDICTIONS.values() if entry.data_credit
        ],
        **(context or {}),
    }
    return templates.TemplateResponse(
        request, template, full, status_code=status_code, headers=headers
    )


#: The orders a sorted table may be asked for in (``?order=``), and what ``aria-sort`` calls them.
SORT_ORDERS = {"asc": "ascending", "desc": "descending"}
#: ``?order=``: a sorted table's order, ascending by default.
SortOrder = Annotated[
    str,
    Query(
        pattern="^(asc|desc)$",
        title="Order",
        description="The order of the sorted column: asc (A to Z, smallest first) or desc",
    ),
]


@dataclass(frozen=True, slots=True)
class TableSort:
    """A table's rows sorted by one column as a page's query asks (``?sort=col&order=desc``):
    the one rule of a sortable table, which its page applies on the server (every page works
    without a script) and its column headings offer as buttons with ``aria-sort``
    (``_sortable.html``; ``app.js`` sorts in the page where it runs, by the same rule: each
    row carries its place in the table's own order, ``data-sort-index`` from
    :meth:`ranked`, by which ties are broken, so any sequence of clicks gives the order the
    server gives for the last). A JSON twin given ``sort`` answers its rows in the same
    order, and keeps its own order without one.

    Attributes:
        column: The row key sorted by (one of ``columns``), ``None`` for the table's own order.
        order: ``asc`` or ``desc``.
        columns: Each column's row key -> the key its rows are sorted by (a party's label for
            its code: the table shows the label).
    """

    column: str | None
    order: str
    columns: Mapping[str, str]

    def rows(self, rows: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
        """``rows`` in the order asked (:meth:`ranked`), else as given."""
        return [row for _, row in self.ranked(rows)]

    def ranked(self, rows: Sequence[Mapping[str, Any]]) -> list[tuple[int, Mapping[str, Any]]]:
        """Each of ``rows`` with its place in the table's own order (0 first), in the order
        asked: text by its letters in lower case (``str.lower``, as the page's script reads
        it with ``toLowerCase``), numbers by size, a blank cell last either way; rows alike in
        the column, and the blank ones, in their own order, ascending or descending (the
        place a page's row carries as ``data-sort-index``, by which its script breaks ties).
        Raises nothing: ``column`` is checked where it is read (:func:`table_sort`)."""
        placed = list(enumerate(rows))
        if self.column is None:
            return placed
        key = self.columns[self.column]
        blank = [(place, row) for place, row in placed if row.get(key) in (None, "")]
        given = [(place, row) for place, row in placed if row.get(key) not in (None, "")]

        def value(pair: tuple[int, Mapping[str, Any]]) -> Any:
            cell = pair[1][key]
            return cell.lower() if isinstance(cell, str) else cell

        # sorted() is stable, reversed too: ties keep their own order either way
        return [*sorted(given, key=value, reverse=self.order == "desc"), *blank]

    def aria(self, column: str) -> str | None:
        """The column heading's ``aria-sort``: ``ascending`` or ``descending`` for the column
        sorted by, ``None`` (no attribute) for the others."""
        return SORT_ORDERS[self.order] if column == self.column else None

    def next_order(self, column: str) -> str:
        """The order the column's button asks for: the other order for the column sorted by,
        else ascending."""
        return "desc" if column == self.column and self.order == "asc" else "asc"

    def query(self) -> dict[str, str]:
        """The query asking for this order (``{}`` for the table's own), for a twin's link."""
        return {} if self.column is None else {"sort": self.column, "order": self.order}


def table_sort(columns: Mapping[str, str], sort: str | None, order: str | None) -> TableSort:
    """The sorting a page's ``?sort=`` and ``?order=`` ask of a table with ``columns``
    (:class:`TableSort`).

    Raises:
        HTTPException: 422 for a column the table does not have, naming the ones it has.
    """
    if sort is not None and sort.strip() and sort not in columns:
        raise HTTPException(
            status_code=422,
            detail=f"sort: {sort!r} is not a column of the table; use one of {', '.join(columns)}.",
        )
    return TableSort(sort or None, order or "asc", columns)

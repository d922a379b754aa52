"""Pydantic models validating every input the web app accepts."""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args

from fastapi import Form, Query
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictInt,
    ValidationError,
    create_model,
    field_validator,
    model_validator,
)
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUseDefault

from psephos.bounds import NUMBER_BOUNDS
from psephos.errors import (
    PsephosError,
    UnknownElectionError,
    UnknownPartyError,
    did_you_mean,
)
from psephos.io.declarations import (
    NO_VOTES,
    DeclaredCount,
    counted_apart,
    declaration_lines,
    label_code,
    lot_winner,
    one_candidate_each,
    party_codes,
    read_label,
    vocabulary_code,
    voted_parties,
)
from psephos.io.rows import MAX_SEAT_VOTES, whole_count
from psephos.jurisdictions import (
    JURISDICTIONS,
    POLL_PARTIES,
    UK,
    foreign_party,
    load,
    not_standing_note,
    resolve_election_id,
    seat_code_words,
)
from psephos.model import Candidate, Election
from psephos.numbers import format_number, listed
from psephos.projection import (
    DEFAULT_MODEL,
    MODELS,
    areas_give_national,
    election_poll,
    project,
    read_poll,
)
from psephos.results.hexmap import MapMode
from psephos.targeting.nearest import MARGINAL_MAJORITY_PCT, MARGINALS_KM, NEAREST_TOP
from psephos.web.security import MAX_ORGANISER_NAME, MIN_PASSWORD_LENGTH

#: The projection package's registered models (every page that projects a poll offers them).
ModelName = StrEnum("ModelName", [(name, name) for name in MODELS])  # type: ignore[misc]
#: A poll typed into a page or a query (national shares: Great Britain's for a UK election,
#: the country's own for any other), read by the one poll reader
#: (:func:`psephos.projection.read_poll`) where it is used.
PollText = Annotated[
    str | None,
    Query(max_length=300, description="A poll, e.g. 'Lab 30 Con 20 Reform 25 LD 12 Green 8'"),
]
#: What a hex map shows, as ``psephos map --show`` takes it (:class:`MapMode`).
MapShow = Annotated[
    MapMode,
    Query(
        title="Map shows",
        description="What each hexagon shows: winner, gains (seats that changed hands) or "
        "majority (paler the closer the seat), as psephos map --show",
    ),
]


class TableFormat(StrEnum):
    """What a JSON twin answers: JSON, or its table as a CSV file (``format=csv``: the file
    the command's ``--format csv`` prints, :func:`psephos.io.export.csv_text`)."""

    json = "json"
    csv = "csv"


#: The ``format`` of a JSON twin that also gives its table of seats as a CSV file.
FormatQuery = Annotated[
    TableFormat,
    Query(
        title="Format",
        description="json, or csv: the table of seats as a CSV file, the columns of the "
        "command's --format csv",
    ),
]
#: The OpenAPI answer of such a twin: JSON, or CSV text with ``format=csv``.
TABLE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "JSON; with format=csv the table as a CSV file (an attachment)",
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "text/csv": {"schema": {"type": "string"}},
        },
    }
}
#: Any bundled country's seat code (each jurisdiction's ``seat_code_pattern``).
SEAT_CODE_PATTERN = (
    "^(?:" + "|".join(entry.seat_code_pattern for entry in JURISDICTIONS.values()) + ")$"
)
ELECTION_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9\-]{0,39}$"
#: The same rule as a form box's ``pattern`` attribute, which a browser anchors itself and
#: compiles with the ``v`` flag: there a bare ``-`` at a class's end is a syntax error, the
#: browser ignores the attribute and says so in the console, hence the ``\-`` above.
ELECTION_ID_FORM_PATTERN = ELECTION_ID_PATTERN.removeprefix("^").removesuffix("$")
SLUG_PATTERN = r"^[A-Za-z0-9_-]{8,32}$"
_EMAIL = re.compile(
    r"^[^@\s<>\"']{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

#: A postcode, sector or district as typed, hyphens and full stops, commas, colons or semicolons
#: included (the library's parser drops them and says what else is wrong).
POSTCODE_PATTERN = r"^[A-Za-z0-9 .,;:-]*$"
#: The longest postcode box a page takes: room for what people type beside a postcode ("SW1A
#: 1AA, London"), which the library's parser then refuses in its own words, saying what to give
#: (:func:`psephos.jurisdictions.postcodes.parse_postcode`), where a 12-character limit answered
#: only "use at most 12 characters".
POSTCODE_MAX_LENGTH = 40
#: A letter of any alphabet (``\p{L}``, pydantic's regular expressions being Rust's): party
#: names are typed as their country spells them ("Bloc Québécois", "Sinn Féin", "Parti
#: libéral"), which the library reads, so a form field of party names or places takes them.
LETTER = r"\p{L}"
#: A party's code or name as one field takes it (``"Lab"``, ``"Bloc Québécois"``).
PARTY_NAME = rf"{LETTER}[{LETTER} .'&-]{{0,39}}"
#: A party's code or name, or blank.
PARTY_NAME_PATTERN = rf"^({PARTY_NAME})?$"
#: A place named in a filter (a nation, region or province: "Québec"), blank allowed.
PLACE_PATTERN = rf"^[{LETTER} .'-]*$"
#: One character of a list of parties as people write one (read by
#: :func:`psephos.model.party.split_parties`): names, the separators ``, ; > | +`` and numbering
#: ("1. Green 2) Lab (3) LD").
_PARTY_LIST_CHARACTER = rf"[{LETTER}0-9 ,;>|+().'&-]"
#: A list of parties as typed, blank allowed (blank: the page's default).
PARTY_LIST_PATTERN = rf"^{_PARTY_LIST_CHARACTER}*$"
#: A list of parties as typed, naming at least one (a letter somewhere).
NAMED_PARTY_LIST_PATTERN = rf"^[0-9 ,;>|+().'&-]*{LETTER}{_PARTY_LIST_CHARACTER}*$"
#: A national swing scenario as typed (``Lab=+3,Con=-2.5``, ``Lab +3%, Con -2.5%``,
#: ``Lab: +3; Con: \u22122``, ``Lab +3 / Con -2``; read by
#: :func:`psephos.targeting.sensitivity.parse_swing`, which says what else is wrong).
SWING_PATTERN = rf"^[{LETTER}0-9 .,;:'=+%/|" + "\u2212\u2013" + r"-]*$"
PostcodeQuery = Query(
    max_length=POSTCODE_MAX_LENGTH,
    pattern=POSTCODE_PATTERN,
    description="Postcode ('NW6 1AB'), sector ('NW6 1') or district ('NW6')",
)

#: A seat by its ONS code or its name, read against an election where it is used
#: (:func:`psephos.io.rows.read_seat`, as ``psephos nowcast feed`` reads a seat).
SeatKey = Annotated[
    str,
    Field(
        min_length=1,
        max_length=100,
        pattern=r"^[^\x00-\x1f\x7f]+$",
        description="ONS seat code or seat name",
    ),
]
#: A seat as a form or API that takes a place takes it: its code or name, or a UK postcode,
#: sector or district in one seat, read against an election where it is used
#: (:func:`psephos.jurisdictions.seat_of_place`).
SeatPlace = Annotated[
    str,
    Field(
        min_length=1,
        max_length=100,
        pattern=r"^[^\x00-\x1f\x7f]+$",
        description="Seat code or name, or a postcode in the seat",
    ),
]
ElectionId = Annotated[str, Field(pattern=ELECTION_ID_PATTERN, description="Election id")]


def canonical_election_id(value: Any) -> Any:
    """An election id as the pages read it: a bundled election's canonical id for any spelling
    :func:`psephos.jurisdictions.resolve_election_id` accepts (``ge2019`` -> ``2019``,
    ``CA2021`` -> ``canada-2021``), so that a page's Election menu selects the election it
    answered; any other value as given (``next``, a results night, blank), for the page to
    answer or refuse."""
    if not isinstance(value, str) or not value.strip():
        return value
    try:
        return resolve_election_id(value)
    except UnknownElectionError:
        return value


#: Marks a field naming an election (a page's Election or Base election menu), read as its
#: canonical id (:func:`canonical_election_id`) before it is checked (an enum of elections
#: included): ``Annotated[str | None, Canonical] = Field(...)`` or
#: ``Annotated[str, Query(...), Canonical]``.
Canonical = BeforeValidator(canonical_election_id)
MAX_SCENARIO_BYTES = 20_000


def blank_is_default(value: Any) -> Any:
    """A box a person left blank (or only spaces) as not given: the field's default (``None``
    for an optional field), so clearing a form's number box never refuses the form. The
    pages' one reading of a blank field (:data:`Blank`)."""
    if isinstance(value, str) and not value.strip():
        raise PydanticUseDefault
    return value


#: Marks a field whose blank value means its default: ``Annotated[float, Blank, Query(...)]``
#: or ``Annotated[int | None, Blank] = Field(...)`` (:func:`blank_is_default`).
Blank = BeforeValidator(blank_is_default)

#: Most characters of the area shares a page or a query takes: a row for every region and
#: nation of Great Britain, long or wide, with room to spare.
MAX_AREA_SHARES = 5000
#: Most characters of a poll the scenario form takes as text (the swingometer's poll typed in,
#: written back with a share per party it names).
MAX_SAVED_POLL = 1000
#: Area shares (sub-polls: a Scottish, Welsh or London poll) typed into a page or a query: the
#: text of a ``--by-region`` file, read by its one reader
#: (:func:`psephos.io.shares.parse_area_shares`) where it is used; blank means none
#: (:func:`psephos.web.services.area_shares`).
AREA_SHARES_DESCRIPTION = (
    "Shares per region or nation, as psephos project --by-region FILE takes "
    "them: CSV text, long (area,party,share) or wide (area,Con,Lab,...), e.g. "
    "'area,party,share' then 'Scotland,SNP,30' on the next line"
)
AreaSharesText = Annotated[
    str | None,
    Query(max_length=MAX_AREA_SHARES, title="Area shares", description=AREA_SHARES_DESCRIPTION),
]
#: :data:`AreaSharesText` as a field of a page's query or form model (the target list's, the
#: pact's, the turnout scenario's), every page that takes a poll taking it beside the poll.
AreaSharesField = Annotated[
    str | None,
    Blank,
    Field(max_length=MAX_AREA_SHARES, title="Area shares", description=AREA_SHARES_DESCRIPTION),
]

#: Most characters of a workbook sheet's name a form takes (Excel allows 31).
MAX_SHEET_NAME = 100
#: The sheet of a form's uploaded .xlsx workbook to read, as a path picks one after ``#``
#: (``polls.xlsx#2019``), which a browser's file name cannot carry: passed to the one reader
#: (:func:`psephos.io.rows.decode_file`, through :func:`psephos.web.context.form_file`),
#: which matches it exactly, else ignoring case, refuses it beside a file that is not a
#: workbook and lists the sheets where the workbook has none of that name; blank means the
#: first sheet. The one field (``sheet``) of every form that uploads a table.
SheetName = Annotated[
    str | None,
    Blank,
    Form(
        max_length=MAX_SHEET_NAME,
        title="Sheet",
        description="The sheet of an uploaded .xlsx workbook to read (its name, e.g. 2019; "
        "blank: the first), as a path picks one after '#' (polls.xlsx#2019); refused beside "
        "a CSV file",
    ),
]


#: Control characters other than the line breaks a textarea sends (a tab is refused too).
_TEXTAREA_CONTROL = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]")


def textarea_values(values: list[str]) -> list[str]:
    """Values of a repeatable field or textarea, refused (``ValueError``) where one holds a
    control character other than a line break; the pages' one check of them."""
    if any(_TEXTAREA_CONTROL.search(value) for value in values):
        raise ValueError("must not contain control characters")
    return values


def split_items(values: list[str]) -> list[str]:
    """Repeated values, each possibly several items on lines (a textarea) or separated by
    semicolons, as the list of items the command line takes one flag at a time."""
    return [
        item.strip() for value in values for item in re.split(r"[;\r\n]+", value) if item.strip()
    ]


def _clean_text(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value.strip()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=5000)


#: How a results file's party psephos does not know is read, as a results command's
#: ``--unknown-parties`` (:class:`psephos.cli._inputs.ResultsUnknownParties`): refused, counted
#: as Other, or the file read as an election of its own country. A form's menu of it is
#: ``_unknown_parties.html``'s ``unknown_parties_box``.
ResultsUnknownParties = Annotated[
    Literal["error", "other", "own"],
    Field(
        description="A results file's party psephos does not know: refused (error), counted "
        "as Other (other), or the file read as an election of a country psephos bundles no "
        "data for, every party under its name as written (own), as --unknown-parties",
    ),
]


class KeptResultsFile(BaseModel):
    """A results file a page read and sends back with its next post: its text as read (a
    workbook's sheet as CSV) and its name, in hidden fields beside the file box
    (``_kept_file.html``), so that asking again (another seat, a poll, other systems) needs no
    second choice of the file, which a browser clears after every post. A file chosen in the
    box is read instead (:func:`psephos.web.context.kept_or_uploaded`)."""

    results_file_kept: Annotated[str | None, Blank] = Field(
        default=None, description="The results file's text, as a page read it before"
    )
    results_file_kept_name: Annotated[str | None, Blank] = Field(
        default=None, max_length=300, description="The results file's name, as read before"
    )


class CsrfToken(BaseModel):
    """The session's CSRF token every HTML form posts (added to a page's query model to make
    its form: :class:`CsrfForm` for the strict forms)."""

    csrf_token: str = Field(default="", max_length=200)


class CsrfForm(_Strict, CsrfToken):
    """Every HTML form posts its session's CSRF token."""


class VolunteerFields(_Strict):
    """A volunteer's sign-up."""

    name: str = Field(min_length=1, max_length=100, title="Your name")
    email: str = Field(min_length=3, max_length=254, title="E-mail")
    campaign: str = Field(default="default", pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$")
    election: ElectionId = Field(default_factory=lambda: UK.latest_id)
    target_seat: SeatPlace
    home_seat: Annotated[SeatPlace | None, Blank] = None
    hours_per_week: int = Field(ge=1, le=80, title="Hours a week")
    note: str = Field(default="", max_length=500, title="Anything we should know")
    consent: bool = Field(title="Consent")

    @field_validator("name", "note")
    @classmethod
    def _text(cls, value: str) -> str:
        return _clean_text(value)

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        value = value.strip()
        if not _EMAIL.match(value):
            raise ValueError("is not an e-mail address")
        return value

    @field_validator("consent")
    @classmethod
    def _consent(cls, value: bool) -> bool:
        if not value:
            raise ValueError("must be given to store your details")
        return value


class VolunteerForm(CsrfForm):
    """The sign-up as an HTML form, every field as typed (an unticked box is absent): the
    route checks it as :class:`VolunteerFields`, so a mistake (an e-mail address that is not
    one, no hours) shows the form again with what was typed and what is wrong. The form also
    carries the search it was shown for (``postcode``, ``seat``, ``lat``, ``lon``, the
    limits, the ``party`` and the scenario: ``swing``, ``poll``, ``areas``, ``model``,
    ``speed_kmh``, ``max_minutes``), so that page is shown again with the same seats."""

    name: str = ""
    email: str = ""
    campaign: str = "default"
    election: ElectionId = Field(default_factory=lambda: UK.latest_id)
    target_seat: str = ""
    home_seat: str = ""
    hours_per_week: str = ""
    note: str = ""
    consent: bool = False
    postcode: str = Field(default="", max_length=POSTCODE_MAX_LENGTH, pattern=POSTCODE_PATTERN)
    seat: str = Field(default="", max_length=100)
    lat: float | None = None  # checked by the library (psephos.targeting.geo), as the search's
    lon: float | None = None
    max_majority_pct: float = Field(default=MARGINAL_MAJORITY_PCT, gt=0, le=100)
    max_km: float = Field(default=MARGINALS_KM, gt=0, le=NUMBER_BOUNDS["max_km"].high)
    top: int = Field(default=NEAREST_TOP, ge=1, le=50)
    party: str = Field(default="", max_length=40)
    swing: str = Field(default="", max_length=200, pattern=SWING_PATTERN)
    poll: str = Field(default="", max_length=300)
    areas: str = Field(default="", max_length=MAX_AREA_SHARES)
    model: ModelName | None = None
    speed_kmh: float | None = Field(default=None, gt=0, le=NUMBER_BOUNDS["speed_kmh"].high)
    max_minutes: float | None = Field(default=None, gt=0, le=NUMBER_BOUNDS["max_minutes"].high)

    def sign_up(self) -> dict[str, Any]:
        """The sign-up's own fields, to be checked as :class:`VolunteerFields`."""
        return self.model_dump(include=set(VolunteerFields.model_fields))


class LoginFields(_Strict):
    """Organiser credentials."""

    username: str = Field(min_length=1, max_length=MAX_ORGANISER_NAME)
    password: str = Field(min_length=1, max_length=1000)


class LoginForm(LoginFields, CsrfForm):
    """Login as an HTML form."""

    next: str = Field(default="/organisers", max_length=200)


#: A declared count, read as ``psephos nowcast feed`` reads one
#: (:func:`psephos.io.declarations.declared_count`: a whole number from 0 to 100,000,000,
#: thousands separators allowed; ``true`` or ``12.5`` refused, in the feed's words).
Votes = DeclaredCount

#: How the declaration API counts a party psephos does not know as Other: the API's
#: ``--unknown-parties other``, said after the feed's message for the label.
UNKNOWN_PARTY_HINT = "To count it as Other, give it as a candidate with code 'Other'."


def party_code(label: str, parties: Sequence[str]) -> str:
    """The code of a party label as printed on a ballot paper, read among the night's base
    election's ``parties`` once the night is known, as ``psephos nowcast feed`` reads a label
    against its base (:func:`psephos.io.declarations.read_label`): "Labour Party" -> ``Lab``;
    "Independent" -> ``Ind``; "Conservative" -> ``CPC`` on a Canadian night, ``Con`` on a UK
    one. A label another country reads keeps that reading
    (:func:`psephos.io.declarations.label_code`: "Con" on a Canadian night, "Liberal",
    Canada's Liberals, on a UK one), refused where the declaration is recorded, naming the
    night's parties.

    Raises:
        UnknownPartyError: a label no country reads, in the feed's words (naming the night's
            parties), and how to count it as Other here (:data:`UNKNOWN_PARTY_HINT`).
    """
    try:
        return read_label(label, parties)
    except UnknownPartyError as error:  # another country's: refused naming the night's parties
        try:
            return label_code(label)
        except UnknownPartyError:
            raise UnknownPartyError(f"{error} {UNKNOWN_PARTY_HINT}") from None


class CandidateIn(_Strict):
    """One candidate's result, as on the declaration: name, party label and votes."""

    name: str = Field(default="", max_length=100, description="Candidate's name")
    party: str = Field(
        min_length=1, max_length=80, description="Party label as on the ballot ('Independent')"
    )
    code: str | None = Field(
        default=None,
        max_length=20,
        description="psephos party code (default: read from the label among the night's parties)",
    )
    votes: Votes
    #: The name the code is read from (the label, where no ``code`` is given; a ``votes``
    #: key), which the night's parties read where it is recorded
    #: (:meth:`DeclarationIn.read_among`); ``None`` for a code given.
    _read_from: str | None = PrivateAttr(default=None)

    @field_validator("name", "party")
    @classmethod
    def _text(cls, value: str) -> str:
        return _clean_text(value)

    @field_validator("code")
    @classmethod
    def _vocabulary_code(cls, value: str | None) -> str | None:
        """A code given is one of the vocabulary's, refused in ``psephos nowcast feed``'s words
        (:func:`psephos.io.declarations.vocabulary_code`)."""
        return None if value is None else vocabulary_code(value) or None

    @model_validator(mode="after")
    def _label(self) -> CandidateIn:
        """Without a code, the label is read once the night is known (:meth:`read_among`)."""
        if self.code is None:
            self._read_from = self.party
        return self


class DeclarationIn(_Strict):
    """A declared result in one seat (its ONS code or name, read against the night's base where
    it is recorded): every candidate (``candidates``) or, for a quick entry, votes per party
    (``votes``; one candidate per party). Votes are read as ``psephos nowcast feed`` reads
    them (:data:`Votes`: ``true`` or ``12.5`` refused in its words). Parties are read as some
    country reads them (:func:`psephos.model.party.country_code`), and read again among the
    night's base election's parties where it is recorded (:meth:`read_among`: "Conservative"
    is the CPC on a Canadian night), where a party not of the night is refused (a UK code on a
    Canadian night, naming the night's parties)."""

    election: ElectionId
    seat: SeatKey
    # none at all is refused with the command's words (NO_VOTES), as all at 0 is
    candidates: list[CandidateIn] | None = Field(default=None, max_length=40)
    votes: dict[str, Votes] | None = Field(default=None, max_length=40)
    electorate: StrictInt | None = Field(default=None, ge=1, le=MAX_SEAT_VOTES)
    won_by_lot: Annotated[str | None, Blank] = Field(
        default=None,
        max_length=100,
        title="Won by lot",
        description="Only for a tie for first place: the tied candidate the drawing of lots "
        "elected, by name, party or code",
    )
    #: Given as ``votes`` (one candidate a party), not ``candidates``.
    _by_party: bool = PrivateAttr(default=False)
    #: The parties ``votes`` gives 0 (as given): no candidate, but named, as a correction
    #: names a party it takes out (:meth:`named_parties`).
    _zero_labels: tuple[str, ...] = PrivateAttr(default=())
    #: Every party ``votes`` names, in the order given (0 among them), read among the
    #: night's parties where it is recorded (:meth:`read_among`).
    _vote_labels: tuple[str, ...] = PrivateAttr(default=())

    @field_validator("votes")
    @classmethod
    def _votes(cls, value: dict[str, int] | None) -> dict[str, int] | None:
        if value is None:
            return None
        if any(len(party) > 60 for party in value):
            raise ValueError("party names are at most 60 characters")
        return dict(value)  # read among the night's parties where recorded (read_among)

    @model_validator(mode="after")
    def _one_form(self) -> DeclarationIn:
        """One form or the other, and a vote at least; the parties are read, and the
        declaration's rules checked, once the night is known (:meth:`read_among`), so a
        declaration for a night that is not open is refused as such whatever its labels."""
        if (self.candidates is None) == (self.votes is None):
            raise ValueError("give either candidates or votes (not both)")
        if self.candidates is None:
            self.candidates = []
            self._vote_labels = tuple(self.votes or {})
            for name, count in (self.votes or {}).items():
                if not count:  # named, as a correction names a party taken out
                    self._zero_labels = (*self._zero_labels, name)
                    continue
                self.candidates.append(CandidateIn(name="", party=name, votes=count))
                self.candidates[-1]._read_from = name  # the label as given
            self._by_party = True
        if not any(candidate.votes for candidate in self.candidates):
            raise ValueError(NO_VOTES)
        return self

    def _total(self) -> None:
        """Candidates most votes first (in a tie for first place, the one who won the lot:
        :meth:`_lot`), one candidate a party (:meth:`_one_each`), and the votes per party
        code."""
        self.candidates = sorted(
            self.candidates or [], key=lambda c: (-c.votes, c.code or "", c.name, c.party)
        )
        self._one_each()
        self._lot()
        totals: dict[str, int] = {}
        for candidate in self.candidates:
            if candidate.votes:
                code = candidate.code or "Other"
                totals[code] = totals.get(code, 0) + candidate.votes
        if not totals:
            raise ValueError(NO_VOTES)
        self.votes = dict(sorted(totals.items()))

    def _one_each(self) -> None:
        """Refuse a party given two candidates, as ``psephos nowcast feed`` does
        (:func:`psephos.io.declarations.one_candidate_each`: two Independents are two
        candidates, one candidate given twice is a repeat)."""
        twice = one_candidate_each(
            Candidate(c.name, c.code or "Other", c.party, c.votes) for c in self.candidates or []
        )
        if twice is not None:
            raise ValueError(twice)

    def _lot(self) -> None:
        """Put first the tied candidate the drawing of lots elected (``won_by_lot``), so the
        seat is counted for them; refuse a tie for first place without one, and one given
        where there is no tie or naming none of the tied, as ``psephos nowcast feed`` does
        (:func:`psephos.io.declarations.lot_winner`)."""
        ranked = self.candidates or []
        read = [Candidate(c.name, c.code or "Other", c.party, c.votes) for c in ranked]
        winner = lot_winner(read, self.won_by_lot)
        if winner is not None:
            chosen = ranked[read.index(winner)]
            self.candidates = [chosen, *(c for c in ranked if c is not chosen)]

    def read_among(
        self, parties: Sequence[str], election_id: str | None = None, where: str = ""
    ) -> tuple[DeclarationIn, str]:
        """The declaration with each party read from its label among the night's base
        election's ``parties`` (:func:`party_code`, as ``psephos nowcast feed`` reads a feed
        against its base): "Conservative" or "Green" is the CPC or the GPC on a Canadian
        night, Con or Green on a UK one. The night comes first: a label is read only here,
        where the declaration is recorded, once its night is known to be open. A code given
        stays as given, and another country's party keeps its code: both are refused where
        the declaration is recorded, naming the night's parties. A label that is a party of
        its own on the night whose base is ``election_id`` (UKIP after 2017, or beside Reform
        UK) is counted as Other, as the feed counts it
        (:func:`psephos.io.declarations.counted_apart`); with the note saying so, naming the
        seat (``where``), else ``""``. Then the declaration's rules, as the feed's: one
        candidate a party, a tie decided by lot (:meth:`_total`).

        Raises:
            ValidationError: a label psephos does not know, in the feed's words naming the
                night's parties and the field as the feed does (``votes`` or ``party``), a
                party given two candidates, or a tie without its lot: the declaration's
                refusal, worded as its schema's (:func:`declaration_problems`).
            ValueError: two of the ``votes`` (one candidate a party) are one party of the
                night.
        """
        labels = [candidate._read_from or candidate.party for candidate in self.candidates or []]
        apart, note = counted_apart(labels, where, election_id)
        field = "votes" if self._by_party else "party"  # as the feed names it

        def read(label: str) -> str:
            try:
                return party_code(label, parties)
            except UnknownPartyError as error:
                raise _refused(f"{field}: {error}") from None

        candidates = []
        for candidate, label in zip(self.candidates or [], labels, strict=True):
            update: dict[str, str | None] = {}
            if label.strip() in apart:
                update = {"code": "Other", "party": label.strip()}
            elif candidate._read_from is not None:
                update["code"] = read(candidate._read_from)
                if self._by_party:
                    update["party"] = update["code"]  # a party's total: its label is its code
            candidates.append(candidate.model_copy(update=update))
        if self._by_party:  # two names of one party of the night: the feed's one reading
            codes = {
                label: candidate.code or "Other"
                for candidate, label in zip(candidates, labels, strict=True)
            }
            party_codes(
                self._vote_labels or labels,
                lambda label: codes[label] if label in codes else read(label),
                election_id,
            )
        read_declaration = self.model_copy(update={"candidates": candidates})
        try:
            read_declaration._total()
        except ValueError as error:
            raise _refused(str(error)) from None
        return read_declaration, note

    def named_parties(self, parties: Sequence[str]) -> set[str]:
        """Every party the declaration names by code, a party given 0 among them (one a
        correction takes out: :func:`psephos.io.declarations.left_out_parties`), read among
        the night's ``parties`` as :meth:`read_among` reads a label."""
        named = {candidate.code or "Other" for candidate in self.candidates or []}
        named.update(party_code(label, parties) for label in self._zero_labels)
        return named

    def party_votes(self) -> dict[str, int]:
        """Votes per party code (independents added up), zeros left out."""
        return dict(self.votes or {})

    def candidate_rows(self) -> list[dict[str, Any]]:
        """Candidates as plain rows, most votes first."""
        return [
            {"name": c.name, "party": c.party, "code": c.code, "votes": c.votes}
            for c in self.candidates or []
        ]


def _refused(message: str) -> ValidationError:
    """A declaration refused once its night is known (:meth:`DeclarationIn.read_among`), as
    its schema refuses one (``"won_by_lot: ..."``: the field named first), so the API and the
    form word it as they word every refused declaration (:func:`declaration_problems`)."""
    return ValidationError.from_exception_data(
        DeclarationIn.__name__,
        [{"type": "value_error", "loc": (), "input": None, "ctx": {"error": ValueError(message)}}],
    )


def declaration_problems(
    error: ValidationError, at: Sequence[str | int] = (), seat: str = ""
) -> list[dict[str, str]]:
    """A declaration's refusal (:class:`DeclarationIn`'s) as the API's problems
    (:func:`plain_problems`: ``{"field", "label", "message"}``), ``at`` where it is in the
    request (``("declarations", 3)`` in a batch), where it is said as that row's
    (:func:`row_problems`, ``seat`` naming it: :func:`seat_named`)."""
    if at:
        return row_problems(error.errors(), at, seat)
    fields = {("body", name): info for name, info in DeclarationIn.model_fields.items()}
    errors = [{**item, "loc": ("body", *item.get("loc", ()))} for item in error.errors()]
    return plain_problems(errors, fields)


def row_problems(
    errors: Sequence[Mapping[str, Any]], at: Sequence[str | int], named: str = ""
) -> list[dict[str, str]]:
    """The problems of one row of a batch (``at``: ``("declarations", 13)``; ``errors``
    located within the row) as the row's own (:func:`plain_problems` with the row's fields,
    :data:`BATCH_ROWS`), each labelled by the row as it names itself (``named``: a
    declaration's seat, "Sunderland Central (E14001531)", :func:`seat_named`) and the field:
    field ``declarations.13.votes``, label "Sunderland Central (E14001531): Votes"; a problem
    of the whole row by the row alone. A row that does not name itself is its place
    (``declarations.13``)."""
    place = ".".join(str(part) for part in at)
    named = named or place
    model = BATCH_ROWS.get(str(at[0]), DeclarationIn)
    fields = {("body", name): info for name, info in model.model_fields.items()}
    located = [{**item, "loc": ("body", *item.get("loc", ()))} for item in errors]
    problems = []
    for problem in plain_problems(located, fields):
        whole = problem["label"] == WHOLE_REQUEST
        problems.append(
            {
                "field": place if whole else f"{place}.{problem['field']}",
                "label": named if whole else f"{named}: {problem['label']}",
                "message": problem["message"],
            }
        )
    return problems


def _batch_row_problems(
    errors: Sequence[Mapping[str, Any]], body: Any
) -> tuple[list[Mapping[str, Any]], list[dict[str, str]]]:
    """``errors`` apart from those within a row of a batch (:data:`BATCH_ROWS`), and those
    said as their row's (:func:`row_problems`), each row named by the seat it gives
    (``body``: the request's JSON body), as it gives it."""
    rest: list[Mapping[str, Any]] = []
    rows: dict[tuple[str, int], list[Mapping[str, Any]]] = {}
    for item in errors:
        location = tuple(item.get("loc", ()))
        if (
            len(location) >= 3
            and location[0] == "body"
            and location[1] in BATCH_ROWS
            and isinstance(location[2], int)
        ):
            rows.setdefault((location[1], location[2]), []).append({**item, "loc": location[3:]})
        else:
            rest.append(item)
    problems = []
    for (name, index), row_errors in rows.items():
        given = body.get(name) if isinstance(body, Mapping) else None
        row = given[index] if isinstance(given, list) and index < len(given) else None
        seat = row.get("seat") if isinstance(row, Mapping) else None
        named = seat_named(seat.strip(), None) if isinstance(seat, str) and seat.strip() else ""
        problems.extend(row_problems(row_errors, (name, index), named))
    return rest, problems


def problems_words(problems: Sequence[Mapping[str, str]]) -> str:
    """Problems (:func:`plain_problems`) in one line, each named by its field's label ("Won
    by lot: ..."), a problem of the whole request by its message alone: how a form says
    what its JSON twin's 422 lists."""
    return "; ".join(
        problem["message"]
        if problem["label"] == WHOLE_REQUEST
        else f"{problem['label']}: {problem['message']}"
        for problem in problems
    )


class ResultsElectionIn(_Strict):
    """A results night an organiser opens: an id and a human name."""

    id: ElectionId
    name: str = Field(min_length=1, max_length=200)
    base: Annotated[ElectionId | None, Blank] = Field(
        default=None,
        description="Bundled election to compare with (default: the newest on the boundaries)",
    )

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return _clean_text(value)


class ResultsElectionForm(ResultsElectionIn, CsrfForm):
    """Opening a results night from the organiser page."""


class DeclarationForm(CsrfForm):
    """A declaration typed into the organiser page, one line per candidate:
    ``Name | Party label | votes`` (or ``Name | Party label | code | votes``), or the short
    ``Party: votes``; votes may have thousands separators (``21,000``): the lines are read by
    :func:`psephos.io.declarations.declaration_lines`. ``electorate`` is the electorate as
    declared (blank: the base election's), as the API's."""

    election: ElectionId
    seat: SeatKey
    votes_text: str = Field(min_length=1, max_length=4000, title="Candidates")
    won_by_lot: str = Field(default="", max_length=100, title="Won by lot")
    electorate: str = Field(default="", max_length=20, title="Electorate")

    def to_declaration(self) -> DeclarationIn:
        """Parse the lines into a :class:`DeclarationIn`.

        Raises:
            ValueError: a line that does not read, or a declaration refused, in the form's
                words (:func:`form_refusal`: "line 'Con: 99999999999': Votes: use a whole
                number from 0 to 100,000,000").
        """
        candidates: list[CandidateIn] = []
        for line, given in declaration_lines(self.votes_text):
            try:
                candidates.append(CandidateIn.model_validate(given))
            except ValidationError as error:
                raise ValueError(
                    f"line {line.strip()!r}: {form_refusal(error, CandidateIn)}"
                ) from None
        if not candidates:
            raise ValueError("give at least one candidate")
        try:  # read as every reader reads a count ("74,568"); blank: the base election's
            electorate = whole_count(self.electorate, blank=True)
        except ValueError as error:
            raise ValueError(f"Electorate: {error} ({self.electorate.strip()!r})") from None
        try:
            return DeclarationIn(
                election=self.election,
                seat=self.seat,
                candidates=candidates,
                electorate=electorate or None,
                won_by_lot=self.won_by_lot or None,
            )
        except ValidationError as error:
            raise ValueError(form_refusal(error, DeclarationIn)) from None


def check_poll_shares(shares: Mapping[str, float], election: str | None = None) -> None:
    """Refuse (``ValueError``) a poll a saved scenario could not show: no party above 0, or
    one the poll reader refuses (:func:`psephos.projection.read_poll`: above 100% in all, a
    party it does not know), read against ``election``'s parties where one is named. The one
    rule of the scenario form and ``POST /api/scenarios``."""
    if sum(share for share in shares.values() if share > 0) <= 0:
        raise ValueError("give at least one party a share above 0")
    try:
        if election is not None:
            election_poll(load(resolve_election_id(election)), shares)
        else:
            read_poll(shares)
    except PsephosError as error:
        raise ValueError(str(error)) from None


def check_area_shares(
    text: str,
    election: str,
    shares: Mapping[str, float],
    model: str = DEFAULT_MODEL,
    *,
    typed_poll: bool = False,
) -> None:
    """Refuse (``ValueError``) area shares a saved poll scenario could not reopen in the
    swingometer: text the reader refuses (:func:`psephos.io.shares.parse_area_shares`), or
    area shares the projection from ``election`` with ``model`` refuses beside the scenario's
    ``shares`` (the swingometer's sliders: set aside where the area shares give the national
    shares on their own, :func:`psephos.projection.areas_give_national`, as the swingometer
    sets them aside; a ``typed_poll`` is always projected, as a poll typed in is). The one
    rule of the swingometer's "save" form and ``POST /api/scenarios``."""
    from psephos.io.shares import parse_area_shares

    try:
        base = load(resolve_election_id(election))
        areas = parse_area_shares(text)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # notes, not refusals
            decide = not typed_poll and areas_give_national(base, areas)
            poll = None if decide else election_poll(base, shares)
            project(base, poll, model=model, areas=areas)
    except PsephosError as error:
        raise ValueError(str(error)) from None


class ScenarioIn(_Strict):
    """A scenario to save and share: a kind, a title and a JSON payload."""

    kind: Literal["poll", "projection", "coalition", "tactical", "nowcast"]
    title: str = Field(min_length=1, max_length=200)
    payload: dict[str, Any]

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        return _clean_text(value)

    @model_validator(mode="after")
    def _size(self) -> ScenarioIn:
        if len(json.dumps(self.payload, ensure_ascii=False)) > MAX_SCENARIO_BYTES:
            raise ValueError(
                f"payload: use at most {format_number(MAX_SCENARIO_BYTES, ',')} bytes of JSON"
            )
        return self

    @model_validator(mode="after")
    def _readable(self) -> ScenarioIn:
        """What the swingometer reopens must read: ``election`` a bundled election,
        ``model`` a swing model, ``shares_pct`` a poll (the one poll reader,
        :func:`psephos.projection.read_poll`), ``areas`` area shares projected beside it (the
        text of a ``--by-region`` file, as the swingometer takes it: :func:`check_area_shares`,
        with its election), ``typed_poll`` true where ``shares_pct`` is a poll typed in beside
        them (projected even where the area shares cover Great Britain); a ``poll`` scenario
        needs its shares."""
        payload = self.payload
        if "typed_poll" in payload and not isinstance(payload["typed_poll"], bool):
            raise ValueError(
                "payload.typed_poll: give true (the shares are a poll typed in, projected "
                "beside the area shares) or false (the swingometer's sliders)"
            )
        if "election" in payload:
            election = payload["election"]
            if not isinstance(election, str):
                raise ValueError("payload.election: give an election id such as '2024'")
            try:
                resolve_election_id(election)
            except PsephosError as error:
                raise ValueError(f"payload.election: {error}") from None
        if "model" in payload and payload["model"] not in MODELS:
            raise ValueError(f"payload.model: use one of {', '.join(MODELS)}")
        if self.kind == "poll" and "shares_pct" not in payload:
            raise ValueError("payload.shares_pct: a poll scenario needs its shares")
        if "shares_pct" in payload:
            shares = payload["shares_pct"]
            if not isinstance(shares, dict) or not shares:
                raise ValueError('payload.shares_pct: give shares per party, e.g. {"Lab": 30}')
            for party, value in shares.items():
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise ValueError(f"payload.shares_pct: the share of {party!r} is not a number")
            try:  # against the election's parties where it names one
                check_poll_shares(shares, payload.get("election"))
            except ValueError as error:
                raise ValueError(f"payload.shares_pct: {error}") from None
        if "areas" in payload:
            self._check_areas(payload)
        return self

    @staticmethod
    def _check_areas(payload: Mapping[str, Any]) -> None:
        areas = payload["areas"]
        if not isinstance(areas, str) or not areas.strip():
            raise ValueError(
                "payload.areas: give the area shares as the text of a --by-region file, "
                'e.g. "area,party,share\\nScotland,SNP,30"'
            )
        if len(areas) > MAX_AREA_SHARES:
            limit = format_number(MAX_AREA_SHARES, ",")
            raise ValueError(f"payload.areas: use at most {limit} characters")
        if "election" not in payload:
            raise ValueError("payload.areas: name the election (payload.election) they are of")
        try:
            check_area_shares(
                areas,
                payload["election"],
                payload.get("shares_pct", {}),
                payload.get("model", DEFAULT_MODEL),
                typed_poll=payload.get("typed_poll", False),
            )
        except ValueError as error:
            raise ValueError(f"payload.areas: {error}") from None


#: The party fields of the scenario form: every country's poll parties
#: (:data:`psephos.jurisdictions.POLL_PARTIES`) and Other.
POLL_FORM_PARTIES: tuple[str, ...] = (*POLL_PARTIES, "Other")


class _PollFormFields(CsrfForm):
    """A national poll typed into the scenario form: shares in percent, a field per party of
    :data:`POLL_FORM_PARTIES` (added by :data:`PollForm`), read against the election's
    parties."""

    title: str = Field(min_length=1, max_length=200)
    election: ElectionId = Field(default_factory=lambda: UK.latest_id)
    model: str = Field(default=DEFAULT_MODEL, pattern=r"^[a-z-]{1,40}$")
    areas: Annotated[str | None, Blank] = Field(
        default=None,
        max_length=MAX_AREA_SHARES,
        title="Area shares",
        description="Area shares saved beside the poll (the swingometer's), as "
        "psephos project --by-region FILE takes them",
    )
    typed_poll: bool = Field(
        default=False,
        title="Typed poll",
        description="The shares are a poll typed in (or a poll table's mean), projected "
        "beside the area shares even where they cover Great Britain, not the sliders",
    )
    poll: Annotated[str | None, Blank] = Field(
        default=None,
        max_length=MAX_SAVED_POLL,
        title="Poll",
        description="A poll typed in, as pairs ('Lab 35 Con 24 Ind 5', as psephos project "
        "--poll takes them), saved as the typed poll with every party it names, those "
        "without a field here too; instead of the party fields",
    )
    _poll_shares: dict[str, float] | None = PrivateAttr(default=None)  # the poll as read

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        return _clean_text(value)

    @model_validator(mode="after")
    def _total(self) -> _PollFormFields:
        if self.poll is not None:
            fields = [code for code in POLL_FORM_PARTIES if code in self.model_fields_set]
            if fields:
                raise ValueError(
                    f"poll: give the poll or the party fields ({', '.join(fields)}), not both"
                )
            try:
                election = load(resolve_election_id(self.election))
                self._poll_shares = election_poll(election, self.poll)
            except PsephosError as error:
                raise ValueError(f"poll: {error}") from None
            self.typed_poll = True  # a poll typed in: every party of it, as typed
        # The shares together, so the problem names them (plain_problems: "Shares").
        try:
            check_poll_shares(self.shares(), self.election)
        except ValueError as error:
            raise ValueError(f"shares: {error}") from None
        if self.areas is not None:
            try:
                check_area_shares(
                    self.areas,
                    self.election,
                    self.shares(),
                    self.model,
                    typed_poll=self.typed_poll,
                )
            except ValueError as error:
                raise ValueError(f"areas: {error}") from None
        return self

    def shares(self) -> dict[str, float]:
        """Shares in percent per party code: the ``poll``'s, every party it names, where it is
        given; else the party fields', zeros left out (a box left at 0), except, in a
        ``typed_poll``, a party the form sent at zero, which the poll typed in gave as zero
        (left out, the reader would fill it from the rest)."""
        if self._poll_shares is not None:
            return dict(self._poll_shares)
        return {
            code: float(share)
            for code in POLL_FORM_PARTIES
            if (share := getattr(self, code, 0.0)) > 0
            or (self.typed_poll and code in self.model_fields_set)
        }


if TYPE_CHECKING:
    PollForm = _PollFormFields
else:
    PollForm = create_model(
        "PollForm",
        __base__=_PollFormFields,
        __doc__=_PollFormFields.__doc__,
        **{code: (float, Field(default=0.0, ge=0, le=100)) for code in POLL_FORM_PARTIES},
    )


class LogoutForm(CsrfForm):
    """Logging out is a POST with the CSRF token."""


class EraseForm(CsrfForm):
    """The organiser page's Erase button, posted with the tick box beside it that says the
    erasure is meant (it cannot be undone)."""

    confirm: bool = Field(default=False, title="Erase for good")


class PasswordChange(_Strict):
    """An organiser's new password (every session, this one included, ends)."""

    current_password: str = Field(min_length=1, max_length=1000)
    new_password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=1000)


class DeclarationBatch(_Strict):
    """Many declarations at once (a replayed results night), recorded in order."""

    declarations: list[DeclarationIn] = Field(min_length=1, max_length=1000)


#: The list fields of a JSON body each of whose rows is one input of its own (a batch's
#: declarations), by the model of a row: a problem within a row is said as that row's,
#: named by its seat (:func:`row_problems`), not as the list field's.
BATCH_ROWS: dict[str, type[BaseModel]] = {"declarations": DeclarationIn}


#: How a declaration file uploaded to the web app counts a party psephos does not know.
UNKNOWN_LABEL_HINT = (
    "Give its code in a 'code' column (for a minor party, Other), or replay the file with "
    "unknown parties counted as Other."
)
#: Most seats one uploaded declaration file may hold.
MAX_FILE_SEATS = 1000


def declarations_from_csv(
    text: str,
    election: str,
    *,
    base: Election | None = None,
    unknown_parties: Literal["error", "other"] = "error",
) -> tuple[list[DeclarationIn], list[str]]:
    """Parse a results file as ``psephos nowcast feed`` reads one
    (:func:`psephos.io.declarations.read_feed`: a CSV with header ``seat,party,votes`` plus
    optional ``candidate`` (name), ``code`` and ``electorate`` columns, each seat's rows
    together, or JSON lines), seats in declaration order, with the notes the command prints
    (a time column not read, a seat read from a part of its name). A party psephos does not
    know is refused, or with ``unknown_parties="other"`` counted as Other (as
    ``--unknown-parties other``). With ``base`` (the night's base election) a seat may be
    given by its name, read as the command reads it
    (:func:`psephos.io.declarations.with_seat_code`).

    Raises:
        ValueError: naming the first bad row.
    """
    import io
    from itertools import islice

    from psephos.io.declarations import read_feed, with_seat_code

    try:
        feed = list(
            islice(
                read_feed(
                    io.StringIO(text),
                    unknown_parties=unknown_parties,
                    unknown_hint=UNKNOWN_LABEL_HINT,
                    parties=None if base is None else base.parties,
                    foreign=foreign_party,  # another country's party: both countries named
                    election_id=None if base is None else base.id,  # UKIP Other after 2017
                ),
                MAX_FILE_SEATS + 1,
            )
        )
    except PsephosError as error:
        raise ValueError(str(error)) from None
    if len(feed) > MAX_FILE_SEATS:
        raise ValueError(f"at most {MAX_FILE_SEATS} seats per file")
    if not feed:
        raise ValueError("the file has no rows")
    declarations = []
    notes: list[str] = []
    for seat in feed:
        if base is not None:
            try:
                seat = with_seat_code(seat, base)  # the same seat, as its code
            except PsephosError as error:
                raise ValueError(str(error)) from None
        if seat.note:
            notes.append(seat.note)
        if base is not None:  # the SNP in England: a row pasted into the wrong seat?
            position = base.codes.index(seat.seat)
            elsewhere = not_standing_note(base, position, voted_parties(seat.counts), seat.where)
            notes.extend([elsewhere] if elsewhere else [])
        counts = seat.counts
        try:
            candidates = (
                [CandidateIn(party=code, code=code, votes=round(v)) for code, v in counts.items()]
                if isinstance(counts, dict)
                else [
                    CandidateIn(
                        name=c.name, party=c.party_name or c.party, code=c.party, votes=c.votes
                    )
                    for c in counts
                ]
            )
            declarations.append(
                DeclarationIn(
                    election=election,
                    seat=seat.seat.upper(),
                    candidates=candidates,
                    electorate=seat.electorate,
                    won_by_lot=seat.won_by_lot,  # a file cannot say: its first (read_feed)
                )
            )
        except ValueError as error:
            where = f"{seat.where}, " if seat.where else ""
            words = str(error)
            if isinstance(error, ValidationError):  # a candidate's or the declaration's
                model = CandidateIn if error.title == CandidateIn.__name__ else DeclarationIn
                words = form_refusal(error, model)
            raise ValueError(f"{where}{seat_named(seat.seat, base)}: {words}") from None
    return declarations, notes


def seat_named(seat: str, base: Election | None) -> str:
    """A file's seat as a refusal names it: its name and code where the night's ``base`` knows
    it ("Leicester South (E14001327)"), else as the file gives it."""
    if base is not None and seat in base.codes:
        return base.constituencies[base.codes.index(seat)].named
    return f"seat {seat!r}"


#: Plain English for the patterns that are not a plain set of characters (anything else is
#: described from its character classes by :func:`describe_pattern`).
NUMBER_PATTERN = r"^(-?[0-9]{1,3}(\.[0-9]{1,12})?)?$"
_PATTERN_WORDS = {
    SEAT_CODE_PATTERN: seat_code_words(),  # each country's example, of its latest boundaries
    ELECTION_ID_PATTERN: "use an election id such as 2024 (letters, digits and hyphens)",
    SLUG_PATTERN: "use a scenario link's 8 to 32 letters, digits, '-' and '_'",
    NUMBER_PATTERN: "use a number such as 51.5",
}
_CLASS = re.compile(r"\[([^\]]*)\]")
_ALTERNATIVES = re.compile(r"^\^\(([a-z|-]+)\)\??\$$")


#: Characters a pattern allows that read badly in quotes.
_CHARACTER_WORDS = {"'": "apostrophes", '"': "double quotes"}


def describe_pattern(pattern: str, value: Any = None) -> str:
    """What a value must look like to match ``pattern``, in words ("use letters, digits and
    spaces only"), never the regular expression itself."""
    if pattern in _PATTERN_WORDS:
        return _PATTERN_WORDS[pattern]
    alternatives = _ALTERNATIVES.match(pattern)
    if alternatives:
        return "use one of: " + ", ".join(alternatives.group(1).split("|"))
    if value == "":
        return "must not be empty"
    allowed = "".join(_CLASS.findall(pattern)) + ("0-9" if r"\d" in pattern else "")
    words = []
    if "A-Z" in allowed or "a-z" in allowed or LETTER in allowed:
        words.append("letters")
    if "0-9" in allowed:
        words.append("digits")
    if " " in allowed:
        words.append("spaces")
    rest = allowed.replace(LETTER, "").replace("A-Z", "").replace("a-z", "").replace("0-9", "")
    rest = rest.replace(" ", "").replace("\\", "")
    words.extend(_CHARACTER_WORDS.get(char, f"'{char}'") for char in dict.fromkeys(rest))
    if not words:
        return "is not in the expected form"
    return f"use {listed(words)} only"


#: Pydantic's error types that say a number was not accepted (not one, or out of its range).
_NUMBER_ERRORS = frozenset(
    {
        "int_parsing",
        "float_parsing",
        "int_from_float",
        "finite_number",
        "greater_than",
        "greater_than_equal",
        "less_than",
        "less_than_equal",
    }
)


def field_label(name: str, field: FieldInfo | None = None) -> str:
    """A field's name as a person reads it: its ``title``, else the start of its
    ``description`` ("Postcode ('NW6 1AB'), sector ..." gives "Postcode"), else its name in
    words ("district_size" gives "District size")."""
    if field is not None and field.title:
        return field.title
    if field is not None and field.description:
        lead = re.split(r" \(|, |; ", field.description, maxsplit=1)[0].strip()
        if lead:
            return lead
    words = name.split(".")[0].replace("_", " ").strip() or "request"
    return words[:1].upper() + words[1:]


def _bound(value: Any) -> str:
    number = float(value)
    return format_number(int(number), ",") if number.is_integer() else format_number(number, "g")


def number_words(field: FieldInfo | None = None, bounds: Mapping[str, Any] | None = None) -> str:
    """What a number field accepts, in words ("use a whole number from 1 to 50"), from the
    field's type and bounds (``ge``, ``gt``, ``le``, ``lt``), or from ``bounds`` alone (an
    error's context) where the field is not known."""
    limits: dict[str, Any] = dict(bounds or {})
    whole = False
    if field is not None:
        for item in field.metadata:
            for key in ("ge", "gt", "le", "lt"):
                if getattr(item, key, None) is not None:
                    limits[key] = getattr(item, key)
        whole = int in (field.annotation, *get_args(field.annotation))
    kind = "a whole number" if whole else "a number"
    low = f"at least {_bound(limits['ge'])}" if "ge" in limits else None
    low = f"above {_bound(limits['gt'])}" if "gt" in limits else low
    high = f"at most {_bound(limits['le'])}" if "le" in limits else None
    high = f"below {_bound(limits['lt'])}" if "lt" in limits else high
    if "ge" in limits and "le" in limits:
        return f"use {kind} from {_bound(limits['ge'])} to {_bound(limits['le'])}"
    if low and high:
        return f"use {kind} {low} and {high}"
    if low or high:
        bound = low or high or ""
        return f"use {kind} {bound if bound.startswith(('above', 'below')) else 'of ' + bound}"
    return f"use {kind}"


def _choice_suggestion(item: Mapping[str, Any], expected: str) -> str:
    """The closest of a field's choices to the value sent (:func:`psephos.errors.did_you_mean`,
    as the command line offers them): ". Did you mean 'pooled'?" for ``pooledd``."""
    value = item.get("input")
    if not isinstance(value, str):
        return ""
    suggestion = did_you_mean(value, re.findall(r"'([^']*)'", expected))
    return f".{suggestion}" if suggestion else ""


def problem_message(item: Mapping[str, Any], field: FieldInfo | None = None) -> str:
    """What one of pydantic's errors asks for, in words: what the field accepts (from its
    pattern, bounds, length or choices; ``field`` where known), never a regular expression
    or Python's notation."""
    kind = item.get("type")
    context = item.get("ctx") or {}
    if kind == "string_pattern_mismatch":
        return describe_pattern(str(context.get("pattern", "")), item.get("input"))
    if kind in _NUMBER_ERRORS:
        return number_words(field, context)
    if kind == "string_too_long":
        return f"use at most {_bound(context['max_length'])} characters"
    if kind == "string_too_short":
        length = context.get("min_length", 1)
        return "must not be empty" if length <= 1 else f"use at least {_bound(length)} characters"
    if kind == "too_long":
        return f"give at most {_bound(context['max_length'])}"
    if kind in ("enum", "literal_error") and "expected" in context:
        return f"use {context['expected']}" + _choice_suggestion(item, str(context["expected"]))
    if kind == "bool_parsing":
        return "use true or false"
    if kind == "missing":
        return "must be given"
    return str(item.get("msg", "invalid")).removeprefix("Value error, ")


#: A check of a whole request (a model's validator) names what it checked before its message,
#: as a field is named: "shares: give at least one party a share above 0",
#: "payload.shares_pct: ...".
_WHOLE_PROBLEM = re.compile(r"^(?P<name>[a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)*): (?P<message>.+)$", re.S)
#: The label of a problem with a whole request that names no part of it.
WHOLE_REQUEST = "What you gave"


def plain_problems(
    errors: Sequence[Mapping[str, Any]],
    fields: Mapping[tuple[str, str], FieldInfo] | None = None,
    body: Any = None,
) -> list[dict[str, str]]:
    """Pydantic's errors as ``{"field", "label", "message"}`` in plain words: the field's name
    as sent (without where it came from, such as ``query``), its name for a person
    (:func:`field_label`) and what it accepts (:func:`problem_message`), never a regular
    expression. ``fields`` are the request's fields by where they come from and their name
    (``("query", "top")``), for their titles, descriptions and bounds; the one wording of a
    refused input for every page and its JSON twin. A check of the whole request (a model's
    validator) is the problem of the part its message names first (``"shares: ..."``: the
    field ``shares``, "Shares"); one that names none is :data:`WHOLE_REQUEST`'s, field
    ``request``. A problem within a row of a batch (:data:`BATCH_ROWS`) is said as the
    row's, named by the seat it gives in ``body`` (the request's JSON body:
    :func:`row_problems`)."""
    errors, problems = _batch_row_problems(errors, body)
    for item in errors:
        location = [str(part) for part in item.get("loc", ())]
        message = problem_message(item, None)
        whole = _WHOLE_PROBLEM.match(message) if len(location) <= 1 else None
        if whole:  # a check of the whole request naming what it checked: "shares: ..."
            location = [*location, *whole["name"].split(".")]
            message = whole["message"]
        field = (fields or {}).get((location[0], location[1])) if len(location) > 1 else None
        if location and location[0] in ("query", "path", "body", "header", "cookie"):
            location = location[1:]
        if not location:
            problems.append({"field": "request", "label": WHOLE_REQUEST, "message": message})
            continue
        name = ".".join(location)
        # A part of a field (a row of a JSON body) is named as sent: "declarations.0.votes".
        part = len(location) > 1 and (field is None or whole is not None)
        label = name if part else field_label(name, field)
        if not whole:
            message = problem_message(item, field)
        problems.append({"field": name, "label": label, "message": message})
    return problems


def form_refusal(error: ValidationError, model: type[BaseModel]) -> str:
    """A form's refusal in one line, each problem named by its field's label and worded as
    the form's JSON twin words it (:func:`plain_problems` with ``model``'s fields): "E-mail:
    is not an e-mail address; Hours a week: use a whole number from 1 to 80". A problem of
    the whole form that names no field is its message alone."""
    fields = {("body", name): info for name, info in model.model_fields.items()}
    errors = [{**item, "loc": ("body", *item.get("loc", ()))} for item in error.errors()]
    return problems_words(plain_problems(errors, fields))

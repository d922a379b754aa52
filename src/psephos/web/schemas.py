"""Pydantic models validating every input the web app accepts."""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from psephos.errors import UnknownPartyError
from psephos.model import PARTY_CODES, get_party

SEAT_CODE_PATTERN = r"^[ENSW][0-9]{8}$"
ELECTION_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9-]{0,39}$"
USERNAME_PATTERN = r"^[A-Za-z0-9_.-]{3,40}$"
SLUG_PATTERN = r"^[A-Za-z0-9_-]{8,32}$"
_EMAIL = re.compile(
    r"^[^@\s<>\"']{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

#: A postcode, sector or district as typed (the library checks the form and says what is wrong).
POSTCODE_PATTERN = r"^[A-Za-z0-9 ]*$"
PostcodeQuery = Query(
    max_length=12,
    pattern=POSTCODE_PATTERN,
    description="Postcode ('NW6 1AB'), sector ('NW6 1') or district ('NW6')",
)

SeatCode = Annotated[str, Field(pattern=SEAT_CODE_PATTERN, description="ONS seat code")]
ElectionId = Annotated[str, Field(pattern=ELECTION_ID_PATTERN, description="Election id")]
MAX_SCENARIO_BYTES = 20_000
MAX_SEAT_VOTES = 1_000_000


def _clean_text(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value.strip()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=5000)


class CsrfForm(_Strict):
    """Every HTML form posts its session's CSRF token."""

    csrf_token: str = Field(default="", max_length=200)


class VolunteerFields(_Strict):
    """A volunteer's sign-up."""

    name: str = Field(min_length=1, max_length=100)
    email: str = Field(min_length=3, max_length=254)
    election: ElectionId = "2024"
    target_seat: SeatCode
    home_seat: SeatCode | None = None
    hours_per_week: int = Field(ge=1, le=80)
    note: str = Field(default="", max_length=500)
    consent: bool

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

    @field_validator("home_seat", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if value == "" else value

    @field_validator("consent")
    @classmethod
    def _consent(cls, value: bool) -> bool:
        if not value:
            raise ValueError("must be given to store your details")
        return value


class VolunteerForm(VolunteerFields, CsrfForm):
    """The sign-up as an HTML form (with CSRF token; an unticked box is absent)."""

    consent: bool = False


class LoginFields(_Strict):
    """Organiser credentials."""

    username: str = Field(min_length=1, max_length=40)
    password: str = Field(min_length=1, max_length=1000)


class LoginForm(LoginFields, CsrfForm):
    """Login as an HTML form."""

    next: str = Field(default="/organisers", max_length=200)


class DeclarationIn(_Strict):
    """A declared result: votes per party in one seat."""

    election: ElectionId
    seat: SeatCode
    votes: dict[str, int] = Field(min_length=1, max_length=40)

    @field_validator("votes")
    @classmethod
    def _votes(cls, value: dict[str, int]) -> dict[str, int]:
        canonical: dict[str, int] = {}
        for party, count in value.items():
            if len(party) > 60:
                raise ValueError("party names are at most 60 characters")
            try:
                code = get_party(party).code
            except UnknownPartyError as error:
                raise ValueError(str(error)) from None
            if code not in PARTY_CODES:
                raise ValueError(f"party {party!r} does not stand at UK general elections")
            if not 0 <= count <= MAX_SEAT_VOTES:
                raise ValueError(f"votes for {party!r} must be between 0 and {MAX_SEAT_VOTES}")
            if code in canonical:
                raise ValueError(f"party {code!r} is given twice")
            if count:
                canonical[code] = count
        if not canonical:
            raise ValueError("at least one party needs votes")
        return dict(sorted(canonical.items()))


class DeclarationForm(CsrfForm):
    """A declaration typed into the organiser page: ``Party: votes`` lines."""

    election: ElectionId
    seat: SeatCode
    votes_text: str = Field(min_length=1, max_length=2000)

    def to_declaration(self) -> DeclarationIn:
        """Parse the lines into a :class:`DeclarationIn` (raises ``ValueError``)."""
        votes: dict[str, int] = {}
        for line in self.votes_text.splitlines():
            if not line.strip():
                continue
            party, sep, count = line.rpartition(":") if ":" in line else line.rpartition(" ")
            if not sep or not count.strip().isdigit():
                raise ValueError(f"line {line.strip()!r} is not 'Party: votes'")
            votes[party.strip()] = int(count.strip())
        return DeclarationIn(election=self.election, seat=self.seat, votes=votes)


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
            raise ValueError(f"payload is larger than {MAX_SCENARIO_BYTES} bytes")
        return self


class PollForm(CsrfForm):
    """A national poll typed into the scenario form: shares in percent."""

    title: str = Field(min_length=1, max_length=200)
    election: ElectionId = "2024"
    model: str = Field(default="uniform", pattern=r"^[a-z-]{1,40}$")
    Con: float = Field(default=0.0, ge=0, le=100)
    Lab: float = Field(default=0.0, ge=0, le=100)
    LD: float = Field(default=0.0, ge=0, le=100)
    Reform: float = Field(default=0.0, ge=0, le=100)
    Green: float = Field(default=0.0, ge=0, le=100)
    SNP: float = Field(default=0.0, ge=0, le=100)
    PC: float = Field(default=0.0, ge=0, le=100)
    Other: float = Field(default=0.0, ge=0, le=100)

    @field_validator("title")
    @classmethod
    def _title(cls, value: str) -> str:
        return _clean_text(value)

    @model_validator(mode="after")
    def _total(self) -> PollForm:
        # Over 100 is allowed (the swingometer's sliders are independent): the projection
        # rescales, as it does for its own input.
        if sum(self.shares().values()) <= 0:
            raise ValueError("give at least one party a share above 0")
        return self

    def shares(self) -> dict[str, float]:
        """Shares in percent per party code (zeros left out)."""
        codes = ("Con", "Lab", "LD", "Reform", "Green", "SNP", "PC", "Other")
        return {code: float(getattr(self, code)) for code in codes if getattr(self, code) > 0}


class LogoutForm(CsrfForm):
    """Logging out is a POST with the CSRF token."""


class DeclarationBatch(_Strict):
    """Many declarations at once (a replayed results night), recorded in order."""

    declarations: list[DeclarationIn] = Field(min_length=1, max_length=1000)


def declarations_from_csv(text: str, election: str) -> list[DeclarationIn]:
    """Parse a results file: one row per seat and party (``seat,party,votes``, header row
    required), seats in declaration order.

    Raises:
        ValueError: naming the first bad row.
    """
    import csv
    import io

    reader = csv.DictReader(io.StringIO(text))
    needed = {"seat", "party", "votes"}
    if reader.fieldnames is None or not needed <= {f.strip().lower() for f in reader.fieldnames}:
        raise ValueError("the file needs a header row with columns seat, party, votes")
    seats: dict[str, dict[str, int]] = {}
    for number, row in enumerate(reader, start=2):
        clean = {str(k).strip().lower(): (v or "").strip() for k, v in row.items() if k}
        if not clean["votes"].isdigit():
            raise ValueError(f"row {number}: votes {clean['votes']!r} is not a whole number")
        votes = seats.setdefault(clean["seat"].upper(), {})
        if clean["party"] in votes:
            raise ValueError(f"row {number}: party {clean['party']!r} given twice for the seat")
        votes[clean["party"]] = int(clean["votes"])
        if len(seats) > 1000:
            raise ValueError("at most 1000 seats per file")
    if not seats:
        raise ValueError("the file has no rows")
    return [
        DeclarationIn(election=election, seat=seat, votes=votes) for seat, votes in seats.items()
    ]

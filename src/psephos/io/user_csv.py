"""Read a user's own results from a CSV file in the documented long format.

One row per candidate (or per party) per seat::

    seat_code,seat_name,party,votes[,candidate][,electorate][,nation][,region]
    E14000727,Hampstead and Kilburn,Lab,34464,Tulip Siddiq
    E14000727,Hampstead and Kilburn,Con,18904,Claire-Louise Leyland

``party`` is any name or alias in the psephos vocabulary (``Labour``, ``Lab``, ``Lib Dem``...).
Parties outside it are an error by default, or are counted as ``Other`` with
``unknown_parties="other"`` (the name is kept on the candidate). Every problem is reported as
one :class:`~psephos.errors.DataFormatError` naming the row, the field and the value
(the same messages as every reader in :mod:`psephos.io.rows`).

The parties found decide the country (``country_of``; :func:`psephos.read_results_csv` and
:func:`psephos.jurisdictions.read_results_csv` pass :func:`psephos.jurisdictions.for_parties`):
a file of Canadian parties (``LPC``, ``CPC``...) reads as a Canadian election, with Canada's
columns and rules; seats without a nation or region take them from the code (an ONS code's
nation, a riding number's province).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal, Protocol

import numpy as np
from pydantic import Field, field_validator

from psephos.errors import DataFormatError, UnknownPartyError
from psephos.io.rows import (
    UNKNOWN_PARTIES_HINT,
    Row,
    csv_records,
    read_text,
    repeated_party,
    seat_votes,
    validate_row,
    whole_count,
)
from psephos.model import Candidate, Constituency, Election, get_party

REQUIRED_COLUMNS = ("seat_code", "seat_name", "party", "votes")
OPTIONAL_COLUMNS = ("candidate", "electorate", "nation", "region")
WHAT = "results file"


class Country(Protocol):
    """What the reader needs of a country: a :class:`psephos.jurisdictions.Jurisdiction`."""

    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def party_codes(self) -> tuple[str, ...]: ...

    def area_of_seat(self, code: str) -> tuple[str, str]: ...


#: The country whose parties a file's party codes are (:func:`psephos.jurisdictions.for_parties`).
CountryOf = Callable[[Sequence[str]], Country]


class ResultRow(Row):
    """One candidate's (or party's) votes in one seat; thousands separators allowed."""

    seat_code: str = Field(min_length=1)
    seat_name: str = Field(min_length=1)
    party: str = Field(min_length=1)
    votes: int
    candidate: str = ""
    electorate: int | None = None
    nation: str = ""
    region: str = ""

    @field_validator("votes", mode="before")
    @classmethod
    def _votes(cls, value: object) -> object:
        number = whole_count(value)
        if isinstance(number, int):
            seat_votes(number)
        return number

    @field_validator("electorate", mode="before")
    @classmethod
    def _electorate(cls, value: object) -> object:
        return whole_count(value, blank=True)


def read_results_csv(
    path: str | Path,
    *,
    country_of: CountryOf,
    election_id: str | None = None,
    unknown_parties: Literal["error", "other"] = "error",
) -> Election:
    """Read a long-format results CSV into an :class:`~psephos.model.Election` of the country
    ``country_of`` names for the file's party codes (its columns, seat areas and ``meta``).

    Raises:
        DataFormatError: missing file or column, an invalid row (naming the row and field:
            non-numeric or negative votes, an empty seat code), a seat code with two names (or a
            name with two codes), a party listed twice in a seat without candidate names, or no
            result rows.
        UnknownPartyError: a party outside the vocabulary when ``unknown_parties="error"``.
    """
    path = Path(path)
    return parse_results_csv(
        read_text(path, what=WHAT),
        name=path.name,
        country_of=country_of,
        source=str(path),
        election_id=election_id or path.stem,
        unknown_parties=unknown_parties,
    )


def parse_results_csv(
    text: str,
    *,
    name: str,
    country_of: CountryOf,
    source: str | None = None,
    election_id: str | None = None,
    unknown_parties: Literal["error", "other"] = "error",
) -> Election:
    """:func:`read_results_csv` for text already in memory (e.g. an upload): ``name`` is how
    messages and the election's name call the file, ``source`` where it came from (default
    ``name``), ``election_id`` the new election's id (default ``name``).

    Raises:
        DataFormatError, UnknownPartyError: as :func:`read_results_csv`.
    """
    source = source or name
    what = f"{WHAT} {name}"
    header, records = csv_records(text, what=what, required=REQUIRED_COLUMNS)
    rows: list[tuple[int, ResultRow, str]] = []
    for number, record in records:
        row = validate_row(ResultRow, record, what=what, row=number)
        try:
            code = get_party(row.party).code
        except UnknownPartyError as error:
            if unknown_parties != "other":
                raise UnknownPartyError(
                    f"{what} row {number}: {error} {UNKNOWN_PARTIES_HINT}"
                ) from None
            code = "Other"
        rows.append((number, row, code))
    if not rows:
        raise DataFormatError(f"The {WHAT} {source!r} has no result rows.")
    _check_seat_keys(rows, what)
    has_candidates = "candidate" in header
    if not has_candidates:
        seen: dict[tuple[str, str], int] = {}
        for number, row, _ in rows:
            key = (row.seat_code, row.party)
            if key in seen:
                raise repeated_party(what, seen[key], row.party, row.seat_name)
            seen[key] = number
    country = country_of(sorted({code for _, _, code in rows}))
    return _to_election(rows, country, name, source, election_id or name, what)


def _check_seat_keys(rows: list[tuple[int, ResultRow, str]], what: str) -> None:
    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    for number, row, _ in rows:
        name = names.setdefault(row.seat_code, row.seat_name)
        if name != row.seat_name:
            raise DataFormatError(
                f"{what} row {number}: duplicate seat: code {row.seat_code!r} is used for "
                f"{name!r} and {row.seat_name!r}."
            )
        code = codes.setdefault(row.seat_name, row.seat_code)
        if code != row.seat_code:
            raise DataFormatError(
                f"{what} row {number}: duplicate seat: {row.seat_name!r} appears with more "
                f"than one code ({code!r} and {row.seat_code!r})."
            )


def _to_election(
    rows: list[tuple[int, ResultRow, str]],
    country: Country,
    name: str,
    source: str,
    election_id: str,
    what: str,
) -> Election:
    party_codes = country.party_codes
    party_position = {code: j for j, code in enumerate(party_codes)}
    for number, row, code in rows:
        if code not in party_position:
            raise DataFormatError(
                f"{what} row {number}: party {row.party!r} is not one of {country.name}'s "
                f"({', '.join(party_codes)}), the country of the file's other parties; one "
                "file holds one country's results."
            )
    seat_codes = sorted({row.seat_code for _, row, _ in rows})
    position = {code: i for i, code in enumerate(seat_codes)}
    votes = np.zeros((len(seat_codes), len(party_codes)))
    first: dict[str, ResultRow] = {}
    candidates: list[list[Candidate]] = [[] for _ in seat_codes]
    for _, row, code in rows:
        seat = position[row.seat_code]
        votes[seat, party_position[code]] += row.votes
        first.setdefault(row.seat_code, row)
        candidates[seat].append(
            Candidate(name=row.candidate, party=code, party_name=row.party, votes=row.votes)
        )
    constituencies = []
    for code in seat_codes:
        row = first[code]
        nation, region = country.area_of_seat(code)
        if row.nation:
            nation, region = row.nation, row.nation
        constituencies.append(
            Constituency(
                code=code,
                name=row.seat_name,
                nation=nation,
                region=row.region or region,
                electorate=row.electorate or 0,
                boundary_set="user",
            )
        )
    return Election.from_votes(
        election_id,
        constituencies,
        party_codes,
        votes,
        name=f"Results from {name}",
        candidates=[tuple(c) for c in candidates],
        meta={"source": source, "jurisdiction": country.code, "country": country.name},
    )

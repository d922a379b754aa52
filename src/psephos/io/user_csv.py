"""Read a user's own results from a CSV file in the documented long format.

One row per candidate (or per party) per seat::

    seat_code,seat_name,party,votes[,candidate][,electorate][,nation][,region]
    E14000727,Hampstead and Kilburn,Lab,34464,Tulip Siddiq
    E14000727,Hampstead and Kilburn,Con,18904,Claire-Louise Leyland

``seat_code`` may be left out (a sheet headed ``Constituency,Party,Votes``: headers in
other words read through :data:`COLUMN_ALIASES`): each seat is then known by its name, with
no nation or region unless a ``nation`` column gives them, and a note says so.

``party`` is any name or alias in the psephos vocabulary (``Labour``, ``Lab``, ``Lib Dem``...).
Parties outside it are an error by default, or are counted as ``Other`` with
``unknown_parties="other"`` (the name is kept on the candidate). A file none of whose parties
is any country's own (an Indian file's ``BJP``, ``INC``; independents and "Others" aside) is
read, with a note, as an election of its own country (``own_country``,
:data:`psephos.jurisdictions.OWN`), each party kept under its name as the file writes it; so
is any file with ``unknown_parties="own"`` (a New Zealand file whose "Labour" and "Green" are
not the UK's), independents and "Others" still read as the shared Ind and Other.
Every problem is reported as one :class:`~psephos.errors.DataFormatError` naming the row, the
field and the value (the same messages as every reader in :mod:`psephos.io.rows`).

The seat codes decide the country where they are all one bundled country's constituency codes
(``country_of_seats``: :func:`psephos.jurisdictions.for_seat_codes`, the UK's ONS codes,
Canada's riding numbers), else the parties of most rows do (``country_of``:
:func:`psephos.jurisdictions.for_parties` of :func:`psephos.model.party.country_of_names`); each
party is then read among that country's (:func:`psephos.model.party_in`), so a file of Canadian
parties (``LPC``, ``CPC``...) reads as a Canadian election, with Canada's columns and rules, a
UK file's "Liberal" is no party of the UK's vocabulary, and an unknown party is refused naming
the country's parties. UKIP beside Reform UK or the Brexit Party is a party of its own
(:func:`psephos.model.party.separate_parties`), counted as Other with a note. Seats without a
nation or region take them from the code (an ONS code's nation, a riding number's province).
"""

from __future__ import annotations

import dataclasses
import re
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

import numpy as np
from pydantic import Field, field_validator

from psephos.errors import (
    DataFormatError,
    InputWarning,
    UnknownPartyError,
    UnknownPartyInFileError,
)
from psephos.io.rows import (
    UNKNOWN_PARTIES_HINT,
    FittedRow,
    ShareCell,
    counted_as_other_note,
    csv_records,
    file_named,
    read_file,
    read_seat,
    repeated_party,
    seat_votes,
    shares_above_whole,
    sheet_of,
    validate_row,
    whole_count,
)
from psephos.model import (
    CANDIDATE_GROUPS,
    Candidate,
    Constituency,
    Election,
    get_party,
    party_in,
)
from psephos.model.party import (
    COUNTRY_CODES,
    country_code,
    country_of_names,
    find_party,
    labels_election,
    separate_parties,
    unknown_party,
)
from psephos.numbers import (
    FRACTIONS_UP_TO,
    ROUNDING_POINTS,
    format_number,
    listed,
    percent_factor,
)

REQUIRED_COLUMNS = ("seat_name", "party", "votes")
#: A candidate's name in two columns, as the House of Commons Library's files give it
#: ("firstname", "surname"; "Candidate first name", "Candidate surname"): read as the
#: ``candidate`` where the file has no such column (:func:`with_candidate_names`).
NAME_COLUMNS = ("first_name", "surname")
#: ``rejected_ballots``: a seat's rejected (invalid, spoilt) ballots, counted in its turnout
#: where the country's official turnout counts them
#: (:attr:`psephos.jurisdictions.Jurisdiction.turnout_counts_rejected`: Canada's).
OPTIONAL_COLUMNS = (
    "seat_code",
    "candidate",
    "electorate",
    "rejected_ballots",
    "nation",
    "region",
    *NAME_COLUMNS,
)
#: Headers a results sheet gives its columns in other words (as :func:`column_name` writes
#: them, words apart by spaces, underscores or hyphens alike): the seat's name as
#: "Constituency", its code as "ONS code", and so on: the House of Commons Library's files
#: (2015-2019 ``constituency_name``, ``party_name``; 2024 "Constituency name", "Party name"), a
#: US file's ``state``. The one table of the results reader and of the declaration feed
#: (:mod:`psephos.io.declarations`).
COLUMN_ALIASES = {
    "constituency": "seat_name",
    "constituency name": "seat_name",
    "seat": "seat_name",
    "riding": "seat_name",
    "electoral district": "seat_name",
    "constituency code": "seat_code",
    "ons code": "seat_code",
    "ons id": "seat_code",
    "riding number": "seat_code",
    "party name": "party",
    "candidate name": "candidate",
    "firstname": "first_name",
    "first name": "first_name",
    "forename": "first_name",
    "candidate first name": "first_name",
    "lastname": "surname",
    "last name": "surname",
    "candidate surname": "surname",
    "candidate last name": "surname",
    "region name": "region",
    "rejected": "rejected_ballots",
    "rejected votes": "rejected_ballots",
    "invalid votes": "rejected_ballots",
    "invalid ballots": "rejected_ballots",
    "spoilt ballots": "rejected_ballots",
    "spoiled ballots": "rejected_ballots",
    "state": "region",
    "province": "region",
    "country name": "nation",
}
WHAT = "results file"
#: The columns of whole counts, whose thousands a file separated by semicolons or tabs may
#: write with a point (``34.464``: :func:`psephos.io.rows.thousands_points`).
COUNT_COLUMNS = ("votes", "electorate", "rejected_ballots")
#: What a message about a results file's party psephos does not know says to do: count it as
#: Other, or read the file as an election of its own country (a file mixing in names psephos
#: knows, a New Zealand file's "Labour" and "National").
RESULTS_UNKNOWN_PARTIES_HINT = (
    "To count parties psephos does not know as Other, read the file with unknown parties as "
    "'other' (--unknown-parties other), or, for an election of a country psephos bundles no "
    "data for, as 'own' (--unknown-parties own: every party under its name as written)."
)
#: How a results file read as an election of its own country was read (the note's end).
OWN_READING = (
    "each party under its name as the file writes it, a majority being half the seats plus one."
)
#: What ``unknown_parties`` may be: refuse a party psephos does not know, count it as Other,
#: or read the file as an election of its own country (results files only).
UnknownParties = Literal["error", "other", "own"]
#: What messages call an exit-poll sample (:func:`parse_sample_csv`), the file the user gave.
SAMPLE_WHAT = "exit-poll sample"


class Country(Protocol):
    """What the reader needs of a country: a :class:`psephos.jurisdictions.Jurisdiction`."""

    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def party_codes(self) -> tuple[str, ...]: ...

    @property
    def seat_code_pattern(self) -> str: ...

    def area_of_seat(self, code: str) -> tuple[str, str]: ...

    def seat_places(self, codes: Sequence[str]) -> SeatPlaces | None: ...


@dataclass(frozen=True, slots=True)
class SeatPlaces:
    """Where a user's file's seat codes are among its country's bundled seats
    (:meth:`psephos.jurisdictions.Jurisdiction.seat_places`).

    Attributes:
        boundary_set: The bundled boundary set that has every one of the codes, else ``None``.
        areas: Each bundled code -> its nation and region.
        names: Each bundled code -> the names the bundled seats give it (election by
            election), to note a file that gives the code another seat's name.
    """

    boundary_set: str | None
    areas: Mapping[str, tuple[str, str]]
    names: Mapping[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)


#: A reader of a country's official results table: (text, what messages call the file) -> the
#: text in this reader's layout and a note, or ``None`` (:func:`parse_results_csv`).
Layout = Callable[[str, str], tuple[str, str] | None]
#: The country whose parties a file's party codes are (:func:`psephos.jurisdictions.for_parties`).
CountryOf = Callable[[Sequence[str]], Country]
#: The country whose constituency codes a file's seat codes all are, or ``None``
#: (:func:`psephos.jurisdictions.for_seat_codes`).
CountryOfSeats = Callable[[Sequence[str]], Country | None]

#: The parties every country has (independents, "Other"): a file of only these and parties no
#: country knows is of a country of its own (:func:`_own_parties`).
SHARED_PARTIES = frozenset(set.intersection(*(set(codes) for codes in COUNTRY_CODES)))


#: The fields of a results row that are its seat's, not its candidate's: any of the seat's rows
#: may give each, and two rows giving two values are refused (:func:`_check_electorates`).
SEAT_FIELDS = ("electorate", "rejected_ballots", "nation", "region")


class ResultRow(FittedRow):
    """One candidate's (or party's) votes in one seat; thousands separators allowed; a row with
    more fields than the header refused (:class:`~psephos.io.rows.FittedRow`)."""

    seat_code: str = Field(min_length=1)
    seat_name: str = Field(min_length=1)
    party: str = Field(min_length=1)
    votes: int
    candidate: str = ""
    electorate: int | None = None
    rejected_ballots: int | None = None
    nation: str = ""
    region: str = ""

    @field_validator("votes", mode="before")
    @classmethod
    def _votes(cls, value: object) -> object:
        number = whole_count(value)
        if isinstance(number, int):
            seat_votes(number)
        return number

    @field_validator("electorate", "rejected_ballots", mode="before")
    @classmethod
    def _electorate(cls, value: object) -> object:
        return whole_count(value, blank=True)


def read_results_csv(
    path: str | Path,
    *,
    country_of: CountryOf,
    country_of_seats: CountryOfSeats | None = None,
    own_country: Country | None = None,
    election_id: str | None = None,
    unknown_parties: UnknownParties = "error",
    layout: Layout | None = None,
) -> Election:
    """Read a long-format results CSV into an :class:`~psephos.model.Election` of the country
    ``country_of`` names for the file's party codes (its columns, seat areas and ``meta``), or,
    where no party of the file is any country's own and ``unknown_parties="error"``, of
    ``own_country`` (when given): each party kept under its name as written, the columns the
    file's parties, largest first, with an :class:`~psephos.errors.InputWarning` saying so; with
    ``unknown_parties="own"``, every file read so, whatever its parties (independents and
    "Others" still the shared Ind and Other, :data:`SHARED_PARTIES`).

    Raises:
        DataFormatError: missing file or column, an invalid row (naming the row and field:
            non-numeric or negative votes, an empty seat code), a seat code with two seats'
            names (a misspelt name on one row is read as the code's seat, with a note), a
            party listed twice in a seat without candidate names, or no result rows.
        UnknownPartyError: a party outside the vocabulary when ``unknown_parties="error"``.
    """
    read = read_file(path, what=WHAT)
    return parse_results_csv(
        read.text,
        name=read.name,
        country_of=country_of,
        country_of_seats=country_of_seats,
        own_country=own_country,
        source=str(path),
        election_id=election_id or sheet_of(path)[0].stem,
        unknown_parties=unknown_parties,
        layout=layout,
    )


def parse_results_csv(
    text: str,
    *,
    name: str,
    country_of: CountryOf,
    country_of_seats: CountryOfSeats | None = None,
    own_country: Country | None = None,
    source: str | None = None,
    election_id: str | None = None,
    unknown_parties: UnknownParties = "error",
    layout: Layout | None = None,
) -> Election:
    """:func:`read_results_csv` for text already in memory (e.g. an upload): ``name`` is how
    messages and the election's name call the file, ``source`` where it came from (default
    ``name``), ``election_id`` the new election's id (default ``name``). ``layout`` reads a
    country's official table as published into this reader's layout, with a note
    (:func:`psephos.jurisdictions.official_layout`), or gives ``None`` for any other text.

    Raises:
        DataFormatError, UnknownPartyError: as :func:`read_results_csv`.
        ValueError: ``unknown_parties="own"`` without ``own_country``.
    """
    if unknown_parties == "own" and own_country is None:
        raise ValueError("unknown_parties='own' needs the own_country to read the file as.")
    source = source or name
    what = file_named(WHAT, name)
    official = layout(text, what) if layout is not None else None
    if official is not None:  # a country's table as published (Elections Canada's table 12)
        text, how = official
        warnings.warn(how, InputWarning, stacklevel=2)
    header, records = csv_records(
        text,
        what=what,
        required=REQUIRED_COLUMNS,
        known=OPTIONAL_COLUMNS,
        aliases=COLUMN_ALIASES,
        expected="columns seat_code, seat_name, party, votes (seat_code may be left out)",
        counts=COUNT_COLUMNS,
    )
    header, records = with_candidate_names(header, records)
    if "seat_code" not in header:  # a sheet of names: each seat known by its name
        warnings.warn(
            f"The {what} has no seat_code column, so each seat is known by its name and has no "
            "nation or region (give a nation column, or ONS codes or riding numbers as "
            "seat_code, for those).",
            InputWarning,
            stacklevel=2,
        )
        records = iter(_named_seats(list(records), what))
    read = [
        (number, validate_row(ResultRow, record, what=what, row=number))
        for number, record in records
    ]
    by_seats = _country_of_seats(read, country_of_seats)
    own = (
        _own_parties(read, every=unknown_parties == "own")
        if own_country is not None
        and (unknown_parties == "own" or (unknown_parties == "error" and by_seats is None))
        else None
    )
    if own is None or own_country is None:
        country, why = (by_seats, "seat codes") if by_seats else _by_parties(read, country_of)
        rows = _read_parties(read, country, why, what, unknown_parties)
        _check_rows(rows, what, candidates="candidate" in header)
        return _to_election(rows, country, name, source, election_id or name, what)
    rows = [(number, row, own[row.party.strip().casefold()]) for number, row in read]
    _check_rows(rows, what, candidates="candidate" in header)
    party_codes = _by_votes(rows)
    named = ", ".join(code for code in party_codes if code not in SHARED_PARTIES)
    warnings.warn(
        f"The {what} is read, as asked (unknown parties 'own'), as an election of its own "
        f"country ({named}): {OWN_READING}"
        if unknown_parties == "own"
        else f"No party of the {what} is one psephos knows ({named}), so it is read as an "
        f"election of its own country: {OWN_READING}",
        InputWarning,
        stacklevel=2,
    )
    return _to_election(
        rows, own_country, name, source, election_id or name, what, party_codes=party_codes
    )


def _named_seats(
    records: Sequence[tuple[int, dict[str, str]]], what: str
) -> list[tuple[int, dict[str, str]]]:
    """The records of a file without seat codes, each with its seat's name as its code: names
    that differ only in case, spaces, accents, ``&`` for "and" and punctuation
    (:func:`psephos.model.names.normalise_name`, as seat lookups compare names:
    "Hampstead & Kilburn", "hampstead  and kilburn") are one seat, under the name as the file
    first writes it, with an :class:`~psephos.errors.InputWarning` naming the rows read so."""
    from psephos.model.names import normalise_name

    first: dict[str, str] = {}
    spelt: dict[str, int] = {}  # another spelling of a seat's name -> its first row
    named = []
    for number, record in records:
        given = (record.get("seat_name") or "").strip()
        seat = first.setdefault(normalise_name(given), given) if given else given
        if seat != given:
            spelt.setdefault(given, number)
        named.append((number, {**record, "seat_code": seat, "seat_name": seat or given}))
    if spelt:
        shown = [
            f"row {number} {spelling!r} as {first[normalise_name(spelling)]!r}"
            for spelling, number in list(spelt.items())[:3]
        ]
        more = f" and {len(spelt) - 3} more" if len(spelt) > 3 else ""
        warnings.warn(
            f"The {what} spells {len(spelt)} seat name(s) in more than one way (case, spaces, "
            f"'&' or punctuation): {'; '.join(shown)}{more}, each read as one seat under the "
            "name as first written.",
            InputWarning,
            stacklevel=3,
        )
    return named


def with_candidate_names(
    header: Sequence[str], records: Iterable[tuple[int, dict[str, str]]]
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """A file's header and records with a ``candidate`` column made of each row's first name
    and surname (:data:`NAME_COLUMNS`, "Stephen" and "Kinnock": "Stephen Kinnock") where the
    file gives those and no ``candidate`` column (the House of Commons Library's files), so
    that two Independents in one seat stay two candidates; else as they were. The one rule
    of the results reader and the declaration feed."""
    names = [column for column in NAME_COLUMNS if column in header]
    if "candidate" in header or not names:
        return list(header), iter(records)

    def named(record: dict[str, str]) -> str:
        return " ".join(part for column in names if (part := (record.get(column) or "").strip()))

    return [*header, "candidate"], ((n, {**r, "candidate": named(r)}) for n, r in records)


def _own_parties(
    rows: Sequence[tuple[int, ResultRow]], *, every: bool = False
) -> dict[str, str] | None:
    """Each party label of a file (stripped, case folded) -> its code, where none of them is any
    country's own party (:func:`psephos.model.party.country_code`; the
    :data:`SHARED_PARTIES`, independents and "Other", aside) and some are no party psephos
    knows, or, with ``every``, whatever they are: the label as the file first writes it, or the
    shared party's code ("IND" is Ind). ``None`` for a file of some country's parties (unless
    ``every``), or of only shared ones."""
    codes: dict[str, str] = {}
    unknown = False
    for _, row in rows:
        key = row.party.strip().casefold()
        if key in codes:
            continue
        known = country_code(row.party)
        if known is not None and known not in SHARED_PARTIES:
            if not every:
                return None
            known = None
        unknown = unknown or known is None
        codes[key] = known or row.party.strip()
    return codes if unknown else None


def _by_votes(rows: Sequence[tuple[int, ResultRow, str]]) -> tuple[str, ...]:
    """A file's own parties, most votes first (ties by name), then the shared ones
    (:data:`SHARED_PARTIES`, in the vocabulary's order): the columns of an election of its own
    country, whose order gives each party its colour (:func:`psephos.model.party_colour`)."""
    totals: dict[str, int] = {}
    for _, row, code in rows:
        totals[code] = totals.get(code, 0) + row.votes
    own = sorted(
        (code for code in totals if code not in SHARED_PARTIES), key=lambda c: (-totals[c], c)
    )
    return (*own, *(code for code in COUNTRY_CODES[0] if code in totals and code in SHARED_PARTIES))


def _country_of_seats(
    rows: Sequence[tuple[int, ResultRow]], country_of_seats: CountryOfSeats | None
) -> Country | None:
    """The country whose constituency codes all the file's seat codes are (the UK's ONS
    codes, Canada's riding numbers), or ``None``: the seats decide a file's country first."""
    if country_of_seats is None:
        return None
    return country_of_seats(sorted({row.seat_code.strip() for _, row in rows}))


def _by_parties(
    rows: Sequence[tuple[int, ResultRow]], country_of: CountryOf
) -> tuple[Country, str]:
    """The country whose parties read most of the file's rows
    (:func:`psephos.model.party.country_of_names`), where its seat codes do not decide it, and
    what decided it (for messages)."""
    return country_of(country_of_names(row.party for _, row in rows)), "other parties"


def _read_parties(
    rows: Sequence[tuple[int, ResultRow]],
    country: Country,
    why: str,
    what: str,
    unknown_parties: UnknownParties,
    hint: str = RESULTS_UNKNOWN_PARTIES_HINT,
) -> list[tuple[int, ResultRow, str]]:
    """Each row with its party's code in the file's ``country`` (:func:`_with_party`), a name
    that is a party of its own there (:func:`psephos.model.party.separate_parties`: UKIP
    beside Reform UK or the Brexit Party) counted as ``Other`` with an
    :class:`~psephos.errors.InputWarning` saying so."""
    separate = separate_parties(row.party for _, row in rows)
    if separate:
        given = [row for _, row in rows if row.party in separate]
        warnings.warn(
            f"The {what} gives {listed(sorted(separate))} beside Reform UK (or the Brexit "
            f"Party): UKIP still stood as a party of its own, so its {len(given)} "
            f"candidate{'s are' if len(given) != 1 else ' is'} counted as Other, as the "
            "bundled results count them.",
            InputWarning,
            stacklevel=3,
        )
    return [
        _with_party(number, row, what, unknown_parties, hint, country, why, separate)
        for number, row in rows
    ]


def _with_party(
    number: int,
    row: ResultRow,
    what: str,
    unknown_parties: UnknownParties,
    hint: str,
    country: Country,
    why: str,
    separate: frozenset[str] = frozenset(),
) -> tuple[int, ResultRow, str]:
    """A row with its party's code among its ``country``'s parties
    (:func:`psephos.model.party_in`, not reading another country's party as one of them:
    "Conservative" and "Green" in a Canadian file are the CPC and the GPC, "Liberal" in a UK
    file none of the UK's), or ``Other`` for a name that is a party of its own there
    (``separate``: UKIP beside Reform UK) and, with ``unknown_parties="other"``, for a party
    the country does not know.

    Raises:
        DataFormatError: a party the vocabulary reads as another country's (the NDP in a UK
            file), naming what decided the country (``why``: its seat codes or other parties).
        UnknownPartyInFileError: naming the row, the country's parties and what to do
            (``hint``).
    """
    if row.party in separate:
        return number, row, "Other"
    try:
        return number, row, party_in(row.party, country.party_codes, across=False)
    except UnknownPartyError:
        pass
    known = find_party(row.party)
    if known is not None and known.code not in SHARED_PARTIES:
        raise DataFormatError(
            f"{what} row {number}: party {row.party!r} is not one of {country.name}'s "
            f"({', '.join(country.party_codes)}), the country of the file's {why}; one "
            "file holds one country's results."
        )
    if unknown_parties == "other":
        return number, row, "Other"
    error = unknown_party(row.party, country.party_codes, poll=False)  # counted votes
    raise UnknownPartyInFileError(f"{what} row {number}: {error} {hint}")


def _check_rows(rows: list[tuple[int, ResultRow, str]], what: str, *, candidates: bool) -> None:
    """A file's rows, checked whole: some rows, one name per seat code (:func:`_check_seat_keys`),
    one electorate, nation and region per seat (:func:`_check_electorates`), no row twice (a
    row pasted twice: :func:`same_row`), and no party twice in a seat, however the file spells
    it ("Labour" and "Labour Party" are both Lab). Without a ``candidate`` column, no party's
    row twice (two rows may be two candidates, or one counted twice: :func:`repeated_party`);
    with one, no party's candidates twice under one label but a group's
    (:data:`~psephos.model.CANDIDATE_GROUPS`: two Independents), as a seat where one party
    stands several elects several members (:func:`several_members`); two labels the
    vocabulary reads as one party ("Brexit Party" and "UK Independence Party", both Reform)
    are added up, with a note.

    Raises:
        DataFormatError: naming the rows.
    """
    if not rows:
        raise DataFormatError(f"The {what} has no result rows.")
    _check_seat_keys(rows, what)
    _check_electorates(rows, what)
    seen: dict[tuple[str, str], tuple[int, ResultRow]] = {}
    copies: dict[ResultRow, int] = {}
    joined: dict[tuple[str, str], tuple[str, str, str]] = {}
    for number, row, code in rows:
        if candidates and row in copies:
            raise same_row(what, copies[row], number)
        copies.setdefault(row, number)
        group = _candidate_group(row.party, code)
        key = (row.seat_code, row.party.strip().casefold() if group else code)
        if key not in seen:
            seen[key] = (number, row)
            continue
        first, earlier = seen[key]
        if not candidates:
            raise repeated_party(what, first, number, row.party, row.seat_name, earlier.party)
        if group:
            continue  # two Independents, each a candidate
        if row.party.strip().casefold() == earlier.party.strip().casefold():
            raise several_members(what, rows, row.seat_code, code)
        joined.setdefault(key, (earlier.party.strip(), row.party.strip(), row.seat_name))
    if joined:
        warnings.warn(_joined_note(what, joined), InputWarning, stacklevel=3)


def _joined_note(what: str, joined: dict[tuple[str, str], tuple[str, str, str]]) -> str:
    """The note for parties of different labels that the vocabulary reads as one party and
    whose votes in a seat are added up (:func:`_check_rows`), the first three named."""
    shown = [
        f"{first!r} and {second!r} in {seat!r} ({code})"
        for (_, code), (first, second, seat) in list(joined.items())[:3]
    ]
    more = f" and {len(joined) - 3} more" if len(joined) > 3 else ""
    return (
        f"The {what} gives two labels that psephos reads as one party in {len(joined)} "
        f"seat(s): {'; '.join(shown)}{more}; their candidates' votes are added up as that "
        "party's."
    )


def same_row(what: str, first: int, row: int) -> DataFormatError:
    """The refusal of a row given twice, cell for cell (a copy-and-paste slip): added up, it
    would count one candidate's votes twice."""
    return DataFormatError(
        f"{what} rows {first} and {row} are the same row (a duplicate: the same candidate with "
        "the same votes); remove one of them."
    )


def _check_electorates(rows: list[tuple[int, ResultRow, str]], what: str) -> None:
    """One electorate, one nation and one region per seat (any of its rows may give each),
    and no seat with more valid votes than electors.

    Raises:
        DataFormatError: two rows of a seat give different electorates, nations or regions,
            or a seat's votes add up to more than its electorate, naming the rows.
    """
    given: dict[tuple[str, str], tuple[int | str, int]] = {}
    totals: dict[str, int] = {}
    names: dict[str, str] = {}
    for number, row, _ in rows:
        totals[row.seat_code] = totals.get(row.seat_code, 0) + row.votes
        names.setdefault(row.seat_code, row.seat_name)
        for field, value in _seat_fields(row).items():
            earlier = given.setdefault((row.seat_code, field), (value, number))
            if earlier[0] != value:
                shown = (
                    (f"{value:,}", f"{earlier[0]:,}")
                    if isinstance(value, int)
                    else (repr(value), repr(earlier[0]))
                )
                raise DataFormatError(
                    f"{what} row {number}: seat {row.seat_name!r} has {field} {shown[0]} here "
                    f"and {shown[1]} on row {earlier[1]}; give one {field} a seat."
                )
    for (seat, field), (electorate, number) in given.items():
        votes = totals[seat]
        if field == "electorate" and isinstance(electorate, int) and votes > electorate:
            raise DataFormatError(
                f"{what} row {number}: seat {names[seat]!r} has {votes:,} valid votes, more "
                f"than its electorate of {electorate:,} (turnout above 100%); check the votes "
                "and the electorate."
            )


def _seat_fields(row: ResultRow) -> dict[str, int | str]:
    """The fields of its seat a row gives (:data:`SEAT_FIELDS`): a blank cell gives none, nor
    does an electorate of 0 (no turnout; 0 rejected ballots is a count)."""
    return {
        field: value
        for field in SEAT_FIELDS
        if (value := getattr(row, field)) not in (None, "")
        and not (field == "electorate" and value == 0)
    }


def _candidate_group(label: str, code: str) -> bool:
    """Whether a row's party is a group of candidates (Independent, Other) rather than one
    party, read as the vocabulary reads it even in a file of its own country's parties."""
    if code in CANDIDATE_GROUPS:
        return True
    known = find_party(label.strip())
    return known is not None and known.code in CANDIDATE_GROUPS


def several_members(
    what: str, rows: list[tuple[int, ResultRow, str]], seat_code: str, code: str
) -> DataFormatError:
    """The refusal of a seat where one party has several candidates: a ward electing several
    members by block vote (a council's three-member ward), which is not one first-past-the-
    post contest; it names the seat, the party's candidates and their rows, and what to do."""
    slate = [(n, row) for n, row, c in rows if row.seat_code == seat_code and c == code]
    seat, party = slate[0][1].seat_name, slate[0][1].party
    names = listed([f"{row.candidate} (row {n})" for n, row in slate])
    return DataFormatError(
        f"The {what} has {len(slate)} {party} candidates in {seat!r}: {names}. A seat where "
        "a party stands several candidates elects several members (a council ward's block "
        "vote), and psephos counts first past the post, one member per seat; give one row per "
        "party per seat (for example each party's best-placed candidate) to compare the "
        "parties there."
    )


def _check_seat_keys(rows: list[tuple[int, ResultRow, str]], what: str) -> None:
    """One name per seat code; a name that several codes have (a US file's "At-Large" in
    each state) is several seats, known by their codes, with a note.

    The code wins over a misspelt name: a row whose code is a seat already read and whose name
    is a near miss of that seat's (:func:`same_seat_name`: "YeoYeovil" on one row of the House
    of Commons Library's 2024 file, "Yeovil" on the rest) is read as that seat, under its first
    name, with a note naming the row and both names.

    Raises:
        DataFormatError: a seat code given with two names that are not near misses of each
            other (two seats under one code).
    """
    names: dict[str, str] = {}
    codes: dict[str, list[str]] = {}
    misspelt: dict[tuple[str, str], int] = {}
    for number, row, _ in rows:
        name = names.setdefault(row.seat_code, row.seat_name)
        if name != row.seat_name:
            if not same_seat_name(name, row.seat_name):
                raise DataFormatError(
                    f"{what} row {number}: duplicate seat: code {row.seat_code!r} is used for "
                    f"{name!r} and {row.seat_name!r}; give each seat its own code."
                )
            misspelt.setdefault((row.seat_code, row.seat_name), number)
            continue
        seat_codes = codes.setdefault(row.seat_name, [])
        if row.seat_code not in seat_codes:
            seat_codes.append(row.seat_code)
    shared = {name: found for name, found in codes.items() if len(found) > 1}
    if shared:
        shown = "; ".join(
            f"{name!r} ({', '.join(found)})" for name, found in list(shared.items())[:3]
        )
        more = f" and {len(shared) - 3} more" if len(shared) > 3 else ""
        warnings.warn(
            f"The {what} gives {len(shared)} seat name(s) to several seat codes: {shown}{more}; "
            "each code is read as a seat of its own (name such a seat by its code).",
            InputWarning,
            stacklevel=4,
        )
    for (code, spelt), number in misspelt.items():
        warnings.warn(
            f"The {what} names seat {code} {spelt!r} on row {number} and {names[code]!r} on "
            f"its other rows; row {number} is read as {names[code]!r} (the code decides the "
            "seat).",
            InputWarning,
            stacklevel=4,
        )


def same_seat_name(first: str, second: str) -> bool:
    """Whether two names given to one seat code are one seat's name, one of them misspelt:
    the same letters but for case, spaces and punctuation ("Weston-super-Mare", "Weston super
    Mare"), or a misspelling by the rule that reads a typed seat name's word as a misspelling
    (:func:`psephos.model.election.misspelt`: a spelling ratio of at least
    :data:`~psephos.model.election.MISSPELT_RATIO`, 80 of 100: "YeoYeovil" of "Yeovil", 80).
    Two seats' names ("Bath", "Batley"; "Yeovil", "Hampstead and Kilburn") are not. Two seats'
    names that are this close ("Leeds North East", "Leeds North West") are read as one seat,
    as the code says; their parties' rows then meet twice in it and are refused
    (:func:`_check_rows`)."""
    from rapidfuzz import utils  # only when a file gives a code two names

    from psephos.model.election import misspelt

    first, second = utils.default_process(first), utils.default_process(second)
    return first == second or misspelt(second, first)


def _to_election(
    rows: list[tuple[int, ResultRow, str]],
    country: Country,
    name: str,
    source: str,
    election_id: str,
    what: str,
    shares: Sequence[float] | None = None,
    party_codes: tuple[str, ...] = (),
    *,
    noted: bool = True,
) -> Election:
    """The rows as an election of ``country``; with ``shares`` (one a row: a share of the
    seat's vote, in place of the row's votes) party totals without candidates; with
    ``party_codes``, those columns in place of the country's (a file of its own country's
    parties, :func:`_by_votes`). Seats whose codes are the country's bundled seats take
    their regions and boundary set from them (:meth:`Country.seat_places`), with a note
    (:func:`_places_note`) unless ``noted`` is false (an exit-poll sample's base seats). A
    renamed party is labelled as the file names it (``meta["labels_of"]``:
    :func:`psephos.model.party.labels_election`), "UKIP" in a 2015 file."""
    own = bool(party_codes)  # the file's own parties, under their names
    party_codes = party_codes or country.party_codes
    party_position = {code: j for j, code in enumerate(party_codes)}
    seat_codes = sorted({row.seat_code for _, row, _ in rows})
    position = {code: i for i, code in enumerate(seat_codes)}
    votes = np.zeros((len(seat_codes), len(party_codes)))
    first: dict[str, ResultRow] = {}
    candidates: list[list[Candidate]] = [[] for _ in seat_codes]
    for index, (_, row, code) in enumerate(rows):
        seat = position[row.seat_code]
        votes[seat, party_position[code]] += row.votes if shares is None else shares[index]
        first.setdefault(row.seat_code, row)
        candidates[seat].append(
            Candidate(name=row.candidate, party=code, party_name=row.party, votes=row.votes)
        )
    given: dict[str, dict[str, int | str]] = {}  # a seat's electorate, region..., from
    for _, row, _ in rows:  # whichever of its rows gives each (one value a seat)
        fields = given.setdefault(row.seat_code, {})
        for field, value in _seat_fields(row).items():
            fields.setdefault(field, value)
    first = {code: row.model_copy(update=given[code]) for code, row in first.items()}
    places = country.seat_places(seat_codes)
    constituencies = _constituencies(seat_codes, first, country, places)
    labels = labels_election((row.party, code) for _, row, code in rows)
    note = _places_note(what, country, places, [first[code] for code in seat_codes])
    if note and noted:  # a sample's seats are its base's, read as they are
        warnings.warn(note, InputWarning, stacklevel=3)
    others = _other_seats_names(what, country, places, rows)
    if others and noted:  # a sample's names are checked against its base (_sample_seat)
        warnings.warn(others, InputWarning, stacklevel=3)
    return Election.from_votes(
        election_id,
        constituencies,
        party_codes,
        votes,
        name=f"Results from {name}",
        candidates=[tuple(c) for c in candidates] if shares is None else None,
        invalid_votes=[  # NaN: not given (the turnout is then of valid votes)
            np.nan if count is None else float(count)
            for count in (first[code].rejected_ballots for code in seat_codes)
        ],
        meta={
            "source": source,
            "jurisdiction": country.code,
            "country": country.name,
            "results_file": name,  # Election.source_name: "Projection from india.csv"
            "from_file": name,  # Election.from_file: never a bundled election, whatever its name
            # Election.labels_id: a 2015 file's UKIP is "UKIP", not "Reform UK"
            **({"labels_of": labels} if labels is not None else {}),
        },
        unknown_parties="own" if own else "error",
    )


def _constituencies(
    seat_codes: Sequence[str],
    first: Mapping[str, ResultRow],
    country: Country,
    places: SeatPlaces | None,
) -> list[Constituency]:
    """Each seat of a file as a constituency (``first``: its row with the seat's fields,
    whichever rows gave them): its nation and region as the file gives them, else from the
    country's bundled seat of that code (``places``), else from the code itself
    (:meth:`Country.area_of_seat`); the boundary set the bundled seats' where every code is
    one, else ``"user"``."""
    areas = places.areas if places is not None else {}
    boundary_set = (places.boundary_set if places is not None else None) or "user"
    constituencies = []
    for code in seat_codes:
        row = first[code]
        nation, region = areas.get(code) or country.area_of_seat(code)
        if row.nation and code not in areas:
            nation, region = row.nation, row.nation
        constituencies.append(
            Constituency(
                code=code,
                name=row.seat_name,
                nation=row.nation or nation,
                region=row.region or region,
                electorate=row.electorate or 0,
                boundary_set=boundary_set,
            )
        )
    return constituencies


def _other_seats_names(
    what: str,
    country: Country,
    places: SeatPlaces | None,
    rows: Sequence[tuple[int, ResultRow, str]],
) -> str:
    """The note for seats whose codes are bundled seats of ``country`` but whose names in the
    file are none of that code's bundled names, nor a misspelling of one
    (:func:`same_seat_name`): "Hendon" under Aldershot's code, a wrong code or a wrong name,
    which takes the code's region and place on the map. ``""`` where there are none."""
    if places is None or not places.names:
        return ""
    other: dict[str, tuple[int, str]] = {}
    seen: set[str] = set()
    for number, row, _ in rows:  # each seat by its first row, whose name it is read under
        if row.seat_code in seen:
            continue
        seen.add(row.seat_code)
        bundled = places.names.get(row.seat_code, ())
        if bundled and not any(same_seat_name(name, row.seat_name) for name in bundled):
            other[row.seat_code] = (number, row.seat_name)
    if not other:
        return ""
    shown = [
        f"row {number} names {code} {given!r}, which is {places.names[code][-1]}"
        for code, (number, given) in list(other.items())[:3]
    ]
    more = f" and {len(other) - 3} more" if len(other) > 3 else ""
    return (
        f"The {what} gives {len(other)} bundled {country.name} seat code(s) another seat's "
        f"name: {'; '.join(shown)}{more}; each is read as the code's seat (its region and "
        "place on the map) under the file's name; check the code or the name."
    )


def _places_note(
    what: str, country: Country, places: SeatPlaces | None, seats: Sequence[ResultRow]
) -> str:
    """What a file's seats took from the country's bundled seats (:class:`SeatPlaces`): their
    regions and boundaries, where their codes are bundled ones and the file gives no region;
    or, where some are not, that those seats have no region but their nation, so that the
    regional figures of ``psephos systems`` are built without regions. ``""`` where neither
    applies (a country that bundles no seats, a file that gives every seat's region)."""
    if places is None:
        return ""
    unplaced = [  # codes written as the country's own (ONS codes), not bundled ones
        row.seat_code
        for row in seats
        if not row.region
        and row.seat_code not in places.areas
        and re.fullmatch(country.seat_code_pattern, row.seat_code)
    ]
    placed = sum(  # regions the bundled seats told, that the code alone does not
        1
        for row in seats
        if not row.region
        and places.areas.get(row.seat_code, country.area_of_seat(row.seat_code))
        != country.area_of_seat(row.seat_code)
    )
    notes = []
    if placed:
        boundaries = (
            f", and their centroids and hexes (maps, STV districts) from the "
            f"{places.boundary_set} boundaries, which have all of its seats"
            if places.boundary_set
            else ""
        )
        notes.append(
            f"The {what} gives no region for {placed} seat(s) whose codes are bundled "
            f"{country.name} seats: their regions are read from the bundled seats{boundaries} "
            "(give a region column to set your own)."
        )
    if unplaced:
        shown = ", ".join(repr(code) for code in unplaced[:3])
        more = f" and {len(unplaced) - 3} more" if len(unplaced) > 3 else ""
        notes.append(
            f"The {what} gives no region for {len(unplaced)} seat(s) whose codes are not "
            f"bundled {country.name} seats ({shown}{more}): each has its nation as its region, "
            "so regional lists, AMS and STV districts (psephos systems) are built without "
            "regions, STV's without the seats' places; give a region column for them."
        )
    return " ".join(notes)


#: The columns an exit-poll sample may give each party's figure in, one of them: whole votes,
#: shares as percentages or fractions (``share``, read by :func:`psephos.numbers.percent_factor`
#: seat by seat), or shares as percentages (``share_pct``).
SAMPLE_VALUES = ("votes", "share", "share_pct")
#: The columns an exit-poll sample may name its seats in (either or both).
SAMPLE_SEATS = ("seat_code", "seat_name")
SAMPLE_EXPECTED = "columns seat_code or seat_name, party, and one of votes, share or share_pct"


class SampleShareRow(ShareCell):
    """One party's share of the vote in one sampled seat, as a broadcaster's desk gives it: a
    percentage or a fraction (``%`` allowed)."""

    share: float = Field(ge=0)


def parse_sample_csv(
    text: str,
    *,
    name: str,
    base: Election,
    country_of: CountryOf,
    country_of_seats: CountryOfSeats | None = None,
    unknown_parties: Literal["error", "other"] = "error",
) -> tuple[Election, list[str]]:
    """An exit-poll sample: the sampled seats' results (:func:`parse_results_csv`'s long
    format) or, as a broadcaster's desk has them, their estimated shares, with notes saying how
    the file was read.

    * Seats by ``seat_code`` or ``seat_name`` (either or both; the code where a row has one),
      read against ``base`` as every seat is (:func:`psephos.io.rows.read_seat`: a seat given by
      a part of its name gets a note), and kept as ``base``'s codes.
    * Each party's figure in one of :data:`SAMPLE_VALUES`: ``votes`` (whole votes), ``share``
      (percentages or fractions: a seat whose shares add up to at most 1.5 is read as
      fractions, :func:`psephos.numbers.percent_factor`, as a poll is) or ``share_pct``
      (percentages). A seat's shares may add up to less than 100% (its other parties left out)
      but not to more than 100% beyond rounding (:data:`psephos.numbers.ROUNDING_POINTS`).
      Shares are kept as fractions of the seat's vote; the exit poll reads a seat's votes as
      their proportions, so a seat's shares and its votes give it the same change.

    Raises:
        DataFormatError: a missing column, or a value column given twice over, a bad row
            (named), a seat's shares above 100%, as :func:`parse_results_csv` otherwise.
        UnknownConstituencyError: a seat not in ``base``, naming the row and the closest names.
        UnknownPartyError: a party outside the vocabulary when ``unknown_parties="error"``.
    """
    what = file_named(SAMPLE_WHAT, name)
    header, read = csv_records(
        text,
        what=what,
        required=(),
        expected=SAMPLE_EXPECTED,
        known=(*SAMPLE_SEATS, "party", *SAMPLE_VALUES, *OPTIONAL_COLUMNS),
        aliases=COLUMN_ALIASES,  # a sheet's own headings: Constituency, ONS code, Party name
        counts=COUNT_COLUMNS,
    )
    records = list(read)
    value = _sample_columns(header, what)
    # another country's seats are read as given (its caller refuses the country), not looked
    # up against ``base`` and refused for their first seat
    lookup = (
        base
        if _country_of_parties(records, country_of) in (None, country_of(base.parties))
        else None
    )
    notes: dict[str, str] = {}
    validated: list[tuple[int, ResultRow]] = []
    shares: list[float] = []
    for number, record in records:
        record = _sample_seat(record, lookup, f"{what} row {number}", notes)
        if value != "votes":  # a share in place of the row's votes
            share = record.get(value, "")
            shares.append(
                validate_row(SampleShareRow, {"share": share}, what=what, row=number).share
            )
            record = {**record, "votes": "0"}
        validated.append((number, validate_row(ResultRow, record, what=what, row=number)))
    by_seats = _country_of_seats(validated, country_of_seats)
    country, why = (by_seats, "seat codes") if by_seats else _by_parties(validated, country_of)
    rows = _read_parties(validated, country, why, what, unknown_parties, UNKNOWN_PARTIES_HINT)
    _check_rows(rows, what, candidates="candidate" in header)
    other = counted_as_other_note(what, _unknown_labels(rows, country))
    notes.update({"counted as Other": other} if other else {})  # which labels, as the feed
    if value == "votes":
        sample = _to_election(rows, country, name, name, SAMPLE_WHAT, what, noted=False)
        return sample, list(notes.values())
    fractions, note = _sample_fractions(rows, shares, value, what)
    sample = _to_election(rows, country, name, name, SAMPLE_WHAT, what, fractions, noted=False)
    return sample, [note, *notes.values()]


def _unknown_labels(rows: Sequence[tuple[int, ResultRow, str]], country: Country) -> list[str]:
    """The labels of ``rows`` read as Other because psephos does not know them
    (:func:`_with_party` with ``unknown_parties="other"``), each once, in the file's order; a
    label the country reads as Other itself ("Others") or a party of its own there (UKIP
    beside Reform UK, said apart) is not one."""
    labels = [row.party for _, row, code in rows if code == "Other"]
    separate = separate_parties(row.party for _, row, _ in rows)
    unknown = []
    for label in dict.fromkeys(labels):
        if label in separate:
            continue
        try:
            party_in(label, country.party_codes, across=False)
        except UnknownPartyError:
            unknown.append(label)
    return unknown


def _country_of_parties(
    records: Sequence[tuple[int, dict[str, str]]], country_of: CountryOf
) -> Country | None:
    """The country a file's parties belong to (:func:`psephos.model.get_party` codes, the ones
    the vocabulary knows), or None where none is known: decided before any seat is read, so a
    sample of another country's seats is refused for its country, not for its first seat."""
    codes = set()
    for _, record in records:
        try:
            codes.add(get_party(record.get("party", "")).code)
        except UnknownPartyError:
            continue
    return country_of(sorted(codes)) if codes else None


def _sample_columns(header: Sequence[str], what: str) -> str:
    """The column an exit-poll sample gives its figures in (one of :data:`SAMPLE_VALUES`).

    Raises:
        DataFormatError: no seat or party column, no value column, or more than one.
    """
    missing = [
        listed(columns, "or")
        for columns in (SAMPLE_SEATS, ("party",), SAMPLE_VALUES)
        if not set(columns) & set(header)
    ]
    if missing:
        raise DataFormatError(
            f"The {what} lacks column(s) {'; '.join(missing)}; expected a header with "
            f"{SAMPLE_EXPECTED} (found {', '.join(header) or 'none'})."
        )
    values = [column for column in SAMPLE_VALUES if column in header]
    if len(values) > 1:
        raise DataFormatError(
            f"The {what} gives {listed(values)}; give one of votes (whole votes), share "
            "(percentages or fractions) or share_pct (percentages)."
        )
    return values[0]


def _sample_seat(
    record: dict[str, str], base: Election | None, where: str, notes: dict[str, str]
) -> dict[str, str]:
    """A sample row with its seat as ``base``'s code (its ``seat_code``, else its
    ``seat_name``; :func:`psephos.io.rows.read_seat`) and a name: the file's where it gives
    a code and that seat's name, else the base's. A seat read from a part of its name, or whose code
    and name are two seats' ("Hendon" under Aldershot's code, not a misspelling:
    :func:`same_seat_name`), adds a note to ``notes`` (once a seat); the code decides the seat."""
    code = (record.get("seat_code") or "").strip()
    given = code or (record.get("seat_name") or "").strip()
    if not given or base is None:
        return record  # refused as a missing seat_code by the row schema, or by its country
    position, note = read_seat(base, given, where=where)
    if note:
        notes.setdefault(given, note)
    seat = base.constituencies[position]
    name = (record.get("seat_name") or "").strip() if code else ""
    if name and not same_seat_name(seat.name, name):
        notes.setdefault(
            f"{code} {name}",
            f"The {where} names seat {code} {name!r}, which is {seat.name} in {base.name}; it "
            f"is read as {seat.name}, as the code says (check the code or the name).",
        )
        name = seat.name
    return {**record, "seat_code": seat.code, "seat_name": name or seat.name}


def _sample_fractions(
    rows: Sequence[tuple[int, ResultRow, str]], shares: Sequence[float], value: str, what: str
) -> tuple[list[float], str]:
    """Each row's share as a fraction of its seat's vote, seat by seat (``share_pct``:
    percentages; ``share``: :func:`psephos.numbers.percent_factor` of the seat's total), and
    the note saying how they were read.

    Raises:
        DataFormatError: a seat's shares add up to more than 100% beyond rounding.
    """
    totals: dict[str, float] = {}
    for (_, row, _), share in zip(rows, shares, strict=True):
        totals[row.seat_code] = totals.get(row.seat_code, 0.0) + share
    factors = {
        seat: 1.0 if value == "share_pct" else percent_factor(total)
        for seat, total in totals.items()
    }
    for seat, total in totals.items():
        if total * factors[seat] > 100.0 + ROUNDING_POINTS:
            seat_rows = [(number, row) for number, row, _ in rows if row.seat_code == seat]
            numbers = [number for number, _ in seat_rows]
            name = seat_rows[0][1].seat_name  # the file's name, else the base's (as read)
            raise shares_above_whole(what, numbers, f"{name} ({seat})", total * factors[seat])
    fractions = [
        share * factors[row.seat_code] / 100.0
        for (_, row, _), share in zip(rows, shares, strict=True)
    ]
    as_fractions = sum(factor == 100.0 for factor in factors.values())
    read = (
        "percentages"
        if not as_fractions
        else "fractions"
        if as_fractions == len(factors)
        else f"fractions in {as_fractions} seats (their shares add up to at most "
        f"{format_number(FRACTIONS_UP_TO)}) and percentages in {len(factors) - as_fractions}"
    )
    note = (
        f"The {what} gives shares ({value}), not votes: read as {read} of each seat's vote; "
        "the exit poll reads a seat's shares as it reads its votes' proportions (a seat's "
        "shares adding up to less than 100% are scaled up to 100%, the parties left out at 0%)."
    )
    return fractions, note

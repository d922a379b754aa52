"""Candidate lists: who stands where this time.

Format (CSV; the header is optional)::

    seat_code,party,candidate
    E14001290,Labour,Ann Example
    E14001290,Reform UK,

``candidate`` (the name) is optional; it lets incumbency models see whether the sitting MP
stands again. Parties go through the party vocabulary (aliases such as ``Labour`` accepted).
A header in the results reader's other words is read as it reads them
(:data:`psephos.io.user_csv.COLUMN_ALIASES`: the House of Commons Library's "ONS ID", "Party
name", "Candidate first name" and "Candidate surname"; other columns ignored), so a
nominations list of that layout is read as it is.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Sequence
from pathlib import Path

from pydantic import Field, ValidationInfo, field_validator

from psephos.errors import DataFormatError, InputWarning, UnknownPartyError
from psephos.io.rows import (
    Row,
    column_name,
    csv_reader,
    csv_records,
    delimiter_of,
    file_named,
    read_file,
    validate_row,
)
from psephos.model import get_party, party_in
from psephos.model.party import PARTIES, separate_parties
from psephos.numbers import listed

COLUMNS = ("seat_code", "party")
#: First cells that mark a header row.
_HEADER_WORDS = ("seat_code", "code", "seat")

#: Seat code -> ``(candidate name, party code)`` pairs (name ``""`` when not given).
CandidateLists = dict[str, tuple[tuple[str, str], ...]]


class CandidateRow(Row):
    """One candidate: the seat's code, the party (a code or alias) and an optional name."""

    seat_code: str = Field(min_length=1)
    party: str = Field(min_length=1)
    candidate: str = ""

    @field_validator("party")
    @classmethod
    def _known_party(cls, value: str, info: ValidationInfo) -> str:
        try:
            return _party_code(value, (info.context or {}).get("parties"))
        except UnknownPartyError as error:
            raise ValueError(str(error).rstrip(".")) from None


def _party_code(value: str, parties: Sequence[str] | None) -> str:
    """A list's party cell as a code: among the election's ``parties`` first ("Green" in a
    Canadian election's lists is the GPC), else as the vocabulary reads it.

    Raises:
        UnknownPartyError: a party the vocabulary does not know.
    """
    if parties is not None:
        with contextlib.suppress(UnknownPartyError):
            return party_in(value, parties, across=False)
    return get_party(value).code


def read_candidates_csv(
    path: str | Path, *, parties: Sequence[str] | None = None
) -> CandidateLists:
    """Candidate lists from a CSV of ``seat_code,party[,candidate]`` rows. With the election's
    ``parties``, each party is read among them first (:func:`psephos.model.party_in`, not
    reading another country's party as one of them: "Conservative" is the CPC in a Canadian
    election's lists), else as the vocabulary reads it.

    Raises:
        DataFormatError: a missing or unreadable file, a row without a seat or a party, or an
            unknown party (each naming the row), or no rows at all.
    """
    what = "candidate lists"
    read = read_file(path, what=what)
    what = file_named(what, read.name)
    from psephos.io.user_csv import COLUMN_ALIASES, NAME_COLUMNS, with_candidate_names

    lines = read.text.splitlines()
    offset = 0
    if not _is_header(lines):
        # No header: give the columns their names and keep file line numbers in messages.
        lines = ["seat_code,party,candidate", *lines]
        offset = 1
    header, records = csv_records(
        lines,
        what=what,
        required=COLUMNS,
        known=("candidate", *NAME_COLUMNS),
        aliases=COLUMN_ALIASES,
    )
    _, named_records = with_candidate_names(header, records)
    rows = list(named_records)
    # UKIP beside Reform UK is a party of its own, as the results reader counts it
    apart = separate_parties((record.get("party") or "").strip() for _, record in rows)
    out: dict[str, list[tuple[str, str]]] = {}
    unknown: dict[str, int] = {}
    for number, record in rows:
        cell = (record.get("party") or "").strip()
        if cell in apart:
            unknown[cell] = unknown.get(cell, 0) + 1
            record = {**record, "party": "Other"}
        elif cell:
            try:
                _party_code(cell, parties)
            except UnknownPartyError:  # a nominations list's small parties: they stand as Other
                if not _misspelt(cell, parties):  # "Labuor" is refused, naming the row
                    unknown[cell] = unknown.get(cell, 0) + 1
                    record = {**record, "party": "Other"}
        row = validate_row(
            CandidateRow, record, what=what, row=number - offset, context={"parties": parties}
        )
        out.setdefault(row.seat_code, []).append((row.candidate, row.party))
    if not out:
        raise DataFormatError(f"The {what} have no 'seat_code,party' rows.")
    if unknown:
        most = sorted(unknown.items(), key=lambda item: -item[1])
        shown = [f"{name} ({count})" for name, count in most[:5]]
        named = listed([*shown, f"{len(most) - 5} more"] if len(most) > 5 else shown)
        ukip = ", and UKIP beside Reform UK" if apart else ""
        warnings.warn(
            f"The {what} name {sum(unknown.values()):,} candidates of parties psephos counts "
            f"as Other (small parties it does not know{ukip}): {named}.",
            InputWarning,
            stacklevel=2,
        )
    return {seat: tuple(pairs) for seat, pairs in out.items()}


#: How few letters (rapidfuzz's Levenshtein distance) an unknown party's name of five
#: letters or more may differ by from a known party's code, name or alias to be taken for a
#: misspelling of it and refused, not read as a small party standing for Other ("Labuor" is 2
#: from "Labour"; the Scottish Family Party 6 from the Scottish National Party).
MISSPELT_WITHIN = 2


def _misspelt(cell: str, parties: Sequence[str] | None) -> bool:
    """Whether an unknown party's name looks like a misspelt known party's (the election's
    ``parties``, else the vocabulary's): its code, name or an alias within
    :data:`MISSPELT_WITHIN` letters."""
    from rapidfuzz.distance import Levenshtein

    name = cell.lower()
    if len(name) < 5:
        return False
    codes = set(parties) if parties is not None else {party.code for party in PARTIES}
    names = [
        spelling.lower()
        for party in PARTIES
        if party.code in codes and party.code not in ("Other", "Ind")
        for spelling in (party.code, party.name, *party.aliases)
    ]
    return any(Levenshtein.distance(name, known) <= MISSPELT_WITHIN for known in names)


def _is_header(lines: Sequence[str]) -> bool:
    """Whether the first non-blank line is a header: its first cell one of
    :data:`_HEADER_WORDS`, or its cells naming the seat's code and the party in the results
    reader's words (:data:`psephos.io.user_csv.COLUMN_ALIASES`: "ONS ID", "Party name")."""
    from psephos.io.user_csv import COLUMN_ALIASES

    first = next((line for line in lines if line.strip()), "").lstrip("\ufeff")
    if not first:
        return False
    cells = next(csv_reader([first], delimiter=delimiter_of(first), what="candidate lists"), [])
    names = {column_name(cell, COLUMN_ALIASES) for cell in cells}
    leading = column_name(cells[0]) if cells else ""
    return leading in _HEADER_WORDS or {"seat_code", "party"} <= names

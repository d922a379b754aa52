"""Candidate lists: who stands where this time.

Format (CSV; the header is optional)::

    seat_code,party,candidate
    E14001290,Labour,Ann Example
    E14001290,Reform UK,

``candidate`` (the name) is optional; it lets incumbency models see whether the sitting MP
stands again. Parties go through the party vocabulary (aliases such as ``Labour`` accepted).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

from pydantic import Field, ValidationInfo, field_validator

from psephos.errors import DataFormatError, UnknownPartyError
from psephos.io.rows import Row, csv_records, file_named, party_cell, read_file, validate_row
from psephos.model import party_in

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
        parties = (info.context or {}).get("parties")
        if parties is not None:  # "Green" in a Canadian election's lists is the GPC
            with contextlib.suppress(UnknownPartyError):
                return party_in(value, parties, across=False)
        return party_cell(value)


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
    lines = read.text.splitlines()
    first = lines[0].split(",")[0].strip().lower() if lines else ""
    offset = 0
    if first not in _HEADER_WORDS:
        # No header: give the columns their names and keep file line numbers in messages.
        lines = ["seat_code,party,candidate", *lines]
        offset = 1
    _, records = csv_records(lines, what=what, required=COLUMNS)
    out: dict[str, list[tuple[str, str]]] = {}
    for number, record in records:
        row = validate_row(
            CandidateRow, record, what=what, row=number - offset, context={"parties": parties}
        )
        out.setdefault(row.seat_code, []).append((row.candidate, row.party))
    if not out:
        raise DataFormatError(f"The {what} have no 'seat_code,party' rows.")
    return {seat: tuple(pairs) for seat, pairs in out.items()}

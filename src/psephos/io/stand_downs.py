"""Pact stand-down files: which party stands aside in which seat.

Format (CSV with a header)::

    party,seat
    LD,E14000530
    Green,Bristol Central

``seat`` is an ONS code or a seat name (matched by the election when the pact is simulated);
headers in other words read as the results reader reads them (``Constituency``, ``ONS code``,
``Seat name``, ``Party name``: :data:`ALIASES`).
A file with no rows is refused: the pact it would give is the default one (the best-placed bloc
party standing alone in every seat), not the one the file meant to set.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from psephos.io.rows import (
    Row,
    RowFault,
    bad_rows_error,
    checked_rows,
    file_named,
    read_file,
)
from psephos.io.user_csv import COLUMN_ALIASES

COLUMNS = ("party", "seat")
#: Headers a sheet gives the columns in other words: every name the results reader takes for
#: a seat's name or code (:data:`psephos.io.user_csv.COLUMN_ALIASES`: "Constituency", "ONS
#: code"), and its own (``seat_name``, ``seat_code``), are the ``seat``; "Party name" the party.
ALIASES = {
    **{
        alias: "seat"
        for alias, column in COLUMN_ALIASES.items()
        if column in ("seat_name", "seat_code") and alias != "seat"
    },
    "seat name": "seat",
    "seat code": "seat",
    "party name": "party",
}
#: What messages call the file (:func:`psephos.io.rows.file_named`).
WHAT = "stand-down file"


class StandDownRow(Row):
    """One stand-down: ``party`` stands aside in ``seat``."""

    party: str = Field(min_length=1)
    seat: str = Field(min_length=1)


def read_stand_downs(path: str | Path) -> list[tuple[int, StandDownRow]]:
    """Read a stand-down CSV: each row with its number, for messages about it.

    Raises:
        DataFormatError: no such file, a missing column, rows without party or seat (every
            one of them named, :func:`psephos.io.rows.bad_rows_error`), or no rows at all.
    """
    read = read_file(path, what=WHAT)
    return parse_stand_downs_csv(read.text, name=read.name)


def parse_stand_downs_csv(text: str, *, name: str) -> list[tuple[int, StandDownRow]]:
    """:func:`read_stand_downs` for text already in memory (an upload called ``name`` in
    messages).

    Raises:
        DataFormatError: a missing column, rows without party or seat, or no rows at all.
    """
    rows, faults = check_stand_downs_csv(text, name=name)
    if faults:
        raise bad_rows_error(file_named(WHAT, name), faults)
    return rows


def check_stand_downs_csv(
    text: str, *, name: str
) -> tuple[list[tuple[int, StandDownRow]], list[RowFault]]:
    """Every row of a stand-down CSV checked: the rows with a party and a seat, and each row
    without one, with its number and problem (:func:`psephos.io.rows.checked_rows`), for a
    caller that checks the rows further before reporting every bad one at once.

    Raises:
        DataFormatError: a missing column, or no rows at all.
    """
    return checked_rows(
        text,
        StandDownRow,
        what=file_named(WHAT, name),
        required=COLUMNS,
        aliases=ALIASES,
        empty="no stand-downs; give a party,seat row for each seat a party stands aside in, or "
        "no file for the default pact (the best-placed bloc party stands in each seat)",
    )

"""Pact stand-down files: which party stands aside in which seat.

Format (CSV with a header)::

    party,seat
    LD,E14000530
    Green,Bristol Central

``seat`` is an ONS code or a seat name (matched by the election when the pact is simulated).
A file with no rows is refused: the pact it would give is the default one (the best-placed bloc
party standing alone in every seat), not the one the file meant to set.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from psephos.io.rows import Row, file_named, parse_rows, read_file

COLUMNS = ("party", "seat")
#: What messages call the file (:func:`psephos.io.rows.file_named`).
WHAT = "stand-down file"


class StandDownRow(Row):
    """One stand-down: ``party`` stands aside in ``seat``."""

    party: str = Field(min_length=1)
    seat: str = Field(min_length=1)


def read_stand_downs(path: str | Path) -> list[tuple[int, StandDownRow]]:
    """Read a stand-down CSV: each row with its number, for messages about it.

    Raises:
        DataFormatError: no such file, a missing column, a row without party or seat, or no
            rows at all.
    """
    read = read_file(path, what=WHAT)
    return parse_stand_downs_csv(read.text, name=read.name)


def parse_stand_downs_csv(text: str, *, name: str) -> list[tuple[int, StandDownRow]]:
    """:func:`read_stand_downs` for text already in memory (an upload called ``name`` in
    messages).

    Raises:
        DataFormatError: a missing column, a row without party or seat, or no rows at all.
    """
    what = file_named(WHAT, name)
    return parse_rows(
        text,
        StandDownRow,
        what=what,
        required=COLUMNS,
        empty="no stand-downs; give a party,seat row for each seat a party stands aside in, or "
        "no file for the default pact (the best-placed bloc party stands in each seat)",
    )

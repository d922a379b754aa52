"""Pact stand-down files: which party stands aside in which seat.

Format (CSV with a header)::

    party,seat
    LD,E14000530
    Green,Bristol Central

``seat`` is an ONS code or a seat name (matched by the election when the pact is simulated).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from psephos.io.rows import Row, file_named, parse_rows, read_rows

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
        DataFormatError: no such file, a missing column, or a row without party or seat.
    """
    return read_rows(path, StandDownRow, what=WHAT, required=COLUMNS)


def parse_stand_downs_csv(text: str, *, name: str) -> list[tuple[int, StandDownRow]]:
    """:func:`read_stand_downs` for text already in memory (an upload called ``name`` in
    messages).

    Raises:
        DataFormatError: a missing column, or a row without party or seat.
    """
    return parse_rows(text, StandDownRow, what=file_named(WHAT, name), required=COLUMNS)

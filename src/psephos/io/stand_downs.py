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


class StandDownRow(Row):
    """One stand-down: ``party`` stands aside in ``seat``."""

    party: str = Field(min_length=1)
    seat: str = Field(min_length=1)


def read_stand_downs(path: str | Path) -> list[StandDownRow]:
    """Read a stand-down CSV.

    Raises:
        DataFormatError: no such file, a missing column, or a row without party or seat.
    """
    return [
        row for _, row in read_rows(path, StandDownRow, what="stand-down file", required=COLUMNS)
    ]


def parse_stand_downs_csv(text: str, *, name: str) -> list[StandDownRow]:
    """:func:`read_stand_downs` for text already in memory (an upload called ``name`` in
    messages).

    Raises:
        DataFormatError: a missing column, or a row without party or seat.
    """
    return [
        row
        for _, row in parse_rows(
            text, StandDownRow, what=file_named("stand-down file", name), required=COLUMNS
        )
    ]

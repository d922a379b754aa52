"""Seat capacity files for volunteer allocation: how many hours each seat can absorb.

Format (CSV with a header)::

    seat,hours
    E14000530,120

Hours are read as the volunteers' file reads them (:data:`NUMBERS`): in a file separated by
semicolons or tabs (a spreadsheet saved with a European locale) "2,5" is 2.5 hours; a fraction
is rounded down to whole hours. A seat named on two rows (whatever its case or spaces) is
refused, naming both rows: which of its two capacities is meant cannot be told.
"""

from __future__ import annotations

import math
from pathlib import Path

from pydantic import Field, field_validator

from psephos.errors import DataFormatError
from psephos.io.rows import (
    Row,
    file_named,
    finite_number,
    parse_rows,
    read_rows,
    without_hours_unit,
)

COLUMNS = ("seat", "hours")
#: Columns of numbers (a decimal comma reads as a point where semicolons or tabs separate:
#: :func:`psephos.io.rows.csv_records`).
NUMBERS = ("hours",)
#: What messages call the file (:func:`psephos.io.rows.file_named`).
WHAT = "capacity file"


class CapacityRow(Row):
    """One seat's capacity in whole hours (a fraction is rounded down)."""

    seat: str = Field(min_length=1)
    hours: int = Field(ge=0)

    @field_validator("hours", mode="before")
    @classmethod
    def _whole_hours(cls, value: object) -> object:
        return math.floor(finite_number(without_hours_unit(value)))


def read_capacities(path: str | Path) -> dict[str, int]:
    """Seat -> hours from a capacity CSV.

    Raises:
        DataFormatError: no such file, a missing column, a row without a seat or with
            negative or non-numeric hours, or a seat on two rows.
    """
    rows = read_rows(path, CapacityRow, what=WHAT, required=COLUMNS, numbers=NUMBERS)
    return _by_seat(rows, file_named(WHAT, Path(path).name))


def parse_capacities(text: str, *, name: str) -> dict[str, int]:
    """:func:`read_capacities` for text already in memory (an upload called ``name`` in
    messages).

    Raises:
        DataFormatError: a missing column, a row without a seat or with negative or
            non-numeric hours, or a seat on two rows.
    """
    what = file_named(WHAT, name)
    rows = parse_rows(text, CapacityRow, what=what, required=COLUMNS, numbers=NUMBERS)
    return _by_seat(rows, what)


def _by_seat(rows: list[tuple[int, CapacityRow]], what: str) -> dict[str, int]:
    """Seat -> hours.

    Raises:
        DataFormatError: a seat on two rows (case and spaces ignored), naming both.
    """
    first: dict[str, tuple[int, CapacityRow]] = {}
    for line, row in rows:
        key = " ".join(row.seat.casefold().split())
        if key in first:
            earlier, other = first[key]
            raise DataFormatError(
                f"{what} rows {earlier} and {line}: seat {other.seat!r} is given twice "
                f"({other.hours} and {row.hours} hours); give each seat once."
            )
        first[key] = (line, row)
    return {row.seat: row.hours for _, row in rows}

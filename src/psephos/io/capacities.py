"""Seat capacity files for volunteer allocation: how many hours each seat can absorb.

Format (CSV with a header)::

    seat,hours
    E14000530,120

Hours are read as the volunteers' file reads them (:data:`NUMBERS`): in a file separated by
semicolons or tabs (a spreadsheet saved with a European locale) "2,5" is 2.5 hours; a blank
cell is missing; a fraction is rounded down to whole hours, with a note
(:class:`~psephos.errors.InputWarning`) naming the rows so read. A seat named on two rows
(whatever its case or spaces) is refused, naming both rows: which of its two capacities is
meant cannot be told.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path

from pydantic import Field, field_validator

from psephos.errors import InputWarning
from psephos.io.rows import (
    Row,
    decimal_comma_advice,
    file_named,
    finite_number,
    parse_rows,
    read_rows,
    refuse_repeated_rows,
    without_hours_unit,
)
from psephos.numbers import first_listed, format_number, plural_of

COLUMNS = ("seat", "hours")
#: Columns of numbers (a decimal comma reads as a point where semicolons or tabs separate:
#: :func:`psephos.io.rows.csv_records`).
NUMBERS = ("hours",)
#: What messages call the file (:func:`psephos.io.rows.file_named`).
WHAT = "capacity file"


#: Most rows the note on hours rounded down names (the rest are counted).
NOTE_ROWS = 10


class CapacityRow(Row):
    """One seat's capacity in hours as given (:func:`_by_seat` rounds a fraction down)."""

    seat: str = Field(min_length=1)
    hours: float = Field(ge=0)

    @field_validator("hours", mode="before")
    @classmethod
    def _hours(cls, value: object) -> object:
        text = without_hours_unit(value).strip()
        if not text:
            raise ValueError("missing")
        advice = decimal_comma_advice(text)
        if advice:  # "1,5" in a file separated by commas
            raise ValueError(f"a decimal comma; {advice}")  # the row's error quotes the cell
        return finite_number(text)


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
    """Seat -> whole hours, a fraction rounded down with a note
    (:class:`~psephos.errors.InputWarning`) naming the rows so read.

    Raises:
        DataFormatError: a seat on two rows (case and spaces ignored), naming both.
    """
    refuse_repeated_rows(
        rows,
        lambda row: " ".join(row.seat.casefold().split()),
        lambda earlier, other, line, row: (
            f"{what} rows {earlier} and {line}: seat {other.seat!r} is given twice "
            f"({format_number(other.hours, 'g')} and {format_number(row.hours, 'g')} "
            "hours); give each seat once."
        ),
    )
    rounded = [
        f"{line} ({format_number(row.hours, 'g')} read as {math.floor(row.hours)})"
        for line, row in rows
        if row.hours != math.floor(row.hours)
    ]
    if rounded:
        warnings.warn(
            f"The {what} gives a fraction of an hour on {plural_of(len(rounded), 'row')} "
            f"{first_listed(rounded, NOTE_ROWS)}: capacities are whole hours, so each was "
            "rounded down.",
            InputWarning,
            stacklevel=3,
        )
    return {row.seat: math.floor(row.hours) for _, row in rows}

"""Volunteer files: validated per row, good rows kept, every rejection reported.

Format (CSV with a header): ``id, latitude, longitude, hours[, name]``; other columns are
ignored (and named in the notes). Volunteer data is personal data: this module never logs or
prints it, error messages name the row number, the id and the reason but never a name or a
real location, and :class:`Volunteers` keeps names only when asked.

Rules, each giving one :class:`RowProblem` per affected row:

* ``id`` missing -> rejected. An id used on more than one row -> every such row is rejected
  (we cannot tell which one is right); the message names the other rows.
* ``latitude``/``longitude`` not numbers, not finite, out of range, or outside the United
  Kingdom's bounding box (49.8..60.9 N, 8.7 W..1.8 E: catches swapped columns) -> rejected.
* ``hours`` not a number, negative or not finite -> rejected; a fraction is rounded *down* to
  whole hours (the allocator works in whole hours) and reported as a warning, the row kept.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt
from pydantic import Field, ValidationError, ValidationInfo, field_validator

from psephos.io.rows import Row, csv_records, read_text

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

REQUIRED_COLUMNS = ("id", "latitude", "longitude", "hours")
KNOWN_COLUMNS = (*REQUIRED_COLUMNS, "name")

#: A generous box around the United Kingdom (mainland, islands and Northern Ireland).
UK_BOUNDS = {"latitude": (49.8, 60.9), "longitude": (-8.7, 1.8)}


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One problem with one row of a volunteer file.

    Attributes:
        row: Line number in the file (the header is line 1).
        volunteer_id: The row's id ('' if missing).
        severity: ``"error"`` (row rejected) or ``"warning"`` (row kept, value adjusted).
        reason: What is wrong, without personal data.
    """

    row: int
    volunteer_id: str
    severity: Literal["error", "warning"]
    reason: str


@dataclass(frozen=True, slots=True, eq=False)
class Volunteers:
    """Accepted volunteers, aligned arrays.

    Attributes:
        ids: Volunteer ids.
        latitude: Home latitude (degrees).
        longitude: Home longitude (degrees).
        hours: Whole hours available.
        names: Names when the file had them and they were asked for, else None.
        rows: Line number of each volunteer in the source file.
    """

    ids: tuple[str, ...]
    latitude: FloatArray
    longitude: FloatArray
    hours: IntArray
    names: tuple[str, ...] | None = None
    rows: IntArray = field(default_factory=lambda: np.empty(0, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.ids)

    def __repr__(self) -> str:  # never print personal data by accident
        return f"Volunteers(n={len(self.ids)}, total_hours={int(self.hours.sum())})"

    @classmethod
    def from_arrays(
        cls,
        ids: Iterable[str],
        latitude: npt.ArrayLike,
        longitude: npt.ArrayLike,
        hours: npt.ArrayLike,
    ) -> Volunteers:
        """Build from arrays already validated by the caller (e.g. a benchmark)."""
        id_tuple = tuple(str(i) for i in ids)
        return cls(
            ids=id_tuple,
            latitude=np.asarray(latitude, dtype=np.float64),
            longitude=np.asarray(longitude, dtype=np.float64),
            hours=np.asarray(hours, dtype=np.int64),
            rows=np.arange(2, len(id_tuple) + 2, dtype=np.int64),
        )


@dataclass(frozen=True, slots=True, eq=False)
class VolunteerFile:
    """The result of reading a file: accepted volunteers and every problem found."""

    volunteers: Volunteers
    problems: tuple[RowProblem, ...]
    n_rows: int
    ignored_columns: tuple[str, ...] = ()

    @property
    def rejected(self) -> tuple[RowProblem, ...]:
        """Problems that rejected a row."""
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[RowProblem, ...]:
        """Problems that only adjusted a row."""
        return tuple(p for p in self.problems if p.severity == "warning")


def _coordinate(label: str, value: object) -> float:
    """A latitude or longitude inside the United Kingdom's box, or ``ValueError`` naming why."""
    raw = str(value).strip()
    if not raw:
        raise ValueError(f"{label} is missing")
    try:
        number = float(raw)
    except ValueError:
        raise ValueError(f"{label} is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"{label} is not finite")
    absolute = 90.0 if label == "latitude" else 180.0
    if not -absolute <= number <= absolute:
        raise ValueError(f"{label} is out of range (-{absolute:g}..{absolute:g})")
    low, high = UK_BOUNDS[label]
    if not low <= number <= high:
        raise ValueError(
            f"{label} is outside the United Kingdom ({low:g}..{high:g}; columns swapped?)"
        )
    return number


class VolunteerRow(Row):
    """One row of a volunteer file. Every message names the field and the rule, never the
    value (volunteer data is personal data)."""

    extra_fields: str = Field("", validation_alias="__extra__")
    id: str
    latitude: float
    longitude: float
    hours: float
    name: str = ""

    @field_validator("extra_fields")
    @classmethod
    def _no_extra_fields(cls, value: str) -> str:
        if value:
            raise ValueError(value)
        return value

    @field_validator("id")
    @classmethod
    def _has_id(cls, value: str) -> str:
        if not value:
            raise ValueError("id is missing")
        return value

    @field_validator("latitude", "longitude", mode="before")
    @classmethod
    def _in_the_uk(cls, value: object, info: ValidationInfo) -> float:
        return _coordinate(str(info.field_name), value)

    @field_validator("hours", mode="before")
    @classmethod
    def _hours(cls, value: object) -> float:
        raw = str(value).strip()
        if not raw:
            raise ValueError("hours is missing")
        try:
            number = float(raw)
        except ValueError:
            raise ValueError("hours is not a number") from None
        if not math.isfinite(number):
            raise ValueError("hours is not a number")
        if number < 0:
            raise ValueError(f"hours is negative ({number:g})")
        return number


def _reasons(error: ValidationError) -> str:
    """The rules a row broke, in field order, without any of its values."""
    return "; ".join(str(item["msg"]).removeprefix("Value error, ") for item in error.errors())


def _check_row(
    line_number: int, record: dict[str, str]
) -> tuple[VolunteerRow | None, list[RowProblem]]:
    """The validated row (``None`` when rejected) and its problems."""
    volunteer_id = record.get("id", "").strip()
    try:
        row = VolunteerRow.model_validate(record)
    except ValidationError as error:
        return None, [RowProblem(line_number, volunteer_id, "error", _reasons(error))]
    whole_hours = math.floor(row.hours)
    if whole_hours == row.hours:
        return row, []
    warning = f"hours {row.hours:g} rounded down to {whole_hours} (whole hours only)"
    return row, [RowProblem(line_number, volunteer_id, "warning", warning)]


def _drop_duplicates(
    parsed: list[tuple[int, VolunteerRow]], seen: dict[str, list[int]]
) -> tuple[list[tuple[int, VolunteerRow]], list[RowProblem]]:
    """Rows whose id is used once; every row of a repeated id is rejected, naming the others."""
    duplicated = {key: lines for key, lines in seen.items() if len(lines) > 1}
    kept, problems = [], []
    for line_number, row in parsed:
        lines = duplicated.get(row.id)
        if not lines:
            kept.append((line_number, row))
            continue
        others = ", ".join(str(line) for line in lines if line != line_number)
        problems.append(
            RowProblem(
                line_number,
                row.id,
                "error",
                f"duplicate id (also on row(s) {others}); all rows with this id rejected",
            )
        )
    return kept, problems


def parse_volunteers(text: str, *, keep_names: bool = False) -> VolunteerFile:
    """Validate volunteer CSV text (see the module docstring for the rules).

    Raises:
        DataFormatError: only for whole-file problems (no header, a required column missing).
    """
    header, records = csv_records(text, what="volunteer file", required=REQUIRED_COLUMNS)
    problems: list[RowProblem] = []
    parsed: list[tuple[int, VolunteerRow]] = []
    seen: dict[str, list[int]] = {}
    n_rows = 0
    for line_number, record in records:
        n_rows += 1
        row, row_problems = _check_row(line_number, record)
        problems += row_problems
        volunteer_id = record.get("id", "").strip()
        if volunteer_id:
            seen.setdefault(volunteer_id, []).append(line_number)
        if row is not None:
            parsed.append((line_number, row))
    kept, duplicate_problems = _drop_duplicates(parsed, seen)
    problems = sorted([*problems, *duplicate_problems], key=lambda p: (p.row, p.severity))
    volunteers = Volunteers(
        ids=tuple(row.id for _, row in kept),
        latitude=np.array([row.latitude for _, row in kept], dtype=np.float64),
        longitude=np.array([row.longitude for _, row in kept], dtype=np.float64),
        hours=np.array([math.floor(row.hours) for _, row in kept], dtype=np.int64),
        names=tuple(row.name for _, row in kept) if keep_names and "name" in header else None,
        rows=np.array([line for line, _ in kept], dtype=np.int64),
    )
    ignored = tuple(c for c in header if c not in KNOWN_COLUMNS)
    return VolunteerFile(volunteers, tuple(problems), n_rows, ignored)


def read_volunteers(path: str | Path, *, keep_names: bool = False) -> VolunteerFile:
    """Read and validate a volunteer CSV file (UTF-8).

    Raises:
        DataFormatError: the file cannot be read or lacks a required column.
    """
    return parse_volunteers(read_text(path, what="Volunteer file"), keep_names=keep_names)

"""Volunteer files: validated per row, good rows kept, every rejection reported.

Format (CSV with a header): ``id, latitude, longitude, hours[, name]`` or
``id, postcode, hours[, name]`` (a file may have both location forms; a row with coordinates uses
them, a row without uses its postcode); other columns are ignored (and named in the notes).
Postcodes (full, sector or district) are resolved to their area's centre by a ``locate``
function the caller passes in (:func:`psephos.targeting.postcodes.locate_postcodes`, through
:mod:`psephos.targeting.volunteers`), so this reader holds no postcode table of its own.

Volunteer data is personal data: this module never logs or prints it, error messages name the
row number, the id and the reason but never a name or a real location, and :class:`Volunteers`
keeps names only when asked.

Rules, each giving one :class:`RowProblem` per affected row:

* ``id`` missing -> rejected. An id used on more than one row -> every such row is rejected
  (we cannot tell which one is right); the message names the other rows.
* ``latitude``/``longitude`` not numbers, not finite, out of range, or outside the United
  Kingdom's bounding box (49.8..60.9 N, 8.7 W..1.8 E: catches swapped columns) -> rejected.
* ``postcode`` (used when a row has no coordinates) not a postcode, sector or district, or not
  in the postcode table -> rejected (the message names the district at most, never the full
  postcode). A row with neither coordinates nor postcode -> rejected.
* ``hours`` not a number, negative or not finite -> rejected; a fraction is rounded *down* to
  whole hours (the allocator works in whole hours) and reported as a warning, the row kept.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt
from pydantic import Field, ValidationError, ValidationInfo, field_validator, model_validator

from psephos.errors import DataFormatError
from psephos.io.rows import Row, csv_records, read_text

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

REQUIRED_COLUMNS = ("id", "hours")
#: Location columns: both coordinates, or a postcode (full, sector or district), or all three.
COORDINATE_COLUMNS = ("latitude", "longitude")
POSTCODE_COLUMN = "postcode"
KNOWN_COLUMNS = (*REQUIRED_COLUMNS, *COORDINATE_COLUMNS, POSTCODE_COLUMN, "name")

#: Postcodes -> latitudes, longitudes and a reason per postcode (None when found), e.g.
#: :func:`psephos.targeting.postcodes.locate_postcodes`.
Locate = Callable[[list[str]], tuple["FloatArray", "FloatArray", list[str | None]]]

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
    latitude: float | None = None
    longitude: float | None = None
    postcode: str = ""
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
    def _in_the_uk(cls, value: object, info: ValidationInfo) -> float | None:
        if value is None or not str(value).strip():
            return None  # missing: the row may give a postcode instead (checked below)
        return _coordinate(str(info.field_name), value)

    @field_validator("postcode", mode="before")
    @classmethod
    def _postcode(cls, value: object) -> str:
        return " ".join(str(value or "").split())

    @model_validator(mode="after")
    def _has_a_location(self) -> VolunteerRow:
        if self.latitude is None and self.longitude is None:
            if not self.postcode:
                raise ValueError("location is missing (latitude and longitude, or postcode)")
        elif self.latitude is None or self.longitude is None:
            missing = "latitude" if self.latitude is None else "longitude"
            raise ValueError(f"{missing} is missing")
        return self

    @property
    def needs_postcode(self) -> bool:
        """True when the row's location is its postcode (it gave no coordinates)."""
        return self.latitude is None

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


def _check_location_columns(header: list[str]) -> None:
    """A whole-file error unless the header has both coordinates or a postcode column."""
    has_coordinates = all(column in header for column in COORDINATE_COLUMNS)
    if has_coordinates or POSTCODE_COLUMN in header:
        return
    raise DataFormatError(
        "The volunteer file lacks a location: expected columns latitude and longitude, or "
        f"postcode, besides {', '.join(REQUIRED_COLUMNS)} (found {', '.join(header) or 'none'})."
    )


def _locate_rows(
    kept: list[tuple[int, VolunteerRow]], locate: Locate | None
) -> tuple[list[tuple[int, VolunteerRow, float, float]], list[RowProblem]]:
    """Each kept row with its latitude and longitude; rows whose postcode is not found are
    rejected with ``postcode: <reason>``."""
    wanted = [row.postcode for _, row in kept if row.needs_postcode]
    if wanted and locate is not None:
        latitudes, longitudes, reasons = locate(wanted)
    else:
        missing = "no postcode lookup was given (read through psephos.targeting.volunteers)"
        latitudes = longitudes = np.full(len(wanted), np.nan)
        reasons = [missing] * len(wanted)
    located: list[tuple[int, VolunteerRow, float, float]] = []
    problems: list[RowProblem] = []
    found = iter(zip(latitudes.tolist(), longitudes.tolist(), reasons, strict=True))
    for line_number, row in kept:
        if row.latitude is not None and row.longitude is not None:
            located.append((line_number, row, row.latitude, row.longitude))
            continue
        latitude, longitude, reason = next(found)
        if reason is None:
            located.append((line_number, row, latitude, longitude))
        else:
            problems.append(RowProblem(line_number, row.id, "error", f"postcode: {reason}"))
    return located, problems


def parse_volunteers(
    text: str, *, keep_names: bool = False, locate: Locate | None = None
) -> VolunteerFile:
    """Validate volunteer CSV text (see the module docstring for the rules).

    Args:
        text: The CSV text.
        keep_names: Keep the ``name`` column (personal data) in the result.
        locate: Resolves the postcodes of rows without coordinates; without it such rows are
            rejected.

    Raises:
        DataFormatError: only for whole-file problems (no header, a required column missing).
    """
    header, records = csv_records(text, what="volunteer file", required=REQUIRED_COLUMNS)
    _check_location_columns(header)
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
    located, postcode_problems = _locate_rows(kept, locate)
    problems = sorted(
        [*problems, *duplicate_problems, *postcode_problems], key=lambda p: (p.row, p.severity)
    )
    volunteers = Volunteers(
        ids=tuple(row.id for _, row, _, _ in located),
        latitude=np.array([lat for _, _, lat, _ in located], dtype=np.float64),
        longitude=np.array([lon for _, _, _, lon in located], dtype=np.float64),
        hours=np.array([math.floor(row.hours) for _, row, _, _ in located], dtype=np.int64),
        names=tuple(row.name for _, row, _, _ in located)
        if keep_names and "name" in header
        else None,
        rows=np.array([line for line, _, _, _ in located], dtype=np.int64),
    )
    ignored = tuple(c for c in header if c not in KNOWN_COLUMNS)
    return VolunteerFile(volunteers, tuple(problems), n_rows, ignored)


def read_volunteers(
    path: str | Path, *, keep_names: bool = False, locate: Locate | None = None
) -> VolunteerFile:
    """Read and validate a volunteer CSV file (UTF-8); ``locate`` as in :func:`parse_volunteers`.

    Raises:
        DataFormatError: the file cannot be read or lacks a required column.
    """
    return parse_volunteers(
        read_text(path, what="Volunteer file"), keep_names=keep_names, locate=locate
    )

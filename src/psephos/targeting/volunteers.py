"""Reading a volunteer file: validated per row, good rows kept, every rejection reported.

Format (CSV with a header): ``id, latitude, longitude, hours[, name]`` or
``id, postcode, hours[, name]`` (a full postcode, sector or district, located at its sector's or
district's mean position: :func:`psephos.targeting.postcodes.lookup_postcode`; a file may have
both, a row's coordinates winning when given); other columns are ignored (and named in the
notes). Volunteer data is personal data: this module never logs or
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

import csv
import io
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

from psephos.errors import DataFormatError

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

REQUIRED_COLUMNS = ("id", "latitude", "longitude", "hours")

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


def _number(text: str) -> float | None:
    try:
        return float(text.strip())
    except ValueError:
        return None


def _check_coordinate(label: str, value: float | None, raw: str) -> str | None:
    low, high = UK_BOUNDS[label]
    absolute = 90.0 if label == "latitude" else 180.0
    if not raw.strip():
        return f"{label} is missing"
    if value is None:
        return f"{label} is not a number"
    if not math.isfinite(value):
        return f"{label} is not finite"
    if not -absolute <= value <= absolute:
        return f"{label} is out of range (-{absolute:g}..{absolute:g})"
    if not low <= value <= high:
        return f"{label} is outside the United Kingdom ({low:g}..{high:g}; columns swapped?)"
    return None


def _postcode_position(text: str) -> tuple[float | None, float | None, str | None]:
    """A volunteer's position from a postcode; the reason names no location (personal data)."""
    from psephos.errors import InvalidPostcodeError, UnknownPostcodeError
    from psephos.targeting.postcodes import lookup_postcode

    try:
        area = lookup_postcode(text)
    except InvalidPostcodeError:
        return None, None, "postcode is not a UK postcode"
    except UnknownPostcodeError:
        return None, None, "postcode is not in the bundled postcode table"
    return area.latitude, area.longitude, None


def parse_volunteers(text: str, *, keep_names: bool = False) -> VolunteerFile:
    """Validate volunteer CSV text (see the module docstring for the rules).

    Raises:
        DataFormatError: only for whole-file problems (no header, a required column missing).
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [column.strip().lower() for column in next(reader)]
    except StopIteration:
        raise DataFormatError(
            "The volunteer file is empty; expected a header: id,latitude,longitude,hours[,name]."
        ) from None
    required: tuple[str, ...] = REQUIRED_COLUMNS
    if "postcode" in header and ("latitude" not in header or "longitude" not in header):
        required = ("id", "postcode", "hours")
    missing = [column for column in required if column not in header]
    if missing:
        raise DataFormatError(
            f"The volunteer file lacks column(s) {', '.join(missing)}; expected a header "
            "id,latitude,longitude,hours[,name] or id,postcode,hours[,name]."
        )
    known = (*REQUIRED_COLUMNS, "postcode", "name")
    position = {column: header.index(column) for column in known if column in header}
    ignored = tuple(c for c in header if c not in known)
    problems: list[RowProblem] = []
    parsed: list[tuple[int, str, float, float, int, str]] = []
    seen: dict[str, list[int]] = {}
    n_rows = 0
    for line_number, record in enumerate(reader, start=2):
        if not record or all(not cell.strip() for cell in record):
            continue
        n_rows += 1
        cells = record + [""] * (len(header) - len(record))
        volunteer_id = cells[position["id"]].strip()
        reasons: list[str] = []
        if len(record) > len(header):
            reasons.append(f"{len(record)} fields but the header has {len(header)}")
        if not volunteer_id:
            reasons.append("id is missing")
        raw_lat = cells[position["latitude"]] if "latitude" in position else ""
        raw_lon = cells[position["longitude"]] if "longitude" in position else ""
        raw_postcode = cells[position["postcode"]].strip() if "postcode" in position else ""
        if raw_postcode and not raw_lat.strip() and not raw_lon.strip():
            latitude, longitude, reason = _postcode_position(raw_postcode)
            if reason:
                reasons.append(reason)
        else:
            latitude, longitude = _number(raw_lat), _number(raw_lon)
            for label, value, raw in (
                ("latitude", latitude, raw_lat),
                ("longitude", longitude, raw_lon),
            ):
                reason = _check_coordinate(label, value, raw)
                if reason:
                    reasons.append(reason)
        raw_hours = cells[position["hours"]]
        hours = _number(raw_hours)
        whole_hours = 0
        if not raw_hours.strip():
            reasons.append("hours is missing")
        elif hours is None or not math.isfinite(hours):
            reasons.append("hours is not a number")
        elif hours < 0:
            reasons.append(f"hours is negative ({hours:g})")
        else:
            whole_hours = math.floor(hours)
            if whole_hours != hours:
                problems.append(
                    RowProblem(
                        line_number,
                        volunteer_id,
                        "warning",
                        f"hours {hours:g} rounded down to {whole_hours} (whole hours only)",
                    )
                )
        if reasons:
            problems.append(RowProblem(line_number, volunteer_id, "error", "; ".join(reasons)))
            if volunteer_id:
                seen.setdefault(volunteer_id, []).append(line_number)
            continue
        if latitude is None or longitude is None:  # not reached: recorded as a reason above
            continue
        name = cells[position["name"]].strip() if "name" in position else ""
        parsed.append((line_number, volunteer_id, latitude, longitude, whole_hours, name))
        seen.setdefault(volunteer_id, []).append(line_number)
    duplicated = {key: lines for key, lines in seen.items() if len(lines) > 1}
    kept = []
    for entry in parsed:
        lines = duplicated.get(entry[1])
        if lines:
            others = ", ".join(str(line) for line in lines if line != entry[0])
            problems.append(
                RowProblem(
                    entry[0],
                    entry[1],
                    "error",
                    f"duplicate id (also on row(s) {others}); all rows with this id rejected",
                )
            )
            continue
        kept.append(entry)
    problems.sort(key=lambda p: (p.row, p.severity))
    volunteers = Volunteers(
        ids=tuple(entry[1] for entry in kept),
        latitude=np.array([entry[2] for entry in kept], dtype=np.float64),
        longitude=np.array([entry[3] for entry in kept], dtype=np.float64),
        hours=np.array([entry[4] for entry in kept], dtype=np.int64),
        names=tuple(entry[5] for entry in kept) if keep_names and "name" in position else None,
        rows=np.array([entry[0] for entry in kept], dtype=np.int64),
    )
    return VolunteerFile(volunteers, tuple(problems), n_rows, ignored)


def read_volunteers(path: str | Path, *, keep_names: bool = False) -> VolunteerFile:
    """Read and validate a volunteer CSV file (UTF-8).

    Raises:
        DataFormatError: the file cannot be read or lacks a required column.
    """
    file_path = Path(path)
    try:
        text = file_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFormatError(f"Volunteer file {str(file_path)!r} does not exist.") from None
    except UnicodeDecodeError:
        raise DataFormatError(
            f"Volunteer file {str(file_path)!r} is not UTF-8 text; save it as UTF-8 CSV."
        ) from None
    return parse_volunteers(text, keep_names=keep_names)

"""Volunteer files for allocation: the reader and its types live in :mod:`psephos.io.volunteers`
(one reader per file type); this module keeps the names the targeting package has always
offered and gives the reader its postcode lookup
(:func:`psephos.targeting.postcodes.locate_postcodes`), so a file may locate volunteers by
postcode instead of latitude and longitude."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt

from psephos.io import volunteers as _reader
from psephos.io.volunteers import (
    REQUIRED_COLUMNS,
    UK_BOUNDS,
    RowProblem,
    VolunteerFile,
    VolunteerRow,
    Volunteers,
)
from psephos.jurisdictions.geography import great_circle_km
from psephos.numbers import counted, format_number
from psephos.targeting.postcodes import locate_postcodes

FloatArray = npt.NDArray[np.float64]


def outside_the_seats(latitudes: FloatArray, longitudes: FloatArray) -> list[str | None]:
    """Why each point is in no seat, or ``None`` where it may be in one
    (:func:`psephos.jurisdictions.postcodes.beyond_the_seats`): a row's reason, naming the
    distance and no place (volunteer data is personal data)."""
    from psephos.jurisdictions.postcodes import beyond_the_seats

    return [
        None
        if found is None
        else (
            f"latitude and longitude are {format_number(found[0], ',.0f')} km from the nearest "
            f"seat's centre, beyond the {format_number(found[2], ',.0f')} km its own places "
            "reach: outside the United Kingdom (Ireland, the Isle of Man or the Channel "
            "Islands?)"
        )
        for found in beyond_the_seats(latitudes, longitudes)
    ]


def parse_volunteers(text: str, *, keep_names: bool = False) -> VolunteerFile:
    """:func:`psephos.io.volunteers.parse_volunteers` with postcodes resolved, points in no
    seat refused (:func:`outside_the_seats`) and a postcode far from its row's coordinates
    noted (:func:`psephos.jurisdictions.geography.great_circle_km`)."""
    return _reader.parse_volunteers(
        text,
        keep_names=keep_names,
        locate=locate_postcodes,
        check_places=outside_the_seats,
        distance=great_circle_km,
    )


def problem_line(problem: RowProblem) -> str:
    """One problem as the CLI and the web app show it: row number, id and reason (never a name
    or a location), e.g. ``row 3 (id v2): rejected: hours is not a number``."""
    label = "rejected" if problem.severity == "error" else "adjusted"
    return f"row {problem.row} (id {problem.volunteer_id or '?'}): {label}: {problem.reason}"


#: Most problems listed one by one; the rest are counted (every one is in the JSON output).
PROBLEMS_LISTED = 20


def problem_report(parsed: VolunteerFile, limit: int = PROBLEMS_LISTED) -> list[str]:
    """What reading the file found, as a person reads it: a count line, then the problems one
    by one (:func:`problem_line`) in the file's order (the reader's: by row), at most ``limit``
    of them and a line counting the rest. Rejected rows are listed before any adjusted one is
    left out (they need fixing; an adjusted row was kept), so a file with a thousand
    fractional hours does not bury the rows that were rejected."""
    problems, rejected, adjusted = parsed.problems, parsed.rejected, parsed.warnings
    lines = [
        f"Read {counted(parsed.n_rows, 'volunteer row')}: {len(parsed.volunteers):,} accepted, "
        f"{len(rejected):,} rejected, {len(adjusted):,} adjusted."
    ]
    chosen = sorted(range(len(problems)), key=lambda i: problems[i].severity != "error")
    listed = [problems[i] for i in sorted(chosen[: max(limit, 0)])]
    lines += [f"  {problem_line(problem)}" for problem in listed]
    rest = len(problems) - len(listed)
    if rest:
        lines.append(f"  ... and {rest:,} more (every problem is in the JSON output).")
    return lines


def read_volunteers(path: str | Path, *, keep_names: bool = False) -> VolunteerFile:
    """:func:`psephos.io.volunteers.read_volunteers` with postcodes resolved.

    Raises:
        DataFormatError: the file cannot be read or lacks a required column.
    """
    return _reader.read_volunteers(
        path,
        keep_names=keep_names,
        locate=locate_postcodes,
        check_places=outside_the_seats,
        distance=great_circle_km,
    )


__all__ = [
    "REQUIRED_COLUMNS",
    "UK_BOUNDS",
    "RowProblem",
    "VolunteerFile",
    "VolunteerRow",
    "Volunteers",
    "outside_the_seats",
    "parse_volunteers",
    "problem_line",
    "problem_report",
    "read_volunteers",
]

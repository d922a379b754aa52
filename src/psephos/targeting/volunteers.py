"""Volunteer files for allocation: the reader and its types live in :mod:`psephos.io.volunteers`
(one reader per file type); this module keeps the names the targeting package has always
offered."""

from psephos.io.volunteers import (
    REQUIRED_COLUMNS,
    UK_BOUNDS,
    RowProblem,
    VolunteerFile,
    VolunteerRow,
    Volunteers,
    parse_volunteers,
    read_volunteers,
)

__all__ = [
    "REQUIRED_COLUMNS",
    "UK_BOUNDS",
    "RowProblem",
    "VolunteerFile",
    "VolunteerRow",
    "Volunteers",
    "parse_volunteers",
    "read_volunteers",
]

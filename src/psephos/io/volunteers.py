"""Volunteer files: validated per row, good rows kept, every rejection reported.

Format (CSV with a header): ``id, latitude, longitude, hours[, name]`` or
``id, postcode, hours[, name]`` (a file may have both location forms; a row with coordinates uses
them, a row without uses its postcode), and optionally ``chosen_seat``, the seat a volunteer chose
to help in (a name or ONS code, as the web app's sign-ups export it; an empty cell: none), kept
as written for the allocation to look up (:attr:`Volunteers.chosen_seats`); other columns are
ignored (and named in the notes).
Header cells are matched without regard to case or surrounding spaces, and common other
spellings are read through :data:`COLUMN_ALIASES` ("Post code", "post_code", "Post-code",
"Hours available"), a space, ``-`` and ``_`` counting as the same
(:func:`psephos.io.rows.column_key`, as the results reader reads "Seat Name"). Without an
``id`` column a volunteer's id is their ``name``, else their row number (:data:`ID_COLUMNS`),
and a note says which, so a spreadsheet's ``Name, Email, Postcode, Hours`` is read as it is.
Postcodes (full, sector or district) are resolved to their area's centre by a ``locate``
function the caller passes in (:func:`psephos.targeting.postcodes.locate_postcodes`, through
:mod:`psephos.targeting.volunteers`), so this reader holds no postcode table of its own.

Volunteer data is personal data: this module never logs or prints it, error messages name the
row number, the id and the reason but never a name or a real location, and :class:`Volunteers`
keeps names only when asked.

Rules, each giving one :class:`RowProblem` per affected row:

* Two columns read as one (``hours`` twice, ``Name`` beside ``name``) -> the file is refused,
  naming both (:func:`psephos.io.rows.columns_read_as_one`): which one is meant cannot be told.
* A row the same as an earlier one in every column (one sign-up exported twice) -> rejected
  as a copy of that row, which is read once.
* ``id`` missing -> rejected. An id used on more than one row -> every such row is rejected
  (we cannot tell which one is right); the message names the other rows. Where the ids are
  the names (no ``id`` column), a name on more than one row is two people who share a name
  (or one who signed up twice): each such row's id is its name and row, ``"Ada (row 7)"``,
  and a note names the rows (the first :data:`NOTE_ROWS`, the rest counted). Rows sharing an
  ``email`` (where the file has one; case ignored) are kept, and a note names them.
* ``latitude``/``longitude`` not numbers, not finite, out of range, or outside the United
  Kingdom's bounding box (49.8..60.9 N, 8.7 W..1.8 E: catches swapped columns) -> rejected;
  inside the box but in no seat (Dublin, the Isle of Man, the Channel Islands), where the
  caller gives ``check_places`` (:func:`psephos.targeting.volunteers.outside_the_seats`) ->
  rejected.
* ``postcode`` (used when a row has no coordinates) not a postcode, sector or district, or not
  in the postcode table -> rejected (the message names the district at most, never the full
  postcode). A row with neither coordinates nor postcode -> rejected. A row with one
  coordinate and a postcode is placed by its postcode, with a warning naming the missing
  coordinate. A row with both coordinates and a postcode is placed by its coordinates; where
  the caller gives ``distance`` and the postcode's area is more than
  :data:`POSTCODE_AGREES_KM` (50 km) from them, a warning says the two disagree, how far
  apart they are and that the coordinates are used.
* In a file separated by semicolons or tabs (a spreadsheet saved with a European locale) a
  decimal comma in ``hours``, ``latitude`` or ``longitude`` reads as a point ("2,5" hours).
* ``hours`` may have its unit after it, as a form's answers do ("4 hours", "4 hrs", "4h"),
  and thousands separators, as every reader of a number reads them ("1,000":
  :func:`psephos.io.rows.without_hours_unit`); a decimal comma in a file separated by commas
  ("1,5") is rejected saying to write the point.
* ``hours`` (for the whole campaign) not a number, negative, not finite or above
  :data:`MAX_HOURS` (2,000: a full-time working year, surely a typo) -> rejected; a fraction is
  rounded *down* to whole hours (volunteer hours are whole hours: the allocator works in whole
  hours) and reported as a warning, the row kept; :attr:`VolunteerFile.hours_given` keeps the
  hours as given, so a plan's headline counts against them. A row that is rejected gets no
  warning besides: the warnings ("adjusted") are of rows kept.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt
from pydantic import ValidationError, ValidationInfo, field_validator, model_validator

from psephos.errors import DataFormatError
from psephos.io.rows import (
    CsvColumns,
    FittedRow,
    column_key,
    csv_columns,
    decimal_comma_advice,
    finite_number,
    header_as_written,
    named_columns,
    read_text,
    without_hours_unit,
    without_hours_units,
)
from psephos.numbers import first_listed, format_number

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

REQUIRED_COLUMNS = ("hours",)
#: The header a file without ``hours`` is asked for: every column the reader needs, so the
#: organiser fixes the file once (a file with neither hours nor a location was told of hours
#: alone, then refused again for the location).
EXPECTED_HEADER = (
    "columns hours and either latitude and longitude, or postcode (optionally id and name)"
)
#: Where a volunteer's id comes from, first found: an ``id`` column, else ``name`` (a
#: spreadsheet's ``Name, Email, Postcode, Hours``), else the row number.
ID_COLUMNS = ("id", "name")
#: Location columns: both coordinates, or a postcode (full, sector or district), or all three.
COORDINATE_COLUMNS = ("latitude", "longitude")
POSTCODE_COLUMN = "postcode"
#: An e-mail address, read only to find one person on two rows (:func:`_shared_emails`); never
#: shown.
EMAIL_COLUMN = "email"
#: The seat a volunteer chose to help in (a name or ONS code): the allocation keeps them there.
CHOSEN_SEAT_COLUMN = "chosen_seat"
KNOWN_COLUMNS = (
    "id",
    *REQUIRED_COLUMNS,
    *COORDINATE_COLUMNS,
    POSTCODE_COLUMN,
    "name",
    EMAIL_COLUMN,
    CHOSEN_SEAT_COLUMN,
)
#: Most row numbers a note lists (the rest are counted).
NOTE_ROWS = 10
#: Other spellings of the columns, as people head them, keyed by
#: :func:`psephos.io.rows.column_key` (case ignored; a space, ``-``, ``_`` or ``/`` the same:
#: "Post code", "post_code" and "Post-code" are all ``post_code``).
COLUMN_ALIASES = {
    "volunteer_id": "id",
    "post_code": "postcode",
    "postal_code": "postcode",
    "hours_available": "hours",
    "available_hours": "hours",
    "hours_offered": "hours",
    "lat": "latitude",
    "lon": "longitude",
    "lng": "longitude",
    "long": "longitude",
    "full_name": "name",
    "volunteer": "name",
    "e_mail": "email",
    "email_address": "email",
    "e_mail_address": "email",
    "target_seat": CHOSEN_SEAT_COLUMN,
    "seat_chosen": CHOSEN_SEAT_COLUMN,
}


class _KeyedAliases(Mapping[str, str]):
    """:data:`COLUMN_ALIASES` looked up by :func:`psephos.io.rows.column_key`, so the reader
    (which looks a header cell up as :func:`psephos.io.rows.column_name` spells it) reads
    every spelling of a column the same way as the results reader does."""

    def __init__(self, aliases: Mapping[str, str]) -> None:
        self._aliases = dict(aliases)

    def __getitem__(self, cell: str) -> str:
        return self._aliases[column_key(cell)]

    def __iter__(self) -> Iterator[str]:
        return iter(self._aliases)

    def __len__(self) -> int:
        return len(self._aliases)


#: Columns of numbers (a decimal comma reads as a point where the file is separated by
#: semicolons or tabs: :func:`psephos.io.rows.csv_columns`).
NUMBER_COLUMNS = ("hours", *COORDINATE_COLUMNS)

#: Postcodes -> latitudes, longitudes, a reason per postcode (None when found) and, optionally,
#: a note per postcode found only roughly (None when found as given: a sector not in the table
#: placed at its district), e.g. :func:`psephos.targeting.postcodes.locate_postcodes`.
Locate = Callable[
    [list[str]],
    tuple["FloatArray", "FloatArray", list[str | None]]
    | tuple["FloatArray", "FloatArray", list[str | None], list[str | None]],
]

#: Latitudes and longitudes -> a reason per point where it is in no seat (None where it may
#: be), e.g. :func:`psephos.targeting.volunteers.outside_the_seats`: a box of latitudes and
#: longitudes lets in Dublin, the Isle of Man and the Channel Islands.
CheckPlaces = Callable[["FloatArray", "FloatArray"], list[str | None]]

#: Kilometres between two pairs of latitudes and longitudes (degrees), broadcasting, e.g.
#: :func:`psephos.jurisdictions.geography.great_circle_km`: with it, a row's postcode is
#: checked against its coordinates (:func:`_check_postcodes_agree`).
Distance = Callable[["FloatArray", "FloatArray", "FloatArray", "FloatArray"], "FloatArray"]

#: How far (km) a row's coordinates may be from its postcode's area before a warning says the
#: two disagree: a rural postcode district is tens of kilometres across, a home in another
#: town (coordinates in Bromley, a Manchester postcode) further.
POSTCODE_AGREES_KM = 50.0

#: Most hours one volunteer can give a campaign: a full-time working year (50 weeks of 40
#: hours). More is a typo (an extra zero, a phone number in the wrong column).
MAX_HOURS = 2_000

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
        chosen_seats: The seat each volunteer chose to help in, as the file writes it (a name
            or ONS code; ``""`` where none), or None where the file has no ``chosen_seat``
            column.
    """

    ids: tuple[str, ...]
    latitude: FloatArray
    longitude: FloatArray
    hours: IntArray
    names: tuple[str, ...] | None = None
    rows: IntArray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    chosen_seats: tuple[str, ...] | None = None

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
    ignored_columns: tuple[str, ...] = ()  # as the file's header spells them
    notes: tuple[str, ...] = ()
    #: The accepted volunteers' hours as the file gives them, fractions included (the
    #: volunteers' ``hours`` are whole hours, each rounded down); ``None``: the same.
    hours_given: float | None = None

    @property
    def ignored_note(self) -> str | None:
        """The columns not read, as a note (``None`` when every column was read); the web's
        allocation page lists :attr:`ignored_columns` the same way."""
        if not self.ignored_columns:
            return None
        return f"Columns ignored: {', '.join(self.ignored_columns)}."

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
    number = finite_number(value, label, infinite="not finite")
    absolute = 90.0 if label == "latitude" else 180.0
    if not -absolute <= number <= absolute:
        raise ValueError(f"{label} is out of range (-{absolute:g}..{absolute:g})")
    low, high = UK_BOUNDS[label]
    if not low <= number <= high:
        raise ValueError(
            f"{label} is outside the United Kingdom ({low:g}..{high:g}; columns swapped?)"
        )
    return number


class VolunteerRow(FittedRow):
    """One row of a volunteer file. Every message names the field and the rule, never the
    value (volunteer data is personal data)."""

    id: str
    latitude: float | None = None
    longitude: float | None = None
    postcode: str = ""
    hours: float
    name: str = ""

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
        elif (self.latitude is None or self.longitude is None) and not self.postcode:
            raise ValueError(f"{self.missing_coordinate} is missing")
        return self

    @property
    def missing_coordinate(self) -> str:
        """The coordinate the row lacks where it gives only one (``""`` otherwise)."""
        if (self.latitude is None) == (self.longitude is None):
            return ""
        return "latitude" if self.latitude is None else "longitude"

    @property
    def needs_postcode(self) -> bool:
        """True when the row's location is its postcode (it gave no coordinates, or only
        one of them)."""
        return self.latitude is None or self.longitude is None

    @field_validator("hours", mode="before")
    @classmethod
    def _hours(cls, value: object) -> float:
        try:
            number = finite_number(without_hours_unit(value), "hours")
        except ValueError as error:
            if str(error) != "hours is not a number":
                raise
            raise ValueError(_not_hours(str(value))) from None
        if number < 0:
            raise ValueError(f"hours is negative ({number:g})")
        if number > MAX_HOURS:
            raise ValueError(
                f"hours is more than {MAX_HOURS:,} ({number:g}; at most a full-time working "
                "year for the campaign)"
            )
        return number


#: The longest hours cell a rejection quotes whole.
_QUOTED_CELL = 30


def _not_hours(cell: str) -> str:
    """Why an hours cell that is no number is refused, quoting it (``'6 hrs/week'``, cut at
    :data:`_QUOTED_CELL` characters) and saying that ``hours`` are the whole campaign's: hours
    a week, a common sign-up answer, are worked out for the campaign's weeks
    (``6 a week for 5 weeks is 30``)."""
    text = " ".join(cell.split())
    quoted = repr(text if len(text) <= _QUOTED_CELL else text[: _QUOTED_CELL - 1] + "\u2026")
    advice = decimal_comma_advice(text)
    if advice:  # "1,5" in a file separated by commas
        return f"hours has a decimal comma ({quoted}): {advice}"
    weekly = re.match(r"\s*(\d+(?:\.\d+)?)\b.*\b(?:a|per|/)\s*(?:week|wk)\b", text, re.I)
    if weekly is None:
        weekly = re.match(r"\s*(\d+(?:\.\d+)?)\b.*/\s*w", text, re.I)
    if weekly is not None:
        per_week = float(weekly[1])
        return (
            f"hours is not a number ({quoted}): give the hours for the whole campaign, not a "
            f"week ({per_week:g} a week for 5 weeks is {per_week * 5:g})"
        )
    return f"hours is not a number ({quoted}): give the hours for the whole campaign, e.g. 20"


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
    problems = []
    if row.missing_coordinate:
        reason = f"{row.missing_coordinate} is missing: the row is placed by its postcode"
        problems.append(RowProblem(line_number, volunteer_id, "warning", reason))
    if math.floor(row.hours) != row.hours:
        problems.append(RowProblem(line_number, volunteer_id, "warning", _rounded(row.hours)))
    return row, problems


def _rounded(hours: float) -> str:
    """The warning for hours given with a fraction."""
    return f"hours {hours:g} rounded down to {math.floor(hours)} (volunteer hours are whole hours)"


def _with_ids(table: CsvColumns, copies: Mapping[int, int]) -> tuple[CsvColumns, str | None]:
    """The table with an ``id`` column (:data:`ID_COLUMNS`) and a note saying where it came
    from when the file had none; the ``copies`` of earlier rows (:func:`_copies`) share no
    name with them."""
    if "id" in table.columns:
        return table, None
    if "name" in table.columns:
        ids, shared = _names_told_apart(table.columns["name"], table.numbers, copies)
        note = (
            "The volunteer file has no id column: each volunteer's name is their id (it shows "
            "in the plan and in the messages; add an id column to keep names out)."
        )
        if shared:
            note += (
                f" Rows {first_listed(list(map(str, shared)), NOTE_ROWS)} share a name with "
                "another row: each is told apart by its row ('Name (row 7)') and kept; check "
                "that no one signed up twice."
            )
    else:
        ids = [str(number) for number in table.numbers]
        note = "The volunteer file has no id or name column: each volunteer's id is their row."
    return replace(table, columns={"id": ids, **table.columns}), note


def _names_told_apart(
    names: list[str], rows: list[int], copies: Mapping[int, int]
) -> tuple[list[str], list[int]]:
    """Names as ids, a name on more than one row followed by its row (``"Ada (row 7)"``):
    two people may share a name, so a repeated name (unlike a repeated id) rejects no one;
    and the rows whose names were so changed. A copy of an earlier row (``copies``) is not
    another person: it keeps its name and is not counted."""
    counts = Counter(name.strip() for index, name in enumerate(names) if index not in copies)
    counts.pop("", None)
    if all(count == 1 for count in counts.values()):
        return names, []
    ids, shared = [], []
    for index, (name, row) in enumerate(zip(names, rows, strict=True)):
        if index not in copies and counts.get(name.strip(), 0) > 1:
            ids.append(f"{name.strip()} (row {row})")
            shared.append(row)
        else:
            ids.append(name)
    return ids, shared


def _check_location_columns(header: list[str], spelled: Iterable[str] = ()) -> None:
    """A whole-file error unless the header has both coordinates or a postcode column; it
    names the columns found as the file spells them (``spelled``; default: ``header``)."""
    has_coordinates = all(column in header for column in COORDINATE_COLUMNS)
    if has_coordinates or POSTCODE_COLUMN in header:
        return
    found = list(spelled) or header
    raise DataFormatError(
        "The volunteer file lacks a location: expected columns latitude and longitude, or "
        f"postcode, besides hours (found {', '.join(found) or 'none'})."
    )


def _number(cell: str) -> float:
    """A cell as Python's ``float`` reads it, NaN when it is not a number."""
    try:
        return float(cell)
    except ValueError:
        return math.nan


def _numbers(cells: list[str] | None, n_rows: int) -> FloatArray:
    """A column's cells as numbers (NaN where missing or not a number; all NaN without the
    column). Whitespace around a number is allowed, as :func:`float` allows it."""
    if cells is None:
        return np.full(n_rows, np.nan)
    try:
        return np.fromiter(map(float, cells), dtype=np.float64, count=n_rows)
    except ValueError:
        return np.fromiter(map(_number, cells), dtype=np.float64, count=n_rows)


def _blank(cells: list[str] | None, n_rows: int) -> npt.NDArray[np.bool_]:
    """Which cells are empty or whitespace (all of them without the column)."""
    if cells is None:
        return np.ones(n_rows, dtype=bool)
    return ~np.fromiter(map(bool, map(str.strip, cells)), dtype=bool, count=n_rows)


@dataclass(slots=True)
class _Accepted:
    """The rows accepted so far, aligned with the file's rows (filled column-wise)."""

    accepted: npt.NDArray[np.bool_]
    ids: list[str]
    latitude: FloatArray
    longitude: FloatArray
    by_postcode: npt.NDArray[np.bool_]
    postcodes: list[str]
    hours: FloatArray
    names: list[str]


def _clean_rows(table: CsvColumns) -> tuple[_Accepted, npt.NDArray[np.bool_]]:
    """Rows that pass every rule, checked column by column, and the rows left to check one by
    one (:func:`_check_row`): those that break a rule or hold anything unusual.

    A row is clean when it has an id and either both coordinates, finite and inside the United
    Kingdom's box, or neither coordinate and a postcode; and finite hours from 0 to
    :data:`MAX_HOURS`.
    Fractional hours are clean too (the caller adds their warning). Whatever is not clean goes
    through the row schema, which writes the messages.
    """
    n_rows = len(table)
    ids = list(map(str.strip, table.columns["id"]))
    latitude = _numbers(table.column("latitude"), n_rows)
    longitude = _numbers(table.column("longitude"), n_rows)
    hours = _numbers(table.columns["hours"], n_rows)
    with np.errstate(invalid="ignore"):
        (lat_low, lat_high), (lon_low, lon_high) = UK_BOUNDS["latitude"], UK_BOUNDS["longitude"]
        by_coordinates = (
            (latitude >= lat_low)
            & (latitude <= lat_high)
            & (longitude >= lon_low)
            & (longitude <= lon_high)
        )
        good_hours = np.isfinite(hours) & (hours >= 0) & (hours <= MAX_HOURS)
    postcode_cells = table.column(POSTCODE_COLUMN)
    postcodes = [" ".join(cell.split()) for cell in postcode_cells] if postcode_cells else []
    by_postcode = np.zeros(n_rows, dtype=bool)
    if postcodes:
        no_coordinates = _blank(table.column("latitude"), n_rows) & _blank(
            table.column("longitude"), n_rows
        )
        has_postcode = np.fromiter(map(bool, postcodes), dtype=bool, count=n_rows)
        by_postcode = no_coordinates & has_postcode
    else:
        postcodes = [""] * n_rows
    has_id = np.fromiter(map(bool, ids), dtype=bool, count=n_rows)
    clean = has_id & good_hours & (by_coordinates | by_postcode)
    if table.extra:
        clean[list(table.extra)] = False
    name_cells = table.column("name")
    names = list(map(str.strip, name_cells)) if name_cells else [""] * n_rows
    accepted = _Accepted(
        clean, ids, latitude, longitude, by_postcode & clean, postcodes, hours, names
    )
    return accepted, ~clean


def _check_rest(
    table: CsvColumns, accepted: _Accepted, rest: npt.NDArray[np.bool_]
) -> list[RowProblem]:
    """Check the rows left over one by one with the row schema; accepted ones join ``accepted``."""
    problems: list[RowProblem] = []
    for index in np.flatnonzero(rest).tolist():
        row, row_problems = _check_row(table.numbers[index], table.record(index))
        problems += row_problems
        if row is None:
            continue
        accepted.accepted[index] = True
        accepted.ids[index] = row.id
        accepted.by_postcode[index] = row.needs_postcode
        placed = not row.needs_postcode  # else by its postcode: a lone latitude is not kept
        accepted.latitude[index] = row.latitude if placed and row.latitude is not None else math.nan
        accepted.longitude[index] = (
            row.longitude if placed and row.longitude is not None else math.nan
        )
        accepted.postcodes[index] = row.postcode
        accepted.hours[index] = row.hours
        accepted.names[index] = row.name
    return problems


def _fraction_warnings(
    table: CsvColumns, accepted: _Accepted, clean: npt.NDArray[np.bool_]
) -> list[RowProblem]:
    """A warning for each clean row whose hours have a fraction (rounded down)."""
    fractional = clean & (np.floor(accepted.hours) != accepted.hours)
    return [
        RowProblem(table.numbers[index], accepted.ids[index], "warning", _rounded(hours))
        for index, hours in zip(
            np.flatnonzero(fractional).tolist(), accepted.hours[fractional].tolist(), strict=True
        )
    ]


def _drop_duplicates(
    table: CsvColumns, accepted: _Accepted, copies: Mapping[int, int]
) -> list[RowProblem]:
    """Reject every accepted row whose id is on more than one row of the file (a rejected row's
    id counts too; a copy of an earlier row, ``copies``, does not), naming the other rows."""
    ids = table.columns["id"]
    keys = list(map(str.strip, ids))
    counted = [key for index, key in enumerate(keys) if index not in copies] if copies else keys
    if len(set(counted)) == len(counted):  # every id once: no row to reject
        return []
    counts = Counter(counted)
    counts.pop("", None)
    repeated = {key for key, count in counts.items() if count > 1}
    if not repeated:
        return []
    lines: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        if key in repeated and index not in copies:
            lines.setdefault(key, []).append(table.numbers[index])
    problems = []
    for index in np.flatnonzero(accepted.accepted).tolist():
        volunteer_id = accepted.ids[index]
        if volunteer_id not in repeated:
            continue
        line_number = table.numbers[index]
        others = ", ".join(str(line) for line in lines[volunteer_id] if line != line_number)
        problems.append(
            RowProblem(
                line_number,
                volunteer_id,
                "error",
                f"duplicate id (also on row(s) {others}); all rows with this id rejected",
            )
        )
        accepted.accepted[index] = False
    return problems


def _copies(table: CsvColumns) -> dict[int, int]:
    """Row index -> the index of the first row the same as it in every column (spaces around a
    cell ignored): one sign-up exported twice, read once."""
    first: dict[tuple[str, ...], int] = {}
    copies: dict[int, int] = {}
    columns = list(table.columns.values())
    leading = list(map(str.strip, columns[0])) if columns else []
    if len(set(leading)) == len(leading):  # one column with no cell twice: no row twice
        return copies
    cells = [leading, *(list(map(str.strip, column)) for column in columns[1:])]
    for index, key in enumerate(zip(*cells, strict=True)):
        copies_of = first.setdefault(key, index)
        if copies_of != index:
            copies[index] = copies_of
    return copies


def _copy_problems(
    table: CsvColumns, accepted: _Accepted, copies: Mapping[int, int]
) -> list[RowProblem]:
    """Each copy of an earlier row (:func:`_copies`) rejected, naming the row it copies."""
    problems = []
    for index, original in copies.items():
        accepted.accepted[index] = False
        first = table.numbers[original]
        reason = f"a copy of row {first} (the same in every column); read once, as row {first}"
        problems.append(
            RowProblem(table.numbers[index], accepted.ids[index].strip(), "error", reason)
        )
    return problems


def _shared_emails(table: CsvColumns, copies: Mapping[int, int]) -> str | None:
    """A note naming the rows that share an e-mail address with another row (not a copy of
    it): probably one person who signed up twice, with different answers, so both are kept."""
    cells = table.column(EMAIL_COLUMN)
    if cells is None:
        return None
    keys = [cell.strip().casefold() for cell in cells]
    counts = Counter(key for index, key in enumerate(keys) if key and index not in copies)
    shared = [
        str(table.numbers[index])
        for index, key in enumerate(keys)
        if index not in copies and counts.get(key, 0) > 1
    ]
    if not shared:
        return None
    return (
        f"Rows {first_listed(shared, NOTE_ROWS)} share an e-mail address with another row: "
        "probably one person who signed up twice with different answers; both are kept, so "
        "check them and delete the one that is out of date."
    )


def _locate_rows(table: CsvColumns, accepted: _Accepted, locate: Locate | None) -> list[RowProblem]:
    """Give accepted rows without coordinates their postcode's latitude and longitude; rows
    whose postcode is not found are rejected with ``postcode: <reason>``, and rows placed only
    roughly (a sector not in the table, at its district's centre) kept with a warning,
    ``postcode: <note>``."""
    wanted = np.flatnonzero(accepted.accepted & accepted.by_postcode)
    if not len(wanted):
        return []
    postcodes = [accepted.postcodes[index] for index in wanted.tolist()]
    notes: list[str | None] = [None] * len(wanted)
    if locate is not None:
        found = locate(postcodes)
        latitudes, longitudes, reasons = found[0], found[1], found[2]
        if len(found) > 3:
            notes = found[3]  # the optional fourth: notes
    else:
        missing = "no postcode lookup was given (read through psephos.targeting.volunteers)"
        latitudes = longitudes = np.full(len(wanted), np.nan)
        reasons = [missing] * len(wanted)
    accepted.latitude[wanted] = latitudes
    accepted.longitude[wanted] = longitudes
    problems = []
    for index, reason, note in zip(wanted.tolist(), reasons, notes, strict=True):
        if note is not None and reason is None:  # kept, placed roughly: said as adjusted
            problems.append(
                RowProblem(
                    table.numbers[index], accepted.ids[index], "warning", f"postcode: {note}"
                )
            )
        if reason is not None:
            accepted.accepted[index] = False
            row_problem = RowProblem(
                table.numbers[index], accepted.ids[index], "error", f"postcode: {reason}"
            )
            problems.append(row_problem)
    return problems


def _check_postcodes_agree(
    table: CsvColumns, accepted: _Accepted, locate: Locate | None, distance: Distance | None
) -> list[RowProblem]:
    """A warning for each accepted row placed by its coordinates whose postcode (also given)
    is found more than :data:`POSTCODE_AGREES_KM` from them: the two disagree, and the
    coordinates are used. The message names the distance, never the postcode or a place."""
    wanted = np.flatnonzero(
        accepted.accepted
        & ~accepted.by_postcode
        & np.fromiter(map(bool, accepted.postcodes), dtype=bool, count=len(accepted.postcodes))
    )
    if locate is None or distance is None or not len(wanted):
        return []
    found = locate([accepted.postcodes[index] for index in wanted.tolist()])
    apart = distance(accepted.latitude[wanted], accepted.longitude[wanted], found[0], found[1])
    return [
        RowProblem(
            table.numbers[index],
            accepted.ids[index],
            "warning",
            f"latitude and longitude are {format_number(km, ',.0f')} km from the postcode's "
            "area: the two disagree, and the latitude and longitude are used (check which "
            "is right)",
        )
        for index, km, reason in zip(wanted.tolist(), apart.tolist(), found[2], strict=True)
        if reason is None and km > POSTCODE_AGREES_KM
    ]


def _check_places(
    table: CsvColumns, accepted: _Accepted, check_places: CheckPlaces | None
) -> list[RowProblem]:
    """Reject accepted rows whose coordinates lie in no seat (``check_places``'s reason,
    which names no place); rows placed by their postcode are in a seat already."""
    wanted = np.flatnonzero(accepted.accepted & ~accepted.by_postcode)
    if check_places is None or not len(wanted):
        return []
    problems = []
    reasons = check_places(accepted.latitude[wanted], accepted.longitude[wanted])
    for index, reason in zip(wanted.tolist(), reasons, strict=True):
        if reason is not None:
            accepted.accepted[index] = False
            problems.append(RowProblem(table.numbers[index], accepted.ids[index], "error", reason))
    return problems


def parse_volunteers(
    text: str,
    *,
    keep_names: bool = False,
    locate: Locate | None = None,
    check_places: CheckPlaces | None = None,
    distance: Distance | None = None,
) -> VolunteerFile:
    """Validate volunteer CSV text (see the module docstring for the rules).

    The rules are checked column by column with NumPy; only rows that break one (or hold
    something unusual) go through the row schema :class:`VolunteerRow`, which writes their
    messages, so a large clean file costs no per-row validation.

    Args:
        text: The CSV text.
        keep_names: Keep the ``name`` column (personal data) in the result.
        locate: Resolves the postcodes of rows without coordinates; without it such rows are
            rejected.
        check_places: Says which rows' coordinates lie in no seat (rejected with its reason);
            without it the United Kingdom's box alone is checked.
        distance: Kilometres between points; with it (and ``locate``), a row's postcode is
            checked against its coordinates (a warning where they disagree).

    Raises:
        DataFormatError: only for whole-file problems (no header, a required column missing).
    """
    table = csv_columns(
        text,
        what="volunteer file",
        required=REQUIRED_COLUMNS,
        numbers=NUMBER_COLUMNS,
        aliases=_KeyedAliases(COLUMN_ALIASES),
        expected=EXPECTED_HEADER,
        known=KNOWN_COLUMNS,
    )
    spelled = header_as_written(text)  # named as the file spells them, not lower-cased
    _check_location_columns(table.header, spelled.values())
    table.columns["hours"] = without_hours_units(table.columns["hours"])  # "4 hrs"
    copies = _copies(table)
    table, id_note = _with_ids(table, copies)
    accepted, rest = _clean_rows(table)
    rest[list(copies)] = False
    problems = _copy_problems(table, accepted, copies)
    problems += _fraction_warnings(table, accepted, accepted.accepted & ~rest)
    problems += _check_rest(table, accepted, rest)
    problems += _drop_duplicates(table, accepted, copies)
    problems += _locate_rows(table, accepted, locate)
    problems += _check_places(table, accepted, check_places)
    problems += _check_postcodes_agree(table, accepted, locate, distance)
    rejected = {problem.row for problem in problems if problem.severity == "error"}
    # a rejected row is not also said to be adjusted: "adjusted" counts rows kept
    problems = [p for p in problems if p.severity == "error" or p.row not in rejected]
    if "id" not in table.header:  # the ids are names: say so where one is missing
        problems = [_name_for_id(problem) for problem in problems]
    problems.sort(key=lambda p: (p.row, p.severity))
    keep = np.flatnonzero(accepted.accepted)
    kept = keep.tolist()
    volunteers = Volunteers(
        ids=tuple([accepted.ids[index] for index in kept]),
        latitude=accepted.latitude[keep],
        longitude=accepted.longitude[keep],
        hours=np.floor(accepted.hours[keep]).astype(np.int64),
        names=tuple([accepted.names[index] for index in kept])
        if keep_names and "name" in table.header
        else None,
        rows=np.asarray(table.numbers, dtype=np.int64)[keep],
        chosen_seats=_chosen_seats(table.column(CHOSEN_SEAT_COLUMN), kept),
    )
    ignored = tuple(
        spelled.get(c, c) for c in named_columns(table.header) if c not in KNOWN_COLUMNS
    )
    notes = tuple(filter(None, [id_note, _shared_emails(table, copies)]))
    given = float(accepted.hours[keep].sum())
    return VolunteerFile(volunteers, tuple(problems), len(table), ignored, notes, given)


def _chosen_seats(cells: list[str] | None, kept: list[int]) -> tuple[str, ...] | None:
    """The kept rows' chosen seats, spaces tidied (``None`` without the column)."""
    if cells is None:
        return None
    return tuple(" ".join(cells[index].split()) for index in kept)


def _name_for_id(problem: RowProblem) -> RowProblem:
    """A problem of a file whose ids are its names, "id is missing" said as "name"."""
    reason = problem.reason.replace("id is missing", "name is missing (it is the id)")
    return replace(problem, reason=reason)


def read_volunteers(
    path: str | Path,
    *,
    keep_names: bool = False,
    locate: Locate | None = None,
    check_places: CheckPlaces | None = None,
    distance: Distance | None = None,
) -> VolunteerFile:
    """Read and validate a volunteer CSV file (UTF-8); ``locate``, ``check_places`` and
    ``distance`` as in :func:`parse_volunteers`.

    Raises:
        DataFormatError: the file cannot be read or lacks a required column.
    """
    return parse_volunteers(
        read_text(path, what="Volunteer file"),
        keep_names=keep_names,
        locate=locate,
        check_places=check_places,
        distance=distance,
    )

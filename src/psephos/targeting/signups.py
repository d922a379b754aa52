"""Volunteer sign-ups as a volunteers file for allocation.

The web app's sign-up form stores each volunteer's hours *a week* and home seat (an ONS code);
``psephos allocate`` and the organisers' allocation page read a volunteers file whose ``hours``
are the hours given to the *whole campaign* and whose location is a ``latitude,longitude`` or a
postcode (:mod:`psephos.io.volunteers`, whose column names these rows use). This module turns
one into the other:

* ``hours`` = hours a week x the weeks of campaigning left, which the organiser gives (the
  app cannot know them; :data:`DEFAULT_CAMPAIGN_WEEKS` where none is given);
* ``latitude,longitude``: the centre of the home seat, its centroid in the bundled geography
  (:func:`psephos.jurisdictions.geography.centroids_of`), on the boundaries of the election the
  volunteer signed up for. A sign-up without a home seat (or one whose seat has no bundled
  centre) is written with both cells empty, so the reader rejects its row by number and id
  ("location is missing") and nobody is dropped without a word;
* ``chosen_seat``: the ONS code of the seat the volunteer signed up to help in, which
  ``psephos allocate`` keeps them on (:mod:`psephos.io.volunteers`; the plan places the others
  around them);
* ``id``: the sign-up's number (as ``/api/organisers/volunteers`` and ``/organisers`` show it),
  never the e-mail address, unless personal data is asked for: then the e-mail is the id and
  the name is kept (``name``), as the allocation's ``include_personal`` puts names in a plan.

Text the public typed (a name, an e-mail address) that a spreadsheet would read as a formula
(starting ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written with a leading
``'``, so opening the file in a spreadsheet runs nothing (OWASP, "CSV Injection").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from psephos.errors import PsephosError
from psephos.io.volunteers import (
    CHOSEN_SEAT_COLUMN,
    COORDINATE_COLUMNS,
    ID_COLUMNS,
    REQUIRED_COLUMNS,
)
from psephos.jurisdictions.geography import centroids_of

#: Weeks a sign-up's hours a week are multiplied by where the organiser gives none: a UK
#: general election's timetable, dissolution to polling day, is 25 working days (Representation
#: of the People Act 1983, Schedule 1, rule 1, as the Electoral Registration and Administration
#: Act 2013 set it), five weeks.
DEFAULT_CAMPAIGN_WEEKS = 5
#: Most weeks taken: a year.
MAX_CAMPAIGN_WEEKS = 52

ID_COLUMN, NAME_COLUMN = ID_COLUMNS
(HOURS_COLUMN,) = REQUIRED_COLUMNS
LATITUDE_COLUMN, LONGITUDE_COLUMN = COORDINATE_COLUMNS
#: The file's header: the reader's id, hours, coordinate and chosen seat columns.
SIGN_UP_COLUMNS = (ID_COLUMN, *REQUIRED_COLUMNS, *COORDINATE_COLUMNS, CHOSEN_SEAT_COLUMN)
#: The header with personal data: the e-mail address as the id, and the name.
PERSONAL_SIGN_UP_COLUMNS = (*SIGN_UP_COLUMNS, NAME_COLUMN)

#: First characters a spreadsheet reads as the start of a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class SignUp:
    """One volunteer's sign-up, as the web app stores it.

    Attributes:
        number: The sign-up's id in the app (``/api/organisers/volunteers``'s ``id``).
        name: The volunteer's name.
        email: Their e-mail address.
        hours_per_week: Hours a week they offered.
        home_seat: ONS code of the seat they live in, if they gave it.
        boundary_set: The boundaries of the election they signed up for (its seats' codes),
            ``None`` where that election is no longer bundled.
        target_seat: ONS code of the seat they signed up to help in.
    """

    number: int
    name: str
    email: str
    hours_per_week: int
    home_seat: str | None
    boundary_set: str | None
    target_seat: str | None = None

    def __repr__(self) -> str:  # never print personal data by accident
        return f"SignUp(number={self.number})"


def checked_weeks(weeks: int) -> int:
    """The weeks of campaigning, when they are a whole number from 1 to
    :data:`MAX_CAMPAIGN_WEEKS`.

    Raises:
        PsephosError: they are not.
    """
    if isinstance(weeks, bool) or not isinstance(weeks, int):
        raise PsephosError(f"weeks must be a whole number of weeks, not {weeks!r}.")
    if not 1 <= weeks <= MAX_CAMPAIGN_WEEKS:
        raise PsephosError(f"weeks must be from 1 to {MAX_CAMPAIGN_WEEKS}, not {weeks}.")
    return weeks


def _spreadsheet_safe(text: str) -> str:
    """Text a spreadsheet would read as a formula, with a leading ``'`` so it reads as text."""
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _home_centre(sign_up: SignUp) -> tuple[float, float] | None:
    """The centre of the sign-up's home seat, or ``None`` where it has none bundled."""
    if not sign_up.home_seat or sign_up.boundary_set is None:
        return None
    found = centroids_of(sign_up.boundary_set, [sign_up.home_seat])
    if found is None:
        return None
    latitudes, longitudes = found
    return float(latitudes[0]), float(longitudes[0])


def sign_up_columns(*, include_personal: bool = False) -> tuple[str, ...]:
    """The header :func:`allocation_rows` writes."""
    return PERSONAL_SIGN_UP_COLUMNS if include_personal else SIGN_UP_COLUMNS


def allocation_rows(
    sign_ups: Iterable[SignUp], weeks: int, *, include_personal: bool = False
) -> list[dict[str, Any]]:
    """Sign-ups as the rows of a volunteers file for allocation, in the order given.

    Args:
        sign_ups: The sign-ups.
        weeks: Weeks of campaigning left: each sign-up's hours a week are multiplied by it.
        include_personal: Make the e-mail address the id and keep the name; else the id is
            the sign-up's number and no name is written.

    Raises:
        PsephosError: ``weeks`` is not a whole number from 1 to :data:`MAX_CAMPAIGN_WEEKS`.
    """
    weeks = checked_weeks(weeks)
    rows: list[dict[str, Any]] = []
    for sign_up in sign_ups:
        centre = _home_centre(sign_up)
        row: dict[str, Any] = {
            ID_COLUMN: _spreadsheet_safe(sign_up.email) if include_personal else sign_up.number,
            HOURS_COLUMN: sign_up.hours_per_week * weeks,
            LATITUDE_COLUMN: "" if centre is None else centre[0],
            LONGITUDE_COLUMN: "" if centre is None else centre[1],
            CHOSEN_SEAT_COLUMN: sign_up.target_seat or "",
        }
        if include_personal:
            row[NAME_COLUMN] = _spreadsheet_safe(sign_up.name)
        rows.append(row)
    return rows


def without_home_seat(sign_ups: Iterable[SignUp]) -> int:
    """How many sign-ups have no home seat centre (their rows have no location)."""
    return sum(_home_centre(sign_up) is None for sign_up in sign_ups)

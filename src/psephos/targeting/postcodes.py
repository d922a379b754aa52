"""Postcodes as starting points: many volunteers' postcodes placed at once
(:func:`locate_postcodes`), and a place that may be a postcode (:func:`resolve_place`).

The lookup itself (a postcode, sector or district -> its place and seats) is
:mod:`psephos.jurisdictions.postcodes`; a postcode's seats in an election,
:func:`psephos.jurisdictions.postcode_seats`.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from psephos.errors import InvalidPostcodeError, UnknownPostcodeError
from psephos.jurisdictions import postcode_seats
from psephos.jurisdictions.postcodes import (
    looks_like_postcode,
    lookup_postcode,
    no_seat_reason,
    parse_postcode,
)
from psephos.model import Election
from psephos.targeting.geo import Location, resolve_location

FloatArray = npt.NDArray[np.float64]


def locate_postcodes(
    texts: list[str],
) -> tuple[FloatArray, FloatArray, list[str | None], list[str | None]]:
    """Latitude, longitude, a reason (None when found) and a note (None when found as given)
    per postcode.

    Used for files of many postcodes (volunteers): a bad row gets NaN and a short reason that
    names at most the postcode district, never the full postcode (it may be personal data); a
    full postcode or sector whose sector is not in the table is placed at its district's centre
    with a note saying so (a typo, likely: ``LS6 7ZZ`` placed at LS6's centre, 16 km away).
    """
    latitudes = np.full(len(texts), np.nan)
    longitudes = np.full(len(texts), np.nan)
    problems: list[str | None] = []
    notes: list[str | None] = [None] * len(texts)
    for row, text in enumerate(texts):
        try:
            area = lookup_postcode(text)
        except InvalidPostcodeError:
            problems.append(
                "not a UK postcode (give a full postcode, a sector such as 'NW6 1' or a "
                "district such as 'NW6')"
            )
            continue
        except UnknownPostcodeError:
            district = parse_postcode(text).district
            no_seat = no_seat_reason(district)
            problems.append(
                f"district {district!r} is {no_seat}"
                if no_seat
                else f"not a known postcode (district {district!r} is not in the bundled "
                "postcode table, ONS NSPL May 2025)"
            )
            continue
        latitudes[row], longitudes[row] = area.latitude, area.longitude
        problems.append(None)
        if area.sector_unknown:
            notes[row] = (
                "its sector is not in the bundled postcode table (ONS NSPL May 2025; mistyped, "
                f"or new since?), so it was placed at the centre of its district, {area.matched}"
            )
    return latitudes, longitudes, problems, notes


def resolve_place(election: Election, where: str | tuple[float, float]) -> Location:
    """A starting point from a postcode (full, sector or district: its mean position and the
    seats it is in), or anything :func:`psephos.targeting.geo.resolve_location` takes."""
    if (
        isinstance(where, str)
        and looks_like_postcode(where)
        and where.strip().upper() not in election.codes
    ):
        found = postcode_seats(election, where)
        return Location(
            found.area.latitude,
            found.area.longitude,
            found.area.query,
            tuple(option.code for option in found.options),
        )
    return resolve_location(election, where)

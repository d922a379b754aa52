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
from psephos.jurisdictions.postcodes import looks_like_postcode, lookup_postcode, parse_postcode
from psephos.model import Election
from psephos.targeting.geo import Location, resolve_location

FloatArray = npt.NDArray[np.float64]


def locate_postcodes(texts: list[str]) -> tuple[FloatArray, FloatArray, list[str | None]]:
    """Latitude, longitude and a reason (None when found) per postcode.

    Used for files of many postcodes (volunteers): a bad row gets NaN and a short reason that
    names at most the postcode district, never the full postcode (it may be personal data).
    """
    latitudes = np.full(len(texts), np.nan)
    longitudes = np.full(len(texts), np.nan)
    problems: list[str | None] = []
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
            problems.append(
                f"not a known postcode (district {district!r} is not in the bundled postcode "
                "table, ONS NSPL May 2025)"
            )
            continue
        latitudes[row], longitudes[row] = area.latitude, area.longitude
        problems.append(None)
    return latitudes, longitudes, problems


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

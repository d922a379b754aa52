"""Seat centroids, great-circle distances, locations and the travel-time hook.

Centroids come from the bundled ``geography`` table (ONS boundary centroids, by boundary set).
Distances are great-circle (haversine) on a sphere of the mean Earth radius, 6,371.0088 km
(Moritz 2000, *Geodetic Reference System 1980*, IUGG). Nearest-seat queries use a KD-tree on 3D
unit vectors, where chord order equals great-circle order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from psephos.errors import PsephosError, UnknownConstituencyError, did_you_mean
from psephos.model import Election
from psephos.model.election import normalise_name
from psephos.numbers import format_number

FloatArray = npt.NDArray[np.float64]

#: Mean Earth radius in km (IUGG).
EARTH_RADIUS_KM = 6371.0088


@runtime_checkable
class TravelTime(Protocol):
    """A routing hook: travel minutes from one origin to many destinations.

    Pass any callable with this signature (e.g. a wrapper around an OSRM or Valhalla server) to
    :func:`psephos.targeting.nearest.nearest_marginals` or the allocator. It must return one
    non-negative number of minutes per destination (``inf`` for unreachable).
    """

    def __call__(
        self,
        origin_latitude: float,
        origin_longitude: float,
        latitudes: FloatArray,
        longitudes: FloatArray,
    ) -> FloatArray: ...


def straight_line_minutes(speed_kmh: float = 40.0) -> TravelTime:
    """A simple hook: great-circle distance at a constant average speed."""

    def minutes(
        origin_latitude: float,
        origin_longitude: float,
        latitudes: FloatArray,
        longitudes: FloatArray,
    ) -> FloatArray:
        km = great_circle_km(origin_latitude, origin_longitude, latitudes, longitudes)
        return km / speed_kmh * 60.0

    return minutes


def great_circle_km(
    latitude_a: npt.ArrayLike,
    longitude_a: npt.ArrayLike,
    latitude_b: npt.ArrayLike,
    longitude_b: npt.ArrayLike,
) -> FloatArray:
    """Haversine distance in km between points (degrees), broadcasting."""
    lat_a, lon_a = np.radians(latitude_a), np.radians(longitude_a)
    lat_b, lon_b = np.radians(latitude_b), np.radians(longitude_b)
    half = (
        np.sin((lat_b - lat_a) / 2.0) ** 2
        + np.cos(lat_a) * np.cos(lat_b) * np.sin((lon_b - lon_a) / 2.0) ** 2
    )
    return np.asarray(
        2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(half, 0.0, 1.0))), dtype=np.float64
    )


def unit_vectors(latitude: npt.ArrayLike, longitude: npt.ArrayLike) -> FloatArray:
    """Points as 3D unit vectors (n x 3)."""
    lat, lon = np.radians(latitude), np.radians(longitude)
    cos_lat = np.cos(lat)
    return np.stack([cos_lat * np.cos(lon), cos_lat * np.sin(lon), np.sin(lat)], axis=-1)


def chord_to_km(chord: npt.ArrayLike) -> FloatArray:
    """Great-circle km from the chord length between unit vectors."""
    return np.asarray(
        2.0 * EARTH_RADIUS_KM * np.arcsin(np.clip(np.asarray(chord) / 2.0, 0.0, 1.0)),
        dtype=np.float64,
    )


def seat_centroids(election: Election) -> tuple[FloatArray, FloatArray]:
    """Centroid latitude and longitude per seat in the election's seat order.

    Raises:
        PsephosError: when the bundled geography lacks a seat of the election.
    """
    boundary_set = election.constituencies[0].boundary_set if election.n_seats else "2010"
    position, latitudes, longitudes = _centroid_table(boundary_set)
    missing = [code for code in election.codes if code not in position]
    if missing:
        raise PsephosError(
            f"No bundled centroid for {len(missing)} seat(s) ({', '.join(missing[:3])}...); "
            f"the geography table covers the {boundary_set} boundaries only for bundled seats."
        )
    rows = np.fromiter((position[code] for code in election.codes), dtype=np.int64)
    return latitudes[rows], longitudes[rows]


def nearest_seat_index(election: Election, latitude: float, longitude: float) -> int:
    """Position (in the election's seat order) of the seat whose centroid is nearest a point.

    An approximation near boundaries (centroids, not polygons): the point's own seat is the
    answer wherever it is closer to that seat's centre than to any other.
    """
    latitudes, longitudes = seat_centroids(election)
    return int(np.argmin(great_circle_km(latitude, longitude, latitudes, longitudes)))


@cache
def _centroid_table(boundary_set: str) -> tuple[dict[str, int], FloatArray, FloatArray]:
    """Code -> row, latitudes and longitudes of one boundary set (read once)."""
    from psephos.io.tables import columns

    geography = columns("geography")  # the UK's bundled table, read without pandas
    rows = np.asarray(geography["boundary_set"] == boundary_set)
    position = {str(code): i for i, code in enumerate(geography["code"][rows].tolist())}
    return (
        position,
        np.asarray(geography["latitude"][rows], dtype=np.float64),
        np.asarray(geography["longitude"][rows], dtype=np.float64),
    )


@dataclass(frozen=True, slots=True)
class Location:
    """A resolved starting point.

    Attributes:
        latitude: Degrees north.
        longitude: Degrees east.
        label: What the user asked for, as understood.
        seat_codes: Seats the place was matched to (empty for coordinates).
    """

    latitude: float
    longitude: float
    label: str
    seat_codes: tuple[str, ...] = ()


_COORDINATES = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[, ]\s*(-?\d+(?:\.\d+)?)\s*$")


def check_coordinates(latitude: float, longitude: float) -> None:
    """Raise when a point is not a valid latitude/longitude pair."""
    if not (np.isfinite(latitude) and np.isfinite(longitude)):
        raise PsephosError("Coordinates must be finite numbers.")
    if not -90.0 <= latitude <= 90.0 or not -180.0 <= longitude <= 180.0:
        raise PsephosError(
            f"Coordinates ({latitude}, {longitude}) are out of range: latitude -90..90, "
            "longitude -180..180."
        )


def resolve_location(election: Election, where: str | tuple[float, float]) -> Location:
    """A location from ``(lat, lon)``, ``"lat,lon"``, a seat (code or name) or a place name
    (postcodes too: :func:`psephos.targeting.postcodes.resolve_place`).

    A place name matches every seat whose name contains it as whole words (``"Croydon"`` ->
    the three Croydon seats, located at the mean of their centroids); otherwise the closest
    seat name (fuzzy, rapidfuzz WRatio >= 85) is used.

    Raises:
        UnknownConstituencyError: nothing close enough, with "did you mean".
    """
    if isinstance(where, tuple):
        latitude, longitude = float(where[0]), float(where[1])
        check_coordinates(latitude, longitude)
        return Location(
            latitude,
            longitude,
            f"{format_number(latitude, '.4f')}, {format_number(longitude, '.4f')}",
        )
    match = _COORDINATES.match(where)
    if match:
        latitude, longitude = float(match.group(1)), float(match.group(2))
        check_coordinates(latitude, longitude)
        return Location(
            latitude,
            longitude,
            f"{format_number(latitude, '.4f')}, {format_number(longitude, '.4f')}",
        )
    latitudes, longitudes = seat_centroids(election)
    names = [seat.name for seat in election.constituencies]
    seat = election.find_seat(where)  # no error to build (hints, suggestions) for a place
    if seat is not None:
        return Location(
            float(latitudes[seat]),
            float(longitudes[seat]),
            names[seat],
            (election.constituencies[seat].code,),
        )
    from psephos.jurisdictions import seat_across_boundaries

    moved = seat_across_boundaries(election, where)  # a seat of the other boundaries
    if moved is not None:
        seat = moved[0]
        return Location(
            float(latitudes[seat]),
            float(longitudes[seat]),
            f"{names[seat]} (for {where})",
            (election.constituencies[seat].code,),
        )
    key = f" {normalise_name(where)} "
    hits = [i for i, name in enumerate(names) if key in f" {normalise_name(name)} "]
    if not hits:
        from rapidfuzz import fuzz, process  # only for a misspelt name

        best = process.extractOne(
            normalise_name(where),
            [normalise_name(name) for name in names],
            scorer=fuzz.ratio,
            score_cutoff=85,
        )
        if best is None:
            raise UnknownConstituencyError(
                f"No constituency or place {where!r} in election {election.id!r}."
                + (did_you_mean(where, names) or " Give a seat name, ONS code or 'lat,lon'.")
            )
        hits = [int(best[2])]
    vectors = unit_vectors(latitudes[hits], longitudes[hits]).mean(axis=0)
    vectors /= np.linalg.norm(vectors)
    latitude = float(np.degrees(np.arcsin(vectors[2])))
    longitude = float(np.degrees(np.arctan2(vectors[1], vectors[0])))
    label = (
        names[hits[0]]
        if len(hits) == 1
        else f"{where} (the middle of the {len(hits)} seats named after it)"
    )
    return Location(
        latitude, longitude, label, tuple(election.constituencies[i].code for i in hits)
    )

"""Where seats are: their centres and great-circle distances.

Centroids come from the bundled ``geography`` table (ONS boundary centroids, by boundary set).
Distances are great-circle (haversine) on a sphere of the mean Earth radius, 6,371.0088 km
(Moritz 2000, *Geodetic Reference System 1980*, IUGG). Nearest-seat queries use a KD-tree on 3D
unit vectors, where chord order equals great-circle order.

A country's geography sits with its jurisdiction, below every capability that reads it
(:mod:`psephos.targeting` for locations and travel, :mod:`psephos.jurisdictions.postcodes` for a
UK postcode's seat), so that a seat lookup can name the seat a postcode is in.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np
import numpy.typing as npt

from psephos.errors import PsephosError
from psephos.model import Election

FloatArray = npt.NDArray[np.float64]

#: Mean Earth radius in km (IUGG).
EARTH_RADIUS_KM = 6371.0088


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


def centroids_of(boundary_set: str, codes: Sequence[str]) -> tuple[FloatArray, FloatArray] | None:
    """Centroid latitudes and longitudes of seats given by code, on one boundary set; ``None``
    when the bundled geography lacks one of them."""
    position, latitudes, longitudes = _centroid_table(boundary_set)
    if any(code not in position for code in codes):
        return None
    rows = np.fromiter((position[code] for code in codes), dtype=np.int64, count=len(codes))
    return latitudes[rows], longitudes[rows]


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

"""Locations and the travel-time hook.

A starting point is a seat, a place name or coordinates (:func:`resolve_location`); travel to
seats is a pluggable :class:`TravelTime`, straight-line by default. Seat centroids and
great-circle distances are :mod:`psephos.jurisdictions.geography`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from psephos.errors import PsephosError, UnknownConstituencyError, did_you_mean
from psephos.jurisdictions.geography import great_circle_km, seat_centroids, unit_vectors
from psephos.model import Election
from psephos.model.election import normalise_name
from psephos.numbers import format_number, listed

FloatArray = npt.NDArray[np.float64]


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


def hook_name(travel_time: TravelTime) -> str:
    """A hook as its user names it: ``module:function`` (``myrouting:minutes``)."""
    module = getattr(travel_time, "__module__", None)
    name = getattr(travel_time, "__qualname__", None) or type(travel_time).__qualname__
    return f"{module}:{name}" if module else name


def travel_minutes(
    travel_time: TravelTime,
    origin_latitude: float,
    origin_longitude: float,
    latitudes: FloatArray,
    longitudes: FloatArray,
) -> FloatArray:
    """The hook's minutes to each destination, checked: the one way every caller asks a hook.

    Raises:
        PsephosError: the hook failed (its own error named, not taken for psephos's), or
            returned the wrong shape, or a minute that is NaN or negative (an unreachable seat
            is ``inf``).
    """
    name = hook_name(travel_time)
    try:
        answer = travel_time(origin_latitude, origin_longitude, latitudes, longitudes)
        minutes = np.asarray(answer, dtype=np.float64)
    except Exception as error:  # the user's code: any failure is theirs to report
        raise PsephosError(
            f"The travel-time hook {name!r} failed: {error or type(error).__name__}"
            f" ({type(error).__name__}); fix the hook or leave --travel-time out."
        ) from error
    if minutes.shape != np.shape(latitudes):
        raise PsephosError(
            f"The travel-time hook {name!r} returned shape {minutes.shape}, expected "
            f"{np.shape(latitudes)} (one number of minutes per seat)."
        )
    bad = np.isnan(minutes) | (minutes < 0)
    if bad.any():
        raise PsephosError(
            f"The travel-time hook {name!r} returned {int(bad.sum())} minute(s) that are NaN "
            "or negative; it must return minutes of 0 or more per seat, inf for a seat it "
            "cannot reach."
        )
    return minutes


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

    def to_dict(self) -> dict[str, Any]:
        """The place as ``psephos nearest -f json`` and ``/api/nearest`` give their
        ``origin``: its ``name`` (as understood), the ``code`` of the seat it was matched to
        (``None`` for coordinates) and its ``latitude`` and ``longitude`` (5 places, about a
        metre)."""
        return {
            "name": self.label,
            "code": self.seat_codes[0] if self.seat_codes else None,
            "latitude": round(self.latitude, 5),
            "longitude": round(self.longitude, 5),
        }


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


def _refuse_outside_the_seats(election: Election, latitude: float, longitude: float) -> None:
    """Refuse a starting point that lies in no seat of ``election``'s country (Dublin, the
    Isle of Man, the Channel Islands, asked of a UK election: the country's own rule,
    :func:`psephos.jurisdictions.nearest_seat_beyond`), naming its distance from the nearest
    seat's centre, rather than answer "no rows" within reach.

    Raises:
        PsephosError: a point in no seat.
    """
    from psephos.jurisdictions import nearest_seat_beyond

    found = nearest_seat_beyond(election, latitude, longitude)
    if found is None:
        return
    km, name, reach = found
    swapped = -90.0 <= longitude <= 90.0 and nearest_seat_beyond(election, longitude, latitude)
    hint = (
        f" (latitude comes first: did you mean {format_number(longitude, '.4f')}, "
        f"{format_number(latitude, '.4f')}?)"
        if swapped is None
        else ""
    )
    raise PsephosError(
        f"{format_number(latitude, '.4f')}, {format_number(longitude, '.4f')} is "
        f"{format_number(km, ',.0f')} km from the nearest seat's centre ({name}), beyond the "
        f"{format_number(reach, ',.0f')} km its own places reach: it is outside the United "
        f"Kingdom{hint}; start from a place in it."
    )


def resolve_location(election: Election, where: str | tuple[float, float]) -> Location:
    """A location from ``(lat, lon)``, ``"lat,lon"``, a seat (code or name) or a place name
    (postcodes too: :func:`psephos.targeting.postcodes.resolve_place`).

    A place name matches every seat whose name contains it as whole words
    (:meth:`psephos.model.Election.seats_with_words`: ``"Croydon"`` -> the four Croydon seats
    of 2024, located at the mean of their centroids); otherwise the closest
    seat name (fuzzy, rapidfuzz WRatio >= 85) is used.

    Raises:
        UnknownConstituencyError: nothing close enough, with "did you mean".
    """
    if isinstance(where, tuple):
        latitude, longitude = float(where[0]), float(where[1])
        check_coordinates(latitude, longitude)
        _refuse_outside_the_seats(election, latitude, longitude)
        return Location(
            latitude,
            longitude,
            f"{format_number(latitude, '.4f')}, {format_number(longitude, '.4f')}",
        )
    match = _COORDINATES.match(where)
    if match:
        latitude, longitude = float(match.group(1)), float(match.group(2))
        check_coordinates(latitude, longitude)
        _refuse_outside_the_seats(election, latitude, longitude)
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
    from psephos.jurisdictions import other_boundaries_name, seats_across_boundaries

    moved = seats_across_boundaries(election, where)  # a seat of the other boundaries
    if moved is not None:
        # from the seat holding most of its people; the label names every seat it went to
        seats = moved[0]
        now = "" if len(seats) == 1 else f", now split between {listed([names[i] for i in seats])}"
        old = other_boundaries_name(election, where)  # "Kilburn": Hampstead and Kilburn
        given = where if old is None or normalise_name(old) == normalise_name(where) else old
        given = given if given == where else f"{where}, in {old}"
        return Location(
            float(latitudes[seats[0]]),
            float(longitudes[seats[0]]),
            f"{names[seats[0]]} (for {given}{now})",
            tuple(election.constituencies[i].code for i in seats),
        )
    hits = election.seats_with_words(where)
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

"""Nearest marginal: the best seats to go to from a place, within a travel budget.

Seats within ``km`` great-circle km of the origin (and, with a travel-time hook, within
``max_minutes``) are ranked by sensitivity: for a party, ``dP(party wins)/dvote``; without one,
the chance that one extra vote decides the seat, ``density of the top-two margin at 0 / V``
(Gelman, King & Boscardin 1998). Both come from :mod:`psephos.targeting.sensitivity`, with each
seat's sd measured for the pair of parties actually contesting it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from psephos.errors import PsephosError
from psephos.jurisdictions import NEAREST, require
from psephos.jurisdictions.geography import great_circle_km, seat_centroids
from psephos.model import Election
from psephos.numbers import clean
from psephos.targeting.geo import Location, TravelTime, travel_minutes
from psephos.targeting.postcodes import resolve_place
from psephos.targeting.sensitivity import (
    DEFAULT_NATIONAL_SD,
    DEFAULT_VOTES_PER_HOUR,
    apply_national_swing,
    chance_gained,
    seat_sensitivity,
)

FloatArray = npt.NDArray[np.float64]

#: Seats a nearest search lists when the caller does not say (``psephos nearest --top``, the
#: nearest-marginal page's ``top``).
NEAREST_TOP = 10
#: Travel budget of the sensitivity search (:func:`nearest_marginals`, ``psephos nearest``).
NEAREST_KM = 30.0
#: Travel budget of the closest-marginal search (:func:`marginals_near`: ``psephos nearest
#: --closest`` and the nearest-marginal page ask the same question with the same default).
MARGINALS_KM = 100.0
#: What counts as a marginal in that search: majority under this % of valid votes.
MARGINAL_MAJORITY_PCT = 10.0


@dataclass(frozen=True, slots=True)
class NearbySeat:
    """One seat within reach.

    Attributes:
        rank: 1 = most sensitive within the budget.
        code: ONS code.
        name: Seat name.
        distance_km: Great-circle km from the origin to the seat centroid.
        minutes: Travel minutes from the hook (None without one).
        holder: Projected holder.
        rival: The holder's strongest rival, the projected runner-up (never the holder: with a
            party that is not the holder, the party itself where it is second).
        margin_pct: The party minus its strongest rival (the holder, or the runner-up where
            the party holds the seat); without a party, first minus second. Points.
        win_probability: P(party wins) (None without a party).
        per_1000_votes: sensitivity per 1,000 extra votes.
        per_100_hours: the same per 100 canvassing hours.
    """

    rank: int
    code: str
    name: str
    distance_km: float
    minutes: float | None
    holder: str
    rival: str
    margin_pct: float
    win_probability: float | None
    per_1000_votes: float
    per_100_hours: float

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for output."""
        return asdict(self)


def nearest_marginals(
    election: Election,
    origin: str | tuple[float, float] | Location,
    *,
    km: float,
    party: str | None = None,
    swing: Mapping[str, float] | None = None,
    national_sd: float = DEFAULT_NATIONAL_SD,
    votes_per_hour: float = DEFAULT_VOTES_PER_HOUR,
    travel_time: TravelTime | None = None,
    max_minutes: float | None = None,
    top: int = NEAREST_TOP,
) -> tuple[Location, list[NearbySeat]]:
    """The most sensitive seats within a travel budget of a place.

    Args:
        election: The base election (planning for the one after it).
        origin: ``(lat, lon)``, ``"lat,lon"``, a seat name or code, or a place name.
        km: Great-circle budget in km.
        party: Rank by this party's win-probability sensitivity (None: by decisiveness).
        swing: Optional national swing scenario (points per party).
        national_sd: Uncertainty of the national scenario.
        votes_per_hour: Net votes per canvassing hour, for ``per_100_hours``.
        travel_time: Optional routing hook giving minutes to each seat centroid.
        max_minutes: Travel-time budget (needs ``travel_time``).
        top: How many seats to return.

    Raises:
        PsephosError: for a negative budget or ``max_minutes`` without a hook; a hook that
            fails or answers badly (:func:`psephos.targeting.geo.travel_minutes`).
        UnsupportedCountryError: a country without bundled seat centroids (Canada).
    """
    require(NEAREST, election)
    if not np.isfinite(km) or km < 0:
        raise PsephosError(f"Travel budget km must be a non-negative number, got {km!r}.")
    location, distance, within, minutes = _within_reach(
        election, origin, km, travel_time, max_minutes
    )
    projected = apply_national_swing(election, dict(swing or {}))
    sensitivity = seat_sensitivity(projected, party, national_sd=national_sd)
    if party is not None:
        within &= projected.votes[:, projected.party_index(party)] > 0
    holder, challenger = sensitivity.holder, projected.runner_up
    margin, per_vote = sensitivity.margin, sensitivity.per_vote
    probability = sensitivity.win_probability if party is not None else None
    per_1000 = chance_gained(per_vote, 1000, probability)
    per_100_hours = chance_gained(per_vote, votes_per_hour * 100, probability)
    seats = np.flatnonzero(within & (projected.winner != projected.runner_up))
    ranked = seats[np.lexsort((distance[seats], -per_vote[seats]))][: max(top, 0)]
    rows = [
        NearbySeat(
            rank=rank,
            code=projected.constituencies[i].code,
            name=projected.constituencies[i].name,
            distance_km=round(float(distance[i]), 1),
            minutes=None if minutes is None else round(float(minutes[i]), 1),
            holder=projected.label(projected.parties[int(holder[i])]),
            rival=projected.label(projected.parties[int(challenger[i])]),
            margin_pct=round(float(margin[i]) * 100, 2),
            win_probability=None if probability is None else round(float(probability[i]), 4),
            per_1000_votes=round(float(per_1000[i]), 5),
            per_100_hours=round(float(per_100_hours[i]), 5),
        )
        for rank, i in enumerate(ranked, start=1)
    ]
    return location, rows


def absent_near(election: Election, location: Location, *, km: float, party: str) -> int:
    """How many seats lie within ``km`` of ``location`` when ``party`` stands in none of them
    (why :func:`nearest_marginals` found no seat for it: not the distance); 0 when it stands
    in one of them or no seat is that near."""
    latitudes, longitudes = seat_centroids(election)
    distance = great_circle_km(location.latitude, location.longitude, latitudes, longitudes)
    near = np.flatnonzero(distance <= km)
    if election.votes[near, election.party_index(party)].any():
        return 0
    return len(near)


def absent_sentence(election: Election, location: Location, *, km: float, party: str) -> str | None:
    """Why a search for ``party``'s seats near ``location`` found none where the reason is not
    the distance: the party stands in none of the seats within ``km``
    (:func:`absent_near`), said in one sentence naming the party as the election labels it,
    the count and the place (``"SNP stands in none of the 46 seats of 2024 within 20 km of
    Croydon; ..."``); ``None`` where it stands in one of them or no seat is that near. The one
    wording of ``psephos nearest`` (both searches) and the nearest-marginal page."""
    n_near = absent_near(election, location, km=km, party=party)
    if not n_near:
        return None
    label = election.label(election.parties[election.party_index(party)])
    return (
        f"{label} stands in none of the {n_near} seats of {election.id} within {km:g} km of "
        f"{location.label}; start from a place where it stands, or give another party."
    )


@dataclass(frozen=True, slots=True)
class NearbyMarginal:
    """One marginal seat near a place (see :func:`marginals_near`): a row of the shape of
    ``psephos marginals``' rows (:func:`psephos.results.marginal_rows`: the same names, labels
    and rounding, so the files join), with the distance in place of the rank.

    Attributes:
        code: ONS code.
        name: Seat name.
        distance_km: Great-circle km from the origin to the seat centroid.
        winner: Party code of the winner.
        winner_label: The winner as the election names it (:func:`psephos.results.seat_labels`).
        runner_up: Party code of the runner-up.
        runner_up_label: The runner-up as the election names it.
        majority: Winner's majority in votes.
        majority_pct: The majority as a percentage of valid votes, as files carry numbers
            (:func:`psephos.numbers.clean`; tables show two places).
        minutes: Travel minutes from the hook (None without one).
    """

    code: str
    name: str
    distance_km: float
    winner: str
    winner_label: str
    runner_up: str
    runner_up_label: str
    majority: int
    majority_pct: float
    minutes: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return asdict(self)


def marginals_near(
    election: Election,
    origin: str | tuple[float, float] | Location,
    *,
    km: float = MARGINALS_KM,
    max_majority_pct: float = MARGINAL_MAJORITY_PCT,
    top: int = NEAREST_TOP,
    party: str | None = None,
    travel_time: TravelTime | None = None,
    max_minutes: float | None = None,
) -> tuple[Location, list[NearbyMarginal]]:
    """The marginal seats nearest a place: majority under ``max_majority_pct`` of valid votes,
    within ``km`` (and, with a travel-time hook, ``max_minutes``), nearest first (ties: the
    smaller majority first).

    The plain question a volunteer asks ("where is the closest close seat?"); for the seats
    where an hour counts most, ranked by sensitivity, use :func:`nearest_marginals`.

    Args:
        election: The election whose majorities count: a result, or a base moved to a poll or
            a swing (:func:`psephos.targeting.sensitivity.scenario_election`), whose winners and
            majorities are then the projected ones.
        origin: ``(lat, lon)``, ``"lat,lon"``, a seat name or code, or a place name.
        km: Great-circle budget in km.
        max_majority_pct: What counts as a marginal.
        top: How many seats to return.
        party: Only the marginals this party is in: it won or came second.
        travel_time: Optional routing hook giving minutes to each seat centroid.
        max_minutes: Travel-time budget (needs ``travel_time``).

    Raises:
        PsephosError: a negative or non-finite budget, a majority limit outside (0, 100],
            ``max_minutes`` without a hook; a hook that fails or answers badly.
        UnknownPartyError: ``party`` is not a party of the election.
        UnknownConstituencyError: an origin that matches no seat or place.
        UnsupportedCountryError: a country without bundled seat centroids (Canada).
    """
    require(NEAREST, election)
    if not np.isfinite(km) or km < 0:
        raise PsephosError(f"Travel budget km must be a non-negative number, got {km!r}.")
    if not 0 < max_majority_pct <= 100:
        raise PsephosError(
            f"The majority limit must be above 0 and at most 100 (%), got {max_majority_pct!r}."
        )
    location, distance, within, minutes = _within_reach(
        election, origin, km, travel_time, max_minutes
    )
    within &= election.has_runner_up()  # two independents: as marginals
    if party is not None:
        index = election.party_index(party)
        within &= (election.winner == index) | (election.runner_up == index)
    valid = election.valid_votes.astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        majority_pct = np.where(valid > 0, election.majority / valid * 100, np.inf)
    eligible = np.flatnonzero((majority_pct <= max_majority_pct) & within)
    chosen = eligible[np.lexsort((majority_pct[eligible], distance[eligible]))][: max(top, 0)]
    from psephos.results import seat_labels  # here: only the rows need it

    rows = [
        NearbyMarginal(
            code=election.codes[i],
            name=election.constituencies[i].name,
            distance_km=round(float(distance[i]), 1),
            winner=election.parties[int(election.winner[i])],
            winner_label=labels[0],
            runner_up=election.parties[int(election.runner_up[i])],
            runner_up_label=labels[1],
            majority=round(float(election.majority[i])),
            majority_pct=clean(float(majority_pct[i])),
            minutes=None if minutes is None else round(float(minutes[i]), 1),
        )
        for i in chosen
        for labels in (seat_labels(election, int(i)),)
    ]
    return location, rows


def _within_reach(
    election: Election,
    origin: Location | str | tuple[float, float],
    km: float,
    travel_time: TravelTime | None,
    max_minutes: float | None,
) -> tuple[Location, FloatArray, npt.NDArray[np.bool_], FloatArray | None]:
    """Where ``origin`` is, each seat centre's great-circle distance from it, the seats within
    ``km`` (and ``max_minutes`` by the ``travel_time`` hook) and the hook's minutes (``None``
    without one): the one reach of :func:`nearest_marginals` and :func:`marginals_near`.

    Raises:
        PsephosError: ``max_minutes`` without a hook; a hook that fails or answers badly.
    """
    if max_minutes is not None and travel_time is None:
        raise PsephosError("max_minutes needs a travel_time hook (a routing function).")
    location = origin if isinstance(origin, Location) else resolve_place(election, origin)
    latitudes, longitudes = seat_centroids(election)
    distance = great_circle_km(location.latitude, location.longitude, latitudes, longitudes)
    within = distance <= km
    minutes: FloatArray | None = None
    if travel_time is not None:
        minutes = travel_minutes(
            travel_time, location.latitude, location.longitude, latitudes, longitudes
        )
        if max_minutes is not None:
            within &= minutes <= max_minutes
    return location, distance, within, minutes

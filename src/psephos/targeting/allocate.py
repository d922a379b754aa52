"""Volunteer allocation: hours to seats, maximising expected seats gained minus travel cost.

The problem (see ``docs/methodology/targeting.md``)::

    maximise   sum_s f_s(h_s) - sum_(v,s) c_vs x_vs
    subject to sum_s x_vs <= H_v            (a volunteer's hours)
               h_s = sum_v x_vs <= C_s      (a seat's capacity)
               x_vs >= 0, integer, and x_vs = 0 unless s is among v's K nearest seats

``f_s`` is piecewise-linear and concave: segment ``k`` of seat ``s`` holds ``L_sk`` hours worth
``a_sk`` expected seats each, with ``a_s1 >= a_s2 >= ...`` (diminishing returns), and
``C_s = sum_k L_sk``. ``c_vs`` is the travel cost of one hour worked in ``s`` by ``v``: the
round trip over the hours ``v`` works a trip (:func:`trip_hours`: ``H_v`` hours take
``ceil(H_v / session_hours)`` trips, so a 1-hour volunteer pays a whole trip). Because
the value is concave, splitting seat ``s`` into one arc per segment towards a sink (cost
``-a_sk``) is exact: a min-cost flow fills the cheapest (most valuable) segment first. Each
volunteer also has a zero-cost arc straight to the sink (hours left unused), so the flow is
always feasible. The constraint matrix is a network matrix, hence totally unimodular: the LP
optimum is integral and equals the integer optimum (Ahuja, Magnanti & Orlin, *Network Flows*,
1993, ch. 9-10). We solve it with OR-Tools ``SimpleMinCostFlow`` (cost scaling; Goldberg 1997)
on integer costs (values scaled to about 10^8 and rounded), and cross-check small cases with a
general LP (SciPy's HiGHS) and brute force. Arcs whose travel cost is at least the seat's best
hourly value can never carry profitable flow and are pruned (this keeps the optimum exact).

A volunteer who chose a seat (the web's sign-ups, a file's ``chosen_seat``) works all their
hours there: their hours are fixed before the optimum is sought, filling the seat's most
valuable hours first (:meth:`SeatCurves.after`), so the seat needs that much less from the rest,
who are placed by the optimum (and by each baseline) around them; the plan's value and travel
count the fixed hours too (:func:`solve_around_chosen`).

Two baselines are solved on the same problem. The greedy one (:func:`solve_greedy`) takes
volunteers in file order and sends each one's hours, segment by segment, to the candidate
seat with the best value of the next hour net of travel: a value-aware greedy, which knows
every seat's value and travel as the optimum does but places one volunteer at a time. The
nearest-seat one (:func:`solve_nearest`) sends each volunteer's hours, in file order, to the
nearest seat worth the trip (the candidate seats, nearest first, as ``psephos nearest
--closest`` ranks marginals by distance), the next nearest once it is full: what a person does
who goes to the closest seat worth going to.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from psephos.errors import PsephosError, unknown_choice
from psephos.jurisdictions import ALLOCATION, require
from psephos.jurisdictions.geography import chord_to_km, seat_centroids, unit_vectors
from psephos.model import Election
from psephos.numbers import counted, first_listed, format_number
from psephos.solvers import FLOW_METHODS, has_ortools, linprog, min_cost_flow
from psephos.targeting.geo import TravelTime, travel_minutes
from psephos.targeting.sensitivity import (
    DEFAULT_NATIONAL_SD,
    DEFAULT_VOTES_PER_HOUR,
    apply_national_swing,
    seat_sensitivity,
)
from psephos.targeting.volunteers import Volunteers

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Default diminishing-returns shape: hours per elector at each breakpoint and the share of the
#: first segment's value kept in each segment (first doors, repeat contacts, saturation).
DEFAULT_HOURS_PER_ELECTOR: tuple[float, ...] = (0.01, 0.03, 0.06)
DEFAULT_FACTORS: tuple[float, ...] = (1.0, 0.6, 0.3)

#: Most file rows a note lists (the rest are counted).
NOTE_ROWS = 10

#: Largest integer unit cost handed to the flow solver.
COST_SCALE = 1e8

#: The columns of the per-volunteer plan (:meth:`AllocationReport.assignment_rows`): a row per
#: seat a volunteer works (its ``distance_km`` from their home to the seat's centre), and a row
#: without a seat for the hours they do not (``reason`` says why); and the columns
#: ``include_personal`` adds after them (``name`` only where the file gave names).
ASSIGNMENT_COLUMNS = ("volunteer_id", "seat_code", "seat_name", "hours", "distance_km", "reason")
PERSONAL_COLUMNS = ("name", "latitude", "longitude")


@dataclass(frozen=True, slots=True, eq=False)
class SeatCurves:
    """Piecewise-linear concave value of canvassing hours per seat.

    Attributes:
        segment_hours: ``(n_seats, n_segments)`` whole hours in each segment.
        segment_value: ``(n_seats, n_segments)`` value of one hour in each segment (expected
            seats), non-negative and non-increasing along each row.
    """

    segment_hours: IntArray
    segment_value: FloatArray

    def __post_init__(self) -> None:
        hours, value = self.segment_hours, self.segment_value
        if hours.shape != value.shape or hours.ndim != 2:
            raise PsephosError("segment_hours and segment_value must be equal-shape 2D arrays.")
        if (hours < 0).any():
            raise PsephosError("Segment hours must be non-negative.")
        if not np.isfinite(value).all() or (value < 0).any():
            raise PsephosError("Segment values must be finite and non-negative.")
        if (np.diff(value, axis=1) > 1e-15).any():
            raise PsephosError(
                "Segment values must not increase along a seat's segments (concave value)."
            )

    @property
    def n_seats(self) -> int:
        """Number of seats."""
        return int(self.segment_hours.shape[0])

    @property
    def capacity(self) -> IntArray:
        """Total hours each seat can use."""
        return np.asarray(self.segment_hours.sum(axis=1), dtype=np.int64)

    def capped(self, capacity: npt.ArrayLike) -> SeatCurves:
        """The same curves truncated at a new capacity per seat (hours; concavity kept)."""
        limit = np.asarray(capacity, dtype=np.int64)[:, None]
        if limit.shape[0] != self.n_seats or (limit < 0).any():
            raise PsephosError("Capacities must be one non-negative number per seat.")
        starts = np.cumsum(self.segment_hours, axis=1) - self.segment_hours
        lengths = np.clip(limit - starts, 0, self.segment_hours)
        return SeatCurves(segment_hours=lengths.astype(np.int64), segment_value=self.segment_value)

    def after(self, hours: npt.ArrayLike) -> SeatCurves:
        """The curves of the hours a seat still needs once it has ``hours`` (one number per
        seat): its first, most valuable hours taken, the rest as they were (concavity kept;
        hours beyond capacity leave nothing)."""
        taken = np.asarray(hours, dtype=np.int64)[:, None]
        starts = np.cumsum(self.segment_hours, axis=1) - self.segment_hours
        filled = np.clip(taken - starts, 0, self.segment_hours)
        return SeatCurves(
            segment_hours=(self.segment_hours - filled).astype(np.int64),
            segment_value=self.segment_value,
        )

    def value(self, hours: npt.ArrayLike) -> FloatArray:
        """``f_s(h_s)`` for hours per seat (hours beyond capacity add nothing)."""
        remaining = np.asarray(hours, dtype=np.float64)[:, None]
        starts = np.concatenate(
            [np.zeros((self.n_seats, 1)), np.cumsum(self.segment_hours, axis=1)[:, :-1]], axis=1
        )
        filled = np.clip(remaining - starts, 0.0, self.segment_hours)
        return np.asarray((filled * self.segment_value).sum(axis=1), dtype=np.float64)


def seat_curves(
    per_vote: npt.ArrayLike,
    electorate: npt.ArrayLike,
    *,
    votes_per_hour: float,
    hours_per_elector: Sequence[float] = DEFAULT_HOURS_PER_ELECTOR,
    factors: Sequence[float] = DEFAULT_FACTORS,
) -> SeatCurves:
    """Value curves from seat sensitivity: an hour in segment ``k`` is worth
    ``votes_per_hour * factors[k] * dP/dvote``; breakpoints at ``hours_per_elector`` times the
    electorate (cumulative), so capacity is ``hours_per_elector[-1] * electorate``.
    """
    if len(hours_per_elector) != len(factors) or not factors:
        raise PsephosError("hours_per_elector and factors need the same, non-zero length.")
    if any(b <= a for a, b in itertools.pairwise(hours_per_elector)):
        raise PsephosError("hours_per_elector must increase.")
    if any(b > a for a, b in itertools.pairwise(factors)) or min(factors) < 0:
        raise PsephosError("factors must be non-negative and non-increasing (concave value).")
    electors = np.asarray(electorate, dtype=np.float64)
    breaks = np.floor(np.outer(electors, np.asarray(hours_per_elector))).astype(np.int64)
    lengths = np.diff(np.concatenate([np.zeros((len(electors), 1), np.int64), breaks], axis=1))
    sensitivity = np.asarray(per_vote, dtype=np.float64)[:, None]
    values = votes_per_hour * sensitivity * np.asarray(factors, dtype=np.float64)[None, :]
    return SeatCurves(segment_hours=np.maximum(lengths, 0), segment_value=values)


@dataclass(frozen=True, slots=True, eq=False)
class Reach:
    """What the arcs of :func:`build_problem` were pruned from, to say why none is left.

    Attributes:
        k_nearest: seats considered per volunteer.
        near_seats: the seats among the nearest of a volunteer with hours.
        pairs_valued: (volunteer, seat) pairs among those where an hour is worth something.
        pairs_within_km: of those, the pairs within ``max_km``.
        max_km: the distance limit, if any.
        beyond_km: per volunteer, True where ``max_km`` is why they cannot be placed: a seat
            among their nearest is worth an hour (or worth its travel) but none such is
            within ``max_km`` (measured to each seat's centroid).
        nearest: ``(n_volunteers, k_nearest)`` each volunteer's nearest seats.
        valued: per volunteer, True where an hour is worth something in a seat among their
            nearest (one with room).
        better_seat: per volunteer, the seat beyond their ``k_nearest`` whose first hour nets most
            after its travel, where it nets more than the first hour in any of their nearest
            (and more than nothing): the seat the ``k_nearest`` limit keeps them from; -1
            where none does (:func:`_seats_beyond`; not looked for with a travel-time hook).
        better_seat_km: the km to that seat's centre (NaN where there is none).
    """

    k_nearest: int
    near_seats: IntArray
    pairs_valued: int
    pairs_within_km: int
    max_km: float | None
    beyond_km: npt.NDArray[np.bool_] | None = None
    nearest: IntArray | None = None
    valued: npt.NDArray[np.bool_] | None = None
    better_seat: IntArray | None = None
    better_seat_km: FloatArray | None = None

    def n_beyond(self) -> int:
        """Volunteers with a seat beyond their ``k_nearest`` worth more than any of those."""
        return 0 if self.better_seat is None else int((self.better_seat >= 0).sum())


@dataclass(frozen=True, slots=True, eq=False)
class AllocationProblem:
    """Volunteers, candidate arcs and seat curves.

    Attributes:
        hours: ``(n_volunteers,)`` whole hours available.
        arc_volunteer: volunteer index of each candidate arc.
        arc_seat: seat index of each candidate arc.
        arc_cost: travel cost of one hour on the arc (expected-seat units).
        arc_km: great-circle km of the arc (for reports).
        curves: the seats' value curves.
        reach: what the arcs were pruned from (:func:`build_problem`), if known.
        arc_chosen: per arc, True where it is the one arc of a volunteer who chose its seat:
            all their hours go there (:func:`solve_around_chosen`); None where no one chose.
    """

    hours: IntArray
    arc_volunteer: IntArray
    arc_seat: IntArray
    arc_cost: FloatArray
    arc_km: FloatArray
    curves: SeatCurves
    reach: Reach | None = None
    arc_chosen: npt.NDArray[np.bool_] | None = None

    def __post_init__(self) -> None:
        if (self.hours < 0).any():
            raise PsephosError("Volunteer hours must be non-negative.")
        n_arcs = self.arc_volunteer.shape[0]
        if not (self.arc_seat.shape[0] == self.arc_cost.shape[0] == n_arcs):
            raise PsephosError("Arc arrays must have the same length.")
        if n_arcs and (
            self.arc_volunteer.max() >= self.hours.shape[0]
            or self.arc_seat.max() >= self.curves.n_seats
        ):
            raise PsephosError("An arc points at a volunteer or seat that does not exist.")
        if not np.isfinite(self.arc_cost).all() or (self.arc_cost < 0).any():
            raise PsephosError("Travel costs must be finite and non-negative.")

    @property
    def n_volunteers(self) -> int:
        """Number of volunteers."""
        return int(self.hours.shape[0])

    @property
    def n_seats(self) -> int:
        """Number of seats."""
        return self.curves.n_seats


@dataclass(frozen=True, slots=True, eq=False)
class Allocation:
    """A solution: hours on each candidate arc and its objective.

    Attributes:
        method: ``"min-cost-flow"``, ``"lp"`` or ``"greedy"``.
        arc_hours: hours on each of the problem's arcs.
        seat_hours: total hours per seat.
        value: ``sum_s f_s(h_s)`` (expected seats gained).
        travel_cost: ``sum c_vs x_vs``.
        seconds: solve time (wall clock), graph building included.
    """

    method: str
    arc_hours: npt.NDArray[np.float64]
    seat_hours: FloatArray
    value: float
    travel_cost: float
    seconds: float

    @property
    def objective(self) -> float:
        """Expected seats gained minus travel cost."""
        return self.value - self.travel_cost


def evaluate(
    problem: AllocationProblem, arc_hours: npt.ArrayLike, method: str, seconds: float = 0.0
) -> Allocation:
    """Score hours on arcs against the problem (value of seat hours minus travel)."""
    flows = np.asarray(arc_hours, dtype=np.float64)
    seat_hours = np.asarray(
        np.bincount(problem.arc_seat, weights=flows, minlength=problem.n_seats), dtype=np.float64
    )
    return Allocation(
        method=method,
        arc_hours=flows,
        seat_hours=seat_hours,
        value=float(problem.curves.value(seat_hours).sum()),
        travel_cost=float(flows @ problem.arc_cost),
        seconds=seconds,
    )


def check_allocation(problem: AllocationProblem, allocation: Allocation) -> None:
    """Raise if an allocation breaks a volunteer's hours or a seat's capacity."""
    flows = allocation.arc_hours
    if (flows < -1e-9).any():
        raise PsephosError("Negative hours on an arc.")
    used = np.bincount(problem.arc_volunteer, weights=flows, minlength=problem.n_volunteers)
    if (used > problem.hours + 1e-6).any():
        raise PsephosError("A volunteer was given more hours than they have.")
    room = problem.curves.capacity.astype(np.float64)
    if problem.arc_chosen is not None:  # a volunteer who chose a full seat still works there
        chosen = problem.arc_chosen
        room = np.maximum(
            room,
            np.bincount(problem.arc_seat[chosen], weights=flows[chosen], minlength=problem.n_seats),
        )
    if (allocation.seat_hours > room + 1e-6).any():
        raise PsephosError("A seat was given more hours than its capacity.")


def build_problem(
    volunteers: Volunteers,
    seat_latitude: npt.ArrayLike,
    seat_longitude: npt.ArrayLike,
    curves: SeatCurves,
    *,
    k_nearest: int = 15,
    max_km: float | None = None,
    hour_value: float | None = None,
    session_hours: float = 3.0,
    speed_kmh: float = 40.0,
    travel_time: TravelTime | None = None,
    chosen: IntArray | None = None,
) -> AllocationProblem:
    """Candidate arcs to each volunteer's ``k_nearest`` seats (KD-tree on 3D unit vectors);
    a volunteer with a seat in ``chosen`` (a seat index per volunteer, -1 for none) has one
    arc, to that seat, whatever it is worth (:attr:`AllocationProblem.arc_chosen`).

    Travel cost per hour worked: the round trip's share of one of the volunteer's trips,
    valued at ``hour_value``: ``c = hour_value * 2 * t / trip_hours`` with ``t`` one-way
    hours, ``km / speed_kmh`` or from the ``travel_time`` hook (minutes; called once per
    volunteer, so slow for big files). A volunteer's ``H`` hours take ``ceil(H /
    session_hours)`` trips (:func:`trip_hours`): a volunteer with fewer hours than a session
    still makes a whole round trip, so one with 1 hour pays a whole trip for it, not a third
    of one. ``hour_value`` defaults to the median first-segment value of the 50 most valuable
    seats.
    """
    if k_nearest < 1:
        raise PsephosError(f"k_nearest must be at least 1, got {k_nearest}.")
    if session_hours <= 0 or speed_kmh <= 0:
        raise PsephosError("session_hours and speed_kmh must be positive.")
    seat_lat = np.asarray(seat_latitude, dtype=np.float64)
    seat_lon = np.asarray(seat_longitude, dtype=np.float64)
    if seat_lat.shape[0] != curves.n_seats:
        raise PsephosError("Seat coordinates and value curves disagree on the number of seats.")
    from scipy.spatial import cKDTree  # here: importing the targeting package stays light

    k = min(k_nearest, curves.n_seats)
    seat_vectors = unit_vectors(seat_lat, seat_lon)
    home_vectors = unit_vectors(volunteers.latitude, volunteers.longitude)
    tree = cKDTree(seat_vectors)
    chord, nearest = tree.query(home_vectors, k=k)
    chord = np.asarray(chord).reshape(len(volunteers), k)
    nearest = np.asarray(nearest, dtype=np.int64).reshape(len(volunteers), k)
    km = chord_to_km(chord)
    if travel_time is None:
        one_way_hours = km / speed_kmh
    else:
        one_way_hours = (
            np.vstack(
                [
                    travel_minutes(
                        travel_time,
                        float(volunteers.latitude[v]),
                        float(volunteers.longitude[v]),
                        seat_lat[nearest[v]],
                        seat_lon[nearest[v]],
                    )
                    / 60.0
                    for v in range(len(volunteers))
                ]
            )
            if len(volunteers)
            else np.zeros((0, k))
        )
    if hour_value is None:
        best = np.sort(curves.segment_value[:, 0])[::-1][:50]
        hour_value = float(np.median(best)) if best.size else 0.0
    trips = trip_hours(volunteers.hours, session_hours)
    cost = hour_value * 2.0 * one_way_hours / trips[:, None]
    first_hour = curves.segment_value[nearest, 0]
    has_hours = np.broadcast_to(volunteers.hours[:, None] > 0, nearest.shape)
    valued = has_hours & (first_hour > 0) & (curves.capacity[nearest] > 0)
    within_km = valued if max_km is None else valued & (km <= max_km)
    keep = np.isfinite(cost) & has_hours
    keep &= cost < first_hour  # never profitable otherwise: exact pruning
    worth_trip = keep & valued
    if max_km is not None:
        keep &= km <= max_km
    picked = np.zeros(len(volunteers), dtype=bool) if chosen is None else chosen >= 0
    keep &= ~picked[:, None]  # a volunteer who chose a seat goes there, and nowhere else
    near_best = np.where(keep, first_hour - cost, 0.0).max(axis=1, initial=0.0)
    better_seat, better_seat_km = (
        _seats_beyond(
            volunteers,
            home_vectors,
            seat_vectors,
            curves,
            nearest,
            km[:, -1],
            near_best,
            hour_value * 2.0 / speed_kmh / trips,
            max_km,
        )
        if travel_time is None and k < curves.n_seats
        else (None, None)
    )
    if better_seat is not None:
        better_seat[picked] = -1  # no seat beyond the nearest is better than the one chosen
    reach = Reach(
        k_nearest=k,
        near_seats=np.unique(nearest[has_hours]),
        pairs_valued=int(valued.sum()),
        pairs_within_km=int(within_km.sum()),
        max_km=max_km,
        beyond_km=_kept_away(valued, within_km, worth_trip, keep),
        nearest=nearest,
        valued=valued.any(axis=1),
        better_seat=better_seat,
        better_seat_km=better_seat_km,
    )
    rows = np.broadcast_to(np.arange(len(volunteers), dtype=np.int64)[:, None], keep.shape)
    arcs = (rows[keep], nearest[keep], cost[keep], km[keep])
    arc_chosen = None
    if picked.any():
        own = np.flatnonzero(picked & (volunteers.hours > 0))
        seats = np.asarray(chosen, dtype=np.int64)[own]
        cosine = np.clip((home_vectors[own] * seat_vectors[seats]).sum(axis=1), -1.0, 1.0)
        own_km = chord_to_km(np.sqrt(np.maximum(2.0 - 2.0 * cosine, 0.0)))
        own_hours = own_km / speed_kmh
        if travel_time is not None:
            own_hours = np.array(
                [
                    travel_minutes(
                        travel_time,
                        float(volunteers.latitude[v]),
                        float(volunteers.longitude[v]),
                        seat_lat[[s]],
                        seat_lon[[s]],
                    )[0]
                    / 60.0
                    for v, s in zip(own.tolist(), seats.tolist(), strict=True)
                ]
            )
        own_cost = hour_value * 2.0 * own_hours / trips[own]
        arcs = tuple(
            np.concatenate([near, extra])
            for near, extra in zip(arcs, (own, seats, own_cost, own_km), strict=True)
        )
        arc_chosen = np.arange(arcs[0].shape[0]) >= int(keep.sum())
    return AllocationProblem(
        hours=volunteers.hours.astype(np.int64),
        arc_volunteer=arcs[0].astype(np.int64),
        arc_seat=arcs[1].astype(np.int64),
        arc_cost=arcs[2],
        arc_km=arcs[3],
        curves=curves,
        reach=reach,
        arc_chosen=arc_chosen,
    )


def _kept_away(
    valued: npt.NDArray[np.bool_],
    valued_within: npt.NDArray[np.bool_],
    worth_trip: npt.NDArray[np.bool_],
    worth_trip_within: npt.NDArray[np.bool_],
) -> npt.NDArray[np.bool_]:
    """Per volunteer (rows of (volunteer, nearest seat) pairs), whether the distance limit
    keeps them out: a seat is worth an hour but none is within the limit, or a seat is worth
    the trip (its first hour gains more than the travel costs) but none of those is within
    it, however many seats within it an hour gains something in. Without a limit, nobody."""
    no_seat = valued.any(axis=1) & ~valued_within.any(axis=1)
    no_trip = worth_trip.any(axis=1) & ~worth_trip_within.any(axis=1)
    return np.asarray(no_seat | no_trip, dtype=bool)


#: Volunteers whose distances to every seat :func:`_seats_beyond` works out at once.
_BEYOND_CHUNK = 4096


def _seats_beyond(
    volunteers: Volunteers,
    home_vectors: FloatArray,
    seat_vectors: FloatArray,
    curves: SeatCurves,
    nearest: IntArray,
    kth_km: FloatArray,
    near_best: FloatArray,
    cost_per_km: FloatArray,
    max_km: float | None,
) -> tuple[IntArray, FloatArray]:
    """Per volunteer (``home_vectors``, the seats' ``seat_vectors``: :func:`unit_vectors`), the
    seat beyond their nearest (``nearest``; ``kth_km`` the km to the furthest of them, as
    :func:`build_problem` measured it) whose first hour nets most after travel (straight-line
    km at ``cost_per_km``, the costs :func:`build_problem` gives the arcs), where that beats
    ``near_best``, the best first hour among their nearest (0 where none nets anything); -1
    and NaN km where no seat beyond does. What :attr:`Reach.better_seat` holds: the optimum
    is over the nearest seats, so such a volunteer may be left out, or sent to a worse seat,
    by the limit alone. Worked out a chunk of volunteers at a time against every seat
    (:data:`_BEYOND_CHUNK`)."""
    n_volunteers = len(volunteers)
    beyond = np.full(n_volunteers, -1, dtype=np.int64)
    beyond_km = np.full(n_volunteers, np.nan)
    first_hour = np.where(curves.capacity > 0, curves.segment_value[:, 0], 0.0)
    # every seat beyond is at least as far as the k-th nearest: only a volunteer whose best
    # seat at that distance would beat their nearest can have one, and only a seat worth more
    # than that bound (most volunteers and seats go here, before any distance is worked out)
    bound = near_best + cost_per_km * kth_km
    hopeful = np.flatnonzero((volunteers.hours > 0) & (bound < first_hour.max(initial=0.0)))
    hopeful = hopeful[np.argsort(-bound[hopeful], kind="stable")]  # chunks of like bounds
    for start in range(0, hopeful.size, _BEYOND_CHUNK):
        rows = hopeful[start : start + _BEYOND_CHUNK]
        seats = np.flatnonzero(first_hour > bound[rows].min())
        cosine = np.clip(home_vectors[rows] @ seat_vectors[seats].T, -1.0, 1.0)
        km = chord_to_km(np.sqrt(np.maximum(2.0 - 2.0 * cosine, 0.0)))
        net = first_hour[seats][None, :] - cost_per_km[rows, None] * km
        near = np.zeros((rows.size, first_hour.size), dtype=bool)
        near[np.arange(rows.size)[:, None], nearest[rows]] = True
        net[near[:, seats]] = -np.inf  # the nearest: not beyond
        if max_km is not None:
            net[km > max_km] = -np.inf
        best = np.argmax(net, axis=1)
        picked = np.arange(rows.size)
        better = net[picked, best] > near_best[rows]
        beyond[rows] = np.where(better, seats[best], -1)
        beyond_km[rows] = np.where(better, km[picked, best], np.nan)
    return beyond, beyond_km


def trip_hours(hours: npt.ArrayLike, session_hours: float) -> FloatArray:
    """The hours worked per trip by volunteers with ``hours`` each: their hours over the
    ``ceil(hours / session_hours)`` trips they take (``session_hours`` where they have none).

    A trip costs a whole round trip however short it is, so a volunteer with 1 hour and
    3-hour sessions works 1 hour a trip, and one with 4 hours works two trips of 2. Each hour
    placed carries ``1 / trip_hours`` of a round trip, so the cost of a volunteer's hours stays
    linear in the hours placed (what the min-cost flow needs; the true cost, a whole trip for
    any part of one, is a fixed charge no flow can hold). It is exact where all of a
    volunteer's hours go to one seat; where only some are placed, or they are split over
    seats, each seat is charged its hours' share of the volunteer's trips, within one trip of
    the trips those hours need.
    """
    given = np.asarray(hours, dtype=np.float64)
    trips = np.ceil(np.round(given / session_hours, 9))  # 6 / 3 is two trips, not 2.0000001
    return np.where(trips > 0, given / np.maximum(trips, 1.0), session_hours)


def _integer_costs(problem: AllocationProblem) -> tuple[IntArray, IntArray]:
    """Travel and segment costs scaled so the largest is :data:`COST_SCALE`, rounded."""
    top = max(
        float(problem.curves.segment_value.max(initial=0.0)),
        float(problem.arc_cost.max(initial=0.0)),
    )
    scale = COST_SCALE / top if top > 0 else 1.0
    travel = np.rint(problem.arc_cost * scale).astype(np.int64)
    segments = np.rint(problem.curves.segment_value * scale).astype(np.int64)
    return travel, segments


def _solve_flow(
    hours: IntArray,
    arc_volunteer: IntArray,
    arc_seat: IntArray,
    travel: IntArray,
    segment_hours: IntArray,
    segment_cost: IntArray,
) -> IntArray:
    """Hours on each volunteer -> seat arc at the min-cost flow optimum."""
    n_volunteers = hours.shape[0]
    n_seats, n_segments = segment_hours.shape
    sink = n_volunteers + n_seats
    seat_nodes = np.repeat(np.arange(n_seats, dtype=np.int64) + n_volunteers, n_segments)
    tails = np.concatenate([arc_volunteer, np.arange(n_volunteers, dtype=np.int64), seat_nodes])
    heads = np.concatenate(
        [
            arc_seat + n_volunteers,
            np.full(n_volunteers, sink, dtype=np.int64),
            np.full(seat_nodes.shape[0], sink, dtype=np.int64),
        ]
    )
    capacities = np.concatenate([hours[arc_volunteer], hours, segment_hours.ravel()])
    costs = np.concatenate([travel, np.zeros(n_volunteers, np.int64), -segment_cost.ravel()])
    supplies = np.concatenate([hours, np.zeros(n_seats, np.int64), [-hours.sum()]])
    flows = min_cost_flow(tails, heads, capacities, costs, supplies, alternative="--method lp")
    return flows[: arc_volunteer.shape[0]]


def _volunteer_groups(
    problem: AllocationProblem, travel: IntArray
) -> tuple[IntArray, IntArray, IntArray, int]:
    """Group volunteers whose candidate arcs (seat and integer cost) are identical.

    Returns arc order (sorted by volunteer, then seat), each volunteer's first arc position in
    that order, the group of each volunteer, and the number of groups. Volunteers in a group
    are interchangeable in the integer problem the solver sees, so merging them is exact.
    """
    n_volunteers = problem.n_volunteers
    order = np.lexsort((problem.arc_seat, problem.arc_volunteer))
    volunteer_sorted = problem.arc_volunteer[order]
    degree = np.bincount(volunteer_sorted, minlength=n_volunteers)
    first = np.concatenate([[0], np.cumsum(degree)[:-1]]).astype(np.int64)
    width = int(degree.max(initial=0))
    keys = np.full((n_volunteers, 2 * width + 1), -1, dtype=np.int64)
    keys[:, 0] = degree
    position = np.arange(order.shape[0]) - first[volunteer_sorted]
    keys[volunteer_sorted, 1 + position] = problem.arc_seat[order]
    keys[volunteer_sorted, 1 + width + position] = travel[order]
    # A cheap exact test first: distinct hashes mean distinct rows, so nothing to merge.
    weights = np.random.default_rng(0).integers(1, 2**62, size=keys.shape[1], dtype=np.int64)
    with np.errstate(over="ignore"):
        hashes = (keys * weights).sum(axis=1)
    if np.unique(hashes).shape[0] == n_volunteers:
        return order, first, np.arange(n_volunteers, dtype=np.int64), n_volunteers
    _, group = np.unique(keys, axis=0, return_inverse=True)
    group = np.asarray(group, dtype=np.int64).ravel()
    return order, first, group, int(group.max(initial=-1)) + 1


def solve_min_cost_flow(problem: AllocationProblem, *, aggregate: bool = True) -> Allocation:
    """The exact optimum as a min-cost flow (OR-Tools ``SimpleMinCostFlow``, the ``ortools``
    extra; :func:`solve_lp` is the same optimum without it).

    Volunteers without a candidate arc are left out of the graph. With ``aggregate``
    (default), volunteers with identical candidate arcs (same seats, same integer travel costs:
    e.g. people geocoded to one postcode, or free travel) are merged into one node holding
    their hours, solved, and the group's flow is split back over its members in order. Merged
    members are interchangeable, so the optimum is unchanged.
    """
    start = time.perf_counter()
    degree = np.bincount(problem.arc_volunteer, minlength=problem.n_volunteers)
    active = np.flatnonzero((degree > 0) & (problem.hours > 0))
    if active.shape[0] < problem.n_volunteers:
        position = np.full(problem.n_volunteers, -1, dtype=np.int64)
        position[active] = np.arange(active.shape[0])
        keep = position[problem.arc_volunteer] >= 0
        reduced = AllocationProblem(
            hours=problem.hours[active],
            arc_volunteer=position[problem.arc_volunteer[keep]],
            arc_seat=problem.arc_seat[keep],
            arc_cost=problem.arc_cost[keep],
            arc_km=problem.arc_km[keep],
            curves=problem.curves,
        )
        flows = np.zeros(problem.arc_volunteer.shape[0], dtype=np.int64)
        if active.shape[0]:
            flows[keep] = _optimal_flows(reduced, aggregate=aggregate)
    else:
        flows = _optimal_flows(problem, aggregate=aggregate)
    return evaluate(problem, flows, "min-cost-flow", time.perf_counter() - start)


def _optimal_flows(problem: AllocationProblem, *, aggregate: bool) -> IntArray:
    """Optimal hours per arc (see :func:`solve_min_cost_flow`)."""
    travel, segment_cost = _integer_costs(problem)
    segment_hours = problem.curves.segment_hours.astype(np.int64)
    grouping = None
    if aggregate and problem.n_volunteers > 1 and problem.arc_volunteer.shape[0] > 0:
        grouping = _volunteer_groups(problem, travel)
    if grouping is None or grouping[3] >= problem.n_volunteers:
        return _solve_flow(
            problem.hours,
            problem.arc_volunteer,
            problem.arc_seat,
            travel,
            segment_hours,
            segment_cost,
        )
    order, first, group, n_groups = grouping
    # One representative per group carries the group's hours on the representative's arcs.
    representative = np.full(n_groups, problem.n_volunteers, dtype=np.int64)
    np.minimum.at(representative, group, np.arange(problem.n_volunteers, dtype=np.int64))
    group_hours = np.bincount(group, weights=problem.hours, minlength=n_groups).astype(np.int64)
    degree = np.bincount(problem.arc_volunteer, minlength=problem.n_volunteers)
    rep_degree = degree[representative]
    rep_first = first[representative]
    group_arc_group = np.repeat(np.arange(n_groups, dtype=np.int64), rep_degree)
    within = np.arange(group_arc_group.shape[0]) - np.repeat(
        np.concatenate([[0], np.cumsum(rep_degree)[:-1]]), rep_degree
    )
    group_arc_source = order[rep_first[group_arc_group] + within]
    group_flows = _solve_flow(
        group_hours,
        group_arc_group,
        problem.arc_seat[group_arc_source],
        travel[group_arc_source],
        segment_hours,
        segment_cost,
    )
    return _split_group_flows(
        problem, order, first, group, group_hours, group_arc_group, within, group_flows
    )


def _split_group_flows(
    problem: AllocationProblem,
    order: IntArray,
    first: IntArray,
    group: IntArray,
    group_hours: IntArray,
    group_arc_group: IntArray,
    within: IntArray,
    group_flows: IntArray,
) -> IntArray:
    """Share each group's arc flows among its members, filling members in order.

    Members and arcs are laid end to end on one integer line per group (members by their
    hours, arcs by their flows plus an "unused" remainder); each overlap of a member's interval
    with an arc's interval is the hours that member works on that arc.
    """
    n_groups = group_hours.shape[0]
    offsets = np.concatenate([[0], np.cumsum(group_hours)[:-1]]).astype(np.int64)
    members = np.lexsort((np.arange(problem.n_volunteers), group))
    member_end = offsets[group[members]] + (
        np.cumsum(problem.hours[members])
        - np.repeat(
            np.concatenate([[0], np.cumsum(np.bincount(group, weights=problem.hours))[:-1]]),
            np.bincount(group, minlength=n_groups),
        )
    )
    used = np.bincount(group_arc_group, weights=group_flows, minlength=n_groups).astype(np.int64)
    # Arcs in group order, then one "unused" arc per group; -1 marks the unused ones.
    arc_group = np.concatenate([group_arc_group, np.arange(n_groups, dtype=np.int64)])
    arc_length = np.concatenate([group_flows, group_hours - used])
    arc_id = np.concatenate([np.arange(group_flows.shape[0]), np.full(n_groups, -1)])
    arc_order = np.lexsort((arc_id < 0, arc_group))
    arc_end = offsets[arc_group[arc_order]] + (
        np.cumsum(arc_length[arc_order])
        - np.repeat(
            np.concatenate([[0], np.cumsum(group_hours)[:-1]]),
            np.bincount(arc_group, minlength=n_groups),
        )
    )
    breaks = np.unique(np.concatenate([[0], member_end, arc_end]))
    starts, ends = breaks[:-1], breaks[1:]
    member_index = np.searchsorted(member_end, starts, side="right")
    arc_index = np.searchsorted(arc_end, starts, side="right")
    valid = (member_index < members.shape[0]) & (arc_index < arc_order.shape[0])
    starts, ends = starts[valid], ends[valid]
    volunteer = members[member_index[valid]]
    chosen = arc_id[arc_order[arc_index[valid]]]
    keep = chosen >= 0
    volunteer, chosen, length = volunteer[keep], chosen[keep], (ends - starts)[keep]
    original = order[first[volunteer] + within[chosen]]
    flows = np.zeros(problem.arc_volunteer.shape[0], dtype=np.int64)
    np.add.at(flows, original, length)
    return flows


def solve_lp(problem: AllocationProblem) -> Allocation:
    """The same problem as a general LP (SciPy HiGHS): a cross-check, slower at scale."""
    from scipy import sparse  # imported here: only the LP cross-check needs it

    start = time.perf_counter()
    n_arcs = problem.arc_volunteer.shape[0]
    n_seats, n_segments = problem.curves.segment_hours.shape
    n_y = n_seats * n_segments
    cost = np.concatenate([problem.arc_cost, -problem.curves.segment_value.ravel()])
    top = float(np.abs(cost).max(initial=0.0))
    cost = cost / top if top > 0 else cost  # HiGHS tolerances are absolute: work at unit scale
    volunteer_rows = sparse.csr_matrix(
        (np.ones(n_arcs), (problem.arc_volunteer, np.arange(n_arcs))),
        shape=(problem.n_volunteers, n_arcs + n_y),
    )
    seat_of_y = np.repeat(np.arange(n_seats), n_segments)
    balance = sparse.csr_matrix(
        (
            np.concatenate([np.ones(n_arcs), -np.ones(n_y)]),
            (np.concatenate([problem.arc_seat, seat_of_y]), np.arange(n_arcs + n_y)),
        ),
        shape=(n_seats, n_arcs + n_y),
    )
    bounds = np.column_stack(
        [
            np.zeros(n_arcs + n_y),
            np.concatenate(
                [problem.hours[problem.arc_volunteer], problem.curves.segment_hours.ravel()]
            ).astype(np.float64),
        ]
    )
    result = linprog(
        cost,
        A_ub=volunteer_rows,
        b_ub=problem.hours.astype(np.float64),
        A_eq=balance,
        b_eq=np.zeros(n_seats),
        bounds=bounds,
        method="highs",
    )
    if result.status != 0:
        raise PsephosError(f"The LP solver failed: {result.message}")
    flows = np.asarray(result.x[:n_arcs])
    return evaluate(problem, flows, "lp", time.perf_counter() - start)


def solve_greedy(problem: AllocationProblem) -> Allocation:
    """The value-aware greedy baseline: volunteers in file order, each one's hours to the
    candidate seat where the next hour nets most (see the module docstring)."""
    start = time.perf_counter()
    curves = problem.curves
    remaining = curves.segment_hours.astype(np.int64).tolist()
    values = curves.segment_value.tolist()
    segment = [0] * curves.n_seats
    n_segments = curves.segment_hours.shape[1]
    order = np.argsort(problem.arc_volunteer, kind="stable")
    bounds = np.searchsorted(problem.arc_volunteer[order], np.arange(problem.n_volunteers + 1))
    seats_sorted = problem.arc_seat[order].tolist()
    costs_sorted = problem.arc_cost[order].tolist()
    flows = [0] * problem.arc_volunteer.shape[0]
    order_list = order.tolist()
    hours = problem.hours.tolist()

    bounds_list = bounds.tolist()
    for volunteer in range(problem.n_volunteers):
        left = hours[volunteer]
        first, last = bounds_list[volunteer], bounds_list[volunteer + 1]
        while left > 0 and first < last:
            best, best_gain = -1, 0.0
            for position in range(first, last):
                # The value of the seat's next segment with hours left (-1 when it is full).
                seat = seats_sorted[position]
                level, left_in = segment[seat], remaining[seat]
                while level < n_segments and left_in[level] == 0:
                    level += 1
                segment[seat] = level
                value = values[seat][level] if level < n_segments else -1.0
                gain = value - costs_sorted[position]
                if gain > best_gain:
                    best, best_gain = position, gain
            if best < 0:
                break
            seat = seats_sorted[best]
            step = min(left, remaining[seat][segment[seat]])
            remaining[seat][segment[seat]] -= step
            flows[order_list[best]] += step
            left -= step
    return evaluate(problem, flows, "greedy", time.perf_counter() - start)


def solve_nearest(problem: AllocationProblem) -> Allocation:
    """The nearest-seat baseline: volunteers in file order, all of each one's hours to their
    nearest candidate seat (a seat where an hour is worth more than the trip: the problem's
    arcs), then the next nearest once a seat is full (ties: the more valuable seat first),
    whatever the next hour there is worth (see the module docstring)."""
    start = time.perf_counter()
    curves = problem.curves
    first_value = curves.segment_value[:, 0] if curves.segment_value.size else np.zeros(0)
    order = np.lexsort((-first_value[problem.arc_seat], problem.arc_km, problem.arc_volunteer))
    bounds = np.searchsorted(
        problem.arc_volunteer[order], np.arange(problem.n_volunteers + 1)
    ).tolist()
    seats = problem.arc_seat[order].tolist()
    arcs = order.tolist()
    room = curves.capacity.tolist()
    hours = problem.hours.tolist()
    flows = [0] * problem.arc_volunteer.shape[0]
    for volunteer in range(problem.n_volunteers):
        left = hours[volunteer]
        for position in range(bounds[volunteer], bounds[volunteer + 1]):
            if left <= 0:
                break
            seat = seats[position]
            step = min(left, room[seat])
            if step > 0:
                room[seat] -= step
                flows[arcs[position]] += step
                left -= step
    return evaluate(problem, flows, "nearest", time.perf_counter() - start)


SOLVERS = {
    "min-cost-flow": solve_min_cost_flow,
    "lp": solve_lp,
    "greedy": solve_greedy,
    "nearest": solve_nearest,
}

Method = Literal["auto", "min-cost-flow", "flow", "lp", "greedy", "nearest"]


def default_method() -> str:
    """The exact method ``"auto"`` runs: ``"min-cost-flow"`` when OR-Tools is installed (the
    ``ortools`` extra), else ``"lp"`` (HiGHS; same optimum, slower at scale)."""
    return "min-cost-flow" if has_ortools() else "lp"


def solve(problem: AllocationProblem, method: Method = "auto") -> Allocation:
    """Solve with a registered method (``min-cost-flow``, ``lp``, or a baseline, ``greedy`` or
    ``nearest``), or ``auto`` (:func:`default_method`), around the hours of volunteers who
    chose their seat (:func:`solve_around_chosen`)."""
    if problem.arc_chosen is not None and problem.arc_chosen.any():
        return solve_around_chosen(problem, method)
    name = "min-cost-flow" if method in FLOW_METHODS else method
    try:
        solver = SOLVERS[default_method() if name == "auto" else name]
    except KeyError:
        raise PsephosError(
            unknown_choice("allocation method", method, ("auto", *SOLVERS))
        ) from None
    return solver(problem)


def solve_around_chosen(problem: AllocationProblem, method: Method = "auto") -> Allocation:
    """The allocation with every volunteer who chose a seat working all their hours there
    (:attr:`AllocationProblem.arc_chosen`), and the others placed by ``method`` (as
    :func:`solve`) on what each seat still needs after those hours (:meth:`SeatCurves.after`:
    the hours chosen fill a seat's most valuable hours first). Its value and travel are the
    whole plan's, the chosen hours' included; hours chosen beyond a seat's capacity are
    worked there and gain nothing.

    Raises:
        PsephosError: as :func:`solve`.
    """
    start = time.perf_counter()
    chosen = np.asarray(problem.arc_chosen, dtype=bool)
    chosen_hours = problem.hours[problem.arc_volunteer[chosen]]
    seat_chosen = np.bincount(
        problem.arc_seat[chosen], weights=chosen_hours, minlength=problem.n_seats
    ).astype(np.int64)
    by_choice = np.zeros(problem.n_volunteers, dtype=bool)
    by_choice[problem.arc_volunteer[chosen]] = True
    rest = AllocationProblem(
        hours=np.where(by_choice, 0, problem.hours).astype(np.int64),
        arc_volunteer=problem.arc_volunteer[~chosen],
        arc_seat=problem.arc_seat[~chosen],
        arc_cost=problem.arc_cost[~chosen],
        arc_km=problem.arc_km[~chosen],
        curves=problem.curves.after(seat_chosen),
    )
    placed = solve(rest, method)
    check_allocation(rest, placed)
    flows = np.zeros(problem.arc_volunteer.shape[0], dtype=np.float64)
    flows[~chosen] = placed.arc_hours
    flows[chosen] = chosen_hours
    return evaluate(problem, flows, placed.method, time.perf_counter() - start)


@dataclass(frozen=True, slots=True, eq=False)
class AllocationReport:
    """An optimal allocation of volunteers for an election, with its two baselines (the
    value-aware greedy, :func:`solve_greedy`, and the nearest seat, :func:`solve_nearest`).

    Rows hold volunteer id, seat, hours, distance and why hours are not placed (no names or
    coordinates unless asked for): volunteer data is personal data.
    """

    election: Election
    volunteers: Volunteers
    problem: AllocationProblem
    optimal: Allocation
    greedy: Allocation
    nearest: Allocation
    party: str | None
    votes_per_hour: float
    #: File rows whose ``chosen_seat`` is no seat of the election (placed like the rest).
    unknown_choices: tuple[int, ...] = ()

    @property
    def greedy_fraction(self) -> float | None:
        """Greedy objective over the optimum (``None`` when the optimum is zero)."""
        return self._fraction(self.greedy)

    @property
    def nearest_fraction(self) -> float | None:
        """The nearest-seat baseline's objective over the optimum (``None`` when the optimum
        is zero)."""
        return self._fraction(self.nearest)

    def _fraction(self, baseline: Allocation) -> float | None:
        """A baseline's objective over the optimum; ``None`` (JSON's ``null``) when the
        optimum is zero (nothing placed): no share of nothing, where 1.0 read as "100% of the
        optimum"."""
        if self.optimal.objective <= 0:
            return None
        return baseline.objective / self.optimal.objective

    def why_nothing_placed(self) -> str | None:
        """Why no hour was placed (``None`` when some were): no hours, no seat within reach
        where the party stands or an hour is worth anything, none within ``max_km``, or
        travel dearer than every hour it buys."""
        if self.optimal.arc_hours.sum() > 0:
            return None
        reach = self.problem.reach
        if not self.problem.hours.sum() or reach is None:
            return "No hours placed: no volunteer has any hours to give."
        if reach.n_beyond():
            return (
                f"No hours placed: the plan considers each volunteer's {reach.k_nearest} "
                f"nearest seats; {self._beyond_sentence()}"
            )
        near = (
            f"the seats within reach of a volunteer (each one's {reach.k_nearest} nearest, "
            f"{len(reach.near_seats)} in all)"
        )
        if reach.pairs_valued == 0:
            if (
                self.party is not None
                and not self.election.votes[
                    reach.near_seats, self.election.party_index(self.party)
                ].any()
            ):
                return f"No hours placed: {self.party} stands in none of {near}."
            return f"No hours placed: an hour gains nothing in any of {near}."
        if reach.max_km is not None and (
            reach.pairs_within_km == 0
            or (reach.beyond_km is not None and reach.beyond_km[self.problem.hours > 0].all())
        ):
            return (
                "No hours placed: no seat where an hour gains more than its travel costs is "
                f"within {format_number(reach.max_km, ',g')} km of a volunteer (measured to each "
                "seat's centre)."
            )
        return (
            "No hours placed: the travel to every seat where an hour gains anything costs more "
            "than the hours it buys there."
        )

    def _beyond_sentence(self) -> str:
        """How many volunteers the nearest-seat limit keeps from a seat that would net more
        than any of their nearest, with the first such seat (:attr:`Reach.better_seat`)."""
        reach = self.problem.reach
        if reach is None or reach.better_seat is None or not reach.n_beyond():
            return ""
        seat, km = self._beyond_seat(int(np.flatnonzero(reach.better_seat >= 0)[0]))
        count = reach.n_beyond()
        has = "has" if count == 1 else "have"
        return (
            f"{counted(count, 'volunteer')} {has} a seat beyond their {reach.k_nearest} nearest "
            f"that would net more than any of those (the first: {seat}, {km} km away): raise "
            "the candidate seats per volunteer."
        )

    def placed_hours(self) -> IntArray:
        """Whole hours placed per volunteer."""
        problem = self.problem
        placed = np.bincount(
            problem.arc_volunteer,
            weights=np.rint(self.optimal.arc_hours),
            minlength=problem.n_volunteers,
        )
        return np.asarray(placed, dtype=np.int64)

    def unplaced(self) -> tuple[IntArray, IntArray, list[str]]:
        """The volunteers not placed, or not wholly: their indices (in volunteer order), the
        hours of each not placed (0 for a volunteer with none to give), and why
        (:func:`_unplaced_reasons`: 0 hours; the party stands in none of their nearest seats,
        or an hour gains nothing in any; none within ``max_km``; travel dearer than every hour
        it buys; the seats within reach full, or another hour there worth less than its
        travel)."""
        chosen, left, codes = self._unplaced_parts()
        texts = self._reason_texts()
        return (
            chosen,
            left,
            [
                self._beyond_text(volunteer) if code == _BEYOND_K else texts[code]
                for volunteer, code in zip(chosen.tolist(), codes.tolist(), strict=True)
            ],
        )

    def _unplaced_parts(self) -> tuple[IntArray, IntArray, IntArray]:
        """The volunteers not placed, or not wholly, the hours of each not placed, and their
        reason codes (:meth:`_unplaced_codes`)."""
        left = np.maximum(self.problem.hours - self.placed_hours(), 0)
        codes = self._unplaced_codes(left)
        chosen = np.flatnonzero(codes >= 0)
        return chosen, left[chosen], codes[chosen]

    def _beyond_text(self, volunteer: int) -> str:
        """Why a volunteer the nearest-seat limit keeps from a better seat is not placed (or
        not wholly), naming the limit and the seat (:attr:`Reach.better_seat`)."""
        seat, km = self._beyond_seat(volunteer)
        k = self.problem.reach.k_nearest if self.problem.reach is not None else 0
        return (
            f"the plan considers only the {k} nearest seats, and {seat} ({km} km), beyond "
            "them, is worth the trip: raise the candidate seats per volunteer"
        )

    def _beyond_seat(self, volunteer: int) -> tuple[str, str]:
        """The seat beyond a volunteer's nearest that would net more (:attr:`Reach.better_seat`),
        by name, and its distance in km as the plan writes it."""
        reach = self.problem.reach
        if reach is None or reach.better_seat is None or reach.better_seat_km is None:
            return "", ""
        seat = self.election.constituencies[int(reach.better_seat[volunteer])].name
        return seat, format_number(float(reach.better_seat_km[volunteer]), ".1f")

    def _unplaced_codes(self, left: IntArray) -> IntArray:
        """Per volunteer, the reason (an index into :meth:`_reason_texts`) they are not
        placed or not wholly; -1 where every hour they have is placed."""
        problem, reach = self.problem, self.problem.reach
        n_volunteers = problem.n_volunteers
        degree = np.bincount(problem.arc_volunteer, minlength=n_volunteers)
        seat_full = self.optimal.seat_hours >= problem.curves.capacity - 1e-6
        full = np.bincount(
            problem.arc_volunteer, weights=seat_full[problem.arc_seat], minlength=n_volunteers
        )
        nowhere: npt.NDArray[np.bool_] = np.zeros(n_volunteers, dtype=bool)
        no_value = nowhere if reach is None or reach.valued is None else ~reach.valued
        beyond = nowhere if reach is None or reach.beyond_km is None else reach.beyond_km
        absent = nowhere
        if self.party is not None and reach is not None and reach.nearest is not None:
            stands = self.election.votes[:, self.election.party_index(self.party)] > 0
            absent = np.asarray(~stands[reach.nearest].any(axis=1), dtype=bool)
        conditions = [
            problem.hours == 0,
            left == 0,
            no_value & absent,
            no_value,
            beyond,
            degree == 0,
            full == degree,
            full == 0,
        ]
        codes = np.asarray(
            np.select(conditions, [*_UNPLACED, _FULL, _DEARER], default=_FULL_OR_DEARER),
            dtype=np.int64,
        )
        if reach is not None and reach.better_seat is not None:  # the limit is why
            limited = (reach.better_seat >= 0) & (codes >= 0) & (codes != _ZERO_HOURS)
            limited &= codes != _BEYOND_KM
            codes[limited] = _BEYOND_K
        return codes

    def _reason_texts(self) -> dict[int, str]:
        """What each reason code of :meth:`_unplaced_codes` says on a volunteer's row, and in
        the count of volunteers not placed (a seat beyond the limit: named on each row
        instead, :meth:`unplaced`)."""
        reach = self.problem.reach
        k = reach.k_nearest if reach is not None else 0
        within = (
            f"within {reach.max_km:g} km (measured to each seat's centre)"
            if reach is not None and reach.max_km is not None
            else ""
        )
        return {
            _ZERO_HOURS: "0 hours",
            _PARTY_ABSENT: f"{self.party} stands in none of the {k} nearest seats",
            _GAINS_NOTHING: f"an hour gains nothing in any of the {k} nearest seats",
            _BEYOND_KM: f"no seat where an hour gains more than its travel costs {within}",
            _TRAVEL: (
                "the travel to every seat where an hour gains anything costs more than the "
                "hours it buys there"
            ),
            _FULL: "the seats within reach are full",
            _DEARER: "another hour would gain less than its travel costs",
            _FULL_OR_DEARER: (
                "the seats within reach are full, or another hour there would gain less than "
                "its travel costs"
            ),
            # each volunteer's row names their own seat beyond (:meth:`_beyond_text`); counted
            # under the limit alone, a plan of many volunteers says it once, not once a seat
            _BEYOND_K: (
                f"the plan considers only the {k} nearest seats, and a seat beyond them is worth "
                "the trip (named on each volunteer's row): raise the candidate seats per "
                "volunteer"
            ),
        }

    def notes(self) -> list[str]:
        """The plan's notes, as ``psephos allocate`` prints them and the web's plan lists them:
        the volunteers kept on the seat they chose (:meth:`chosen_note`), then why hours were
        not placed (:meth:`why_hours_unplaced`)."""
        return [note for note in (self.chosen_note(), self.why_hours_unplaced()) if note]

    def chosen_note(self) -> str | None:
        """How many volunteers work in the seat they chose (``chosen_seat``), with their hours,
        placed before the plan places the others; and the file's rows whose chosen seat is no
        seat of the election, placed like the rest. ``None`` where no one chose a seat."""
        said = []
        chosen = self.problem.arc_chosen
        if chosen is not None and chosen.any():
            volunteers = self.problem.arc_volunteer[chosen]
            hours = int(self.problem.hours[volunteers].sum())
            seats = len(np.unique(self.problem.arc_seat[chosen]))
            said.append(
                f"{counted(len(volunteers), 'volunteer')} ({counted(hours, 'hour')}) "
                f"{'works' if len(volunteers) == 1 else 'work'} in the seat they chose "
                f"(chosen_seat; {counted(seats, 'seat')}), whatever it is worth; the plan places "
                "the others around them, each seat needing that much less."
            )
        if self.unknown_choices:
            rows = first_listed([str(row) for row in self.unknown_choices], NOTE_ROWS)
            several = len(self.unknown_choices) > 1
            who = "those volunteers are" if several else "the volunteer is"
            said.append(
                f"{'Rows' if several else 'Row'} {rows}: chosen_seat is no seat of "
                f"{self.election.id}, so {who} placed like the rest."
            )
        return " ".join(said) or None

    def why_hours_unplaced(self) -> str | None:
        """Why hours were left unplaced: :meth:`why_nothing_placed` where none was placed;
        where some were, how many were not and why, the volunteers counted by their reason
        (:meth:`unplaced`); and how many volunteers gave 0 hours. ``None`` when every hour
        was placed and every volunteer had hours."""
        indices, left, codes = self._unplaced_parts()
        texts = self._reason_texts()
        reasons = [texts[code] for code in codes.tolist()]
        hours = self.problem.hours[indices]
        zero = int((hours == 0).sum())
        nothing = self.why_nothing_placed()
        if nothing is None and left.sum():
            groups: dict[str, list[int]] = {}
            for reason, hours_left in zip(reasons, left.tolist(), strict=True):
                if hours_left:
                    groups.setdefault(reason, []).append(hours_left)
            said = [
                f"{counted(len(each), 'volunteer')} ({counted(sum(each), 'hour')}): {reason}"
                for reason, each in sorted(groups.items(), key=lambda item: -sum(item[1]))
            ]
            available = int(self.problem.hours.sum())
            nothing = (
                f"{counted(int(left.sum()), 'hour')} of {available:,} not placed: "
                + "; ".join(said)
                + "."
            )
        if zero and self.problem.hours.sum():
            has = "has" if zero == 1 else "have"
            listed = "is listed" if zero == 1 else "are listed"
            sentence = (
                f"{counted(zero, 'volunteer')} {has} 0 hours to give and {listed} as not placed."
            )
            return sentence if nothing is None else f"{nothing} {sentence}"
        return nothing

    def assignment_rows(self, *, include_personal: bool = False) -> list[dict[str, Any]]:
        """The plan, a row per volunteer and seat with hours there, and a row without a seat
        for each volunteer's hours not placed (all of them for a volunteer not placed, and
        for one with 0 hours), with why (:meth:`unplaced`); in volunteer order, a volunteer's
        seats before their hours not placed. ``include_personal`` adds each volunteer's name
        (where the file gave names) and home coordinates."""
        problem = self.problem
        flows = np.rint(self.optimal.arc_hours).astype(np.int64)
        used = np.flatnonzero(flows > 0)
        used = used[np.lexsort((problem.arc_seat[used], problem.arc_volunteer[used]))]
        codes = [seat.code for seat in self.election.constituencies]
        names = [seat.name for seat in self.election.constituencies]
        ids = self.volunteers.ids
        placed = [
            {
                "volunteer_id": ids[volunteer],
                "seat_code": codes[seat],
                "seat_name": names[seat],
                "hours": hours,
                "distance_km": round(km, 1),
                "reason": None,
            }
            for volunteer, seat, hours, km in zip(
                problem.arc_volunteer[used].tolist(),
                problem.arc_seat[used].tolist(),
                flows[used].tolist(),
                problem.arc_km[used].tolist(),
                strict=True,
            )
        ]
        indices, left, reasons = self.unplaced()
        unplaced = [
            {
                "volunteer_id": ids[volunteer],
                "seat_code": None,
                "seat_name": None,
                "hours": hours,
                "distance_km": None,
                "reason": reason,
            }
            for volunteer, hours, reason in zip(
                indices.tolist(), left.tolist(), reasons, strict=True
            )
        ]
        # in volunteer order, each one's seats (in seat order) before their hours not placed:
        # a stable sort of the placed rows, then the unplaced, by volunteer
        volunteers = np.concatenate([problem.arc_volunteer[used], indices])
        rows = placed + unplaced
        order = np.argsort(volunteers, kind="stable").tolist()
        if not include_personal:
            return [rows[index] for index in order]
        return [
            self._with_personal(volunteer, rows[index])
            for volunteer, index in zip(volunteers[order].tolist(), order, strict=True)
        ]

    def _with_personal(self, volunteer: int, row: dict[str, Any]) -> dict[str, Any]:
        """A plan's row with the volunteer's name (where the file gave names) and home."""
        if self.volunteers.names is not None:
            row["name"] = self.volunteers.names[volunteer]
        row["latitude"] = float(self.volunteers.latitude[volunteer])
        row["longitude"] = float(self.volunteers.longitude[volunteer])
        return row

    def seat_rows(self) -> list[dict[str, Any]]:
        """Per seat that receives hours: its code and name, hours, capacity and expected seats
        gained."""
        hours = self.optimal.seat_hours
        value = self.problem.curves.value(hours)
        capacity = self.problem.curves.capacity
        order = np.flatnonzero(hours > 0)
        order = order[np.argsort(-value[order], kind="stable")]
        return [
            {
                "code": self.election.constituencies[i].code,
                "name": self.election.constituencies[i].name,
                "hours": round(float(hours[i])),
                "capacity": int(capacity[i]),
                "expected_seats": round(float(value[i]), 5),
            }
            for i in order
        ]

    def summary(self) -> dict[str, Any]:
        """Headline figures (no personal data). ``volunteers`` counts those with hours to
        give, ``volunteers_placed`` those given a seat, ``volunteers_not_placed`` those with
        hours given none, and ``volunteers_without_hours`` those with 0 hours (listed in the
        plan as not placed, and not counted among its volunteers). ``k_nearest`` is the
        nearest seats the optimum is over, ``volunteers_with_better_seat_beyond`` the
        volunteers with a seat beyond them that would net more (:attr:`Reach.better_seat`), and
        ``beyond_note`` says so in words (``None`` where there are none).
        ``greedy_fraction_of_optimum`` and ``nearest_fraction_of_optimum`` are each baseline's
        share of the optimum, ``None`` where the optimum is zero."""
        hours = self.problem.hours
        placed = self.placed_hours()
        reach = self.problem.reach
        return {
            "election": self.election.id,
            "party": self.party,
            "volunteers": int((hours > 0).sum()),
            "volunteers_placed": int((placed > 0).sum()),
            "volunteers_not_placed": int(((hours > 0) & (placed == 0)).sum()),
            "volunteers_without_hours": int((hours == 0).sum()),
            "hours_available": int(self.problem.hours.sum()),
            "hours_allocated": round(float(self.optimal.arc_hours.sum())),
            "candidate_arcs": int(self.problem.arc_volunteer.shape[0]),
            "expected_seats_gained": float(f"{self.optimal.value:.6g}"),
            "travel_cost": float(f"{self.optimal.travel_cost:.6g}"),
            "objective": float(f"{self.optimal.objective:.6g}"),
            "method": self.optimal.method,
            "solve_seconds": round(self.optimal.seconds, 3),
            "greedy_objective": float(f"{self.greedy.objective:.6g}"),
            "greedy_fraction_of_optimum": _rounded_fraction(self.greedy_fraction),
            "nearest_objective": float(f"{self.nearest.objective:.6g}"),
            "nearest_fraction_of_optimum": _rounded_fraction(self.nearest_fraction),
            "votes_per_hour": self.votes_per_hour,
            "k_nearest": reach.k_nearest if reach is not None else None,
            "volunteers_with_better_seat_beyond": reach.n_beyond() if reach is not None else 0,
            "beyond_note": self._beyond_sentence() or None,
        }


def seat_capacities(election: Election, capacity: Mapping[str, int]) -> dict[int, int]:
    """Seat index -> hours for capacities keyed by a seat's ONS code or name.

    Raises:
        PsephosError: negative hours, or one seat named twice (by its name and its code, say);
            UnknownConstituencyError for a seat name.
    """
    limits: dict[int, int] = {}
    named: dict[int, str] = {}
    for seat, hours in capacity.items():
        if not hours >= 0:
            raise PsephosError(f"Capacity for {seat!r} must be non-negative, got {hours!r}.")
        index = election.seat_index(seat)
        if index in named:
            found = election.constituencies[index]
            raise PsephosError(
                f"Capacities name {found.named} twice, as {named[index]!r} and "
                f"{seat!r} ({limits[index]} and {int(hours)} hours); give each seat once."
            )
        limits[index], named[index] = int(hours), seat
    return limits


def allocate_volunteers(
    election: Election,
    volunteers: Volunteers,
    *,
    party: str | None = None,
    swing: Mapping[str, float] | None = None,
    scenario: Election | None = None,
    national_sd: float = DEFAULT_NATIONAL_SD,
    votes_per_hour: float = DEFAULT_VOTES_PER_HOUR,
    hours_per_elector: Sequence[float] = DEFAULT_HOURS_PER_ELECTOR,
    factors: Sequence[float] = DEFAULT_FACTORS,
    k_nearest: int = 15,
    max_km: float | None = None,
    session_hours: float = 3.0,
    speed_kmh: float = 40.0,
    hour_value: float | None = None,
    travel_time: TravelTime | None = None,
    method: Method = "auto",
    capacity: Mapping[str, int] | None = None,
) -> AllocationReport:
    """Allocate volunteers' hours to seats for a party (or party-neutrally) in an election.

    Seat values: ``votes_per_hour * factor_k * dP/dvote`` from
    :func:`psephos.targeting.sensitivity.seat_sensitivity` on the base moved by ``swing``, or on
    ``scenario``: the base already moved to a poll or a swing
    (:func:`psephos.targeting.sensitivity.scenario_election`, as
    :func:`psephos.targeting.allocation.allocation_answer` moves it before reading the
    volunteers), not with ``swing``; capacities from ``hours_per_elector``; travel as in
    :func:`build_problem`. The optimum comes from the min-cost flow or the LP (``"auto"``:
    :func:`default_method`); the two baselines (:func:`solve_greedy`, :func:`solve_nearest`)
    are solved on the same problem.
    ``capacity`` caps the hours of named seats (ONS code or name -> hours), e.g. what a local
    office can absorb. A volunteer whose ``chosen_seats`` names a seat of ``election`` (its
    name or ONS code) works all their hours there (:func:`solve_around_chosen`); one naming
    no seat is placed like the rest, and the report's note names their rows.

    Raises:
        PsephosError: bad capacities or settings; UnknownConstituencyError for a seat name.
        UnsupportedCountryError: a country without bundled seat centroids (Canada).
    """
    require(ALLOCATION, election)
    if scenario is not None and swing:
        raise PsephosError("Give a swing or a scenario already moved by one, not both.")
    if scenario is None:
        scenario = apply_national_swing(election, dict(swing or {}))
    projected = scenario
    sensitivity = seat_sensitivity(projected, party, national_sd=national_sd)
    per_vote = sensitivity.per_vote
    if party is not None:
        per_vote = np.where(projected.votes[:, projected.party_index(party)] > 0, per_vote, 0.0)
    curves = seat_curves(
        per_vote,
        election.electorate,
        votes_per_hour=votes_per_hour,
        hours_per_elector=hours_per_elector,
        factors=factors,
    )
    if capacity:
        limits = curves.capacity.copy()
        for index, hours in seat_capacities(election, capacity).items():
            limits[index] = min(hours, int(limits[index]))
        curves = curves.capped(limits)
    latitude, longitude = seat_centroids(election)
    chosen, unknown = chosen_seat_indices(election, volunteers)
    problem = build_problem(
        volunteers,
        latitude,
        longitude,
        curves,
        k_nearest=k_nearest,
        max_km=max_km,
        hour_value=hour_value,
        session_hours=session_hours,
        speed_kmh=speed_kmh,
        travel_time=travel_time,
        chosen=chosen,
    )
    optimal = solve(problem, method)
    check_allocation(problem, optimal)
    return AllocationReport(
        election=election,
        volunteers=volunteers,
        problem=problem,
        optimal=optimal,
        greedy=solve(problem, "greedy"),
        nearest=solve(problem, "nearest"),
        party=None if party is None else projected.parties[projected.party_index(party)],
        votes_per_hour=votes_per_hour,
        unknown_choices=unknown,
    )


def chosen_seat_indices(
    election: Election, volunteers: Volunteers
) -> tuple[IntArray | None, tuple[int, ...]]:
    """Each volunteer's chosen seat (:attr:`Volunteers.chosen_seats`, a name or ONS code) as a
    seat index of ``election``, -1 where none (``None`` where the file gave no choices), and
    the file rows whose choice is no seat of it (a code of other boundaries, a misspelling)."""
    if volunteers.chosen_seats is None:
        return None, ()
    found: dict[str, int] = {}
    chosen = np.full(len(volunteers), -1, dtype=np.int64)
    unknown = []
    for index, (seat, row) in enumerate(
        zip(volunteers.chosen_seats, volunteers.rows.tolist(), strict=True)
    ):
        if not seat:
            continue
        if seat not in found:
            try:
                found[seat] = election.seat_index(seat)
            except (PsephosError, KeyError):
                found[seat] = -1
        chosen[index] = found[seat]
        if found[seat] < 0:
            unknown.append(row)
    return chosen, tuple(unknown)


#: Why a volunteer's hours are not placed, in the order :meth:`AllocationReport._unplaced_codes`
#: tests the reasons (the first that holds is given).
_ZERO_HOURS, _PARTY_ABSENT, _GAINS_NOTHING, _BEYOND_KM, _TRAVEL = range(5)
_UNPLACED = (_ZERO_HOURS, -1, _PARTY_ABSENT, _GAINS_NOTHING, _BEYOND_KM, _TRAVEL)
_FULL, _DEARER, _FULL_OR_DEARER = range(5, 8)
#: Any reason but 0 hours or ``max_km``, where a seat beyond the nearest would net more
#: (:attr:`Reach.better_seat`): the limit is why, and the reason says so.
_BEYOND_K = 8


def _rounded_fraction(fraction: float | None) -> float | None:
    """A baseline's share of the optimum as the summary gives it (4 places; ``None`` kept)."""
    return None if fraction is None else round(fraction, 4)

"""Disproportionality and fragmentation indices over votes and seats per party.

All functions take per-party arrays (aligned to one party order) and are pure.

* Gallagher's least-squares index (Gallagher, *Proportionality, disproportionality and electoral
  systems*, Electoral Studies 10(1), 1991): ``LSq = sqrt(1/2 * sum_i (v_i - s_i)^2)`` with vote
  and seat shares in percent.
* Effective number of parties (Laakso & Taagepera, *"Effective" number of parties*, Comparative
  Political Studies 12(1), 1979): ``N = 1 / sum_i p_i^2`` over vote shares (electoral) or seat
  shares (parliamentary).
* Wasted votes, as in the efficiency gap (Stephanopoulos & McGhee, *Partisan gerrymandering and
  the efficiency gap*, U. Chicago Law Review 82, 2015): in a single-member seat every vote for a
  loser is wasted, and so is every winning vote beyond the runner-up's total plus one. Where
  seats are won in areas of several members (a region's list, an STV district, one national
  list) a vote is wasted where its party wins no seat in the area: the votes that elected no one
  there (psephos's definition for list PR, AMS and STV; a quota's surplus is not counted).
* Votes per seat won: a party's votes over its seats (infinite where it won none).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from psephos.model import Election

FloatArray = npt.NDArray[np.float64]


def _shares(values: npt.ArrayLike) -> FloatArray:
    array = np.asarray(values, dtype=np.float64)
    total = array.sum()
    if total <= 0:
        raise ValueError("shares need a positive total")
    return array / total


def gallagher_index(votes: npt.ArrayLike, seats: npt.ArrayLike) -> float:
    """Gallagher's least-squares index, in percentage points (0 = perfectly proportional).

    Args:
        votes: Votes (or vote shares) per party.
        seats: Seats per party, same order.
    """
    vote_pct = _shares(votes) * 100
    seat_pct = _shares(seats) * 100
    if vote_pct.shape != seat_pct.shape:
        raise ValueError(f"votes {vote_pct.shape} and seats {seat_pct.shape} differ in shape")
    return float(np.sqrt(0.5 * np.sum((vote_pct - seat_pct) ** 2)))


def effective_number_of_parties(values: npt.ArrayLike) -> float:
    """Laakso-Taagepera effective number of parties of votes or seats: ``1 / sum p_i^2``."""
    shares = _shares(values)
    return float(1.0 / np.sum(shares**2))


def votes_per_seat(votes: npt.ArrayLike, seats: npt.ArrayLike) -> FloatArray:
    """Votes per seat won, per party (``inf`` where a party with votes won no seat, ``nan``
    where it had neither)."""
    vote_array = np.asarray(votes, dtype=np.float64)
    seat_array = np.asarray(seats, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        return vote_array / seat_array


def wasted_votes(election: Election) -> FloatArray:
    """Wasted votes per party under first past the post (seats x parties summed to parties).

    Every vote for a losing candidate is wasted, and so is every vote the winner received
    beyond the runner-up's total plus one (the efficiency-gap definition): each seat is an
    area of one member (:func:`wasted_votes_in_areas`). The runner-up is the second
    candidate, not the second party column, where the candidates are known, so a seat's two
    independents are not one: the losing one's votes are wasted although ``Ind`` won there.
    """
    votes = np.asarray(election.votes, dtype=np.float64)
    rows = np.arange(election.n_seats)
    winner = np.asarray(election.winner)
    winning = winner_candidate_votes(election)
    area_seats = np.zeros(votes.shape, dtype=np.int64)
    area_seats[rows, winner] = 1
    needed = np.minimum(winning, winning - np.asarray(election.majority) + 1)
    return wasted_votes_in_areas(votes, rows, area_seats, needed=needed)


def winner_candidate_votes(election: Election) -> FloatArray:
    """The winning candidate's votes in each seat: the winner's column of
    :meth:`~psephos.model.Election.contest_votes` (its best candidate's votes where one code has
    several candidates, two independents sharing a column)."""
    return np.asarray(
        election.contest_votes()[np.arange(election.n_seats), np.asarray(election.winner)],
        dtype=np.float64,
    )


def wasted_votes_in_areas(
    votes: npt.ArrayLike,
    areas: npt.ArrayLike,
    area_seats: npt.ArrayLike,
    *,
    needed: npt.ArrayLike | None = None,
) -> FloatArray:
    """Wasted votes per party where seats are won area by area (a seat, a region's list, an
    STV district, the nation's one list).

    A vote for a party that wins no seat in its area is wasted. In an area of one seat the
    winner's votes beyond those it needed are wasted too: the runner-up's plus one, or
    ``needed`` where given (FPTP's runner-up is a candidate). In an area of several seats the
    votes of parties that won a seat there are not counted as wasted (no quota's surplus).

    Args:
        votes: Seats x parties votes.
        areas: Each seat's area, ``0`` to ``n_areas - 1``, in seat order.
        area_seats: Areas x parties seats won in each area.
        needed: Votes the winner of each area needed (one per area; read where the area has
            one seat); default: the area's second-largest party total plus one.

    Returns:
        Wasted votes per party.
    """
    vote_array = np.asarray(votes, dtype=np.float64)
    won = np.asarray(area_seats, dtype=np.int64)
    area_votes = np.zeros(won.shape, dtype=np.float64)
    np.add.at(area_votes, np.asarray(areas, dtype=np.int64), vote_array)
    wasted = np.where(won > 0, 0.0, area_votes)
    single = np.nonzero(won.sum(axis=1) == 1)[0]
    if single.size:
        winner = won[single].argmax(axis=1)
        winning = area_votes[single, winner]
        if needed is None:
            others = area_votes[single].copy()
            others[np.arange(single.size), winner] = 0.0
            need = others.max(axis=1) + 1
        else:
            need = np.asarray(needed, dtype=np.float64)[single]
        wasted[single, winner] = winning - np.minimum(winning, need)
    return wasted.sum(axis=0)


def unrepresented_votes(votes: npt.ArrayLike, seats: npt.ArrayLike) -> float:
    """Share (0-1) of votes cast for parties that won no seat."""
    vote_array = np.asarray(votes, dtype=np.float64)
    seat_array = np.asarray(seats)
    return float(vote_array[seat_array == 0].sum() / vote_array.sum())

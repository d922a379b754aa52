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
  loser is wasted, and so is every winning vote beyond the runner-up's total plus one.
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
    beyond the runner-up's total plus one (the efficiency-gap definition). Party totals are
    used, so two independents in one seat count as one ``Ind`` column.
    """
    votes = election.votes
    rows = np.arange(election.n_seats)
    wasted = votes.copy()
    winner = election.winner
    needed = np.minimum(votes[rows, winner], election.votes[rows, winner] - election.majority + 1)
    wasted[rows, winner] = votes[rows, winner] - needed
    return wasted.sum(axis=0)


def unrepresented_votes(votes: npt.ArrayLike, seats: npt.ArrayLike) -> float:
    """Share (0-1) of votes cast for parties that won no seat."""
    vote_array = np.asarray(votes, dtype=np.float64)
    seat_array = np.asarray(seats)
    return float(vote_array[seat_array == 0].sum() / vote_array.sum())

"""Voting power of the parties: normalised Banzhaf and Shapley-Shubik, exactly.

For a weighted voting game ``[q; w_1, ..., w_n]`` (a coalition wins when its weight reaches the
quota ``q``) player ``i`` is *pivotal* for a coalition ``S`` of the others when
``q - w_i <= w(S) < q``.

* Banzhaf (1965, *Rutgers Law Review* 19): ``beta_i = eta_i / sum_j eta_j`` where ``eta_i`` is
  the number of coalitions of the others for which ``i`` is pivotal.
* Shapley and Shubik (1954, *APSR* 48): ``phi_i = sum_S |S|! (n-|S|-1)! / n!`` over the same
  coalitions; the share of the ``n!`` orderings in which ``i`` turns a losing coalition winning.

Both are counted exactly with generating functions (Brams and Affuso 1976; Matsui and Matsui
2000): the number of coalitions of the others with ``k`` members and weight ``w`` is the
coefficient of ``x^k y^w`` in ``prod_{j != i} (1 + x y^{w_j})``, built by dynamic programming in
``O(n^2 W)`` per player (``W`` the total weight, 650 seats). Independents are separate
single-seat players; being interchangeable, one DP serves them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import factorial
from typing import Any

import numpy as np
import numpy.typing as npt

from psephos.government.parliament import Parliament

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class PowerIndex:
    """One party's voting power.

    Attributes:
        party: Party code (or ``"Ind"`` for each independent single member).
        seats: Elected seats.
        votes: Voting weight (for independents: per member, 1).
        members: How many players this row stands for (several for independents).
        banzhaf: Normalised Banzhaf index of one such player.
        shapley_shubik: Shapley-Shubik index of one such player.
    """

    party: str
    seats: int
    votes: int
    members: int
    banzhaf: float
    shapley_shubik: float

    def to_dict(self) -> dict[str, Any]:
        """Plain row (indices summed over members)."""
        return {
            "party": self.party,
            "seats": self.seats,
            "votes": self.votes * self.members,
            "banzhaf_pct": 100 * self.banzhaf * self.members,
            "shapley_shubik_pct": 100 * self.shapley_shubik * self.members,
        }


def _counts_by_size_weight(weights: npt.NDArray[np.int64], total: int) -> FloatArray:
    """``counts[k, w]``: subsets of ``weights`` with ``k`` members and weight ``w``."""
    n = len(weights)
    counts = np.zeros((n + 1, total + 1), dtype=np.float64)
    counts[0, 0] = 1.0
    for weight in weights:
        w = int(weight)
        if w == 0:
            counts[1:, :] += counts[:-1, :].copy()
        else:
            counts[1:, w:] += counts[:-1, :-w].copy()
    return counts


def pivot_counts(weights: npt.ArrayLike, quota: int) -> tuple[FloatArray, FloatArray]:
    """Raw Banzhaf swing counts and Shapley-Shubik indices of a weighted voting game.

    Args:
        weights: Non-negative integer weight per player.
        quota: Weight a coalition needs to win.

    Returns:
        ``(swings, shapley)``: per player the number of swing coalitions and the
        Shapley-Shubik value (which sums to 1 when the grand coalition wins).
    """
    w = np.asarray(weights, dtype=np.int64)
    n = len(w)
    total = int(w.sum())
    swings = np.zeros(n)
    shapley = np.zeros(n)
    if n == 0:
        return swings, shapley
    size_weight = np.array([factorial(k) * factorial(n - k - 1) / factorial(n) for k in range(n)])
    cache: dict[int, tuple[float, float]] = {}
    for i in range(n):
        key = int(w[i])
        # Players of equal weight have equal power; counts depend only on the others' weights.
        if key not in cache:
            others = np.delete(w, i)
            counts = _counts_by_size_weight(others, total)
            low, high = max(0, quota - key), min(total, quota - 1)
            if low > high or key == 0:
                cache[key] = (0.0, 0.0)
            else:
                pivotal = counts[:, low : high + 1].sum(axis=1)  # by coalition size k
                cache[key] = (float(pivotal.sum()), float(pivotal[:n] @ size_weight))
        swings[i], shapley[i] = cache[key]
    return swings, shapley


def voting_power(house: Parliament, *, quota: int | None = None) -> list[PowerIndex]:
    """Normalised Banzhaf and Shapley-Shubik indices of every voting party in a House.

    Args:
        house: The resolved House (deputies, Speaker and abstentionists already removed).
        quota: Votes needed (default: the working-majority threshold).

    Returns:
        Rows for each bloc party (largest first) and one row for the independents (indices of
        a single independent; ``to_dict`` sums them over members).
    """
    quota = house.working_threshold if quota is None else quota
    parties = list(house.votes)
    weights = [house.votes[p] for p in parties] + [1] * house.n_individuals
    swings, shapley = pivot_counts(weights, quota)
    total_swings = swings.sum()
    banzhaf = swings / total_swings if total_swings else np.zeros_like(swings)
    rows = [
        PowerIndex(p, house.seats[p], house.votes[p], 1, float(banzhaf[i]), float(shapley[i]))
        for i, p in enumerate(parties)
    ]
    if house.n_individuals:
        j = len(parties)
        label = "/".join(house.individual_seats)
        rows.append(
            PowerIndex(
                label,
                house.n_individuals,
                1,
                house.n_individuals,
                float(banzhaf[j]),
                float(shapley[j]),
            )
        )
    return rows

"""Voting power of the parties: normalised Banzhaf and Shapley-Shubik, exactly.

For a weighted voting game ``[q; w_1, ..., w_n]`` (a coalition wins when its weight reaches the
quota ``q``) player ``i`` is *pivotal* for a coalition ``S`` of the others when
``q - w_i <= w(S) < q``.

* Banzhaf (1965, *Rutgers Law Review* 19): ``beta_i = eta_i / sum_j eta_j`` where ``eta_i`` is
  the number of coalitions of the others for which ``i`` is pivotal.
* Shapley and Shubik (1954, *APSR* 48): ``phi_i = sum_S |S|! (n-|S|-1)! / n!`` over the same
  coalitions; the share of the ``n!`` orderings in which ``i`` turns a losing coalition winning.
  With ``k = |S|`` the weight is ``1 / (n C(n-1, k))``, so ``phi_i`` is the mean over ``k`` of
  the share of the others' ``k``-member coalitions for which ``i`` is pivotal.

Both are counted exactly with generating functions (Brams and Affuso 1976; Matsui and Matsui
2000), grouped and scaled so that they stay exact (up to float rounding) and fast for any
number of players:

* Players of equal weight are one group: they have equal power, and one count serves them all.
* The group with the most members (the independents, single-member players of weight 1) is
  never tabulated member by member: ``j`` of its ``c`` members join a coalition in ``C(c, j)``
  ways, a binomial factor.
* The other players (the parties) are tabulated by coalition size ``t`` and weight ``u``, as
  the share of their ``t``-member coalitions with weight ``u`` (a probability, never a count
  of subsets, which passes the float range, ``2^1024``, past about a thousand players). The
  table leaving out one player of each weight is built by divide and conquer over the weights
  (each party is added ``O(log d)`` times for ``d`` distinct weights, not once per weight).
* The binomial and hypergeometric factors are taken in logarithms relative to a central term,
  so no factor over- or underflows where it matters.

The work is ``O(m^2 W log d + m c)`` for ``m`` parties of total weight ``W`` beside ``c``
independents, against ``O(n^2 W)`` per distinct weight counting every player in one table.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import comb, log
from typing import Any

import numpy as np
import numpy.typing as npt

from psephos.government.parliament import Parliament

FloatArray = npt.NDArray[np.float64]

#: A group of interchangeable players: their weight and how many there are.
_Group = tuple[int, int]


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


def _add_players(table: FloatArray, weight: int, count: int) -> FloatArray:
    """Add ``count`` players of ``weight`` to a size-weight table.

    ``table[t, u]`` is the share of the ``m = len(table) - 1`` players' ``t``-member
    coalitions that weigh ``u``; a new player is in ``t / (m + 1)`` of the new ``t``-member
    coalitions, so each row stays a probability distribution.
    """
    for _ in range(count):
        m = table.shape[0] - 1
        grown = np.zeros((m + 2, table.shape[1] + weight))
        sizes = np.arange(m + 2, dtype=np.float64)[:, None]
        grown[: m + 1, : table.shape[1]] = table
        grown *= (m + 1 - sizes) / (m + 1)
        grown[1:, weight:] += table * (sizes[1:] / (m + 1))
        table = grown
    return table


def _leave_one_out(groups: list[_Group], table: FloatArray, out: dict[int, FloatArray]) -> None:
    """``out[weight]``: ``table`` with every player of ``groups`` added but one of ``weight``."""
    if len(groups) == 1:
        weight, count = groups[0]
        out[weight] = _add_players(table, weight, count - 1)
        return
    half = len(groups) // 2
    left, right = groups[:half], groups[half:]
    with_right = table
    for weight, count in right:
        with_right = _add_players(with_right, weight, count)
    _leave_one_out(left, with_right, out)
    with_left = table
    for weight, count in left:
        with_left = _add_players(with_left, weight, count)
    _leave_one_out(right, with_left, out)


def _log_comb_ratio(n: int, anchor: int) -> FloatArray:
    """``log(C(n, k) / C(n, anchor))`` for ``k = 0..n``, summed outward from ``anchor`` (small
    and exact near it, where the terms that matter lie)."""
    steps = np.log((n - np.arange(n)) / np.arange(1, n + 1))  # log C(n, k+1) / C(n, k)
    out = np.zeros(n + 1)
    out[anchor + 1 :] = np.cumsum(steps[anchor:])
    out[:anchor] = -np.cumsum(steps[:anchor][::-1])[::-1]
    return out


def _window_shares(
    table: FloatArray, low: npt.NDArray[np.int64], high: npt.NDArray[np.int64]
) -> FloatArray:
    """``out[t, j]``: the sum of ``table[t, low[j]:high[j]]`` (bounds clipped to the table),
    taken from whichever end holds less, so a small share in a tail keeps its digits."""
    width = table.shape[1]
    below = np.zeros((table.shape[0], width + 1))
    np.cumsum(table, axis=1, out=below[:, 1:])
    above = np.zeros((table.shape[0], width + 1))
    np.cumsum(table[:, ::-1], axis=1, out=above[:, 1:])
    above = above[:, ::-1]  # above[t, x]: sum of table[t, x:]
    lo, hi = np.clip(low, 0, width), np.clip(high, 0, width)
    from_below = below[:, hi] - below[:, lo]
    from_above = above[:, lo] - above[:, hi]
    return np.where(below[:, hi] <= above[:, lo], from_below, from_above)


def _logsumexp(values: FloatArray) -> float:
    """``log(sum(exp(values)))``, ``-inf`` for none."""
    top = float(np.max(values, initial=-np.inf))
    if top == -np.inf:
        return top
    return top + log(float(np.exp(values - top).sum()))


def _group_power(
    parties: FloatArray,
    n_singles: int,
    single_weight: int,
    weight: int,
    quota: int,
    anchors: tuple[int, int],
) -> tuple[float, float]:
    """Power of one player of ``weight`` whose others are the parties of the size-weight table
    ``parties`` and ``n_singles`` players of ``single_weight``.

    Returns:
        ``(log_swings, shapley)``: the log of the player's swing count divided by
        ``C(n_parties, a) C(n_singles, b)`` (``anchors = (a, b)``), and its Shapley-Shubik
        index.
    """
    n_parties = parties.shape[0] - 1
    first, second = anchors
    joined = np.arange(n_singles + 1)
    # pivotal[t, j]: the share of the parties' t-member coalitions that, joined by j of the
    # singles, make the player pivotal.
    pivotal = _window_shares(
        parties, quota - weight - joined * single_weight, quota - joined * single_weight
    )
    by_parties = _log_comb_ratio(n_parties, first)[:, None]
    by_singles = _log_comb_ratio(n_singles, second)[None, :]
    with np.errstate(divide="ignore"):
        log_swings = _logsumexp(by_parties + by_singles + np.log(pivotal))
    # Shapley-Shubik: mean over coalition sizes k = t + j of the pivotal share of the k-member
    # coalitions; C(n_parties, t) C(n_singles, j) / C(n - 1, k) is hypergeometric, taken
    # relative to its (exact) value at the anchors.
    n_others = n_parties + n_singles
    central = comb(n_parties, first) * comb(n_singles, second) / comb(n_others, first + second)
    sizes = np.arange(n_parties + 1)[:, None] + joined[None, :]
    by_size = _log_comb_ratio(n_others, first + second)[sizes]
    share = central * np.exp(by_parties + by_singles - by_size)
    return log_swings, float((share * pivotal).sum()) / (n_others + 1)


def _groups(weights: npt.NDArray[np.int64]) -> list[_Group]:
    """Distinct weights and how many players have each, by weight."""
    values, counts = np.unique(weights, return_counts=True)
    return [(int(v), int(c)) for v, c in zip(values, counts, strict=True)]


def pivot_counts(weights: npt.ArrayLike, quota: int) -> tuple[FloatArray, FloatArray]:
    """Normalised Banzhaf and Shapley-Shubik indices of every player of a weighted voting game.

    Args:
        weights: Non-negative integer weight per player.
        quota: Weight a coalition needs to win.

    Returns:
        ``(swings, shapley)``: per player its share of all the players' swing coalitions (the
        normalised Banzhaf index: raw counts pass the float range past about a thousand
        players, so only their shares are returned; all zero when no one is ever pivotal) and
        the Shapley-Shubik value (which sums to 1 when the grand coalition wins).
    """
    w = np.asarray(weights, dtype=np.int64)
    n = len(w)
    swings = np.zeros(n)
    shapley = np.zeros(n)
    if n == 0:
        return swings, shapley
    groups = _groups(w)
    # The group with the most members is taken by a binomial factor, the rest tabulated.
    singles = max(groups, key=lambda group: group[1])
    single_weight, n_singles = singles
    parties = [group for group in groups if group != singles]
    n_parties = sum(count for _, count in parties)
    anchors = (max(n_parties - 1, 0) // 2, (n_singles - 1) // 2)
    tables: dict[int, FloatArray] = {}
    if parties:
        _leave_one_out(parties, np.ones((1, 1)), tables)
        weight, _ = parties[0]
        full = _add_players(tables[weight], weight, 1)
    else:
        full = np.ones((1, 1))
    log_swings: dict[int, float] = {}
    values: dict[int, float] = {}
    # Swing counts relative to C(n_parties, a) C(n_singles, b): leaving out a single (a party)
    # the others' central count is (n_singles - b) / n_singles ((n_parties - a) / n_parties) of it.
    log_swings[single_weight], values[single_weight] = _group_power(
        full, n_singles - 1, single_weight, single_weight, quota, anchors
    )
    log_swings[single_weight] += log((n_singles - anchors[1]) / n_singles)
    for weight, _ in parties:
        log_swings[weight], values[weight] = _group_power(
            tables[weight], n_singles, single_weight, weight, quota, anchors
        )
        log_swings[weight] += log((n_parties - anchors[0]) / n_parties)
    total = _logsumexp(np.array([log(count) + log_swings[weight] for weight, count in groups]))
    for weight, _ in groups:
        members = w == weight
        if total > -np.inf:
            swings[members] = np.exp(log_swings[weight] - total)
        shapley[members] = values[weight]
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
    banzhaf, shapley = pivot_counts(weights, quota)
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

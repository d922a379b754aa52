"""Highest-averages apportionment: D'Hondt and Sainte-Laguë, with thresholds and prior seats.

A party's ``k``-th seat is worth ``votes / divisor(k)``; seats go one at a time to the highest
remaining quotient. D'Hondt divides by ``1, 2, 3, ...``; Sainte-Laguë by ``1, 3, 5, ...``
(Balinski & Young, *Fair Representation*, 2nd ed. 2001, ch. 10). The additional-member top-up
used for the Scottish Parliament and the Senedd (Scotland Act 1998 s.7; Government of Wales Act
2006 s.9) is D'Hondt whose first divisor counts the constituency seats a party already holds:
``votes / (constituency_seats + list_seats + 1)``.

All quotients are built at once as a parties x seats matrix and the largest ``n`` are taken
(ties: the party with more votes, then the earlier party).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]

Divisor = Literal["dhondt", "sainte-lague"]


def divisors(method: Divisor, start: npt.ArrayLike, n: int) -> npt.NDArray[np.float64]:
    """Divisors for the next ``n`` seats of each party, given seats already held (``start``).

    Returns:
        A parties x n array.
    """
    held = np.asarray(start, dtype=np.float64)[:, None] + np.arange(n, dtype=np.float64)[None, :]
    if method == "dhondt":
        return held + 1.0
    if method == "sainte-lague":
        return 2.0 * held + 1.0
    raise ValueError(f"divisor method must be 'dhondt' or 'sainte-lague', not {method!r}")


def highest_averages(
    votes: npt.ArrayLike,
    n_seats: int,
    *,
    method: Divisor = "dhondt",
    threshold: float = 0.0,
    prior_seats: npt.ArrayLike | None = None,
    eligible: npt.ArrayLike | None = None,
) -> IntArray:
    """Seats per party by a highest-averages method.

    Args:
        votes: Votes per party.
        n_seats: Seats to allocate now.
        method: ``"dhondt"`` or ``"sainte-lague"``.
        threshold: Minimum vote share (0-1, of all ``votes``) to take part.
        prior_seats: Seats each party already holds (AMS constituency seats); they raise its
            divisors but are not part of the result.
        eligible: Boolean mask of parties that may win seats (e.g. not the ``Other`` bucket).

    Returns:
        Seats allocated now per party (excluding ``prior_seats``).
    """
    vote_array = np.asarray(votes, dtype=np.float64)
    n_parties = vote_array.shape[0]
    result = np.zeros(n_parties, dtype=np.int64)
    if n_seats <= 0 or vote_array.sum() <= 0:
        return result
    allowed = vote_array > 0
    if threshold > 0:
        allowed &= vote_array / vote_array.sum() >= threshold
    if eligible is not None:
        allowed &= np.asarray(eligible, dtype=bool)
    if not allowed.any():
        return result
    start = np.zeros(n_parties) if prior_seats is None else np.asarray(prior_seats, float)
    quotients = vote_array[:, None] / divisors(method, start, n_seats)
    quotients[~allowed] = -np.inf
    flat = quotients.ravel()
    party_of = np.repeat(np.arange(n_parties), n_seats)
    # Sort by quotient, then by votes, then by party order (all descending priority).
    order = np.lexsort((party_of, -vote_array[party_of], -flat))
    winners = party_of[order[:n_seats]]
    winners = winners[np.isfinite(flat[order[:n_seats]])]
    np.add.at(result, winners, 1)
    return result

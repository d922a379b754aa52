"""Seat sensitivity from the Monte Carlo forecast (:mod:`psephos.forecast`), as an alternative
to the analytic margin model.

``dP/dvote`` is a central finite difference with common random numbers: the forecast is run on
the projection with ``delta`` votes added to the party in every seat where it stands, and with
``delta`` taken away, using the same seed, so the shared national/regional draws cancel and
``(P+ - P-) / (2 delta)`` is a low-noise derivative. Each seat's win probability depends only on
its own mean shares given the shared draws, so shifting every seat at once is exact per seat.
The forecast's error model (national, regional and seat layers, Hanretty, Lauderdale & Vivyan
2016) then replaces the analytic Normal margin model of :mod:`psephos.targeting.sensitivity`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from psephos.errors import PsephosError
from psephos.model import Election

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True, eq=False)
class ForecastSensitivity:
    """Win probability and its derivative per extra vote, per seat, for one party."""

    party: str
    win_probability: FloatArray
    per_vote: FloatArray
    n_sims: int
    delta_votes: float


def forecast_sensitivity(
    projected: Election,
    party: str,
    *,
    n_sims: int = 20_000,
    delta_votes: float = 500.0,
    seed: int = 0,
) -> ForecastSensitivity:
    """``P(party wins)`` and ``dP/dvote`` per seat from the Monte Carlo forecast.

    Args:
        projected: The projected base (shares are the forecast's means).
        party: The party.
        n_sims: Simulations per run (three runs).
        delta_votes: Finite-difference step in votes.
        seed: Seed shared by the three runs (common random numbers).

    Raises:
        PsephosError: if the forecast package is unavailable or the inputs are bad.
    """
    if delta_votes <= 0 or n_sims < 100:
        raise PsephosError("delta_votes must be positive and n_sims at least 100.")
    try:
        from psephos.forecast import forecast
    except ImportError as error:  # the forecast package is optional for targeting
        raise PsephosError(f"The forecast package is not available: {error}") from None
    index = projected.party_index(party)
    stood = projected.votes[:, index] > 0

    def shares_with(step: float) -> FloatArray:
        votes = projected.votes.copy()
        votes[:, index] += np.where(stood, step, 0.0)
        totals = votes.sum(axis=1, keepdims=True)
        return np.divide(votes, totals, out=np.zeros_like(votes), where=totals > 0)

    def run(step: float) -> FloatArray:
        result = forecast(projected, shares_with(step), n_sims=n_sims, seed=seed)
        return np.asarray(result.win_probability[:, index], dtype=np.float64)

    centre, up, down = run(0.0), run(delta_votes), run(-delta_votes)
    per_vote = np.clip((up - down) / (2.0 * delta_votes), 0.0, None)
    return ForecastSensitivity(
        party=projected.parties[index],
        win_probability=centre,
        per_vote=per_vote,
        n_sims=n_sims,
        delta_votes=delta_votes,
    )

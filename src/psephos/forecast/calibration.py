"""Back-tests that calibrate the forecast's error sizes and check its probabilities.

For an election ``Y`` the error scales come only from elections before ``Y`` (out of sample):
each earlier pair (base -> result) is projected by uniform swing within each nation from the
actual nation shares (the scenario a poll gives), and the residuals are split into a regional
layer (vote-weighted mean residual per region and party) and a seat layer (within-region
residual of the two projected leaders). See ``docs/methodology/forecast.md``.

Calibration of the probabilities (reliability table, Brier score): Brier (1950), *Monthly
Weather Review* 78; Murphy (1973), *Journal of Applied Meteorology* 12.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from psephos.errors import PsephosError
from psephos.forecast._swing import group_shares, uniform_swing
from psephos.forecast.errors_model import LayeredErrors, binomial_spread
from psephos.forecast.montecarlo import ForecastResult, forecast
from psephos.io.bundled import PREVIOUS, load
from psephos.model import Election

FloatArray = npt.NDArray[np.float64]

#: Elections in date order with a predecessor on the same boundaries.
BACKTEST_ORDER: tuple[str, ...] = ("2015", "2017", "2019", "2024")
#: Fallback scales when no earlier back-test exists (documented defaults).
DEFAULT_REGIONAL_SCALE = 0.035
DEFAULT_SEAT_SCALE = 0.085


def nation_projection(base: Election, target: Election) -> FloatArray:
    """Uniform swing within each nation to the target's actual nation shares.

    Only what the scenario gives is used from the target: its nation vote shares and who
    stands where (candidates are known before polling day). Uses the projection package's
    ``nation-uniform`` model (:func:`psephos.projection.project`) when it is installed, else
    the private helper :func:`psephos.forecast._swing.uniform_swing`.
    """
    shares = group_shares(target, target.nations)
    standing = target.votes > 0
    try:
        from psephos.projection import project
    except ImportError:  # pragma: no cover - the projection package ships with psephos
        return uniform_swing(base, shares, base.nations, standing=standing)
    areas = {
        nation: {p: float(v * 100) for p, v in zip(target.parties, vector, strict=True) if v > 0}
        for nation, vector in shares.items()
        if nation != "Northern Ireland"
    }
    projection = project(base, areas=areas, model="nation-uniform", candidates=standing)
    return np.asarray(projection.shares, dtype=np.float64)


@dataclass(frozen=True, slots=True)
class Residuals:
    """Squared residual sums of one back-test pair, scaled by the binomial spread."""

    regional_sq: float
    regional_n: float
    seat_sq: float
    seat_n: int


def pair_residuals(base: Election, target: Election) -> Residuals:
    """Regional and seat-level residuals of the nation uniform-swing projection."""
    projected = nation_projection(base, target)
    actual = target.shares()
    residual = actual - projected
    regions = np.asarray(target.regions)
    names = sorted({str(r) for r in regions})
    weights = target.valid_votes
    regional_sq = 0.0
    regional_n = 0.0
    within = residual.copy()
    gb = target.nations != "Northern Ireland"
    for name in names:
        mask = regions == name
        w = weights[mask] / weights[mask].sum()
        mean_residual = (residual[mask] * w[:, None]).sum(axis=0)
        mean_share = (actual[mask] * w[:, None]).sum(axis=0)
        within[mask] -= mean_residual
        big = mean_share > 0.02
        if name in ("Scotland", "Wales", "Northern Ireland"):
            continue  # the nation share is given, so a one-region nation has no regional error
        spread = binomial_spread(mean_share[big])
        regional_sq += float(((mean_residual[big] / spread) ** 2).sum())
        regional_n += float(big.sum())
    order = np.argsort(-projected, axis=1)
    rows = np.arange(len(projected))
    first, second = order[:, 0], order[:, 1]
    difference = within[rows, first] - within[rows, second]
    spread = binomial_spread((projected[rows, first] + projected[rows, second]) / 2.0)
    use = gb & (spread > 0)
    seat_sq = float(((difference[use] / spread[use]) ** 2 / 2.0).sum())
    return Residuals(regional_sq, regional_n, seat_sq, int(use.sum()))


def earlier_pairs(target_id: str) -> list[tuple[str, str]]:
    """(base, result) pairs strictly before ``target_id`` in :data:`BACKTEST_ORDER`
    (``"next"``: every pair, for a forecast of the next election)."""
    if target_id == "next":
        return [(PREVIOUS[y], y) for y in BACKTEST_ORDER]
    if target_id not in BACKTEST_ORDER:
        raise PsephosError(
            f"No back-test for {target_id!r}; elections with a predecessor: "
            f"{', '.join(BACKTEST_ORDER)}."
        )
    before = BACKTEST_ORDER[: BACKTEST_ORDER.index(target_id)]
    return [(PREVIOUS[y], y) for y in before]


def calibrate_error_model(
    target_id: str, *, national_scale: float = 0.0, tail_df: float | None = None
) -> LayeredErrors:
    """Error scales for forecasting ``target_id`` from back-tests on earlier elections only.

    Args:
        target_id: the election being forecast; only elections before it are used.
        national_scale: the national layer (0 when the scenario gives the national shares;
            about 0.052 for a forecast from polls).
        tail_df: Student-t tails for the shared layers.
    """
    pairs = earlier_pairs(target_id)
    if not pairs:
        return LayeredErrors(
            national_scale, DEFAULT_REGIONAL_SCALE, DEFAULT_SEAT_SCALE, tail_df, "calibrated"
        )
    residuals = [pair_residuals(load(b), load(t)) for b, t in pairs]
    regional = np.sqrt(sum(r.regional_sq for r in residuals) / sum(r.regional_n for r in residuals))
    seat = np.sqrt(sum(r.seat_sq for r in residuals) / sum(r.seat_n for r in residuals))
    return LayeredErrors(national_scale, float(regional), float(seat), tail_df, "calibrated")


@dataclass(frozen=True, slots=True)
class BacktestForecast:
    """A back-test forecast and the truth it is scored against."""

    election: str
    result: ForecastResult
    actual_winner: npt.NDArray[np.int64]
    error_model: LayeredErrors


def backtest_forecast(
    target_id: str, *, n_sims: int = 20_000, seed: int = 0, tail_df: float | None = None
) -> BacktestForecast:
    """Forecast ``target_id`` from its predecessor with nation shares given, errors from the
    elections before it; scored against the real winners."""
    target = load(target_id)
    base = load(PREVIOUS[target_id])
    model = calibrate_error_model(target_id, tail_df=tail_df)
    shares = nation_projection(base, target)
    result = forecast(base, shares, error_model=model, n_sims=n_sims, seed=seed)
    actual = np.argmax(target.votes, axis=1)
    return BacktestForecast(target_id, result, actual, model)


def reliability_table(
    backtests: Sequence[BacktestForecast], bins: Sequence[float] = tuple(np.linspace(0, 1, 11))
) -> list[dict[str, Any]]:
    """Forecast probability bins against the share of (seat, party) cases actually won.

    Every seat and party with a positive probability is one case.
    """
    probabilities = []
    outcomes = []
    for test in backtests:
        p = test.result.win_probability
        won = np.zeros_like(p, dtype=bool)
        won[np.arange(len(p)), test.actual_winner] = True
        keep = p > 0
        probabilities.append(p[keep])
        outcomes.append(won[keep])
    prob = np.concatenate(probabilities)
    won_all = np.concatenate(outcomes)
    edges = np.asarray(bins, dtype=np.float64)
    rows = []
    for low, high in itertools.pairwise(edges):
        mask = ((prob > low) & (prob <= high)) if low > 0 else (prob <= high)
        n = int(mask.sum())
        rows.append(
            {
                "bin": f"{low:.0%}-{high:.0%}",
                "cases": n,
                "mean_forecast": float(prob[mask].mean()) if n else float("nan"),
                "observed_rate": float(won_all[mask].mean()) if n else float("nan"),
            }
        )
    return rows


def brier_score(test: BacktestForecast) -> dict[str, float]:
    """Multi-category Brier score per seat (sum over parties, 0 best, 2 worst), its mean and
    the score of always naming the favourite with certainty, for comparison."""
    p = test.result.win_probability
    won = np.zeros_like(p)
    won[np.arange(len(p)), test.actual_winner] = 1.0
    brier = float(((p - won) ** 2).sum(axis=1).mean())
    hard = np.zeros_like(p)
    hard[np.arange(len(p)), p.argmax(axis=1)] = 1.0
    hard_brier = float(((hard - won) ** 2).sum(axis=1).mean())
    correct = float((p.argmax(axis=1) == test.actual_winner).mean())
    return {"brier": brier, "brier_certain_favourite": hard_brier, "favourite_correct": correct}

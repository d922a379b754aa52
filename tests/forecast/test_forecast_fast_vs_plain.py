"""The fast forecast against the plain algorithm of the same model, within sampling error.

The fast algorithm (contenders only, closed-form conditional logit) and the plain one (a Gumbel
seat error for every seat and party, argmax) share the national and regional draws when run
with the same seed and chunk size (common random numbers), so seat outcomes differ only
through the seat layer. Expected seats are compared with a conservative standard error (the
unconditional binomial one). The test also shows its power: the old plain reference, whose seat
errors were Normal instead of Gumbel (a different model: the 4-5 standard-error gap of issue 21),
is rejected by the same statistic at the same size.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest

import psephos
from psephos.errors import ShareWarning
from psephos.forecast import LayeredErrors, plan_forecast, run_chunks
from psephos.forecast.montecarlo import (
    ForecastCounts,
    SimulationPlan,
    _counts_from_totals,
    plan_seat_sd,
)
from psephos.projection import project

#: The note on the parties a poll leaves out whose seats move (SNP, PC, Independents).
SEATS_NOTE = "their seats from the base"

N_SIMS = 24_000
CHUNK = 4_000
#: |z| above this fails (Bonferroni over the parties compared at about the 1% level).
Z_LIMIT = 3.5


def _normal_seat_errors_chunk(
    plan: SimulationPlan, n_sims: int, seed: np.random.SeedSequence
) -> ForecastCounts:
    """The previous plain reference: Normal seat errors with the same sd (not this model)."""
    rng = np.random.Generator(np.random.PCG64(seed))
    offsets = plan.error_model.draw_offsets(rng, n_sims, plan.national_spread, plan.regional_spread)
    scores = rng.standard_normal((n_sims, plan.n_seats, plan.n_parties))
    scores *= plan_seat_sd(plan)[None, :, None]
    scores += offsets[:, plan.region_of_seat, :] + plan.mean_shares
    scores[:, plan.mean_shares <= 0] = -np.inf
    winner = scores.argmax(axis=2)
    seat_wins = np.zeros((plan.n_seats, plan.n_parties), dtype=np.int64)
    np.add.at(seat_wins, (np.broadcast_to(np.arange(plan.n_seats), winner.shape), winner), 1)
    totals = np.zeros((n_sims, plan.n_parties), dtype=np.int64)
    np.add.at(totals, (np.arange(n_sims)[:, None], winner), 1)
    return _counts_from_totals(plan, totals, seat_wins)


def _run(plan: SimulationPlan, kernel: object) -> ForecastCounts:
    if isinstance(kernel, str):
        return run_chunks(plan, N_SIMS, seed=11, chunk_size=CHUNK, algorithm=kernel)
    seeds = np.random.SeedSequence(11).spawn(N_SIMS // CHUNK)
    total = None
    for seed in seeds:
        counts = kernel(plan, CHUNK, seed)  # type: ignore[operator]
        total = counts if total is None else total + counts
    assert total is not None
    return total


def _z_scores(first: ForecastCounts, second: ForecastCounts) -> np.ndarray:
    """z of the difference in expected seats per party (conservative binomial variance)."""
    n = first.n_sims
    p_first = first.seat_wins / n
    p_second = second.seat_wins / n
    difference = p_first.sum(axis=0) - p_second.sum(axis=0)
    variance = (p_first * (1 - p_first) + p_second * (1 - p_second)).sum(axis=0) / n
    return np.divide(
        difference, np.sqrt(variance), out=np.zeros_like(difference), where=variance > 0
    )


SCENARIOS = {
    # wide errors in Scotland, Wales and London: nearly every seat has three or more contenders
    "wide": (("Scotland", "Wales", "London"), LayeredErrors(0.052, 0.063, 0.133)),
    # narrow errors in the South West and the North East: fixed and two-way seats as well
    "narrow": (("South West", "North East", "Wales"), LayeredErrors(0.02, 0.02, 0.03)),
}


@functools.cache
def _plan(name: str) -> SimulationPlan:
    regions, errors = SCENARIOS[name]
    base = psephos.load("2019-notional-2024")
    keep = np.isin(base.regions, regions)
    with (
        pytest.warns(ShareWarning, match=SEATS_NOTE),
        pytest.warns(ShareWarning, match=r"sum to 96\.0%; the remaining 4\.0% goes"),
    ):
        projection = project(base, "Lab 40 Con 24 Reform 15 LD 11 Green 6")
    shares = np.asarray(projection.shares)
    return plan_forecast(base.select(keep), shares[keep], errors)


@pytest.fixture(params=sorted(SCENARIOS))
def hard_plan(request: pytest.FixtureRequest) -> SimulationPlan:
    return _plan(request.param)


def test_the_scenarios_cover_every_path() -> None:
    plans = [_plan(name) for name in SCENARIOS]
    assert sum(len(plan.multi_seats) for plan in plans) >= 150
    assert sum(len(plan.pair_seats) for plan in plans) >= 20
    assert sum(len(plan.fixed_seats) for plan in plans) >= 5
    widths = np.concatenate([plan.multi_group_width for plan in plans])
    assert widths.min() == 3 and widths.max() >= 5


def test_fast_agrees_with_the_plain_algorithm(hard_plan: SimulationPlan) -> None:
    fast = _run(hard_plan, "fast")
    plain = _run(hard_plan, "naive")
    z = _z_scores(fast, plain)
    assert np.abs(z).max() < Z_LIMIT, dict(zip(hard_plan.parties, np.round(z, 2), strict=True))
    # Same shared draws: the seat-total distributions agree closely too.
    lab = hard_plan.parties.index("Lab")
    assert (
        abs(
            np.average(np.arange(fast.total_histogram.shape[1]), weights=fast.total_histogram[lab])
            - np.average(
                np.arange(plain.total_histogram.shape[1]), weights=plain.total_histogram[lab]
            )
        )
        < 0.5
    )


@pytest.mark.slow  # a check of the test's power, not of the code: run with -m slow
def test_the_same_test_rejects_normal_seat_errors() -> None:
    wide = _plan("wide")
    fast = _run(wide, "fast")
    normal = _run(wide, _normal_seat_errors_chunk)
    assert np.abs(_z_scores(fast, normal)).max() > Z_LIMIT

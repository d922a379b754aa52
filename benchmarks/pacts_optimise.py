"""Benchmark: the 650-seat, 4-party pact optimisation (target: under 10 s).

Run: ``python benchmarks/pacts_optimise.py``. Prints wall-clock times (median of repeats) for
the outcome simulation and the HiGHS solve, on the 2019 result (deterministic) and on 1,000
synthetic forecast draws (seeded), with and without stand-down limits and the fairness rule,
and for the P(majority) objective (sample-average approximation on 200 draws).
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

import psephos
from psephos.pacts import optimise_pact, option_outcomes

BLOC = ["Lab", "LD", "Green", "PC"]
REPEATS = 3


def _median_time(function: Any) -> tuple[float, Any]:
    times, value = [], None
    for _ in range(REPEATS):
        started = time.perf_counter()
        value = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), value


def synthetic_draws(election: psephos.Election, n_draws: int, *, seed: int) -> np.ndarray:
    """Shares with a national error (2 points) and a seat error (2 points) per party."""
    rng = np.random.default_rng(seed)
    shares = election.shares()
    standing = shares > 0
    national = rng.normal(0, 0.02, (n_draws, 1, shares.shape[1]))
    local = rng.normal(0, 0.02, (n_draws, *shares.shape))
    return np.clip(shares[None] + (national + local) * standing, 0, None)


def main() -> None:
    election = psephos.load("2019")
    cpu = "unknown"
    try:
        with Path("/proc/cpuinfo").open(encoding="utf-8") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if "model name" in line)
    except (OSError, StopIteration):
        pass
    print(f"machine: {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}")
    print(f"election 2019, {election.n_seats} seats, bloc {'+'.join(BLOC)}")
    cases: list[tuple[str, dict[str, Any]]] = [
        ("no limits", {}),
        ("max 20 per party", {"max_per_party": 20}),
        ("max 20 per party + fairness 0", {"max_per_party": 20, "fairness": 0.0}),
    ]
    for label, kwargs in cases:
        seconds, plan = _median_time(
            lambda kwargs=kwargs: optimise_pact(election, bloc=BLOC, **kwargs)
        )
        print(
            f"deterministic  {label:32s} total {seconds:7.3f} s  solve "
            f"{plan.solve_seconds:6.3f} s  vars {plan.n_variables:5d}  gain "
            f"{plan.result.bloc_seats_after - plan.result.bloc_seats_before:+.1f}  "
            f"optimal {plan.optimal}"
        )
    draws = synthetic_draws(election, 1000, seed=2019)
    seconds, outcomes = _median_time(lambda: option_outcomes(election, BLOC, draws=draws))
    print(
        f"draws 1000     outcome simulation (15 options x 1000 draws x 650 seats) {seconds:7.3f} s"
    )
    for label, kwargs in cases:
        solve_time, plan = _median_time(
            lambda kwargs=kwargs: optimise_pact(
                election, bloc=BLOC, draws=draws, outcomes=outcomes, **kwargs
            )
        )
        print(
            f"draws 1000     {label:32s} model+solve {solve_time:7.3f} s  total incl. "
            f"simulation {seconds + solve_time:7.3f} s  vars {plan.n_variables:5d}  gain "
            f"{plan.result.bloc_seats_after - plan.result.bloc_seats_before:+.2f}  "
            f"optimal {plan.optimal}"
        )
    solve_time, plan = _median_time(
        lambda: optimise_pact(
            election,
            bloc=BLOC,
            draws=draws,
            outcomes=outcomes,
            objective="majority",
            majority=240,
            max_per_party=30,
            max_scenarios=200,
        )
    )
    print(
        f"draws 1000     P(bloc >= 240) SAA on 200 draws, max 30  model+solve "
        f"{solve_time:7.3f} s  P before {plan.result.p_majority_before:.3f} after "
        f"{plan.result.p_majority_after:.3f}  optimal {plan.optimal}"
    )


if __name__ == "__main__":
    main()

"""The 650-seat, 4-party pact optimiser beside a straightforward MILP of the same pact
(issue 6 target: under 10 s).

Run: ``python benchmarks/pacts_optimise.py [--repeat 3]``. Writes
``benchmarks/results/pacts_optimise.json`` and the page ``docs/perf/pacts-optimise.md`` (then run
``python scripts/build_performance_doc.py``). Bloc Lab + LD + Green + PC on the 2019 result and
on seeded synthetic draws (2019 shares with 2-point national and seat errors per party).

Every option's outcome (15 stand-down options x draws x 650 seats) is simulated once with
:func:`psephos.pacts.option_outcomes` (its time is its own row) and given to both sides, which
then do the same work: choose the stand-downs. ``optimise_pact`` prunes options that cannot
change the bloc's outcome and builds its programme by constraint family; the plain reference is
the textbook formulation solved with :func:`scipy.optimize.milp` (HiGHS, zero gap, 300 s cap):
one binary per seat and option, all 14 options of all 650 seats, no pruning, and for the
majority objective one binary per draw with ``bloc seats(x) >= majority * z``. They are timed
interleaved (median of ``--repeat``) and checked to reach the same objective. ``optimise_pact``
also simulates the plan it chose on every draw (``simulate_pact``: seats before and after, the
ledger), which the reference does not.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

import numpy as np
from _report import (
    interleaved,
    load_average,
    median_time,
    publish,
    row,
)
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

import psephos
from psephos.pacts import optimise_pact, option_outcomes, simulate_pact
from psephos.pacts.optimise import OptionOutcomes

BLOC = ["Lab", "LD", "Green", "PC"]
TIME_CAP = 300.0


def synthetic_draws(election: psephos.Election, n_draws: int, *, seed: int) -> np.ndarray:
    """Shares with a national error (2 points) and a seat error (2 points) per party."""
    rng = np.random.default_rng(seed)
    shares = election.shares()
    standing = shares > 0
    national = rng.normal(0, 0.02, (n_draws, 1, shares.shape[1]))
    local = rng.normal(0, 0.02, (n_draws, *shares.shape))
    return np.clip(shares[None] + (national + local) * standing, 0, None)


def plain_milp(
    outcomes: OptionOutcomes,
    *,
    max_per_party: int | None = None,
    fairness: float | None = None,
    majority: int | None = None,
) -> float:
    """The textbook programme: binary ``x[s, o]`` for every seat and option but "none",
    binary ``z[n]`` per draw for the majority objective. Returns the optimum: expected bloc
    seats gained, or the share of draws with a bloc majority."""
    in_bloc = outcomes.bloc_winner >= 0  # options x draws x seats
    n_options, n_draws, n_seats = in_bloc.shape
    n_bloc = len(outcomes.bloc)
    win = outcomes.win()  # options x seats x bloc
    options = np.repeat(np.arange(1, n_options), n_seats)  # variable order: option-major
    seats = np.tile(np.arange(n_seats), n_options - 1)
    n_x = len(options)
    gain = win[options, seats].sum(axis=1) - win[0, seats].sum(axis=1)
    rows, lower, upper = [sparse.csr_matrix((np.ones(n_x), (seats, np.arange(n_x))))], [], []
    lower.append(np.zeros(n_seats))
    upper.append(np.ones(n_seats))
    for k in range(n_bloc):
        if max_per_party is not None:
            rows.append(sparse.csr_matrix(((options >> k) & 1).astype(float)[None, :]))
            lower.append(np.array([0.0]))
            upper.append(np.array([float(max_per_party)]))
        if fairness is not None:
            rows.append(sparse.csr_matrix((win[options, seats, k] - win[0, seats, k])[None, :]))
            lower.append(np.array([-fairness]))
            upper.append(np.array([np.inf]))
    n_z = 0 if majority is None else n_draws
    if majority is not None:
        # vars x draws: +1 where the option wins the seat for the bloc, -1 where it loses it
        change = in_bloc[options, :, seats].astype(float) - in_bloc[0][:, seats].T.astype(float)
        base_seats = in_bloc[0].sum(axis=1).astype(float)
        rows = [sparse.hstack([r, sparse.csr_matrix((r.shape[0], n_z))]).tocsr() for r in rows]
        rows.append(sparse.hstack([sparse.csr_matrix(change.T), sparse.diags([-majority] * n_z)]))
        lower.append(-base_seats)
        upper.append(np.full(n_z, np.inf))
        cost = np.concatenate([np.zeros(n_x), -np.ones(n_z)])
    else:
        cost = -gain
    constraints = [
        LinearConstraint(r, lo, hi) for r, lo, hi in zip(rows, lower, upper, strict=True)
    ]
    solution = milp(
        cost,
        constraints=constraints,
        integrality=np.ones(n_x + n_z),
        bounds=Bounds(0, 1),
        options={"time_limit": TIME_CAP, "mip_rel_gap": 0.0},
    )
    if solution.x is None:
        return float("nan")
    chosen = solution.x > 0.5
    if majority is not None:
        return float(chosen[n_x:].mean())
    return float(gain[chosen[:n_x]].sum())


def case_row(
    label: str,
    election: psephos.Election,
    outcomes: OptionOutcomes,
    draws: np.ndarray | None,
    options: dict[str, Any],
    repeat: int,
) -> dict[str, Any]:
    majority = options.get("majority")

    def ours() -> Any:
        return optimise_pact(
            election,
            bloc=BLOC,
            draws=draws,
            outcomes=outcomes,
            objective="majority" if majority else "seats",
            max_scenarios=outcomes.bloc_winner.shape[1],
            **options,
        )

    def plain() -> float:
        return plain_milp(outcomes, **options)

    plan, reference = ours(), plain()
    agree = abs(plan.objective_value - reference) < 1e-9
    times = interleaved({"ours": ours, "plain": plain}, repeat)
    ledger = median_time(
        lambda: simulate_pact(
            election, plan.stand_downs, bloc=BLOC, draws=draws, majority=majority
        ),
        repeat,
    )
    what = "P(majority) on the draws" if majority else "expected bloc seats gained"
    return row(
        label,
        times["ours"],
        times["plain"],
        "textbook MILP, all options of all seats, `scipy.optimize.milp`",
        "< 10 s",
        times["ours"] < 10.0,
        f"same optimum: {'yes' if agree else '**no**'} ({what} {plan.objective_value:.4g} vs "
        f"{reference:.4g}); ours {plan.n_variables} variables after pruning, the reference "
        f"{14 * election.n_seats + (outcomes.bloc_winner.shape[1] if majority else 0)}; "
        f"optimal: {plan.optimal}; ours also simulates the chosen plan on every draw for its "
        f"seat ledger (`simulate_pact`, {ledger * 1e3:.0f} ms alone); its HiGHS solve "
        f"{plan.solve_seconds * 1e3:.0f} ms",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--majority-draws", type=int, default=100)
    args = parser.parse_args()
    load_before = load_average()
    election = psephos.load("2019")
    rows: list[dict[str, Any]] = []
    result = option_outcomes(election, BLOC)
    for label, options in (
        ("2019 result, no limits", {}),
        ("2019 result, at most 20 per party + fairness 0", {"max_per_party": 20, "fairness": 0.0}),
    ):
        rows.append(case_row(label, election, result, None, options, args.repeat))
    draws = synthetic_draws(election, args.draws, seed=2019)
    start = time.perf_counter()
    outcomes = option_outcomes(election, BLOC, draws=draws)
    simulated = time.perf_counter() - start
    rows.append(
        row(
            f"`option_outcomes`: 15 options x {args.draws:,} draws x 650 seats (given to both "
            "rows below)",
            simulated,
            None,
            "none: the stand-down transfer model itself, one NumPy pass per option",
            "",
            None,
        )
    )
    for label, options in (
        (f"{args.draws:,} draws, at most 20 per party", {"max_per_party": 20}),
        (
            f"{args.draws:,} draws, at most 20 per party + fairness 0",
            {"max_per_party": 20, "fairness": 0.0},
        ),
    ):
        rows.append(case_row(label, election, outcomes, draws, options, args.repeat))
    few = synthetic_draws(election, args.majority_draws, seed=2019)
    few_outcomes = option_outcomes(election, BLOC, draws=few)
    rows.append(
        case_row(
            f"P(bloc >= 240 seats) on {args.majority_draws} draws, at most 30 per party",
            election,
            few_outcomes,
            few,
            {"max_per_party": 30, "majority": 240},
            args.repeat,
        )
    )
    publish(
        "pacts_optimise",
        "Pacts: the optimiser against a textbook MILP",
        f"python benchmarks/pacts_optimise.py --repeat {args.repeat}",
        rows,
        args.repeat,
        load_before,
    )


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: optimal volunteer allocation, 100,000 volunteers x 650 seats.

Run: ``python benchmarks/targeting_allocate.py [--volunteers 100000] [--k 15] [--repeats 3]
[--lp-volunteers 5000] [--lp-full]``. Volunteers are synthetic (seeded): homes drawn in
proportion to each seat's electorate, jittered around its centroid (sd about 5 km), 1-20 hours
each. Seat values come from the 2019 base for Labour (the analytic margin model), capacities
from the default diminishing-returns curve. Prints build, solve and total times (median of the
repeats), the greedy baseline as a fraction of the optimum, and an LP (HiGHS) cross-check.

The plain reference is the same problem (same arcs, same concave seat curves) as a linear
programme solved by HiGHS (``solve_lp``): on ``--lp-volunteers`` volunteers, and at full size
timed interleaved with the flow (median of the repeats, objectives checked equal; skip the
full-size reference with ``--no-lp-full``). Writes ``benchmarks/results/targeting_allocate.json``
and the page ``docs/perf/targeting-allocate.md``, with the load average before and after.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

import numpy as np
from _report import interleaved, load_average, publish, row

import psephos
from psephos.jurisdictions.geography import seat_centroids
from psephos.targeting.allocate import (
    build_problem,
    check_allocation,
    seat_curves,
    solve_greedy,
    solve_lp,
    solve_min_cost_flow,
)
from psephos.targeting.sensitivity import DEFAULT_VOTES_PER_HOUR, seat_sensitivity
from psephos.targeting.volunteers import Volunteers


def synthetic_volunteers(election: psephos.Election, n: int, seed: int) -> Volunteers:
    """Seeded volunteers living around seat centroids, weighted by electorate."""
    rng = np.random.default_rng(seed)
    lat, lon = seat_centroids(election)
    home = rng.choice(election.n_seats, n, p=election.electorate / election.electorate.sum())
    return Volunteers.from_arrays(
        [f"v{i}" for i in range(n)],
        lat[home] + rng.normal(0.0, 0.045, n),
        lon[home] + rng.normal(0.0, 0.07, n),
        rng.integers(1, 21, n),
    )


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--volunteers", type=int, default=100_000)
    parser.add_argument("--k", type=int, default=15)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--lp-volunteers", type=int, default=5_000)
    parser.add_argument(
        "--lp-full",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="time the LP reference at full size beside the flow (--no-lp-full: skip it)",
    )
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--hour-value",
        type=float,
        default=None,
        help="value of an hour lost travelling (0: free travel, so no arc is pruned)",
    )
    args = parser.parse_args()
    load_before = load_average()

    election = psephos.load("2019")
    sensitivity = seat_sensitivity(election, "Lab")
    curves = seat_curves(
        sensitivity.per_vote, election.electorate, votes_per_hour=DEFAULT_VOTES_PER_HOUR
    )
    lat, lon = seat_centroids(election)
    volunteers = synthetic_volunteers(election, args.volunteers, args.seed)

    builds, solves, totals = [], [], []
    for _ in range(args.repeats):
        start = time.perf_counter()
        problem = build_problem(
            volunteers, lat, lon, curves, k_nearest=args.k, hour_value=args.hour_value
        )
        built = time.perf_counter()
        optimal = solve_min_cost_flow(problem)
        done = time.perf_counter()
        builds.append(built - start)
        solves.append(done - built)
        totals.append(done - start)
    check_allocation(problem, optimal)
    greedy = solve_greedy(problem)
    check_allocation(problem, greedy)

    print(
        f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}"
    )
    print(
        f"volunteers {len(volunteers):,} x seats {election.n_seats}, k={args.k}: "
        f"{len(volunteers) * args.k:,} nearest pairs, {problem.arc_volunteer.shape[0]:,} "
        f"candidate arcs after pruning; hours {int(volunteers.hours.sum()):,}, "
        f"capacity {int(curves.capacity.sum()):,}"
    )
    print(
        f"min-cost flow (median of {args.repeats}): build {statistics.median(builds):.2f} s, "
        f"solve {statistics.median(solves):.2f} s, total {statistics.median(totals):.2f} s "
        f"(min total {min(totals):.2f} s)"
    )
    print(
        f"optimum: expected seats {optimal.value:.4f}, travel {optimal.travel_cost:.4f}, "
        f"objective {optimal.objective:.4f}; hours used {optimal.arc_hours.sum():,.0f}"
    )
    print(
        f"greedy nearest-marginal: objective {greedy.objective:.4f} = "
        f"{greedy.objective / optimal.objective * 100:.1f}% of the optimum "
        f"({greedy.seconds:.2f} s)"
    )

    small = synthetic_volunteers(election, args.lp_volunteers, args.seed + 1)
    small_problem = build_problem(
        small, lat, lon, curves, k_nearest=args.k, hour_value=args.hour_value
    )
    flow_small = solve_min_cost_flow(small_problem)
    lp_small = solve_lp(small_problem)
    print(
        f"LP cross-check on {len(small):,} volunteers: flow {flow_small.objective:.8f} "
        f"({flow_small.seconds:.2f} s), HiGHS LP {lp_small.objective:.8f} "
        f"({lp_small.seconds:.2f} s), relative gap "
        f"{abs(flow_small.objective - lp_small.objective) / abs(lp_small.objective):.2e}"
    )
    small_times = interleaved(
        {
            "flow": lambda: solve_min_cost_flow(small_problem),
            "lp": lambda: solve_lp(small_problem),
        },
        args.repeats,
    )
    rows = [
        row(
            f"`solve_min_cost_flow`, {len(small):,} volunteers",
            small_times["flow"],
            small_times["lp"],
            "HiGHS LP on the same arcs (`solve_lp`)",
            "",
            None,
            "same objective: "
            + ("yes" if np.isclose(flow_small.objective, lp_small.objective, rtol=1e-8) else "no"),
        )
    ]
    if args.lp_full:
        times = interleaved(
            {"flow": lambda: solve_min_cost_flow(problem), "lp": lambda: solve_lp(problem)},
            args.repeats,
        )
        lp = solve_lp(problem)
        same = np.isclose(optimal.objective, lp.objective, rtol=1e-8)
        print(
            f"HiGHS LP at full size: {times['lp']:.2f} s, objective {lp.objective:.6f} "
            f"(flow {times['flow']:.2f} s, objective {optimal.objective:.6f}): flow / LP "
            f"{times['flow'] / times['lp']:.2f}x"
        )
        rows.append(
            row(
                f"`solve_min_cost_flow`, {len(volunteers):,} volunteers (solve; build "
                f"{statistics.median(builds):.2f} s apart)",
                times["flow"],
                times["lp"],
                "HiGHS LP on the same arcs (`solve_lp`)",
                "< 3 s with the build",
                statistics.median(builds) + times["flow"] < 3.0,
                f"same objective: {'yes' if same else '**no**'} ({optimal.objective:.6f}); "
                f"greedy baseline {greedy.objective / optimal.objective:.1%} of the optimum in "
                f"{greedy.seconds:.2f} s",
            )
        )
    publish(
        "targeting_allocate",
        "Targeting: volunteer allocation against an LP of the same problem",
        f"python benchmarks/targeting_allocate.py --repeats {args.repeats}",
        rows,
        args.repeats,
        load_before,
    )


if __name__ == "__main__":
    main()

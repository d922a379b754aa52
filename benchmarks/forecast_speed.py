"""Forecast speed: fast vs naive Monte Carlo, nowcast update time, optional Dask run.

Run: ``python benchmarks/forecast_speed.py [--sims 100000] [--threads 2] [--dask-sims 0]``.
Prints wall time and peak traced memory (NumPy allocations are traced by ``tracemalloc``)
for 650 seats, side by side in one run, and the speed-up of the fast algorithm over the plain
one per simulation in that run (the one machine-independent speed figure).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
import tracemalloc

import numpy as np
from _report import machine

import psephos
from psephos.forecast.calibration import calibrate_error_model
from psephos.forecast.errors_model import LayeredErrors
from psephos.forecast.montecarlo import SimulationPlan, plan_forecast, run_chunks, summarise
from psephos.forecast.nowcast import Nowcast, declaration_order, votes_of
from psephos.projection import project

POLL = "Lab 40 Con 24 Reform 15 LD 11 Green 6"


def scenario_plan() -> SimulationPlan:
    """The benchmark's forecast: the 2019 notional result on the 2024 boundaries, :data:`POLL`
    by uniform swing, error scales calibrated on every back-test of nation uniform swing and a
    national scale of 0.052 (the scenario docs/perf/forecast.md describes)."""
    base = psephos.load("2019-notional-2024")
    shares = project(base, POLL, model="uniform").shares  # the forecast CLI's mean
    calibrated = calibrate_error_model("next", mean="nation-uniform", scenario="nations")
    model = LayeredErrors(0.052, calibrated.regional_scale, calibrated.seat_scale)
    return plan_forecast(base, shares, model)


def seats_by_contenders(plan: SimulationPlan) -> dict[int, int]:
    """How many seats the plan simulates with each number of contenders (1: decided once)."""
    widths = np.diff(np.append(plan.multi_group_starts, len(plan.multi_seats)))
    counts = {1: len(plan.fixed_seats), 2: len(plan.pair_seats)}
    counts.update(zip(plan.multi_group_width.tolist(), widths.tolist(), strict=True))
    return {n: count for n, count in sorted(counts.items()) if count}


def measure(label: str, function, *, trace: bool = False):  # type: ignore[no-untyped-def]
    """Wall time of one call; with ``trace``, also peak memory traced by tracemalloc (slower,
    so time and memory come from separate calls)."""
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    value = function()
    elapsed = time.perf_counter() - start
    peak = 0
    if trace:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"{label:<46} peak traced memory {peak / 2**20:8.1f} MiB")
    else:
        print(f"{label:<46} {elapsed:8.3f} s")
    return value, elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sims", type=int, default=100_000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--naive-sims", type=int, default=100_000)
    parser.add_argument("--dask-sims", type=int, default=0, help="0 skips the Dask run")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    print(f"machine: {machine()}")
    plan = scenario_plan()
    print(
        "seats by number of contenders: "
        + ", ".join(f"{n}: {count}" for n, count in seats_by_contenders(plan).items())
    )
    run_chunks(plan, 4096, seed=0, n_threads=args.threads)  # warm-up

    fast_times = []
    for attempt in range(args.repeat):
        counts, elapsed, _ = measure(
            f"fast   {args.sims:,} sims, {args.threads} threads (run {attempt + 1})",
            lambda: run_chunks(plan, args.sims, seed=1, n_threads=args.threads),
        )
        fast_times.append(elapsed)
    measure(
        f"fast   {args.sims:,} sims (memory run)",
        lambda: run_chunks(plan, args.sims, seed=1, n_threads=args.threads),
        trace=True,
    )
    fast = summarise(plan, counts)
    naive_counts, naive_time, _ = measure(
        f"naive  {args.naive_sims:,} sims, {args.threads} threads",
        lambda: run_chunks(
            plan, args.naive_sims, seed=1, n_threads=args.threads, algorithm="naive"
        ),
    )
    measure(
        f"naive  {args.naive_sims // 10:,} sims (memory run)",
        lambda: run_chunks(
            plan, args.naive_sims // 10, seed=1, n_threads=args.threads, algorithm="naive"
        ),
        trace=True,
    )
    naive = summarise(plan, naive_counts)
    print(f"fast best {min(fast_times):.3f} s, median {statistics.median(fast_times):.3f} s")
    # per simulation, so a shorter naive run (--naive-sims) compares like with like
    naive_per_fast_run = naive_time * args.sims / args.naive_sims
    print(
        f"speed-up per simulation, same run: naive {naive_per_fast_run:.2f} s per "
        f"{args.sims:,} sims is {naive_per_fast_run / min(fast_times):.1f}x the fast best, "
        f"{naive_per_fast_run / statistics.median(fast_times):.1f}x the fast median"
    )
    for party in ("Lab", "Con", "LD", "SNP", "Reform"):
        print(
            f"  {party:<7} expected seats fast {fast.expected_seats[party]:6.1f}"
            f"  naive {naive.expected_seats[party]:6.1f}"
        )
    print(
        f"  P(Lab majority) fast {fast.p_majority['Lab']:.3f} naive {naive.p_majority['Lab']:.3f}"
    )

    # nowcast: one declaration's update (declare + projection), at several points of the night
    target, previous = psephos.load("2017"), psephos.load("2015")
    nowcast = Nowcast(previous, standing=target.votes > 0)
    order = declaration_order("2017")
    timings: dict[int, float] = {}
    for n, code in enumerate(order, start=1):
        start = time.perf_counter()
        nowcast.declare(code, votes_of(target, target.seat_index(code)))
        nowcast.projection()
        if n in (1, 50, 100, 300, 600, 649):
            timings[n] = (time.perf_counter() - start) * 1000
    all_updates = []
    probe = Nowcast(previous, standing=target.votes > 0)
    for code in order[:200]:
        start = time.perf_counter()
        probe.declare(code, votes_of(target, target.seat_index(code)))
        probe.projection()
        all_updates.append((time.perf_counter() - start) * 1000)
    print(
        "nowcast update (declare + projection) ms at n declared: "
        + ", ".join(f"{n}: {ms:.1f}" for n, ms in timings.items())
    )
    print(
        f"nowcast update over the first 200: median {statistics.median(all_updates):.1f} ms, "
        f"max {max(all_updates):.1f} ms (in-memory store)"
    )
    print(f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")

    if args.dask_sims:
        from dask.distributed import Client, LocalCluster

        from psephos.forecast.distributed import run_on_cluster

        with (
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster,
            Client(cluster) as client,
        ):
            start = time.perf_counter()
            counts = run_on_cluster(client, plan, args.dask_sims, seed=1)
            elapsed = time.perf_counter() - start
        result = summarise(plan, counts)
        print(
            f"dask   {args.dask_sims:,} sims on 2 worker processes: {elapsed:.1f} s "
            f"({args.dask_sims / elapsed:,.0f} sims/s); Lab {result.expected_seats['Lab']:.2f}, "
            f"P(Lab majority) {result.p_majority['Lab']:.4f}"
        )


if __name__ == "__main__":
    main()

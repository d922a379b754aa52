"""Benchmark: vote-swap matching for 100,000 voters (and the advice engine's main steps).

Run: ``python benchmarks/tactical_swaps.py [--voters 100000] [--seed 1] [--repeat 1]``. Prints
timings. The exact matcher (``method="flow"``, OR-Tools min-cost flow) is timed interleaved with
its plain reference, the same network as a HiGHS LP (``method="lp"``, the same optimum), median
of ``--repeat`` (default one run: the LP takes tens of seconds), at the sizes in
``--lp-voters``, totals checked equal; the greedy matcher is the baseline whose share of the
optimum is reported. Writes ``benchmarks/results/tactical_swaps.json`` and the page
``docs/perf/tactical-swaps.md``, with the load average before and after.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
from _report import interleaved, load_average, publish, row

from psephos.tactical.api import advise_voter, uncertainty_for
from psephos.tactical.swaps import aggregate_offers, match_swaps

PAIRS = [
    ("Lab", "LD"),
    ("LD", "Lab"),
    ("Green", "Lab"),
    ("Lab", "Green"),
    ("LD", "Green"),
    ("Green", "LD"),
]


def offers(n_voters: int, seed: int) -> pd.DataFrame:
    """Synthetic offers: GB seats drawn uniformly, party pairs drawn from PAIRS."""
    election = uncertainty_for("next").election
    gb = [c.code for c in election.constituencies if c.nation != "Northern Ireland"]
    rng = np.random.default_rng(seed)
    seats = rng.choice(gb, size=n_voters)
    pairs = rng.integers(0, len(PAIRS), size=n_voters)
    return pd.DataFrame(
        {
            "seat": seats,
            "preferred": [PAIRS[k][0] for k in pairs],
            "willing": [PAIRS[k][1] for k in pairs],
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--lp-voters",
        type=int,
        nargs="*",
        default=[10_000],
        help="sizes at which the LP reference is timed (it takes tens of seconds a run)",
    )
    args = parser.parse_args()
    load_before = load_average()
    rows = []

    start = time.perf_counter()
    uncertainty = uncertainty_for("next")
    _ = uncertainty.win_probability, uncertainty.seat_totals
    print(
        "simulated shares (2,000 sims x 650 seats x 16 parties): "
        f"{time.perf_counter() - start:.2f} s"
    )
    start = time.perf_counter()
    advise_voter("Hampstead and Highgate", "Green,Lab,LD", "Con")
    print(f"one voter's advice (shares already simulated): {time.perf_counter() - start:.3f} s")
    start = time.perf_counter()
    for position in range(uncertainty.election.n_seats):
        uncertainty.tie_matrix(position)
    print(f"tie probabilities, every pair in every seat: {time.perf_counter() - start:.2f} s")

    for n_voters in args.voters:
        frame = offers(n_voters, args.seed)
        start = time.perf_counter()
        types = aggregate_offers(uncertainty, frame)
        print(
            f"{n_voters:>9,} offers -> {len(types.count):,} types: "
            f"{time.perf_counter() - start:.2f} s"
        )
        gains = {}
        for method in ("flow", "greedy"):
            start = time.perf_counter()
            match = match_swaps(uncertainty, types, method=method)
            elapsed = time.perf_counter() - start
            gains[method] = match.total_weight
            print(
                f"    {method:6s}: {elapsed:6.2f} s, {match.total_pairs:,} swaps "
                f"({2 * match.total_pairs / len(frame):.1%} of voters), "
                f"type pairs used {len(match.n_pairs):,}, "
                f"total gain {match.total_weight:.6f} expected seats"
            )
        print(f"    greedy reaches {gains['greedy'] / gains['flow']:.2%} of the optimum")
        if n_voters not in args.lp_voters:
            continue
        times = interleaved(
            {
                method: lambda method=method, types=types: match_swaps(
                    uncertainty, types, method=method
                )
                for method in ("flow", "lp")
            },
            args.repeat,
        )
        lp_total = match_swaps(uncertainty, types, method="lp").total_weight
        same = np.isclose(lp_total, gains["flow"], rtol=1e-9)
        print(f"    flow / lp time: {times['flow'] / times['lp']:.2f}x (same total: {same})")
        rows.append(
            row(
                f'`match_swaps(method="flow")`, {n_voters:,} offers ({len(types.count):,} types)',
                times["flow"],
                times["lp"],
                'the same network as a HiGHS LP (`method="lp"`)',
                "",
                None,
                f"same total gain: {'yes' if same else '**no**'} ({gains['flow']:.6f} expected "
                f"seats); greedy baseline {gains['greedy'] / gains['flow']:.2%} of it",
            )
        )
    publish(
        "tactical_swaps",
        "Tactical vote swaps: the exact matcher against an LP of the same network",
        f"python benchmarks/tactical_swaps.py --repeat {args.repeat}",
        rows,
        args.repeat,
        load_before,
    )


if __name__ == "__main__":
    main()

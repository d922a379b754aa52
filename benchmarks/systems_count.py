"""Benchmark: IRV and 3-seat STV counts of 1,000,000 ranked ballots, psephos vs other libraries.

Run from the repository root::

    python benchmarks/systems_count.py [--ballots 1000000] [--candidates 8] [--pyrankvote 100000]

The profile: ``--ballots`` voters, ``--candidates`` candidates, rankings drawn from a
Plackett-Luce model (Gumbel noise on fixed candidate strengths, seed 2024), each truncated to
a uniform random length 1..n (so exhaustion happens). Every library counts the SAME profile:

* psephos ``count_irv`` / ``count_stv`` on the raw 1M-row array, and on the aggregated array
  (identical rankings merged, aggregation time reported separately and in the total);
* pref_voting ``instant_runoff`` and ``stv_wig(quota_rule="droop")`` on a ``ProfileWithTies``
  built from the aggregated rankings and counts (its own representation of the same profile);
* votekit ``IRV`` and ``STV`` (default and ``FastSTV``) on a ``RankProfile`` of weighted ballots;
* pyrankvote (no ballot weights: one object per voter) on the first ``--pyrankvote`` voters of
  the same profile (default: all of them); if a smaller size is given, its time is printed for
  that size and NOT extrapolated.

Construction of each library's profile object is timed separately from the count. Fast counts
(psephos, votekit FastSTV) report the best of ``--repeats`` runs; counts taking seconds run once.
Prints a Markdown table with the winners of each count (they must agree).
"""

from __future__ import annotations

import argparse
import gc
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from psephos.systems import Ballots, count_irv, count_stv


def make_profile(n_ballots: int, n_candidates: int, seed: int = 2024) -> Ballots:
    """Plackett-Luce rankings with uniform truncation (seeded)."""
    rng = np.random.default_rng(seed)
    strength = np.linspace(1.0, 0.4, n_candidates)
    utility = np.log(strength)[None, :] + rng.gumbel(size=(n_ballots, n_candidates))
    rankings = np.argsort(-utility, axis=1).astype(np.int64)
    length = rng.integers(1, n_candidates + 1, size=n_ballots)
    rankings[np.arange(n_candidates)[None, :] >= length[:, None]] = -1
    names = [f"c{i}" for i in range(n_candidates)]
    return Ballots(tuple(names), rankings, np.ones(n_ballots))


def best_of(function: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """Fastest wall time of ``repeats`` runs (seconds) and the last result."""
    best = float("inf")
    result = None
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ballots", type=int, default=1_000_000)
    parser.add_argument("--candidates", type=int, default=8)
    parser.add_argument("--seats", type=int, default=3)
    parser.add_argument(
        "--pyrankvote", type=int, default=1_000_000, help="voters given to pyrankvote (0 to skip)"
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=5,
        help="best of this many runs for the fast counts (slow ones run once)",
    )
    args = parser.parse_args()

    profile = make_profile(args.ballots, args.candidates)
    rows: list[tuple[str, str, str, float, float, str]] = []

    def add(library: str, count: str, size: int, build: float, run: float, winners: Any) -> None:
        rows.append((library, count, f"{size:,}", build, run, str(winners)))

    # psephos, raw rows
    seconds, irv = best_of(lambda: count_irv(profile), args.repeats)
    add("psephos (raw 1 row per voter)", "IRV", args.ballots, 0.0, seconds, list(irv.winners))
    seconds, stv = best_of(lambda: count_stv(profile, args.seats), args.repeats)
    add(
        "psephos (raw 1 row per voter)",
        f"STV {args.seats}",
        args.ballots,
        0.0,
        seconds,
        sorted(stv.winners),
    )
    # psephos, aggregated
    aggregate_seconds, aggregated = best_of(profile.aggregate, args.repeats)
    seconds, irv_agg = best_of(lambda: count_irv(aggregated), args.repeats)
    add(
        "psephos (aggregated)",
        "IRV",
        args.ballots,
        aggregate_seconds,
        seconds,
        list(irv_agg.winners),
    )
    seconds, stv_agg = best_of(lambda: count_stv(aggregated, args.seats), args.repeats)
    add(
        "psephos (aggregated)",
        f"STV {args.seats}",
        args.ballots,
        aggregate_seconds,
        seconds,
        sorted(stv_agg.winners),
    )
    print(f"unique rankings: {len(aggregated.counts):,} of {args.ballots:,} ballots")

    # pref_voting
    from pref_voting.iterative_methods import instant_runoff
    from pref_voting.profiles_with_ties import ProfileWithTies
    from pref_voting.proportional_methods import stv_wig

    def build_pref_voting() -> ProfileWithTies:
        rankings = [
            {int(c): rank for rank, c in enumerate(row) if c >= 0} for row in aggregated.rankings
        ]
        return ProfileWithTies(
            rankings,
            rcounts=[int(c) for c in aggregated.counts],
            candidates=list(range(args.candidates)),
        )

    build, pv_profile = best_of(build_pref_voting, 1)
    seconds, winners = best_of(lambda: instant_runoff(pv_profile), 1)
    add(
        "pref_voting 1.18 (ProfileWithTies)",
        "IRV",
        args.ballots,
        build,
        seconds,
        [f"c{w}" for w in winners],
    )
    seconds, winners = best_of(
        lambda: stv_wig(pv_profile, num_seats=args.seats, quota_rule="droop"), 1
    )
    add(
        "pref_voting 1.18 (ProfileWithTies)",
        f"STV {args.seats}",
        args.ballots,
        build,
        seconds,
        sorted(f"c{w}" for w in winners),
    )

    # votekit
    try:
        from votekit import RankBallot, RankProfile
        from votekit.elections import IRV, STV, FastSTV

        names = aggregated.candidates

        def build_votekit() -> Any:
            ballots = [
                RankBallot(
                    ranking=[frozenset({names[c]}) for c in row if c >= 0], weight=float(count)
                )
                for row, count in zip(aggregated.rankings, aggregated.counts, strict=True)
            ]
            return RankProfile(ballots=ballots, candidates=list(names))

        build, vk_profile = best_of(build_votekit, 1)
        seconds, election = best_of(lambda: IRV(vk_profile), 1)
        add(
            "votekit 3.5 (RankProfile)",
            "IRV",
            args.ballots,
            build,
            seconds,
            [c for s in election.get_elected() for c in s],
        )
        seconds, election = best_of(lambda: STV(vk_profile, n_seats=args.seats), 1)
        add(
            "votekit 3.5 (RankProfile)",
            f"STV {args.seats}",
            args.ballots,
            build,
            seconds,
            sorted(c for s in election.get_elected() for c in s),
        )
        seconds, election = best_of(lambda: FastSTV(vk_profile, n_seats=1), args.repeats)
        add(
            "votekit 3.5 FastSTV (1 seat = IRV)",
            "IRV",
            args.ballots,
            build,
            seconds,
            [c for s in election.get_elected() for c in s],
        )
        seconds, election = best_of(lambda: FastSTV(vk_profile, n_seats=args.seats), args.repeats)
        add(
            "votekit 3.5 FastSTV",
            f"STV {args.seats}",
            args.ballots,
            build,
            seconds,
            sorted(c for s in election.get_elected() for c in s),
        )
    except ImportError:
        print("votekit not installed: skipped")

    # pyrankvote (one object per voter) on a prefix of the same profile
    if args.pyrankvote:
        import pyrankvote
        from pyrankvote import Ballot, Candidate

        size = min(args.pyrankvote, args.ballots)
        part = Ballots(profile.candidates, profile.rankings[:size], profile.counts[:size])
        candidates = [Candidate(name) for name in part.candidates]

        def build_pyrankvote() -> list[Any]:
            return [
                Ballot(ranked_candidates=[candidates[c] for c in row if c >= 0])
                for row in part.rankings
            ]

        build, voters = best_of(build_pyrankvote, 1)
        seconds, result = best_of(lambda: pyrankvote.instant_runoff_voting(candidates, voters), 1)
        add(
            "pyrankvote 2.0 (1 object per voter)",
            "IRV",
            size,
            build,
            seconds,
            [c.name for c in result.get_winners()],
        )
        seconds, result = best_of(
            lambda: pyrankvote.single_transferable_vote(candidates, voters, args.seats), 1
        )
        add(
            "pyrankvote 2.0 (1 object per voter)",
            f"STV {args.seats}",
            size,
            build,
            seconds,
            sorted(c.name for c in result.get_winners()),
        )
        if size < args.ballots:
            seconds, own = best_of(lambda: count_irv(part), args.repeats)
            add("psephos (raw, same prefix)", "IRV", size, 0.0, seconds, list(own.winners))
            seconds, own = best_of(lambda: count_stv(part, args.seats), args.repeats)
            add(
                "psephos (raw, same prefix)",
                f"STV {args.seats}",
                size,
                0.0,
                seconds,
                sorted(own.winners),
            )

    cpu = "unknown"
    try:
        with Path("/proc/cpuinfo").open(encoding="utf-8") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if "model name" in line)
    except (OSError, StopIteration):
        pass
    print(f"\nmachine: {cpu}; python {platform.python_version()}; numpy {np.__version__}")
    print(f"profile: {args.ballots:,} ballots, {args.candidates} candidates, truncated 1..n\n")
    print("| library | count | ballots | build profile (s) | count (s) | winners |")
    print("|---|---|---|---|---|---|")
    for library, count, size, build_s, run_s, winners in rows:
        print(f"| {library} | {count} | {size} | {build_s:.3f} | {run_s:.4f} | {winners} |")


if __name__ == "__main__":
    main()

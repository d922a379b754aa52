"""Ranked-ballot counts: psephos against VoteKit and pref_voting on the same grouped profile.

Run from the repository root::

    python benchmarks/systems_count.py [--repeat 5] [--skip-slow]

For 5 candidates (1,000,000 ballots) and 15 candidates (100,000 ballots; almost every ranking
is distinct, and the peers need seconds per 10,000 types to build their profiles), rankings are
drawn from a Plackett-Luce model (Gumbel noise on fixed strengths, seed 2024) and truncated to a
uniform random length, so ballots exhaust. Every library counts the SAME grouped profile
(distinct rankings with their counts), each in its own representation:

* psephos ``count_irv`` / ``count_stv(…, 3)`` on ``Ballots.aggregate()``;
* VoteKit ``FastSTV`` (1 seat for IRV, 3 for STV) on a weighted ``RankProfile``;
* pref_voting ``instant_runoff`` and ``stv_wig(quota_rule="droop")`` on a ``ProfileWithTies``
  with counts.

Building each library's profile is timed apart from the count (not in the ratio). Counts are
the median of ``--repeat`` runs (pref_voting: one run; ``--skip-slow`` leaves it out at 15
candidates, where one count takes minutes). The ratio is the fastest peer's count over
psephos's count (target: at least 10x); winners must agree. Also times psephos end to end from
the one-row-per-voter ``int8`` array (build + group + count). Writes
``benchmarks/results/systems_count.json`` and ``docs/perf/systems-count.md``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from _report import ROOT, load_average, run_meta, save_results

from psephos.systems import Ballots, count_irv, count_stv

SEATS = 3


def make_rankings(n_ballots: int, n_candidates: int, seed: int = 2024) -> np.ndarray:
    """Plackett-Luce rankings with uniform truncation (seeded), one int8 row per voter."""
    rng = np.random.default_rng(seed)
    strength = np.linspace(1.0, 0.4, n_candidates)
    utility = np.log(strength)[None, :] + rng.gumbel(size=(n_ballots, n_candidates))
    rankings = np.argsort(-utility, axis=1).astype(np.int8)
    length = rng.integers(1, n_candidates + 1, size=n_ballots)
    rankings[np.arange(n_candidates)[None, :] >= length[:, None]] = -1
    return rankings


def median_of(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median wall time of ``repeat`` runs (seconds) and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def run_case(
    n_candidates: int, n_ballots: int, repeat: int, skip_slow: bool
) -> list[dict[str, Any]]:
    names = tuple(f"c{i}" for i in range(n_candidates))
    rankings = make_rankings(n_ballots, n_candidates)
    grouped = Ballots.from_rankings(names, rankings).aggregate()
    types = len(grouped.counts)
    end_to_end = {
        "IRV": median_of(lambda: count_irv(Ballots.from_rankings(names, rankings)), repeat)[0],
        f"STV {SEATS}": median_of(
            lambda: count_stv(Ballots.from_rankings(names, rankings), SEATS), repeat
        )[0],
    }
    ours = {
        "IRV": median_of(lambda: count_irv(grouped), repeat),
        f"STV {SEATS}": median_of(lambda: count_stv(grouped, SEATS), repeat),
    }
    peers: dict[str, dict[str, tuple[float, list[str]]]] = {"IRV": {}, f"STV {SEATS}": {}}
    builds: dict[str, float] = {}

    from votekit import RankBallot, RankProfile
    from votekit.elections import FastSTV

    def build_votekit() -> Any:
        ballots = [
            RankBallot(ranking=[frozenset({names[c]}) for c in row if c >= 0], weight=float(w))
            for row, w in zip(grouped.rankings, grouped.counts, strict=True)
        ]
        return RankProfile(ballots=ballots, candidates=list(names))

    builds["VoteKit"], profile = median_of(build_votekit, 1)
    for count, seats in (("IRV", 1), (f"STV {SEATS}", SEATS)):
        seconds, election = median_of(lambda s=seats: FastSTV(profile, n_seats=s), repeat)
        peers[count]["VoteKit FastSTV"] = (
            seconds,
            sorted(c for group in election.get_elected() for c in group),
        )

    if not (skip_slow and n_candidates > 5):
        from pref_voting.iterative_methods import instant_runoff
        from pref_voting.profiles_with_ties import ProfileWithTies
        from pref_voting.proportional_methods import stv_wig

        def build_pref_voting() -> Any:
            rows = [{int(c): r for r, c in enumerate(row) if c >= 0} for row in grouped.rankings]
            return ProfileWithTies(
                rows, rcounts=[int(c) for c in grouped.counts], candidates=list(range(n_candidates))
            )

        builds["pref_voting"], pv_profile = median_of(build_pref_voting, 1)
        seconds, winners = median_of(lambda: instant_runoff(pv_profile), 1)
        peers["IRV"]["pref_voting"] = (seconds, sorted(f"c{w}" for w in winners))
        seconds, winners = median_of(
            lambda: stv_wig(pv_profile, num_seats=SEATS, quota_rule="droop"), 1
        )
        peers[f"STV {SEATS}"]["pref_voting"] = (seconds, sorted(f"c{w}" for w in winners))

    rows = []
    for count, (seconds, result) in ours.items():
        winners = sorted(result.winners)
        fastest = min(peers[count].items(), key=lambda item: item[1][0])
        agree = all(w == winners for _, w in peers[count].values())
        rows.append(
            {
                "candidates": n_candidates,
                "ballots": n_ballots,
                "types": types,
                "count": count,
                "psephos_s": seconds,
                "psephos_end_to_end_s": end_to_end[count],
                "peers": {name: value[0] for name, value in peers[count].items()},
                "builds_s": builds,
                "fastest_peer": fastest[0],
                "ratio": fastest[1][0] / seconds,
                "winners": winners,
                "winners_agree": agree,
            }
        )
    return rows


def render(rows: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    lines = [
        "# Ranked-ballot counts against VoteKit and pref_voting (issue 21)",
        "",
        f"`python benchmarks/systems_count.py --repeat {meta['repeat']}`, {meta['date']}, "
        f"{meta['machine']}. Load average {meta['load_before']} before, {meta['load_after']} "
        "after (shared machine: medians of repeats; the ratio within a run is the steady "
        "figure). Same grouped profile for every library; profile builds are not in the ratio.",
        "",
        "| candidates | ballots | distinct rankings | count | psephos (grouped) | VoteKit "
        "FastSTV | pref_voting | ratio to fastest peer | >= 10x? | winners agree | psephos "
        "end to end from the int8 array |",
        "|---:|---:|---:|---|---:|---:|---:|---:|---|---|---:|",
    ]
    for item in rows:
        peers = item["peers"]
        pref = peers.get("pref_voting")
        lines.append(
            f"| {item['candidates']} | {item['ballots']:,} | {item['types']:,} | "
            f"{item['count']} | {item['psephos_s'] * 1e3:.2f} ms | "
            f"{peers['VoteKit FastSTV'] * 1e3:.1f} ms | "
            f"{'not run' if pref is None else f'{pref:.2f} s'} | {item['ratio']:.0f}x | "
            f"{'yes' if item['ratio'] >= 10 else '**no**'} | "
            f"{'yes' if item['winners_agree'] else '**no**'} {item['winners']} | "
            f"{item['psephos_end_to_end_s'] * 1e3:.1f} ms |"
        )
    lines += [
        "",
        "Profile builds (seconds, not in the ratio): "
        + "; ".join(
            f"{item['candidates']} candidates: "
            + ", ".join(f"{k} {v:.1f}" for k, v in item["builds_s"].items())
            for item in rows[::2]
        )
        + ".",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-slow", action="store_true", help="no pref_voting at 15 candidates")
    args = parser.parse_args()
    load_before = load_average()
    rows = run_case(5, 1_000_000, args.repeat, args.skip_slow)
    rows += run_case(15, 100_000, args.repeat, args.skip_slow)
    meta = run_meta(args.repeat, load_before)
    save_results("systems_count", rows, meta)
    page = render(rows, meta)
    (ROOT / "docs" / "perf" / "systems-count.md").write_text(page, encoding="utf-8")
    print(page)


if __name__ == "__main__":
    main()

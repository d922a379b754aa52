"""The exit poll's seat intervals: what they add to one estimate, beside plain references.

Run: ``python benchmarks/exitpoll_interval_speed.py [--repeat 5]``. Writes
``benchmarks/results/exitpoll_interval.json`` and the page ``docs/perf/exitpoll-interval.md``
(then run ``python scripts/build_performance_doc.py``). In one run, with the load average
before and after, on a live night's call (100 seats of the 2024 result as the sample, base
2019 notional, the estimator chosen for a live night, the sites' picks bundled for 2024):

* the public path, ``exit_poll_from_results`` then ``ExitPollEstimate.seat_intervals()`` (40
  half-sample refits and 400 seat draws), against the estimate alone and the interval the page
  showed before (independent seats, a normal interval:
  ``psephos.results.night.projection_interval``) on the same estimate; timed interleaved,
  median of ``--repeat``;
* the seat draws alone (``independent_seat_totals``, 400 draws) against a plain loop drawing
  every seat's winner with ``Generator.choice`` (the same model), with the two checked to agree
  within sampling error on each party's mean seats.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from _report import interleaved, load_average, publish, row

import psephos
from psephos.forecast.exitpoll import (
    ExitPollEstimate,
    exit_poll_from_results,
    independent_seat_totals,
)
from psephos.jurisdictions import read_results_csv
from psephos.projection.national import resolve_recommendations
from psephos.results.night import projection_interval


def sample_file(path: Path, n_seats: int = 100, seed: int = 12) -> Path:
    """The 2024 results of ``n_seats`` random GB seats in the long results format."""
    result = psephos.load("2024")
    gb = np.flatnonzero(result.gb_mask)
    rows = np.sort(np.random.default_rng(seed).choice(gb, n_seats, replace=False))
    lines = ["seat_code,seat_name,party,votes"]
    for i in rows:
        for j, party in enumerate(result.parties):
            if result.votes[i, j] > 0:
                name = result.constituencies[i].name.replace('"', "")
                lines.append(f'{result.codes[i]},"{name}",{party},{int(result.votes[i, j])}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def plain_draws(probability: np.ndarray, n_sims: int, seed: int) -> np.ndarray:
    """Seat totals with every seat's winner drawn one at a time."""
    rng = np.random.default_rng(seed)
    n_seats, n_parties = probability.shape
    totals = np.zeros((n_sims, n_parties))
    for draw in range(n_sims):
        for seat in range(n_seats):
            totals[draw, rng.choice(n_parties, p=probability[seat])] += 1
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    load_before = load_average()
    base = psephos.load("2019-notional-2024")
    sample = read_results_csv(sample_file(Path("/tmp") / "exitpoll-interval-sample.csv"))
    _name, picks = resolve_recommendations(base, None)

    def estimate() -> ExitPollEstimate:
        return exit_poll_from_results(base, sample, recommended=picks)

    result = estimate()
    everywhere = np.ones(base.n_seats, dtype=bool)
    times = interleaved(
        {
            "estimate": estimate,
            "with the interval": lambda: estimate().seat_intervals(),
            "independent interval": lambda: projection_interval(
                {}, result.win_probability, result.parties, everywhere
            ),
        },
        args.repeat,
    )
    fast = independent_seat_totals(result.win_probability, 400, np.random.default_rng(0))
    plain = plain_draws(result.win_probability, 400, 1)
    # each within 5 standard errors of the exact mean, sum p (parties certain of their seats:
    # sd 0, and both give the seats exactly)
    probability = result.win_probability
    mean = probability.sum(axis=0)
    sd = np.sqrt((probability * (1 - probability)).sum(axis=0) / 400)
    agree = all(
        bool(np.all(np.abs(totals.mean(axis=0) - mean) <= 5 * sd + 1e-9))
        for totals in (fast, plain)
    )
    draw_times = interleaved(
        {
            "fast": lambda: independent_seat_totals(
                result.win_probability, 400, np.random.default_rng(0)
            ),
            "plain": lambda: plain_draws(result.win_probability, 400, 1),
        },
        max(1, args.repeat // 2),
    )
    intervals = result.seat_intervals()
    shown = ", ".join(
        f"{p} {result.expected_seats[p]:.0f} ({intervals[p][0]}-{intervals[p][1]})"
        for p in ("Lab", "Con", "LD")
    )
    rows = [
        row(
            "`exit_poll_from_results` + `seat_intervals()` (40 refits, 400 draws)",
            times["with the interval"],
            times["estimate"],
            "the estimate alone",
            "reasonable for a page (< 2 s)",
            times["with the interval"] < 2.0,
            f"live night, 100 sampled seats of 2024: {shown}",
        ),
        row(
            "the interval's cost beyond the estimate",
            times["with the interval"] - times["estimate"],
            times["independent interval"],
            "independent seats, normal interval (the page before)",
            "",
            None,
        ),
        row(
            "`independent_seat_totals` (400 draws x 650 seats)",
            draw_times["fast"],
            draw_times["plain"],
            "plain loop, `Generator.choice` per seat",
            "",
            None,
            f"mean seats agree within sampling error: {'yes' if agree else '**no**'}",
        ),
    ]
    publish(
        "exitpoll_interval",
        "Exit poll: seat intervals with shared errors",
        f"python benchmarks/exitpoll_interval_speed.py --repeat {args.repeat}",
        rows,
        args.repeat,
        load_before,
    )


if __name__ == "__main__":
    main()

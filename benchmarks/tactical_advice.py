"""The advice engine's simulation beside a plain NumPy Monte Carlo of the same model, and the
advice steps that follow from it.

Run: ``python benchmarks/tactical_advice.py [--repeat 3]``. Writes
``benchmarks/results/tactical_advice.json`` and the page ``docs/perf/tactical-advice.md`` (then
run ``python scripts/build_performance_doc.py``). In one run, with the load average before and
after:

* the public path a first piece of advice pays, ``uncertainty_for("next")`` from cold plus its
  ``win_probability`` and ``seat_totals`` (2,000 simulations x 650 seats x 16 parties), against
  a plain float64 NumPy Monte Carlo of the same long-range layered model (national, regional and
  seat errors scaled by ``sqrt(s(1-s))``, parties that did not stand kept at 0, clipped,
  renormalised, winners by ``argmax``, win probabilities and seat totals by counting); timed
  interleaved, median of ``--repeat``. The two use different random streams, so they are checked
  to agree within sampling error: every seat's win probabilities (z of the difference) and each
  party's expected seats;
* one voter's advice (warm and another seat) and a bloc's picks for 650 seats, timed alone: they
  read the simulation above (the reference row) and add the decision and its explanation.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import numpy as np
from _report import (
    interleaved,
    load_average,
    median_time,
    publish,
    row,
)

import psephos
from psephos.tactical import api
from psephos.tactical.api import advise_seat, bloc_advice, uncertainty_for
from psephos.tactical.uncertainty import LONG_RANGE_SCALES

N_SIMS = 2000


def public() -> tuple[np.ndarray, np.ndarray]:
    """What the first advice of a process pays: the simulation and its two summaries."""
    api._uncertainty.cache_clear()
    uncertainty = uncertainty_for("next", n_sims=N_SIMS)
    return uncertainty.win_probability, uncertainty.seat_totals


def plain_monte_carlo(
    election: psephos.Election, n_sims: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Plain float64 NumPy: the long-range layered errors, drawn and counted directly."""
    rng = np.random.default_rng(seed)
    national_scale, regional_scale, seat_scale = LONG_RANGE_SCALES
    mean = election.shares()
    n_seats, n_parties = mean.shape
    _, region = np.unique(election.regions, return_inverse=True)
    n_regions = int(region.max()) + 1
    regional_mean = np.array([mean[region == r].mean(axis=0) for r in range(n_regions)])

    def spread(shares: np.ndarray) -> np.ndarray:
        return np.sqrt(shares * (1 - shares))

    national = rng.normal(0, national_scale * spread(mean.mean(axis=0)), (n_sims, 1, n_parties))
    regional = rng.normal(0, regional_scale * spread(regional_mean), (n_sims, n_regions, n_parties))
    seat = rng.normal(0, seat_scale * spread(mean), (n_sims, n_seats, n_parties))
    draws = (mean + national + regional[:, region] + seat) * (mean > 0)
    draws = np.maximum(draws, 0)
    draws /= draws.sum(axis=-1, keepdims=True)
    winners = draws.argmax(axis=-1)
    win_probability = np.zeros((n_seats, n_parties))
    for party in range(n_parties):
        win_probability[:, party] = (winners == party).mean(axis=0)
    seat_totals = np.stack([(winners == party).sum(axis=1) for party in range(n_parties)], axis=1)
    return win_probability, seat_totals


def agreement(ours: tuple[np.ndarray, np.ndarray], plain: tuple[np.ndarray, np.ndarray]) -> str:
    """Sampling-error comparison of two independent runs of the same model."""
    (p_ours, seats_ours), (p_plain, seats_plain) = ours, plain
    variance = (p_ours * (1 - p_ours) + p_plain * (1 - p_plain)) / N_SIMS
    live = variance > 0
    z_cells = np.abs(p_ours - p_plain)[live] / np.sqrt(variance[live])
    se_seats = np.sqrt((seats_ours.var(axis=0) + seats_plain.var(axis=0)) / N_SIMS)
    shown = se_seats > 0
    z_seats = np.abs(seats_ours.mean(axis=0) - seats_plain.mean(axis=0))[shown] / se_seats[shown]
    return (
        f"{live.sum():,} seat-party win probabilities: {np.mean(z_cells > 3):.2%} beyond 3 "
        f"standard errors (0.27% expected), largest z {z_cells.max():.1f}; expected seats per "
        f"party: largest z {z_seats.max():.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    load_before = load_average()
    election = psephos.load("2024")
    check = agreement(public(), plain_monte_carlo(election, N_SIMS, seed=1))
    times = interleaved(
        {"ours": public, "plain": lambda: plain_monte_carlo(election, N_SIMS, seed=1)},
        args.repeat,
    )
    rows: list[dict[str, Any]] = [
        row(
            f'`uncertainty_for("next")` cold + win probabilities + seat totals ({N_SIMS:,} '
            "sims x 650 seats x 16 parties)",
            times["ours"],
            times["plain"],
            "plain float64 NumPy Monte Carlo of the same layered model, counted per party",
            "",
            None,
            check,
        )
    ]
    public()
    steps = {
        "one voter's advice, warm (Hampstead and Highgate)": lambda: advise_seat(
            "Hampstead and Highgate", "Green,Lab,LD", against="Con"
        ),
        "one voter's advice, another seat (Clacton)": lambda: advise_seat(
            "Clacton", "Con,Lab", against="Reform"
        ),
        "a bloc's picks for 650 seats (defeat Con)": lambda: bloc_advice("Con"),
    }
    for label, step in steps.items():
        step()
        rows.append(
            row(
                label,
                median_time(step, args.repeat),
                None,
                "none: it reads the simulation of the row above (paid once per process) and "
                "adds the decision and its explanation",
                "",
                None,
            )
        )
    publish(
        "tactical_advice",
        "Tactical advice against a plain Monte Carlo",
        f"python benchmarks/tactical_advice.py --repeat {args.repeat}",
        rows,
        args.repeat,
        load_before,
    )


if __name__ == "__main__":
    sys.exit(main())

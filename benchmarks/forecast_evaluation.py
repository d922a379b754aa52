"""Evaluation figures for docs/forecast.md: calibration back-tests, exit-poll emulation and
nowcast convergence (PNG charts under docs/img/).

Run: ``python benchmarks/forecast_evaluation.py [--sims 20000] [--draws 200]``. Prints Markdown.
Everything is out of sample: error sizes for an election come from earlier elections only, the
exit poll sees only its sampled seats, the nowcast only the seats declared so far.
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

from psephos.forecast.calibration import (
    backtest_forecast,
    brier_score,
    reliability_table,
)
from psephos.forecast.charts import convergence_chart
from psephos.forecast.exitpoll import emulate
from psephos.forecast.nowcast import replay

IMAGES = Path(__file__).resolve().parents[1] / "docs" / "img"
REAL_EXIT_POLL = {"2017": 2.5, "2019": 5.75, "2024": 6.2}
REFERENCE_MEAN_SWING_AT_50 = {"2017": 38, "2019": 16}


def fmt(value: float, digits: int = 3) -> str:
    return "" if isinstance(value, float) and math.isnan(value) else f"{value:.{digits}f}"


def calibration(n_sims: int) -> None:
    print("## Calibration back-tests\n")
    tests = []
    for election in ("2017", "2019", "2024"):
        test = backtest_forecast(election, n_sims=n_sims, seed=1)
        tests.append(test)
        model = test.error_model
        score = brier_score(test)
        print(
            f"- {election}: regional scale {model.regional_scale:.4f}, seat scale "
            f"{model.seat_scale:.4f}; Brier {score['brier']:.4f} (certain favourite "
            f"{score['brier_certain_favourite']:.4f}); favourite right in "
            f"{score['favourite_correct']:.1%} of seats"
        )
    for label, chosen in (
        ("2017 + 2019", tests[:2]),
        ("2017 + 2019 + 2024", tests),
        ("2017", tests[:1]),
        ("2019", tests[1:2]),
        ("2024", tests[2:]),
    ):
        print(f"\n### Reliability, {label}\n")
        print("| forecast probability | cases | mean forecast | observed win rate |")
        print("|---|---:|---:|---:|")
        for row in reliability_table(chosen):
            print(
                f"| {row['bin']} | {row['cases']} | {fmt(row['mean_forecast'])} | "
                f"{fmt(row['observed_rate'])} |"
            )
    print()


def exit_polls(draws: int) -> None:
    print("## Exit-poll emulation\n")
    print(
        "| election | K | features | mean error | median | 90th pct | real exit poll | "
        "mean expected seats (actual) |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---|")
    for election in ("2017", "2019", "2024"):
        for size in (50, 100, 150):
            for features in ("plain", "tactical"):
                result = emulate(election, size, n_draws=draws, seed=12, feature_set=features)
                seats = ", ".join(
                    f"{p} {result.mean_expected[p]:.0f} ({result.actual[p]})"
                    for p in result.scored_parties
                )
                print(
                    f"| {election} | {size} | {features} | {result.mean_error:.2f} | "
                    f"{result.median_error:.2f} | {result.p90_error:.2f} | "
                    f"{REAL_EXIT_POLL[election]} | {seats} |"
                )
    print()


def nowcasts() -> None:
    print("## Nowcast replay\n")
    print(
        "| election | declared | psephos error | mean-swing error (ours) | mean-swing (reference) |"
    )
    print("|---|---:|---:|---:|---:|")
    curves = {}
    for election in ("2015", "2017", "2019"):
        start = time.perf_counter()
        steps = replay(election, every=5)
        elapsed = time.perf_counter() - start
        curves[election] = (
            [s.n_declared for s in steps],
            [s.error_nowcast for s in steps],
            [s.error_mean_swing for s in steps],
        )
        for step in steps:
            if step.n_declared in (25, 50, 100, 200, 300, 400, 500):
                reference = (
                    REFERENCE_MEAN_SWING_AT_50.get(election) if step.n_declared == 50 else None
                )
                print(
                    f"| {election} | {step.n_declared} | {step.error_nowcast:.1f} | "
                    f"{step.error_mean_swing:.0f} | {reference if reference is not None else ''} |"
                )
        convergence_chart({election: curves[election]}, IMAGES / f"nowcast-{election}.png")
        print(f"<!-- replay {election}: {elapsed:.1f} s -->")
    convergence_chart(curves, IMAGES / "nowcast-convergence.png")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sims", type=int, default=20_000)
    parser.add_argument("--draws", type=int, default=200)
    parser.add_argument("--only", choices=("calibration", "exitpoll", "nowcast"))
    args = parser.parse_args()
    IMAGES.mkdir(parents=True, exist_ok=True)
    if args.only in (None, "calibration"):
        calibration(args.sims)
    if args.only in (None, "exitpoll"):
        exit_polls(args.draws)
    if args.only in (None, "nowcast"):
        nowcasts()


if __name__ == "__main__":
    main()

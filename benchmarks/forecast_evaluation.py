"""Evaluation figures for docs/forecast.md: calibration back-tests, exit-poll emulation and
nowcast convergence (PNG charts under docs/img/).

Run: ``python benchmarks/forecast_evaluation.py [--sims 20000] [--draws 200]``. Prints Markdown.
Everything is out of sample: error sizes for an election come from earlier elections only, the
exit poll sees only its sampled seats, the nowcast only the seats declared so far.

An accuracy evaluation, not a speed benchmark: it measures how right the forecasts are, so it
has no plain reference and prints no time ratio (the speed of the same code is measured beside
its reference in ``forecast_speed.py``, ``front_doors.py`` and ``nowcast_speed.py``).
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from psephos.forecast.calibration import (
    BacktestForecast,
    backtest_forecast,
    brier_score,
    fit_seat_spread,
    reliability_table,
)
from psephos.forecast.charts import convergence_chart, reliability_chart
from psephos.forecast.exitpoll import (
    CHOSEN_EXIT_POLL_INTERVAL_SCALE,
    CHOSEN_POOLED,
    EMULATED,
    REAL_EXIT_POLL,
    REAL_EXIT_POLL_ERROR,
    ExitPollSettings,
    LinearPrior,
    LinearSettings,
    SeatCharacteristics,
    chosen_exit_poll_settings,
    emulate,
    emulation_inputs,
    emulation_samples,
    estimate,
    full_slopes,
    run_estimator,
    scored_parties,
)
from psephos.forecast.intervals import INTERVAL_SCALES
from psephos.forecast.nowcast import CHECKPOINTS, NIGHTS, chosen_settings, replay
from psephos.io.bundled import PREVIOUS, load
from psephos.results.night import projection_interval

IMAGES = Path(__file__).resolve().parents[1] / "docs" / "img"


def fmt(value: float, digits: int = 3) -> str:
    return "" if isinstance(value, float) and math.isnan(value) else f"{value:.{digits}f}"


def calibration(n_sims: int) -> None:
    print("## Calibration back-tests\n")
    print(
        "| mean projection | scenario | seat spread | election | regional scale | seat scale | "
        "spread k | Brier | certain favourite | favourite right | 70-80% bin: cases, won |"
    )
    print("|---|---|---|---|---:|---:|---:|---:|---:|---:|---|")
    runs: dict[tuple[str, str, bool], list[BacktestForecast]] = {}
    for mean, scenario, spread in (
        ("headline", "regions", True),
        ("headline", "regions", False),
        ("headline", "nations", True),
        ("nation-uniform", "nations", True),
    ):
        tests = []
        for election in ("2017", "2019", "2024"):
            test = backtest_forecast(
                election, n_sims=n_sims, seed=1, mean=mean, scenario=scenario, seat_spread=spread
            )
            tests.append(test)
            model = test.error_model
            score = brier_score(test)
            bin_70 = reliability_table([test])[7]
            k = fit_seat_spread(election, mean=mean, scenario=scenario)[1] if spread else 0.0
            print(
                f"| {mean} | {scenario} | {'yes' if spread else 'no'} | {election} | "
                f"{model.regional_scale:.4f} | {model.seat_scale:.4f} | {k:.2f} | "
                f"{score['brier']:.4f} | "
                f"{score['brier_certain_favourite']:.4f} | {score['favourite_correct']:.1%} | "
                f"{bin_70['cases']}, {fmt(bin_70['observed_rate'])} |"
            )
        runs[(mean, scenario, spread)] = tests
    headline = runs[("headline", "regions", True)]
    reliability_chart(
        {
            "2017 + 2019 + 2024 (seat spread)": reliability_table(headline),
            "2024 alone (seat spread)": reliability_table(headline[2:]),
            "2017 + 2019 + 2024 (no seat spread)": reliability_table(
                runs[("headline", "regions", False)]
            ),
        },
        IMAGES / "forecast-reliability.png",
    )
    for (mean, scenario, spread), tests in runs.items():
        for label, chosen in (
            ("2017 + 2019", tests[:2]),
            ("2017 + 2019 + 2024", tests),
            ("2017", tests[:1]),
            ("2019", tests[1:2]),
            ("2024", tests[2:]),
        ):
            if (mean, scenario, spread) != ("headline", "regions", True) and label not in (
                "2017 + 2019 + 2024",
                "2024",
            ):
                continue
            kind = "seat spread" if spread else "no seat spread"
            print(f"\n### Reliability, {label} ({mean}, {scenario}, {kind})\n")
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
                    f"{REAL_EXIT_POLL_ERROR[election]} | {seats} |"
                )
    print()


#: Third round: exit-poll variants (seat model, response scale, nearest-neighbour residual
#: correction k), tactical features, K = 100.
ROUND3_VARIANTS: tuple[tuple[str, str, int], ...] = (
    ("logit", "additive", 0),
    ("residuals", "additive", 0),
    ("logit", "log", 0),
    ("residuals", "log", 0),
    ("logit", "additive", 5),
    ("logit", "additive", 10),
    ("logit", "additive", 20),
    ("residuals", "additive", 5),
)
#: Which earlier elections choose the exit-poll settings for each test election.
EXIT_POLL_TUNING: dict[str, tuple[str, ...]] = {
    "2017": ("2015",),
    "2019": ("2017",),
    "2024": ("2017", "2019"),
}


def exit_poll_round3(draws: int) -> None:
    print("## Exit poll, third round: seat model and response scale (tactical, K = 100)\n")
    print("| seat model, response, local k | 2015 (tuning) | 2017 | 2019 | 2024 |")
    print("|---|---:|---:|---:|---:|")
    scores: dict[tuple[str, str, int], dict[str, float]] = {}
    for seat_model, response, local_k in ROUND3_VARIANTS:
        scores[(seat_model, response, local_k)] = {
            e: emulate(
                e,
                100,
                n_draws=draws,
                seed=12,
                settings=ExitPollSettings(
                    estimator="linear",
                    linear=LinearSettings(
                        seat_model=seat_model, response=response, local_k=local_k
                    ),
                ),
            ).mean_error
            for e in ("2015", "2017", "2019", "2024")
        }
        row = scores[(seat_model, response, local_k)]
        print(
            f"| {seat_model}, {response}, {local_k} | "
            + " | ".join(f"{row[e]:.2f}" for e in ("2015", "2017", "2019", "2024"))
            + " |"
        )
    print("\n| test election | chosen on | chosen variant | its error | default's error |")
    print("|---|---|---|---:|---:|")
    for election, tuning in EXIT_POLL_TUNING.items():
        chosen = min(
            ROUND3_VARIANTS,
            key=lambda v: (float(np.mean([scores[v][t] for t in tuning])), v != ROUND3_VARIANTS[0]),
        )
        print(
            f"| {election} | {' + '.join(tuning)} | {', '.join(map(str, chosen))} | "
            f"{scores[chosen][election]:.2f} | {scores[ROUND3_VARIANTS[0]][election]:.2f} |"
        )
    print()


def _draw_errors(
    election: str, draws: int, prior: LinearPrior | None = None
) -> tuple[tuple[str, ...], np.ndarray, np.ndarray]:
    """Expected seats per draw (draws x scored parties) and the actual seats."""
    target, base = load(election), load(PREVIOUS[election])
    characteristics = SeatCharacteristics.build(base, target.votes > 0)
    gb = np.flatnonzero(target.nations != "Northern Ireland")
    parties = scored_parties(target)
    columns = [target.parties.index(p) for p in parties]
    actual = np.bincount(target.winner[gb], minlength=len(target.parties))
    shares = target.shares()
    rng = np.random.default_rng(12)
    expected = []
    for _ in range(draws):
        sample = np.sort(rng.choice(gb, size=100, replace=False))
        result = estimate(characteristics, target.parties, sample, shares[sample], prior=prior)
        expected.append(result.win_probability[gb].sum(axis=0)[columns])
    return parties, np.array(expected), actual[columns].astype(float)


def exit_poll_decomposition(draws: int) -> None:
    print("## Exit poll at K = 100: where the error comes from (tactical, default)\n")
    print("| election | setting | mean error | per party: bias / sd over draws / mean abs error |")
    print("|---|---|---:|---|")
    for election in ("2017", "2019", "2024"):
        target = load(election)
        slopes = full_slopes(load(PREVIOUS[election]), target)
        priors: list[tuple[str, LinearPrior | None]] = [
            ("default", None),
            (
                "slopes fitted on every seat of the result itself (in-sample bound)",
                LinearPrior(
                    strength=(1e-6, 1e6), change=np.zeros(len(target.parties)), slopes=slopes
                ),
            ),
        ]
        for label, prior in priors:
            parties, expected, actual = _draw_errors(election, draws, prior)
            error = np.abs(expected - actual)
            bias = expected.mean(axis=0) - actual
            cells = ", ".join(
                f"{p} {b:+.1f} / {sd:.1f} / {m:.1f}"
                for p, b, sd, m in zip(
                    parties, bias, expected.std(axis=0), error.mean(axis=0), strict=True
                )
            )
            print(f"| {election} | {label} | {error.mean():.2f} | {cells} |")
    print()


def _setting_name(settings: ExitPollSettings) -> str:
    if settings.estimator == "linear":
        local = f", local {settings.linear.local_k}" if settings.linear.local_k else ""
        sites = " + sites' picks" if settings.linear.sites else ""
        deconvolved = ", measurement taken out" if settings.linear.deconvolve else ""
        return f"measured linear, {settings.linear.seat_model}{local}{deconvolved}{sites}"
    pooling = settings.pooling
    contest = " + contest" if "situation" in pooling.features else ""
    sites = " + sites' picks" if "sites" in pooling.features else ""
    seat_features = [f for f in pooling.features if f != "sites"]
    return (
        f"pooled, regions {pooling.region_strength:g}, slopes {pooling.slope_strength:g}, "
        f"{len(seat_features)} features{contest}{sites}"
    )


def _without_sites(settings: ExitPollSettings) -> ExitPollSettings:
    """The same settings without the tactical-voting sites' picks as a seat feature."""
    if settings.estimator == "linear":
        return replace(settings, linear=replace(settings.linear, sites=False))
    features = tuple(f for f in settings.pooling.features if f != "sites")
    return replace(settings, pooling=replace(settings.pooling, features=features))


def exit_polls_pooled(draws: int) -> None:
    print("## Exit poll: the rule's choice against the pooled, linear and real exit polls\n")
    print(
        "| election | chosen on earlier elections | its error | the same without the sites' "
        "picks | fifth round's pooled choice | pooled, sampled seats exact "
        "| linear (tactical, exact sample) | real exit poll "
        "| chosen, mean expected (actual; broadcasters) |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---|")
    for election in ("2015", "2017", "2019", "2024"):
        chosen = chosen_exit_poll_settings(election)
        result = emulate(election, 100, n_draws=draws, seed=12, settings=chosen)
        plain = _without_sites(chosen)
        no_sites = (
            result
            if plain == chosen
            else emulate(election, 100, n_draws=draws, seed=12, settings=plain)
        )
        fifth = CHOSEN_POOLED[election]
        pooled = emulate(election, 100, n_draws=draws, seed=12, settings=fifth)
        exact = emulate(
            election,
            100,
            n_draws=draws,
            seed=12,
            settings=ExitPollSettings(pooling=replace(fifth.pooling, sample_sd=0.0)),
        )
        linear = emulate(election, 100, n_draws=draws, seed=12, feature_set="tactical")
        real = REAL_EXIT_POLL_ERROR.get(election)
        broadcast = REAL_EXIT_POLL.get(election, {})
        seats = ", ".join(
            f"{p} {result.mean_expected[p]:.0f} ({result.actual[p]}; {broadcast.get(p, '-')})"
            for p in result.scored_parties
        )
        print(
            f"| {election} | {_setting_name(chosen)} | {result.mean_error:.2f} | "
            f"{no_sites.mean_error:.2f} | {pooled.mean_error:.2f} | {exact.mean_error:.2f} | "
            f"{linear.mean_error:.2f} | "
            f"{real if real is not None else '-'} | {seats} |"
        )
    print()


def _independent_coverage(election: str, draws: int) -> dict[str, int]:
    """Draws whose real seats lie in the interval the exit-poll page showed before the
    correlated one: each seat's win an independent trial, a normal 90% interval
    (:func:`psephos.results.night.projection_interval`), on the emulation's own draws."""
    settings = chosen_exit_poll_settings(election)
    target, _base, characteristics = emulation_inputs(election)
    parties = scored_parties(target)
    actual = target.seats_won()
    inside = dict.fromkeys(parties, 0)
    everywhere = np.ones(target.n_seats, dtype=bool)
    for sample, observed in emulation_samples(target, 100, draws, 12, settings.sample_sd):
        result = run_estimator(
            characteristics,
            target.parties,
            sample,
            observed,
            settings,
            winners=target.winner[sample],
        )
        rows = projection_interval({}, result.win_probability, target.parties, everywhere)
        ranges = {row["code"]: (row["low"], row["high"]) for row in rows}
        for party in parties:
            low, high = ranges.get(party, (0, 0))
            inside[party] += int(low <= actual.get(party, 0) <= high)
    return inside


def exit_poll_intervals(draws: int) -> None:
    print("## Exit poll: share of draws whose real seats lie in the 90% interval (K = 100)\n")
    print(
        "| election | interval scale (chosen on) | party | seats independent (the page "
        "before) | shared errors, scale 1 | chosen scale |"
    )
    print("|---|---|---|---:|---:|---:|")
    scales = (0.0, *INTERVAL_SCALES)
    for election in EMULATED:
        chosen = chosen_exit_poll_settings(election)
        start = time.perf_counter()
        result = emulate(
            election, 100, n_draws=draws, seed=12, settings=chosen, interval_scales=scales
        )
        elapsed = time.perf_counter() - start
        before = _independent_coverage(election, draws)
        earlier = EMULATED[: EMULATED.index(election)]
        scale = CHOSEN_EXIT_POLL_INTERVAL_SCALE[election]
        for party in result.scored_parties:
            print(
                f"| {election} | {scale:g} ({' + '.join(earlier) or 'none'}) | {party} | "
                f"{before[party]} of {draws} | {result.inside[1.0][party]} of {draws} | "
                f"{result.inside[scale][party]} of {draws} |"
            )
        total = draws * len(result.scored_parties)
        print(
            f"| {election} | | all | {sum(before.values())} of {total} | "
            f"{sum(result.inside[1.0].values())} of {total} | "
            f"{sum(result.inside[scale].values())} of {total} |"
        )
        print(
            f"<!-- {election}: {elapsed:.1f} s; coverage by scale: "
            + ", ".join(f"{s:g} {sum(result.inside[s].values())}/{total}" for s in scales)
            + " -->"
        )
    print()


def nowcasts() -> None:
    print("## Nowcast replay: total seat error, UK (GB)\n")
    print(
        "| night | settings (chosen on earlier nights) | after 50: nowcast / baseline | "
        "after 100 | after 200 | in the 90% interval |"
    )
    print("|---|---|---|---|---|---|")
    curves: dict[str, tuple[Sequence[int], Sequence[float], Sequence[float]]] = {}
    for election in NIGHTS:
        start = time.perf_counter()
        steps = replay(election, every=5, intervals_at=CHECKPOINTS)
        elapsed = time.perf_counter() - start
        curves[election] = (
            [s.n_declared for s in steps],
            [s.error_nowcast for s in steps],
            [s.error_baseline for s in steps],
        )
        chosen = chosen_settings(election)
        cells = [
            f"{s.error_nowcast:.1f} ({s.error_nowcast_gb:.1f}) / "
            f"{s.error_baseline:.0f} ({s.error_baseline_gb:.0f})"
            for s in steps
            if s.n_declared in CHECKPOINTS
        ]
        covered = [s.coverage for s in steps if s.coverage is not None]
        inside, scored = sum(c[0] for c in covered), sum(c[1] for c in covered)
        contest = ", contest" if "situation" in chosen.features else ""
        print(
            f"| {election} | regions {chosen.region_strength:g}, slopes "
            f"{chosen.slope_strength:g}, {len(chosen.features)} features{contest}; "
            f"NI sd {chosen.outside_sd:.3f}, prior {chosen.outside_prior_seats:.1f}; "
            f"interval scale {chosen.interval_scale:g}; "
            f"baseline weight {chosen.baseline_weight:.3f} | "
            + " | ".join(cells)
            + f" | {inside} of {scored} |"
        )
        convergence_chart({election: curves[election]}, IMAGES / f"nowcast-{election}.png")
        print(f"<!-- replay {election}: {elapsed:.1f} s -->")
    convergence_chart(curves, IMAGES / "nowcast-convergence.png")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sims", type=int, default=20_000)
    parser.add_argument("--draws", type=int, default=200)
    parser.add_argument(
        "--only",
        choices=("calibration", "exitpoll", "pooled", "round3", "nowcast", "intervals"),
    )
    args = parser.parse_args()
    IMAGES.mkdir(parents=True, exist_ok=True)
    if args.only in (None, "calibration"):
        calibration(args.sims)
    if args.only in (None, "exitpoll"):
        exit_polls(args.draws)
    if args.only in (None, "pooled"):
        exit_polls_pooled(min(args.draws, 100))
    if args.only in (None, "round3"):
        exit_poll_round3(args.draws)
        exit_poll_decomposition(min(args.draws, 100))
    if args.only in (None, "nowcast"):
        nowcasts()
    if args.only in (None, "intervals"):
        exit_poll_intervals(min(args.draws, 100))


if __name__ == "__main__":
    main()

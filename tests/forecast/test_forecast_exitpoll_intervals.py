"""The exit poll's seat intervals: errors shared by the seats one sample of places misjudges."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import psephos
from psephos.errors import PsephosError
from psephos.forecast.exitpoll import (
    CHOSEN_EXIT_POLL,
    CHOSEN_EXIT_POLL_INTERVAL_SCALE,
    MIN_INTERVAL_SEATS,
    MIN_SAMPLE_SEATS,
    ExitPollEstimate,
    ExitPollSettings,
    choose_exit_poll_interval_scale,
    chosen_exit_poll_settings,
    emulate,
    emulation_inputs,
    emulation_samples,
    estimate,
    half_sample_scale,
    independent_seat_totals,
    run_estimator,
    shared_seat_deviations,
)
from psephos.jurisdictions import parse_sample_csv


def _estimate(election: str = "2019", size: int = 100, seed: int = 5) -> ExitPollEstimate:
    settings = chosen_exit_poll_settings(election)
    target, _base, characteristics = emulation_inputs(election)
    sample, observed = next(emulation_samples(target, size, 1, seed, settings.sample_sd))
    return run_estimator(characteristics, target.parties, sample, observed, settings)


def test_the_interval_is_reproducible_and_holds_the_estimate() -> None:
    result = _estimate()
    intervals = result.seat_intervals()
    assert intervals == result.seat_intervals()  # same seed, same interval
    for party, seats in result.expected_seats.items():
        if seats >= 0.5:
            low, high = intervals[party]
            assert 0 <= low <= seats <= high <= 650


def test_shared_errors_widen_the_interval_of_the_big_parties() -> None:
    draws = _estimate().seat_draws()
    independent, shared = draws.intervals(0.0), draws.intervals(1.0)
    for party in ("Con", "Lab"):
        assert shared[party][1] - shared[party][0] > independent[party][1] - independent[party][0]
    # the shared deviations are one per refit, the same for its seat draws, and centred
    assert np.allclose(draws.shared.mean(axis=0), 0.0)
    assert len(np.unique(draws.shared[:, 0])) <= len(draws.shared) // 10


def test_the_intervals_leave_the_estimate_as_it_was() -> None:
    settings = chosen_exit_poll_settings("2017")
    target, _base, characteristics = emulation_inputs("2017")
    sample, observed = next(emulation_samples(target, 80, 1, 3, settings.sample_sd))
    kept = run_estimator(characteristics, target.parties, sample, observed, settings)
    plain = estimate(
        characteristics, target.parties, sample, observed, settings.linear, known=False
    )
    kept.seat_intervals()
    np.testing.assert_array_equal(kept.win_probability, plain.win_probability)
    with pytest.raises(PsephosError, match="no inputs"):
        plain.seat_intervals()


def test_independent_totals_match_a_seat_by_seat_reference() -> None:
    rng = np.random.default_rng(0)
    probability = rng.dirichlet(np.ones(4) * 0.5, size=60)
    fast = independent_seat_totals(probability, 4000, np.random.default_rng(1))
    reference = np.zeros((2000, 4))
    plain = np.random.default_rng(2)
    for draw in range(2000):
        for seat in range(60):
            reference[draw, plain.choice(4, p=probability[seat])] += 1
    mean, variance = probability.sum(axis=0), (probability * (1 - probability)).sum(axis=0)
    for totals, n in ((fast, 4000), (reference, 2000)):
        assert np.all(totals.sum(axis=1) == 60)
        assert np.all(np.abs(totals.mean(axis=0) - mean) < 4 * np.sqrt(variance / n))
        assert np.allclose(totals.var(axis=0), variance, rtol=0.15)


def test_no_shared_error_without_unsampled_seats() -> None:
    target, _base, characteristics = emulation_inputs("2019")
    everything = np.arange(target.n_seats)
    settings = chosen_exit_poll_settings("2019")
    full = run_estimator(characteristics, target.parties, everything, target.shares(), settings)
    assert full.inputs is not None
    assert not shared_seat_deviations(full.inputs, 3, np.random.default_rng(0)).any()


def test_too_few_sampled_seats_give_no_range_rather_than_a_narrow_one() -> None:
    """Below two halves of MIN_SAMPLE_SEATS there is no half to refit on, so the error the
    sample shares cannot be measured: no interval (a note says why), not one of the seats'
    own errors alone, which came out narrower from 2 seats than from 12."""
    assert MIN_INTERVAL_SEATS == 2 * MIN_SAMPLE_SEATS
    for size in range(MIN_SAMPLE_SEATS, MIN_INTERVAL_SEATS):
        result = _estimate(size=size)
        assert result.interval_note == (
            f"No seat ranges from {size} sampled seats: a range measures how far another "
            "sample would move the seats by refitting on halves of the sample, which needs at "
            f"least {MIN_INTERVAL_SEATS} sampled seats; the expected seats are given alone."
        )
        with pytest.raises(PsephosError, match=f"^No seat ranges from {size} sampled seats"):
            result.seat_intervals()
        assert result.inputs is not None
        with pytest.raises(PsephosError, match="needs at least 4 sampled seats"):
            shared_seat_deviations(result.inputs, 5, np.random.default_rng(0))
    enough = _estimate(size=MIN_INTERVAL_SEATS)
    assert enough.interval_note is None
    assert enough.seat_intervals()["Con"][1] > enough.seat_intervals()["Con"][0]
    with pytest.raises(PsephosError, match=r"samples of at least 4 seats.*got 3"):
        emulate("2019", MIN_INTERVAL_SEATS - 1, n_draws=1, interval_scales=(1.0,))


def test_no_party_s_interval_exceeds_the_seats_it_contests() -> None:
    """The Speaker stands in one seat: its range is 0-1 at most, never 0-2 (the shared
    deviation of an expected 1.0 seats, added without a bound, gave 2)."""
    from psephos.forecast.exitpoll import exit_poll_from_results

    base = psephos.load("2019-notional-2024")
    text = (Path(__file__).parents[2] / "examples" / "sample.csv").read_text(encoding="utf-8")
    sample, _notes = parse_sample_csv(text, name="sample.csv", base=base)
    result = exit_poll_from_results(base, sample)
    assert result.inputs is not None
    contested = dict(
        zip(result.parties, result.inputs.characteristics.standing.sum(axis=0), strict=True)
    )
    intervals = result.seat_intervals()
    assert contested["Speaker"] == 1 and intervals["Speaker"] == (0, 1)
    for party, (low, high) in intervals.items():
        assert 0 <= low <= high <= contested[party]
    totals = result.seat_draws().totals(3.0)  # a larger scale pushes past the bound more
    assert np.all(totals <= np.array([contested[p] for p in result.parties]))
    assert np.all(totals >= 0.0)


def test_emulated_coverage_leaves_the_scores_and_counts_each_draw() -> None:
    plain = emulate("2019", 60, n_draws=2, seed=4)
    checked = emulate("2019", 60, n_draws=2, seed=4, interval_scales=(0.0, 1.0))
    assert checked.mean_error == plain.mean_error
    assert checked.mean_expected == plain.mean_expected
    assert set(checked.inside) == {0.0, 1.0}
    for scale in (0.0, 1.0):
        coverage = checked.coverage(scale)
        assert set(coverage) == set(checked.scored_parties)
        assert all(value in (0.0, 0.5, 1.0) for value in coverage.values())
    with pytest.raises(PsephosError, match="No coverage for interval scale 2"):
        checked.coverage(2.0)


def test_the_interval_scale_is_a_setting_chosen_on_earlier_elections() -> None:
    with pytest.raises(PsephosError, match="interval_scale"):
        ExitPollSettings(interval_scale=-1.0)
    assert choose_exit_poll_interval_scale("2015") == CHOSEN_EXIT_POLL_INTERVAL_SCALE["2015"]
    for election in ("2024", "next", "2029"):
        chosen = chosen_exit_poll_settings(election)
        key = election if election in CHOSEN_EXIT_POLL_INTERVAL_SCALE else "next"
        assert chosen.interval_scale == CHOSEN_EXIT_POLL_INTERVAL_SCALE[key]
        assert replace(chosen, interval_scale=1.0) == replace(
            CHOSEN_EXIT_POLL[key], interval_scale=1.0
        )


@pytest.mark.slow
@pytest.mark.parametrize("election", ["2017", "2019", "2024", "next"])
def test_recorded_interval_scales_are_the_rule_s_choice(election: str) -> None:
    assert choose_exit_poll_interval_scale(election) == CHOSEN_EXIT_POLL_INTERVAL_SCALE[election]


def test_the_half_sample_spread_is_scaled_to_the_full_sample_s() -> None:
    # for a mean of n values, m-value means about the full mean, times the factor, have the
    # full mean's sampling variance sigma^2 / n (odd n: the factor is not 1)
    rng = np.random.default_rng(0)
    n, half, reps = 11, 5, 40_000
    values = rng.normal(0.0, 1.0, (reps, n))
    halves = values[:, :half].mean(axis=1) - values.mean(axis=1)
    scaled = np.var(halves * half_sample_scale(n, half))
    assert scaled == pytest.approx(1.0 / n, rel=0.03)
    assert half_sample_scale(100, 50) == 1.0

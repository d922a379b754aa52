"""The seat-interval helpers shared by the nowcast and the exit poll."""

from __future__ import annotations

import numpy as np

from psephos.forecast.intervals import closest_scale, interval_coverage, seat_total_intervals


def test_intervals_hold_the_central_draws_and_round_outwards() -> None:
    draws = np.column_stack([np.arange(100), np.zeros(100), np.arange(100) / 10.0 + 0.25])
    intervals = seat_total_intervals(draws, ("A", "B", "C"), level=0.9)
    assert intervals["A"] == (4, 95)  # the 5% and 95% draws, whole seats as drawn
    assert "B" not in intervals  # never a seat: left out
    low, high = intervals["C"]  # fractional totals: rounded down and up
    assert (low, high) == (0, 10)
    inside = ((draws[:, 2] >= low) & (draws[:, 2] <= high)).mean()
    assert inside >= 0.9


def test_closest_scale_prefers_the_smaller_on_a_tie() -> None:
    assert closest_scale({1.0: (70, 100), 2.0: (100, 100)}) == 2.0
    assert closest_scale({1.0: (80, 100), 2.0: (100, 100)}) == 1.0  # both 10 points off
    assert closest_scale({3.0: (91, 100), 1.0: (70, 100)}) == 3.0


def test_coverage_counts_parties_with_seats_or_an_interval() -> None:
    intervals = {"A": (10, 20), "B": (0, 3)}
    assert interval_coverage(intervals, ("A", "B", "C", "D"), [15, 4, 1, 0]) == (1, 3)

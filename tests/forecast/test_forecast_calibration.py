"""Back-test calibration uses only earlier elections; the reliability table is well formed."""

from __future__ import annotations

import pytest

from psephos.errors import PsephosError
from psephos.forecast.calibration import (
    backtest_forecast,
    brier_score,
    calibrate_error_model,
    earlier_pairs,
    reliability_table,
)


def test_only_earlier_elections_are_used() -> None:
    assert earlier_pairs("2015") == []
    assert earlier_pairs("2017") == [("2010", "2015")]
    assert earlier_pairs("2024") == [("2010", "2015"), ("2015", "2017"), ("2017", "2019")]
    assert len(earlier_pairs("next")) == 4
    with pytest.raises(PsephosError):
        earlier_pairs("2010")


def test_calibrated_scales_are_plausible() -> None:
    model = calibrate_error_model("2019")
    assert 0.02 < model.regional_scale < 0.1
    assert 0.05 < model.seat_scale < 0.2
    assert model.national_scale == 0


def test_backtest_2017_is_calibrated_and_scored() -> None:
    test = backtest_forecast("2017", n_sims=4000, seed=1)
    rows = reliability_table([test])
    assert sum(r["cases"] for r in rows) > 650
    score = brier_score(test)
    assert score["brier"] < score["brier_certain_favourite"]
    assert score["favourite_correct"] > 0.85

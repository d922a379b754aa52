"""Back-test calibration uses only earlier elections; the reliability table is well formed."""

from __future__ import annotations

import numpy as np
import pytest

from psephos.errors import PsephosError
from psephos.forecast.calibration import (
    backtest_forecast,
    brier_score,
    calibrate_error_model,
    earlier_pairs,
    mean_projection,
    reliability_table,
    scenario_areas,
)
from psephos.io.bundled import load


def test_only_earlier_elections_are_used() -> None:
    assert earlier_pairs("2015") == []
    assert earlier_pairs("2017") == [("2010", "2015")]
    assert earlier_pairs("2024") == [("2010", "2015"), ("2015", "2017"), ("2017", "2019")]
    assert len(earlier_pairs("next")) == 4
    with pytest.raises(PsephosError):
        earlier_pairs("2010")


def test_calibrated_scales_are_plausible() -> None:
    model = calibrate_error_model("2019", scenario="nations")
    assert 0.02 < model.regional_scale < 0.1
    assert 0.05 < model.seat_scale < 0.2
    assert model.national_scale == 0
    # with the regions given, the regional layer is (almost) nothing
    regions = calibrate_error_model("2019")
    assert regions.regional_scale < 0.02
    assert 0.05 < regions.seat_scale < 0.2


def test_backtest_2017_is_calibrated_and_scored() -> None:
    test = backtest_forecast("2017", n_sims=4000, seed=1)
    rows = reliability_table([test])
    assert sum(r["cases"] for r in rows) > 650
    score = brier_score(test)
    assert score["brier"] < score["brier_certain_favourite"]
    assert score["favourite_correct"] > 0.85


def test_headline_mean_uses_candidate_lists_and_beats_uniform_swing_in_2024() -> None:
    base, target = load("2019-notional-2024"), load("2024")
    headline = mean_projection(base, target)
    uniform = mean_projection(base, target, mean="nation-uniform", scenario="nations")
    np.testing.assert_allclose(headline.sum(axis=1), 1.0, atol=1e-9)
    # a party absent from this time's list gets exactly 0
    assert np.all(headline[target.votes == 0] == 0)
    con = target.parties.index("Con")
    seats = np.bincount(headline.argmax(axis=1), minlength=len(target.parties))
    seats_uniform = np.bincount(uniform.argmax(axis=1), minlength=len(target.parties))
    actual = np.bincount(target.winner, minlength=len(target.parties))
    assert abs(seats[con] - actual[con]) < abs(seats_uniform[con] - actual[con])
    # the cached array cannot be changed through the returned copy
    headline[:] = 0
    assert mean_projection(base, target).sum() > 600


def test_scenario_areas_give_only_shares() -> None:
    target = load("2019")
    regions = scenario_areas(target, "regions")
    assert len(regions) == 11 and "Northern Ireland" not in regions
    assert set(scenario_areas(target, "nations")) == {"England", "Scotland", "Wales"}
    for shares in regions.values():
        assert sum(shares.values()) == pytest.approx(100.0)


def test_unknown_mean_or_scenario() -> None:
    base, target = load("2015"), load("2017")
    with pytest.raises(PsephosError, match="mean projection"):
        mean_projection(base, target, mean="oracle")
    with pytest.raises(PsephosError, match="scenario"):
        scenario_areas(target, "seats")


def test_backtest_records_its_mean_and_scenario() -> None:
    test = backtest_forecast("2019", n_sims=2000, seed=3)
    assert (test.mean, test.scenario) == ("headline", "regions")
    score = brier_score(test)
    assert score["brier"] < score["brier_certain_favourite"]
    assert score["favourite_correct"] > 0.9

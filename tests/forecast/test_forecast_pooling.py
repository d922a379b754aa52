"""The pooling model's contest columns and Northern Ireland's error learned on earlier pairs."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

import psephos
from psephos.errors import PsephosError
from psephos.forecast import Nowcast
from psephos.forecast.nowcast import (
    CHOSEN_BASELINE_WEIGHT,
    CHOSEN_INTERVAL_SCALE,
    CHOSEN_SETTINGS,
    baseline_seats,
    choose_baseline_weight,
    choose_interval_scale,
    chosen_settings,
    declaration_order,
    model_and_baseline_errors,
    northern_ireland_error,
    replay,
    seat_frame,
    votes_of,
)
from psephos.forecast.pooling import (
    SITUATION_MIN_SEATS,
    ChangeModel,
    PoolingSettings,
    bates_granger_weight,
    feature_matrix,
    outside_block_error,
    situation_matrix,
    stack_with_baseline,
)


def test_situation_columns_are_one_hot_without_the_reference() -> None:
    # 20 seats won by 0 over 1, 16 by 1 over 0, 3 by 2 over 0 (too few for a column)
    order = np.array([[0, 1, 2]] * 20 + [[1, 0, 2]] * 16 + [[2, 0, 1]] * 3)
    outside = np.zeros(len(order), dtype=bool)
    columns = situation_matrix(order, outside)
    assert SITUATION_MIN_SEATS == 15
    # one column: 1-over-0 (0-over-1 is the commonest, the reference; 2-over-0 too rare)
    assert columns.shape == (39, 1)
    np.testing.assert_array_equal(columns[:, 0], np.r_[np.zeros(20), np.ones(16), np.zeros(3)])
    # seats outside the modelled area do not count towards a pair's seats
    outside[20:30] = True
    assert situation_matrix(order, outside).shape == (39, 0)


def test_the_situation_feature_adds_columns_on_a_real_election() -> None:
    base, target = psephos.load("2019"), psephos.load("2024")
    frame = seat_frame(base, target.votes > 0)
    plain = feature_matrix(frame, frame.con, ("own", "leave"), frame.con)
    with_contest = feature_matrix(frame, frame.con, ("own", "leave", "situation"), frame.con)
    assert plain.shape == (base.n_seats, 2)
    assert with_contest.shape[1] > 3
    np.testing.assert_array_equal(with_contest[:, :2], plain)
    assert set(np.unique(with_contest[:, 2:])) == {0.0, 1.0}


def test_outside_block_error_by_hand() -> None:
    before = np.array([[0.5, 0.5]] * 6)
    # party 0 changes by +0.1, +0.1, +0.1, +0.3, +0.3, +0.3 (mean 0.2, residuals +-0.1)
    after = before + np.array([[d, -d] for d in (0.1, 0.1, 0.1, 0.3, 0.3, 0.3)])
    sd, prior = outside_block_error([(before, after)])  # type: ignore[misc]
    assert sd == pytest.approx(0.1)
    # seat variance 0.01 over the mean square of the block means (0.2^2 for both parties)
    assert prior == pytest.approx(0.01 / 0.04)
    assert outside_block_error([]) is None


def test_northern_ireland_error_comes_from_earlier_nights_only() -> None:
    assert northern_ireland_error("2015") is None
    assert chosen_settings("2015") == CHOSEN_SETTINGS["2015"]  # interval scale 1 too
    learned = northern_ireland_error("2017")
    assert learned is not None
    target, base = psephos.load("2015"), psephos.load("2010")
    block = ~target.gb_mask
    assert learned == outside_block_error([(base.shares()[block], target.shares()[block])])
    settings = chosen_settings("2017")
    assert (settings.outside_sd, settings.outside_prior_seats) == learned
    assert settings.features == CHOSEN_SETTINGS["2017"].features


def test_northern_ireland_shares_an_error_that_narrows_as_it_declares() -> None:
    base, target = psephos.load("2015"), psephos.load("2017")
    frame = seat_frame(base, target.votes > 0)
    model = ChangeModel(frame, PoolingSettings())
    ni = np.flatnonzero(frame.outside)
    shares = target.shares()
    none = model.fit(ni[:0], shares[ni[:0]])
    some = model.fit(ni[:6], shares[ni[:6]])
    assert none.outside_mean_sd == pytest.approx(0.04 / np.sqrt(2.0))
    assert some.outside_mean_sd == pytest.approx(0.04 / np.sqrt(8.0))
    # the shared error widens every undeclared seat's spread beyond the seat error alone
    assert none.seat_sd[ni[-1]] > PoolingSettings().outside_sd


def test_a_larger_interval_scale_widens_the_intervals() -> None:
    base, target = psephos.load("2015"), psephos.load("2017")
    order = declaration_order("2017")[:50]
    widths = []
    for scale in (1.0, 3.0):
        nowcast = Nowcast(
            base, standing=target.votes > 0, settings=PoolingSettings(interval_scale=scale)
        )
        for code in order:
            nowcast.declare(code, votes_of(target, target.seat_index(code)))
        low, high = nowcast.seat_intervals(n_sims=300, seed=2)["Con"]
        widths.append(high - low)
        nowcast.close()
    assert widths[1] > widths[0]
    with pytest.raises(PsephosError, match="interval_scale"):
        PoolingSettings(interval_scale=-1.0)


def test_interval_scales_come_from_earlier_nights_only() -> None:
    assert choose_interval_scale("2015") == CHOSEN_INTERVAL_SCALE["2015"] == 1.0
    assert chosen_settings("2024").interval_scale == CHOSEN_INTERVAL_SCALE["2024"]
    assert chosen_settings("2029").interval_scale == CHOSEN_INTERVAL_SCALE["next"]


@pytest.mark.slow
@pytest.mark.parametrize("night_id", ["2017", "2019", "2024", "next"])
def test_recorded_interval_scales_are_the_rule_s_choice(night_id: str) -> None:
    assert choose_interval_scale(night_id) == CHOSEN_INTERVAL_SCALE[night_id]


def test_stacking_mixes_the_model_with_the_baseline_s_favourites() -> None:
    probability = np.array([[0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.0, 0.0, 1.0]])
    winners = np.array([1, 1, 2])
    stacked = stack_with_baseline(probability.copy(), winners, 0.25)
    np.testing.assert_allclose(stacked.sum(axis=1), 1.0)
    np.testing.assert_allclose(stacked[0], [0.45, 0.475, 0.075])
    np.testing.assert_allclose(stacked[2], [0.0, 0.0, 1.0])
    # seat totals are the same mixture of the two methods' totals
    np.testing.assert_allclose(
        stacked.sum(axis=0),
        0.75 * probability.sum(axis=0) + 0.25 * np.bincount(winners, minlength=3),
    )
    np.testing.assert_array_equal(stack_with_baseline(probability, winners, 0.0), probability)
    with pytest.raises(PsephosError, match="baseline_weight"):
        PoolingSettings(baseline_weight=1.5)


def test_bates_granger_weight_by_hand() -> None:
    # model errors of mean square 1, baseline's 3: the baseline gets 1 / (1 + 3)
    root3 = 3.0**0.5
    assert bates_granger_weight(np.array([1.0, -1.0]), np.array([root3, -root3])) == (
        pytest.approx(0.25)
    )
    assert bates_granger_weight(np.array([1.0, -1.0]), np.array([3.0, 3.0, -3.0])) == (
        pytest.approx(0.1)
    )
    assert bates_granger_weight(np.array([]), np.array([])) == 0.0


def test_a_baseline_weight_of_one_is_the_baseline() -> None:
    settings = replace(chosen_settings("2017"), baseline_weight=1.0)
    for step in replay("2017", settings=settings, checkpoints=(50, 100)):
        assert step.error_nowcast == pytest.approx(step.error_baseline)
        assert step.error_nowcast_gb == pytest.approx(step.error_baseline_gb)


def test_stacked_nowcast_projects_the_mixture_of_the_two_totals() -> None:
    base, target = psephos.load("2015"), psephos.load("2017")
    weight = 0.4
    stacked = Nowcast(
        base, standing=target.votes > 0, settings=PoolingSettings(baseline_weight=weight)
    )
    alone = Nowcast(base, standing=target.votes > 0, settings=PoolingSettings())
    seen = []
    for code in declaration_order("2017")[:60]:
        index = target.seat_index(code)
        stacked.declare(code, votes_of(target, index))
        alone.declare(code, votes_of(target, index))
        seen.append(index)
    shares = target.shares()
    declared = np.array(sorted(seen))
    plain = baseline_seats(stacked.frame, declared, shares[declared], target.winner[declared])
    expected = (1 - weight) * alone.projection().win_probability.sum(axis=0) + weight * np.bincount(
        plain, minlength=len(target.parties)
    )
    np.testing.assert_allclose(stacked.projection().win_probability.sum(axis=0), expected)
    low, high = stacked.seat_intervals(n_sims=300, seed=4)["Con"]
    assert low <= stacked.projection().projected_seats["Con"] <= high
    stacked.close()
    alone.close()


def test_baseline_weights_come_from_earlier_nights_only() -> None:
    assert choose_baseline_weight("2015") == CHOSEN_BASELINE_WEIGHT["2015"] == 0.0
    assert chosen_settings("2015").baseline_weight == 0.0
    assert chosen_settings("2019").baseline_weight == CHOSEN_BASELINE_WEIGHT["2019"]
    assert chosen_settings("2029").baseline_weight == CHOSEN_BASELINE_WEIGHT["next"]
    model, baseline = model_and_baseline_errors(["2015"])
    assert model.shape == baseline.shape and len(model) > 0
    assert choose_baseline_weight("2017") == pytest.approx(bates_granger_weight(model, baseline))


@pytest.mark.slow
@pytest.mark.parametrize("night_id", ["2017", "2019", "2024", "next"])
def test_recorded_baseline_weights_are_the_rule_s_choice(night_id: str) -> None:
    assert choose_baseline_weight(night_id) == pytest.approx(
        CHOSEN_BASELINE_WEIGHT[night_id], abs=5e-4
    )

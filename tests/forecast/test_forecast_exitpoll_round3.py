"""Third-round exit-poll options: the residual bootstrap seat model, the log-ratio response
and the handling of seats outside the modelled area (Northern Ireland)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import psephos
from psephos.errors import PsephosError
from psephos.forecast import Nowcast
from psephos.forecast.exitpoll import (
    RESPONSES,
    SEAT_MODELS,
    ExitPollSettings,
    LinearPrior,
    LinearSettings,
    SeatCharacteristics,
    chosen_settings,
    emulate,
    estimate,
    local_correction,
    residual_win_probability,
)
from psephos.forecast.pooling import PoolingSettings


@pytest.fixture(scope="module")
def pair() -> tuple[psephos.Election, psephos.Election, SeatCharacteristics]:
    target, base = psephos.load("2019"), psephos.load("2017")
    return target, base, SeatCharacteristics.build(base, target.votes > 0)


@pytest.mark.parametrize("seat_model", SEAT_MODELS)
@pytest.mark.parametrize("response", RESPONSES)
def test_every_variant_reproduces_a_full_sample(pair: Any, seat_model: str, response: str) -> None:
    target, _, characteristics = pair
    everything = np.arange(target.n_seats)
    result = estimate(
        characteristics,
        target.parties,
        everything,
        target.shares(),
        LinearSettings(seat_model=seat_model, response=response),
    )
    assert np.allclose(result.shares, target.shares())
    assert round(result.expected_seats["Con"]) == target.seats_won()["Con"]


@pytest.mark.parametrize("seat_model", SEAT_MODELS)
@pytest.mark.parametrize("response", RESPONSES)
def test_every_variant_gives_valid_shares_and_probabilities(
    pair: Any, seat_model: str, response: str
) -> None:
    target, _, characteristics = pair
    gb = np.flatnonzero(target.nations != "Northern Ireland")
    sample = np.sort(np.random.default_rng(3).choice(gb, 100, replace=False))
    result = estimate(
        characteristics,
        target.parties,
        sample,
        target.shares()[sample],
        LinearSettings(seat_model=seat_model, response=response),
    )
    assert np.all((result.shares >= 0) & (result.shares <= 1))
    assert np.allclose(result.shares.sum(axis=1), 1.0)
    assert np.allclose(result.win_probability.sum(axis=1), 1.0)
    assert np.all(result.win_probability[target.votes == 0] == 0)
    # a real sample of 100 seats gets the Conservatives within 25 seats of 365
    assert abs(result.expected_seats["Con"] - 365) < 25


def test_residual_model_differs_from_the_logit_on_a_sample(pair: Any) -> None:
    target, _, characteristics = pair
    gb = np.flatnonzero(target.nations != "Northern Ireland")
    sample = np.sort(np.random.default_rng(5).choice(gb, 100, replace=False))
    logit, residuals = (
        estimate(
            characteristics,
            target.parties,
            sample,
            target.shares()[sample],
            LinearSettings(seat_model=m),
        )
        for m in ("logit", "residuals")
    )
    # same shares, different conversion to seats
    assert np.allclose(logit.shares, residuals.shares)
    assert not np.allclose(logit.win_probability, residuals.win_probability)
    # the bootstrap's probabilities are counts over the sampled seats' residual vectors
    unsampled = np.setdiff1d(gb, sample)
    counts = residuals.win_probability[unsampled] * len(sample)
    assert np.allclose(counts, np.round(counts))


def test_unknown_options_are_refused(pair: Any) -> None:
    target, _, characteristics = pair
    with pytest.raises(PsephosError, match="seat model"):
        LinearSettings(seat_model="x")
    with pytest.raises(PsephosError, match="response"):
        LinearSettings(response="x")
    with pytest.raises(PsephosError, match="feature set"):
        LinearSettings(feature_set="x")
    with pytest.raises(PsephosError, match="log response"):
        estimate(
            characteristics,
            target.parties,
            [0],
            target.shares()[[0]],
            LinearSettings(response="log"),
            prior=LinearPrior(strength=(1.0, 1.0)),
        )


@settings(max_examples=40)
@given(
    shares=arrays(np.float64, (6, 4), elements=st.floats(0.0, 1.0)),
    residuals=arrays(np.float64, (9, 4), elements=st.floats(-0.2, 0.2)),
    standing=arrays(np.bool_, (6, 4)),
)
def test_residual_probabilities_are_distributions(
    shares: np.ndarray, residuals: np.ndarray, standing: np.ndarray
) -> None:
    standing[:, 0] = True  # every seat has a candidate
    probability = residual_win_probability(shares, standing, residuals, chunk=4)
    assert np.allclose(probability.sum(axis=1), 1.0)
    assert np.all(probability[~standing] == 0)
    # with no residual spread the predicted leader wins for certain
    exact = residual_win_probability(shares, standing, np.zeros((3, 4)))
    leader = np.where(standing, shares, -np.inf).argmax(axis=1)
    assert np.all(exact[np.arange(6), leader] == 1.0)


@settings(max_examples=40)
@given(
    shares=arrays(np.float64, (5, 3), elements=st.floats(0.0, 1.0)),
    residuals=arrays(np.float64, (7, 3), elements=st.floats(-0.3, 0.3)),
    standing=arrays(np.bool_, (5, 3)),
)
def test_residual_probabilities_count_each_residual_draw_once(
    shares: np.ndarray, residuals: np.ndarray, standing: np.ndarray
) -> None:
    standing[:, 1] = True
    # a plain count: add each residual vector to every seat and tally the winner
    expected = np.zeros(shares.shape)
    for residual in residuals:
        for seat in range(len(shares)):
            draw = np.where(standing[seat], shares[seat] + residual, -np.inf)
            expected[seat, int(draw.argmax())] += 1
    expected /= len(residuals)
    for chunk in (1, 3, 64):
        assert np.array_equal(
            residual_win_probability(shares, standing, residuals, chunk=chunk), expected
        )


def test_seat_nearness_is_the_squared_distance_of_shares_and_nation(pair: Any) -> None:
    from scipy.spatial.distance import cdist

    _, _, characteristics = pair
    nation = characteristics.nations[:, None] == np.array(["Scotland", "Wales"])
    profile = np.column_stack([characteristics.base_shares, nation])
    nearness = characteristics.nearness()
    assert np.allclose(nearness, cdist(profile, profile, "sqeuclidean"), atol=1e-12)
    assert characteristics.nearness() is nearness  # computed once


def test_emulate_accepts_the_variants() -> None:
    plain = emulate("2019", 100, n_draws=3, seed=2, feature_set="tactical")
    bootstrap = emulate(
        "2019",
        100,
        n_draws=3,
        seed=2,
        settings=ExitPollSettings(
            estimator="linear", linear=LinearSettings(seat_model="residuals")
        ),
    )
    assert plain.scored_parties == bootstrap.scored_parties
    assert plain.mean_error != bootstrap.mean_error
    assert bootstrap.mean_error < 8


def test_northern_ireland_can_be_held_at_the_base_or_made_uncertain() -> None:
    base, target = psephos.load("2017"), psephos.load("2019")
    ni = np.flatnonzero(target.nations == "Northern Ireland")
    gb = np.flatnonzero(target.nations != "Northern Ireland")
    declared = {"moving": ni[:3], "gb": gb[:20]}
    codes = [target.codes[i] for i in np.concatenate(list(declared.values()))]

    def night(**options: float) -> Nowcast:
        settings = PoolingSettings(**options)  # type: ignore[arg-type]
        nowcast = Nowcast(base, standing=target.votes > 0, settings=settings)
        for code in codes:
            index = target.seat_index(code)
            row = target.votes[index]
            nowcast.declare(
                code, {p: float(v) for p, v in zip(target.parties, row, strict=True) if v > 0}
            )
        return nowcast

    held = night(outside_prior_seats=math.inf, outside_sd=0.0).projection()
    undeclared = np.setdiff1d(ni, declared["moving"])
    standing_base = np.where(target.votes > 0, base.shares(), 0.0)[undeclared]
    expected = standing_base / standing_base.sum(axis=1, keepdims=True)
    assert np.allclose(held.shares[undeclared], expected)
    base_leader = expected.argmax(axis=1)
    assert np.all(held.win_probability[undeclared, base_leader] == 1.0)
    uncertain = night(outside_sd=0.06).projection()
    probabilities = uncertain.win_probability[undeclared]
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert np.any((probabilities > 0.01) & (probabilities < 0.99))
    # declared seats stay certain either way
    assert np.all(uncertain.win_probability[declared["moving"]].max(axis=1) == 1.0)


def test_local_correction_is_the_mean_residual_of_the_nearest_sampled_seats(pair: Any) -> None:
    target, _, characteristics = pair
    gb = np.flatnonzero(target.nations != "Northern Ireland")
    sample = np.sort(np.random.default_rng(8).choice(gb, 40, replace=False))
    residuals = np.random.default_rng(9).normal(0, 0.02, (len(sample), len(target.parties)))
    correction = local_correction(characteristics, sample, residuals, 1)
    # with k = 1 a sampled seat's nearest sampled seat is itself
    assert np.allclose(correction[sample], residuals)
    # and k = all sampled seats gives the overall mean everywhere
    everything = local_correction(characteristics, sample, residuals, len(sample))
    assert np.allclose(everything, residuals.mean(axis=0))


def test_local_correction_keeps_shares_valid_and_moves_predictions(pair: Any) -> None:
    target, _, characteristics = pair
    gb = np.flatnonzero(target.nations != "Northern Ireland")
    sample = np.sort(np.random.default_rng(4).choice(gb, 100, replace=False))
    plain, local = (
        estimate(
            characteristics,
            target.parties,
            sample,
            target.shares()[sample],
            LinearSettings(local_k=k),
        )
        for k in (0, 5)
    )
    assert np.allclose(local.shares.sum(axis=1), 1.0)
    assert np.all(local.shares >= 0)
    assert not np.allclose(plain.shares, local.shares)
    assert np.allclose(local.shares[sample], target.shares()[sample])


def test_settings_are_chosen_on_earlier_elections_only() -> None:
    # every test election has a setting, and an unknown (future) one gets the live setting
    for election in ("2015", "2017", "2019", "2024"):
        chosen = chosen_settings(election)
        assert chosen.seat_model in SEAT_MODELS and chosen.local_k >= 0
    assert chosen_settings("2029") == chosen_settings("next")
    # the linear emulation's defaults are the chosen settings
    default = emulate("2017", 100, n_draws=2, seed=1, feature_set="tactical")
    explicit = emulate(
        "2017",
        100,
        n_draws=2,
        seed=1,
        settings=ExitPollSettings(
            estimator="linear", linear=LinearSettings(seat_model="residuals", local_k=5)
        ),
    )
    assert default.mean_error == explicit.mean_error

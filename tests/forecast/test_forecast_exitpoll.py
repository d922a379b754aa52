"""Exit-poll estimator: exact when everything is sampled, accurate on a real sample."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

import psephos
from psephos.errors import PsephosError
from psephos.forecast import emulate, exit_poll
from psephos.forecast.exitpoll import (
    CHOSEN_EXIT_POLL,
    EXIT_POLL_GRID,
    MEASURED_LINEAR_GRID,
    MEASUREMENT_SD,
    POOLED_GRID,
    ExitPollSettings,
    LinearSettings,
    SeatCharacteristics,
    choose_exit_poll_settings,
    chosen_exit_poll_settings,
    estimate,
    measured_shares,
    run_estimator,
    scored_parties,
)
from psephos.forecast.pooling import PoolingSettings


def test_sampling_every_seat_reproduces_the_result() -> None:
    target, base = psephos.load("2019"), psephos.load("2017")
    characteristics = SeatCharacteristics.build(base, target.votes > 0)
    everything = np.arange(target.n_seats)
    result = estimate(characteristics, target.parties, everything, target.shares())
    assert np.allclose(result.shares, target.shares())
    expected = result.expected_seats
    assert round(expected["Con"]) == target.seats_won()["Con"]


def test_exit_poll_by_codes_predicts_every_seat() -> None:
    target, base = psephos.load("2017"), psephos.load("2015")
    rng = np.random.default_rng(0)
    gb = np.flatnonzero(target.nations != "Northern Ireland")
    sample = rng.choice(gb, 100, replace=False)
    codes = [target.codes[i] for i in sample]
    result = exit_poll(base, codes, target.shares()[sample], standing=target.votes > 0)
    assert result.shares.shape == target.votes.shape
    assert np.allclose(result.shares.sum(axis=1), 1.0)
    assert np.allclose(result.win_probability.sum(axis=1), 1.0)
    assert sum(result.expected_seats.values()) == pytest.approx(650)
    # parties not standing get nothing
    assert np.all(result.shares[target.votes == 0] == 0)


def test_emulation_scores_2019_well() -> None:
    result = emulate("2019", 100, n_draws=5, seed=1)
    assert result.scored_parties == ("Con", "Lab", "LD", "SNP")
    assert result.mean_error < 5.75  # the real 2019 exit poll's error


def test_tactical_features_beat_plain_in_2024() -> None:
    plain = emulate("2024", 100, n_draws=5, seed=2, feature_set="plain")
    tactical = emulate("2024", 100, n_draws=5, seed=2, feature_set="tactical")
    assert tactical.mean_error < plain.mean_error


def test_scored_parties_are_gb_parties_with_five_seats() -> None:
    assert scored_parties(psephos.load("2024")) == ("Con", "Lab", "LD", "SNP", "Reform")


def test_bad_inputs() -> None:
    with pytest.raises(PsephosError):
        emulate("2010", 50, n_draws=1)
    base = psephos.load("2015")
    with pytest.raises(PsephosError):
        exit_poll(base, [base.codes[0]], np.zeros((2, len(base.parties))))
    characteristics = SeatCharacteristics.build(base)
    with pytest.raises(PsephosError):
        characteristics.features(0, "fancy")


def test_ridge_prior_follows_the_prior_or_the_data() -> None:
    from psephos.forecast.exitpoll import _ridge_prior

    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 3))
    y = 0.05 + x @ np.array([0.02, -0.01, 0.0])
    centre = np.vstack([np.zeros(3), np.ones(3)])
    strong, _, _ = _ridge_prior(x, y, centre, -0.1, (1e9, 1e9), np.array([1.0, 2.0, 3.0]))
    np.testing.assert_allclose(strong, [-0.1, 1.0, 2.0, 3.0], atol=1e-6)
    weak, residual, _ = _ridge_prior(x, y, centre, -0.1, (1e-9, 1e-9))
    np.testing.assert_allclose(weak, [0.05, 0.02, -0.01, 0.0], atol=1e-6)
    assert np.abs(residual).max() < 1e-6


def test_earlier_slopes_use_only_earlier_pairs() -> None:
    from psephos.forecast.exitpoll import earlier_slopes, full_slopes

    assert earlier_slopes("2015") == {}
    one = earlier_slopes("2017")
    direct = full_slopes(psephos.load("2010"), psephos.load("2015"))
    assert set(one) == set(direct)
    for party, slopes in one.items():
        np.testing.assert_allclose(slopes, direct[party])


def test_regional_features_add_english_regions() -> None:
    from psephos.forecast.exitpoll import SeatCharacteristics

    characteristics = SeatCharacteristics.build(psephos.load("2017"))
    tactical = characteristics.features(0, "tactical")
    regional = characteristics.features(0, "regional")
    assert regional.shape == (650, tactical.shape[1] + 8)  # 9 English regions, one dropped
    np.testing.assert_array_equal(regional[:, : tactical.shape[1]], tactical)


def test_pooled_emulation_is_reproducible_and_scored_on_candidates() -> None:
    first = emulate("2024", 60, n_draws=3, seed=5, settings=ExitPollSettings())
    again = emulate("2024", 60, n_draws=3, seed=5, settings=ExitPollSettings())
    assert first.mean_error == again.mean_error
    assert first.feature_set == "pooled"
    # the winning candidates: Labour 411, not the 409 of party-summed votes
    assert first.actual["Lab"] == 411


def test_pooled_estimate_predicts_the_sampled_seats() -> None:
    target, base = psephos.load("2019"), psephos.load("2017")
    gb = np.flatnonzero(target.nations != "Northern Ireland")
    codes = [target.codes[i] for i in gb]
    exact = exit_poll(
        base,
        codes,
        target.shares()[gb],
        standing=target.votes > 0,
        settings=ExitPollSettings(pooling=PoolingSettings(sample_sd=1e-4)),
    )
    assert round(exact.expected_seats["Con"]) == pytest.approx(target.seats_won()["Con"], abs=2)
    measured = exit_poll(base, codes[:100], target.shares()[gb[:100]], standing=target.votes > 0)
    probability = measured.win_probability[gb[:100]]
    assert np.allclose(probability.sum(axis=1), 1.0)
    assert (probability.max(axis=1) < 1.0).any()  # sampled seats are not certain


def test_measured_shares_are_shares() -> None:
    shares = np.array([[0.5, 0.3, 0.2, 0.0], [0.25, 0.25, 0.25, 0.25]])
    rng = np.random.default_rng(0)
    noisy = measured_shares(shares, 0.02, rng)
    np.testing.assert_allclose(noisy.sum(axis=1), 1.0)
    assert noisy[0, 3] == 0.0 and not np.array_equal(noisy, shares)
    np.testing.assert_array_equal(measured_shares(shares, 0.0, rng), shares)


def test_exit_poll_settings_are_checked_and_chosen_on_earlier_elections() -> None:
    with pytest.raises(PsephosError, match="Unknown estimator"):
        ExitPollSettings(estimator="oracle")
    assert chosen_exit_poll_settings("2015") == ExitPollSettings()
    assert chosen_exit_poll_settings("next") == CHOSEN_EXIT_POLL["next"]
    assert choose_exit_poll_settings("2015") == ExitPollSettings()


def test_the_docstrings_name_the_estimators_chosen() -> None:
    live = chosen_exit_poll_settings("next")
    assert live.estimator == "linear"
    assert live.linear.feature_set == "tactical" and live.linear.sites
    said = " ".join((exit_poll.__doc__ or "").split())
    assert "the linear regression with the tactical features and the sites' picks" in said
    by_election = [chosen_exit_poll_settings(key).estimator for key in ("2015", "2017", "2024")]
    assert by_election == ["pooled", "linear", "linear"]
    said = " ".join((emulate.__doc__ or "").split())
    assert "the pooled one for 2015, the linear regression from 2017 on" in said


@pytest.mark.slow
@pytest.mark.parametrize("election", ["2017", "2019", "2024", "next"])
def test_recorded_exit_poll_settings_are_the_rule_s_choice(election: str) -> None:
    assert choose_exit_poll_settings(election) == CHOSEN_EXIT_POLL[election]


def test_linear_estimate_counts_sampled_seats_for_the_winning_candidate() -> None:
    target, base = psephos.load("2024"), psephos.load("2019-notional-2024")
    characteristics = SeatCharacteristics.build(base, target.votes > 0)
    by_party = np.argmax(target.votes, axis=1)
    split = np.flatnonzero(by_party != target.winner)  # seats two Independents would "win"
    assert len(split) >= 1
    gb = np.flatnonzero(target.nations != "Northern Ireland")
    sample = np.union1d(split, gb[:60])
    result = estimate(
        characteristics,
        target.parties,
        sample,
        target.shares()[sample],
        winners=target.winner[sample],
    )
    assert np.all(result.win_probability[split, target.winner[split]] == 1.0)


def test_a_measured_linear_sample_is_predicted_not_counted_as_won() -> None:
    target, base = psephos.load("2017"), psephos.load("2015")
    characteristics = SeatCharacteristics.build(base, target.votes > 0)
    gb = np.flatnonzero(target.gb_mask)
    sample = np.sort(np.random.default_rng(3).choice(gb, 100, replace=False))
    shares = target.shares()[sample]
    exact, measured = (
        ExitPollSettings(
            estimator="linear",
            linear=LinearSettings(seat_model="residuals", local_k=5, sample_sd=sd),
        )
        for sd in (0.0, MEASUREMENT_SD)
    )
    certain = run_estimator(characteristics, target.parties, sample, shares, exact)
    predicted = run_estimator(characteristics, target.parties, sample, shares, measured)
    assert set(np.unique(certain.win_probability[sample])) <= {0.0, 1.0}
    uncertain = predicted.win_probability[sample].max(axis=1) < 1.0
    assert uncertain.any()  # close sampled seats are not certain
    np.testing.assert_allclose(predicted.win_probability.sum(axis=1), 1.0)


def test_emulation_measures_a_measured_linear_sample() -> None:
    settings = MEASURED_LINEAR_GRID[-1]
    assert settings.linear.sample_sd == MEASUREMENT_SD and settings.linear.local_k == 5
    first = emulate("2019", 60, n_draws=2, seed=4, settings=settings)
    assert first == emulate("2019", 60, n_draws=2, seed=4, settings=settings)
    exact = ExitPollSettings(
        estimator="linear", linear=LinearSettings(seat_model="residuals", local_k=5)
    )
    assert emulate("2019", 60, n_draws=2, seed=4, settings=exact) != first


def test_the_choice_grid_holds_the_pooled_and_measured_linear_estimators() -> None:
    from psephos.forecast.exitpoll import DECONVOLVED_GRID, SITES_GRID, with_sites

    assert (*POOLED_GRID, *MEASURED_LINEAR_GRID, *DECONVOLVED_GRID, *SITES_GRID) == EXIT_POLL_GRID
    assert all(s.linear.deconvolve and s.linear.seat_model == "residuals" for s in DECONVOLVED_GRID)
    # every setting has a twin with the sites' recommendations, after it (ties keep the simpler)
    plain = (*POOLED_GRID, *MEASURED_LINEAR_GRID, *DECONVOLVED_GRID)
    assert tuple(with_sites(s) for s in plain) == SITES_GRID
    assert all("sites" in s.pooling.features for s in SITES_GRID if s.estimator == "pooled")
    assert all(s.linear.sites for s in SITES_GRID if s.estimator == "linear")
    assert {s.estimator for s in POOLED_GRID} == {"pooled"}
    assert {s.estimator for s in MEASURED_LINEAR_GRID} == {"linear"}
    assert all(s.linear.sample_sd == MEASUREMENT_SD for s in MEASURED_LINEAR_GRID)
    assert all(s in EXIT_POLL_GRID for s in CHOSEN_EXIT_POLL.values())


def test_estimator_options_name_settings_chosen_on_earlier_elections() -> None:
    from psephos.forecast.exitpoll import CHOSEN_POOLED, estimator_settings

    assert estimator_settings("2024") == CHOSEN_EXIT_POLL["2024"]
    assert estimator_settings("2024", "pooled") == CHOSEN_POOLED["2024"]
    assert estimator_settings("2029", "pooled") == CHOSEN_POOLED["next"]
    linear = estimator_settings("2024", "linear", "plain")
    assert linear.estimator == "linear" and linear.linear.feature_set == "plain"
    assert linear.sample_sd == 0.0  # the linear option keeps exact whole-seat results
    assert CHOSEN_EXIT_POLL["2024"].sample_sd == MEASUREMENT_SD
    with pytest.raises(PsephosError, match="Unknown estimator"):
        estimator_settings("2024", "oracle")


@pytest.mark.slow
@pytest.mark.parametrize("election", ["2017", "2019", "2024", "next"])
def test_recorded_pooled_settings_are_the_pooled_grid_s_choice(election: str) -> None:
    from psephos.forecast.exitpoll import CHOSEN_POOLED

    assert choose_exit_poll_settings(election, POOLED_GRID) == CHOSEN_POOLED[election]


def _sample(target: psephos.Election, k: int, seed: int) -> npt.NDArray[np.int64]:
    gb = np.flatnonzero(target.gb_mask)
    return np.sort(np.random.default_rng(seed).choice(gb, k, replace=False))


@pytest.mark.parametrize("estimator", ["pooled", "linear"])
def test_the_sites_feature_changes_nothing_without_recommendations(estimator: str) -> None:
    """With no recommendations given (2017 has none bundled), a setting with the sites'
    feature gives exactly the estimate of its twin without it."""
    from psephos.forecast.exitpoll import with_sites

    target, base = psephos.load("2017"), psephos.load("2015")
    characteristics = SeatCharacteristics.build(base, target.votes > 0)
    sample = _sample(target, 80, 5)
    plain = next(s for s in EXIT_POLL_GRID if s.estimator == estimator)
    a, b = (
        run_estimator(characteristics, target.parties, sample, target.shares()[sample], s)
        for s in (plain, with_sites(plain))
    )
    np.testing.assert_array_equal(a.win_probability, b.win_probability)


@pytest.mark.parametrize("estimator", ["pooled", "linear"])
def test_the_sites_feature_learns_how_far_voters_followed_the_sites(estimator: str) -> None:
    """2024's sampled seats show the recommended party gaining where the sites recommended
    it: given the sites' picks (public before polling day), the predicted change of a party
    in seats where every site backed it rises against the same estimator without them."""
    from psephos.forecast.exitpoll import with_sites
    from psephos.projection.national import site_recommendations

    target, base = psephos.load("2024"), psephos.load("2019-notional-2024")
    recommended = site_recommendations(base, "2024")
    assert recommended is not None
    plain = next(s for s in EXIT_POLL_GRID if s.estimator == estimator)
    sample = _sample(target, 150, 7)
    observed = target.shares()[sample]
    without = run_estimator(
        SeatCharacteristics.build(base, target.votes > 0),
        target.parties,
        sample,
        observed,
        plain,
    )
    given = run_estimator(
        SeatCharacteristics.build(base, target.votes > 0, recommended),
        target.parties,
        sample,
        observed,
        with_sites(plain),
    )
    lib_dem = target.parties.index("LD")
    backed = (recommended[:, lib_dem] == 1.0) & ~np.isin(np.arange(target.n_seats), sample)
    assert backed.sum() >= 20
    gain = given.shares[backed, lib_dem] - without.shares[backed, lib_dem]
    assert gain.mean() > 0.005
    # and the seats the sites gave the Liberal Democrats are won more often, as they were
    actual = (target.winner[backed] == lib_dem).mean()
    assert (
        given.win_probability[backed, lib_dem].mean()
        > without.win_probability[backed, lib_dem].mean()
    )
    assert actual > without.win_probability[backed, lib_dem].mean()


def test_recommendations_must_match_the_seats() -> None:
    base = psephos.load("2015")
    with pytest.raises(PsephosError, match="seats x parties"):
        SeatCharacteristics.build(base, None, np.zeros((3, 2)))


def test_the_measurement_variance_is_taken_out_of_the_residuals() -> None:
    """A sampled seat's residual is the model's error plus the measurement's; the other seats
    are not measured, so the deconvolved residuals keep each party's mean square less sd^2."""
    from psephos.forecast.exitpoll import DECONVOLUTION_FLOOR, without_measurement

    rng = np.random.default_rng(2)
    residuals = rng.normal(0.0, [0.05, 0.01, 0.03], size=(400, 3))
    out = without_measurement(residuals, 0.02)
    before, after = (residuals**2).mean(axis=0), (out**2).mean(axis=0)
    np.testing.assert_allclose(after[[0, 2]], before[[0, 2]] - 0.02**2)
    # less spread than the measurement alone: the floor's share is kept, never none (a
    # seat won by a handful of votes must not come out certain)
    np.testing.assert_allclose(after[1], DECONVOLUTION_FLOOR * before[1])
    assert after[1] > 0
    np.testing.assert_array_equal(np.sign(out[:, 0]), np.sign(residuals[:, 0]))


def test_deconvolution_needs_a_measured_sample() -> None:
    """With whole-seat results (no measurement error) the deconvolved estimator is the plain
    one; with a measured sample its seat probabilities are less spread."""
    target, base = psephos.load("2017"), psephos.load("2015")
    characteristics = SeatCharacteristics.build(base, target.votes > 0)
    sample = _sample(target, 100, 9)
    shares = target.shares()[sample]

    def run(sd: float, deconvolve: bool) -> npt.NDArray[np.float64]:
        settings = ExitPollSettings(
            estimator="linear",
            linear=LinearSettings(
                seat_model="residuals", local_k=5, sample_sd=sd, deconvolve=deconvolve
            ),
        )
        return run_estimator(
            characteristics, target.parties, sample, shares, settings
        ).win_probability

    np.testing.assert_array_equal(run(0.0, True), run(0.0, False))
    sure, plain = run(MEASUREMENT_SD, True).max(axis=1), run(MEASUREMENT_SD, False).max(axis=1)
    assert sure.mean() > plain.mean()

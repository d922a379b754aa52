"""The stand-down estimator recovers known transfer rates on synthetic elections."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psephos.errors import InvalidSharesError
from psephos.transfers import Experiment, fit_transfer_rates
from psephos.transfers.estimate import cap_rows

PARTIES = ("A", "B", "C", "D", "Other")
#: Known rates: rows A..D (Other is only a target); rows sum to at most 1.
TRUE = np.array(
    [
        [0.00, 0.45, 0.15, 0.05, 0.05],
        [0.30, 0.00, 0.10, 0.20, 0.00],
        [0.10, 0.50, 0.00, 0.00, 0.10],
        [0.05, 0.05, 0.60, 0.00, 0.00],
        [0.00, 0.00, 0.00, 0.00, 0.00],
    ]
)
REGION_SD = 0.02
RETAIN = np.array([0.8, 1.1, 0.9, 0.7, 1.0])  # how each party's vote moves where it stands


def synthetic(
    rates: np.ndarray,
    *,
    n_seats: int = 600,
    absent_share: float = 0.25,
    noise: float = 0.002,
    seed: int = 1,
    label: str = "synthetic",
) -> Experiment:
    """Two elections: base shares, then a uniform-ish change plus known transfers."""
    rng = np.random.default_rng(seed)
    n = len(PARTIES)
    regions = rng.integers(0, 4, n_seats)
    turnout = rng.uniform(0.55, 0.75, n_seats)
    base_share = rng.dirichlet([6, 6, 3, 2, 1], n_seats) * turnout[:, None]
    absent = np.zeros((n_seats, n), dtype=bool)
    for seat in range(n_seats):  # at most one absent party per seat, never Other
        if rng.random() < absent_share:
            absent[seat, rng.integers(0, n - 1)] = True
    region_effect = 1 + rng.normal(0, REGION_SD, (4, n))  # regional swings, proportional
    counterfactual = base_share * RETAIN * region_effect[regions]
    target_share = counterfactual + rng.normal(0, noise, base_share.shape)
    expected = counterfactual * absent  # what the absent party would have taken
    target_share += expected @ rates
    target_share[absent] = 0.0
    target_share = np.clip(target_share, 1e-4, None) * ~absent
    electorate = rng.uniform(60_000, 80_000, n_seats)
    return Experiment(
        label=label,
        parties=PARTIES,
        base_votes=base_share * electorate[:, None],
        target_votes=target_share * electorate[:, None],
        base_electorate=electorate,
        target_electorate=electorate,
        groups=tuple(f"R{r}" for r in regions),
        covariates=rng.normal(size=(n_seats, 1)),
    )


def test_recovers_known_rates() -> None:
    fit = fit_transfer_rates([synthetic(TRUE)], n_bootstrap=0)
    assert fit.identified[:4, :].sum() == 16  # every off-diagonal cell with a source row
    np.testing.assert_allclose(fit.rates[:4], TRUE[:4], atol=0.03)
    assert np.all(fit.rates >= 0) and np.all(fit.rates <= 1)
    assert np.all(fit.rates.sum(axis=1) <= 1 + 1e-9)
    # Direct abstention (turnout regression) agrees with 1 - row sum.
    np.testing.assert_allclose(fit.direct_abstention[:4], 1 - TRUE[:4].sum(axis=1), atol=0.04)


def test_pools_experiments_and_bootstrap_covers_truth() -> None:
    experiments = [
        synthetic(TRUE, n_seats=300, seed=2, label="one"),
        synthetic(TRUE, n_seats=300, seed=3, label="two"),
    ]
    fit = fit_transfer_rates(experiments, n_bootstrap=30, seed=7)
    identified = fit.identified[:4]
    assert identified.sum() >= 14
    error = np.abs(fit.rates[:4] - TRUE[:4])
    assert np.all(error[identified] <= 4 * fit.se[:4][identified] + 0.01)
    assert "one (n=" in fit.experiments[0][1] and "two (n=" in fit.experiments[0][1]
    again = fit_transfer_rates(experiments, n_bootstrap=30, seed=7)
    np.testing.assert_array_equal(fit.se, again.se)  # same seed, same answer


def test_selection_at_the_bound_is_not_identified() -> None:
    rates = TRUE.copy()
    rates[2] = [0.0, 1.6, 0.0, 0.0, 0.0]  # B gains more than C's whole vote: seat selection
    fit = fit_transfer_rates([synthetic(rates)], n_bootstrap=0)
    assert fit.bounded[2, 1] == pytest.approx(1.0)
    assert fit.confounded.tolist() == [False, False, True, False, False]
    assert not fit.identified[2].any()  # the whole row: its other cells are squeezed too
    assert fit.identified[0].sum() == 4


def test_no_treated_seats_means_no_rate() -> None:
    fit = fit_transfer_rates([synthetic(TRUE, absent_share=0.0)], n_bootstrap=0)
    assert not fit.identified.any()
    assert np.all(fit.rates == 0)


def test_bad_experiments_raise() -> None:
    with pytest.raises(InvalidSharesError):
        fit_transfer_rates([])
    good = synthetic(TRUE, n_seats=50)
    with pytest.raises(InvalidSharesError):
        Experiment(
            "bad",
            PARTIES,
            good.base_votes,
            good.target_votes[:, :3],
            good.base_electorate,
            good.target_electorate,
            good.groups,
        )


@settings(max_examples=15)
@given(
    scale=st.floats(0.0, 2.0),
    seed=st.integers(0, 10_000),
    noise=st.floats(0.0, 0.02),
)
def test_rates_always_valid(scale: float, seed: int, noise: float) -> None:
    fit = fit_transfer_rates(
        [synthetic(TRUE * scale, n_seats=120, noise=noise, seed=seed)], n_bootstrap=0
    )
    assert np.all((fit.rates >= 0) & (fit.rates <= 1))
    assert np.all(fit.rates.sum(axis=1) <= 1 + 1e-9)
    assert np.all(np.diag(fit.rates) == 0)


def test_cap_rows() -> None:
    capped = cap_rows(np.array([[0.0, 0.8, 0.6], [0.2, 0.0, 0.3], [0.0, 0.0, 0.0]]))
    np.testing.assert_allclose(capped.sum(axis=1), [1.0, 0.5, 0.0])
    assert capped[0, 1] / capped[0, 2] == pytest.approx(0.8 / 0.6)

"""The exit poll's fast paths give the numbers of their plain references, to the bit: design
matrices built once per set of characteristics, the ridge penalties' inverses taken together,
the logit seat model's leverages left out where the residual bootstrap is the seat model, and
an emulation's inputs built once per election."""

from __future__ import annotations

import numpy as np
import pytest

from psephos.forecast.exitpoll import (
    RIDGE_GRID,
    LinearSettings,
    _fit_party,
    _ridge_inverses,
    emulation_inputs,
    emulation_samples,
)


def test_a_party_s_design_matrix_is_built_once_and_read_only() -> None:
    _target, _base, characteristics = emulation_inputs("2024")
    first = characteristics.features(0, "tactical", sites=True)
    assert characteristics.features(0, "tactical", sites=True) is first
    assert not first.flags.writeable
    # the plain build of the same matrix
    built = characteristics._design(0, "tactical", seat_types=False, sites=True)
    assert np.array_equal(first, built)
    # another party or feature set is another matrix
    assert characteristics.features(0, "plain").shape[1] < first.shape[1]
    assert not np.array_equal(characteristics.features(1, "tactical", sites=True), first)


def test_an_emulation_s_inputs_are_built_once_per_election() -> None:
    assert emulation_inputs("2019") is emulation_inputs("2019")
    assert emulation_inputs("2019")[2] is not emulation_inputs("2017")[2]


def test_the_ridge_penalties_are_inverted_together_as_one_by_one() -> None:
    rng = np.random.default_rng(4)
    design = np.column_stack([np.ones(40), rng.normal(size=(40, 9))])
    gram = design.T @ design
    together = _ridge_inverses(gram, RIDGE_GRID, 40)
    for penalty, inverse in zip(RIDGE_GRID, together, strict=True):
        ridge = np.eye(10) * penalty * 40
        ridge[0, 0] = 0.0
        assert inverse is not None
        assert np.array_equal(inverse, np.linalg.inv(gram + ridge))


def test_a_singular_penalty_is_skipped_and_the_others_kept() -> None:
    gram = np.zeros((3, 3))  # no data: only the penalised columns are invertible ...
    gram[1, 1] = gram[2, 2] = 1.0  # ... and the intercept's is not
    assert _ridge_inverses(gram, (0.1, 1.0), 10) == [None, None]
    gram[0, 0] = 4.0
    together = _ridge_inverses(gram, (0.1, 1.0), 10)
    assert all(inverse is not None for inverse in together)


@pytest.mark.parametrize("party", [0, 1, 2])
def test_a_fit_without_leverage_changes_no_share(party: int) -> None:
    target, _base, characteristics = emulation_inputs("2024")
    sample, observed = next(emulation_samples(target, 100, 1, 12, 0.02))
    stands = characteristics.standing[sample, party]
    y = observed[stands, party] - characteristics.base_shares[sample[stands], party]
    targets = characteristics.gb & characteristics.standing[:, party]
    settings = LinearSettings(seat_model="residuals", local_k=5, sites=True)
    args = (characteristics, party, sample[stands], y, settings, None, 0.0, targets)
    with_leverage = _fit_party(*args)
    without = _fit_party(*args, leverage=False)
    assert with_leverage.inflation is not None
    assert without.inflation is None
    assert np.array_equal(with_leverage.change, without.change)
    assert np.array_equal(with_leverage.residual, without.residual)

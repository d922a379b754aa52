"""Projection fast paths against plain references: batched seat counts vs one plain NumPy
projection per scenario (exact), the covariate terms vs the explicit feature stack, and the
cached candidate-list path vs a fresh computation."""

from __future__ import annotations

import numpy as np
import pytest

import psephos
from psephos.model import Election
from psephos.projection import (
    batch_seats,
    bundled_candidates,
    fitted_model,
    prepare,
    project,
    project_batch,
)
from psephos.projection.covariate import features, weighted_features


@pytest.fixture(scope="module")
def notional() -> Election:
    return psephos.load("2019-notional-2024")


def _plain_uniform_seats(base: Election, targets: np.ndarray) -> np.ndarray:
    """Plain reference: per scenario, add the Great Britain change to every GB seat (not the
    Speaker's) for the parties standing, clip at zero, renormalise, argmax, count."""
    shares = base.shares()
    standing = shares > 0
    speaker = shares[:, base.parties.index("Speaker")] > 0
    moved = (base.nations != "Northern Ireland") & ~speaker
    gb_shares = (shares[moved] * base.valid_votes[moved, None]).sum(axis=0)
    gb_shares /= gb_shares.sum()
    counts = np.zeros((len(targets), len(base.parties)), dtype=np.int64)
    for scenario, target in enumerate(targets):
        projected = shares.copy()
        projected[moved] += target - gb_shares
        projected *= standing
        np.maximum(projected, 0.0, out=projected)
        projected /= projected.sum(axis=1, keepdims=True)
        counts[scenario] = np.bincount(projected.argmax(axis=1), minlength=len(base.parties))
    return counts


def test_batched_uniform_seats_equal_plain_projections(notional: Election) -> None:
    prepared_base = prepare(notional, "national")
    gb = prepared_base.base_area[0]
    rng = np.random.default_rng(21)
    targets = np.clip(gb + rng.normal(0, 0.03, size=(400, gb.size)) * (gb > 0), 0, None)
    targets /= targets.sum(axis=1, keepdims=True)
    expected = _plain_uniform_seats(notional, targets)
    assert np.array_equal(batch_seats(notional, targets, model="uniform"), expected)
    assert np.array_equal(project_batch(notional, targets, model="uniform")[0], expected)


def test_covariate_terms_equal_the_feature_stack(notional: Election) -> None:
    model = fitted_model("covariate", notional)
    base = prepare(notional, model.level)
    rng = np.random.default_rng(5)
    area = base.base_area[:-1]
    targets = np.clip(area + rng.normal(0, 0.03, size=(7, *area.shape)) * (area > 0), 0, None)
    targets /= targets.sum(axis=-1, keepdims=True)
    extended = base.extend(targets)
    beta = np.asarray(model.coefficients)
    assert np.abs(beta).sum() > 0
    stacked = np.tensordot(beta, features(base, extended, model.feature_names), axes=(0, 0))
    fast = weighted_features(base, extended, model.feature_names, beta)
    np.testing.assert_allclose(fast, stacked, rtol=1e-12, atol=1e-15)


def test_candidate_lists_are_cached_by_value(notional: Election) -> None:
    lists = bundled_candidates("2024")
    first = project(notional, "Lab 35 Con 24 Reform 15 LD 12", candidates=lists)
    again = project(notional, "Lab 35 Con 24 Reform 15 LD 12", candidates=dict(lists))
    assert np.array_equal(first.shares, again.shares)
    code = next(iter(lists))
    changed = {**lists, code: tuple(pair for pair in lists[code] if pair[1] != "Lab")}
    other = project(notional, "Lab 35 Con 24 Reform 15 LD 12", candidates=changed)
    row = notional.seat_index(code)
    assert other.shares[row, notional.party_index("Lab")] == 0.0
    # lists given as lists (unhashable) take the uncached path and give the same answer
    as_lists = {seat: list(pairs) for seat, pairs in lists.items()}
    uncached = project(notional, "Lab 35 Con 24 Reform 15 LD 12", candidates=as_lists)
    assert np.array_equal(first.shares, uncached.shares)

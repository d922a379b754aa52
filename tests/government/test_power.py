"""Voting power (``psephos.government.power``) against brute force and against the plain count
of subsets by size and weight it replaces, on small games, real Houses and Houses of thousands
of independents."""

from __future__ import annotations

import itertools
import math

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import psephos
from psephos.government import parliament, pivot_counts, voting_power


def _brute_power(weights: list[int], quota: int) -> tuple[list[float], list[float]]:
    """Both indices by enumerating every coalition of the others of every player."""
    n = len(weights)
    swings = [0] * n
    shapley = [0.0] * n
    for i in range(n):
        others = [j for j in range(n) if j != i]
        for size in range(n):
            for coalition in itertools.combinations(others, size):
                weight = sum(weights[j] for j in coalition)
                if weight < quota <= weight + weights[i]:
                    swings[i] += 1
                    shapley[i] += (
                        math.factorial(size) * math.factorial(n - size - 1) / math.factorial(n)
                    )
    total_swings = sum(swings)
    return [s / total_swings if total_swings else 0.0 for s in swings], shapley


def _plain_counts(weights: npt.ArrayLike, quota: int) -> tuple[np.ndarray, np.ndarray]:
    """The plain count this module replaced: one float64 table of subsets of the others by
    size and weight per player, ``O(n^2 W)``; exact while the counts stay below 2^1024.

    Players of equal weight have the same others (as a multiset), so the same table and the
    same counts: each weight's are counted once and copied to its players (the count is the
    same, hundreds of independents no longer repeat it hundreds of times)."""
    w = np.asarray(weights, dtype=np.int64)
    n, total = len(w), int(w.sum())
    swings, shapley = np.zeros(n), np.zeros(n)
    size_weight = np.array(
        [math.factorial(k) * math.factorial(n - k - 1) / math.factorial(n) for k in range(n)]
    )
    first_of_weight: dict[int, int] = {}
    for i in range(n):
        same = first_of_weight.setdefault(int(w[i]), i)
        if same != i:
            swings[i], shapley[i] = swings[same], shapley[same]
            continue
        counts = np.zeros((n, total + 1))
        counts[0, 0] = 1.0
        for weight in np.delete(w, i):
            if weight == 0:
                counts[1:, :] += counts[:-1, :].copy()
            else:
                counts[1:, weight:] += counts[:-1, :-weight].copy()
        low, high = max(0, quota - int(w[i])), min(total, quota - 1)
        if low <= high and w[i] > 0:
            pivotal = counts[:, low : high + 1].sum(axis=1)
            swings[i], shapley[i] = pivotal.sum(), pivotal @ size_weight
    return (swings / swings.sum() if swings.sum() else swings), shapley


@settings(max_examples=60)
@given(
    st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=10),
    st.integers(min_value=-2, max_value=130),
)
def test_power_indices_match_brute_force(weights, quota):
    banzhaf, shapley = pivot_counts(weights, quota)
    expected_banzhaf, expected_shapley = _brute_power(weights, quota)
    assert banzhaf == pytest.approx(expected_banzhaf, abs=1e-12)
    assert shapley == pytest.approx(expected_shapley, abs=1e-12)


@settings(max_examples=40)
@given(
    st.lists(st.integers(min_value=0, max_value=40), min_size=0, max_size=12),
    st.integers(min_value=0, max_value=60),
    st.floats(min_value=0.0, max_value=1.05),
)
def test_power_indices_match_the_plain_count_with_independents(parties, independents, fraction):
    weights = parties + [1] * independents
    quota = math.ceil(fraction * sum(weights))
    banzhaf, shapley = pivot_counts(weights, quota)
    expected_banzhaf, expected_shapley = _plain_counts(weights, quota)
    assert banzhaf == pytest.approx(expected_banzhaf, abs=1e-12)
    assert shapley == pytest.approx(expected_shapley, abs=1e-12)


@pytest.mark.parametrize("election_id", ["2010", "2017", "2019", "2024", "canada-2021"])
def test_real_houses_match_the_plain_count(election_id):
    from psephos import jurisdictions

    source = jurisdictions.load(election_id) if election_id.startswith("canada") else None
    house = parliament(source if source is not None else psephos.load(election_id))
    weights = [*house.votes.values()] + [1] * house.n_individuals
    banzhaf, shapley = pivot_counts(weights, house.working_threshold)
    expected_banzhaf, expected_shapley = _plain_counts(weights, house.working_threshold)
    assert banzhaf == pytest.approx(expected_banzhaf, abs=1e-12)
    assert shapley == pytest.approx(expected_shapley, abs=1e-12)
    rows = voting_power(house)
    assert sum(row.banzhaf * row.members for row in rows) == pytest.approx(1.0)


@pytest.mark.parametrize("quota_share", [0.5, 0.9, 1.0])
def test_hundreds_of_independents_match_the_plain_count(quota_share):
    weights = [300, 200, 50, 50, 7] + [1] * 200
    quota = math.ceil(quota_share * sum(weights)) + (quota_share == 0.5)
    banzhaf, shapley = pivot_counts(weights, quota)
    expected_banzhaf, expected_shapley = _plain_counts(weights, quota)
    assert banzhaf == pytest.approx(expected_banzhaf, abs=1e-12)
    assert shapley == pytest.approx(expected_shapley, abs=1e-12)


@pytest.mark.parametrize("independents", [1_500, 5_000])
def test_thousands_of_independents_stay_finite(independents):
    """Past about a thousand players the count of subsets passes 2^1024: the plain count gave
    inf swings and NaN indices here."""
    weights = [300, 200] + [1] * independents
    quota = sum(weights) // 2 + 1
    banzhaf, shapley = pivot_counts(weights, quota)
    for index in (banzhaf, shapley):
        assert np.isfinite(index).all()
        assert index.sum() == pytest.approx(1.0, abs=1e-11)
        assert np.ptp(index[2:]) == 0  # interchangeable independents, equal power
        assert index[0] > index[1] > index[2] > 0


@pytest.mark.parametrize("quota", [3_500, 5_000])
def test_a_house_of_independents_shares_power_equally_at_any_quota(quota):
    """5,000 interchangeable players share power equally, even where every swing coalition is
    a share of 2^-4999 of all coalitions (unanimity)."""
    banzhaf, shapley = pivot_counts([1] * 5_000, quota)
    assert banzhaf == pytest.approx(np.full(5_000, 1 / 5_000), rel=1e-10)
    assert shapley == pytest.approx(np.full(5_000, 1 / 5_000), rel=1e-10)

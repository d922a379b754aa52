"""Decisive-vote probability: hand-checkable cases, the Normal approximation, invariants."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psephos.errors import PsephosError
from psephos.jurisdictions import UK
from psephos.tactical.decisive import (
    MajorityRule,
    decisive_probability_binomial,
    decisive_probability_binomial_normal,
    pivotal_probability,
    tie_probability,
)


@pytest.mark.parametrize(
    ("n_others", "p", "expected"),
    [
        (0, 0.5, 0.5),  # alone: 0-0 tie settled by lot becomes a win, +1/2
        (1, 0.5, 0.25),  # the other votes B half the time: your vote makes it a tie, +1/2
        (2, 0.5, 0.25),  # P(1-1) = 1/2, your vote breaks the tie: 1/2 * 1/2
        (3, 0.5, 0.1875),  # P(X = 1) = 3/8, your vote makes 2-2: 1/2 * 3/8
        (4, 0.5, 0.1875),  # P(X = 2) = 6/16
        (2, 0.8, 0.16),  # P(X = 1) = 2 * 0.8 * 0.2 = 0.32
        (2, 1.0, 0.0),  # A certainly wins 2-0 anyway
    ],
)
def test_exact_binomial_by_hand(n_others: int, p: float, expected: float) -> None:
    assert decisive_probability_binomial(n_others, p) == pytest.approx(expected)


def test_exact_binomial_against_enumeration() -> None:
    """Enumerate every way 5 other voters can vote and count outcome changes."""
    n, p = 5, 0.45
    gain = 0.0
    for mask in range(2**n):
        a = bin(mask).count("1")
        b = n - a
        prob = p**a * (1 - p) ** b

        def chance(votes_a: int, votes_b: int) -> float:
            return 1.0 if votes_a > votes_b else 0.5 if votes_a == votes_b else 0.0

        gain += prob * (chance(a + 1, b) - chance(a, b))
    assert decisive_probability_binomial(n, p) == pytest.approx(gain)


@pytest.mark.parametrize(
    ("n_others", "p"), [(10_000, 0.5), (10_001, 0.5), (40_000, 0.502), (2_000, 0.51)]
)
def test_normal_approximation_agrees_with_exact(n_others: int, p: float) -> None:
    exact = decisive_probability_binomial(n_others, p)
    normal = decisive_probability_binomial_normal(n_others, p)
    assert normal == pytest.approx(exact, rel=0.02)


def test_even_race_is_one_over_root_two_pi_n() -> None:
    n = 1_000_000
    assert decisive_probability_binomial_normal(n, 0.5) == pytest.approx(
        1 / math.sqrt(2 * math.pi * n)
    )


def test_tie_probability_matches_binomial_margin() -> None:
    """The share-margin form f_M(0)/n equals the vote-count form for the same margin."""
    n, p = 50_000, 0.503
    mean_margin = 2 * p - 1
    sd_margin = 2 * math.sqrt(p * (1 - p) / n)
    assert float(tie_probability(mean_margin, sd_margin, n)) == pytest.approx(
        decisive_probability_binomial(n, p), rel=0.02
    )


def test_bad_inputs() -> None:
    with pytest.raises(PsephosError):
        decisive_probability_binomial(-1, 0.5)
    with pytest.raises(PsephosError):
        decisive_probability_binomial(3, 1.5)


@settings(max_examples=60)
@given(
    n=st.integers(min_value=100, max_value=200_000),
    closer=st.floats(min_value=0.0, max_value=0.2),
    extra=st.floats(min_value=0.001, max_value=0.2),
)
def test_monotone_in_closeness(n: int, closer: float, extra: float) -> None:
    """A closer race (p nearer 1/2, or a smaller expected margin) is more likely to be tied."""
    assert decisive_probability_binomial_normal(
        n, 0.5 + closer
    ) >= decisive_probability_binomial_normal(n, 0.5 + closer + extra)
    sd = 0.05
    assert tie_probability(closer, sd, n) >= tie_probability(closer + extra, sd, n)


@settings(max_examples=60)
@given(n=st.integers(min_value=1, max_value=5000), more=st.integers(min_value=1, max_value=5000))
def test_monotone_in_electorate_size(n: int, more: int) -> None:
    """More voters, smaller chance of being decisive (exact, even race; and the forecast form)."""
    assert (
        decisive_probability_binomial(n, 0.5)
        >= decisive_probability_binomial(n + more, 0.5) - 1e-15
    )
    assert tie_probability(0.01, 0.04, n) >= tie_probability(0.01, 0.04, n + more)


@settings(max_examples=40)
@given(
    mean=st.floats(min_value=-0.5, max_value=0.5),
    sd=st.floats(min_value=0.001, max_value=0.3),
    n=st.integers(min_value=1, max_value=10**6),
)
def test_tie_probability_is_a_probability(mean: float, sd: float, n: int) -> None:
    value = float(tie_probability(mean, sd, n))
    assert 0.0 <= value <= 1.0


def test_majority_rules_uk() -> None:
    parties = ("Con", "Lab", "SF", "Speaker")
    totals = np.array([[322, 320, 7, 1]])
    nominal = MajorityRule(kind="nominal")
    working = MajorityRule()
    assert int(nominal.thresholds(totals, parties)[0]) == 326
    # the Speaker, Sinn Fein's 7 and the three Deputy Speakers do not vote: (650 - 11) // 2 + 1
    assert int(working.thresholds(totals, parties)[0]) == 320
    assert int(nominal.outcome(totals, parties)[0]) == -1  # hung under the nominal rule
    assert int(working.outcome(totals, parties)[0]) == 0  # Con's 321 votes: a working majority
    # the largest party gives the government-side deputy: 320 seats are 319 votes, short
    five = ("Con", "Lab", "LD", "SF", "Speaker")
    assert int(working.outcome(np.array([[321, 300, 21, 7, 1]]), five)[0]) == 0
    assert int(working.outcome(np.array([[320, 301, 21, 7, 1]]), five)[0]) == -1
    # a tie for largest goes to the first code in sort order, as psephos govern ranks them
    assert int(working.outcome(np.array([[321, 321, 7, 1]]), parties)[0]) == 0
    without_deputies = MajorityRule(
        rules=replace(UK.parliament, deputies_government_side=0, deputies_opposition_side=0)
    )
    assert int(without_deputies.thresholds(totals, parties)[0]) == 322  # (650 - 7 - 1) // 2 + 1
    with pytest.raises(PsephosError):
        MajorityRule(kind="absolute")


def test_pivotal_probability_hand_case() -> None:
    parties = ("Con", "Lab", "SF", "Speaker")
    # Elsewhere: Con 325 (this seat to Con makes 326), or Con 300 (never pivotal).
    others = np.array([[325, 316, 7, 1], [300, 341, 7, 1]])
    rule = MajorityRule(kind="nominal")
    assert pivotal_probability(others, 0, 1, parties, rule=rule) == pytest.approx(0.5)
    assert pivotal_probability(others, 0, 1, parties, weights=[1.0, 0.0], rule=rule) == 1.0

"""Highest-averages apportionment and the disproportionality indices."""

from __future__ import annotations

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import psephos
from psephos.systems import (
    effective_number_of_parties,
    gallagher_index,
    highest_averages,
    unrepresented_votes,
    votes_per_seat,
    wasted_votes,
)


def test_dhondt_textbook_example() -> None:
    # The standard worked example (e.g. Wikipedia, D'Hondt method): 230k/100k/80k/50k votes,
    # 8 seats -> 4, 2, 2, 0 ... with 100k/80k/30k/20k, 8 seats -> 4, 3, 1, 0.
    assert highest_averages([100_000, 80_000, 30_000, 20_000], 8).tolist() == [4, 3, 1, 0]


def test_sainte_lague_textbook_example() -> None:
    assert highest_averages(
        [100_000, 80_000, 30_000, 20_000], 8, method="sainte-lague"
    ).tolist() == [3, 3, 1, 1]


def test_threshold_and_eligibility() -> None:
    votes = [50, 45, 4, 1]
    assert highest_averages(votes, 10, threshold=0.05).tolist()[2:] == [0, 0]
    assert highest_averages(votes, 10, eligible=[True, False, True, True])[1] == 0


def test_top_up_counts_constituency_seats() -> None:
    # A won 5 constituencies with 50% of votes; 5 top-ups: A's divisor starts at 6.
    top_up = highest_averages([50, 30, 20], 5, prior_seats=[5, 0, 0])
    assert top_up.tolist() == [0, 3, 2]


@settings(max_examples=200)
@given(
    st.lists(st.integers(0, 10**6), min_size=1, max_size=12),
    st.integers(0, 200),
    st.sampled_from(["dhondt", "sainte-lague"]),
)
def test_apportionment_invariants(votes: list[int], n_seats: int, method: str) -> None:
    seats = highest_averages(votes, n_seats, method=method)  # type: ignore[arg-type]
    assert seats.sum() == (n_seats if sum(votes) > 0 else 0)
    assert np.all(seats >= 0)
    assert np.all(seats[np.asarray(votes) == 0] == 0)
    # Monotone in votes: a party with strictly more votes never has fewer seats.
    array = np.asarray(votes)
    more = array[:, None] > array[None, :]
    assert np.all((seats[:, None] >= seats[None, :])[more])


def _plain_highest_averages(
    votes: list[int], n_seats: int, step: int, prior: list[int], eligible: list[bool]
) -> list[int]:
    """The textbook procedure: one seat at a time to the highest quotient ``v / (step * s + 1)``
    (``s`` seats held, prior ones included), ties to more votes, then the earlier party."""
    held = list(prior)
    won = [0] * len(votes)
    allowed = [v > 0 and ok for v, ok in zip(votes, eligible, strict=True)]
    if not any(allowed):
        return won
    for _ in range(n_seats):
        party = max(
            (j for j in range(len(votes)) if allowed[j]),
            key=lambda j: (votes[j] / (step * held[j] + 1), votes[j], -j),
        )
        won[party] += 1
        held[party] += 1
    return won


@settings(max_examples=200)
@given(
    st.lists(
        st.tuples(st.integers(0, 10**5), st.integers(0, 6), st.booleans()),
        min_size=1,
        max_size=10,
    ),
    st.integers(0, 60),
    st.sampled_from(["dhondt", "sainte-lague"]),
)
def test_highest_averages_equals_the_one_seat_at_a_time_procedure(
    parties: list[tuple[int, int, bool]], n_seats: int, method: str
) -> None:
    # The vectorised quotient matrix (the fast path) against the plain procedure, exactly,
    # with prior seats (AMS top-ups) and ineligible parties.
    votes, prior, eligible = (list(column) for column in zip(*parties, strict=True))
    seats = highest_averages(
        votes,
        n_seats,
        method=method,  # type: ignore[arg-type]
        prior_seats=prior,
        eligible=eligible,
    )
    step = 1 if method == "dhondt" else 2
    assert seats.tolist() == _plain_highest_averages(votes, n_seats, step, prior, eligible)


def test_gallagher_of_the_real_2024_result_matches_the_published_figure() -> None:
    # Gallagher's own Election Indices dataset and the House of Commons Library: 23.7.
    election = psephos.load("2024")
    seats = np.bincount(election.winner, minlength=len(election.parties))
    assert gallagher_index(election.votes.sum(axis=0), seats) == pytest.approx(23.7, abs=0.1)


@pytest.mark.parametrize(("election_id", "published"), [("2017", 6.47), ("2019", 11.79)])
def test_gallagher_of_earlier_elections(election_id: str, published: float) -> None:
    election = psephos.load(election_id)
    seats = np.bincount(election.winner, minlength=len(election.parties))
    assert gallagher_index(election.votes.sum(axis=0), seats) == pytest.approx(published, abs=0.1)


def test_indices_by_hand() -> None:
    assert gallagher_index([50, 50], [50, 50]) == 0
    assert gallagher_index([60, 40], [100, 0]) == pytest.approx(40.0)
    assert effective_number_of_parties([1, 1, 1, 1]) == pytest.approx(4.0)
    assert effective_number_of_parties([0.5, 0.3, 0.2]) == pytest.approx(1 / 0.38)
    per_seat = votes_per_seat([100, 50, 0], [2, 0, 0])
    assert per_seat[0] == 50 and np.isinf(per_seat[1]) and np.isnan(per_seat[2])
    assert unrepresented_votes([60, 30, 10], [5, 1, 0]) == pytest.approx(0.1)
    with pytest.raises(ValueError, match="positive"):
        effective_number_of_parties([0, 0])


def test_wasted_votes_efficiency_gap_definition() -> None:
    election = psephos.load("2019")
    wasted = wasted_votes(election)
    assert wasted.shape == (len(election.parties),)
    assert 0 < wasted.sum() < election.votes.sum()
    # Every loser's vote is wasted, so wasted >= votes of parties that won nothing.
    won = np.bincount(election.winner, minlength=len(election.parties))
    totals = election.votes.sum(axis=0)
    assert np.allclose(wasted[won == 0], totals[won == 0])

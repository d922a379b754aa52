"""Per-seat indexes are built once per seat tuple and shared; caches never leak across votes."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from psephos.model import Constituency, Election, winners_from_votes


def _winners_by_sorting(votes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Plain reference: a stable descending sort of every row."""
    order = np.argsort(-votes, axis=1, kind="stable")
    rows = np.arange(votes.shape[0])
    return order[:, 0], order[:, 1], votes[rows, order[:, 0]] - votes[rows, order[:, 1]]


@given(
    arrays(
        np.float64,
        st.tuples(st.integers(1, 12), st.integers(2, 6)),
        elements=st.sampled_from([0.0, 1.0, 2.0, 5.0, 5.0, 7.5, 1e6]),
    )
)
def test_winners_match_a_stable_sort_exactly(votes: np.ndarray) -> None:
    winner, runner_up, majority = winners_from_votes(votes)
    expected = _winners_by_sorting(votes)
    np.testing.assert_array_equal(winner, expected[0])
    np.testing.assert_array_equal(runner_up, expected[1])
    np.testing.assert_array_equal(majority, expected[2])


def test_projection_shares_the_seat_index(three_seats: Election) -> None:
    projected = three_seats.with_votes(three_seats.votes[:, ::-1])
    assert projected.seat_lookups is three_seats.seat_lookups
    assert projected.codes is three_seats.codes
    assert projected.seat_index("beta & gamma") == three_seats.seat_index("E2")


def test_indexes_are_read_only(three_seats: Election) -> None:
    for array in (three_seats.electorate, three_seats.nations, three_seats.regions):
        with pytest.raises(ValueError, match="read-only"):
            array[0] = array[1]


def test_select_rebuilds_the_index(three_seats: Election) -> None:
    kept = three_seats.select([False, True, True])
    assert kept.codes == three_seats.codes[1:]
    assert kept.seat_index(three_seats.codes[2]) == 1
    assert kept.electorate.tolist() == three_seats.electorate[1:].tolist()


def test_private_cache_is_per_object(three_seats: Election) -> None:
    assert three_seats.cached("key", lambda: 1) == 1
    assert three_seats.cached("key", lambda: 2) == 1  # built once
    replaced = dataclasses.replace(three_seats, id="other")
    projected = three_seats.with_votes(three_seats.votes)
    assert replaced.cached("key", lambda: 3) == 3
    assert projected.cached("key", lambda: 4) == 4


def test_derived_fields_are_computed_on_first_read_exactly() -> None:
    """A projection leaves ``valid_votes``, ``runner_up`` and ``majority`` to their first read;
    what they then hold is what the eager computation gave, read-only, also after replace()."""
    rng = np.random.default_rng(7)
    votes = np.round(rng.random((40, 6)) * 1000)
    votes[::7, 2] = votes[::7, 3]  # ties go to the lower party index
    seats = tuple(
        Constituency(f"E{index:08d}", f"Seat {index}", "England", "London", 1, "2024")
        for index in range(40)
    )
    election = Election.from_votes("x", seats, ("Con", "Lab", "LD", "Green", "SNP", "PC"), votes)
    winner, runner_up, majority = winners_from_votes(votes)
    np.testing.assert_array_equal(election.winner, winner)
    for copy in (election, dataclasses.replace(election, id="y"), election.with_votes(votes)):
        np.testing.assert_array_equal(copy.runner_up, runner_up)
        np.testing.assert_array_equal(copy.majority, majority)
        np.testing.assert_array_equal(copy.valid_votes, votes.sum(axis=1))
        assert copy.runner_up is copy.runner_up  # computed once
        for array in (copy.valid_votes, copy.runner_up, copy.majority):
            with pytest.raises(ValueError, match="read-only"):
                array[0] = 1

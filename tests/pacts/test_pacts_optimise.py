"""Pact optimiser: exact against brute force on small cases, constraints on the real 650."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import psephos
from psephos.model import Constituency, Election
from psephos.pacts import StandDown, TransferMatrix, optimise_pact, simulate_pact
from psephos.pacts.run import optimiser_sentence

PARTIES = ("Con", "Lab", "LD", "Green")
MATRIX = TransferMatrix.from_mapping(
    PARTIES,
    {
        "Lab": {"LD": 0.5, "Green": 0.2, "Con": 0.1},
        "LD": {"Lab": 0.45, "Con": 0.25},
        "Green": {"Lab": 0.6, "LD": 0.2},
        "Con": {"LD": 0.2},
    },
)


def _election(votes: np.ndarray) -> Election:
    seats = [
        Constituency(f"E{i:02d}", f"Seat {i}", "England", "London", 1000, "t")
        for i in range(votes.shape[0])
    ]
    return Election.from_votes("toy", seats, PARTIES, votes)


def _brute_force(election, bloc, draws, max_per_party, fairness):
    """Best bloc seats over every assignment of a stand-down subset to every seat."""
    options = [subset for r in range(len(bloc)) for subset in itertools.combinations(bloc, r)]
    none = simulate_pact(election, [], bloc=bloc, transfers=MATRIX, draws=draws)
    best = -np.inf
    for assignment in itertools.product(options, repeat=election.n_seats):
        stand = [
            StandDown(p, election.codes[i]) for i, subset in enumerate(assignment) for p in subset
        ]
        counts = {p: sum(1 for s in stand if s.party == p) for p in bloc}
        if max_per_party is not None and max(counts.values()) > max_per_party:
            continue
        result = simulate_pact(election, stand, bloc=bloc, transfers=MATRIX, draws=draws)
        if fairness is not None and any(
            result.seats_after[p] < none.seats_before[p] - fairness - 1e-9 for p in bloc
        ):
            continue
        best = max(best, result.bloc_seats_after)
    return best


@settings(max_examples=25)
@given(
    votes=hnp.arrays(
        np.float64,
        st.tuples(st.integers(1, 3), st.just(4)),
        elements=st.integers(0, 100).map(float),
    ),
    n_bloc=st.integers(2, 3),
    max_per_party=st.one_of(st.none(), st.integers(0, 2)),
    fairness=st.one_of(st.none(), st.sampled_from([0.0, 0.5])),
    noisy=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_optimiser_matches_brute_force(votes, n_bloc, max_per_party, fairness, noisy, seed):
    if n_bloc == 3 and votes.shape[0] > 2:
        votes = votes[:2]
    election = _election(votes)
    bloc = ["Lab", "LD", "Green"][:n_bloc]
    draws = None
    if noisy:
        rng = np.random.default_rng(seed)
        draws = np.clip(election.shares()[None] + rng.normal(0, 0.1, (4, *votes.shape)), 0, None)
    plan = optimise_pact(
        election,
        bloc=bloc,
        transfers=MATRIX,
        draws=draws,
        max_per_party=max_per_party,
        fairness=fairness,
    )
    assert plan.optimal
    expected = _brute_force(election, bloc, draws, max_per_party, fairness)
    assert plan.result.bloc_seats_after == pytest.approx(expected)
    if max_per_party is not None:
        assert max(plan.per_party().values()) <= max_per_party
    if fairness is not None:
        for party in bloc:
            assert (
                plan.result.seats_after[party] >= plan.result.seats_before[party] - fairness - 1e-9
            )


@pytest.fixture(scope="module")
def election_2019():
    return psephos.load("2019")


def test_650_seat_four_party_optimisation(election_2019):
    bloc = ["Lab", "LD", "Green", "PC"]
    free = optimise_pact(election_2019, bloc=bloc)
    limited = optimise_pact(election_2019, bloc=bloc, max_per_party=5, fairness=0.0)
    assert free.optimal and limited.optimal
    assert free.result.bloc_seats_after > free.result.bloc_seats_before
    assert limited.result.bloc_seats_after <= free.result.bloc_seats_after
    assert max(limited.per_party().values()) <= 5
    for party in bloc:
        assert limited.result.seats_after[party] >= limited.result.seats_before[party]
    # Every stand-down of the free plan is in a seat the bloc gains (parsimony tie-break).
    assert all(row["bloc_gain"] > 0 for row in free.result.ledger)
    again = optimise_pact(election_2019, bloc=bloc)
    assert again.stand_downs == free.stand_downs  # deterministic


def test_majority_objective_on_draws(election_2019):
    rng = np.random.default_rng(7)
    shares = election_2019.shares()
    draws = np.clip(shares[None] + rng.normal(0, 0.03, (40, *shares.shape)) * (shares > 0), 0, None)
    plan = optimise_pact(
        election_2019,
        bloc=["Lab", "LD", "Green"],
        draws=draws,
        objective="majority",
        majority=215,
        max_per_party=10,
    )
    seats = optimise_pact(election_2019, bloc=["Lab", "LD", "Green"], draws=draws, max_per_party=10)
    assert plan.optimal and seats.optimal
    assert plan.result.p_majority_after >= seats.result.p_majority_after - 1e-12
    assert plan.result.p_majority_after >= plan.result.p_majority_before


def test_majority_plan_says_it_is_proven_for_its_subsample_only(election_2019):
    """The majority objective on the first 20 of 40 draws said "the best plan (proven)" with
    nothing to say the chance was optimised over a subsample (a sample-average approximation)."""
    rng = np.random.default_rng(7)
    shares = election_2019.shares()
    draws = np.clip(shares[None] + rng.normal(0, 0.03, (40, *shares.shape)) * (shares > 0), 0, None)
    bloc = ["Lab", "LD", "Green"]
    options = {"objective": "majority", "majority": 215, "max_per_party": 3}
    part = optimise_pact(election_2019, bloc=bloc, draws=draws, max_scenarios=20, **options)
    assert part.optimal and part.approximate
    assert part.objective_text() == (
        "the chance of a bloc majority (215 seats) over the first 20 of 40 draws (approximate)"
    )
    assert part.outcome == (
        "the best plan for those 20 draws (proven), not proven the best over all 40"
    )
    assert "(proven);" not in optimiser_sentence(part.summary())
    assert part.summary()["n_scenarios"] == 20 and part.summary()["approximate"]
    whole = optimise_pact(election_2019, bloc=bloc, draws=draws, max_scenarios=40, **options)
    assert whole.optimal and not whole.approximate and whole.outcome == "the best plan (proven)"
    assert whole.objective_text() == "the chance of a bloc majority (215 seats) over all 40 draws"
    seats = optimise_pact(election_2019, bloc=bloc, draws=draws, max_per_party=3)
    assert not seats.approximate and seats.n_scenarios == 40
    assert seats.objective_text() == "the bloc's expected seats over 40 draws"


def test_allowed_seats_restricts_the_plan(election_2019):
    wales = election_2019.nations == "Wales"
    plan = optimise_pact(election_2019, bloc=["Lab", "LD", "Green", "PC"], allowed_seats=wales)
    assert all(s.seat.startswith("W") for s in plan.stand_downs)
    codes = [c for c in election_2019.codes if c.startswith("W")]
    same = optimise_pact(election_2019, bloc=["Lab", "LD", "Green", "PC"], allowed_seats=codes)
    assert same.stand_downs == plan.stand_downs

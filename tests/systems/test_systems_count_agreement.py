"""IRV and STV counts agree with pref_voting, pyrankvote and votekit on random profiles.

Libraries break ties in different ways (pref_voting: a fixed order or simultaneous exclusion;
pyrankvote: most second preferences; votekit: first-place/Borda/random), so the agreement tests
use profiles whose count meets no tie (``assume(not result.ties)``), with truncated ballots.
votekit is optional (checked when installed); pref_voting and pyrankvote are required.
Tie handling is tested separately: against pref_voting's fixed-order tie-breaker, and for
determinism. pyrankvote's STV is a different method (Hagenbach-Bischoff quota, equal-share
transfers, bulk exclusion), so only its IRV is compared.
"""

from __future__ import annotations

import importlib.util
import warnings

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings

from psephos.systems import Ballots, count_irv, count_stv

pytest.importorskip("pref_voting")
pytest.importorskip("pyrankvote")
import pyrankvote
from pref_voting.iterative_methods import instant_runoff, instant_runoff_tb
from pref_voting.profiles_with_ties import ProfileWithTies
from pref_voting.proportional_methods import stv_wig

HAVE_VOTEKIT = importlib.util.find_spec("votekit") is not None
if HAVE_VOTEKIT:
    from votekit import RankBallot, RankProfile
    from votekit.elections import IRV, STV

SETTINGS = settings(
    max_examples=60,
    suppress_health_check=[*settings.default.suppress_health_check, HealthCheck.filter_too_much],
)


@st.composite
def profiles(draw: st.DrawFn, max_candidates: int = 6, truncate: bool = True) -> Ballots:
    """Random weighted profiles; truncated ballots (1..n preferences) when ``truncate``."""
    n_candidates = draw(st.integers(2, max_candidates))
    n_rows = draw(st.integers(1, 25))
    rankings = []
    for _ in range(n_rows):
        order = draw(st.permutations(range(n_candidates)))
        length = draw(st.integers(1, n_candidates)) if truncate else n_candidates
        rankings.append(list(order[:length]))
    counts = draw(st.lists(st.integers(1, 30), min_size=n_rows, max_size=n_rows))
    return Ballots.from_rankings([f"c{i}" for i in range(n_candidates)], rankings, counts)


def to_pref_voting(ballots: Ballots) -> ProfileWithTies:
    rankings = [{int(c): r for r, c in enumerate(row) if c >= 0} for row in ballots.rankings]
    return ProfileWithTies(
        rankings,
        rcounts=[int(c) for c in ballots.counts],
        candidates=list(range(ballots.n_candidates)),
    )


def to_votekit(ballots: Ballots) -> RankProfile:
    names = ballots.candidates
    return RankProfile(
        ballots=[
            RankBallot(ranking=[frozenset({names[c]}) for c in row if c >= 0], weight=float(n))
            for row, n in zip(ballots.rankings, ballots.counts, strict=True)
        ],
        candidates=list(names),
    )


def to_pyrankvote(ballots: Ballots) -> tuple[list[pyrankvote.Candidate], list[pyrankvote.Ballot]]:
    candidates = [pyrankvote.Candidate(name) for name in ballots.candidates]
    voters = [
        pyrankvote.Ballot(ranked_candidates=[candidates[c] for c in row if c >= 0])
        for row, n in zip(ballots.rankings, ballots.counts, strict=True)
        for _ in range(int(n))
    ]
    return candidates, voters


def votekit_elected(election: object) -> list[str]:
    return sorted(c for group in election.get_elected() for c in group)  # type: ignore[attr-defined]


@SETTINGS
@given(profiles())
def test_irv_agrees_with_three_libraries_without_ties(ballots: Ballots) -> None:
    result = count_irv(ballots)
    assume(not result.ties)
    winner = result.winner
    assert instant_runoff(to_pref_voting(ballots)) == [result.elected[0]]
    candidates, voters = to_pyrankvote(ballots)
    assert [c.name for c in pyrankvote.instant_runoff_voting(candidates, voters).get_winners()] == [
        winner
    ]
    if HAVE_VOTEKIT:
        assert votekit_elected(IRV(to_votekit(ballots))) == [winner]


@SETTINGS
@given(profiles(), st.integers(2, 4))
def test_stv_agrees_with_pref_voting_and_votekit_without_ties(ballots: Ballots, seats: int) -> None:
    assume(seats < ballots.n_candidates)
    result = count_stv(ballots, seats)
    assume(not result.ties)
    expected = sorted(result.elected)
    assert sorted(stv_wig(to_pref_voting(ballots), num_seats=seats, quota_rule="droop")) == (
        expected
    )
    if HAVE_VOTEKIT:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            elected = votekit_elected(STV(to_votekit(ballots), n_seats=seats))
        assert elected == sorted(result.winners)


@SETTINGS
@given(profiles(truncate=False))
def test_stv_one_seat_is_irv(ballots: Ballots) -> None:
    irv = count_irv(ballots)
    assume(not irv.ties)
    stv = count_stv(ballots, 1)
    assume(not stv.ties)
    assert stv.elected == irv.elected


@SETTINGS
@given(profiles(), st.data())
def test_irv_ties_follow_a_fixed_order_like_pref_voting(
    ballots: Ballots, data: st.DataObject
) -> None:
    """With the ``order`` rule, ties (which random small profiles often have) are broken exactly
    as pref_voting's ``instant_runoff_tb`` breaks them (its list runs lowest priority first)."""
    order = data.draw(st.permutations(range(ballots.n_candidates)))
    result = count_irv(ballots, tie_break="order", tie_order=list(order))
    expected = instant_runoff_tb(to_pref_voting(ballots), tie_breaker=list(reversed(order)))
    assert expected == [result.elected[0]]


@SETTINGS
@given(profiles(), st.integers(1, 3), st.integers(0, 2**16))
def test_counts_are_deterministic_and_seeded(ballots: Ballots, seats: int, seed: int) -> None:
    for tie_break in ("backwards", "order", "random"):
        first = count_stv(ballots, seats, tie_break=tie_break, seed=seed)  # type: ignore[arg-type]
        again = count_stv(ballots, seats, tie_break=tie_break, seed=seed)  # type: ignore[arg-type]
        assert first.elected == again.elected
        assert len(set(first.elected)) == len(first.elected) == min(seats, ballots.n_candidates)


@SETTINGS
@given(profiles(), st.integers(1, 3))
def test_aggregating_identical_ballots_changes_nothing(ballots: Ballots, seats: int) -> None:
    expanded = Ballots(
        ballots.candidates,
        np.repeat(ballots.rankings, ballots.counts.astype(int), axis=0),
        np.ones(int(ballots.counts.sum())),
    )
    assert count_stv(expanded, seats).elected == count_stv(ballots.aggregate(), seats).elected
    assert count_irv(expanded).elected == count_irv(ballots).elected


@SETTINGS
@given(profiles(), st.integers(2, 4))
def test_stv_ties_follow_candidate_order_like_pref_voting(ballots: Ballots, seats: int) -> None:
    """pref_voting's ``stv_wig`` excludes the highest-numbered of tied candidates and elects the
    lowest-numbered; psephos's ``order`` rule with the default priority does the same, so the
    two agree on profiles WITH ties as well."""
    assume(seats < ballots.n_candidates)
    result = count_stv(ballots, seats, tie_break="order")
    expected = stv_wig(to_pref_voting(ballots), num_seats=seats, quota_rule="droop")
    assert sorted(expected) == sorted(result.elected)

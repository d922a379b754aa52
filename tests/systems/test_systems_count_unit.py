"""Hand-checked IRV and STV counts: transfers, exhaustion, quotas and ties."""

from __future__ import annotations

import numpy as np
import pytest

from psephos.errors import DataFormatError
from psephos.systems import Ballots, count_irv, count_stv, droop_quota


def profile(rows: list[tuple[str, int]], candidates: str = "ABCDE") -> Ballots:
    """Ballots from ('ABC', count) pairs: letters are candidates in preference order."""
    names = list(candidates)
    return Ballots.from_rankings(
        names, [[names.index(c) for c in text] for text, _ in rows], [n for _, n in rows]
    )


def test_irv_transfers_elect_the_condorcet_compromise() -> None:
    # A 40, B 35, C 25 -> C excluded, C's ballots go 20 to B, 5 to A: B 55 beats A 45.
    ballots = profile([("A", 40), ("BA", 35), ("CB", 20), ("CA", 5)], "ABC")
    result = count_irv(ballots)
    assert result.winner == "B"
    assert result.excluded == (2,)
    assert result.rounds[0].tallies == (40.0, 35.0, 25.0)
    assert result.rounds[-1].tallies[:2] == (45.0, 55.0)


def test_irv_majority_of_continuing_votes_after_exhaustion() -> None:
    # C's 30 ballots exhaust (no second preference): A 40 v B 35 of 75 continuing -> A.
    ballots = profile([("A", 40), ("B", 35), ("C", 30)], "ABC")
    result = count_irv(ballots)
    assert result.winner == "A"
    assert result.rounds[-1].exhausted == 30.0


def test_stv_droop_quota_and_weighted_inclusive_gregory_surplus() -> None:
    # 100 ballots, 2 seats: quota floor(100/3)+1 = 34. A has 60: surplus 26 moves at 26/60.
    ballots = profile([("AB", 45), ("AC", 15), ("C", 25), ("D", 15)], "ABCD")
    result = count_stv(ballots, 2)
    assert result.quota == 34.0
    assert result.elected[0] == 0
    second = result.rounds[1].tallies
    assert second[1] == pytest.approx(45 * 26 / 60)
    assert second[2] == pytest.approx(25 + 15 * 26 / 60)
    # Nobody else reaches 34: D (15) is excluded and exhausts, then B (19.5); C takes seat 2.
    assert result.winners == ("A", "C")


def test_stv_fills_last_seats_when_continuing_equals_vacancies() -> None:
    ballots = profile([("A", 10), ("B", 9), ("C", 1)], "ABC")
    result = count_stv(ballots, 2)
    assert sorted(result.winners) == ["A", "B"]


def test_droop_quota_variants() -> None:
    assert droop_quota(100, 3) == 26
    assert droop_quota(100, 3, quota="exact-droop") == 25
    with pytest.raises(ValueError, match="quota"):
        droop_quota(100, 3, quota="hare")  # type: ignore[arg-type]


def test_backwards_tie_break_uses_the_earlier_round() -> None:
    # Round 1: A 6, B 4, C 3, D 2 -> D excluded, gives 1 to C, 1 exhausts (D has 2: 'DC' 1, 'D' 1)
    # Round 2: A 6, B 4, C 4 -> B and C tied; at round 1 C had fewer (3 < 4): C is excluded.
    ballots = profile([("A", 6), ("B", 4), ("CB", 3), ("DC", 1), ("D", 1)], "ABCD")
    result = count_irv(ballots)
    assert result.ties and result.ties[0].rule == "backwards"
    assert result.ties[0].chosen == 2


def test_order_tie_break_and_seeded_lot() -> None:
    ballots = profile([("A", 5), ("B", 5)], "AB")
    # 'order': the lowest-priority tied candidate (last in tie_order) is excluded.
    assert count_irv(ballots, tie_break="order").winner == "A"
    assert count_irv(ballots, tie_break="order", tie_order=["B", "A"]).winner == "B"
    draws = {count_irv(ballots, tie_break="random", seed=seed).winner for seed in range(20)}
    assert draws == {"A", "B"}
    assert (
        count_irv(ballots, tie_break="random", seed=3).winner
        == count_irv(ballots, tie_break="random", seed=3).winner
    )


def test_bad_tie_rule_and_seats() -> None:
    ballots = profile([("A", 1)], "AB")
    with pytest.raises(ValueError, match="tie_break"):
        count_irv(ballots, tie_break="coin")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="n_seats"):
        count_stv(ballots, 0)


def test_ballots_validation_errors() -> None:
    with pytest.raises(DataFormatError, match="twice"):
        Ballots.from_rankings(["A", "B"], [[0, 0]])
    with pytest.raises(DataFormatError, match="skips"):
        Ballots(("A", "B"), np.array([[-1, 0]]), np.ones(1))
    with pytest.raises(DataFormatError, match="indices"):
        Ballots.from_rankings(["A"], [[3]])
    with pytest.raises(DataFormatError, match="non-negative"):
        Ballots.from_rankings(["A"], [[0]], [-1])


def test_aggregate_merges_identical_rankings() -> None:
    ballots = profile([("AB", 2), ("AB", 3), ("B", 1)], "AB")
    merged = ballots.aggregate()
    assert len(merged.counts) == 2
    assert merged.n_ballots == 6
    assert merged.first_preferences().tolist() == [5.0, 1.0]

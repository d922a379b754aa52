"""Fast ballot paths against plain references: packed grouping vs row-by-row checks and
``np.unique``, and the vectorised counts vs a plain per-ballot IRV/STV count (exact agreement:
counting is deterministic)."""

from __future__ import annotations

import numpy as np
import pytest

from psephos.errors import DataFormatError
from psephos.model.ballots import pack_rankings, unpack_rankings
from psephos.systems import Ballots, count_irv, count_stv


def _profile(n_rows: int, n_candidates: int, seed: int, dtype: type = np.int8) -> np.ndarray:
    """Plackett-Luce rankings truncated to a random length (no ties in expectation)."""
    rng = np.random.default_rng(seed)
    strength = np.log(np.linspace(1.0, 0.5, n_candidates))
    rankings = np.argsort(-(strength + rng.gumbel(size=(n_rows, n_candidates))), axis=1)
    length = rng.integers(1, n_candidates + 1, size=n_rows)
    rankings[np.arange(n_candidates)[None, :] >= length[:, None]] = -1
    return rankings.astype(dtype)


def _plain_check(rankings: np.ndarray) -> str | None:
    """Plain reference: look at every row in turn."""
    for row, ranking in enumerate(rankings.tolist()):
        filled = [c for c in ranking if c >= 0]
        if ranking[: len(filled)] != filled:
            return f"ballot {row} skips a preference"
        if len(set(filled)) < len(filled):
            return f"ballot {row} ranks the same candidate twice"
    return None


def _plain_count(
    rankings: np.ndarray, weights: np.ndarray, n_candidates: int, n_seats: int
) -> list[int]:
    """Plain reference of the same rules (Droop quota, WIGM, exclude the lowest), one ballot at
    a time in pure Python; IRV when ``n_seats`` is 1 (majority of continuing votes)."""
    ballots = [
        ([c for c in row if c >= 0], float(w))
        for row, w in zip(rankings.tolist(), weights, strict=True)
    ]
    ballots = [(r, w) for r, w in ballots if r and w > 0]
    total = sum(w for _, w in ballots)
    quota = np.floor(total / (n_seats + 1)) + 1
    hopeful = set(range(n_candidates))
    elected: list[int] = []
    piles = [[ranking, 0, weight] for ranking, weight in ballots]  # ranking, position, value

    def settle(pile: list) -> None:
        while pile[1] < len(pile[0]) and pile[0][pile[1]] not in hopeful:
            pile[1] += 1

    def tallies() -> dict[int, float]:
        out = dict.fromkeys(hopeful, 0.0)
        for ranking, position, value in piles:
            if position < len(ranking) and ranking[position] in hopeful:
                out[ranking[position]] += value
        return out

    while len(elected) < n_seats:
        counts = tallies()
        if n_seats == 1:
            active = sum(counts.values())
            top = max(counts, key=lambda c: counts[c])
            if len(hopeful) == 1 or counts[top] > active / 2:
                return [top]
        else:
            reached = sorted((c for c in hopeful if counts[c] >= quota), key=lambda c: -counts[c])
            reached = reached[: n_seats - len(elected)]
            if reached:
                for candidate in reached:
                    hopeful.discard(candidate)
                elected.extend(reached)
                if len(elected) == n_seats:
                    break
                for candidate in reached:
                    ratio = (counts[candidate] - quota) / counts[candidate]
                    for pile in piles:
                        if pile[1] < len(pile[0]) and pile[0][pile[1]] == candidate:
                            pile[2] *= ratio
                            settle(pile)
                if len(hopeful) <= n_seats - len(elected):
                    counts = tallies()
                    elected.extend(sorted(hopeful, key=lambda c: -counts[c]))
                    break
                continue
            if len(hopeful) <= n_seats - len(elected):
                elected.extend(sorted(hopeful, key=lambda c: -counts[c]))
                break
        loser = min(hopeful, key=lambda c: counts[c])
        hopeful.discard(loser)
        for pile in piles:
            settle(pile)
    return elected


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int64])
@pytest.mark.parametrize("n_candidates", [3, 5, 15])
def test_grouping_matches_numpy_unique(n_candidates: int, dtype: type) -> None:
    rankings = _profile(20_000, n_candidates, seed=n_candidates, dtype=dtype)
    counts = np.random.default_rng(1).integers(0, 4, size=len(rankings)).astype(float)
    merged = Ballots(tuple(map(str, range(n_candidates))), rankings, counts).aggregate()
    rows, inverse = np.unique(rankings.astype(np.int64), axis=0, return_inverse=True)
    summed = np.bincount(inverse.reshape(-1), weights=counts, minlength=len(rows))
    keep = summed > 0
    np.testing.assert_array_equal(merged.rankings, rows[keep])
    np.testing.assert_array_equal(merged.counts, summed[keep])


def test_packed_codes_round_trip() -> None:
    rankings = _profile(5_000, 6, seed=3)
    codes = pack_rankings(rankings, 6)
    assert codes is not None
    np.testing.assert_array_equal(unpack_rankings(codes, 6, 6), rankings.astype(np.int64))
    assert pack_rankings(np.zeros((2, 40), dtype=np.int64), 40) is None  # too wide to pack


@pytest.mark.parametrize("fault", ["gap", "repeat"])
@pytest.mark.parametrize("n_rows", [50, 50_000])
def test_bad_ballots_are_named_like_a_row_by_row_check(fault: str, n_rows: int) -> None:
    rankings = _profile(n_rows, 5, seed=7)
    bad_rows = [n_rows // 3, n_rows // 2]
    for row in bad_rows:
        if fault == "gap":
            rankings[row] = [0, -1, 2, -1, -1]
        else:
            rankings[row] = [1, 2, 1, -1, -1]
    expected = _plain_check(rankings)
    assert expected is not None and str(bad_rows[0]) in expected
    with pytest.raises(DataFormatError, match=expected):
        Ballots.from_rankings([str(i) for i in range(5)], rankings)


def test_zero_weight_ballots_are_still_checked() -> None:
    rankings = _profile(10_000, 5, seed=2)
    rankings[123] = [3, 3, -1, -1, -1]
    counts = np.ones(len(rankings))
    counts[123] = 0.0
    with pytest.raises(DataFormatError, match="ballot 123 ranks the same candidate twice"):
        Ballots(tuple("abcde"), rankings, counts)


def test_the_callers_array_is_not_frozen_or_copied() -> None:
    rankings = _profile(10_000, 5, seed=4)
    ballots = Ballots.from_rankings(list("abcde"), rankings)
    assert rankings.flags.writeable and not ballots.rankings.flags.writeable
    assert np.shares_memory(ballots.rankings, rankings)


@pytest.mark.parametrize(("n_candidates", "seed"), [(5, 1), (5, 2), (8, 3), (15, 4)])
def test_fast_counts_equal_a_plain_count(n_candidates: int, seed: int) -> None:
    rankings = _profile(6_000, n_candidates, seed=seed)  # above the grouping threshold
    weights = np.random.default_rng(seed).uniform(0.5, 1.5, size=len(rankings))
    ballots = Ballots(tuple(map(str, range(n_candidates))), rankings, weights)
    assert ballots.for_count().rankings.shape[0] <= rankings.shape[0]
    irv = count_irv(ballots)
    assert list(irv.elected) == _plain_count(rankings, weights, n_candidates, 1)
    for seats in (2, 3):
        stv = count_stv(ballots, seats)
        assert list(stv.elected) == _plain_count(rankings, weights, n_candidates, seats)

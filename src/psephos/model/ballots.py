"""Ranked ballots as arrays.

A profile of ranked ballots is held as one ``(n_unique_ballots, max_rank)`` integer array of
candidate indices (``-1`` pads a truncated ballot after its last preference) and a weight column
(how many voters cast that ballot). Identical ballots are merged by :meth:`Ballots.aggregate`, so
a million ballots over a handful of candidates become a few hundred rows; every count in
:mod:`psephos.systems.count` then works on whole columns at once. Users' ballot files (CSV and
BLT) are read by :mod:`psephos.io.ballots`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from psephos.errors import DataFormatError

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True, eq=False)
class Ballots:
    """A profile of ranked ballots.

    Attributes:
        candidates: Candidate names; a ranking holds indices into this tuple.
        rankings: ``(n_rows, max_rank)`` candidate indices, most preferred first, ``-1`` after
            the last preference (a truncated ballot). No candidate appears twice in a row.
        counts: How many voters cast each row (non-negative; may be fractional for weighted
            or modelled ballots).
        n_seats: Seats to fill when the source says (a BLT file does), else ``None``.
        title: Title of the count where the source gives one.
    """

    candidates: tuple[str, ...]
    rankings: IntArray
    counts: FloatArray
    n_seats: int | None = None
    title: str = ""

    def __post_init__(self) -> None:
        rankings = np.asarray(self.rankings)
        if rankings.ndim != 2:
            raise DataFormatError(f"rankings must be 2-D (ballots x ranks), not {rankings.ndim}-D")
        counts = np.asarray(self.counts, dtype=np.float64)
        if counts.shape != (rankings.shape[0],):
            raise DataFormatError(
                f"counts has shape {counts.shape}; expected ({rankings.shape[0]},), one per ballot"
            )
        n_candidates = len(self.candidates)
        if rankings.size and (rankings.min() < -1 or rankings.max() >= n_candidates):
            raise DataFormatError(
                f"rankings hold candidate indices 0..{n_candidates - 1} (or -1 for no further "
                f"preference); found {int(rankings.min())}..{int(rankings.max())}"
            )
        if np.any(counts < 0) or not np.all(np.isfinite(counts)):
            raise DataFormatError("ballot counts must be finite and non-negative")
        if rankings.shape[1] > 1:
            blank = rankings < 0
            if np.any(blank[:, :-1] & ~blank[:, 1:]):
                row = int(np.nonzero(np.any(blank[:, :-1] & ~blank[:, 1:], axis=1))[0][0])
                raise DataFormatError(
                    f"ballot {row} skips a preference: -1 may only pad the end of a ranking"
                )
            ordered = np.sort(np.where(blank, -1 - np.arange(rankings.shape[1]), rankings), axis=1)
            if np.any(ordered[:, 1:] == ordered[:, :-1]):
                row = int(np.nonzero(np.any(ordered[:, 1:] == ordered[:, :-1], axis=1))[0][0])
                raise DataFormatError(f"ballot {row} ranks the same candidate twice")
        object.__setattr__(self, "rankings", rankings.astype(np.int64, copy=False))
        object.__setattr__(self, "counts", counts)
        self.rankings.setflags(write=False)
        self.counts.setflags(write=False)

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def from_rankings(
        cls,
        candidates: Sequence[str],
        rankings: Sequence[Sequence[int]] | npt.ArrayLike,
        counts: npt.ArrayLike | None = None,
        *,
        n_seats: int | None = None,
        title: str = "",
    ) -> Ballots:
        """Build ballots from rankings of candidate indices (ragged lists are padded with -1)."""
        if isinstance(rankings, np.ndarray):
            array = rankings.astype(np.int64)
            if array.ndim == 1:
                array = array[:, None]
        else:
            ragged = cast("Sequence[Sequence[int]]", rankings)
            rows = [[int(c) for c in row] for row in ragged]
            width = max((len(row) for row in rows), default=0)
            array = np.full((len(rows), max(width, 1)), -1, dtype=np.int64)
            for position, row in enumerate(rows):
                array[position, : len(row)] = row
        weights = (
            np.ones(array.shape[0]) if counts is None else np.asarray(counts, dtype=np.float64)
        )
        return cls(tuple(candidates), array, weights, n_seats=n_seats, title=title)

    # -- views --------------------------------------------------------------------------------
    @property
    def n_candidates(self) -> int:
        """Number of candidates."""
        return len(self.candidates)

    @property
    def n_ballots(self) -> float:
        """Total weight of all ballots (voters)."""
        return float(self.counts.sum())

    @property
    def max_rank(self) -> int:
        """Longest ranking the array can hold."""
        return int(self.rankings.shape[1])

    def first_preferences(self) -> FloatArray:
        """Weight of first preferences per candidate (empty ballots count for no one)."""
        first = self.rankings[:, 0]
        keep = first >= 0
        return np.bincount(
            first[keep], weights=self.counts[keep], minlength=self.n_candidates
        ).astype(np.float64)

    def aggregate(self) -> Ballots:
        """Merge identical rankings, summing their counts; rows with zero weight are dropped.

        Rankings are encoded as one integer per row (base ``n_candidates + 1``) where that fits in
        64 bits, and merged by hashing those integers (``pandas.factorize``), so a million
        ballots take one pass; otherwise rows are merged with ``np.unique(axis=0)``.
        """
        rankings = self.rankings
        base = self.n_candidates + 1
        if base ** rankings.shape[1] < 2**62:
            powers = base ** np.arange(rankings.shape[1] - 1, -1, -1, dtype=np.int64)
            codes = (rankings + 1) @ powers
            inverse, unique_codes = pd.factorize(codes, sort=True)  # hashing, not sorting rows
            merged = np.bincount(inverse, weights=self.counts, minlength=len(unique_codes))
            digits = np.empty((len(unique_codes), rankings.shape[1]), dtype=np.int64)
            rest = np.asarray(unique_codes, dtype=np.int64).copy()
            for column in range(rankings.shape[1] - 1, -1, -1):
                digits[:, column] = rest % base - 1
                rest //= base
            unique_rows = digits
        else:
            unique_rows, inverse = np.unique(rankings, axis=0, return_inverse=True)
            inverse = inverse.reshape(-1)
            merged = np.bincount(inverse, weights=self.counts, minlength=len(unique_rows))
        keep = merged > 0
        return Ballots(
            self.candidates,
            unique_rows[keep],
            merged[keep].astype(np.float64),
            n_seats=self.n_seats,
            title=self.title,
        )

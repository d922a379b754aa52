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
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import numpy.typing as npt

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
        withdrawn: Candidates (indices) who withdrew after the ballot papers were printed (a
            BLT file's negative line): no ranking holds them, and a count never elects them.
    """

    candidates: tuple[str, ...]
    rankings: IntArray
    counts: FloatArray
    n_seats: int | None = None
    title: str = ""
    withdrawn: tuple[int, ...] = ()
    _grouped: _Grouped | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        rankings = np.asarray(self.rankings)
        if rankings.ndim != 2:
            raise DataFormatError(f"rankings must be 2-D (ballots x ranks), not {rankings.ndim}-D")
        counts = np.asarray(self.counts, dtype=np.float64)
        if counts.shape != (rankings.shape[0],):
            raise DataFormatError(
                f"counts has shape {counts.shape}; expected ({rankings.shape[0]},), one per ballot"
            )
        if not np.issubdtype(rankings.dtype, np.signedinteger):
            rankings = rankings.astype(np.int64)
        n_candidates = len(self.candidates)
        if any(not 0 <= c < n_candidates for c in self.withdrawn):
            raise DataFormatError(
                f"withdrawn candidates are indices 0..{n_candidates - 1}; got {self.withdrawn}"
            )
        if rankings.size and (rankings.min() < -1 or rankings.max() >= n_candidates):
            raise DataFormatError(
                f"rankings hold candidate indices 0..{n_candidates - 1} (or -1 for no further "
                f"preference); found {int(rankings.min())}..{int(rankings.max())}"
            )
        checked = counts[:1] if counts.strides == (0,) else counts  # one value repeated
        if checked.size and not ((checked >= 0).all() and np.isfinite(checked.sum())):
            raise DataFormatError("ballot counts must be finite and non-negative")
        grouped = None
        if rankings.shape[0] > _GROUP_ABOVE:
            grouped = _group(rankings, counts, n_candidates)
        _check_rankings(rankings, grouped, n_candidates)  # each distinct ranking once
        # Read-only views: the caller's arrays keep their own flags, no copy of a big array.
        rankings = rankings.view()
        rankings.setflags(write=False)
        counts = counts.view()
        counts.setflags(write=False)
        object.__setattr__(self, "rankings", rankings)
        object.__setattr__(self, "counts", counts)
        object.__setattr__(self, "_grouped", grouped)

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
        withdrawn: Sequence[int] = (),
    ) -> Ballots:
        """Build ballots from rankings of candidate indices (ragged lists are padded with -1);
        ``withdrawn`` candidates must appear in no ranking."""
        if isinstance(rankings, np.ndarray):
            # Integer arrays are used as they are (not copied: do not modify them afterwards).
            array = rankings if rankings.dtype.kind == "i" else rankings.astype(np.int64)
            if array.ndim == 1:
                array = array[:, None]
        else:
            ragged = cast("Sequence[Sequence[int]]", rankings)
            rows = [[int(c) for c in row] for row in ragged]
            width = max((len(row) for row in rows), default=0)
            array = np.full((len(rows), max(width, 1)), -1, dtype=np.int64)
            for position, row in enumerate(rows):
                array[position, : len(row)] = row
        weights = (  # one voter per row: a read-only broadcast, no million-long array
            np.broadcast_to(np.float64(1.0), (array.shape[0],))
            if counts is None
            else np.asarray(counts, dtype=np.float64)
        )
        return cls(
            tuple(candidates),
            array,
            weights,
            n_seats=n_seats,
            title=title,
            withdrawn=tuple(sorted({int(c) for c in withdrawn})),
        )

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

        Each ranking is packed into one integer (base ``n_candidates + 1``, one digit per
        rank) and identical codes are merged with ``np.bincount`` (or by hashing when the code
        space is too large for bins), so a million ballots take one pass and no row is sorted.
        Profiles of more than a few thousand rows are grouped once, when they are built, and
        this returns that grouping; rankings too long to pack fall back to
        ``np.unique(axis=0)``.
        """
        grouped = (
            self._grouped
            if self._grouped is not None
            else _group(self.rankings, self.counts, self.n_candidates)
        )
        if grouped is None:
            unique_rows, inverse = np.unique(
                self.rankings.astype(np.int64), axis=0, return_inverse=True
            )
            merged = np.bincount(
                inverse.reshape(-1), weights=self.counts, minlength=len(unique_rows)
            )
            grouped = _Grouped(unique_rows, np.asarray(merged, dtype=np.float64))
        keep = grouped.counts > 0
        return Ballots._trusted(
            self.candidates,
            grouped.rows[keep],
            grouped.counts[keep],
            n_seats=self.n_seats,
            title=self.title,
            withdrawn=self.withdrawn,
        )

    def for_count(self) -> Ballots:
        """The profile a count should run on: the merged one when merging saves rows.

        A count is the same on merged and unmerged ballots (every transfer moves whole rows at
        their weight), so counts use the merged profile when the ballots were grouped on
        construction (large profiles).
        """
        if self._grouped is not None and len(self._grouped.counts) < self.rankings.shape[0]:
            return self.aggregate()
        return self

    @classmethod
    def _trusted(
        cls,
        candidates: tuple[str, ...],
        rankings: IntArray,
        counts: FloatArray,
        *,
        n_seats: int | None,
        title: str,
        withdrawn: tuple[int, ...] = (),
    ) -> Ballots:
        """Ballots built from rows already checked (the merged rows of a checked profile)."""
        ballots = object.__new__(cls)
        rankings = np.ascontiguousarray(rankings, dtype=np.int64)
        counts = np.ascontiguousarray(counts, dtype=np.float64)
        rankings.setflags(write=False)
        counts.setflags(write=False)
        for name, value in (
            ("candidates", candidates),
            ("rankings", rankings),
            ("counts", counts),
            ("n_seats", n_seats),
            ("title", title),
            ("withdrawn", withdrawn),
            ("_grouped", None),
        ):
            object.__setattr__(ballots, name, value)
        return ballots


#: Profiles with more rows than this are grouped (packed codes + bincount) when built, and
#: checked one distinct ranking at a time.
_GROUP_ABOVE = 4096
#: Largest code space counted with dense bins (``np.bincount``); larger ones are hashed.
_MAX_BINS = 1 << 22


@dataclass(frozen=True, slots=True)
class _Grouped:
    """Distinct rankings of a profile (sorted by packed code) and their summed counts."""

    rows: IntArray
    counts: FloatArray


def pack_rankings(
    rankings: npt.NDArray[np.signedinteger], n_candidates: int
) -> npt.NDArray[Any] | None:
    """One integer per ranking: digits ``candidate + 1`` (0 for no preference) in base
    ``n_candidates + 1``, first preference most significant; ``None`` when the code would not
    fit in 62 bits. Rankings must already hold only ``-1..n_candidates - 1``.

    With fewer than 127 candidates the rankings are narrowed to ``int8`` (no copy when they
    already are) and laid out one preference per contiguous column; the code is built by
    Horner's rule in the narrowest signed type that holds it (``int16`` for five candidates and
    five ranks), adding the ``+1`` of every digit once at the end.
    """
    base = n_candidates + 1
    width = rankings.shape[1]
    space = base**width
    if space >= 2**62:
        return None
    dtype: type[np.signedinteger[Any]] = (
        np.int16 if space < 1 << 15 else np.int32 if space < 1 << 31 else np.int64
    )
    narrow = rankings
    if n_candidates < 127 and rankings.dtype != np.int8:
        narrow = rankings.astype(np.int8)  # one contiguous pass
    columns = np.ascontiguousarray(narrow.T)  # preference j of every ballot, contiguous
    codes: npt.NDArray[Any] = columns[0].astype(dtype)
    for column in columns[1:]:
        codes *= dtype(base)
        codes += column
    codes += dtype(sum(base**power for power in range(width)))  # the +1 of every digit
    return codes


def unpack_rankings(codes: npt.ArrayLike, n_candidates: int, width: int) -> IntArray:
    """The rankings (``-1`` padded) of packed codes (inverse of :func:`pack_rankings`)."""
    base = n_candidates + 1
    rest = np.asarray(codes).astype(np.int64)
    rows = np.empty((rest.shape[0], width), dtype=np.int64)
    for column in range(width - 1, -1, -1):
        rows[:, column] = rest % base - 1
        rest //= base
    return rows


def _group(
    rankings: npt.NDArray[np.signedinteger], counts: FloatArray, n_candidates: int
) -> _Grouped | None:
    """Distinct rankings and summed counts by packed code; ``None`` when they do not pack."""
    codes = pack_rankings(rankings, n_candidates)
    if codes is None:
        return None
    space = (n_candidates + 1) ** rankings.shape[1]
    uniform = counts.strides == (0,) and counts.size  # e.g. one voter per row
    if space <= max(_MAX_BINS, 4 * len(codes)):
        occurrences = None
        if uniform:
            occurrences = np.bincount(codes, minlength=space)
            merged = occurrences * float(counts[0])
        else:
            merged = np.asarray(np.bincount(codes, weights=counts, minlength=space), np.float64)
            if not (counts > 0).all():  # a zero-weight ballot must still be checked
                occurrences = np.bincount(codes, minlength=space)
        unique_codes = np.flatnonzero(merged if occurrences is None else occurrences)
        summed = np.asarray(merged[unique_codes], dtype=np.float64)
    else:
        import pandas as pd

        inverse, uniques = pd.factorize(codes, sort=False)  # hashing, no sort of all rows
        order = np.argsort(uniques, kind="stable")
        unique_codes = np.asarray(uniques)[order]
        summed = np.asarray(
            np.bincount(inverse, weights=counts, minlength=len(uniques))[order], np.float64
        )
    return _Grouped(unpack_rankings(unique_codes, n_candidates, rankings.shape[1]), summed)


def _first_bad_row(rows: npt.NDArray[np.signedinteger]) -> tuple[int, str] | None:
    """The first ranking that skips a preference or ranks a candidate twice, and which fault."""
    if rows.shape[1] <= 1 or not rows.shape[0]:
        return None
    blank = rows < 0
    gap = np.any(blank[:, :-1] & ~blank[:, 1:], axis=1)
    if gap.any():
        return int(
            np.flatnonzero(gap)[0]
        ), "skips a preference: -1 may only pad the end of a ranking"
    ordered = np.sort(np.where(blank, -1 - np.arange(rows.shape[1]), rows), axis=1)
    repeated = np.any(ordered[:, 1:] == ordered[:, :-1], axis=1)
    if repeated.any():
        return int(np.flatnonzero(repeated)[0]), "ranks the same candidate twice"
    return None


def _check_rankings(
    rankings: npt.NDArray[np.signedinteger], grouped: _Grouped | None, n_candidates: int
) -> None:
    """Raise for the first bad ballot (by its row in ``rankings``); grouped profiles are checked
    one distinct ranking at a time and the row is looked up only when one is bad."""
    if grouped is None:
        bad = _first_bad_row(rankings)
        if bad is not None:
            raise DataFormatError(f"ballot {bad[0]} {bad[1]}")
        return
    bad = _first_bad_row(grouped.rows)
    if bad is None:
        return
    codes = pack_rankings(rankings, n_candidates)
    bad_code = pack_rankings(grouped.rows[bad[0] : bad[0] + 1], n_candidates)
    row = -1 if codes is None or bad_code is None else int(np.flatnonzero(codes == bad_code[0])[0])
    raise DataFormatError(f"ballot {row} {bad[1]}")

"""Ranked ballots as arrays, and readers for users' own ranked ballots (CSV and BLT).

A profile of ranked ballots is held as one ``(n_unique_ballots, max_rank)`` integer array of
candidate indices (``-1`` pads a truncated ballot after its last preference) and a weight column
(how many voters cast that ballot). Identical ballots are merged by :meth:`Ballots.aggregate`, so
a million ballots over a handful of candidates become a few hundred rows; every count in
:mod:`psephos.systems.count` then works on whole columns at once.

File formats:

* **CSV**: a header row; columns named ``rank1``, ``rank2``, ... (or ``1``, ``2``, ...) hold the
  candidate named at each preference, blank cells after the last preference; an optional
  ``count`` (or ``weight``) column says how many voters cast the ballot (default 1).
* **BLT** (the format of OpenSTV, Droop and the ERS counting programs, described by Hill, Wichmann
  & Woodall, *Algorithm 123*, The Computer Journal 30(3), 1987): first line ``n_candidates
  n_seats``; an optional line of negative numbers listing withdrawn candidates; one line per
  ballot, ``weight c1 c2 ... 0`` with 1-based candidate numbers; a line ``0``; then one quoted
  name per candidate and a quoted title.
"""

from __future__ import annotations

import csv
import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from psephos.errors import DataFormatError, did_you_mean

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
    ) -> Ballots:
        """Build ballots from rankings of candidate indices (ragged lists are padded with -1)."""
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


# -- readers ----------------------------------------------------------------------------------

_RANK_COLUMN = re.compile(r"^(?:rank|pref|preference)?[ _]?(\d+)$", re.IGNORECASE)


def read_ballots_csv(path: str | Path, *, candidates: Sequence[str] | None = None) -> Ballots:
    """Read ranked ballots from a CSV file (one ballot per row; see the module docstring).

    Args:
        path: The CSV file.
        candidates: The full candidate list, if known; otherwise every name that appears, in
            order of first appearance. Names are matched exactly after trimming spaces.

    Raises:
        DataFormatError: naming the file, the row and what is wrong (no rank columns, a gap in
            a ranking, a repeated or unknown candidate, a bad count).
    """
    file = Path(path)
    if not file.is_file():
        raise DataFormatError(f"Ballot file {str(file)!r} does not exist.")
    with file.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        try:
            header = [cell.strip() for cell in next(reader)]
        except StopIteration:
            raise DataFormatError(f"Ballot file {str(file)!r} is empty.") from None
        rank_columns: list[tuple[int, int]] = []
        count_column: int | None = None
        for position, name in enumerate(header):
            match = _RANK_COLUMN.match(name)
            if match:
                rank_columns.append((int(match.group(1)), position))
            elif name.lower() in ("count", "weight", "n", "votes"):
                count_column = position
        if not rank_columns:
            raise DataFormatError(
                f"{file.name}: no preference columns in header {header!r}; name them rank1, "
                "rank2, ... (and optionally a 'count' column)."
            )
        rank_columns.sort()
        known = list(candidates) if candidates is not None else []
        index = {name: i for i, name in enumerate(known)}
        rows: list[list[int]] = []
        weights: list[float] = []
        for line_number, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            names = [
                record[position].strip() if position < len(record) else ""
                for _, position in rank_columns
            ]
            while names and not names[-1]:
                names.pop()
            if "" in names:
                raise DataFormatError(
                    f"{file.name}, line {line_number}: preference "
                    f"{names.index('') + 1} is blank but a later one is filled; rankings "
                    "must not skip a preference."
                )
            ranking: list[int] = []
            for name in names:
                if name not in index:
                    if candidates is not None:
                        raise DataFormatError(
                            f"{file.name}, line {line_number}: unknown candidate {name!r}."
                            + (did_you_mean(name, known) or f" Candidates: {', '.join(known)}.")
                        )
                    index[name] = len(known)
                    known.append(name)
                if index[name] in ranking:
                    raise DataFormatError(
                        f"{file.name}, line {line_number}: candidate {name!r} is ranked twice."
                    )
                ranking.append(index[name])
            weight = 1.0
            if count_column is not None:
                text = record[count_column].strip() if count_column < len(record) else ""
                try:
                    weight = float(text.replace(",", "")) if text else 1.0
                except ValueError:
                    raise DataFormatError(
                        f"{file.name}, line {line_number}: count {text!r} is not a number."
                    ) from None
                if weight < 0 or not np.isfinite(weight):
                    raise DataFormatError(
                        f"{file.name}, line {line_number}: count {text!r} must be non-negative."
                    )
            rows.append(ranking)
            weights.append(weight)
    if not rows:
        raise DataFormatError(f"{file.name}: no ballots after the header.")
    return Ballots.from_rankings(known, rows, weights, title=file.stem)


def read_blt(path: str | Path) -> Ballots:
    """Read ranked ballots from a BLT file (see the module docstring).

    Equal preferences (``=``) are not supported. Withdrawn candidates are removed from every
    ballot (later preferences move up).

    Raises:
        DataFormatError: naming the file, the line and what is wrong.
    """
    file = Path(path)
    if not file.is_file():
        raise DataFormatError(f"Ballot file {str(file)!r} does not exist.")
    lines = [
        (number, line.split("#", 1)[0].strip())
        for number, line in enumerate(file.read_text(encoding="utf-8-sig").splitlines(), 1)
    ]
    lines = [(number, line) for number, line in lines if line]
    if not lines:
        raise DataFormatError(f"{file.name}: empty BLT file.")

    def integers(number: int, line: str) -> list[int]:
        try:
            return [int(token) for token in line.split()]
        except ValueError:
            raise DataFormatError(
                f"{file.name}, line {number}: expected whole numbers, got {line!r}"
                + (" (equal preferences '=' are not supported)" if "=" in line else "")
            ) from None

    head = integers(*lines[0])
    if len(head) != 2 or head[0] < 1 or head[1] < 1:
        raise DataFormatError(
            f"{file.name}, line {lines[0][0]}: the first line must be 'n_candidates n_seats', "
            f"got {lines[0][1]!r}"
        )
    n_candidates, n_seats = head
    position = 1
    withdrawn: set[int] = set()
    if position < len(lines) and lines[position][1].startswith("-"):
        withdrawn = {-value - 1 for value in integers(*lines[position])}
        position += 1
    rows: list[list[int]] = []
    weights: list[float] = []
    while True:
        if position >= len(lines):
            raise DataFormatError(f"{file.name}: the ballots must end with a line '0'.")
        number, line = lines[position]
        position += 1
        if line == "0":
            break
        if "=" in line:
            raise DataFormatError(
                f"{file.name}, line {number}: equal preferences ('=') are not supported."
            )
        tokens = line.split()
        try:
            weight = float(tokens[0])
        except ValueError:
            raise DataFormatError(
                f"{file.name}, line {number}: ballot weight {tokens[0]!r} is not a number."
            ) from None
        values = integers(number, " ".join(tokens[1:]))
        if not values or values[-1] != 0:
            raise DataFormatError(f"{file.name}, line {number}: a ballot must end with 0.")
        ranking = [value - 1 for value in values[:-1]]
        if any(value < 0 or value >= n_candidates for value in ranking):
            raise DataFormatError(
                f"{file.name}, line {number}: candidate numbers must be 1..{n_candidates}."
            )
        if len(set(ranking)) != len(ranking):
            raise DataFormatError(f"{file.name}, line {number}: a candidate is ranked twice.")
        if weight < 0:
            raise DataFormatError(f"{file.name}, line {number}: negative ballot weight.")
        rows.append([value for value in ranking if value not in withdrawn])
        weights.append(weight)
    names: list[str] = []
    for number, line in lines[position:]:
        try:
            names.extend(shlex.split(line))
        except ValueError:
            raise DataFormatError(f"{file.name}, line {number}: unbalanced quotes.") from None
    if len(names) < n_candidates:
        raise DataFormatError(
            f"{file.name}: {n_candidates} candidates declared but {len(names)} names given."
        )
    title = names[n_candidates] if len(names) > n_candidates else file.stem
    return Ballots.from_rankings(names[:n_candidates], rows, weights, n_seats=n_seats, title=title)


def write_blt(ballots: Ballots, path: str | Path, *, n_seats: int | None = None) -> None:
    """Write ballots as a BLT file (weights written as given; the inverse of :func:`read_blt`)."""
    seats = n_seats or ballots.n_seats or 1
    out = [f"{ballots.n_candidates} {seats}"]
    for ranking, weight in zip(ballots.rankings, ballots.counts, strict=True):
        preferences = " ".join(str(int(c) + 1) for c in ranking if c >= 0)
        weight_text = str(int(weight)) if float(weight).is_integer() else repr(float(weight))
        out.append(f"{weight_text} {preferences} 0".replace("  ", " "))
    out.append("0")
    out.extend(f'"{name}"' for name in ballots.candidates)
    out.append(f'"{ballots.title or "psephos"}"')
    Path(path).write_text("\n".join(out) + "\n", encoding="utf-8")

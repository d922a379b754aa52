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
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import numpy as np
import numpy.typing as npt
import pandas as pd

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

"""Users' ranked-ballot files: CSV and BLT, each row checked against a declared schema.

* **CSV**: a header row; columns named ``rank1``, ``rank2``, ... (or ``1``, ``2``, ..., or
  ``1st choice``, ``2nd choice``, ..., as a form names its questions) hold the
  candidate named at each preference, blank cells after the last preference; an optional
  ``count`` (or ``weight``) column says how many voters cast the ballot (default 1). Row schema:
  :class:`BallotRow`.
* **BLT** (the format of OpenSTV, Droop and the ERS counting programs, described by Hill, Wichmann
  & Woodall, *Algorithm 123*, The Computer Journal 30(3), 1987): first line ``n_candidates
  n_seats``; an optional line of negative numbers listing withdrawn candidates; one line per
  ballot, ``weight c1 c2 ... 0`` with 1-based candidate numbers; a line ``0``; then one quoted
  name per candidate and a quoted title. Row schema: :class:`BltBallotRow`.

Errors name the file, the line and what is wrong.
"""

from __future__ import annotations

import io
import math
import re
import shlex
from collections.abc import Sequence
from pathlib import Path

from pydantic import Field, ValidationInfo, field_validator

from psephos.errors import DataFormatError, did_you_mean
from psephos.io.rows import (
    FileText,
    Row,
    csv_reader,
    delimiter_of,
    file_error,
    file_named,
    read_file,
    sheet_of,
    validate_row,
    without_separators,
)
from psephos.model.ballots import Ballots

#: A preference's column: ``rank1``, ``pref 2``, ``Preference 3``, ``Choice 1``, ``3``, or an
#: ordinal as a form's questions name them (``1st``, ``2nd choice``, ``3rd preference``).
_RANK_COLUMN = re.compile(
    r"^(?:(?:rank|pref|preference|choice)[ _]?)?(\d+)"
    r"(?:(?:st|nd|rd|th)(?:[ _]?(?:choice|pref|preference|rank|place))?)?$",
    re.IGNORECASE,
)
_COUNT_COLUMNS = ("count", "weight", "n", "votes")
#: What messages call a ballot file (:func:`psephos.io.rows.file_named`).
WHAT = "ballot file"


class BallotRow(Row):
    """One CSV ballot: the names ranked, most preferred first, and how many voters cast it."""

    names: list[str]
    count: float = 1.0

    @field_validator("names")
    @classmethod
    def _no_gap_no_repeat(cls, names: list[str]) -> list[str]:
        names = [name.strip() for name in names]
        while names and not names[-1]:
            names.pop()
        if "" in names:
            raise ValueError(
                f"preference {names.index('') + 1} is blank but a later one is filled; "
                "rankings must not skip a preference"
            )
        repeated = [name for i, name in enumerate(names) if name in names[:i]]
        if repeated:
            raise ValueError(f"candidate {repeated[0]!r} is ranked twice")
        return names

    @field_validator("count", mode="before")
    @classmethod
    def _count(cls, value: object) -> float:
        text = str(value if value is not None else "").strip()
        if not text:
            return 1.0
        try:
            count = float(without_separators(text))
        except ValueError:
            raise ValueError(f"count {text!r} is not a number") from None
        if count < 0 or not math.isfinite(count):
            raise ValueError(f"count {text!r} must be non-negative")
        return count


class BltBallotRow(Row):
    """One BLT ballot line: a weight and 1-based candidate numbers ending with 0 (the number of
    candidates comes in the validation context as ``n_candidates``)."""

    weight: float = Field(ge=0)
    preferences: list[int]

    @field_validator("preferences")
    @classmethod
    def _valid_preferences(cls, values: list[int], info: ValidationInfo) -> list[int]:
        if not values or values[-1] != 0:
            raise ValueError("a ballot must end with 0")
        ranking = values[:-1]
        n_candidates = int((info.context or {}).get("n_candidates", 0))
        if any(value < 1 or value > n_candidates for value in ranking):
            raise ValueError(f"candidate numbers must be 1..{n_candidates}")
        if len(set(ranking)) != len(ranking):
            raise ValueError("a candidate is ranked twice")
        return ranking


def _read(path: str | Path) -> FileText:
    """A ballot file (or a workbook's sheet) read by :func:`psephos.io.rows.read_file`.

    Raises:
        DataFormatError: missing, a folder, or as ``read_file``.
    """
    file, _ = sheet_of(path)
    if not file.is_file():  # missing, or a folder (file_error says which)
        raise file_error(file, FileNotFoundError(), what=WHAT)
    return read_file(path, what=WHAT)


def _columns(header: list[str], what: str) -> tuple[list[int], int | None]:
    """Positions of the rank columns (in preference order) and of the count column."""
    ranks: list[tuple[int, int]] = []
    count_column = None
    for position, name in enumerate(header):
        match = _RANK_COLUMN.match(name)
        if match:
            ranks.append((int(match.group(1)), position))
        elif name.lower() in _COUNT_COLUMNS:
            count_column = position
    if not ranks:
        raise DataFormatError(
            f"{what}: no preference columns in header {header!r}; name them rank1, "
            "rank2, ... (and optionally a 'count' column)."
        )
    return [position for _, position in sorted(ranks)], count_column


class _Candidates:
    """Names -> indices, growing unless the candidate list was given."""

    def __init__(self, given: Sequence[str] | None) -> None:
        self.fixed = given is not None
        self.names = list(given) if given is not None else []
        self.index = {name: i for i, name in enumerate(self.names)}

    def ranking(self, names: list[str], where: str) -> list[int]:
        for name in names:
            if name in self.index:
                continue
            if self.fixed:
                raise DataFormatError(
                    f"{where}: unknown candidate {name!r}."
                    + (did_you_mean(name, self.names) or f" Candidates: {', '.join(self.names)}.")
                )
            self.index[name] = len(self.names)
            self.names.append(name)
        return [self.index[name] for name in names]


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
    read = _read(path)
    return parse_ballots_csv(read.text, name=read.name, candidates=candidates)


def parse_ballots_csv(text: str, *, name: str, candidates: Sequence[str] | None = None) -> Ballots:
    """Ranked ballots from the text of a CSV file already read (an upload), as
    :func:`read_ballots_csv` reads a file; ``name`` is the file's name, for the messages and
    the title (its stem).

    Raises:
        DataFormatError: as :func:`read_ballots_csv`.
    """
    what = file_named(WHAT, name)
    first = next((line for line in text.lstrip("\ufeff").splitlines() if line.strip()), "")
    with io.StringIO(text, newline="") as handle:
        # a spreadsheet saved with a European locale writes rank1;rank2 (as every CSV reader)
        reader = csv_reader(handle, delimiter=delimiter_of(first), what=what)
        try:
            header = [cell.strip() for cell in next(reader)]
        except StopIteration:
            raise DataFormatError(f"The {what} is empty.") from None
        rank_positions, count_position = _columns(header, what)
        known = _Candidates(candidates)
        rows: list[list[int]] = []
        weights: list[float] = []
        for line_number, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            cells = record + [""] * (len(header) - len(record))
            fields: dict[str, object] = {"names": [cells[p] for p in rank_positions]}
            if count_position is not None:
                fields["count"] = cells[count_position]
            row = validate_row(BallotRow, fields, what=what, row=line_number, unit="line")
            rows.append(known.ranking(row.names, f"{what} line {line_number}"))
            weights.append(row.count)
    if not rows:
        raise DataFormatError(f"The {what} has no ballots after the header.")
    return Ballots.from_rankings(known.names, rows, weights, title=Path(name).stem)


def _integers(what: str, number: int, line: str) -> list[int]:
    try:
        return [int(token) for token in line.split()]
    except ValueError:
        raise DataFormatError(
            f"{what} line {number}: expected whole numbers, got {line!r}"
            + (" (equal preferences '=' are not supported)" if "=" in line else "")
        ) from None


def _blt_lines(text: str, what: str) -> list[tuple[int, str]]:
    """Numbered non-blank lines with comments (``#``) removed."""
    lines = [
        (number, line.split("#", 1)[0].strip()) for number, line in enumerate(text.splitlines(), 1)
    ]
    lines = [(number, line) for number, line in lines if line]
    if not lines:
        raise DataFormatError(f"The {what} is empty.")
    return lines


def _blt_head(what: str, lines: list[tuple[int, str]]) -> tuple[int, int, set[int], int]:
    """Candidates, seats, withdrawn candidates (0-based) and the position of the first ballot."""
    head = _integers(what, *lines[0])
    if len(head) != 2 or head[0] < 1 or head[1] < 1:
        raise DataFormatError(
            f"{what} line {lines[0][0]}: the first line must be 'n_candidates n_seats', "
            f"got {lines[0][1]!r}"
        )
    if len(lines) > 1 and lines[1][1].startswith("-"):
        withdrawn = {-value - 1 for value in _integers(what, *lines[1])}
        if any(not 0 <= c < head[0] for c in withdrawn):
            raise DataFormatError(
                f"{what} line {lines[1][0]}: withdrawn candidates are -1 to -{head[0]} (the "
                f"file has {head[0]} candidates), got {lines[1][1]!r}"
            )
        return head[0], head[1], withdrawn, 2
    return head[0], head[1], set(), 1


def _blt_ballot(what: str, number: int, line: str, n_candidates: int) -> BltBallotRow:
    if "=" in line:
        raise DataFormatError(f"{what} line {number}: equal preferences ('=') are not supported.")
    tokens = line.split()
    try:
        weight = float(tokens[0])
    except ValueError:
        raise DataFormatError(
            f"{what} line {number}: ballot weight {tokens[0]!r} is not a number."
        ) from None
    record = {"weight": weight, "preferences": _integers(what, number, " ".join(tokens[1:]))}
    return validate_row(
        BltBallotRow,
        record,
        what=what,
        row=number,
        unit="line",
        context={"n_candidates": n_candidates},
    )


def _blt_names(what: str, lines: list[tuple[int, str]]) -> list[str]:
    names: list[str] = []
    for number, line in lines:
        try:
            names.extend(shlex.split(line))
        except ValueError:
            raise DataFormatError(f"{what} line {number}: unbalanced quotes.") from None
    return names


def read_blt(path: str | Path) -> Ballots:
    """Read ranked ballots from a BLT file (see the module docstring).

    Equal preferences (``=``) are not supported. Withdrawn candidates are removed from every
    ballot (later preferences move up).

    Raises:
        DataFormatError: naming the file, the line and what is wrong.
    """
    read = _read(path)
    return parse_blt(read.text, name=read.name)


def parse_blt(text: str, *, name: str) -> Ballots:
    """Ranked ballots from the text of a BLT file already read (an upload), as
    :func:`read_blt` reads a file; ``name`` is the file's name, for the messages and the
    title when the file has none (its stem).

    Raises:
        DataFormatError: as :func:`read_blt`.
    """
    what = file_named(WHAT, name)
    lines = _blt_lines(text, what)
    n_candidates, n_seats, withdrawn, position = _blt_head(what, lines)
    rows: list[list[int]] = []
    weights: list[float] = []
    for number, line in lines[position:]:
        position += 1
        if line == "0":
            break
        ballot = _blt_ballot(what, number, line, n_candidates)
        rows.append([value - 1 for value in ballot.preferences if value - 1 not in withdrawn])
        weights.append(ballot.weight)
    else:
        raise DataFormatError(f"{what}: the ballots must end with a line '0'.")
    names = _blt_names(what, lines[position:])
    if len(names) < n_candidates:
        raise DataFormatError(
            f"{what}: {n_candidates} candidates declared but {len(names)} names given."
        )
    title = names[n_candidates] if len(names) > n_candidates else Path(name).stem
    return Ballots.from_rankings(
        names[:n_candidates],
        rows,
        weights,
        n_seats=n_seats,
        title=title,
        withdrawn=sorted(withdrawn),
    )


def read_ballot_file(path: str | Path) -> Ballots:
    """Ranked ballots from a file, BLT when its name ends ``.blt`` (any case), else CSV
    (:func:`read_blt`, :func:`read_ballots_csv`), as ``psephos count-ballots`` reads it.

    Raises:
        DataFormatError: as the reader of its format.
    """
    read = _read(path)
    return parse_ballot_file(read.text, name=read.name)


def parse_ballot_file(text: str, *, name: str) -> Ballots:
    """Ranked ballots from the text of a file already read (an upload), its format chosen by
    its ``name`` as :func:`read_ballot_file` chooses it.

    Raises:
        DataFormatError: as the reader of its format.
    """
    if Path(name).suffix.lower() == ".blt":
        return parse_blt(text, name=name)
    return parse_ballots_csv(text, name=name)


def write_blt(ballots: Ballots, path: str | Path, *, n_seats: int | None = None) -> None:
    """Write ballots as a BLT file (weights written as given; the inverse of :func:`read_blt`)."""
    seats = n_seats or ballots.n_seats or 1
    out = [f"{ballots.n_candidates} {seats}"]
    if ballots.withdrawn:
        out.append(" ".join(f"-{c + 1}" for c in ballots.withdrawn))
    for ranking, weight in zip(ballots.rankings, ballots.counts, strict=True):
        preferences = " ".join(str(int(c) + 1) for c in ranking if c >= 0)
        weight_text = str(int(weight)) if float(weight).is_integer() else repr(float(weight))
        out.append(f"{weight_text} {preferences} 0".replace("  ", " "))
    out.append("0")
    out.extend(f'"{name}"' for name in ballots.candidates)
    out.append(f'"{ballots.title or "psephos"}"')
    Path(path).write_text("\n".join(out) + "\n", encoding="utf-8")

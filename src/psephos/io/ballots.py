"""Users' ranked-ballot files: CSV and BLT, each row checked against a declared schema.

* **CSV**: a header row; columns named ``rank1``, ``rank2``, ... (or ``1``, ``2``, ..., or
  ``1st choice``, ``2nd choice``, ..., as a form names its questions) hold the
  candidate named at each preference, blank cells after the last preference; an optional
  ``count`` (or ``n``, ``votes``) column says how many voters cast the ballot (default 1), a
  whole number; a column headed ``weight`` instead gives each ballot a weight, which may be a
  fraction. A row of empty cells (``,,``) is a blank ballot, ranking nobody (an empty line is
  no row). Row schema: :class:`BallotRow`.
* **Ranking column**, as Microsoft Forms exports its "Ranking" question, read where the header
  has no preference columns: the one column (not a form's own) whose cells list the candidates
  in the voter's order, separated by ``;`` (``Alice;Bob;Cara;``), with a note saying so.
* **Grid CSV**, as Google Forms exports a ranking question (a "multiple-choice grid"), read
  where the header has no preference columns: one column per candidate, each cell the rank
  the voter gave them (``1``, ``1st``, ``1st choice``, ``First``, ``First choice``,
  ``Choice 1``, ``Rank 1``; blank: unranked). The candidates' columns are
  named ``Question [Candidate]`` (every one the same question; other columns are ignored, with
  a note for any that is not a form's own: timestamp, email, name, id), else every column
  but those and ``count`` is a candidate's, with a note saying so. Each row is a ballot ranking
  its candidates in the order of their ranks; two candidates given one rank, or a rank that is
  not one, are refused, and ranks that skip one (1, 3) are read in order with a note. Row
  schema: :class:`GridBallotRow`.
* **SurveyMonkey's grid**: its export's two header rows (respondent columns, then each
  question over the first of its columns; under them, each column's option: a ranking's
  candidates), read as a grid of the one question of several columns whose cells give ranks,
  with a note naming the other questions, ignored (:func:`_survey_monkey`).
* **BLT** (the format of OpenSTV, Droop and the ERS counting programs, described by Hill, Wichmann
  & Woodall, *Algorithm 123*, The Computer Journal 30(3), 1987): first line ``n_candidates
  n_seats``; an optional line of negative numbers listing withdrawn candidates; one line per
  ballot, ``weight c1 c2 ... 0`` with 1-based candidate numbers; a line ``0``; then one quoted
  name per candidate and a quoted title. Row schema: :class:`BltBallotRow`.

Either CSV may be a sheet of an .xlsx workbook (:func:`psephos.io.rows.read_file`). Errors name
the file, the line and what is wrong; notes are :class:`~psephos.errors.InputWarning`.
"""

from __future__ import annotations

import io
import math
import re
import shlex
import warnings
from collections.abc import Sequence
from pathlib import Path

from pydantic import Field, ValidationInfo, field_validator

from psephos.errors import DataFormatError, InputWarning, did_you_mean
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
from psephos.numbers import counted, listed, plural_of

#: A preference's column: ``rank1``, ``pref 2``, ``Preference 3``, ``Choice 1``, ``3``, or an
#: ordinal as a form's questions name them (``1st``, ``2nd choice``, ``3rd preference``).
_RANK_COLUMN = re.compile(
    r"^(?:(?:rank|pref|preference|choice)[ _]?)?(\d+)"
    r"(?:(?:st|nd|rd|th)(?:[ _]?(?:choice|pref|preference|rank|place))?)?$",
    re.IGNORECASE,
)
#: Ranks a grid's cell may give in words (``First``, ``Second choice``), first to twentieth.
_ORDINAL_WORDS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
)
_WORD_RANK = re.compile(
    rf"^({'|'.join(_ORDINAL_WORDS)})(?:[ _]?(?:choice|pref|preference|rank|place))?$",
    re.IGNORECASE,
)
#: A candidate's column of a form's ranking question: ``Rank the candidates [Alice]``.
_GRID_COLUMN = re.compile(r"^(?P<question>.*?)\s*\[(?P<candidate>[^\[\]]*[^\[\]\s][^\[\]]*)\]$")
#: A form's own columns, never a candidate's: ``Timestamp``, ``Email address``, ``Name``,
#: ``Respondent ID``, ``Start time``, ``End Date``, ``IP Address``, ``Custom Data 1``.
_FORM_COLUMN = re.compile(
    r"^(?:timestamp|respondent\b.*|collector\b.*|custom data\b.*"
    r"|(?:.*\s)?(?:time|date|e-?mail|e-?mail address|ip address|id|name|language))$",
    re.IGNORECASE,
)
_COUNT_COLUMNS = ("count", "weight", "n", "votes")
#: What messages call a ballot file (:func:`psephos.io.rows.file_named`).
WHAT = "ballot file"
#: How a grid's cells may write a rank, for the messages.
_RANK_WORDS = "1, 1st, 1st choice, First, First choice, Choice 1 or Rank 1"


def _rank_number(text: str) -> int | None:
    """The rank a grid's cell gives, written as a preference column is named
    (:data:`_RANK_COLUMN`: ``1``, ``1st``, ``1st choice``, ``Choice 1``, ``Rank 1``) or in words
    (``First``, ``Second choice``), else ``None``."""
    text = text.strip()
    match = _RANK_COLUMN.match(text)
    if match:
        return int(match.group(1))
    words = _WORD_RANK.match(text)
    return _ORDINAL_WORDS.index(words.group(1).lower()) + 1 if words else None


class _CountedRow(Row):
    """Base of the CSV ballots' row schemas: ``count``, how many voters cast the ballot (a
    blank cell: 1), a whole number, unless the column is headed ``weight`` (the validation
    context's ``weights``: a weight may be a fraction)."""

    count: float = 1.0

    @field_validator("count", mode="before")
    @classmethod
    def _count(cls, value: object, info: ValidationInfo) -> float:
        text = str(value if value is not None else "").strip()
        if not text:
            return 1.0
        try:
            count = float(without_separators(text))
        except ValueError:
            raise ValueError(f"count {text!r} is not a number") from None
        if count < 0 or not math.isfinite(count):
            raise ValueError(f"count {text!r} must be non-negative")
        if not count.is_integer() and not (info.context or {}).get("weights"):
            raise ValueError(
                "not a whole number of ballots; head the column 'weight' to give weighted ballots"
            )
        return count


class BallotRow(_CountedRow):
    """One CSV ballot: the names ranked, most preferred first, and how many voters cast it."""

    names: list[str]

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


class GridBallotRow(_CountedRow):
    """One ballot of a grid (a form's ranking question): each candidate's cell, the rank the
    voter gave them (:func:`_rank_number`; blank: unranked), and how many voters cast it."""

    ranks: dict[str, int]

    @field_validator("ranks", mode="before")
    @classmethod
    def _one_rank_each(cls, cells: dict[str, object]) -> dict[str, int]:
        ranks: dict[str, int] = {}
        for candidate, cell in cells.items():
            text = str(cell if cell is not None else "").strip()
            if not text:
                continue
            rank = _rank_number(text)
            if not rank:  # not a rank, or rank 0
                raise ValueError(f"{candidate}'s rank {text!r} is not a rank; write {_RANK_WORDS}")
            ranks[candidate] = rank
        for rank in sorted(set(ranks.values())):
            tied = [candidate for candidate, given in ranks.items() if given == rank]
            if len(tied) > 1:
                both = "both" if len(tied) == 2 else "all"
                raise ValueError(
                    f"{listed(tied)} are {both} ranked {rank}; give each candidate a different rank"
                )
        return ranks

    @property
    def names(self) -> list[str]:
        """The candidates ranked, most preferred first."""
        return sorted(self.ranks, key=self.ranks.__getitem__)

    @property
    def skips(self) -> bool:
        """Whether its ranks skip one (1, 3: no 2)."""
        return sorted(self.ranks.values()) != list(range(1, len(self.ranks) + 1))


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


def _count_column(header: list[str]) -> int | None:
    """The position of the count column (the last named as one), if any."""
    positions = [p for p, name in enumerate(header) if name.lower() in _COUNT_COLUMNS]
    return positions[-1] if positions else None


def _rank_columns(header: list[str]) -> list[int]:
    """Positions of the preference columns, in preference order (none: not that form)."""
    ranks = [
        (int(match.group(1)), position)
        for position, name in enumerate(header)
        if (match := _RANK_COLUMN.match(name))
    ]
    return [position for _, position in sorted(ranks)]


def _no_columns(header: list[str], what: str) -> DataFormatError:
    return DataFormatError(
        f"{what}: no preference columns in header {header!r}; name them rank1, rank2, ... "
        "(and optionally a 'count' column), or give one column per candidate holding the rank "
        "each voter gave them, as a form's ranking grid does ('Rank the candidates [Alice]', "
        f"cells {_RANK_WORDS}), or one column of each voter's ranking ('Alice;Bob;Cara')."
    )


def _ignored(columns: list[str]) -> str:
    """What a note says of the columns a grid's reading ignores."""
    listed = ", ".join(repr(name) for name in columns)
    if len(columns) == 1:
        return f"its column {listed} is ignored"
    return f"its columns {listed} are ignored"


def _ranking_column(
    header: list[str], records: list[tuple[int, list[str]]], what: str
) -> int | None:
    """The column of a form's ranking question answered in one cell (Microsoft Forms: the
    candidates in the voter's order, ``Alice;Bob;Cara;``), in a header without preference
    columns: the one column, not a form's own or the count, whose filled cells all hold a
    ``;``; ``None`` where there is not exactly one. A note says how the file was read and
    which columns are ignored."""
    count = _count_column(header)
    lists = [
        position
        for position, name in enumerate(header)
        if position != count
        and name
        and not _FORM_COLUMN.match(name)
        and any(cells[position].strip() for _, cells in records)
        and all(";" in cells[position] for _, cells in records if cells[position].strip())
    ]
    if len(lists) != 1:
        return None
    position = lists[0]
    ignored = [
        name
        for p, name in enumerate(header)
        if name and p not in (position, count) and not _FORM_COLUMN.match(name)
    ]
    warnings.warn(
        f"The {what} is read as a ranking question's answers: column {header[position]!r}, "
        "each cell the candidates in the voter's order, separated by ';'"
        + (f"; {_ignored(ignored)}" if ignored else "")
        + ".",
        InputWarning,
        stacklevel=3,
    )
    return position


def _grid(
    header: list[str], records: list[tuple[int, list[str]]], what: str
) -> list[tuple[int, str]]:
    """The candidates' columns, ``(position, name)`` in the header's order, of a header without
    preference columns: those named ``Question [Candidate]``, else every column but a form's
    own and the count, where a cell gives a rank; a note says which columns are ignored (and,
    for the second, how the file was read).

    Raises:
        DataFormatError: no column of either kind, columns of two questions, a candidate's
            two columns.
    """
    count = _count_column(header)
    bracketed = {
        position: match
        for position, name in enumerate(header)
        if position != count and (match := _GRID_COLUMN.match(name))
    }
    others = [(p, name) for p, name in enumerate(header) if name and p != count]
    if bracketed:
        questions = list(dict.fromkeys(match["question"] for match in bracketed.values()))
        if len(questions) > 1:
            raise DataFormatError(
                f"{what}: candidates' columns of {len(questions)} questions "
                f"({', '.join(repr(q) for q in questions)}); a ranking grid is one question's "
                "columns, 'Question [Candidate]': leave out the others."
            )
        candidates = [(p, match["candidate"].strip()) for p, match in bracketed.items()]
        ignored = [n for p, n in others if p not in bracketed and not _FORM_COLUMN.match(n)]
        note = (
            f"is read as a ranking grid, {questions[0]!r}; {_ignored(ignored)}" if ignored else ""
        )
    else:
        candidates = [(p, name) for p, name in others if not _FORM_COLUMN.match(name)]
        ignored = [name for p, name in others if _FORM_COLUMN.match(name)]
        if not any(_rank_number(cells[p]) for _, cells in records for p, _ in candidates):
            raise _no_columns(header, what)
        note = (
            "has no preference columns, so it is read as a ranking grid: a column per "
            f"candidate ({', '.join(name for _, name in candidates)}), each cell the rank a "
            "voter gave them" + (f"; {_ignored(ignored)}" if ignored else "")
        )
    _one_column_each(candidates, what)
    if note:
        warnings.warn(f"The {what} {note}.", InputWarning, stacklevel=3)
    return candidates


def _one_column_each(candidates: list[tuple[int, str]], what: str) -> None:
    """Refuse a grid giving a candidate two columns.

    Raises:
        DataFormatError: naming the candidate.
    """
    names = [name for _, name in candidates]
    repeated = [name for i, name in enumerate(names) if name in names[:i]]
    if repeated:
        raise DataFormatError(f"{what}: candidate {repeated[0]!r} has two columns.")


#: SurveyMonkey's first column, over the respondents' ids, where its export has two header rows.
_SURVEY_MONKEY_ID = "respondent id"


def _survey_monkey(
    header: list[str], records: list[tuple[int, list[str]]], what: str
) -> tuple[list[tuple[int, str]], list[tuple[int, list[str]]]] | None:
    """The candidates' columns (``(position, name)``) and the answers' rows of SurveyMonkey's
    export of a ranking question, else ``None``. Its export has two header rows: the first
    holds its respondent columns (``Respondent ID``, ``Collector ID``, dates, ...) and each
    question over the first of its columns, blank over the rest; the second is blank under the
    respondent columns and names each answer column's option (a ranking's candidates,
    ``Response`` under a question of one answer). The ranking question is the one of several
    columns where a cell gives a rank; a note says how the file was read and names the other
    questions, ignored.

    Raises:
        DataFormatError: no question whose cells give ranks, or more than one, or a candidate's
            two columns.
    """
    ids = [p for p, name in enumerate(header) if name.lstrip("\ufeff").lower() == _SURVEY_MONKEY_ID]
    if not ids or not records or records[0][0] != 2 or records[0][1][ids[0]].strip():
        return None
    options, answers = records[0][1], records[1:]
    if any(_rank_number(option) for option in options):  # an answer, not the options' row
        return None
    questions: dict[str, list[tuple[int, str]]] = {}
    question = ""
    for position, (name, option) in enumerate(zip(header, options, strict=True)):
        question = name or question
        if option.strip() and question:
            questions.setdefault(question, []).append((position, option.strip()))
    ranked = [
        asked
        for asked, columns in questions.items()
        if len(columns) > 1
        and any(_rank_number(cells[p]) for _, cells in answers for p, _ in columns)
    ]
    if len(ranked) != 1:
        found = (
            f"{len(ranked)} questions ({', '.join(map(repr, ranked))})" if ranked else "no question"
        )
        raise DataFormatError(
            f"{what}: SurveyMonkey's two header rows, with {found} whose cells give ranks; a "
            "ranking question is one column per candidate, each cell the rank a voter gave "
            f"them ({_RANK_WORDS})" + (": leave out the others." if ranked else ".")
        )
    candidates = questions[ranked[0]]
    _one_column_each(candidates, what)
    others = [asked for asked in questions if asked != ranked[0]]
    warnings.warn(
        _survey_monkey_note(what, ranked[0], candidates, others), InputWarning, stacklevel=3
    )
    return candidates, answers


def _survey_monkey_note(
    what: str, question: str, candidates: list[tuple[int, str]], others: list[str]
) -> str:
    """The note saying a file was read as SurveyMonkey's ranking ``question``, naming the
    ``others`` questions, ignored."""
    ignored = (
        f"; the other {plural_of(len(others), 'question')}, "
        f"{listed(map(repr, others))}, {'are' if len(others) > 1 else 'is'} ignored"
        if others
        else ""
    )
    return (
        f"The {what} has SurveyMonkey's two header rows, so it is read as its ranking question, "
        f"{question!r}: a column per candidate ({', '.join(name for _, name in candidates)}), "
        f"each cell the rank a voter gave them{ignored}."
    )


class _Candidates:
    """Names -> indices, growing unless the candidate list was given. Names that differ only in
    case (``Alice``, ``alice``: hand-typed ballots and form exports mix them) are one candidate,
    named as first written; :meth:`case_note` says which spellings were merged."""

    def __init__(self, given: Sequence[str] | None) -> None:
        self.fixed = given is not None
        self.names = list(given) if given is not None else []
        self.index = {name.casefold(): i for i, name in enumerate(self.names)}
        #: Other spellings met, per candidate, in the order first met.
        self.spellings: dict[int, list[str]] = {}

    def ranking(
        self, names: list[str], where: str, twice: str = "ranked twice; rank each candidate once"
    ) -> list[int]:
        positions: list[int] = []
        for name in names:
            key = name.casefold()
            if key not in self.index:
                if self.fixed:
                    raise DataFormatError(
                        f"{where}: unknown candidate {name!r}."
                        + (
                            did_you_mean(name, self.names)
                            or f" Candidates: {', '.join(self.names)}."
                        )
                    )
                self.index[key] = len(self.names)
                self.names.append(name)
            position = self.index[key]
            if name != self.names[position] and name not in self.spellings.get(position, ()):
                self.spellings.setdefault(position, []).append(name)
            if position in positions:
                first = names[positions.index(position)]
                raise DataFormatError(
                    f"{where}: {first!r} and {name!r} differ only in case, so they are one "
                    f"candidate, {twice}."
                )
            positions.append(position)
        return positions

    def case_note(self, what: str) -> str | None:
        """The note for names that differ only in case, counted as one candidate."""
        if not self.spellings:
            return None
        merged = [
            f"{listed([repr(s) for s in spellings])} as {self.names[position]!r}"
            for position, spellings in self.spellings.items()
        ]
        return (
            f"The {what} writes some names differing only in case; each is counted as one "
            f"candidate, named as first written: {'; '.join(merged)}."
        )


def read_ballots_csv(path: str | Path, *, candidates: Sequence[str] | None = None) -> Ballots:
    """Read ranked ballots from a CSV file (one ballot per row, in preference columns or a
    ranking grid; see the module docstring).

    Args:
        path: The CSV file (or an .xlsx workbook's sheet).
        candidates: The full candidate list, if known; otherwise every name that appears, in
            order of first appearance (a grid's: its columns, in order). Names are matched
            after trimming spaces and regardless of case (``alice`` is ``Alice``, as first
            written, with a note).

    Raises:
        DataFormatError: naming the file, the row and what is wrong (no rank columns, a gap in
            a ranking, a repeated or unknown candidate, a bad count; in a grid, a cell that is
            not a rank or two candidates given one rank).
    """
    read = _read(path)
    return parse_ballots_csv(read.text, name=read.name, candidates=candidates)


def _csv_records(text: str, what: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and each non-blank row (its line number and cells, as many as the
    header's)."""
    first = next((line for line in text.lstrip("\ufeff").splitlines() if line.strip()), "")
    with io.StringIO(text, newline="") as handle:
        # a spreadsheet saved with a European locale writes rank1;rank2 (as every CSV reader)
        reader = csv_reader(handle, delimiter=delimiter_of(first), what=what)
        try:
            header = [cell.strip() for cell in next(reader)]
        except StopIteration:
            raise DataFormatError(f"The {what} is empty.") from None
        # a row of empty cells (",,") is a blank ballot, counted and noted; an empty line
        # (no cell, or one blank cell) is no row
        records = [
            (line_number, record + [""] * (len(header) - len(record)))
            for line_number, record in enumerate(reader, start=2)
            if any(cell.strip() for cell in record) or len(record) > 1
        ]
    return header, records


def parse_ballots_csv(text: str, *, name: str, candidates: Sequence[str] | None = None) -> Ballots:
    """Ranked ballots from the text of a CSV file already read (an upload), as
    :func:`read_ballots_csv` reads a file; ``name`` is the file's name, for the messages and
    the title (its stem).

    Raises:
        DataFormatError: as :func:`read_ballots_csv`.
    """
    what = file_named(WHAT, name)
    header, records = _csv_records(text, what)
    survey = _survey_monkey(header, records, what)
    grid: list[tuple[int, str]] | None
    if survey is not None:  # SurveyMonkey's ranking question: a grid under two header rows
        (grid, records), count_position, rank_positions, ranking = survey, None, [], None
    else:
        count_position = _count_column(header)
        rank_positions = _rank_columns(header)
        ranking = None if rank_positions else _ranking_column(header, records, what)
        grid = None if rank_positions or ranking is not None else _grid(header, records, what)
    known = _Candidates(candidates)
    if grid is not None:
        known.ranking(
            [candidate for _, candidate in grid],
            f"{what} header",
            twice="given two columns; give each candidate one column",
        )
    rows: list[list[int]] = []
    weights: list[float] = []
    skipped: list[int] = []
    # a column headed 'weight' gives weights, which may be fractions; a count is whole
    weighted = count_position is not None and header[count_position].lower() == "weight"
    context: dict[str, object] = {"weights": weighted}
    for line_number, cells in records:
        count = {} if count_position is None else {"count": cells[count_position]}
        row: BallotRow | GridBallotRow
        if ranking is not None:
            listed = {"names": [n.strip() for n in cells[ranking].split(";") if n.strip()]}
            row = validate_row(
                BallotRow, listed | count, what=what, row=line_number, unit="line", context=context
            )
        elif grid is None:
            names = {"names": [cells[p] for p in rank_positions]}
            row = validate_row(
                BallotRow, names | count, what=what, row=line_number, unit="line", context=context
            )
        else:
            ranks = {"ranks": {candidate: cells[p] for p, candidate in grid}}
            row = validate_row(
                GridBallotRow,
                ranks | count,
                what=what,
                row=line_number,
                unit="line",
                context=context,
            )
            if row.skips:
                skipped.append(line_number)
        rows.append(known.ranking(row.names, f"{what} line {line_number}"))
        weights.append(row.count)
    _check_votes(what, rows, weights, "after the header")
    if skipped:
        warnings.warn(_skipped_note(what, skipped), InputWarning, stacklevel=2)
    case_note = known.case_note(what)
    if case_note is not None:
        warnings.warn(case_note, InputWarning, stacklevel=2)
    return Ballots.from_rankings(known.names, rows, weights, title=Path(name).stem)


def _check_votes(what: str, rows: list[list[int]], weights: list[float], where: str) -> None:
    """Refuse a file with nothing to count: no ballot ranking a candidate (``where`` says
    where the file's ballots go), or only ballots that count 0 (a count of no votes elects
    no one, where it "elected" the first candidate by lot).

    Raises:
        DataFormatError: saying which.
    """
    if not any(rows):  # none, or only blank ones
        raise DataFormatError(f"The {what} has no ballots ranking a candidate {where}.")
    if not any(weight > 0 for row, weight in zip(rows, weights, strict=True) if row):
        raise DataFormatError(
            f"The {what} has no votes to count: every ballot ranking a candidate has a count of 0."
        )


def _skipped_note(what: str, lines: list[int]) -> str:
    """The note for a grid's ballots whose ranks skip one."""
    shown = ", ".join(str(line) for line in lines[:5]) + (", ..." if len(lines) > 5 else "")
    return (
        f"The {what} has {counted(len(lines), 'ballot')} whose ranks skip one (line {shown}): "
        "each ranks its candidates in the order of their ranks."
    )


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
    _check_votes(what, rows, weights, "before its closing '0'")
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

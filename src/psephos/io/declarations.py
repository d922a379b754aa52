"""Results-night declaration feeds: seats' counts as they are declared (the nowcast's input).

Two formats, told apart by the first line:

* JSON lines, one declared seat per line::

      {"seat": "E14000530", "votes": {"Con": 20123, "Lab": 18001}}

  (``code`` is accepted for ``seat``), or candidate by candidate, so that two Independents stay
  two candidates::

      {"seat": "E14000530", "candidates": [{"name": "A. Smith", "party": "Ind", "votes": 9}]}

* CSV in the long format, one seat's rows together (with an optional ``candidate`` column, each
  row is then one candidate)::

      seat_code,party,votes
      E14000530,Con,20123
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from itertools import chain
from typing import TextIO

from pydantic import AliasChoices, Field, field_validator

from psephos.errors import DataFormatError
from psephos.io.rows import Row, csv_records, seat_votes, validate_row
from psephos.model import Candidate

COLUMNS = ("seat_code", "party", "votes")


class DeclarationRow(Row):
    """One party's count in one seat (CSV)."""

    seat_code: str = Field(min_length=1)
    party: str = Field(min_length=1)
    votes: float = Field(ge=0)

    @field_validator("votes", mode="before")
    @classmethod
    def _thousands(cls, value: object) -> object:
        return value.replace(",", "") if isinstance(value, str) else value

    @field_validator("votes")
    @classmethod
    def _plausible(cls, value: float) -> float:
        return seat_votes(value)


class CandidateCount(Row):
    """One candidate's count in a declared seat (JSON)."""

    name: str = ""
    party: str = Field(min_length=1)
    party_name: str = ""
    votes: int = Field(ge=0)

    @field_validator("votes")
    @classmethod
    def _plausible(cls, value: int) -> int:
        seat_votes(value)
        return value


class Declaration(Row):
    """One declared seat (a JSON line): party totals or a list of candidates."""

    seat: str = Field(min_length=1, validation_alias=AliasChoices("seat", "code"))
    votes: dict[str, float] | None = None
    candidates: list[CandidateCount] | None = None

    @field_validator("votes")
    @classmethod
    def _not_negative(cls, value: dict[str, float] | None) -> dict[str, float] | None:
        bad = [party for party, count in (value or {}).items() if count < 0]
        if bad:
            raise ValueError(f"negative votes for {', '.join(bad)}")
        for party, count in (value or {}).items():
            try:
                seat_votes(count)
            except ValueError as error:
                raise ValueError(f"votes for {party}: {error}") from None
        return value

    def counts(self) -> dict[str, float] | tuple[Candidate, ...]:
        """Party totals, or the candidates (party name defaulting to the party)."""
        if self.candidates is not None:
            return tuple(
                Candidate(c.name, c.party, c.party_name or c.party, c.votes)
                for c in self.candidates
            )
        if self.votes is None:
            raise DataFormatError("a declaration needs 'votes' or 'candidates'.")
        return dict(self.votes)


#: What one declared seat carries: party totals, or its candidates.
Counts = dict[str, float] | Sequence[Candidate]


def read_declarations(handle: TextIO) -> Iterator[tuple[str, Counts]]:
    """``(seat, {party: votes})`` or ``(seat, candidates)`` for each declared seat, in the order
    of the feed.

    Raises:
        DataFormatError: naming the bad line or row.
    """
    first = handle.readline()
    if not first:
        return
    lines = chain([first], handle)
    if first.lstrip().startswith("{"):
        yield from _json_lines(lines)
    else:
        yield from _csv_rows(lines)


def _json_lines(lines: Iterator[str]) -> Iterator[tuple[str, Counts]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as error:
            raise DataFormatError(
                f"declaration line {number} is not JSON ({error}); write "
                '{"seat": ..., "votes": {...}}.'
            ) from None
        declaration = validate_row(Declaration, record, what="declaration", row=number, unit="line")
        try:
            counts = declaration.counts()
        except DataFormatError as error:
            raise DataFormatError(f"declaration line {number}: {error}") from None
        yield declaration.seat, counts


def _csv_rows(lines: Iterator[str]) -> Iterator[tuple[str, Counts]]:
    header, records = csv_records(lines, what="declaration CSV", required=COLUMNS)
    by_candidate = "candidate" in header
    current: str | None = None
    votes: dict[str, float] = {}
    candidates: list[Candidate] = []
    for number, record in records:
        row = validate_row(DeclarationRow, record, what="declaration CSV", row=number)
        if current is not None and row.seat_code != current:
            yield current, (tuple(candidates) if by_candidate else votes)
            votes, candidates = {}, []
        current = row.seat_code
        if by_candidate:
            name = str(record.get("candidate") or "").strip()
            candidates.append(Candidate(name, row.party, row.party, round(row.votes)))
        else:
            votes[row.party] = votes.get(row.party, 0.0) + row.votes
    if current is not None:
        yield current, (tuple(candidates) if by_candidate else votes)

"""Results-night declaration feeds: seats' counts as they are declared (the nowcast's input).

Two formats, told apart by the first line:

* JSON lines, one declared seat per line::

      {"seat": "E14000530", "votes": {"Con": 20123, "Lab": 18001}}

  (``code`` is accepted for ``seat``);
* CSV in the long format, one seat's rows together::

      seat_code,party,votes
      E14000530,Con,20123
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import chain
from typing import TextIO

from pydantic import AliasChoices, Field, field_validator

from psephos.errors import DataFormatError
from psephos.io.rows import Row, csv_records, validate_row

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


class Declaration(Row):
    """One declared seat (a JSON line)."""

    seat: str = Field(min_length=1, validation_alias=AliasChoices("seat", "code"))
    votes: dict[str, float]

    @field_validator("votes")
    @classmethod
    def _not_negative(cls, value: dict[str, float]) -> dict[str, float]:
        bad = [party for party, count in value.items() if count < 0]
        if bad:
            raise ValueError(f"negative votes for {', '.join(bad)}")
        return value


def read_declarations(handle: TextIO) -> Iterator[tuple[str, dict[str, float]]]:
    """``(seat, {party: votes})`` for each declared seat, in the order of the feed.

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


def _json_lines(lines: Iterator[str]) -> Iterator[tuple[str, dict[str, float]]]:
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
        yield declaration.seat, dict(declaration.votes)


def _csv_rows(lines: Iterator[str]) -> Iterator[tuple[str, dict[str, float]]]:
    _, records = csv_records(lines, what="declaration CSV", required=COLUMNS)
    current: str | None = None
    votes: dict[str, float] = {}
    for number, record in records:
        row = validate_row(DeclarationRow, record, what="declaration CSV", row=number)
        if current is not None and row.seat_code != current:
            yield current, votes
            votes = {}
        current = row.seat_code
        votes[row.party] = votes.get(row.party, 0.0) + row.votes
    if current is not None:
        yield current, votes

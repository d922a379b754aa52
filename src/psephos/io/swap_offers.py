"""Vote-swap offer files: voters offering to vote for another party where it helps more.

Format (CSV with a header)::

    seat,preferred,willing
    E14000727,Green,Lab

``seat`` is an ONS code or name (a seat of the other boundary set is followed as ``advise``
follows it, with a note: :func:`psephos.tactical.swaps.aggregate_offers`); ``preferred`` the
party the voter would like to vote for, ``willing`` the party they will vote for in exchange
(it must stand in the seat, and ``preferred`` may not be an Independent or Other: checked
against the election when the offers are matched, :func:`psephos.tactical.swaps.aggregate_offers`).
A file with no rows (its header saved alone) is refused: there is nothing to match.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from pydantic import Field, model_validator

from psephos.io.rows import Row, file_named, parse_rows, read_file

COLUMNS = ("seat", "preferred", "willing")
#: What messages call the file (:func:`psephos.io.rows.file_named`).
WHAT = "swap-offer file"


class SwapOfferRow(Row):
    """One offer; the two parties must differ."""

    seat: str = Field(min_length=1)
    preferred: str = Field(min_length=1)
    willing: str = Field(min_length=1)

    @model_validator(mode="after")
    def _different(self) -> SwapOfferRow:
        if self.preferred.lower() == self.willing.lower():
            raise ValueError("preferred and willing parties are the same")
        return self


def read_swap_offers(path: str | Path) -> pd.DataFrame:
    """Offers as a table with columns ``seat``, ``preferred``, ``willing`` (one row each),
    indexed by their row of the file (``row``: the header is row 1), so a later error can
    name the row.

    Raises:
        DataFormatError: no such file, a missing column, an invalid row (named by number), or
            no rows at all.
    """
    read = read_file(path, what=WHAT)
    return parse_swap_offers(read.text, name=read.name)


def parse_swap_offers(text: str, *, name: str) -> pd.DataFrame:
    """:func:`read_swap_offers` for text already in memory (an upload called ``name`` in
    messages).

    Raises:
        DataFormatError: a missing column, an invalid row (named by number), or no rows at all.
    """
    what = file_named(WHAT, name)
    rows = parse_rows(
        text,
        SwapOfferRow,
        what=what,
        required=COLUMNS,
        empty="no offers; give a seat,preferred,willing row for each voter offering a swap "
        "(the seat they vote in, the party they prefer, the party they will vote for in "
        "exchange)",
    )
    return pd.DataFrame(
        [row.model_dump() for _, row in rows],
        columns=list(COLUMNS),
        index=pd.Index([number for number, _ in rows], name="row", dtype="int64"),
    )

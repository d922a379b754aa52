"""Next-preference (transfer) files for the AV/STV models: who each party's voters rank next.

Format (CSV with a header), ``share`` in percent of ``from``'s voters::

    from,to,share
    Lab,LD,40
    Lab,none,30

``to`` = ``none`` (or ``plump``, ``exhaust``, blank) gives the share who rank nobody else.
Party names go through :func:`psephos.model.get_party` (aliases accepted). A share is a percent
of one party's voters, so no share is above 100, a party's shares sum to at most 100%
(:func:`row_total_refusal`, the one rule of a row of transfers, a pact's rates' too), and no
party transfers to itself (``Green,Green,100``: its voters' next preference is another party).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import Field, field_validator, model_validator

from psephos.errors import DataFormatError
from psephos.io.rows import (
    Row,
    file_named,
    parse_rows,
    party_cell,
    read_file,
    refuse_repeated_rows,
)
from psephos.numbers import format_number

COLUMNS = ("from", "to", "share")
_PLUMP = ("none", "plump", "exhaust", "")


class TransferRow(Row):
    """One share: ``share`` percent of ``source``'s voters rank ``target`` next (``None``:
    nobody), ``target`` another party than ``source``."""

    source: str = Field(alias="from")
    target: str | None = Field(alias="to")
    share: float = Field(ge=0)

    @field_validator("source")
    @classmethod
    def _source(cls, value: str) -> str:
        return party_cell(value)

    @field_validator("share")
    @classmethod
    def _share(cls, value: float) -> float:
        if value > 100:
            raise ValueError(
                "more than 100%; a share is the percent of the 'from' party's voters who rank "
                "the 'to' party next"
            )
        return value

    @field_validator("target", mode="before")
    @classmethod
    def _target(cls, value: object) -> str | None:
        text = str(value or "").strip()
        return None if text.lower() in _PLUMP else party_cell(text)

    @model_validator(mode="after")
    def _another_party(self) -> TransferRow:
        if self.target == self.source:
            raise ValueError(
                f"to: {self.target} is the 'from' party; a party cannot transfer to itself "
                "(its voters' next preference is another party, or none)"
            )
        return self


def row_total_refusal(source: str, total_percent: float, *, rest: str) -> str | None:
    """The one rule of a party's row of transfers, wherever its shares are given (a transfer
    file's rows, :func:`read_transfer_rates`; a pact's rates, ``psephos pact --transfer``):
    they are shares of one party's voters, so they sum to at most 100%, the rest being
    ``rest`` ("abstain", "rank nobody else"). The refusal in words where they sum to more
    (``"the transfers from LD sum to 120.0%, ..."``), else ``None``."""
    if total_percent <= 100 * (1 + 1e-9):
        return None
    return (
        f"the transfers from {source} sum to {format_number(total_percent, '.1f')}%; the "
        f"shares of one party's voters sum to at most 100% (the rest {rest})"
    )


def _rates(
    rows: Iterable[tuple[int, TransferRow]], what: str
) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    weights: dict[str, dict[str, float]] = {}
    plump: dict[str, float] = {}
    rows = list(rows)
    refuse_repeated_rows(
        rows,
        lambda row: (row.source, row.target),
        lambda earlier, other, line, row: (
            f"The {what} rows {earlier} and {line}: {_pair_words(row)} given twice "
            f"({format_number(other.share, 'g')}% and {format_number(row.share, 'g')}%); "
            "give each once."
        ),
    )
    for _line, row in rows:
        if row.target is None:
            plump[row.source] = row.share
        else:
            weights.setdefault(row.source, {})[row.target] = row.share
    for source in dict.fromkeys([*weights, *plump]):
        total = sum(weights.get(source, {}).values()) + plump.get(source, 0.0)
        refusal = row_total_refusal(source, total, rest="rank nobody else")
        if refusal is not None:
            raise DataFormatError(f"The {what}: {refusal}.")
    return weights, plump


def _pair_words(row: TransferRow) -> str:
    """What a row gives, in words, for the refusal of a row given twice."""
    if row.target is None:
        return f"the share of {row.source}'s voters who rank nobody else is"
    return f"the transfer {row.source}>{row.target} is"


def read_transfer_rates(
    path: str | Path,
) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """Weights (``rows[from][to]``, percent) and plump shares (percent) from a transfer CSV.

    Raises:
        DataFormatError: no such file, a missing column, an unknown party, a bad share
            (above 100) or a party transferring to itself, naming the row; the same two
            parties (or plumpers) on two rows, under any names, naming both; a party's shares
            summing above 100%.
    """
    read = read_file(path, what="transfer file")
    return parse_transfer_rates(read.text, name=read.name)


def parse_transfer_rates(
    text: str, *, name: str
) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """:func:`read_transfer_rates` for text already in memory (an upload called ``name`` in
    messages).

    Raises:
        DataFormatError: a missing column, an unknown party, a bad share (above 100) or a
            party transferring to itself, naming the row; a party's shares summing above 100%.
    """
    what = file_named("transfer file", name)
    return _rates(parse_rows(text, TransferRow, what=what, required=COLUMNS), what)

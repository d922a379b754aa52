"""Next-preference (transfer) files for the AV/STV models: who each party's voters rank next.

Format (CSV with a header), ``share`` in percent of ``from``'s voters::

    from,to,share
    Lab,LD,40
    Lab,none,30

``to`` = ``none`` (or ``plump``, ``exhaust``, blank) gives the share who rank nobody else.
Party names go through :func:`psephos.model.get_party` (aliases accepted).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import Field, field_validator

from psephos.io.rows import Row, file_named, parse_rows, party_cell, read_rows

COLUMNS = ("from", "to", "share")
_PLUMP = ("none", "plump", "exhaust", "")


class TransferRow(Row):
    """One share: ``share`` percent of ``source``'s voters rank ``target`` next (``None``:
    nobody)."""

    source: str = Field(alias="from")
    target: str | None = Field(alias="to")
    share: float = Field(ge=0)

    @field_validator("source")
    @classmethod
    def _source(cls, value: str) -> str:
        return party_cell(value)

    @field_validator("target", mode="before")
    @classmethod
    def _target(cls, value: object) -> str | None:
        text = str(value or "").strip()
        return None if text.lower() in _PLUMP else party_cell(text)


def _rates(
    rows: Iterable[tuple[int, TransferRow]],
) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    weights: dict[str, dict[str, float]] = {}
    plump: dict[str, float] = {}
    for _, row in rows:
        if row.target is None:
            plump[row.source] = row.share
        else:
            weights.setdefault(row.source, {})[row.target] = row.share
    return weights, plump


def read_transfer_rates(
    path: str | Path,
) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """Weights (``rows[from][to]``, percent) and plump shares (percent) from a transfer CSV.

    Raises:
        DataFormatError: no such file, a missing column, an unknown party or a bad share,
            naming the row.
    """
    return _rates(read_rows(path, TransferRow, what="transfer file", required=COLUMNS))


def parse_transfer_rates(
    text: str, *, name: str
) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """:func:`read_transfer_rates` for text already in memory (an upload called ``name`` in
    messages).

    Raises:
        DataFormatError: a missing column, an unknown party or a bad share, naming the row.
    """
    return _rates(
        parse_rows(text, TransferRow, what=file_named("transfer file", name), required=COLUMNS)
    )

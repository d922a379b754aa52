"""Tables psephos wrote, read back: a volunteer plan (``psephos allocate --plan``), the swaps
found (``psephos swap --format csv``) and who swaps with whom (``psephos swap --pairs``).

A web page holds the table it showed and posts it back for download, so the server keeps
nothing; what comes back is checked against the writer's own columns before it is written out
again, so a download carries nothing else. Each table's columns are declared once, beside
the code that writes it (:data:`psephos.targeting.allocate.ASSIGNMENT_COLUMNS`,
:data:`psephos.tactical.swaps.ROW_COLUMNS`, :data:`~psephos.tactical.swaps.PAIR_COLUMNS`);
the row schema (:func:`row_schema`) is made from them: every cell text, a row with more cells
than its header refused (:class:`~psephos.io.rows.FittedRow`). The header must start with
the table's columns, in order, and hold nothing but them and its optional ones (the personal
columns an organiser asked for).
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Sequence
from typing import Any

from pydantic import ConfigDict, create_model

from psephos.errors import DataFormatError
from psephos.io.rows import FittedRow, validate_row


class OwnTableRow(FittedRow):
    """Base of a row of a table psephos wrote: cells are kept as written (not stripped)."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=False, extra="ignore")


@functools.cache
def row_schema(columns: tuple[str, ...]) -> type[OwnTableRow]:
    """The row schema of a table with these columns: each a text cell, blank when the row
    lacks it."""
    fields: dict[str, Any] = dict.fromkeys(columns, (str, ""))
    name = "OwnTableRow_" + "_".join(columns)
    return create_model(name, __base__=OwnTableRow, **fields)


def read_own_table(
    text: str, columns: Sequence[str], *, optional: Sequence[str] = (), what: str
) -> list[dict[str, str]]:
    """The rows of a table psephos wrote, as ``{column: cell}`` for the columns its header
    has.

    Args:
        text: The table as CSV text.
        columns: The writer's columns: the header must start with them, in order.
        optional: Columns it may have after them (and no others).
        what: The table, as a refusal names it (``"volunteer plan"``).

    Raises:
        DataFormatError: a header that is not the table's ("Not a volunteer plan: ..."), or a
            row with more cells than the header ("volunteer plan row 3: ...").
    """
    lines = csv.reader(io.StringIO(text))
    header = tuple(next(lines, []))
    allowed = (*columns, *optional)
    if (
        header[: len(columns)] != tuple(columns)
        or any(column not in allowed for column in header)
        or len(set(header)) != len(header)
    ):
        raise DataFormatError(
            f"Not a {what}: its header must be {', '.join(columns)}"
            + (f", then any of {', '.join(optional)}" if optional else "")
            + "."
        )
    schema = row_schema(allowed)
    rows = []
    for number, cells in enumerate(lines, start=2):
        if not cells:
            continue  # a blank line, as csv.DictReader skips it
        record: dict[str, str] = dict(zip(header, cells, strict=False))
        if len(cells) > len(header):
            record["__extra__"] = f"{len(cells)} fields, more than the header's {len(header)}"
        row = validate_row(schema, record, what=what, row=number)
        rows.append({column: getattr(row, column) for column in header})
    return rows
